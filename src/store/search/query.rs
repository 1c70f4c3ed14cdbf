//! The query language: words (all must match), `"phrases"`, `prefix*`, `AND`, `OR`,
//! `NOT` and parentheses, parsed into a [`Query`] that both indexes evaluate.

use crate::error::{Error, Result};
use crate::text::is_cjk;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// A word or a `"quoted phrase"`, optionally a prefix (`consult*`, `"member stud"*`).
    Term { text: String, prefix: bool },
    /// Every part must match (`a b`, `a AND b`).
    And(Vec<Query>),
    /// Any part matches (`a OR b`).
    Or(Vec<Query>),
    /// The left side matches and the right does not (`a NOT b`).
    Not(Box<Query>, Box<Query>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Term { text: String, prefix: bool },
    Open,
    Close,
    And,
    Or,
    Not,
}

pub(super) fn bad(query: &str, reason: impl Into<String>) -> Error {
    Error::BadQuery { query: query.to_string(), reason: reason.into() }
}

fn lex(query: &str) -> Result<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' {
            chars.next();
            out.push(Token::Open);
        } else if c == ')' {
            chars.next();
            out.push(Token::Close);
        } else if c == '"' {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        text.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    text.push(c);
                }
            }
            if !closed {
                return Err(bad(query, "unterminated phrase: a \" is not closed"));
            }
            let prefix = chars.peek() == Some(&'*');
            if prefix {
                chars.next();
            }
            out.push(Token::Term { text, prefix });
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            match word.as_str() {
                "AND" => out.push(Token::And),
                "OR" => out.push(Token::Or),
                "NOT" => out.push(Token::Not),
                _ => {
                    let prefix = word.ends_with('*');
                    let text = word.trim_end_matches('*').to_string();
                    if text.is_empty() {
                        return Err(bad(query, "a * must follow a word (consult*)"));
                    }
                    out.push(Token::Term { text, prefix });
                }
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    query: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Query> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Query::Or(parts) })
    }

    fn and(&mut self) -> Result<Query> {
        let mut parts = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.at += 1;
                    parts.push(self.not()?);
                }
                Some(Token::Term { .. } | Token::Open) => parts.push(self.not()?),
                _ => break,
            }
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Query::And(parts) })
    }

    fn not(&mut self) -> Result<Query> {
        let mut left = self.primary()?;
        while self.peek() == Some(&Token::Not) {
            self.at += 1;
            let right = self.primary()?;
            left = Query::Not(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Query> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        match token {
            Some(Token::Term { text, prefix }) => Ok(Query::Term { text, prefix }),
            Some(Token::Open) => {
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(bad(self.query, "a ( is not closed"));
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Close) => Err(bad(self.query, "unexpected )")),
            Some(Token::And) => Err(bad(self.query, "AND needs a term on each side")),
            Some(Token::Or) => Err(bad(self.query, "OR needs a term on each side")),
            Some(Token::Not) => Err(bad(self.query, "NOT needs a term on each side (a NOT b)")),
            None => Err(bad(self.query, "the query ends where a term was expected")),
        }
    }
}

/// Whether a term has anything an index can match: a letter, digit or CJK character.
fn searchable(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Drops terms with nothing searchable in them (`&`, `—`); `None` if nothing is left.
fn prune(q: Query) -> Option<Query> {
    match q {
        Query::Term { ref text, .. } => searchable(text).then_some(q),
        Query::And(parts) | Query::Or(parts) if parts.is_empty() => None,
        Query::And(parts) => {
            let mut kept: Vec<Query> = parts.into_iter().filter_map(prune).collect();
            match kept.len() {
                0 => None,
                1 => kept.pop(),
                _ => Some(Query::And(kept)),
            }
        }
        Query::Or(parts) => {
            let mut kept: Vec<Query> = parts.into_iter().filter_map(prune).collect();
            match kept.len() {
                0 => None,
                1 => kept.pop(),
                _ => Some(Query::Or(kept)),
            }
        }
        Query::Not(left, right) => match (prune(*left), prune(*right)) {
            (Some(l), Some(r)) => Some(Query::Not(Box::new(l), Box::new(r))),
            (Some(l), None) => Some(l),
            (None, _) => None,
        },
    }
}

/// Parses a search query: words (all must match), `"phrases"`, `prefix*`, `AND`, `OR`,
/// `NOT` (upper case; binary: `a NOT b`), parentheses. Precedence as in FTS5: `NOT`,
/// then `AND`, then `OR`. Other punctuation is part of a word and ignored by the index
/// (`committee-member` is the phrase `"committee member"`). Bad syntax is
/// [`Error::BadQuery`].
pub fn parse_query(query: &str) -> Result<Query> {
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Err(bad(query, "empty query"));
    }
    let mut parser = Parser { query, tokens, at: 0 };
    let q = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(bad(query, "unexpected ) or operator"));
    }
    prune(q).ok_or_else(|| bad(query, "no searchable words in the query"))
}

impl Query {
    /// The query as an FTS5 expression for the word index: every term quoted.
    pub fn to_fts(&self) -> String {
        match self {
            Query::Term { text, prefix } => {
                format!("\"{}\"{}", text.replace('"', "\"\""), if *prefix { "*" } else { "" })
            }
            Query::And(parts) => format!("({})", parts.iter().map(Query::to_fts).collect::<Vec<_>>().join(" AND ")),
            Query::Or(parts) => format!("({})", parts.iter().map(Query::to_fts).collect::<Vec<_>>().join(" OR ")),
            Query::Not(l, r) => format!("({} NOT {})", l.to_fts(), r.to_fts()),
        }
    }

    pub(super) fn has_cjk(&self) -> bool {
        match self {
            Query::Term { text, .. } => text.chars().any(is_cjk),
            Query::And(parts) | Query::Or(parts) => parts.iter().any(Query::has_cjk),
            Query::Not(l, r) => l.has_cjk() || r.has_cjk(),
        }
    }

    pub(super) fn has_prefix(&self) -> bool {
        match self {
            Query::Term { prefix, .. } => *prefix,
            Query::And(parts) | Query::Or(parts) => parts.iter().any(Query::has_prefix),
            Query::Not(l, r) => l.has_prefix() || r.has_prefix(),
        }
    }

    /// Terms that count towards a match (not under the right side of a `NOT`).
    pub(super) fn positive_terms<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Query::Term { text, .. } => out.push(text),
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.positive_terms(out)),
            Query::Not(l, _) => l.positive_terms(out),
        }
    }
}

/// Where the error of a statement running an FTS5 expression comes from: a syntax error
/// the parser let through becomes [`Error::BadQuery`].
pub(super) fn fts_error(query: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) if f.code == rusqlite::ErrorCode::Unknown => bad(query, msg),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(q: &str) -> Result<String> {
        Ok(parse_query(q)?.to_fts())
    }

    #[test]
    fn plain_words_are_quoted_and_all_required() -> Result<()> {
        assert_eq!(fts("living room")?, "(\"living\" AND \"room\")");
        assert_eq!(fts("committee-member")?, "\"committee-member\"");
        assert_eq!(fts("Q&A")?, "\"Q&A\"");
        assert_eq!(fts("and or not")?, "(\"and\" AND \"or\" AND \"not\")");
        Ok(())
    }

    #[test]
    fn phrases_prefixes_and_operators_follow_fts5_precedence() -> Result<()> {
        assert_eq!(fts("\"living room\" consult*")?, "(\"living room\" AND \"consult\"*)");
        assert_eq!(fts("\"member stud\"*")?, "\"member stud\"*");
        assert_eq!(fts("a OR b c")?, "(\"a\" OR (\"b\" AND \"c\"))");
        assert_eq!(fts("a b NOT c")?, "(\"a\" AND (\"b\" NOT \"c\"))");
        assert_eq!(fts("(a OR b) AND NOT_x")?, "((\"a\" OR \"b\") AND \"NOT_x\")");
        assert_eq!(fts("a & b")?, "(\"a\" AND \"b\")");
        Ok(())
    }

    #[test]
    fn bad_syntax_is_a_bad_query() {
        for q in ["", "   ", "\"open", "(a", "a)", "a OR", "NOT a", "a AND AND b", "*", "—", "()"] {
            assert!(matches!(parse_query(q), Err(Error::BadQuery { .. })), "{q:?} must be refused");
        }
    }
}

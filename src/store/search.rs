//! Full-text search: a small query language (words, `"phrases"`, `prefix*`, `AND`,
//! `OR`, `NOT`, parentheses) compiled to FTS5, filters by date, place, person and
//! platform, one hit per story on request, and Chinese text through a trigram index.
//!
//! Two indexes answer queries (see `sql/migrations/0004_search.sql`):
//!
//! - `articles_fts`, words with Porter stemming, for everything without CJK characters.
//!   Ranked with bm25 (the title weighted 10x): computed from the posting lists of
//!   `search_postings` (see `topk`), or inside FTS5 (`ORDER BY rank`) when they do not
//!   apply. Snippets are computed only for the hits returned, with each prefix spelled
//!   out as the `OR` of its expansions (FTS5 merges a prefix's doclists again for every
//!   row looked up); in one pass over the matches when it cannot be spelled out.
//! - `articles_cjk`, trigrams over the CJK runs of each article. A query term holding a
//!   CJK character is a substring search there; one- and two-character terms (shorter
//!   than a trigram) scan that small table with `instr`.
//!
//! A query mixing both kinds is evaluated term by term on the two indexes and combined
//! in Rust; its rank adds the bm25 of the word part and of the CJK part.

use std::collections::{HashMap, HashSet};

use rusqlite::functions::FunctionFlags;
use rusqlite::{named_params, Connection};

use super::query::{Column, Table};
use super::schema::sql_file;
pub(crate) use super::topk::{is_fresh, refresh};
use super::Corpus;
use crate::error::{Error, Result};
use crate::extract::{person_key, Division, Gazetteer, Level};
use crate::model::SearchHit;

const SEARCH_WORDS: &str = sql_file!("queries/search_words.sql");
const SEARCH_SNIPPET: &str = sql_file!("queries/search_snippet.sql");
const SEARCH_SNIPPETS: &str = sql_file!("queries/search_snippets.sql");
const SEARCH_ARTICLE: &str = sql_file!("queries/search_article.sql");
const SEARCH_STORY: &str = sql_file!("queries/search_story.sql");
const SEARCH_CJK: &str = sql_file!("queries/search_cjk.sql");
const SEARCH_CJK_SCAN: &str = sql_file!("queries/search_cjk_scan.sql");
const FILTER_DATES: &str = sql_file!("queries/search_filter_dates.sql");
const FILTER_PLACES: &str = sql_file!("queries/search_filter_places.sql");
const FILTER_PERSON: &str = sql_file!("queries/search_filter_person.sql");
const FILTER_PLATFORM: &str = sql_file!("queries/search_filter_platform.sql");
const HIT_PLACES: &str = sql_file!("queries/search_hit_places.sql");
const HIT_PERSON: &str = sql_file!("queries/search_hit_person.sql");
const HIT_PLATFORMS: &str = sql_file!("queries/search_hit_platforms.sql");

/// Title matches weigh this many body matches, in every rank.
const TITLE_WEIGHT: f64 = 10.0;

/// What [`Corpus::search_with`] filters on and returns. Field names match the Python
/// keyword arguments of `Corpus.search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Published on or after this ISO date (`2023`, `2023-05` or `2023-05-01`; a
    /// partial date means its first day). Articles without a date are left out.
    pub since: Option<String>,
    /// Published on or before this ISO date (a partial date means its last day).
    pub until: Option<String>,
    /// An adcode (`330400`) or a place name (`Jiaxing`, `Jiaxing City`, `嘉兴`, `嘉兴市`):
    /// articles naming that division or any division inside it.
    pub place: Option<String>,
    /// A person's name (`Ge Huijun`; case and tone marks do not matter).
    pub person: Option<String>,
    /// A platform: glossary concept (`platform.committee_living_room` or
    /// `committee_living_room`), its Chinese term (`委员会客厅`), or words of the text as
    /// printed (`living room`).
    pub platform: Option<String>,
    /// Maximum number of hits.
    pub limit: usize,
    /// Keep only the best hit of each story (syndicated copies).
    pub collapse: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            since: None,
            until: None,
            place: None,
            person: None,
            platform: None,
            limit: 20,
            collapse: false,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The query language

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

fn bad(query: &str, reason: impl Into<String>) -> Error {
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

    fn has_cjk(&self) -> bool {
        match self {
            Query::Term { text, .. } => text.chars().any(is_cjk),
            Query::And(parts) | Query::Or(parts) => parts.iter().any(Query::has_cjk),
            Query::Not(l, r) => l.has_cjk() || r.has_cjk(),
        }
    }

    fn has_prefix(&self) -> bool {
        match self {
            Query::Term { prefix, .. } => *prefix,
            Query::And(parts) | Query::Or(parts) => parts.iter().any(Query::has_prefix),
            Query::Not(l, r) => l.has_prefix() || r.has_prefix(),
        }
    }

    /// Terms that count towards a match (not under the right side of a `NOT`).
    fn positive_terms<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Query::Term { text, .. } => out.push(text),
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.positive_terms(out)),
            Query::Not(l, _) => l.positive_terms(out),
        }
    }
}

// ---------------------------------------------------------------------------------------
// CJK text

/// Whether `c` is a CJK character: Han ideographs (with extensions and compatibility
/// forms), kana, hangul, bopomofo, CJK punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// The CJK runs of a text, as stored in the trigram index: each whitespace-separated
/// piece holding a CJK character, pieces that were adjacent joined by a space, others by
/// a line break. `None` when the text has no CJK character.
///
/// ```
/// assert_eq!(
///     xieshang::store::cjk_runs("the committee living room (委员会客厅) and 政协 委员").as_deref(),
///     Some("(委员会客厅)\n政协 委员")
/// );
/// assert_eq!(xieshang::store::cjk_runs("no Chinese here"), None);
/// ```
pub fn cjk_runs(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let mut out = String::new();
    let mut adjacent = false;
    for piece in text.split_whitespace() {
        if piece.chars().any(is_cjk) {
            if !out.is_empty() {
                out.push(if adjacent { ' ' } else { '\n' });
            }
            out.push_str(piece);
            adjacent = true;
        } else {
            adjacent = false;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Registers xieshang's SQL functions on a connection: `xieshang_cjk(text)` (see
/// [`cjk_runs`]), which the migrations and the `articles_cjk` triggers call. A program
/// that writes to `articles` through its own rusqlite connection must call this first.
pub fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "xieshang_cjk",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.as_deref().and_then(cjk_runs))
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Filters

/// A validated ISO date bound, padded to a full day: the first day for `since`, the last
/// possible day for `until` (day 31 is a bound, not a date: it compares correctly).
fn date_bound(value: &str, end: bool) -> Result<String> {
    let v = value.trim();
    let bad = || Error::BadArgument(format!("{value:?} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"));
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Ok(if end { format!("{y}-12-31") } else { format!("{y}-01-01") }),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            chrono::NaiveDate::parse_from_str(&format!("{y}-{m}-01"), "%Y-%m-%d").map_err(|_| bad())?;
            Ok(if end { format!("{y}-{m}-31") } else { format!("{y}-{m}-01") })
        }
        [_, _, _] => {
            // Accept a datetime's date part (2023-05-01T12:00:00).
            let day = v.get(..10).unwrap_or(v);
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad())?;
            Ok(day.to_string())
        }
        _ => Err(bad()),
    }
}

/// The adcode prefix covering a division and everything inside it: `330000` → `33`,
/// `330400` → `3304`, `330402` → `330402`, `330402001` → itself.
fn adcode_prefix(adcode: &str) -> &str {
    if adcode.len() == 6 {
        let mut p = adcode;
        while p.len() > 2 && p.ends_with("00") {
            p = &p[..p.len() - 2];
        }
        p
    } else {
        adcode
    }
}

/// `[lo, hi)` bounds of the codes starting with `prefix` (codes are ASCII digits).
fn prefix_range(prefix: &str) -> (String, String) {
    let mut hi = prefix.as_bytes().to_vec();
    if let Some(last) = hi.last_mut() {
        *last += 1;
    }
    (prefix.to_string(), String::from_utf8_lossy(&hi).into_owned())
}

/// The divisions a place argument names: an adcode, a pinyin name with or without its
/// level word, or a Chinese name with or without 市/省/区/县.
fn resolve_place(place: &str) -> Result<Vec<String>> {
    let p = place.trim();
    let gaz = Gazetteer::embedded();
    if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
        return match gaz.get(p) {
            Some(d) => Ok(vec![d.adcode.clone()]),
            None if p.len() == 6 || p.len() == 9 || p.len() == 12 => Ok(vec![p.to_string()]),
            None => Err(Error::BadArgument(format!("{place:?} is not an administrative code (6 or 9 digits)"))),
        };
    }
    let mut found: Vec<&Division> = if p.chars().any(is_cjk) {
        let mut v = gaz.lookup_zh(p);
        for suffix in ["市", "省", "区", "县", "自治区", "自治州", "盟", "旗", "镇", "乡", "街道"] {
            if v.is_empty() {
                v = gaz.lookup_zh(&format!("{p}{suffix}"));
            }
        }
        v
    } else {
        let v = gaz.lookup(p);
        if v.is_empty() {
            gaz.lookup_with_suffix(p)
        } else {
            v
        }
    };
    if found.is_empty() {
        return Err(Error::BadArgument(format!("no place named {place:?} in the gazetteer")));
    }
    // A name shared by a city and a township means the city.
    if found.iter().any(|d| d.level != Level::Township) {
        found.retain(|d| d.level != Level::Township);
    }
    found.sort_by(|a, b| a.adcode.cmp(&b.adcode));
    Ok(found.into_iter().map(|d| d.adcode.clone()).collect())
}

/// The filters of one search, resolved.
struct Filters {
    dates: Option<(String, String)>,
    /// `[lo, hi)` adcode ranges.
    places: Vec<(String, String)>,
    person: Option<String>,
    platform: Option<String>,
}

impl Filters {
    fn new(o: &SearchOptions) -> Result<Filters> {
        let since = o.since.as_deref().map(|s| date_bound(s, false)).transpose()?;
        let until = o.until.as_deref().map(|s| date_bound(s, true)).transpose()?;
        let dates = match (since, until) {
            (None, None) => None,
            (s, u) => Some((s.unwrap_or_else(|| "0000-01-01".into()), u.unwrap_or_else(|| "9999-12-31".into()))),
        };
        let mut places: Vec<(String, String)> = Vec::new();
        if let Some(p) = &o.place {
            let mut prefixes: Vec<String> =
                resolve_place(p)?.iter().map(|code| adcode_prefix(code).to_string()).collect();
            prefixes.sort();
            prefixes.dedup();
            // Drop prefixes inside another one (a city and its province both named Xyz).
            let kept: Vec<String> = prefixes
                .iter()
                .filter(|p| !prefixes.iter().any(|q| q != *p && p.starts_with(q.as_str())))
                .cloned()
                .collect();
            places = kept.iter().map(|p| prefix_range(p)).collect();
        }
        let person = match o.person.as_deref().map(str::trim) {
            Some("") => return Err(Error::BadArgument("empty person name".into())),
            Some(name) => Some(person_key(name)),
            None => None,
        };
        let platform = match o.platform.as_deref().map(str::trim) {
            Some("") => return Err(Error::BadArgument("empty platform".into())),
            Some(p) => Some(p.to_string()),
            None => None,
        };
        Ok(Filters { dates, places, person, platform })
    }

    fn is_empty(&self) -> bool {
        self.dates.is_none() && self.places.is_empty() && self.person.is_none() && self.platform.is_none()
    }

    /// The articles every filter allows, or `None` when there is no filter.
    fn allowed(&self, conn: &Connection) -> Result<Option<HashSet<i64>>> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut sets: Vec<HashSet<i64>> = Vec::new();
        let pks = |sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]| -> Result<HashSet<i64>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params, |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<HashSet<i64>>>()?)
        };
        if let Some((since, until)) = &self.dates {
            sets.push(pks(FILTER_DATES, named_params! {":since": since, ":until": until})?);
        }
        if !self.places.is_empty() {
            let mut set = HashSet::new();
            for (lo, hi) in &self.places {
                set.extend(pks(FILTER_PLACES, named_params! {":lo": lo, ":hi": hi})?);
            }
            sets.push(set);
        }
        if let Some(key) = &self.person {
            sets.push(pks(FILTER_PERSON, named_params! {":key": key})?);
        }
        if let Some(platform) = &self.platform {
            sets.push(pks(FILTER_PLATFORM, named_params! {":platform": platform})?);
        }
        sets.sort_by_key(HashSet::len);
        let mut it = sets.into_iter();
        let first = it.next().unwrap_or_default();
        Ok(Some(it.fold(first, |acc, s| acc.into_iter().filter(|pk| s.contains(pk)).collect())))
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation

/// Where the error of a statement running an FTS5 expression comes from: a syntax error
/// the parser let through becomes [`Error::BadQuery`].
pub(super) fn fts_error(query: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) if f.code == rusqlite::ErrorCode::Unknown => bad(query, msg),
        other => other.into(),
    }
}

/// Candidates in rank order (lower is better), each with its rank.
type Ranked = Vec<(i64, f64)>;

/// Runs an FTS5 expression on the word index, best first, and calls `take` on each
/// match until it returns `false`.
pub(super) fn stream_words(conn: &Connection, fts: &str, mut take: impl FnMut(i64, f64) -> Result<bool>) -> Result<()> {
    let err = fts_error(fts);
    let mut stmt = conn.prepare_cached(SEARCH_WORDS)?;
    let mut rows = stmt.query(named_params! {":query": fts}).map_err(&err)?;
    while let Some(row) = rows.next().map_err(&err)? {
        if !take(row.get(0)?, row.get(1)?)? {
            break;
        }
    }
    Ok(())
}

/// Every match of an FTS5 expression on the word index with its rank.
fn word_ranks(conn: &Connection, fts: &str) -> Result<HashMap<i64, f64>> {
    let mut out = HashMap::new();
    stream_words(conn, fts, |pk, rank| {
        out.insert(pk, rank);
        Ok(true)
    })?;
    Ok(out)
}

/// The CJK search text of a term: its characters as printed, whitespace folded.
fn cjk_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Matches of one CJK term with a rank: bm25 on the trigram index for three or more
/// characters, otherwise minus its weighted occurrence count (no index can rank a
/// one- or two-character string).
fn cjk_term(conn: &Connection, text: &str) -> Result<HashMap<i64, f64>> {
    let needle = cjk_text(text);
    let mut out = HashMap::new();
    if needle.chars().count() >= 3 {
        let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
        let err = fts_error(text);
        let mut stmt = conn.prepare_cached(SEARCH_CJK)?;
        let mut rows = stmt.query(named_params! {":query": phrase}).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            out.insert(row.get(0)?, row.get(1)?);
        }
    } else {
        let mut stmt = conn.prepare_cached(SEARCH_CJK_SCAN)?;
        let mut rows = stmt.query(named_params! {":text": needle})?;
        while let Some(row) = rows.next()? {
            let title: Option<String> = row.get(1)?;
            let body: Option<String> = row.get(2)?;
            let count = |s: &Option<String>| s.as_deref().map_or(0, |s| s.matches(needle.as_str()).count()) as f64;
            out.insert(row.get(0)?, -(TITLE_WEIGHT * count(&title) + count(&body)));
        }
    }
    Ok(out)
}

/// Evaluates a query holding CJK terms: maximal CJK-free parts on the word index, CJK
/// terms on the trigram index, combined as sets. Ranks add up over the matching parts.
fn eval_mixed(conn: &Connection, q: &Query) -> Result<HashMap<i64, f64>> {
    if !q.has_cjk() {
        return word_ranks(conn, &q.to_fts());
    }
    match q {
        Query::Term { text, .. } => cjk_term(conn, text),
        Query::And(parts) => {
            let mut it = parts.iter();
            let mut acc = match it.next() {
                Some(p) => eval_mixed(conn, p)?,
                None => HashMap::new(),
            };
            for p in it {
                if acc.is_empty() {
                    break;
                }
                let next = eval_mixed(conn, p)?;
                acc = acc.into_iter().filter_map(|(pk, r)| next.get(&pk).map(|r2| (pk, r + r2))).collect();
            }
            Ok(acc)
        }
        Query::Or(parts) => {
            let mut acc: HashMap<i64, f64> = HashMap::new();
            for p in parts {
                for (pk, r) in eval_mixed(conn, p)? {
                    *acc.entry(pk).or_insert(0.0) += r;
                }
            }
            Ok(acc)
        }
        Query::Not(l, r) => {
            let mut left = eval_mixed(conn, l)?;
            if !left.is_empty() {
                let right = eval_mixed(conn, r)?;
                left.retain(|pk, _| !right.contains_key(pk));
            }
            Ok(left)
        }
    }
}

/// Snippet of a CJK-routed hit: the body around the first match of a positive term,
/// matches wrapped in `[ ]`.
fn cjk_snippet(body: &str, terms: &[&str]) -> String {
    let needles: Vec<String> = terms.iter().map(|t| cjk_text(t)).filter(|t| !t.is_empty()).collect();
    let lower = body.to_lowercase();
    let hay = if lower.len() == body.len() { lower.as_str() } else { body };
    let first = needles.iter().filter_map(|n| hay.find(&n.to_lowercase()).map(|i| (i, n))).min_by_key(|(i, _)| *i);
    let Some((at, _)) = first else {
        return body.chars().take(80).collect();
    };
    let start = body[..at].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let end = body[at..].char_indices().nth(100).map_or(body.len(), |(i, _)| at + i);
    let mut window = body[start..end].to_string();
    for n in &needles {
        if n.chars().any(is_cjk) {
            window = window.replace(n.as_str(), &format!("[{n}]"));
        }
    }
    format!("{}{}{}", if start > 0 { "…" } else { "" }, window, if end < body.len() { "…" } else { "" })
}

impl Corpus {
    /// Full-text search over titles and bodies, best first: at most `limit` hits, no
    /// filters. Same query language as [`Corpus::search_with`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_with(query, &SearchOptions { limit, ..SearchOptions::default() })
    }

    /// Full-text search with filters, best first.
    ///
    /// The query language: plain words (all must match; Porter stemming, so `studios`
    /// finds `studio`), `"quoted phrases"`, `prefix*`, `AND`, `OR`, `NOT` (a NOT b) and
    /// parentheses. Chinese terms (`委员会客厅`, `政协`) are substring searches of the
    /// article's Chinese text. `rank` is bm25 with a title match weighing ten body
    /// matches (lower is better); `snippet` shows the body around the matches in `[ ]`.
    ///
    /// ```
    /// use xieshang::{Corpus, SearchOptions};
    /// let corpus = Corpus::sample()?;
    /// let opts = SearchOptions { place: Some("Jiaxing".into()), since: Some("2022".into()), ..Default::default() };
    /// let hits = corpus.search_with("\"living room\" OR studio*", &opts)?;
    /// assert!(hits.iter().all(|h| h.place.is_some()));
    /// # Ok::<(), xieshang::Error>(())
    /// ```
    pub fn search_with(&self, query: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        let parsed = parse_query(query)?;
        let filters = Filters::new(options)?;
        let conn = &self.conn;
        let allowed = filters.allowed(conn)?;
        if options.limit == 0 || allowed.as_ref().is_some_and(HashSet::is_empty) {
            return Ok(Vec::new());
        }
        let cjk = parsed.has_cjk();
        let fts = parsed.to_fts();
        let mut picked: Ranked = Vec::new();
        let mut stories: HashSet<String> = HashSet::new();
        let mut story_stmt = conn.prepare_cached(SEARCH_STORY)?;
        let mut take = |pk: i64, rank: f64| -> Result<bool> {
            if allowed.as_ref().is_some_and(|a| !a.contains(&pk)) {
                return Ok(true);
            }
            if options.collapse {
                let story: String = story_stmt.query_row(named_params! {":pk": pk}, |r| r.get(0))?;
                if !stories.insert(story) {
                    return Ok(true);
                }
            }
            picked.push((pk, rank));
            Ok(picked.len() < options.limit)
        };
        if cjk {
            let mut all: Ranked = eval_mixed(conn, &parsed)?.into_iter().collect();
            all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            for (pk, rank) in all {
                if !take(pk, rank)? {
                    break;
                }
            }
        } else {
            super::topk::stream_ranked(conn, &parsed, &fts, &mut take)?;
        }
        let mut terms = Vec::new();
        parsed.positive_terms(&mut terms);
        // Prefixes spelled out for the snippets, when they can be (see topk::expand_prefixes).
        let spelled = if !cjk && parsed.has_prefix() {
            super::topk::expand_prefixes(conn, &parsed)?.map(|q| q.to_fts())
        } else {
            None
        };
        let snippet_fts = spelled.as_deref().unwrap_or(&fts);
        let mut snippets = if !cjk && parsed.has_prefix() && spelled.is_none() && picked.len() > 1 {
            let pks = serde_json::to_string(&picked.iter().map(|p| p.0).collect::<Vec<_>>())?;
            let mut stmt = conn.prepare_cached(SEARCH_SNIPPETS)?;
            let rows = stmt
                .query_map(named_params! {":query": fts, ":pks": pks}, |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()))
                })
                .map_err(fts_error(&fts))?;
            rows.collect::<rusqlite::Result<HashMap<i64, String>>>().map_err(fts_error(&fts))?
        } else {
            HashMap::new()
        };
        picked
            .into_iter()
            .map(|(pk, rank)| self.hit(pk, rank, snippet_fts, cjk, &terms, &filters, snippets.remove(&pk)))
            .collect()
    }

    /// The fields, snippet and filter matches of one hit.
    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        pk: i64,
        rank: f64,
        fts: &str,
        cjk: bool,
        terms: &[&str],
        filters: &Filters,
        snippet: Option<String>,
    ) -> Result<SearchHit> {
        let conn = &self.conn;
        let (id, title, published, source, story, body): (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        ) = conn.prepare_cached(SEARCH_ARTICLE)?.query_row(named_params! {":pk": pk}, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })?;
        let snippet = if let Some(s) = snippet {
            s
        } else if cjk {
            cjk_snippet(&body, terms)
        } else {
            conn.prepare_cached(SEARCH_SNIPPET)?
                .query_row(named_params! {":query": fts, ":pk": pk}, |r| r.get::<_, Option<String>>(0))
                .map_err(fts_error(fts))?
                .unwrap_or_default()
        };
        let join = |v: Vec<String>| if v.is_empty() { None } else { Some(v.join("; ")) };
        let mut place = Vec::new();
        for (lo, hi) in &filters.places {
            let mut stmt = conn.prepare_cached(HIT_PLACES)?;
            let rows = stmt.query_map(named_params! {":pk": pk, ":lo": lo, ":hi": hi}, |r| {
                Ok(format!("{} ({})", r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for p in rows {
                let p = p?;
                if !place.contains(&p) {
                    place.push(p);
                }
            }
        }
        let mut person = Vec::new();
        if let Some(key) = &filters.person {
            let mut stmt = conn.prepare_cached(HIT_PERSON)?;
            let rows = stmt.query_map(named_params! {":pk": pk, ":key": key}, |r| {
                let name: String = r.get(0)?;
                let title: Option<String> = r.get(1)?;
                Ok(match title {
                    Some(t) if !t.is_empty() => format!("{name}, {t}"),
                    _ => name,
                })
            })?;
            person = rows.collect::<rusqlite::Result<_>>()?;
        }
        let mut platform = Vec::new();
        if let Some(p) = &filters.platform {
            let mut stmt = conn.prepare_cached(HIT_PLATFORMS)?;
            for t in stmt.query_map(named_params! {":pk": pk, ":platform": p}, |r| r.get::<_, String>(0))? {
                let t = t?;
                if !platform.contains(&t) {
                    platform.push(t);
                }
            }
        }
        Ok(SearchHit {
            id,
            title,
            published,
            source,
            story,
            rank,
            snippet,
            place: join(place),
            person: join(person),
            platform: join(platform),
        })
    }

    /// Full-text search with a raw FTS5 expression on the word index, passed through
    /// unchanged (column filters, `NEAR`, `^`): for what [`Corpus::search`] does not
    /// offer. Bad syntax is [`Error::BadQuery`].
    pub fn search_fts(&self, fts_query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let mut picked: Ranked = Vec::new();
        if limit > 0 {
            stream_words(&self.conn, fts_query, |pk, rank| {
                picked.push((pk, rank));
                Ok(picked.len() < limit)
            })?;
        }
        let none = Filters { dates: None, places: Vec::new(), person: None, platform: None };
        picked.into_iter().map(|(pk, rank)| self.hit(pk, rank, fts_query, false, &[], &none, None)).collect()
    }
}

/// Hits as a column table (for DataFrames): id, title, published, source, story, rank,
/// snippet, place, person, platform.
pub fn hits_table(hits: Vec<SearchHit>) -> Table {
    let names = ["id", "title", "published", "source", "story", "rank", "snippet", "place", "person", "platform"];
    let n = hits.len();
    let mut text: Vec<Vec<Option<String>>> = (0..9).map(|_| Vec::with_capacity(n)).collect();
    let mut rank = Vec::with_capacity(n);
    for h in hits {
        rank.push(Some(h.rank));
        for (col, v) in text.iter_mut().zip([
            Some(h.id),
            h.title,
            h.published,
            h.source,
            Some(h.story),
            Some(h.snippet),
            h.place,
            h.person,
            h.platform,
        ]) {
            col.push(v);
        }
    }
    let mut text = text.into_iter().map(Column::Text);
    let mut columns = Vec::with_capacity(10);
    for name in names {
        if name == "rank" {
            columns.push(Column::Float(std::mem::take(&mut rank)));
        } else if let Some(c) = text.next() {
            columns.push(c);
        }
    }
    Table { names: names.iter().map(|s| s.to_string()).collect(), columns }
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

    #[test]
    fn cjk_runs_keep_only_pieces_with_cjk() {
        assert_eq!(cjk_runs("CPPCC 政协 委员 met; 2023年 report"), Some("政协 委员\n2023年".to_string()));
        assert_eq!(cjk_runs("政协委员会客厅"), Some("政协委员会客厅".to_string()));
        assert_eq!(cjk_runs("café only"), None);
    }

    #[test]
    fn date_bounds_pad_partial_dates() -> Result<()> {
        assert_eq!(date_bound("2023", false)?, "2023-01-01");
        assert_eq!(date_bound("2023", true)?, "2023-12-31");
        assert_eq!(date_bound("2023-02", true)?, "2023-02-31");
        assert_eq!(date_bound("2023-02-28T10:00:00", false)?, "2023-02-28");
        for b in ["2023-13", "23", "2023-02-30", "yesterday", "2023/01/01"] {
            assert!(matches!(date_bound(b, false), Err(Error::BadArgument(_))), "{b}");
        }
        Ok(())
    }

    #[test]
    fn places_resolve_to_code_prefixes() -> Result<()> {
        assert_eq!(adcode_prefix("330000"), "33");
        assert_eq!(adcode_prefix("330400"), "3304");
        assert_eq!(adcode_prefix("330402"), "330402");
        assert_eq!(prefix_range("3304"), ("3304".to_string(), "3305".to_string()));
        assert_eq!(resolve_place("Jiaxing")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("嘉兴")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("嘉兴市")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("Zhejiang")?, vec!["330000".to_string()]);
        assert!(matches!(resolve_place("Atlantis"), Err(Error::BadArgument(_))));
        Ok(())
    }
}

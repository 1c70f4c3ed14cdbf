//! Tokens over one raw region, with byte offsets into the raw text.

use std::borrow::Cow;

use crate::model::Span;
use crate::text::is_han;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with inner apostrophes and hyphens (`Xing’an`, `chi-kong`).
    Word,
    /// A possessive `'s` / `’s` split off a word.
    Poss,
    Num,
    /// A run of Han ideographs.
    Cjk,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// A line break lies between the previous token and this one.
    pub nl_before: bool,
    /// Lower case, curly apostrophes made straight (borrowed when the text already is).
    pub low: Cow<'a, str>,
    /// The letter case of a word's `text`, worked out once ([`Case::of`]; the default
    /// for other kinds, whose case methods answer false): the extractors ask for it
    /// thousands of times per article.
    case: Case,
}

/// Letter case of a token's text.
#[derive(Debug, Clone, Copy, Default)]
struct Case {
    /// The first character is upper case.
    first_upper: bool,
    /// The first character is lower case.
    first_lower: bool,
    /// Every alphabetic character is upper case (true when there is none).
    all_upper: bool,
}

impl Case {
    fn of(text: &str) -> Case {
        if text.is_ascii() {
            let b = text.as_bytes();
            return Case {
                first_upper: b.first().is_some_and(u8::is_ascii_uppercase),
                first_lower: b.first().is_some_and(u8::is_ascii_lowercase),
                all_upper: !b.iter().any(u8::is_ascii_lowercase),
            };
        }
        let first = text.chars().next();
        Case {
            first_upper: first.is_some_and(char::is_uppercase),
            first_lower: first.is_some_and(char::is_lowercase),
            all_upper: text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
        }
    }
}

impl Tok<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// First letter upper case, not all upper case (or a single letter).
    pub fn is_cap(&self) -> bool {
        self.is_word() && self.case.first_upper
    }
    pub fn is_upper(&self) -> bool {
        self.is_word() && self.case.all_upper
    }
    pub fn is_lower(&self) -> bool {
        self.is_word() && self.case.first_lower
    }
    pub fn lower(&self) -> &str {
        &self.low
    }
    pub fn is(&self, s: &str) -> bool {
        self.text.eq_ignore_ascii_case(s)
    }
    pub fn is_punct(&self, chars: &str) -> bool {
        self.kind == Kind::Punct && self.text.chars().all(|c| chars.contains(c))
    }
}

/// One region of raw text, tokenized.
#[derive(Debug)]
pub(crate) struct Region<'a> {
    pub toks: Vec<Tok<'a>>,
}

fn low(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b.is_ascii()) {
        Cow::Borrowed(s)
    } else if s.is_ascii() {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Owned(s.to_lowercase().replace('’', "'"))
    }
}

/// A letter of a word: alphabetic and not a Han ideograph (ideographs make CJK runs).
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_han(c)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// The character at byte `pos` of `text` and its length in bytes (ASCII without decoding).
#[inline]
fn char_at(text: &str, pos: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(pos)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(pos..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
fn letter_at(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(b) if *b < 0x80 => b.is_ascii_alphabetic(),
        Some(_) => char_at(text, pos).is_some_and(|(c, _)| is_letter(c)),
        None => false,
    }
}

impl<'a> Region<'a> {
    pub fn new(raw: &'a str, span: Span) -> Region<'a> {
        let text = raw.get(span.start..span.end).unwrap_or("");
        let base = if raw.get(span.start..span.end).is_some() { span.start } else { 0 };
        let bytes = text.as_bytes();
        // (about one token per five bytes of English)
        let mut toks = Vec::with_capacity(text.len() / 4 + 1);
        let mut nl = false;
        let mut off = 0;
        while let Some((c, len)) = char_at(text, off) {
            if c.is_whitespace() {
                if c == '\n' || c == '\r' {
                    nl = true;
                }
                off += len;
                continue;
            }
            // `end`: the byte just after the token
            let (end, kind) = if is_letter(c) {
                let mut j = off + len;
                while let Some((d, dl)) = char_at(text, j) {
                    // a letter, or a joiner with a letter after it (`Xing’an`, `chi-kong`)
                    let letter = d.is_ascii_alphabetic() || (!d.is_ascii() && is_letter(d));
                    if !(letter || (is_joiner(d) && letter_at(text, j + dl))) {
                        break;
                    }
                    j += dl;
                }
                (j, Kind::Word)
            } else if c.is_ascii_digit() {
                let mut j = off + 1;
                while j < bytes.len()
                    && (bytes[j].is_ascii_digit()
                        || (matches!(bytes[j], b',' | b'.') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)))
                {
                    j += 1;
                }
                (j, Kind::Num)
            } else if is_han(c) {
                let mut j = off + len;
                while let Some((_, dl)) = char_at(text, j).filter(|&(d, _)| is_han(d)) {
                    j += dl;
                }
                (j, Kind::Cjk)
            } else {
                (off + len, Kind::Punct)
            };
            let word = &text[off..end];
            // split a possessive 's / ’s off a word
            if kind == Kind::Word && word.len() > 3 && (word.ends_with("'s") || word.ends_with("’s")) {
                let cut = if word.ends_with("'s") { end - 2 } else { end - 4 };
                toks.push(Tok {
                    text: &text[off..cut],
                    start: base + off,
                    end: base + cut,
                    kind,
                    nl_before: nl,
                    low: low(&text[off..cut]),
                    case: Case::of(&text[off..cut]),
                });
                toks.push(Tok {
                    text: &text[cut..end],
                    start: base + cut,
                    end: base + end,
                    kind: Kind::Poss,
                    nl_before: false,
                    low: low(&text[cut..end]),
                    case: Case::default(),
                });
            } else {
                let case = if kind == Kind::Word { Case::of(word) } else { Case::default() };
                toks.push(Tok {
                    text: word,
                    start: base + off,
                    end: base + end,
                    kind,
                    nl_before: nl,
                    low: low(word),
                    case,
                });
            }
            nl = false;
            off = end;
        }
        Region { toks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_with_offsets() {
        let raw = "xx Shanghai’s Xing’an, 158 members; chi-kong 闫路平\n(CPPCC)";
        let r = Region::new(raw, Span::new(3, raw.len()));
        let texts: Vec<&str> = r.toks.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["Shanghai", "’s", "Xing’an", ",", "158", "members", ";", "chi-kong", "闫路平", "(", "CPPCC", ")"]
        );
        for t in &r.toks {
            assert_eq!(&raw[t.start..t.end], t.text);
        }
        assert_eq!(r.toks[1].kind, Kind::Poss);
        assert!(r.toks[9].nl_before);
        assert!(r.toks[10].is_upper() && r.toks[2].is_cap());
    }
}

//! The page as units: the types every phase reads (a line's [`Kind`], the [`Unit`]s of a
//! [`Page`]), the raw text split into trimmed lines with byte spans, and the simple line
//! features the phases test. `lines.rs` reads a page into units.

use super::keywords::Cues;
use crate::text::{is_han, is_space as is_trim, space_at};

/// One non-blank line of the raw text, trimmed, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    /// Whether one or more blank lines precede this line (a block boundary).
    pub after_blank: bool,
}

/// What a line is, judged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Possible article text (headline, paragraph, subheading).
    Text,
    /// Publication metadata: date stamps, source/author/editor lines, share and font widgets.
    HeaderMeta,
    /// Other non-article lines: comment forms, copyright and ICP footers, notices.
    Meta,
    /// Navigation: menus, breadcrumbs, bullet lists of links.
    Nav,
    /// Junk: image file names, template placeholders.
    Junk,
}

/// One line (or several hard-wrapped lines) of the page with its classification.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub after_blank: bool,
    /// The line recurs across the corpus (site template).
    pub template: bool,
    /// Repeated or truncated copy of another line inside the body.
    pub junk: bool,
    /// Word count (up to `lines::UNIT_WORDS_MAX`), CJK ideograph count and sentence ending of
    /// the unit's text, computed once (the passes below test them many times).
    pub words: usize,
    pub cjk: usize,
    pub ends: bool,
    /// The keyword cues of the unit's lines (for a part of a line, the whole line's).
    pub cues: Cues,
}

impl Unit {
    pub(crate) fn text<'a>(&self, raw: &'a str) -> &'a str {
        raw.get(self.start..self.end).unwrap_or("")
    }
}

/// The span `s..e` of `raw` without its leading and trailing whitespace (empty at `s` if
/// nothing is left).
pub(crate) fn trim_span(raw: &str, s: usize, e: usize) -> (usize, usize) {
    let sub = raw.get(s..e).unwrap_or("");
    let l = sub.len() - sub.trim_start().len();
    let r = sub.trim_end().len();
    if r > l {
        (s + l, s + r)
    } else {
        (s, s)
    }
}

/// The units of one page, in page order.
pub(crate) struct Page<'a> {
    pub raw: &'a str,
    pub units: Vec<Unit>,
    /// Each unit's text with whitespace folded (units are compared by it).
    pub folded: Vec<String>,
}

impl Page<'_> {
    /// The keyword cues of the span `s..e` of the raw text: those of the units it overlaps
    /// (a body paragraph is one unit or a part of one).
    pub(crate) fn cues_of(&self, s: usize, e: usize) -> Cues {
        let first = self.units.partition_point(|u| u.end <= s);
        self.units[first..].iter().take_while(|u| u.start < e).fold(Cues::default(), |c, u| c | u.cues)
    }
}

/// Splits `raw` into non-blank trimmed lines. Spans are on char boundaries of `raw`.
pub(crate) fn split_lines(raw: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut blank_before = false;
    for piece in raw.split('\n') {
        let trimmed_start = piece.trim_start_matches(is_trim);
        let lead = piece.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end_matches(is_trim);
        if trimmed.is_empty() {
            blank_before = true;
        } else {
            let start = pos + lead;
            out.push(Line { start, end: start + trimmed.len(), after_blank: blank_before });
            blank_before = false;
        }
        pos += piece.len() + 1;
    }
    out
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(s: &str) -> usize {
    word_count_upto(s, usize::MAX)
}

/// Number of whitespace-separated words, counting no further than `cap` (the least of
/// the two): a caller that only compares with a small number stops early.
pub(crate) fn word_count_upto(s: &str, cap: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < s.len() {
        let (space, len) = space_at(s, i);
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
            if n >= cap {
                return cap;
            }
        }
        i += len;
    }
    n
}

/// Number of Han ideographs.
pub(crate) fn cjk_count(s: &str) -> usize {
    if s.is_ascii() {
        return 0;
    }
    s.chars().filter(|c| is_han(*c)).count()
}

/// Whether the text ends like a sentence (terminal punctuation, possibly before a closing
/// quote or bracket).
pub(crate) fn ends_sentence(s: &str) -> bool {
    // A trailing bracketed credit (`… demonstrations. [Photo/x.cn]`) follows the sentence.
    let t = s.trim_end();
    for (open, close) in [('[', ']'), ('(', ')'), ('（', '）'), ('【', '】')] {
        if t.ends_with(close) {
            if let Some(i) = t.rfind(open) {
                let before = t[..i].trim_end();
                if !before.is_empty() && ends_plain(before) {
                    return true;
                }
            }
        }
    }
    ends_plain(s)
}

fn ends_plain(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        is_trim(c) || matches!(c, '"' | '\'' | '”' | '’' | ')' | '）' | ']' | '】' | '」' | '』')
    });
    t.ends_with(['.', '!', '?', '。', '！', '？', '…', ';', '；'])
}

/// A 64-bit FNV-1a hash of the folded, lower-cased line: the key of corpus-level counts.
pub(crate) fn line_key(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for w in s.split(is_trim).filter(|w| !w.is_empty()) {
        if !first {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        first = false;
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_with_spans() {
        let raw = "  Title here \n\n\u{a0}Body text.\r\nnext";
        let lines = split_lines(raw);
        assert_eq!(lines.len(), 3);
        assert_eq!(&raw[lines[0].start..lines[0].end], "Title here");
        assert_eq!(&raw[lines[1].start..lines[1].end], "Body text.");
        assert!(lines[1].after_blank);
        assert!(!lines[2].after_blank);
        assert_eq!(&raw[lines[2].start..lines[2].end], "next");
    }

    #[test]
    fn folding_and_features() {
        assert_eq!(word_count("one two  three"), 3);
        assert_eq!(cjk_count("来源：衡阳"), 4);
        assert!(ends_sentence("He said so.\""));
        assert!(ends_sentence("会议召开。"));
        assert!(!ends_sentence("A headline without stop"));
        assert_eq!(line_key("Leave  a Reply"), line_key("leave a reply"));
        assert_ne!(line_key("Leave a Reply"), line_key("Leave a Comment"));
    }
}

//! The page as units: raw text split into trimmed lines with byte spans, each classified
//! on its own evidence (`boilerplate.rs`) and against the corpus (template lines),
//! hard-wrapped lines joined into one paragraph and runs of short lines marked as menus;
//! and the simple line features the phases test.

use super::boilerplate::{classify_counted, Kind};
use super::keywords::cues;
use super::TEMPLATE_MAX_WORDS;
use crate::text::{fold_ws, is_han, is_space as is_trim, space_at};

/// One non-blank line of the raw text, trimmed, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    /// Whether one or more blank lines precede this line (a block boundary).
    pub after_blank: bool,
}

/// A unit's word count is counted up to this: every test of it compares with at most 40
/// (`sentence_par_counted`), and a paragraph has hundreds.
const UNIT_WORDS_MAX: usize = 41;

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
    /// Word count (up to [`UNIT_WORDS_MAX`]), CJK ideograph count and sentence ending of
    /// the unit's text, computed once (the passes below test them many times).
    pub words: usize,
    pub cjk: usize,
    pub ends: bool,
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

fn first_char_lower(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

/// The units of one page, in page order.
pub(crate) struct Page<'a> {
    pub raw: &'a str,
    pub units: Vec<Unit>,
    /// Each unit's text with whitespace folded (units are compared by it).
    pub folded: Vec<String>,
}

impl<'a> Page<'a> {
    /// Reads `raw` into units; `is_template(line, words)` tells corpus template lines.
    pub(crate) fn read(raw: &'a str, is_template: impl Fn(&str, usize) -> bool) -> Page<'a> {
        let mut units: Vec<Unit> = Vec::new();
        // Each unit's folded text, when it is its line's.
        let mut folds: Vec<Option<String>> = Vec::new();
        for l in split_lines(raw) {
            let t = raw.get(l.start..l.end).unwrap_or("");
            // (classify_counted and the template test compare it with at most 16)
            let words = word_count_upto(t, TEMPLATE_MAX_WORDS + 1);
            let folded = fold_ws(t);
            let v = classify_counted(t, words, cues(&folded));
            let template = is_template(t, words);
            let base = Unit {
                start: l.start,
                end: l.end,
                kind: v.kind,
                after_blank: l.after_blank,
                template,
                junk: false,
                words: 0,
                cjk: 0,
                ends: false,
            };
            if let (Kind::HeaderMeta, Some(r)) = (v.kind, v.rest) {
                let (s, e) = trim_span(raw, l.start, l.start + r);
                let (rs, re) = trim_span(raw, l.start + r, l.end);
                if e > s && re > rs {
                    units.push(Unit { start: s, end: e, ..base.clone() });
                    units.push(Unit {
                        start: rs,
                        end: re,
                        kind: Kind::Text,
                        after_blank: false,
                        template: false,
                        junk: false,
                        words: 0,
                        cjk: 0,
                        ends: false,
                    });
                    folds.extend([None, None]);
                    continue;
                }
            }
            // Join hard-wrapped lines of one paragraph.
            if let Some(prev) = units.last_mut() {
                let pt = raw.get(prev.start..prev.end).unwrap_or("");
                let last_line = pt.rsplit('\n').next().unwrap_or(pt).trim();
                let wrap = base.kind == Kind::Text
                    && prev.kind == Kind::Text
                    && !base.after_blank
                    && !base.template
                    && !prev.template
                    && !ends_sentence(last_line)
                    && word_count_upto(last_line, 4) >= 4
                    && (first_char_lower(t)
                        || (last_line.chars().count() >= 45
                            && t.chars().count() <= last_line.chars().count() * 3 / 2 + 10
                            && last_line.chars().last().is_some_and(|c| c.is_lowercase() || c == ',')));
                if wrap {
                    prev.end = l.end;
                    if let Some(f) = folds.last_mut() {
                        *f = None;
                    }
                    continue;
                }
            }
            units.push(base);
            folds.push(Some(folded));
        }
        for u in &mut units {
            let t = raw.get(u.start..u.end).unwrap_or("");
            u.words = word_count_upto(t, UNIT_WORDS_MAX);
            u.cjk = cjk_count(t);
            u.ends = ends_sentence(t);
        }
        // Runs of four or more short lines without sentence punctuation are menus.
        let menuish =
            |u: &Unit| u.kind == Kind::Nav || (u.kind == Kind::Text && u.words <= 4 && u.cjk <= 10 && !u.ends);
        let mut i = 0;
        while i < units.len() {
            let mut j = i;
            while j < units.len() && menuish(&units[j]) {
                j += 1;
            }
            if j - i >= 4 {
                for u in &mut units[i..j] {
                    if u.kind == Kind::Text {
                        u.kind = Kind::Nav;
                    }
                }
            }
            i = j.max(i + 1);
        }
        let folded = units.iter().zip(folds).map(|(u, f)| f.unwrap_or_else(|| fold_ws(u.text(raw)))).collect();
        Page { raw, units, folded }
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
    if s.is_ascii() {
        for &b in s.as_bytes() {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                in_word = false;
            } else if !in_word {
                in_word = true;
                n += 1;
                if n >= cap {
                    return cap;
                }
            }
        }
        return n;
    }
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

//! Splitting raw text into trimmed lines with byte spans, and simple line features.

/// One non-blank line of the raw text, trimmed, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    /// Whether one or more blank lines precede this line (a block boundary).
    pub after_blank: bool,
}

fn is_trim(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}')
}

/// Whether the character starting at byte `i` of `s` is [`is_trim`] space, and its length.
/// ASCII bytes are tested directly (whitespace as `char::is_whitespace` sees it: space and
/// \t \n \x0b \x0c \r); only other characters are decoded, so mostly-ASCII text with a
/// few curly quotes or CJK characters is walked almost as fast as ASCII.
#[inline]
fn space_at(s: &str, i: usize) -> (bool, usize) {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (matches!(b, b' ' | b'\t'..=b'\r'), 1),
        _ => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (is_trim(c), c.len_utf8()),
            None => (false, 1),
        },
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

/// Folds runs of whitespace into single spaces and trims.
pub fn fold_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut push = |w: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    };
    // Words are copied whole.
    let (mut i, mut word) = (0, None);
    while i < s.len() {
        let (space, len) = space_at(s, i);
        match (space, word) {
            (true, Some(w)) => {
                push(s.get(w..i).unwrap_or(""));
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(w) = word {
        push(s.get(w..).unwrap_or(""));
    }
    out
}

/// Whether `c` is a CJK ideograph or CJK punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
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

/// Number of CJK ideographs.
pub(crate) fn cjk_count(s: &str) -> usize {
    if s.is_ascii() {
        return 0;
    }
    s.chars().filter(|c| is_cjk(*c)).count()
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

    proptest::proptest! {
        #[test]
        fn fold_ws_is_a_split_on_whitespace(chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'B', ' ', '\t', '\n', '\r', '\u{b}', '\u{a0}', '\u{3000}', '\u{200b}', '\u{feff}', '\u{2028}',
            '’', '字', 'é', '\u{1f600}']), 0..32)) {
            let text: String = chars.into_iter().collect();
            let want = text.split(is_trim).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fold_ws(&text), want);
        }
    }

    #[test]
    fn folding_and_features() {
        assert_eq!(fold_ws(" a \t b\n\nc "), "a b c");
        assert_eq!(word_count("one two  three"), 3);
        assert_eq!(cjk_count("来源：衡阳"), 4);
        assert!(ends_sentence("He said so.\""));
        assert!(ends_sentence("会议召开。"));
        assert!(!ends_sentence("A headline without stop"));
        assert_eq!(line_key("Leave  a Reply"), line_key("leave a reply"));
        assert_ne!(line_key("Leave a Reply"), line_key("Leave a Comment"));
    }
}

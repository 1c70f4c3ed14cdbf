//! Text helpers shared by every stage: character classes ([`is_han`], [`is_cjk`],
//! [`is_space`]), the one whitespace fold ([`fold_ws`]) and folding for derived fields
//! (Unicode NFC and full-width ASCII forms). The raw text is never folded; spans always
//! index the raw text as stored.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalizes `s` and folds full-width ASCII variants (`ＣＰＰＣＣ`, `２０２３`, `，`)
/// and the ideographic space to their ASCII forms.
pub fn fold(s: &str) -> String {
    // Every character below U+0300 is NFC and none is a full-width form, so a text
    // without a UTF-8 lead byte from 0xCC up (most English) is already folded.
    if s.bytes().all(|b| b < 0xCC) {
        return s.to_string();
    }
    let needs_width = s.chars().any(|c| matches!(c as u32, 0xFF01..=0xFF5E | 0x3000));
    let nfc_ok = unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes;
    if !needs_width && nfc_ok {
        return s.to_string();
    }
    s.nfc()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect()
}

/// Whether `c` is a Han ideograph: the CJK Unified Ideographs, Extension A, the
/// compatibility ideographs, and the supplementary planes' extensions B to H.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether `c` belongs to East Asian text: a Han ideograph ([`is_han`]), kana, Hangul,
/// CJK radicals, symbols and punctuation, or a full-width form.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x2E80..=0x2FDF        // CJK and Kangxi radicals
            | 0x3000..=0x303F      // CJK symbols and punctuation
            | 0x3040..=0x31FF      // kana, bopomofo, Hangul compatibility jamo, kana extensions
            | 0xAC00..=0xD7AF      // Hangul syllables
            | 0xFE30..=0xFE4F      // CJK compatibility forms
            | 0xFF00..=0xFFEF) // half-width and full-width forms
}

/// Whether `c` separates words: Unicode whitespace, or one of the invisible characters
/// crawled pages put between words (zero-width space, byte-order mark, direction marks).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}')
}

/// Whether the character starting at byte `i` of `s` is [`is_space`], and its length.
/// ASCII bytes are tested directly (whitespace as `char::is_whitespace` sees it: space and
/// \t \n \x0b \x0c \r); only other characters are decoded.
#[inline]
pub(crate) fn space_at(s: &str, i: usize) -> (bool, usize) {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (matches!(b, b' ' | b'\t'..=b'\r'), 1),
        _ => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (is_space(c), c.len_utf8()),
            None => (false, 1),
        },
    }
}

/// Folds runs of whitespace ([`is_space`]) into single spaces and trims: the words of `s`
/// joined by one space.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_composes() {
        assert_eq!(fold("ＣＰＰＣＣ　２０２３年，委员"), "CPPCC 2023年,委员");
        assert_eq!(fold("Cafe\u{301}"), "Café");
        assert_eq!(fold("plain text 政协"), "plain text 政协");
    }

    #[test]
    fn han_is_ideographs_and_cjk_adds_scripts_and_punctuation() {
        for c in ['政', '协', '㐀', '\u{20000}', '\u{2A700}', '\u{31340}'] {
            assert!(is_han(c) && is_cjk(c), "{c:?}");
        }
        for c in ['，', '。', '（', 'Ａ', 'あ', 'カ', '한', '⺀'] {
            assert!(!is_han(c) && is_cjk(c), "{c:?}");
        }
        for c in ['a', 'é', '1', ' ', '—', '\u{31350}'] {
            assert!(!is_han(c) && !is_cjk(c), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_ws_is_a_split_on_whitespace(chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'B', ' ', '\t', '\n', '\r', '\u{b}', '\u{a0}', '\u{3000}', '\u{200b}', '\u{feff}', '\u{2028}',
            '’', '字', 'é', '\u{1f600}']), 0..32)) {
            let text: String = chars.into_iter().collect();
            let want = text.split(is_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fold_ws(&text), want);
        }
    }

    #[test]
    fn fold_ws_joins_words_with_one_space() {
        assert_eq!(fold_ws(" a \t b\n\nc "), "a b c");
        assert_eq!(fold_ws("委员\u{200b}会 \u{3000}议"), "委员 会 议");
    }
}

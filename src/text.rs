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
    s.nfc().map(fold_width).collect()
}

/// The width fold of one character: a full-width ASCII variant to its ASCII form, the
/// ideographic space to a space, anything else unchanged.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Where byte offsets of `s` land in `folded` = [`fold`]`(s)`: for each offset of `at`
/// (ascending, on char boundaries of `s`), its `(byte, char)` offset in the folded text.
///
/// The width fold maps characters one to one, so most texts map exactly. NFC may compose
/// a character with the marks after it; an offset inside such a sequence has no exact
/// image and gets that of the text before it folded alone, so callers compare what they
/// slice with what they expect.
pub(crate) fn fold_offsets(s: &str, folded: &str, at: &[usize]) -> Vec<(usize, usize)> {
    let chars = |t: &str| t.bytes().filter(|&b| (b as i8) >= -0x40).count();
    // Unchanged (most English), or as many characters as before: folded one to one
    // (composition would have made fewer). Otherwise NFC composed something.
    let same = s == folded;
    let composes = !same && chars(s) != chars(folded);
    let wide = |c: char| fold_width(c) != c;
    let image = |chunk: &str| -> (usize, usize) {
        if composes {
            let f = fold(chunk);
            return (f.len(), f.chars().count());
        }
        // Characters: the bytes that are not UTF-8 continuation bytes. Each wide form
        // (three bytes) folds to one byte.
        let narrowed = if same { 0 } else { 2 * chunk.chars().filter(|&c| wide(c)).count() };
        (chunk.len() - narrowed, chars(chunk))
    };
    let mut out = Vec::with_capacity(at.len());
    // The last offset NFC cannot compose across, and its image.
    let (mut base, mut base_image) = (0, (0, 0));
    for &x in at {
        let x = x.clamp(base, s.len());
        let (b, n) = image(s.get(base..x).unwrap_or(""));
        let here = (base_image.0 + b, base_image.1 + n);
        out.push(here);
        if !composes || s.get(x..).and_then(|r| r.chars().next()).map_or(true, nfc_boundary_before) {
            (base, base_image) = (x, here);
        }
    }
    out
}

/// Whether NFC never composes `c` with what comes before it: a starter (combining class
/// 0) that NFC leaves as it is.
fn nfc_boundary_before(c: char) -> bool {
    use unicode_normalization::{char::canonical_combining_class, is_nfc_quick, IsNormalized};
    c.is_ascii() || (canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
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
    fn fold_offsets_count_folded_bytes_and_characters() {
        let s = "ＣＰＰＣＣ　２０２３年，委员 Ge";
        let at: Vec<usize> = vec![0, "ＣＰＰＣＣ".len(), "ＣＰＰＣＣ　２０２３年，".len(), s.len()];
        assert_eq!(fold(s), "CPPCC 2023年,委员 Ge");
        assert_eq!(fold_offsets(s, &fold(s), &at), [(0, 0), (5, 5), (14, 12), (23, 17)]);
        // A composed sequence: an offset after it is exact, one inside it is not.
        let s = "Cafe\u{301} Li";
        assert_eq!(fold_offsets(s, &fold(s), &[4, 6, 7, s.len()]), [(4, 4), (5, 4), (6, 5), (8, 7)]);
        assert_eq!(&fold(s)[6..8], "Li");
    }

    proptest::proptest! {
        #[test]
        fn fold_offsets_are_the_folded_prefix_at_every_boundary(chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'e', ' ', '\n', 'Ａ', '２', '，', '\u{3000}', '\u{301}', '\u{327}', '字', 'é', '\u{1100}', '\u{1161}', '\u{f900}',
            '\u{1f600}']), 0..24)) {
            let s: String = chars.into_iter().collect();
            let at: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let whole = fold(&s);
            let images = fold_offsets(&s, &whole, &at);
            for (&x, &(b, n)) in at.iter().zip(&images) {
                // Where NFC cannot join the next character to what precedes it, the
                // folded prefix is a prefix of the folded text, and its image.
                if s[x..].chars().next().map_or(true, nfc_boundary_before) {
                    let prefix = fold(&s[..x]);
                    proptest::prop_assert!(whole.starts_with(&prefix));
                    proptest::prop_assert_eq!((b, n), (prefix.len(), prefix.chars().count()));
                }
            }
        }
    }

    #[test]
    fn fold_ws_joins_words_with_one_space() {
        assert_eq!(fold_ws(" a \t b\n\nc "), "a b c");
        assert_eq!(fold_ws("委员\u{200b}会 \u{3000}议"), "委员 会 议");
    }
}

//! Text folding for derived fields: Unicode NFC and full-width ASCII forms. The raw text
//! is never folded; spans always index the raw text as stored.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_composes() {
        assert_eq!(fold("ＣＰＰＣＣ　２０２３年，委员"), "CPPCC 2023年,委员");
        assert_eq!(fold("Cafe\u{301}"), "Café");
        assert_eq!(fold("plain text 政协"), "plain text 政协");
    }
}

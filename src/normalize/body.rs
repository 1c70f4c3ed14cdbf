//! Assembling the clean body: paragraph tests, footer trimming, teaser leads, sign-offs.

use std::collections::HashSet;

use super::lines::{cjk_count, ends_sentence, word_count};
use super::trim_span;

/// A sentence paragraph: ends like a sentence and is not tiny, or is very long.
#[cfg(test)]
pub(crate) fn sentence_par(t: &str) -> bool {
    sentence_par_counted(word_count(t), cjk_count(t), ends_sentence(t))
}

/// Whether a text of `w` words and `c` CJK ideographs that `ends` like a sentence (or
/// not) is a sentence paragraph: ends like a sentence and is not tiny, or is very long.
pub(crate) fn sentence_par_counted(w: usize, c: usize, ends: bool) -> bool {
    (ends && (w >= 6 || c >= 15)) || w >= 40 || c >= 60
}

/// Text that can open the body: a sentence paragraph or a long (possibly cut-off) line.
pub(crate) fn body_par(t: &str) -> bool {
    body_par_counted(word_count(t), cjk_count(t), ends_sentence(t))
}

/// Whether such a text (see [`sentence_par_counted`]) can open the body.
pub(crate) fn body_par_counted(w: usize, c: usize, ends: bool) -> bool {
    sentence_par_counted(w, c, ends) || w >= 25 || c >= 40
}

/// Text that can end the body: a paragraph, or a line cut off mid-sentence.
pub(crate) fn para_like(t: &str) -> bool {
    let cut_mid_sentence = t.trim_end().chars().last().is_some_and(|c| c.is_lowercase() || c == ',');
    body_par(t) || word_count(t) >= 14 || cjk_count(t) >= 30 || (word_count(t) >= 8 && cut_mid_sentence)
}

/// Word-overlap share of `a`'s words found in `b`.
fn overlap(a: &str, b: &str) -> f64 {
    let norm = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let bw: HashSet<String> = b.split_whitespace().map(norm).collect();
    let aw: Vec<String> = a.split_whitespace().map(norm).collect();
    if aw.is_empty() {
        return 0.0;
    }
    aw.iter().filter(|w| bw.contains(*w)).count() as f64 / aw.len() as f64
}

/// The text without a trailing ellipsis (`…`, `...`) that marks a cut.
pub(crate) fn strip_ellipsis(s: &str) -> &str {
    let t = s.trim_end();
    let u = t.trim_end_matches(['…', '.']);
    let gone = &t[u.len()..];
    if gone.contains('…') || gone.len() >= 2 {
        u.trim_end()
    } else {
        t
    }
}

/// Drops the short lines after the last paragraph (share buttons, link lists, footers).
pub(crate) fn trim_footer(raw: &str, body: &mut Vec<(usize, usize)>) {
    if let Some(last) = body.iter().rposition(|&(s, e)| para_like(raw.get(s..e).unwrap_or(""))) {
        body.truncate(last + 1);
    }
}

/// Drops a cut-off teaser lead that the next paragraph repeats in other words.
pub(crate) fn drop_teaser(raw: &str, body: &mut Vec<(usize, usize)>) {
    if body.len() < 2 {
        return;
    }
    let a = raw.get(body[0].0..body[0].1).unwrap_or("");
    let c = raw.get(body[1].0..body[1].1).unwrap_or("");
    let first2 = |s: &str| s.split_whitespace().take(2).map(str::to_lowercase).collect::<Vec<_>>();
    let cut_off = a.trim_end().ends_with("...")
        || a.trim_end().ends_with('…')
        || a.trim_end().chars().last().is_some_and(|ch| ch.is_alphanumeric() || ch == ',');
    if cut_off && first2(a) == first2(c) && overlap(a, c) >= 0.6 {
        body.remove(0);
    }
}

/// Strips an agency sign-off (`… via video link. Enditem`) from the last paragraph.
pub(crate) fn strip_signoff(raw: &str, body: &mut [(usize, usize)]) {
    if let Some(p) = body.last_mut() {
        let t = raw.get(p.0..p.1).unwrap_or("").trim_end();
        if t.to_ascii_lowercase().ends_with("enditem") {
            let cut = t.len() - "enditem".len();
            if t.is_char_boundary(cut) {
                p.1 = trim_span(raw, p.0, p.0 + cut).1;
            }
        }
    }
}

/// The text of one paragraph: its trimmed lines joined by newlines.
pub(crate) fn paragraph_text(raw: &str, s: usize, e: usize) -> String {
    raw.get(s..e).unwrap_or("").split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(raw: &str, parts: &[&str]) -> Vec<(usize, usize)> {
        parts
            .iter()
            .map(|p| {
                let s = raw.find(p).expect("part in raw");
                (s, s + p.len())
            })
            .collect()
    }

    #[test]
    fn paragraph_tests() {
        assert!(sentence_par("Members met the residents on Monday."));
        assert!(!sentence_par("Members meet residents"));
        assert!(body_par(&"word ".repeat(30)));
        assert!(para_like("the text stops here in the middle of a sentence and"));
        assert!(!para_like("About Town News Business Services"));
    }

    #[test]
    fn footer_lines_after_the_last_paragraph_go() {
        let raw = "Members met the residents on Monday and talked about parking.\nAbout Town News Services\nFacebook";
        let mut b = spans(
            raw,
            &["Members met the residents on Monday and talked about parking.", "About Town News Services", "Facebook"],
        );
        trim_footer(raw, &mut b);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn teaser_lead_goes_but_a_caption_stays() {
        let raw = "On May 3, the county conference on party building was held to sum up wor\nOn May 3, the conference on party building of the county was held to sum up work.";
        let mut b = spans(
            raw,
            &[
                "On May 3, the county conference on party building was held to sum up wor",
                "On May 3, the conference on party building of the county was held to sum up work.",
            ],
        );
        drop_teaser(raw, &mut b);
        assert_eq!(b.len(), 1);
        let raw =
            "Deputies meet residents in the hall. [Photo/example.cn]\nDeputies meet residents in the hall on Monday.";
        let mut b = spans(
            raw,
            &[
                "Deputies meet residents in the hall. [Photo/example.cn]",
                "Deputies meet residents in the hall on Monday.",
            ],
        );
        drop_teaser(raw, &mut b);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn ellipsis_but_not_a_full_stop_is_stripped() {
        assert_eq!(strip_ellipsis("The members met..."), "The members met");
        assert_eq!(strip_ellipsis("The members met …"), "The members met");
        assert_eq!(strip_ellipsis("The members met."), "The members met.");
    }

    #[test]
    fn signoff_is_stripped() {
        let raw = "The press conference will be held via video link. Enditem";
        let mut b = vec![(0, raw.len())];
        strip_signoff(raw, &mut b);
        assert_eq!(&raw[b[0].0..b[0].1], "The press conference will be held via video link.");
        assert_eq!(paragraph_text(" a \n  b \n", 0, 9), "a\nb");
    }
}

//! Choosing the headline among the lines above the body.

use super::boilerplate::is_site_header;
use super::lines::word_count;
use super::Unit;

/// Whether a unit may be (part of) a headline block.
pub(crate) fn candidate(u: &Unit, raw: &str) -> bool {
    u.kind == super::boilerplate::Kind::Text && !u.junk && (u.words >= 3 || u.cjk >= 4) && !is_site_header(u.text(raw))
}

/// Picks the headline from a run of headline-block units (in page order): a line the page
/// repeats is the headline; in a kicker/headline/subtitle block of three or more the second
/// line; of two lines the first, unless it is a short label or kicker (five words or fewer)
/// before a headline-length line (fewer than twelve words).
pub(crate) fn choose(run: &[usize], units: &[Unit], repeated: &dyn Fn(usize) -> bool) -> Option<usize> {
    if let Some(&i) = run.iter().find(|&&i| repeated(i)) {
        return Some(i);
    }
    match run {
        [] => None,
        [one] => Some(*one),
        [a, b] => {
            let (wa, wb) = (units[*a].words, units[*b].words);
            // A short line above a headline-length line is a kicker or tagline; a long line
            // below a short headline is its deck.
            Some(if wa <= 5 && wb > wa && wb < 12 { *b } else { *a })
        }
        [_, second, ..] => Some(*second),
    }
}

/// Drops a column label prefixed to a headline (`Column | Headline`): returns the byte
/// offset (within `text`) where the headline proper starts.
pub(crate) fn column_label_end(text: &str) -> usize {
    for sep in ['|', '｜', '丨'] {
        if let Some(i) = text.find(sep) {
            let (label, rest) = (&text[..i], &text[i + sep.len_utf8()..]);
            if word_count(label) <= 2 && word_count(rest) >= 3 && super::lines::cjk_count(label) <= 6 {
                let skip = rest.len() - rest.trim_start().len();
                return i + sep.len_utf8() + skip;
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_labels_are_dropped() {
        let t = "WorldToday | Deputies visit the new studio";
        assert_eq!(&t[column_label_end(t)..], "Deputies visit the new studio");
        assert_eq!(column_label_end("Deputies visit the new studio"), 0);
        assert_eq!(column_label_end("A long multi word label here | Deputies visit"), 0);
    }
}

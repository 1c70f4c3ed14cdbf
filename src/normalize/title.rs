//! The headline: the block of candidate lines nearest the head's metadata (or just above
//! the body), the line chosen in it, and a column label dropped from its front.

use rustc_hash::FxHashMap;

use super::body::Head;
use super::boilerplate::is_site_header;
use super::page::{cjk_count, word_count, Kind, Page, Unit};
use super::trim_span;
use crate::model::{Extracted, Span};
use crate::text::fold_ws;

/// The headline of the page, whitespace-folded, with its span.
pub(crate) fn find(page: &Page<'_>, head: Head) -> Option<Extracted<String>> {
    let (raw, units, folded) = (page.raw, &page.units, &page.folded);
    let (h, b) = (head.meta, head.body);
    let mut in_head: FxHashMap<&str, usize> = FxHashMap::default();
    for f in folded.iter().take(b) {
        *in_head.entry(f.as_str()).or_default() += 1;
    }
    let header_repeat = |i: usize| in_head.get(folded[i].as_str()).is_some_and(|&c| c >= 2);
    let is_cand = |i: usize| candidate(&units[i], raw);
    // The run of candidates ending at `end`, in page order.
    let run_to = |end: usize| {
        let mut k = end;
        let mut run = vec![k];
        while k > 0 && is_cand(k - 1) {
            k -= 1;
            run.push(k);
        }
        run.reverse();
        run
    };
    let mut run: Vec<usize> = h.and_then(|h| (0..h).rev().find(|&i| is_cand(i))).map(run_to).unwrap_or_default();
    if run.is_empty() {
        let from = h.map_or(0, |h| h + 1);
        if let Some(first) = (from..b).find(|&i| is_cand(i)) {
            let mut k = first;
            while k < b && is_cand(k) && run.len() < 4 {
                run.push(k);
                k += 1;
            }
        }
        if h.is_none() && !run.is_empty() {
            // Without a metadata line, the headline block is the run just above the body.
            let last = *run.last().unwrap_or(&0);
            if let Some(end) = (from..b).rev().find(|&i| is_cand(i)) {
                if end != last {
                    run = run_to(end);
                }
            }
        }
    }
    // A headline block is a few lines; a longer run is a list, and only its end counts.
    if run.len() > 4 {
        run.drain(..run.len() - 4);
    }
    let u = &units[choose(&run, units, &header_repeat)?];
    let skip = column_label_end(u.text(raw));
    let (s, e) = trim_span(raw, u.start + skip, u.end);
    let v = fold_ws(raw.get(s..e).unwrap_or(""));
    (!v.is_empty()).then(|| Extracted::new(v, Span::new(s, e)))
}

/// Whether a unit may be (part of) a headline block.
fn candidate(u: &Unit, raw: &str) -> bool {
    u.kind == Kind::Text && !u.junk && (u.words >= 3 || u.cjk >= 4) && !is_site_header(u.text(raw))
}

/// Picks the headline from a run of headline-block units (in page order): a line the page
/// repeats is the headline; in a kicker/headline/subtitle block of three or more the second
/// line; of two lines the first, unless it is a short label or kicker (five words or fewer)
/// before a headline-length line (fewer than twelve words).
fn choose(run: &[usize], units: &[Unit], repeated: &dyn Fn(usize) -> bool) -> Option<usize> {
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
fn column_label_end(text: &str) -> usize {
    for sep in ['|', '｜', '丨'] {
        if let Some(i) = text.find(sep) {
            let (label, rest) = (&text[..i], &text[i + sep.len_utf8()..]);
            if word_count(label) <= 2 && word_count(rest) >= 3 && cjk_count(label) <= 6 {
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

//! Normalizer, entity extractor and dedup signature on arbitrary text: no panics, and
//! every span indexes the raw text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xieshang::Span;

fn valid(raw: &str, s: Span) -> bool {
    s.start <= s.end && s.end <= raw.len() && raw.is_char_boundary(s.start) && raw.is_char_boundary(s.end)
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let n = xieshang::normalize(&raw);
    for s in n.title.iter().map(|x| x.span)
        .chain(n.published.iter().map(|x| x.span))
        .chain(n.source.iter().map(|x| x.span))
        .chain(n.dateline.iter().map(|x| x.span))
        .chain(n.body_spans.iter().copied())
        .chain(n.event_dates.iter().map(|d| d.span))
    {
        assert!(valid(&raw, s), "normalize span {s:?}");
    }
    let e = xieshang::extract::extract(&raw, &n, xieshang::extract::Gazetteer::embedded());
    for s in e.persons.iter().flat_map(|p| std::iter::once(p.span).chain(p.title_span).chain(p.mentions.iter().copied()))
        .chain(e.places.iter().map(|x| x.span))
        .chain(e.orgs.iter().map(|x| x.span))
        .chain(e.platforms.iter().map(|x| x.span))
        .chain(e.counts.iter().map(|x| x.span))
    {
        assert!(valid(&raw, s), "entity span {s:?}");
    }
    let _ = xieshang::dedup::signature(&n.body);
});

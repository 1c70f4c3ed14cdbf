//! Property tests: extraction never panics and every span indexes the raw text on
//! char boundaries.

use proptest::prelude::*;
use xieshang::extract::{extract, Gazetteer};
use xieshang::{Normalized, Span};

const PIECES: &[&str] = &[
    "Zhang Bing",
    ", ",
    "secretary of the CPC Jiaxing Municipal Committee",
    " and ",
    "Nanhu District",
    "Xing’an",
    " League",
    "闫路平",
    "’s ",
    "(Xinhua/Zhang Ling)",
    "9 living rooms for provincial CPPCC committees",
    "\n\n",
    "CPPCC Vice Chairman Sun Jianhua",
    "wen-dong zhao",
    "JiaoJiLin",
    "He said",
    " Town",
    "Street",
    "é",
    "\u{a0}",
    "“Committee Meeting”",
    "liaison station of people’s congress deputies",
    "Inner Mongolia",
    "Wu",
    ".",
    "-",
    "'",
];

fn check(raw: &str, norm: &Normalized) {
    let e = extract(raw, norm, Gazetteer::embedded());
    let mut spans: Vec<Span> = Vec::new();
    for p in &e.persons {
        spans.push(p.span);
        spans.extend(p.mentions.iter().copied());
        spans.extend(p.title_span);
    }
    spans.extend(e.places.iter().map(|p| p.span));
    spans.extend(e.orgs.iter().map(|p| p.span));
    spans.extend(e.platforms.iter().map(|p| p.span));
    spans.extend(e.counts.iter().map(|p| p.span));
    for s in spans {
        assert!(s.start <= s.end && s.slice(raw).is_some(), "bad span {s:?} in {raw:?}");
    }
    for p in &e.places {
        assert_eq!(Some(p.name.as_str()).map(|n| n.split_whitespace().count() > 0), Some(true));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_any_text(raw in "\\PC{0,300}") {
        check(&raw, &xieshang::normalize(&raw));
    }

    #[test]
    fn never_panics_on_tricky_pieces(idx in proptest::collection::vec(0..PIECES.len(), 0..40)) {
        let raw: String = idx.iter().map(|&i| PIECES[i]).collect();
        let norm = Normalized { body: raw.clone(), body_spans: vec![Span::new(0, raw.len())], ..Default::default() };
        check(&raw, &norm);
    }

    #[test]
    fn never_panics_on_bad_spans(raw in "\\PC{0,80}", a in 0usize..120, b in 0usize..120) {
        let norm = Normalized { body_spans: vec![Span::new(a, b), Span::new(b, a)], ..Default::default() };
        check(&raw, &norm);
    }
}

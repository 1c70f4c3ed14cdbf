//! Property tests: the normalizer never panics, every span indexes the raw text on char
//! boundaries, and normalizing is deterministic.

use proptest::prelude::*;
use xieshang::{Normalized, Normalizer, Span};

fn span_ok(raw: &str, s: &Span) -> bool {
    s.start <= s.end && s.end <= raw.len() && raw.is_char_boundary(s.start) && raw.is_char_boundary(s.end)
}

fn check_spans(raw: &str, n: &Normalized) -> Result<(), TestCaseError> {
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(n.title.iter().map(|t| t.span));
    spans.extend(n.published.iter().map(|t| t.span));
    spans.extend(n.source.iter().map(|t| t.span));
    spans.extend(n.dateline.iter().map(|t| t.span));
    spans.extend(n.body_spans.iter().copied());
    spans.extend(n.event_dates.iter().map(|e| e.span));
    for s in spans {
        prop_assert!(span_ok(raw, &s), "bad span {:?} in {:?}", s, raw);
    }
    for e in &n.event_dates {
        prop_assert_eq!(raw.get(e.span.start..e.span.end), Some(e.text.as_str()));
    }
    Ok(())
}

/// Pieces that exercise the rules: labels, dates, datelines, bullets, CJK, odd whitespace.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Release date: 2021-10-10 08:50".to_string()),
        Just(" date 2023-08-13 Regional Meeting Held".to_string()),
        Just("BEIJING, March 29 (Xinhua) -- ".to_string()),
        Just("CHIFENG CITY, INNER MONGOLIA – ".to_string()),
        Just("From:衡阳新闻网 | Date Add in:2023-12-06 11:33:20 [A  A]".to_string()),
        Just("  • Home".to_string()),
        Just("Home > News > ".to_string()),
        Just("2023年12月6日".to_string()),
        Just("Yesterday, on June 28, from August 9th to 12th".to_string()),
        Just("(Source: X) ".to_string()),
        Just("Leave a Reply".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\u{a0}\u{3000}\u{200b}".to_string()),
        Just("微信图片_2022.jpg".to_string()),
        "[a-zA-Z ,.]{0,40}",
        "\\PC{0,30}",
        "[\u{4e00}-\u{4e80}。，]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(raw in "\\PC*(\n\\PC*){0,8}") {
        let n = xieshang::normalize(&raw);
        check_spans(&raw, &n)?;
        prop_assert_eq!(&n, &xieshang::normalize(&raw));
    }

    #[test]
    fn structured_pages_never_panic(parts in prop::collection::vec(piece(), 0..40)) {
        let raw: String = parts.concat();
        let n = Normalizer::default().normalize(&raw, Some("http://x.cn/2017-03/14/a.htm"));
        check_spans(&raw, &n)?;
        prop_assert_eq!(&n, &Normalizer::default().normalize(&raw, Some("http://x.cn/2017-03/14/a.htm")));
        let corpus = Normalizer::from_corpus([raw.as_str(), raw.as_str()]);
        check_spans(&raw, &corpus.normalize(&raw, None))?;
    }

    #[test]
    fn many_newlines_and_cjk(raw in "[\n \u{4e00}-\u{4e10}a。.:：|>•-]{0,300}") {
        let n = xieshang::normalize(&raw);
        check_spans(&raw, &n)?;
    }
}

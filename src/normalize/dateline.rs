//! Leading dateline stamps: `BEIJING, March 29 (Xinhua) --`, `CHIFENG CITY, INNER MONGOLIA –`,
//! `Beijing, China / TimesNewswire / March 20, 2023 –`.

use std::sync::LazyLock;

use regex::Regex;

use super::keywords::{alt, AGENCY_NAMES};
use super::source::outlet_like;
use crate::model::{Extracted, Span};
use crate::text::fold_ws;

/// The dateline found at the head of the body, as spans of the raw text.
#[derive(Debug, Default)]
pub(crate) struct Dateline {
    /// The place, whitespace-folded.
    pub place: Option<Extracted<String>>,
    /// A news agency named in the stamp.
    pub agency: Option<(usize, usize)>,
}

/// Takes the dateline stamp off the head of the body (its first paragraph, or the second
/// after a leading caption): the paragraph then begins after the stamp.
pub(crate) fn strip(raw: &str, body: &mut [(usize, usize)]) -> Dateline {
    let mut found = Dateline::default();
    for (k, p) in body.iter_mut().enumerate().take(2) {
        let t = raw.get(p.0..p.1).unwrap_or("");
        if k == 1 && found.place.is_some() {
            break;
        }
        if let Some(st) = parse(t) {
            if let Some((s, e)) = st.place {
                let v = fold_ws(raw.get(p.0 + s..p.0 + e).unwrap_or(""));
                found.place = Some(Extracted::new(v, Span::new(p.0 + s, p.0 + e)));
            }
            found.agency = st.agency.map(|(s, e)| (p.0 + s, p.0 + e));
            if k == 0 {
                // A stamp alone on its line leaves nothing of the paragraph.
                p.0 = if st.end < t.len() { super::trim_span(raw, p.0 + st.end, p.1).0 } else { p.1 };
            }
            break;
        }
        let caption = t.trim_end().ends_with([')', ']', '）', '】']);
        if !caption {
            break;
        }
    }
    found
}

/// A dateline stamp at the start of a paragraph. Offsets are relative to the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// Where the paragraph text proper begins (after the stamp and its dash).
    pub end: usize,
    /// The place, as printed.
    pub place: Option<(usize, usize)>,
    /// A news agency named in the stamp (`(Xinhua)`, `/ TimesNewswire /`).
    pub agency: Option<(usize, usize)>,
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

static WITH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,，.]*(?P<pre>[^\n()（）\d]{{2,90}}?)\s*[,，/]\s*(?P<date>{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,\s*\d{{4}})?)\s*(?:[(（](?P<paren>[^)）\n]{{1,60}})[)）])?\s*(?P<dash>--|—|–|-)?\s*"
    ))
    .expect("dateline regex")
});
static CAPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<place>\p{Lu}[\p{Lu} .'’-]+(?:,\s*\p{Lu}[\p{Lu} .'’-]+)*?)\s*(?:[(（](?P<paren>[^)）\n]{1,40})[)）])?\s*(?P<dash>--|—|–)\s*")
        .expect("caps dateline regex")
});
/// A news agency's name (`agency_names.tsv`), or two to six letters.
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    let names = alt(AGENCY_NAMES.patterns());
    Regex::new(&format!(r"(?i)^(?:{names}|\p{{Lu}}{{2,6}})$")).expect("agency regex")
});
static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<agency>新华社|中新社|中新网|人民网|央视网|本报)?(?P<place>\p{Han}{2,6}?)\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电\s*(?:[（(][^）)\n]{0,40}[）)])?\s*")
        .expect("chinese dateline regex")
});
const NOT_PLACE_START: [&str; 10] = ["On", "In", "At", "From", "By", "Since", "The", "A", "During", "After"];

fn place_ok(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && s.chars().next().is_some_and(char::is_uppercase)
        && !words.first().is_some_and(|w| NOT_PLACE_START.contains(w))
        && !outlet_like(s)
        && !s.chars().any(|c| c.is_ascii_digit())
}

/// Whether a parenthesised credit names a news agency rather than a reporter.
pub(crate) fn is_agency(s: &str) -> bool {
    let s = s.trim();
    AGENCY.is_match(s) || (outlet_like(s) && s.split_whitespace().count() <= 5)
}

fn trim_span(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let sub = text.get(s..e)?;
    let l = sub.len() - sub.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '，').len();
    let r = sub.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '，').len();
    (r > l).then_some((s + l, s + r))
}

/// Parses a dateline stamp at the start of `text`.
fn parse(text: &str) -> Option<Stamp> {
    if let Some(c) = WITH_DATE.captures(text) {
        let pre = c.name("pre")?;
        let has_paren = c.name("paren").is_some();
        let has_dash = c.name("dash").is_some();
        let m = c.get(0)?;
        // The stamp must be set off: a credit in brackets, a dash, or slashes.
        if (has_paren || has_dash || pre.as_str().contains('/')) && pre.as_str().split_whitespace().count() <= 9 {
            let mut parts = Vec::new();
            let mut at = pre.start();
            for p in pre.as_str().split('/') {
                if let Some(sp) = trim_span(text, at, at + p.len()) {
                    parts.push(sp);
                }
                at += p.len() + 1;
            }
            let first_word_ok = text
                .get(pre.start()..pre.end())
                .and_then(|p| p.split_whitespace().next())
                .is_some_and(|w| !NOT_PLACE_START.contains(&w.trim_end_matches(',')));
            if !first_word_ok {
                return None;
            }
            let place = parts.first().copied().filter(|(s, e)| text.get(*s..*e).is_some_and(place_ok));
            let mut agency = parts.get(1).copied();
            if let Some(p) = c.name("paren") {
                if agency.is_none() && is_agency(p.as_str()) {
                    agency = Some((p.start(), p.end()));
                }
            }
            if place.is_none() && !outlet_like(pre.as_str()) {
                return None;
            }
            return Some(Stamp { end: m.end(), place, agency });
        }
    }
    if let Some(c) = CHINESE.captures(text) {
        let m = c.get(0)?;
        let place = c.name("place").map(|p| (p.start(), p.end()));
        let agency = c.name("agency").filter(|a| a.as_str() != "本报").map(|a| (a.start(), a.end()));
        return Some(Stamp { end: m.end(), place, agency });
    }
    if let Some(c) = CAPS.captures(text) {
        let m = c.get(0)?;
        let p = c.name("place")?;
        let letters = p.as_str().chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 3 && p.as_str().split_whitespace().count() <= 6 {
            let agency = c.name("paren").filter(|a| is_agency(a.as_str())).map(|a| (a.start(), a.end()));
            return Some(Stamp { end: m.end(), place: trim_span(text, p.start(), p.end()), agency });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<&str> {
        parse(text).and_then(|s| s.place).and_then(|(a, b)| text.get(a..b))
    }

    #[test]
    fn agency_datelines() {
        let t = "NANJING, May 2 (Xinhua) -- Deputies met.";
        let s = parse(t).expect("stamp");
        assert_eq!(place(t), Some("NANJING"));
        assert_eq!(&t[s.end..], "Deputies met.");
        assert_eq!(s.agency.and_then(|(a, b)| t.get(a..b)), Some("Xinhua"));
        assert_eq!(place("HEFEI, Jan. 6 (Xinhua) -- Text."), Some("HEFEI"));
    }

    #[test]
    fn caps_and_dash_datelines() {
        let t = "TONGLIAO CITY, INNER MONGOLIA – On May 3, members met.";
        let s = parse(t).expect("stamp");
        assert_eq!(place(t), Some("TONGLIAO CITY, INNER MONGOLIA"));
        assert_eq!(&t[s.end..], "On May 3, members met.");
        assert_eq!(place("WUHAN, April 2 – The city held a forum."), Some("WUHAN"));
    }

    #[test]
    fn slash_datelines_name_an_agency() {
        let t = "Hefei, China / SomeWire /  April 2, 2022 – Residents spoke.";
        let s = parse(t).expect("stamp");
        assert_eq!(place(t), Some("Hefei, China"));
        assert_eq!(s.agency.and_then(|(a, b)| t.get(a..b)), Some("SomeWire"));
        assert_eq!(&t[s.end..], "Residents spoke.");
    }

    #[test]
    fn outlet_stamp_has_no_place() {
        let t = "Example Daily, New Example Client, May 9 (Correspondent Li Si) \"Quote\" he said.";
        let s = parse(t).expect("stamp");
        assert_eq!(s.place, None);
        assert_eq!(s.agency, None);
        assert!(t[s.end..].starts_with("\"Quote\""));
    }

    #[test]
    fn chinese_datelines() {
        let t = "新华社杭州3月5日电（记者 张三）委员们表示。";
        let s = parse(t).expect("stamp");
        assert_eq!(place(t), Some("杭州"));
        assert_eq!(s.agency.and_then(|(a, b)| t.get(a..b)), Some("新华社"));
        assert_eq!(&t[s.end..], "委员们表示。");
        assert_eq!(parse("委员们表示要加强协商。"), None);
    }

    #[test]
    fn ordinary_sentences_are_not_stamps() {
        assert_eq!(parse("On June 28, the conference was held."), None);
        assert_eq!(parse("In Beijing, members met on May 2."), None);
        assert_eq!(parse("The meeting was held in Hangzhou."), None);
    }

    #[test]
    fn every_agency_name_is_an_agency() {
        for r in &AGENCY_NAMES.rules {
            let ex = r.example();
            assert!(ex.to_lowercase() == r.pattern().to_lowercase(), "agency_names.tsv:{}: {ex:?}", r.line);
            assert!(is_agency(ex), "agency_names.tsv:{}: {ex:?}", r.line);
            let t = format!("HEFEI, March 29 ({ex}) -- Deputies met.");
            let s = parse(&t).unwrap_or_else(|| panic!("agency_names.tsv:{}: no stamp in {t:?}", r.line));
            assert_eq!(s.agency.and_then(|(a, b)| t.get(a..b)), Some(ex), "agency_names.tsv:{}", r.line);
        }
    }
}

//! The source outlet: labelled fields (`Source:`, `From:`, `Information source:`, `来源:`),
//! stamp lines, bylines and agency credits; and [`canonical_source`] for one spelling per
//! outlet.

use std::sync::LazyLock;

use regex::Regex;

use super::boilerplate::ANY_LABEL;
use super::dates::{find_dates, from_credit};
use super::keywords::{alt, with_field, Cues, METADATA_LABELS, OUTLET_WORDS, WIDGET_WORDS};
use super::page::{Kind, Page};
use crate::model::{Extracted, Span};
use crate::text::fold_ws;

/// The outlet, whitespace-folded: a labelled field on a metadata line, else what is left
/// on a date-stamp line of the head, else the `agency` of the dateline, else a byline
/// `By Name, Outlet`, else a closing credit `(Outlet March 3, 2010)` ending the body or
/// alone after it.
pub(crate) fn find(
    page: &Page<'_>,
    head_end: usize,
    body: &[(usize, usize)],
    agency: Option<(usize, usize)>,
) -> Option<Extracted<String>> {
    let (raw, units) = (page.raw, &page.units);
    let n = units.len();
    let at = |i: usize, f: fn(&str, Cues) -> Option<(usize, usize)>| {
        f(units[i].text(raw), units[i].cues).map(|(s, e)| (units[i].start + s, units[i].start + e))
    };
    let meta: Vec<usize> = (0..n).filter(|&i| matches!(units[i].kind, Kind::HeaderMeta | Kind::Meta)).collect();
    let from_stamp = |i: usize| {
        let ds = find_dates(units[i].text(raw), units[i].cues);
        if ds.is_empty() || ds.iter().all(|d| d.chrome) {
            return None;
        }
        at(i, from_stamp_line)
    };
    let from_credits = || {
        let after =
            (head_end..n).filter(|&i| units[i].kind == Kind::HeaderMeta).map(|i| (units[i].start, units[i].end));
        body.last()
            .copied()
            .into_iter()
            .chain(after)
            .find_map(|(s, e)| from_credit(raw.get(s..e).unwrap_or("")).map(|(a, z)| (s + a, s + z)))
    };
    let (s, e) = meta
        .iter()
        .find_map(|&i| at(i, labelled))
        .or_else(|| (0..head_end).filter(|&i| units[i].kind == Kind::HeaderMeta).find_map(from_stamp))
        .or(agency)
        .or_else(|| meta.iter().find_map(|&i| at(i, |t, _| from_byline(t))))
        .or_else(from_credits)?;
    let v = fold_ws(raw.get(s..e)?);
    (!v.is_empty()).then(|| Extracted::new(v, Span::new(s, e)))
}

/// An outlet word (`outlet_words.tsv`) anywhere, as a whole word, or ending a word.
static OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    let inside = alt(with_field(&OUTLET_WORDS, 1, &["inside"]));
    let word = alt(with_field(&OUTLET_WORDS, 1, &["word"]));
    let end = alt(with_field(&OUTLET_WORDS, 1, &["end"]));
    Regex::new(&format!(r"(?i){inside}|\b(?:{word})\b|(?:{end})\b")).expect("outlet regex")
});

/// Whether a name looks like a news outlet rather than a person.
pub(crate) fn outlet_like(s: &str) -> bool {
    OUTLET.is_match(s)
}

/// A metadata label whose field names the outlet (`metadata_labels.tsv`, role `source`).
static SOURCE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let labels = alt(with_field(&METADATA_LABELS, 1, &["source"]));
    Regex::new(&format!(r"(?i)(?:^|[\s|/【\[(（,，])({labels})\s*[:：]")).expect("source label regex")
});
/// A run of widget buttons (`widget_words.tsv`) ending a metadata value.
static WIDGET_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    let words = alt(WIDGET_WORDS.patterns());
    Regex::new(&format!(r"(?i)(?:\s+(?:{words}))+\s*$")).expect("widget tail regex")
});

/// Whether a source label also names a person (`author`, `writer`): its value is the
/// outlet only when it looks like one.
fn names_person(label: &str) -> bool {
    let l = label.to_lowercase();
    with_field(&METADATA_LABELS, 1, &["person"]).any(|p| p == l)
}

fn clean_value(text: &str, s: usize, mut e: usize) -> Option<(usize, usize)> {
    let v = text.get(s..e)?;
    if let Some(m) = WIDGET_TAIL.find(v) {
        e = s + m.start();
    }
    let v = text.get(s..e)?;
    let t = v.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '，' | '.' | ';' | '|' | ':' | '：' | '-' | '–')
    });
    let l = t.len() - t.trim_start().len();
    let t = t.trim_start();
    if t.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    Some((s + l, s + l + t.len()))
}

/// The value of the first labelled source field in `text` (a metadata line, with the
/// keyword `cues` of its line), as a span relative to `text`.
fn labelled(text: &str, cues: Cues) -> Option<(usize, usize)> {
    for c in SOURCE_LABEL.captures_iter(text) {
        let (Some(label), Some(m)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let after = text.get(m.end()..).unwrap_or("");
        let start = m.end() + (after.len() - after.trim_start().len());
        let rest = text.get(start..).unwrap_or("");
        let in_paren = text.get(..label.start()).is_some_and(|b| b.trim_end().ends_with(['(', '（']));
        let mut end = rest.len();
        let mut cut = |i: usize| end = end.min(i);
        for pat in ["|", "｜", "  ", "\t", "【", "[", "\u{3000}"] {
            if let Some(i) = rest.find(pat) {
                cut(i);
            }
        }
        if in_paren {
            if let Some(i) = rest.find([')', '）']) {
                cut(i);
            }
        }
        if let Some(m) = ANY_LABEL.find(rest) {
            cut(m.start());
        }
        if let Some(d) = find_dates(rest, cues).first() {
            cut(d.start);
        }
        let Some((s, e)) = clean_value(text, start, start + end) else {
            continue;
        };
        let value = text.get(s..e).unwrap_or("");
        if names_person(label.as_str()) && !outlet_like(value) {
            continue;
        }
        if value.split_whitespace().count() > 10 {
            continue;
        }
        return Some((s, e));
    }
    None
}

/// The outlet left on a date-stamp line once the date and labels are gone
/// (`China Daily Updated: …`, `Updated: … example.com.cn`, `… 22:46   Xinhua`).
fn from_stamp_line(text: &str, cues: Cues) -> Option<(usize, usize)> {
    // Stamp lines are often segments (`By Name | outlet.com | Updated: …`): prefer the
    // segment that names an outlet; a lone remainder must not be a byline.
    static SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|[|｜\t]").expect("separator regex"));
    static PERSON_LABEL: LazyLock<Regex> = LazyLock::new(|| {
        let labels = alt(with_field(&METADATA_LABELS, 1, &["person"]));
        Regex::new(&format!(r"(?i)^\s*(?:by\s|{labels})")).expect("person label regex")
    });
    let mut segs: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for m in SEP.find_iter(text) {
        segs.push((start, text.get(start..m.start()).unwrap_or("")));
        start = m.end();
    }
    segs.push((start, text.get(start..).unwrap_or("")));
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (off, seg) in segs {
        if PERSON_LABEL.is_match(seg) {
            continue;
        }
        if let Some((s, e)) = stamp_remainder(seg, cues) {
            found.push((off + s, off + e));
        }
    }
    found
        .iter()
        .copied()
        .find(|&(s, e)| text.get(s..e).is_some_and(outlet_like))
        .or_else(|| (found.len() == 1).then(|| found[0]))
}

fn stamp_remainder(text: &str, cues: Cues) -> Option<(usize, usize)> {
    let rem = super::boilerplate::date_line_remainder(text, cues);
    let words = rem.split_whitespace().count();
    if rem.is_empty() || words > 5 || rem.chars().next().is_some_and(|c| c.is_lowercase() && !rem.contains('.')) {
        return None;
    }
    if rem.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    let i = text.find(rem.as_str())?;
    Some((i, i + rem.len()))
}

static BYLINE_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+[^,]{2,60},\s*(?P<o>[^,]{2,60})$").expect("byline regex"));

/// The outlet in a byline `By Name, Outlet`.
fn from_byline(text: &str) -> Option<(usize, usize)> {
    let c = BYLINE_OUTLET.captures(text)?;
    let o = c.name("o")?;
    outlet_like(o.as_str()).then(|| (o.start(), o.end()))
}

/// One spelling per outlet, for a `source_canonical` column: known agencies and papers
/// get their usual English name (`xinhua`, `Xinhua News Agency`, `新华社` → `Xinhua`),
/// other names are whitespace-folded with typographic apostrophes made plain and
/// all-lower-case names capitalised. Chinese names stay as printed.
pub fn canonical_source(s: &str) -> String {
    let folded = fold_ws(s)
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(c, '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】' | ',' | '.' | ':' | '：' | '|')
        })
        .replace(['’', '‘', '`'], "'");
    let key = folded.to_lowercase();
    let key = key.strip_prefix("www.").unwrap_or(&key).to_string();
    let known: &[(&[&str], &str)] = &[
        (
            &[
                "xinhua",
                "xinhua news agency",
                "xinhuanet",
                "xinhuanet.com",
                "xinhua net",
                "news.cn",
                "english.news.cn",
                "新华社",
                "新华网",
            ],
            "Xinhua",
        ),
        (
            &["china daily", "chinadaily", "chinadaily.com.cn", "china daily online", "中国日报", "中国日报网"],
            "China Daily",
        ),
        (&["people's daily", "人民日报"], "People's Daily"),
        (&["people's daily online", "en.people.cn", "people.cn", "人民网"], "People's Daily Online"),
        (&["cgtn", "cgtn.com"], "CGTN"),
        (&["cctv", "cctv.com", "央视网", "中央电视台"], "CCTV"),
        (
            &["china news service", "cns", "ecns", "ecns.cn", "chinanews", "chinanews.com", "中新社", "中国新闻网"],
            "China News Service",
        ),
        (&["global times", "globaltimes.cn", "环球时报"], "Global Times"),
        (&["cppcc daily", "人民政协报"], "CPPCC Daily"),
        (&["人民政协网", "rmzxb.com.cn"], "人民政协网"),
        (&["china.org.cn", "china.org", "中国网"], "China.org.cn"),
        (&["shine", "shine.cn", "shanghai daily"], "Shanghai Daily"),
    ];
    for (names, canon) in known {
        if names.contains(&key.as_str()) {
            return (*canon).to_string();
        }
    }
    if folded.chars().any(|c| c.is_ascii_uppercase()) || folded.contains('.') || folded.chars().any(crate::text::is_han)
    {
        return folded;
    }
    folded
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::keywords::cues;

    fn lab(t: &str) -> Option<&str> {
        labelled(t, cues(&fold_ws(t))).and_then(|(a, b)| t.get(a..b))
    }

    fn stamp(t: &str) -> Option<(usize, usize)> {
        from_stamp_line(t, cues(&fold_ws(t)))
    }

    #[test]
    fn labelled_sources() {
        assert_eq!(lab("Information source: Example Evening News"), Some("Example Evening News"));
        assert_eq!(lab("From:某某新闻网 | Date Add in:2020-01-02 11:00:00 [A  A]"), Some("某某新闻网"));
        assert_eq!(lab("Source:某某政府网 Date:2020-01-06 13:50:23 【Fonts:Small Big"), Some("某某政府网"));
        assert_eq!(lab("Updated: 2018-07-09    Source: Example Daily Large Medium Small Print"), Some("Example Daily"));
        assert_eq!(lab("//site.example  Author:  Source:agency  Editor:Wu Di  2020-03-04 09:13:45"), Some("agency"));
        assert_eq!(
            lab("(Source: Example Municipal Government website) [For submissions email us]"),
            Some("Example Municipal Government website")
        );
        assert_eq!(lab("来源：某某日报"), Some("某某日报"));
        assert_eq!(lab("author:Example Online"), Some("Example Online"));
        assert_eq!(lab("Author: Li Ming"), None);
        assert_eq!(lab("Source: |"), None);
        assert_eq!(lab("Chinese source:"), None);
        assert_eq!(lab("Source: Agency | 2020/05/06"), Some("Agency"));
        assert_eq!(lab("2020-05-06 10:00:00  Source: Town News  Author: Li Ming  Views: 30"), Some("Town News"));
    }

    #[test]
    fn stamp_line_sources() {
        let f = |t: &'static str| stamp(t).and_then(|(a, b)| t.get(a..b));
        assert_eq!(f("Example Post Updated: 2020-08-12"), Some("Example Post"));
        assert_eq!(f("Updated: 2020-04-27 example.com.cn"), Some("example.com.cn"));
        assert_eq!(f("2020-02-27 22:46   Agency"), Some("Agency"));
        assert_eq!(f("Updated : 2020-04-13 (example.com.cn)"), Some("example.com.cn"));
        assert_eq!(f("2020-04-30 0 By"), None);
        assert_eq!(f("March 30, 2020"), None);
        assert_eq!(f("By Zhang San | example.com.cn | Updated: 2023-03-05 10:00"), Some("example.com.cn"));
        assert_eq!(f("(Example Daily Online) 10:08, March 05, 2023"), Some("Example Daily Online"));
        assert_eq!(f("Posted on March 5, 2023 by admin"), None);
        assert_eq!(f("Author: Wang Fang  Date: 2023-06-12  Views: 1032"), None);
    }

    #[test]
    fn bylines_and_credits() {
        let t = "By Li Ming, Example Daily";
        assert_eq!(from_byline(t).and_then(|(a, b)| t.get(a..b)), Some("Example Daily"));
        assert_eq!(from_byline("By Li Ming"), None);
        let c = "The meeting closed. (CCTV March 3, 2010)";
        assert_eq!(from_credit(c).and_then(|(a, b)| c.get(a..b)), Some("CCTV"));
    }

    #[test]
    fn canonical_names() {
        assert_eq!(canonical_source("xinhua"), "Xinhua");
        assert_eq!(canonical_source("Xinhua News Agency"), "Xinhua");
        assert_eq!(canonical_source(" chinadaily.com.cn "), "China Daily");
        assert_eq!(canonical_source("People’s Daily"), "People's Daily");
        assert_eq!(canonical_source("衡阳新闻网"), "衡阳新闻网");
        assert_eq!(canonical_source("example  evening news"), "Example Evening News");
        assert_eq!(
            canonical_source("Example Municipal People’s Government website"),
            "Example Municipal People's Government website"
        );
    }

    #[test]
    fn every_source_label_gives_the_outlet() {
        for r in METADATA_LABELS.rules.iter().filter(|r| r.field(1).is_some_and(|f| f.contains("source"))) {
            let ex = r.example();
            let value = lab(ex).unwrap_or_else(|| panic!("metadata_labels.tsv:{}: no source in {ex:?}", r.line));
            assert!(!value.to_lowercase().contains(r.pattern()), "metadata_labels.tsv:{}: {value:?}", r.line);
        }
    }

    #[test]
    fn every_person_label_opens_a_person_segment() {
        for r in METADATA_LABELS.rules.iter().filter(|r| r.field(1).is_some_and(|f| f.contains("person"))) {
            let line = format!("{}  2020-05-06", r.example());
            assert_eq!(stamp(&line), None, "metadata_labels.tsv:{}: {line:?}", r.line);
        }
    }

    #[test]
    fn every_outlet_word_names_an_outlet() {
        for r in &OUTLET_WORDS.rules {
            let ex = r.example();
            assert!(ex.to_lowercase().contains(r.pattern()), "outlet_words.tsv:{}: {ex:?}", r.line);
            assert!(outlet_like(ex), "outlet_words.tsv:{}: {ex:?}", r.line);
        }
        // A whole-word rule does not match inside a word.
        assert!(!outlet_like("Planet Li"));
        assert!(!outlet_like("Wirek Town"));
    }

    #[test]
    fn every_widget_word_leaves_the_source_value() {
        for r in &WIDGET_WORDS.rules {
            let ex = r.example();
            assert!(ex.to_lowercase().contains(r.pattern()), "widget_words.tsv:{}: {ex:?}", r.line);
            let line = format!("Source: Example Daily {ex}");
            assert_eq!(lab(&line), Some("Example Daily"), "widget_words.tsv:{}: {line:?}", r.line);
        }
    }
}

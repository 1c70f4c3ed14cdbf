//! Dates: the publication date (a stamp in the head, a labelled stamp anywhere, a closing
//! credit, the URL) and the event dates mentioned in the body.
//!
//! Event dates whose year cannot be known (no publication date to resolve against) keep
//! their text and span but have `start: None`; a month and day without a year resolve to
//! the latest such date no more than half a year after publication.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use super::keywords::{alt, date_words, Concept, Cues};
use super::page::{Kind, Page};
use crate::model::{EventDate, Extracted, PartialDate, Precision, Span};

/// The publication date: a stamp in the head (after the headline `title_at` if there is
/// one there; an `Updated:` stamp only when there is no other), then a stamp anywhere,
/// then the closing credit of the `body`, then the `url` (whose date has the empty span
/// `0..0`, as it does not come from the raw text).
pub(crate) fn published(
    page: &Page<'_>,
    head_end: usize,
    title_at: usize,
    body: &[(usize, usize)],
    url: Option<&str>,
) -> Option<Extracted<PartialDate>> {
    let (raw, units) = (page.raw, &page.units);
    let stamp_dates = |range: std::ops::Range<usize>| -> Vec<(usize, usize, NaiveDate)> {
        range
            .filter(|&i| units[i].kind == Kind::HeaderMeta)
            .flat_map(|i| {
                let u = &units[i];
                find_dates(u.text(raw), u.cues)
                    .into_iter()
                    .filter(|d| !d.chrome)
                    .map(move |d| (u.start + d.start, u.start + d.end, d.date))
            })
            .collect()
    };
    let head = stamp_dates(0..head_end);
    let updated = |d: &&(usize, usize, NaiveDate)| {
        let mut s = d.0.saturating_sub(24);
        while !raw.is_char_boundary(s) {
            s += 1;
        }
        let before = raw.get(s..d.0).unwrap_or("").to_lowercase();
        before.contains("updat") || before.contains("更新") || before.contains("modified")
    };
    let after_title: Vec<_> = head.iter().filter(|d| d.0 >= title_at).collect();
    let mut found = after_title
        .iter()
        .find(|d| !updated(d))
        .or_else(|| after_title.first())
        .copied()
        .or_else(|| head.first())
        .copied()
        .or_else(|| stamp_dates(head_end..units.len()).first().copied());
    if found.is_none() {
        if let Some(&(s, e)) = body.last() {
            let t = raw.get(s..e).unwrap_or("");
            if let Some((cs, _)) = from_credit(t) {
                found = find_dates(&t[cs..], page.cues_of(s, e))
                    .first()
                    .map(|d| (s + cs + d.start, s + cs + d.end, d.date));
            }
        }
    }
    found
        .map(|(s, e, d)| Extracted::new(PartialDate::day(d), Span::new(s, e)))
        .or_else(|| url.and_then(date_from_url).map(|d| Extracted::new(PartialDate::day(d), Span::new(0, 0))))
}

/// The event dates mentioned in the body paragraphs, resolved against `pub_date`.
pub(crate) fn in_body(page: &Page<'_>, body: &[(usize, usize)], pub_date: Option<NaiveDate>) -> Vec<EventDate> {
    body.iter()
        .flat_map(|&(s, e)| event_dates(page.raw.get(s..e).unwrap_or(""), s, pub_date, page.cues_of(s, e)))
        .collect()
}

const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const TIME: &str = r"(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?)?";

/// The value (field 2) of the date word of `kind` that is `word`.
fn word_value(kind: &'static str, word: &str) -> Option<u32> {
    date_words(kind).find(|r| r.pattern() == word).and_then(|r| r.field(2)?.parse().ok())
}

/// Month number of an English month name or abbreviation: by its first three letters
/// (`date_words.tsv`, `month`).
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let l = name.to_ascii_lowercase();
    word_value("month", l.get(..3)?)
}

/// A full date (with year) found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    /// A weekday name stands before it: a "today's date" widget, not a publication stamp.
    pub chrome: bool,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1949..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn num<T: std::str::FromStr>(c: &regex::Captures<'_>, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

type DateFn = fn(&regex::Captures<'_>) -> Option<NaiveDate>;

/// The full-date patterns, each with the concepts of the keyword pass it cannot match
/// without.
static FULL: LazyLock<Vec<(Regex, DateFn, &'static [Concept])>> = LazyLock::new(|| {
    use Concept::*;
    let v: Vec<(String, DateFn, &'static [Concept])> = vec![
        (
            format!(
                r"\b(\d{{4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?|\b){TIME}"
            ),
            |c| ymd(num(c, 1)?, num(c, 2)?, num(c, 3)?),
            &[DigitRun4, DigitThenSeparator],
        ),
        (
            format!(r"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日{TIME}"),
            |c| ymd(num(c, 1)?, num(c, 2)?, num(c, 3)?),
            &[DigitRun4, ZhYear, ZhMonth, ZhDay],
        ),
        (
            format!(r"(?i)\b(\d{{4}})-{MONTH}[a-z]*-(\d{{1,2}})\b{TIME}"),
            |c| ymd(num(c, 1)?, month_number(c.get(2)?.as_str())?, num(c, 3)?),
            &[DigitRun4, DigitThenDash, Month],
        ),
        (
            format!(r"(?i)\b{MONTH}[a-z]*\.?[\s-]+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+|-)(\d{{4}})\b{TIME}"),
            |c| ymd(num(c, 3)?, month_number(c.get(1)?.as_str())?, num(c, 2)?),
            &[DigitRun4, Month],
        ),
        (
            format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{MONTH}[a-z]*\.?(?:\s*,\s*|\s+|-)(\d{{4}})\b{TIME}"),
            |c| ymd(num(c, 3)?, month_number(c.get(2)?.as_str())?, num(c, 1)?),
            &[DigitRun4, Month],
        ),
        (
            format!(r"\b(\d{{1,2}})[-/](\d{{1,2}})[-/](\d{{4}})\b{TIME}"),
            |c| {
                let (a, b, y): (u32, u32, i32) = (num(c, 1)?, num(c, 2)?, num(c, 3)?);
                // MM-DD-YYYY as printed by US-style templates; DD-MM-YYYY when it cannot be.
                if a > 12 {
                    ymd(y, b, a)
                } else {
                    ymd(y, a, b)
                }
            },
            &[DigitRun4, DigitThenDashOrSlash],
        ),
        (
            format!(r"\b(\d{{2}})-(\d{{2}})-(\d{{2}})\b{TIME}"),
            |c| {
                // A two-digit year is read as 20YY (GOLD.md).
                let y: i32 = num(c, 1)?;
                ymd(2000 + y, num(c, 2)?, num(c, 3)?)
            },
            &[DigitThenDash],
        ),
    ];
    v.into_iter().filter_map(|(p, f, needs)| Regex::new(&p).ok().map(|r| (r, f, needs))).collect()
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b\.?,?\s*$|星期.\s*$|周.\s*$")
        .expect("weekday regex")
});

/// Every full date (with a year) in `text`, in order, without overlaps. Offsets are
/// relative to `text`; `cues` are the keyword cues of `text` (or of a text holding it).
pub(crate) fn find_dates(text: &str, cues: Cues) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for (re, f, needs) in FULL.iter() {
        if !cues.has_all(needs) {
            continue;
        }
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if found.iter().any(|d| m.start() < d.end && d.start < m.end()) {
                continue;
            }
            if let Some(date) = f(&c) {
                let mut s = m.start().saturating_sub(24);
                while !text.is_char_boundary(s) {
                    s += 1;
                }
                let before = text.get(s..m.start()).unwrap_or("");
                let chrome = WEEKDAY.is_match(before);
                found.push(FoundDate { start: m.start(), end: m.end(), date, chrome });
            }
        }
    }
    found.sort_by_key(|d| d.start);
    found
}

/// A closing credit: an outlet and a full date in brackets, ending a paragraph.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*(?P<o>[\p{Lu}][\p{L}’' .]{1,40}?)\s*,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\s*[)）]\s*$")
        .expect("credit regex")
});

/// A closing credit `(Outlet March 3, 2010)` at the end of a paragraph: the span of its
/// outlet (which `source.rs` reads; the date after it is the publication date's last resort).
pub(crate) fn from_credit(text: &str) -> Option<(usize, usize)> {
    let c = CREDIT.captures(text)?;
    let o = c.name("o")?;
    Some((o.start(), o.end()))
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(\d{4})[-_/]?(\d{2})[-_/]?(\d{2})(?:/|[^0-9])|/(\d{4})-(\d{2})/(\d{2})/|/t(\d{4})(\d{2})(\d{2})_")
        .expect("url date regex")
});

/// A date in a URL path (`/2017-03/14/`, `/20170314/`, `/t20170314_`), the last resort
/// when the page states none.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    for c in URL_DATE.captures_iter(url) {
        let parts: Vec<&str> = (1..=9).filter_map(|i| c.get(i).map(|m| m.as_str())).collect();
        if let [y, m, d] = parts.as_slice() {
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                if let Some(date) = ymd(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

// ---- event dates

static EV_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b[Ff]rom (?:the )?{MONTH}\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))? (?:to|until|till|through|-|–) (?:{MONTH}\.? )?(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?"
    ))
    .expect("range regex")
});
static EV_MD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTH}\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}})\b)?")).expect("month day regex")
});
static EV_DM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)? {MONTH}\b(?:,? (\d{{4}})\b)?")).expect("day month regex")
});
static EV_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Ii]n|[Ss]ince|[Bb]y the end of|[Ee]arly|[Ll]ate|[Mm]id-) {MONTH}\b(?: (?:of )?(this year|last year|next year|\d{{4}}))?"
    ))
    .expect("month regex")
});
/// The relative days of `date_words.tsv`: English ones as whole words ignoring case,
/// Chinese ones anywhere.
static EV_REL: LazyLock<Regex> = LazyLock::new(|| {
    let words = alt(date_words("relative").map(|r| r.pattern()).filter(|w| w.is_ascii()));
    Regex::new(&format!(r"(?i)\b({words})\b")).expect("relative regex")
});
static EV_ZH_MD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(今年|去年)\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]").expect("zh month day regex")
});
static EV_ZH_REL: LazyLock<Regex> = LazyLock::new(|| {
    let words = alt(date_words("relative").map(|r| r.pattern()).filter(|w| !w.is_ascii()));
    Regex::new(&words).expect("zh relative regex")
});
/// A weekday of `date_words.tsv`, capitalised, after `on` or `last`.
static EV_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    let days: Vec<String> = date_words("weekday").map(|r| capitalised(r.pattern())).collect();
    Regex::new(&format!(r"\b(?:[Oo]n|[Ll]ast) ({})\b", days.join("|"))).expect("weekday regex")
});
static EV_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Ii]n|[Ss]ince) (19[5-9]\d|20\d\d)\b").expect("year regex"));

/// `word` with its first letter upper-cased (`monday` → `Monday`).
fn capitalised(word: &str) -> String {
    let mut cs = word.chars();
    cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
}

/// Resolves a month and day without a year against the publication date: the latest such
/// date not more than half a year after publication.
fn resolve_md(pub_date: Option<NaiveDate>, m: u32, d: u32) -> Option<PartialDate> {
    let p = pub_date?;
    let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
    let date = if this > p + Duration::days(183) { NaiveDate::from_ymd_opt(p.year() - 1, m, d)? } else { this };
    Some(PartialDate::day(date))
}

fn year_word(pub_date: Option<NaiveDate>, w: Option<&str>) -> Option<Option<i32>> {
    match w {
        None => Some(None),
        Some("this year") => pub_date.map(|p| Some(p.year())),
        Some("last year") => pub_date.map(|p| Some(p.year() - 1)),
        Some("next year") => pub_date.map(|p| Some(p.year() + 1)),
        Some(y) => y.parse().ok().map(Some),
    }
}

/// Dates mentioned in `text` (a slice of the raw text beginning at byte `offset`, with the
/// keyword `cues` of its lines), resolved against `pub_date`. A pattern runs only when the
/// cues hold the words and digits it cannot match without.
fn event_dates(text: &str, offset: usize, pub_date: Option<NaiveDate>, cues: Cues) -> Vec<EventDate> {
    use Concept::*;
    let mut out: Vec<EventDate> = Vec::new();
    let overlaps = |out: &[EventDate], s: usize, e: usize| {
        out.iter().any(|d| s + offset < d.span.end && d.span.start < e + offset)
    };
    let push = |out: &mut Vec<EventDate>, s: usize, e: usize, start: Option<PartialDate>, end: Option<PartialDate>| {
        if let Some(t) = text.get(s..e) {
            out.push(EventDate { text: t.to_string(), span: Span::new(s + offset, e + offset), start, end });
        }
    };
    let range_iter = cues.has_all(&[MonthCapitalised, Digit, RangeWord]).then(|| EV_RANGE.captures_iter(text));
    for c in range_iter.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        let Some(m1) = c.get(1).and_then(|x| month_number(x.as_str())) else {
            continue;
        };
        let m2 = c.get(4).and_then(|x| month_number(x.as_str())).unwrap_or(m1);
        let (Some(d1), Some(d2)) = (num::<u32>(&c, 2), num::<u32>(&c, 5)) else {
            continue;
        };
        let y = num::<i32>(&c, 3).or(num::<i32>(&c, 6));
        let (start, end) = match y {
            Some(y) => (ymd(y, m1, d1).map(PartialDate::day), ymd(y, m2, d2).map(PartialDate::day)),
            None => (resolve_md(pub_date, m1, d1), resolve_md(pub_date, m2, d2)),
        };
        push(&mut out, m.start(), m.end(), start, end);
    }
    for d in find_dates(text, cues) {
        if !overlaps(&out, d.start, d.end) {
            push(&mut out, d.start, d.end, Some(PartialDate::day(d.date)), None);
        }
    }
    for re in [&*EV_MD, &*EV_DM] {
        if !cues.has_all(&[MonthCapitalised, Digit]) {
            break;
        }
        let dm = std::ptr::eq(re, &*EV_DM);
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if overlaps(&out, m.start(), m.end()) {
                continue;
            }
            let (mi, di) = if dm { (2, 1) } else { (1, 2) };
            let Some(mo) = c.get(mi).and_then(|x| month_number(x.as_str())) else {
                continue;
            };
            let Some(day) = num::<u32>(&c, di) else {
                continue;
            };
            if !(1..=31).contains(&day) {
                continue;
            }
            let start = match num::<i32>(&c, 3) {
                Some(y) => ymd(y, mo, day).map(PartialDate::day),
                None => resolve_md(pub_date, mo, day),
            };
            push(&mut out, m.start(), m.end(), start, None);
        }
    }
    let month_iter = cues.has(MonthCapitalised).then(|| EV_MONTH.captures_iter(text));
    for c in month_iter.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let Some(mo) = c.get(1).and_then(|x| month_number(x.as_str())) else {
            continue;
        };
        let start = match year_word(pub_date, c.get(2).map(|x| x.as_str())) {
            Some(Some(y)) => ymd(y, mo, 1).map(|date| PartialDate { date, precision: Precision::Month }),
            Some(None) => pub_date.and_then(|p| {
                let y = if mo > p.month() { p.year() - 1 } else { p.year() };
                ymd(y, mo, 1).map(|date| PartialDate { date, precision: Precision::Month })
            }),
            None => None,
        };
        push(&mut out, m.start(), m.end(), start, None);
    }
    let rel_iter = cues.has(RelativeDay).then(|| EV_REL.captures_iter(text));
    for c in rel_iter.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let back = word_value("relative", &m.as_str().to_ascii_lowercase()).unwrap_or(0);
        let start = pub_date.map(|p| PartialDate::day(p - Duration::days(back.into())));
        push(&mut out, m.start(), m.end(), start, None);
    }
    let zh_md_iter = cues.has_all(&[ZhMonth, Digit]).then(|| EV_ZH_MD.captures_iter(text));
    for c in zh_md_iter.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let (Some(mo), Some(day)) = (num::<u32>(&c, 2), num::<u32>(&c, 3)) else {
            continue;
        };
        let start = match c.get(1).map(|x| x.as_str()) {
            Some("今年") => pub_date.and_then(|p| ymd(p.year(), mo, day)).map(PartialDate::day),
            Some(_) => pub_date.and_then(|p| ymd(p.year() - 1, mo, day)).map(PartialDate::day),
            None => resolve_md(pub_date, mo, day),
        };
        push(&mut out, m.start(), m.end(), start, None);
    }
    let zh_rel_iter = cues.has(ZhRelativeDay).then(|| EV_ZH_REL.find_iter(text));
    for m in zh_rel_iter.into_iter().flatten() {
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let back = word_value("relative", m.as_str()).unwrap_or(0);
        let start = pub_date.map(|p| PartialDate::day(p - Duration::days(back.into())));
        push(&mut out, m.start(), m.end(), start, None);
    }
    let weekday_iter = cues.has(Weekday).then(|| EV_WEEKDAY.captures_iter(text));
    for c in weekday_iter.into_iter().flatten() {
        let (Some(m), Some(w)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        // The latest such weekday on or before publication ("last" excludes the day itself).
        let target = i64::from(word_value("weekday", &w.as_str().to_ascii_lowercase()).unwrap_or(1)) - 1;
        let start = pub_date.map(|p| {
            let mut back = (i64::from(p.weekday().num_days_from_monday()) - target).rem_euclid(7);
            if back == 0 && m.as_str().to_ascii_lowercase().starts_with("last") {
                back = 7;
            }
            PartialDate::day(p - Duration::days(back))
        });
        push(&mut out, m.start(), m.end(), start, None);
    }
    let year_iter = cues.has(YearWord).then(|| EV_YEAR.captures_iter(text));
    for c in year_iter.into_iter().flatten() {
        let (Some(m), Some(y)) = (c.get(0), num::<i32>(&c, 1)) else {
            continue;
        };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let start = ymd(y, 1, 1).map(|date| PartialDate { date, precision: Precision::Year });
        push(&mut out, m.start(), m.end(), start, None);
    }
    out.sort_by_key(|d| d.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::keywords::{cues, DATE_WORDS};
    use crate::text::fold_ws;

    /// The full dates of `text`, with the cues of its scan.
    fn dates_in(text: &str) -> Vec<FoundDate> {
        find_dates(text, cues(&fold_ws(text)))
    }

    /// The event dates of `text`, with the cues of its scan.
    fn events(text: &str, offset: usize, pub_date: Option<NaiveDate>) -> Vec<EventDate> {
        event_dates(text, offset, pub_date, cues(&fold_ws(text)))
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn first(text: &str) -> Option<NaiveDate> {
        dates_in(text).first().map(|f| f.date)
    }

    #[test]
    fn stamp_formats() {
        assert_eq!(first("Release date: 2020-05-04 09:30"), Some(d(2020, 5, 4)));
        assert_eq!(first("Date Add in:2019-11-02 08:01:59 [A A]"), Some(d(2019, 11, 2)));
        assert_eq!(first("( 2016.07.09 )"), Some(d(2016, 7, 9)));
        assert_eq!(first("Time:2018.01.31"), Some(d(2018, 1, 31)));
        assert_eq!(first("2014-March-05"), Some(d(2014, 3, 5)));
        assert_eq!(first("2 February,2021"), Some(d(2021, 2, 2)));
        assert_eq!(first("Updated: Jun 3, 2022"), Some(d(2022, 6, 3)));
        assert_eq!(first("Posted: November-09-2013"), Some(d(2013, 11, 9)));
        assert_eq!(first("11-25-2008 10:10"), Some(d(2008, 11, 25)));
        assert_eq!(first("Date: 06/25/2008"), Some(d(2008, 6, 25)));
        assert_eq!(first("发布时间：2018年03月07日 10:20"), Some(d(2018, 3, 7)));
        assert_eq!(first("Pub Date:21-07-15"), Some(d(2021, 7, 15)));
        assert_eq!(first("7 June 2019"), Some(d(2019, 6, 7)));
        assert_eq!(first("Dec 6, 2023"), Some(d(2023, 12, 6)));
        assert_eq!(first("2020/02/29"), Some(d(2020, 2, 29)));
        assert_eq!(first("Published: 2023-03-05T10:00:00+08:00"), Some(d(2023, 3, 5)));
        assert_eq!(first("Mar 6th, 2023"), Some(d(2023, 3, 6)));
    }

    #[test]
    fn no_year_no_date_and_invalid_dates_rejected() {
        assert_eq!(first("November 21"), None);
        assert_eq!(first("2021-02-30"), None);
        assert_eq!(first("photo_20220413094614.jpg"), None);
    }

    #[test]
    fn weekday_dates_are_chrome() {
        let f = dates_in("Friday, Mar 1, 2024");
        assert_eq!(f.len(), 1);
        assert!(f[0].chrome);
        assert!(!dates_in("Updated: Mar 1, 2024")[0].chrome);
    }

    #[test]
    fn url_dates() {
        assert_eq!(date_from_url("http://x.cn/n/2017-03/14/content_1.htm"), Some(d(2017, 3, 14)));
        assert_eq!(date_from_url("http://x.cn/a/202101/t20210105_9.html"), Some(d(2021, 1, 5)));
        assert_eq!(date_from_url("http://x.cn/a/b.html"), None);
    }

    #[test]
    fn event_dates_resolve_against_publication() {
        let p = Some(d(2023, 8, 13));
        let text = "Yesterday, a meeting opened. On June 28, a visit. Field trips from August 9th to 12th. In September of this year, more.";
        let ev = events(text, 10, p);
        let get = |t: &str| ev.iter().find(|e| e.text == t).unwrap_or_else(|| panic!("missing {t}: {ev:?}"));
        assert_eq!(get("Yesterday").start, Some(PartialDate::day(d(2023, 8, 12))));
        assert_eq!(get("June 28").start, Some(PartialDate::day(d(2023, 6, 28))));
        let r = get("from August 9th to 12th");
        assert_eq!(r.start, Some(PartialDate::day(d(2023, 8, 9))));
        assert_eq!(r.end, Some(PartialDate::day(d(2023, 8, 12))));
        let s = get("In September of this year");
        assert_eq!(s.start.map(|x| x.precision), Some(Precision::Month));
        assert_eq!(s.start.map(|x| x.date), Some(d(2023, 9, 1)));
        let y = &ev[0];
        assert_eq!(&text[y.span.start - 10..y.span.end - 10], y.text);
    }

    #[test]
    fn event_dates_without_publication_stay_unresolved() {
        let ev = events("On June 28, members met.", 0, None);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].start, None);
        let ev = events("On June 28, 2021, members met.", 0, None);
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2021, 6, 28))));
    }

    #[test]
    fn weekdays_resolve_to_the_latest_before_publication() {
        // 2023-03-06 is a Monday.
        let ev = events("Members met on Sunday and again last Monday.", 0, Some(d(2023, 3, 6)));
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!(ev[0].text, "on Sunday");
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 3, 5))));
        assert_eq!(ev[1].start, Some(PartialDate::day(d(2023, 2, 27))));
        assert_eq!(events("Members met on Sunday.", 0, None)[0].start, None);
    }

    #[test]
    fn chinese_events() {
        let ev = events("3月5日，委员们开会。昨天，代表们调研。", 0, Some(d(2023, 3, 6)));
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!(ev[0].text, "3月5日");
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 3, 5))));
        assert_eq!(ev[1].start, Some(PartialDate::day(d(2023, 3, 5))));
    }

    #[test]
    fn late_month_resolves_to_previous_year() {
        let ev = events("On December 30 members met.", 0, Some(d(2024, 1, 3)));
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 12, 30))));
    }

    /// Every date word's example is read by the pattern it cues.
    #[test]
    fn every_date_word_gives_its_date() {
        let p = Some(d(2023, 8, 13));
        for r in &DATE_WORDS.rules {
            let (ex, at) = (r.example(), format!("date_words.tsv:{}", r.line));
            let ev = events(ex, 0, p);
            let found = |precision: Precision| ev.iter().any(|e| e.start.is_some_and(|s| s.precision == precision));
            match r.field(1) {
                Some("month") => {
                    let full = dates_in(ex);
                    assert_eq!(full.first().map(|f| f.date.month()), r.field(2).and_then(|v| v.parse().ok()), "{at}");
                }
                Some("char") if r.field(2) == Some("month") => assert!(found(Precision::Day), "{at}: {ev:?}"),
                Some("char") => assert!(!dates_in(ex).is_empty(), "{at}"),
                Some("weekday") => {
                    let e = ev.first().and_then(|e| e.start).unwrap_or_else(|| panic!("{at}: {ev:?}"));
                    assert_eq!(Some(e.date.weekday().number_from_monday()), r.field(2).and_then(|v| v.parse().ok()));
                }
                Some("relative") => {
                    let back: i64 = r.field(2).and_then(|v| v.parse().ok()).unwrap_or(-1);
                    let e = ev.first().and_then(|e| e.start).unwrap_or_else(|| panic!("{at}: {ev:?}"));
                    assert_eq!(e.date, d(2023, 8, 13) - Duration::days(back), "{at}");
                }
                Some("range") => assert!(ev.iter().any(|e| e.end.is_some()), "{at}: {ev:?}"),
                Some("year") => assert!(found(Precision::Year), "{at}: {ev:?}"),
                kind => panic!("{at}: unknown kind {kind:?}"),
            }
        }
    }

    /// Date-shaped text, for [`the_cues_never_hide_a_date`]: numbers, date words and
    /// separators in the orders dates take, and words, glued by spaces, newlines or nothing.
    fn date_text() -> impl proptest::strategy::Strategy<Value = String> {
        let y = r"(19[5-9][0-9]|20[0-2][0-9]|２０２０|٢٠٢٠|[0-9]{2})";
        let (m, d) = (r"(0?[1-9]|1[0-2])", r"(0?[1-9]|[12][0-9]|3[01])");
        let mo = r"(Jan|January|SEPT|Sept|sep|May|mar|June|Dec\.)";
        let sep = r"([-/.]|[-/]| ?[-/.] ?|[ ,]|, |\n|\n-|\u{a0}|T)";
        let word = concat!(
            r"(from |From the | to |In |since |Since |on |last |Monday|friday|yesterday|Today|this morning|",
            r"昨天|前天|今年|in early |of this year|th|st|10:00|x|\u{17f})?"
        );
        let part = [
            format!("{y}{sep}{m}{sep}{d}"),
            format!("{m}{sep}{d}{sep}{y}"),
            format!("{mo}{sep}{d}{sep}{y}"),
            format!("{d}{sep}{mo}{sep}{y}"),
            format!("{y}{sep}{mo}{sep}{d}"),
            format!("{y} ?年 ?{m} ?月 ?{d} ?日"),
            format!("{m}月{d}[日号]"),
            format!("{mo} {d}"),
        ]
        .join("|");
        let text = format!("({word}[ \n,]?({part})[ \n,]?){{0,4}}{word}");
        proptest::string::string_regex(&text).expect("date text regex")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// The keyword cues never hide a date: on text made of numbers, separators and
        /// date words, in one line or several (whose cues are joined, as a page's units
        /// join theirs), the dates found with the cues are those found without any.
        #[test]
        fn the_cues_never_hide_a_date(text in date_text()) {
            let cues = text.split('\n').fold(Cues::default(), |c, l| c | super::super::keywords::cues(&fold_ws(l)));
            proptest::prop_assert_eq!(find_dates(&text, cues), find_dates(&text, Cues::ALL));
            let p = Some(d(2023, 8, 13));
            proptest::prop_assert_eq!(event_dates(&text, 0, p, cues), event_dates(&text, 0, p, Cues::ALL));
        }
    }
}

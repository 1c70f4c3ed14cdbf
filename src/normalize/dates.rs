//! Dates: the publication date (a stamp in the head, a labelled stamp anywhere, a closing
//! credit, the URL) and the event dates mentioned in the body.
//!
//! Event dates whose year cannot be known (no publication date to resolve against) keep
//! their text and span but have `start: None`; a month and day without a year resolve to
//! the latest such date no more than half a year after publication.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

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
                find_dates(u.text(raw))
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
                found = find_dates(&t[cs..]).first().map(|d| (s + cs + d.start, s + cs + d.end, d.date));
            }
        }
    }
    found
        .map(|(s, e, d)| Extracted::new(PartialDate::day(d), Span::new(s, e)))
        .or_else(|| url.and_then(date_from_url).map(|d| Extracted::new(PartialDate::day(d), Span::new(0, 0))))
}

/// The event dates mentioned in the body paragraphs, resolved against `pub_date`.
pub(crate) fn in_body(raw: &str, body: &[(usize, usize)], pub_date: Option<NaiveDate>) -> Vec<EventDate> {
    body.iter().flat_map(|&(s, e)| event_dates(raw.get(s..e).unwrap_or(""), s, pub_date)).collect()
}

const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const TIME: &str = r"(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?)?";

/// Month number of an English month name or abbreviation.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let l = name.to_ascii_lowercase();
    let p = l.get(..3)?;
    let m = match p {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
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

/// A cheap necessary condition for a pattern to match: skips regex searches on text that
/// cannot contain a match (most lines), without changing what is found.
type Gate = fn(&str) -> bool;

fn any_of(text: &str, chars: &[char]) -> bool {
    text.contains(chars)
}

/// The three-letter stem of an English month name, ASCII case-insensitive, anywhere in
/// `text`; or a character that a case-insensitive regex also folds onto one (`ſ` ≡ `s`).
fn has_month_ci(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(3).any(|w| {
        // (`| 0x20` lower-cases a letter, and only `J` and `j` become `j`, and so on: a
        // cheap first test before the other two bytes)
        if !matches!(w[0] | 0x20, b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') {
            return false;
        }
        let l = [w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase(), w[2].to_ascii_lowercase()];
        matches!(
            &l,
            b"jan" | b"feb" | b"mar" | b"apr" | b"may" | b"jun" | b"jul" | b"aug" | b"sep" | b"oct" | b"nov" | b"dec"
        )
    }) || text.contains('\u{17f}')
}

/// A capitalised English month stem (`Jan` … `Dec`, case as printed) anywhere in `text`.
fn has_month(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| {
        matches!(
            w,
            b"Jan" | b"Feb" | b"Mar" | b"Apr" | b"May" | b"Jun" | b"Jul" | b"Aug" | b"Sep" | b"Oct" | b"Nov" | b"Dec"
        )
    })
}

/// Whether `text` has at least `n` numeric characters (a superset of regex `\d`).
fn has_digits(text: &str, n: usize) -> bool {
    let need = n.max(1);
    let bytes = text.as_bytes();
    // ASCII digits first, in one branch-free pass over the bytes (byte-wide counters,
    // which the compiler can vectorize); they are numeric too. Then, if need be, the
    // other characters, decoded one by one.
    let mut k: usize = bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |a, &b| a + u8::from(b.wrapping_sub(b'0') < 10))))
        .sum();
    if k >= need {
        return true;
    }
    let mut rest = text;
    while let Some(p) = rest.bytes().position(|b| b >= 0x80) {
        let Some(c) = rest.get(p..).and_then(|r| r.chars().next()) else { break };
        if c.is_numeric() {
            k += 1;
            if k >= need {
                return true;
            }
        }
        rest = rest.get(p + c.len_utf8()..).unwrap_or("");
    }
    false
}

/// Whether `text` has four numeric characters in a row, and a numeric character just
/// before a `-` (numeric: a superset of regex `\d`).
fn digit_shape(text: &str) -> (bool, bool) {
    let (mut run, mut run4, mut dash) = (0usize, false, false);
    let mut prev_numeric = false;
    for c in text.chars() {
        let numeric = c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric());
        if numeric {
            run += 1;
            run4 |= run >= 4;
        } else {
            run = 0;
            dash |= prev_numeric && c == '-';
        }
        prev_numeric = numeric;
        if run4 && dash {
            break;
        }
    }
    (run4, dash)
}

static FULL: LazyLock<Vec<(Regex, DateFn, Gate, Shape)>> = LazyLock::new(|| {
    let v: Vec<(String, DateFn, Gate)> = vec![
        (
            format!(
                r"\b(\d{{4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?|\b){TIME}"
            ),
            |c| ymd(num(c, 1)?, num(c, 2)?, num(c, 3)?),
            |t| any_of(t, &['-', '/', '.']),
        ),
        (
            format!(r"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日{TIME}"),
            |c| ymd(num(c, 1)?, num(c, 2)?, num(c, 3)?),
            |t| t.contains('年') && t.contains('月') && t.contains('日'),
        ),
        (
            format!(r"(?i)\b(\d{{4}})-{MONTH}[a-z]*-(\d{{1,2}})\b{TIME}"),
            |c| ymd(num(c, 1)?, month_number(c.get(2)?.as_str())?, num(c, 3)?),
            |t| t.contains('-') && has_month_ci(t),
        ),
        (
            format!(r"(?i)\b{MONTH}[a-z]*\.?[\s-]+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+|-)(\d{{4}})\b{TIME}"),
            |c| ymd(num(c, 3)?, month_number(c.get(1)?.as_str())?, num(c, 2)?),
            has_month_ci,
        ),
        (
            format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{MONTH}[a-z]*\.?(?:\s*,\s*|\s+|-)(\d{{4}})\b{TIME}"),
            |c| ymd(num(c, 3)?, month_number(c.get(2)?.as_str())?, num(c, 1)?),
            has_month_ci,
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
            |t| any_of(t, &['-', '/']),
        ),
        (
            format!(r"\b(\d{{2}})-(\d{{2}})-(\d{{2}})\b{TIME}"),
            |c| {
                // A two-digit year is read as 20YY (GOLD.md).
                let y: i32 = num(c, 1)?;
                ymd(2000 + y, num(c, 2)?, num(c, 3)?)
            },
            |t| t.contains('-'),
        ),
    ];
    v.into_iter()
        .filter_map(|(p, f, g)| {
            // Each pattern but `dd-dd-dd` holds a four-digit year ([`find_dates`] skips it
            // on text without one); that one needs a digit before a dash.
            let shape = if p.contains(r"\d{4}") { Shape::Year } else { Shape::DigitDash };
            Regex::new(&p).ok().map(|r| (r, f, g, shape))
        })
        .collect()
});

/// What digits a full-date pattern needs before its regex is worth running.
#[derive(Clone, Copy)]
enum Shape {
    /// Four numeric characters in a row.
    Year,
    /// A numeric character just before a `-`.
    DigitDash,
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b\.?,?\s*$|星期.\s*$|周.\s*$")
        .expect("weekday regex")
});

/// Every full date (with a year) in `text`, in order, without overlaps. Offsets are
/// relative to `text`.
pub(crate) fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    // Every pattern needs at least five digits (a year and more, or `dd-dd-dd`).
    if !has_digits(text, 5) {
        return found;
    }
    let (run4, digit_dash) = digit_shape(text);
    for (re, f, gate, shape) in FULL.iter() {
        let shaped = match shape {
            Shape::Year => run4,
            Shape::DigitDash => digit_dash,
        };
        if !shaped || !gate(text) {
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
static EV_REL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(the day before yesterday|yesterday|today|this (?:morning|afternoon|evening))\b")
        .expect("relative regex")
});
static EV_ZH_MD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(今年|去年)\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]").expect("zh month day regex")
});
static EV_ZH_REL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"前天|昨天|昨日|今天|今日").expect("zh relative regex"));
static EV_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Oo]n|[Ll]ast) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .expect("weekday regex")
});
static EV_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Ii]n|[Ss]ince) (19[5-9]\d|20\d\d)\b").expect("year regex"));

/// Whether `text` contains the ASCII `needle`, ignoring ASCII case.
pub(crate) fn ascii_ci_contains(text: &str, needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else { return true };
    let bytes = text.as_bytes();
    // Candidates are found by a SIMD search for either case of the first letter.
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), bytes)
        .any(|i| bytes.get(i..i + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
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

/// Dates mentioned in `text` (a slice of the raw text beginning at byte `offset`),
/// resolved against `pub_date`.
fn event_dates(text: &str, offset: usize, pub_date: Option<NaiveDate>) -> Vec<EventDate> {
    let mut out: Vec<EventDate> = Vec::new();
    let overlaps = |out: &[EventDate], s: usize, e: usize| {
        out.iter().any(|d| s + offset < d.span.end && d.span.start < e + offset)
    };
    let push = |out: &mut Vec<EventDate>, s: usize, e: usize, start: Option<PartialDate>, end: Option<PartialDate>| {
        if let Some(t) = text.get(s..e) {
            out.push(EventDate { text: t.to_string(), span: Span::new(s + offset, e + offset), start, end });
        }
    };
    let month = has_month(text);
    let digit = has_digits(text, 1);
    let range_iter = (month && digit && text.contains("rom ")).then(|| EV_RANGE.captures_iter(text));
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
    for d in find_dates(text) {
        if !overlaps(&out, d.start, d.end) {
            push(&mut out, d.start, d.end, Some(PartialDate::day(d.date)), None);
        }
    }
    for re in [&*EV_MD, &*EV_DM] {
        if !(month && digit) {
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
    let month_iter = month.then(|| EV_MONTH.captures_iter(text));
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
    // (these letters have no non-ASCII case-insensitive equivalents)
    let rel = ascii_ci_contains(text, b"day")
        || (ascii_ci_contains(text, b"thi")
            && [&b"morning"[..], b"afternoon", b"evening"].iter().any(|w| ascii_ci_contains(text, w)));
    let rel_iter = rel.then(|| EV_REL.captures_iter(text));
    for c in rel_iter.into_iter().flatten() {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let back = match m.as_str().to_ascii_lowercase().as_str() {
            "the day before yesterday" => 2,
            "yesterday" => 1,
            _ => 0,
        };
        let start = pub_date.map(|p| PartialDate::day(p - Duration::days(back)));
        push(&mut out, m.start(), m.end(), start, None);
    }
    let zh_md_iter = (digit && text.contains('月')).then(|| EV_ZH_MD.captures_iter(text));
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
    for m in EV_ZH_REL.find_iter(text) {
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let back = match m.as_str() {
            "前天" => 2,
            "昨天" | "昨日" => 1,
            _ => 0,
        };
        let start = pub_date.map(|p| PartialDate::day(p - Duration::days(back)));
        push(&mut out, m.start(), m.end(), start, None);
    }
    let weekday_iter = text.contains("day").then(|| EV_WEEKDAY.captures_iter(text));
    for c in weekday_iter.into_iter().flatten() {
        let (Some(m), Some(w)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        // The latest such weekday on or before publication ("last" excludes the day itself).
        let target = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            .iter()
            .position(|d| *d == w.as_str())
            .unwrap_or(0) as i64;
        let start = pub_date.map(|p| {
            let mut back = (i64::from(p.weekday().num_days_from_monday()) - target).rem_euclid(7);
            if back == 0 && m.as_str().to_ascii_lowercase().starts_with("last") {
                back = 7;
            }
            PartialDate::day(p - Duration::days(back))
        });
        push(&mut out, m.start(), m.end(), start, None);
    }
    let year = digit && ["n 19", "n 20", "e 19", "e 20"].iter().any(|p| text.contains(p));
    let year_iter = year.then(|| EV_YEAR.captures_iter(text));
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn first(text: &str) -> Option<NaiveDate> {
        find_dates(text).first().map(|f| f.date)
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
        let f = find_dates("Friday, Mar 1, 2024");
        assert_eq!(f.len(), 1);
        assert!(f[0].chrome);
        assert!(!find_dates("Updated: Mar 1, 2024")[0].chrome);
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
        let ev = event_dates(text, 10, p);
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
        let ev = event_dates("On June 28, members met.", 0, None);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].start, None);
        let ev = event_dates("On June 28, 2021, members met.", 0, None);
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2021, 6, 28))));
    }

    #[test]
    fn weekdays_resolve_to_the_latest_before_publication() {
        // 2023-03-06 is a Monday.
        let ev = event_dates("Members met on Sunday and again last Monday.", 0, Some(d(2023, 3, 6)));
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!(ev[0].text, "on Sunday");
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 3, 5))));
        assert_eq!(ev[1].start, Some(PartialDate::day(d(2023, 2, 27))));
        assert_eq!(event_dates("Members met on Sunday.", 0, None)[0].start, None);
    }

    #[test]
    fn chinese_event_dates() {
        let ev = event_dates("3月5日，委员们开会。昨天，代表们调研。", 0, Some(d(2023, 3, 6)));
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!(ev[0].text, "3月5日");
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 3, 5))));
        assert_eq!(ev[1].start, Some(PartialDate::day(d(2023, 3, 5))));
    }

    #[test]
    fn late_month_resolves_to_previous_year() {
        let ev = event_dates("On December 30 members met.", 0, Some(d(2024, 1, 3)));
        assert_eq!(ev[0].start, Some(PartialDate::day(d(2023, 12, 30))));
    }
}

//! The filters of a search (dates, place, person, platform), resolved to the set of
//! articles they allow.

use std::collections::HashSet;

use rusqlite::{named_params, Connection};

use crate::error::{Error, Result};
use crate::extract::{person_key, Division, Gazetteer, Level};
use crate::text::is_cjk;

const FILTER_DATES: &str = sql!("search_filter_dates");
const FILTER_PLACES: &str = sql!("search_filter_places");
const FILTER_PERSON: &str = sql!("search_filter_person");
const FILTER_PLATFORM: &str = sql!("search_filter_platform");

/// What [`Corpus::search_with`](crate::Corpus::search_with) filters on and returns. Field names match the Python
/// keyword arguments of `Corpus.search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Published on or after this ISO date (`2023`, `2023-05` or `2023-05-01`; a
    /// partial date means its first day). Articles without a date are left out.
    pub since: Option<String>,
    /// Published on or before this ISO date (a partial date means its last day).
    pub until: Option<String>,
    /// An adcode (`330400`) or a place name (`Jiaxing`, `Jiaxing City`, `嘉兴`, `嘉兴市`):
    /// articles naming that division or any division inside it.
    pub place: Option<String>,
    /// A person's name (`Ge Huijun`; case and tone marks do not matter).
    pub person: Option<String>,
    /// A platform: glossary concept (`platform.committee_living_room` or
    /// `committee_living_room`), its Chinese term (`委员会客厅`), or words of the text as
    /// printed (`living room`).
    pub platform: Option<String>,
    /// Maximum number of hits.
    pub limit: usize,
    /// Keep only the best hit of each story (syndicated copies).
    pub collapse: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            since: None,
            until: None,
            place: None,
            person: None,
            platform: None,
            limit: 20,
            collapse: false,
        }
    }
}

/// A validated ISO date bound, padded to a full day: the first day for `since`, the last
/// possible day for `until` (day 31 is a bound, not a date: it compares correctly).
fn date_bound(value: &str, end: bool) -> Result<String> {
    let v = value.trim();
    let bad = || Error::BadArgument(format!("{value:?} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"));
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Ok(if end { format!("{y}-12-31") } else { format!("{y}-01-01") }),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            chrono::NaiveDate::parse_from_str(&format!("{y}-{m}-01"), "%Y-%m-%d").map_err(|_| bad())?;
            Ok(if end { format!("{y}-{m}-31") } else { format!("{y}-{m}-01") })
        }
        [_, _, _] => {
            // Accept a datetime's date part (2023-05-01T12:00:00).
            let day = v.get(..10).unwrap_or(v);
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad())?;
            Ok(day.to_string())
        }
        _ => Err(bad()),
    }
}

/// The adcode prefix covering a division and everything inside it: `330000` → `33`,
/// `330400` → `3304`, `330402` → `330402`, `330402001` → itself.
fn adcode_prefix(adcode: &str) -> &str {
    if adcode.len() == 6 {
        let mut p = adcode;
        while p.len() > 2 && p.ends_with("00") {
            p = &p[..p.len() - 2];
        }
        p
    } else {
        adcode
    }
}

/// `[lo, hi)` bounds of the codes starting with `prefix` (codes are ASCII digits).
fn prefix_range(prefix: &str) -> (String, String) {
    let mut hi = prefix.as_bytes().to_vec();
    if let Some(last) = hi.last_mut() {
        *last += 1;
    }
    (prefix.to_string(), String::from_utf8_lossy(&hi).into_owned())
}

/// The divisions a place argument names: an adcode, a pinyin name with or without its
/// level word, or a Chinese name with or without 市/省/区/县.
fn resolve_place(place: &str) -> Result<Vec<String>> {
    let p = place.trim();
    let gaz = Gazetteer::embedded();
    if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
        return match gaz.get(p) {
            Some(d) => Ok(vec![d.adcode.clone()]),
            None if p.len() == 6 || p.len() == 9 || p.len() == 12 => Ok(vec![p.to_string()]),
            None => Err(Error::BadArgument(format!("{place:?} is not an administrative code (6 or 9 digits)"))),
        };
    }
    let mut found: Vec<&Division> = if p.chars().any(is_cjk) {
        let mut v = gaz.lookup_zh(p);
        for suffix in ["市", "省", "区", "县", "自治区", "自治州", "盟", "旗", "镇", "乡", "街道"] {
            if v.is_empty() {
                v = gaz.lookup_zh(&format!("{p}{suffix}"));
            }
        }
        v
    } else {
        let v = gaz.lookup(p);
        if v.is_empty() {
            gaz.lookup_with_suffix(p)
        } else {
            v
        }
    };
    if found.is_empty() {
        return Err(Error::BadArgument(format!("no place named {place:?} in the gazetteer")));
    }
    // A name shared by a city and a township means the city.
    if found.iter().any(|d| d.level != Level::Township) {
        found.retain(|d| d.level != Level::Township);
    }
    found.sort_by(|a, b| a.adcode.cmp(&b.adcode));
    Ok(found.into_iter().map(|d| d.adcode.clone()).collect())
}

/// The filters of one search, resolved.
pub(super) struct Filters {
    dates: Option<(String, String)>,
    /// `[lo, hi)` adcode ranges.
    pub(super) places: Vec<(String, String)>,
    /// The person key ([`person_key`]) of the name asked for.
    pub(super) person: Option<String>,
    pub(super) platform: Option<String>,
}

impl Filters {
    /// No filter at all.
    pub(super) fn none() -> Filters {
        Filters { dates: None, places: Vec::new(), person: None, platform: None }
    }

    pub(super) fn new(o: &SearchOptions) -> Result<Filters> {
        let since = o.since.as_deref().map(|s| date_bound(s, false)).transpose()?;
        let until = o.until.as_deref().map(|s| date_bound(s, true)).transpose()?;
        let dates = match (since, until) {
            (None, None) => None,
            (s, u) => Some((s.unwrap_or_else(|| "0000-01-01".into()), u.unwrap_or_else(|| "9999-12-31".into()))),
        };
        let mut places: Vec<(String, String)> = Vec::new();
        if let Some(p) = &o.place {
            let mut prefixes: Vec<String> =
                resolve_place(p)?.iter().map(|code| adcode_prefix(code).to_string()).collect();
            prefixes.sort();
            prefixes.dedup();
            // Drop prefixes inside another one (a city and its province both named Xyz).
            let kept: Vec<String> = prefixes
                .iter()
                .filter(|p| !prefixes.iter().any(|q| q != *p && p.starts_with(q.as_str())))
                .cloned()
                .collect();
            places = kept.iter().map(|p| prefix_range(p)).collect();
        }
        let person = match o.person.as_deref().map(str::trim) {
            Some("") => return Err(Error::BadArgument("empty person name".into())),
            Some(name) => Some(person_key(name)),
            None => None,
        };
        let platform = match o.platform.as_deref().map(str::trim) {
            Some("") => return Err(Error::BadArgument("empty platform".into())),
            Some(p) => Some(p.to_string()),
            None => None,
        };
        Ok(Filters { dates, places, person, platform })
    }

    fn is_empty(&self) -> bool {
        self.dates.is_none() && self.places.is_empty() && self.person.is_none() && self.platform.is_none()
    }

    /// The articles every filter allows, or `None` when there is no filter.
    pub(super) fn allowed(&self, conn: &Connection) -> Result<Option<HashSet<i64>>> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut sets: Vec<HashSet<i64>> = Vec::new();
        let pks = |sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]| -> Result<HashSet<i64>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params, |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<HashSet<i64>>>()?)
        };
        if let Some((since, until)) = &self.dates {
            sets.push(pks(FILTER_DATES, named_params! {":since": since, ":until": until})?);
        }
        if !self.places.is_empty() {
            let mut set = HashSet::new();
            for (lo, hi) in &self.places {
                set.extend(pks(FILTER_PLACES, named_params! {":lo": lo, ":hi": hi})?);
            }
            sets.push(set);
        }
        if let Some(key) = &self.person {
            sets.push(pks(FILTER_PERSON, named_params! {":key": key})?);
        }
        if let Some(platform) = &self.platform {
            sets.push(pks(FILTER_PLATFORM, named_params! {":platform": platform})?);
        }
        sets.sort_by_key(HashSet::len);
        let mut it = sets.into_iter();
        let first = it.next().unwrap_or_default();
        Ok(Some(it.fold(first, |acc, s| acc.into_iter().filter(|pk| s.contains(pk)).collect())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_pad_partial_dates() -> Result<()> {
        assert_eq!(date_bound("2023", false)?, "2023-01-01");
        assert_eq!(date_bound("2023", true)?, "2023-12-31");
        assert_eq!(date_bound("2023-02", true)?, "2023-02-31");
        assert_eq!(date_bound("2023-02-28T10:00:00", false)?, "2023-02-28");
        for b in ["2023-13", "23", "2023-02-30", "yesterday", "2023/01/01"] {
            assert!(matches!(date_bound(b, false), Err(Error::BadArgument(_))), "{b}");
        }
        Ok(())
    }

    #[test]
    fn places_resolve_to_code_prefixes() -> Result<()> {
        assert_eq!(adcode_prefix("330000"), "33");
        assert_eq!(adcode_prefix("330400"), "3304");
        assert_eq!(adcode_prefix("330402"), "330402");
        assert_eq!(prefix_range("3304"), ("3304".to_string(), "3305".to_string()));
        assert_eq!(resolve_place("Jiaxing")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("嘉兴")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("嘉兴市")?, vec!["330400".to_string()]);
        assert_eq!(resolve_place("Zhejiang")?, vec!["330000".to_string()]);
        assert!(matches!(resolve_place("Atlantis"), Err(Error::BadArgument(_))));
        Ok(())
    }
}

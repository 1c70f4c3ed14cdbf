//! Scores entity extraction against gold annotations (`NAME.txt` + `NAME.gold.json`,
//! format in the shared corpus's GOLD.md): persons, person titles, places by level and
//! platforms.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::extract::{extract, Entities, Gazetteer, Level};
use crate::model::Normalized;
use crate::normalize::Normalizer;

/// True positives, false positives and false negatives.
/// True/false positive and false negative counts, with precision, recall and F1: the
/// same type the normalizer's scorer uses for set-valued fields.
pub use super::Prf as Counts;

/// The score of one article, with its misses.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleScore {
    pub id: String,
    pub persons: Counts,
    /// tp = title equal, fn_ = title wrong or missing (persons with a gold title that
    /// were found); fp unused.
    pub titles: Counts,
    /// Province, prefecture and county levels.
    pub places: Counts,
    pub places_by_level: BTreeMap<String, Counts>,
    pub platforms: Counts,
    /// Human-readable misses: `person FN: Miho`, `title: Li Peng: got "President" want "…"`.
    pub misses: Vec<String>,
}

/// Totals over a folder of gold files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntityReport {
    pub articles: usize,
    pub persons: Counts,
    pub titles: Counts,
    pub places: Counts,
    pub places_by_level: BTreeMap<String, Counts>,
    pub platforms: Counts,
    pub per_article: Vec<ArticleScore>,
}

/// Folds a name or phrase for comparison: case, whitespace and apostrophe variants.
pub fn fold(s: &str) -> String {
    s.replace(['’', '‘', '`', 'ʼ'], "'")
        .replace("¡¯", "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn fold_platform(s: &str) -> String {
    let mut k = fold(s);
    if k.ends_with('s') && !k.ends_with("ss") {
        k.pop();
    }
    k
}

fn strs(v: &Value, field: &str) -> Vec<String> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn compare(gold: &[String], got: &[String], what: &str, misses: &mut Vec<String>) -> Counts {
    let mut c = Counts::default();
    let mut used = vec![false; got.len()];
    for g in gold {
        match got.iter().enumerate().position(|(i, x)| !used[i] && x == g) {
            Some(i) => {
                used[i] = true;
                c.tp += 1;
            }
            None => {
                c.fn_ += 1;
                misses.push(format!("{what} FN: {g}"));
            }
        }
    }
    for (i, x) in got.iter().enumerate() {
        if !used[i] {
            c.fp += 1;
            misses.push(format!("{what} FP: {x}"));
        }
    }
    c
}

/// Scores one article given its raw text, its normalized fields and the gold JSON.
pub fn score_article(id: &str, raw: &str, norm: &Normalized, gold: &Value) -> ArticleScore {
    let e: Entities = extract(raw, norm, Gazetteer::embedded());
    let mut s = ArticleScore { id: id.to_string(), ..Default::default() };
    let mut misses = Vec::new();

    // persons
    let gold_persons: Vec<(String, Option<String>)> = gold
        .get("persons")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let name = p.get("name")?.as_str()?.to_string();
                    let title = p.get("title").and_then(Value::as_str).map(str::to_string);
                    Some((name, title))
                })
                .collect()
        })
        .unwrap_or_default();
    let gold_names: Vec<String> = gold_persons.iter().map(|p| fold(&p.0)).collect();
    let got_names: Vec<String> = e.persons.iter().map(|p| fold(&p.name)).collect();
    // a gold file without a field does not annotate it: the field is not scored
    let has = |field: &str| gold.get(field).is_some_and(Value::is_array);
    if has("persons") {
        s.persons = compare(&gold_names, &got_names, "person", &mut misses);
    }
    for (name, title) in &gold_persons {
        let Some(want) = title else { continue };
        let Some(p) = e.persons.iter().find(|p| fold(&p.name) == fold(name)) else {
            continue;
        };
        if p.title.as_deref().map(fold) == Some(fold(want)) {
            s.titles.tp += 1;
        } else {
            s.titles.fn_ += 1;
            misses.push(format!("title: {name}: got {:?} want {want:?}", p.title.as_deref().unwrap_or("-")));
        }
    }

    // places by level
    let gold_places: Vec<(String, String)> = gold
        .get("places")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((fold(p.get("name")?.as_str()?), p.get("level")?.as_str()?.to_lowercase())))
                .collect()
        })
        .unwrap_or_default();
    for level in [Level::Province, Level::Prefecture, Level::County, Level::Township] {
        if !has("places") {
            break;
        }
        let l = level.as_str();
        let g: Vec<String> = gold_places.iter().filter(|p| p.1 == l).map(|p| p.0.clone()).collect();
        let x: Vec<String> = e.places.iter().filter(|p| p.level == level).map(|p| fold(&p.name)).collect();
        let c = compare(&g, &x, &format!("place[{l}]"), &mut misses);
        if level != Level::Township {
            s.places.add(&c);
        }
        s.places_by_level.insert(l.to_string(), c);
    }

    // platforms
    let gold_pl: Vec<String> = strs(gold, "platforms").iter().map(|p| fold_platform(p)).collect();
    let got_pl: Vec<String> = e.platforms.iter().map(|p| fold_platform(&p.text)).collect();
    if has("platforms") {
        s.platforms = compare(&gold_pl, &got_pl, "platform", &mut misses);
    }
    s.misses = misses;
    s
}

/// Scores every `*.txt` in `dir` that has a `*.gold.json` beside it.
pub fn score_dir(dir: &Path) -> Result<EntityReport> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::path(dir, e))?;
    let mut stems: Vec<String> = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| Error::path(dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(stem) = name.strip_suffix(".txt") {
            if dir.join(format!("{stem}.gold.json")).exists() {
                stems.push(stem.to_string());
            }
        }
    }
    stems.sort();
    let mut docs: Vec<(String, String, Value)> = Vec::new();
    for stem in stems {
        let txt = dir.join(format!("{stem}.txt"));
        let gold_path = dir.join(format!("{stem}.gold.json"));
        let bytes = std::fs::read(&txt).map_err(|e| Error::path(&txt, e))?;
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let gtext = std::fs::read_to_string(&gold_path).map_err(|e| Error::path(&gold_path, e))?;
        let gold: Value =
            serde_json::from_str(&gtext).map_err(|e| Error::Gold { path: gold_path.clone(), reason: e.to_string() })?;
        docs.push((stem, raw, gold));
    }
    // page addresses, when the folder has a urls.tsv (NAME<TAB>URL)
    let urls: Vec<(String, String)> = std::fs::read_to_string(dir.join("urls.tsv"))
        .map(|t| {
            t.lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    // corpus-level evidence (recurring template lines), as `xieshang eval` does
    let normalizer = Normalizer::from_corpus(docs.iter().map(|d| d.1.as_str()));
    let mut report = EntityReport::default();
    for (stem, raw, gold) in docs {
        let url = urls.iter().find(|(n, _)| *n == stem).map(|(_, u)| u.as_str());
        let norm = normalizer.normalize(&raw, url);
        let s = score_article(&stem, &raw, &norm, &gold);
        report.articles += 1;
        report.persons.add(&s.persons);
        report.titles.add(&s.titles);
        report.places.add(&s.places);
        for (l, c) in &s.places_by_level {
            report.places_by_level.entry(l.clone()).or_default().add(c);
        }
        report.platforms.add(&s.platforms);
        report.per_article.push(s);
    }
    Ok(report)
}

impl EntityReport {
    /// Merges another report (e.g. seeds + dev) into this one.
    pub fn merge(&mut self, other: EntityReport) {
        self.articles += other.articles;
        self.persons.add(&other.persons);
        self.titles.add(&other.titles);
        self.places.add(&other.places);
        for (l, c) in &other.places_by_level {
            self.places_by_level.entry(l.clone()).or_default().add(c);
        }
        self.platforms.add(&other.platforms);
        self.per_article.extend(other.per_article);
    }
}

fn line(f: &mut fmt::Formatter<'_>, field: &str, c: &Counts) -> fmt::Result {
    writeln!(
        f,
        "{field:<22} P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    )
}

impl fmt::Display for EntityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "entities over {} articles", self.articles)?;
        line(f, "persons", &self.persons)?;
        writeln!(
            f,
            "{:<22} {:.3}  ({} of {} found persons with a gold title)",
            "person titles match",
            self.titles.recall(),
            self.titles.tp,
            self.titles.tp + self.titles.fn_
        )?;
        line(f, "places (prov/pref/cty)", &self.places)?;
        for (l, c) in &self.places_by_level {
            line(f, &format!("  places {l}"), c)?;
        }
        line(f, "platforms", &self.platforms)?;
        for a in &self.per_article {
            if !a.misses.is_empty() {
                writeln!(f, "{}:", a.id)?;
                for m in &a.misses {
                    writeln!(f, "    {m}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn counts_and_folding() {
        let c = Counts { tp: 3, fp: 1, fn_: 1 };
        assert!((c.precision() - 0.75).abs() < 1e-9);
        assert!((c.f1() - 0.75).abs() < 1e-9);
        assert_eq!(fold(" Xing’an  League"), "xing'an league");
        assert_eq!(fold_platform("CPPCC member studios"), fold_platform("CPPCC Member Studio"));
    }

    #[test]
    fn scores_one_article() {
        let raw = "Zhang Bing, secretary of the CPC Jiaxing Municipal Committee, visited Nanhu District with Wu Jian.";
        let norm = Normalized { body: raw.into(), body_spans: vec![Span::new(0, raw.len())], ..Default::default() };
        let gold: Value = serde_json::json!({
            "persons": [{"name": "Zhang Bing", "title": "secretary of the CPC Jiaxing Municipal Committee"},
                        {"name": "Li Ming", "title": null}],
            "places": [{"name": "Jiaxing", "level": "prefecture"}, {"name": "Nanhu", "level": "county"}],
            "platforms": []
        });
        let s = score_article("x", raw, &norm, &gold);
        assert_eq!(s.persons, Counts { tp: 1, fp: 1, fn_: 1 });
        assert_eq!(s.titles, Counts { tp: 1, fp: 0, fn_: 0 });
        assert_eq!(s.places, Counts { tp: 2, fp: 0, fn_: 0 });
        assert!(s.misses.contains(&"person FN: li ming".to_string()));
        // fields the gold file does not annotate are not scored
        let s = score_article("y", raw, &norm, &serde_json::json!({"title": null}));
        assert_eq!((s.persons, s.places, s.platforms), Default::default());
    }
}

//! Scores the normalizer against gold annotations (`NAME.txt` + `NAME.gold.json`,
//! format in the shared corpus's GOLD.md).
//!
//! [`evaluate_dir`] scores a folder; [`score_article`] scores one article, so other layers
//! (persons, places) can append their own [`FieldCheck`]s to the same [`ArticleScore`] and
//! [`aggregate`] them into one table.

pub mod entities;

use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::Normalized;
use crate::normalize::{fold_whitespace, Normalizer};

/// Per-field scores over a folder of gold files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalReport {
    pub articles: usize,
    pub fields: Vec<FieldScore>,
}

/// How a field is scored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// Share of articles whose value matches gold (higher is better).
    #[default]
    Match,
    /// Share of articles with a defect, e.g. boilerplate leaking into the body (lower is better).
    Defect,
    /// Set comparison with precision, recall and F1 over true/false positives and negatives.
    Prf,
}

/// Counts for a set-valued field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another count to this one.
    pub fn add(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One field's score over all articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldScore {
    pub field: String,
    pub kind: ScoreKind,
    /// Articles that matched (for [`ScoreKind::Defect`]: articles with the defect).
    pub matched: usize,
    pub total: usize,
    /// `matched / total`.
    pub rate: f64,
    /// Summed counts for [`ScoreKind::Prf`] fields.
    pub prf: Option<Prf>,
    /// Articles that missed (or had the defect).
    pub misses: Vec<Miss>,
}

/// One article that missed a field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Miss {
    pub id: String,
    pub expected: String,
    pub got: String,
}

/// The result of one check of one field in one article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldCheck {
    pub field: String,
    pub kind: ScoreKind,
    /// Matched (for [`ScoreKind::Defect`]: the defect is present).
    pub ok: bool,
    pub expected: String,
    pub got: String,
    pub prf: Option<Prf>,
}

/// All field checks of one article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleScore {
    pub id: String,
    pub checks: Vec<FieldCheck>,
}

fn gold_str(gold: &Value, key: &str) -> Option<String> {
    gold.get(key).and_then(Value::as_str).map(fold_whitespace)
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "null".into())
}

fn check(field: &str, expected: Option<String>, got: Option<String>) -> FieldCheck {
    FieldCheck {
        field: field.into(),
        kind: ScoreKind::Match,
        ok: expected == got,
        expected: show(&expected),
        got: show(&got),
        prf: None,
    }
}

/// Scores one normalized article against its gold JSON value (see GOLD.md).
pub fn score_normalized(id: &str, n: &Normalized, gold: &Value) -> ArticleScore {
    let mut checks = vec![
        check("title", gold_str(gold, "title"), n.title.as_ref().map(|t| fold_whitespace(&t.value))),
        check(
            "published",
            gold_str(gold, "published"),
            n.published.as_ref().map(|p| p.value.date.format("%Y-%m-%d").to_string()),
        ),
        check("source", gold_str(gold, "source"), n.source.as_ref().map(|t| fold_whitespace(&t.value))),
        check("dateline", gold_str(gold, "dateline"), n.dateline.as_ref().map(|t| fold_whitespace(&t.value))),
    ];
    let body = fold_whitespace(&n.body);
    let head: String = body.chars().take(80).collect();
    let tail: String = {
        let c: Vec<char> = body.chars().collect();
        c[c.len().saturating_sub(80)..].iter().collect()
    };
    if let Some(s) = gold_str(gold, "body_starts") {
        checks.push(FieldCheck {
            field: "body_starts".into(),
            ok: body.starts_with(&s),
            expected: s,
            got: head,
            ..Default::default()
        });
    }
    if let Some(s) = gold_str(gold, "body_ends") {
        checks.push(FieldCheck {
            field: "body_ends".into(),
            ok: body.ends_with(&s),
            expected: s,
            got: tail,
            ..Default::default()
        });
    }
    let leaks: Vec<String> = gold
        .get("boilerplate")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(fold_whitespace)
                .filter(|b| !b.is_empty() && body.contains(b.as_str()))
                .collect()
        })
        .unwrap_or_default();
    checks.push(FieldCheck {
        field: "boilerplate_leaks".into(),
        kind: ScoreKind::Defect,
        ok: !leaks.is_empty(),
        expected: "none".into(),
        got: leaks.join(" ‖ "),
        prf: None,
    });
    ArticleScore { id: id.into(), checks }
}

/// Normalizes `raw` with `normalizer` and scores it against `gold`.
pub fn score_article(normalizer: &Normalizer, id: &str, raw: &str, gold: &Value) -> ArticleScore {
    score_normalized(id, &normalizer.normalize(raw, None), gold)
}

/// Sums per-article checks into per-field scores, fields in order of first appearance.
pub fn aggregate(articles: &[ArticleScore]) -> EvalReport {
    let mut fields: Vec<FieldScore> = Vec::new();
    for a in articles {
        for c in &a.checks {
            let pos = match fields.iter().position(|f| f.field == c.field) {
                Some(p) => p,
                None => {
                    fields.push(FieldScore { field: c.field.clone(), kind: c.kind, ..Default::default() });
                    fields.len() - 1
                }
            };
            let f = &mut fields[pos];
            f.total += 1;
            if c.ok {
                f.matched += 1;
            }
            let miss = match c.kind {
                ScoreKind::Defect => c.ok,
                _ => !c.ok,
            };
            if miss {
                f.misses.push(Miss { id: a.id.clone(), expected: c.expected.clone(), got: c.got.clone() });
            }
            if let Some(p) = c.prf {
                let s = f.prf.get_or_insert_with(Prf::default);
                s.tp += p.tp;
                s.fp += p.fp;
                s.fn_ += p.fn_;
            }
        }
    }
    for f in &mut fields {
        f.rate = if f.total == 0 { 0.0 } else { f.matched as f64 / f.total as f64 };
    }
    EvalReport { articles: articles.len(), fields }
}

/// The gold-annotated articles of `dir`: (id, raw text, gold JSON), sorted by id.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<(String, String, Value)>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::path(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::path(dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let gold_path = path.with_file_name(format!("{stem}.gold.json"));
        if !gold_path.exists() {
            continue;
        }
        let raw = std::fs::read_to_string(&path).map_err(|e| Error::path(&path, e))?;
        let g = std::fs::read_to_string(&gold_path).map_err(|e| Error::path(&gold_path, e))?;
        let gold: Value =
            serde_json::from_str(&g).map_err(|e| Error::Gold { path: gold_path.clone(), reason: e.to_string() })?;
        out.push((stem.to_string(), raw, gold));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Normalizes every `*.txt` in `dir` that has a `*.gold.json` beside it and scores it,
/// with corpus-level evidence counted over the folder's texts.
pub fn evaluate_dir(dir: &Path) -> Result<EvalReport> {
    let docs = load_gold_dir(dir)?;
    let normalizer = Normalizer::from_corpus(docs.iter().map(|d| d.1.as_str()));
    let scores: Vec<ArticleScore> =
        docs.iter().map(|(id, raw, gold)| score_article(&normalizer, id, raw, gold)).collect();
    Ok(aggregate(&scores))
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} articles", self.articles)?;
        writeln!(f, "{:<20} {:>12} {:>8}", "field", "matched", "rate")?;
        for s in &self.fields {
            let note = match (s.kind, s.prf) {
                (ScoreKind::Defect, _) => "  (lower is better)".to_string(),
                (_, Some(p)) => format!("  P {:.3} R {:.3} F1 {:.3}", p.precision(), p.recall(), p.f1()),
                _ => String::new(),
            };
            writeln!(f, "{:<20} {:>12} {:>8.3}{}", s.field, format!("{}/{}", s.matched, s.total), s.rate, note)?;
        }
        for s in &self.fields {
            if s.misses.is_empty() {
                continue;
            }
            writeln!(f, "\n{} misses ({}):", s.field, s.misses.len())?;
            for m in s.misses.iter().take(25) {
                writeln!(
                    f,
                    "  {}: expected {:?}\n  {:width$}  got      {:?}",
                    m.id,
                    cut(&m.expected, 100),
                    "",
                    cut(&m.got, 100),
                    width = m.id.len()
                )?;
            }
            if s.misses.len() > 25 {
                writeln!(f, "  … and {} more", s.misses.len() - 25)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Result;

    #[test]
    fn scores_one_article() -> Result<()> {
        let raw = "Deputies visit the new studio\n\nRelease date: 2020-02-03 10:00\n\nSource: Town Daily\n\nOn Monday, deputies of the town visited the studio and talked with residents about parking.\n\nLeave a Reply\n";
        let gold: Value = serde_json::from_str(
            r#"{"id":"x","title":"Deputies visit the new studio","published":"2020-02-03","source":"Town Daily","dateline":null,
            "body_starts":"On Monday, deputies of the town","body_ends":"about parking.","boilerplate":["Leave a Reply","Source: Town Daily"]}"#,
        )?;
        let s = score_article(&Normalizer::default(), "x", raw, &gold);
        for c in &s.checks {
            if c.kind == ScoreKind::Defect {
                assert!(!c.ok, "leak: {}", c.got);
            } else {
                assert!(c.ok, "{}: expected {} got {}", c.field, c.expected, c.got);
            }
        }
        let r = aggregate(&[s.clone(), s]);
        assert_eq!(r.articles, 2);
        assert_eq!(r.fields[0].field, "title");
        assert_eq!(r.fields[0].matched, 2);
        assert!(r.to_string().contains("title"));
        Ok(())
    }

    #[test]
    fn misses_and_prf_are_reported() {
        let a = ArticleScore {
            id: "a".into(),
            checks: vec![
                check("title", Some("X".into()), None),
                FieldCheck {
                    field: "persons".into(),
                    kind: ScoreKind::Prf,
                    ok: false,
                    prf: Some(Prf { tp: 3, fp: 1, fn_: 1 }),
                    ..Default::default()
                },
            ],
        };
        let r = aggregate(&[a]);
        assert_eq!(r.fields[0].misses.len(), 1);
        let p = r.fields[1].prf.expect("prf summed");
        assert!((p.precision() - 0.75).abs() < 1e-9);
        assert!((p.f1() - 0.75).abs() < 1e-9);
        let text = r.to_string();
        assert!(text.contains("F1 0.750"), "{text}");
        assert!(text.contains("expected \"X\""), "{text}");
    }
}

/// The whole evaluation of a gold folder: normalized fields and entities.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub normalize: EvalReport,
    pub entities: entities::EntityReport,
}

/// Scores the normalizer and the entity extractor against the gold files in `dir`.
pub fn evaluate_all(dir: &Path) -> Result<Evaluation> {
    Ok(Evaluation { normalize: evaluate_dir(dir)?, entities: entities::score_dir(dir)? })
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.normalize, self.entities)
    }
}

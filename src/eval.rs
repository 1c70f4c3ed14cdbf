//! Scores the normalizer against gold annotations (`NAME.txt` + `NAME.gold.json`,
//! format in the shared corpus's GOLD.md).

use std::fmt;
use std::path::Path;

use crate::error::Result;

/// Per-field match rates over a folder of gold files.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    pub articles: usize,
    /// (field, matched, total, misses as article ids)
    pub fields: Vec<FieldScore>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FieldScore {
    pub field: String,
    pub matched: usize,
    pub total: usize,
    pub misses: Vec<String>,
}

/// Normalizes every `*.txt` in `dir` that has a `*.gold.json` beside it and scores it.
pub fn evaluate_dir(dir: &Path) -> Result<EvalReport> {
    let _ = dir;
    Ok(EvalReport::default())
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} articles", self.articles)
    }
}

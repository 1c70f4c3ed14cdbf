//! Raw crawled text → [`Normalized`] article fields. Pure: no I/O.
//!
//! The entry point is [`normalize`]; [`Normalizer`] carries corpus-level evidence
//! (lines that recur across many documents of one build are site template, not article).

use crate::model::Normalized;

/// Normalizes one raw article with no corpus-level evidence.
pub fn normalize(raw: &str) -> Normalized {
    Normalizer::default().normalize(raw, None)
}

/// A normalizer that may carry corpus-level evidence gathered over a whole build.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {}

impl Normalizer {
    /// Normalizes one raw article; `url` is the page address if known.
    pub fn normalize(&self, raw: &str, url: Option<&str>) -> Normalized {
        let _ = url;
        Normalized {
            body: raw.trim().to_string(),
            language: "en".into(),
            ..Default::default()
        }
    }
}

//! The embedded sample corpus: the five seed articles in `data/seeds/`, compiled in.

use crate::input::sha256_hex;
use crate::model::Document;

macro_rules! seed {
    ($name:literal) => {
        ($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds/", $name, ".txt")))
    };
}

/// (id, raw text) of each seed article.
pub const SEEDS: &[(&str, &str)] = &[
    seed!("000_fa76f7cebd490d1b"),
    seed!("001_58a5a794ee6bd9f5"),
    seed!("002_50617ea5eb4f4471"),
    seed!("003_02866cfbc2e062de"),
    seed!("004_85dfae037d2b9b7b"),
];

/// The seeds as documents ready to ingest.
pub fn documents() -> Vec<Document> {
    SEEDS
        .iter()
        .map(|(id, raw)| Document {
            id: (*id).to_string(),
            origin: format!("sample:data/seeds/{id}.txt"),
            url: None,
            hint_date: None,
            raw: (*raw).to_string(),
            encoding: "utf-8".to_string(),
            sha256: sha256_hex(raw.as_bytes()),
        })
        .collect()
}

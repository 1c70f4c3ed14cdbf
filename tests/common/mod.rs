#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The shared seed folder beside the checkout, or the copy compiled into the crate.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seeds")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create fixture dir");
    }
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// A short article in the shape crawled pages have.
pub fn article(title: &str, date: &str, body: &str) -> String {
    format!("Home > News > Local\n{title}\nRelease date: {date}\nInformation source: Test Daily\n\n{body}\n\nLeave a Reply\n")
}

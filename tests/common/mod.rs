#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The embedded sample's folder (`data/seeds`, with its gold files): always there.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seeds")
}

/// A path in the project's shared material (`../shared`, beside the checkout). Tests that
/// call this carry `#[cfg_attr(not(shared_material), ignore = "needs ../shared")]` (see
/// build.rs): without the folder they are reported as ignored; under CI, or when the
/// folder is there but this path is not, the test fails here.
pub fn shared(sub: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(sub);
    assert!(p.exists(), "{} is missing: this test needs the shared material beside the checkout", p.display());
    p
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

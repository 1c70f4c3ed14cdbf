//! Near-duplicate detection against the synthetic generator's gold stories.
//!
//! Writes 2,000 articles with `gen_corpus.py --gold --dup-rate 0.3` into a temporary folder,
//! groups them and checks pairwise precision and recall. Reported as ignored when the shared
//! material beside the checkout is missing (see build.rs); under CI it fails instead.

mod common;

use std::process::Command;

use xieshang::dedup::{group, pairwise_scores, signature, Deduper, Signature, DEFAULT_THRESHOLD};

/// Stand-in for `Normalized::body` until the normalizer extracts it: keeps lines of at least
/// 40 characters that hold sentence punctuation (drops menus, bylines, footers).
fn body_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines().map(str::trim) {
        if line.chars().count() >= 40 && line.contains(['.', '!', '?', '。', '！', '？']) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
#[cfg_attr(not(shared_material), ignore = "needs ../shared/bench/gen_corpus.py")]
fn syndicated_copies_are_grouped_with_precision_and_recall_of_at_least_095() {
    let script = common::shared("bench/gen_corpus.py");
    let dir = tempfile::tempdir().expect("temp dir");
    let status = Command::new("python3")
        .arg(&script)
        .args(["--n", "2000", "--seed", "3", "--gold", "--dup-rate", "0.3", "--jobs", "1", "--out"])
        .arg(dir.path())
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => panic!("python3 {} failed: {other:?}", script.display()),
    }

    let mut sigs: Vec<Signature> = Vec::new();
    let mut gold: Vec<usize> = Vec::new();
    for i in 0..2000 {
        let raw = std::fs::read_to_string(dir.path().join(format!("{i:07}.txt"))).expect("article");
        let g = std::fs::read_to_string(dir.path().join(format!("{i:07}.gold.json"))).expect("gold");
        let g: serde_json::Value = serde_json::from_str(&g).expect("gold json");
        let story = g["story"].as_str().and_then(|s| s.parse().ok()).expect("gold story");
        sigs.push(signature(&body_lines(&raw)));
        gold.push(story);
    }
    assert!(gold.iter().enumerate().any(|(i, &s)| s != i), "corpus has no copies");

    let groups = group(&sigs, DEFAULT_THRESHOLD);
    let predicted: Vec<usize> = groups.iter().map(|g| g.story).collect();
    let (precision, recall) = pairwise_scores(&predicted, &gold);
    println!("2,000 articles: pairwise precision {precision:.4}, recall {recall:.4}");
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.95, "recall {recall}");

    // incremental use: the first half was stored as BLOBs earlier, the second half is new
    let blobs: Vec<Vec<u8>> = sigs[..1000].iter().map(Signature::to_bytes).collect();
    let mut d = Deduper::new(DEFAULT_THRESHOLD);
    for b in &blobs {
        d.add(Signature::from_bytes(b).expect("stored signature"));
    }
    for (i, s) in sigs.iter().enumerate().skip(1000) {
        let added = d.add(s.clone());
        assert_eq!(added.doc, i);
        assert_eq!(added.assignment.story, groups[i].story, "new document {i}");
    }
    assert_eq!(d.assignments(), groups);
}

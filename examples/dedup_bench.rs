//! Near-duplicate detection benchmark on a folder written by
//! `gen_corpus.py --gold --dup-rate 0.3` (`NNNNNNN.txt` + `NNNNNNN.gold.json` with "story").
//!
//! ```text
//! python3 ../shared/bench/gen_corpus.py --n 100000 --seed 1 --out /tmp/dup100k --gold --dup-rate 0.3 --jobs 2
//! cargo run --release --example dedup_bench -- /tmp/dup100k [THRESHOLD] [--normalize]
//! ```
//!
//! Signatures are computed on the raw page after a crude line filter (drop short lines and
//! lines without sentence punctuation) that stands in for the normalizer's clean body; with
//! `--normalize`, on `xieshang::normalize(raw).body` instead.

use std::path::{Path, PathBuf};
use std::time::Instant;

use xieshang::dedup::{group, pairwise_scores, signature, Deduper, Signature, DEFAULT_THRESHOLD};

/// Stand-in for `Normalized::body`: keeps lines of >= 40 characters with sentence punctuation.
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

fn story_of(gold: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(gold).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("story")?.as_str()?.parse().ok()
}

/// Resident set size from /proc (Linux), or "n/a".
fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l[6..].trim().to_string()))
        .unwrap_or_else(|| "n/a".into())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let use_normalizer = args.iter().any(|a| a == "--normalize");
    let mut args = args.into_iter().filter(|a| a != "--normalize");
    let dir = PathBuf::from(args.next().ok_or("usage: dedup_bench DIR [THRESHOLD] [--normalize]")?);
    let threshold: f64 = match args.next() {
        Some(t) => t.parse()?,
        None => DEFAULT_THRESHOLD,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();

    let t = Instant::now();
    let mut sigs: Vec<Signature> = Vec::with_capacity(files.len());
    let mut gold = Vec::with_capacity(files.len());
    let mut bytes = 0usize;
    let mut dt = std::time::Duration::ZERO;
    for f in &files {
        let raw = std::fs::read_to_string(f)?;
        let body = if use_normalizer { xieshang::normalize(&raw).body } else { body_lines(&raw) };
        bytes += body.len();
        let t = Instant::now();
        sigs.push(signature(&body));
        dt += t.elapsed();
        gold.push(
            story_of(&f.with_extension("gold.json")).ok_or_else(|| format!("no gold story for {}", f.display()))?,
        );
    }
    println!(
        "{} articles, {:.1} MB of {}, read in {:.2?}",
        files.len(),
        bytes as f64 / 1e6,
        if use_normalizer { "normalize(raw).body" } else { "line-filtered body" },
        t.elapsed()
    );
    // gold stories are ids; documents are sorted by id, so map id -> position
    let ids: Vec<usize> = files
        .iter()
        .map(|f| f.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX))
        .collect();

    println!(
        "signatures: {:.2?} total, {:.1} µs/article, {:.0} signatures/s, {:.0} MB/s",
        dt,
        dt.as_secs_f64() * 1e6 / sigs.len().max(1) as f64,
        sigs.len() as f64 / dt.as_secs_f64(),
        bytes as f64 / 1e6 / dt.as_secs_f64()
    );

    println!("resident memory with {} signatures: {}", sigs.len(), rss());
    let t = Instant::now();
    let groups = group(&sigs, threshold);
    println!("group (batch): {:.2?}", t.elapsed());
    let predicted: Vec<usize> = groups.iter().map(|g| ids[g.story]).collect();
    let (p, r) = pairwise_scores(&predicted, &gold);
    let stories = groups.iter().enumerate().filter(|(i, g)| g.story == *i).count();
    println!("threshold {threshold}: pairwise precision {p:.4}, recall {r:.4}; {stories} stories");
    let exact = predicted.iter().zip(&gold).filter(|(a, b)| a == b).count();
    println!("documents whose story id equals gold: {exact} / {}", gold.len());
    let pos = |id: usize| ids.iter().position(|&x| x == id);
    for (i, g) in groups.iter().enumerate().filter(|(i, g)| ids[g.story] != gold[*i]).take(10) {
        let to_gold = pos(gold[i]).map(|k| xieshang::dedup::estimate_similarity(&sigs[i], &sigs[k]));
        println!(
            "  mismatch {:07}: story {:07} (similarity {:.2}), gold {:07} (similarity {:.2?})",
            ids[i], ids[g.story], g.similarity, gold[i], to_gold
        );
    }

    let t = Instant::now();
    let mut d = Deduper::new(threshold);
    for s in &sigs {
        d.add(s.clone());
    }
    let incremental = d.assignments();
    println!("resident memory with the Deduper too: {}", rss());
    println!(
        "Deduper (incremental): {:.2?}, same as batch: {}",
        t.elapsed(),
        incremental.iter().zip(&groups).all(|(a, b)| a.story == b.story)
    );
    Ok(())
}

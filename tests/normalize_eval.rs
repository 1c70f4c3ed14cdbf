//! Scores the normalizer on the embedded seeds (`data/seeds`) and the shared dev corpus
//! (`../shared/corpus/dev`, beside the checkout) and fails if a field falls below the level reached.

mod common;

use common::{seeds_dir, shared};
use std::path::PathBuf;
use xieshang::eval::{evaluate_dir, EvalReport, ScoreKind};

/// The targets; `reached` raises every match field to the level reached so far, so
/// that a regression fails.
fn assert_targets(r: &EvalReport, reached: f64) {
    let min = |field: &str| {
        let target = match field {
            "title" | "published" => 0.97,
            "source" | "body_starts" | "body_ends" => 0.93,
            "dateline" => 0.95,
            _ => 0.0,
        };
        f64::max(target, reached)
    };
    for f in &r.fields {
        match f.kind {
            ScoreKind::Defect => assert!(f.rate <= 0.03, "{} leaks in {:.3} of articles\n{r}", f.field, f.rate),
            _ => assert!(f.rate >= min(&f.field), "{} at {:.3}\n{r}", f.field, f.rate),
        }
    }
}

#[test]
fn seeds_reach_targets() -> xieshang::Result<()> {
    let r = evaluate_dir(&seeds_dir())?;
    println!("{r}");
    assert_eq!(r.articles, 5);
    assert_targets(&r, 1.0);
    Ok(())
}

#[test]
#[cfg_attr(not(shared_material), ignore = "needs ../shared/corpus/dev")]
fn dev_corpus_reaches_targets() -> xieshang::Result<()> {
    let dir = shared("corpus/dev");
    let r = evaluate_dir(&dir)?;
    println!("{r}");
    assert_eq!(r.articles, 26);
    assert_targets(&r, 1.0);
    Ok(())
}

/// Pages written for these tests in the shapes of sites not in the dev corpus (agency wire
/// pages, China Daily bylines, Chinese government portals, blogs). Their annotations are
/// kept as `NAME.expected.json` (so they are never mistaken for the shared gold files)
/// and laid out as `NAME.gold.json` beside the pages for the evaluator.
#[test]
fn written_fixtures_are_all_right() -> xieshang::Result<()> {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let dir = tempfile::tempdir()?;
    for entry in std::fs::read_dir(&fixtures)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let target = match name.strip_suffix(".expected.json") {
            Some(stem) => format!("{stem}.gold.json"),
            None => name,
        };
        std::fs::copy(&path, dir.path().join(target))?;
    }
    let r = evaluate_dir(dir.path())?;
    println!("{r}");
    assert_eq!(r.articles, 13);
    assert_targets(&r, 1.0);
    Ok(())
}

/// `cargo test --release --test normalize_eval -- --ignored`: generates 2,000 synthetic
/// articles with `../shared/bench/gen_corpus.py` (needs python3) and expects 0.99 on every
/// field.
#[test]
#[ignore]
fn generated_corpus_reaches_targets() -> xieshang::Result<()> {
    let bench = shared("bench");
    let dir = tempfile::tempdir()?;
    let status = std::process::Command::new("python3")
        .arg(bench.join("gen_corpus.py"))
        .args(["--n", "2000", "--seed", "3", "--gold", "--out"])
        .arg(dir.path())
        .status()?;
    assert!(status.success(), "gen_corpus.py failed");
    let r = evaluate_dir(dir.path())?;
    println!("{r}");
    assert_eq!(r.articles, 2000);
    assert_targets(&r, 0.99);
    Ok(())
}

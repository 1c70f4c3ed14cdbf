//! Scores the normalizer on the shared gold sets (`../shared/seeds`, `../shared/corpus/dev`
//! beside the checkout) and fails if a field falls below the level reached.

use std::path::PathBuf;

use xieshang::eval::{evaluate_dir, EvalReport, ScoreKind};

fn shared(sub: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(sub);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} not found; skipping", p.display());
        None
    }
}

fn assert_targets(r: &EvalReport) {
    let min = |field: &str| match field {
        "title" | "published" => 0.97,
        "source" | "body_starts" | "body_ends" => 0.93,
        "dateline" => 0.95,
        _ => 0.0,
    };
    for f in &r.fields {
        match f.kind {
            ScoreKind::Defect => assert!(
                f.rate <= 0.03,
                "{} leaks in {:.3} of articles\n{r}",
                f.field,
                f.rate
            ),
            _ => assert!(f.rate >= min(&f.field), "{} at {:.3}\n{r}", f.field, f.rate),
        }
    }
}

#[test]
fn seeds_reach_targets() -> xieshang::Result<()> {
    let Some(dir) = shared("seeds") else {
        return Ok(());
    };
    let r = evaluate_dir(&dir)?;
    println!("{r}");
    assert_eq!(r.articles, 5);
    assert_targets(&r);
    Ok(())
}

#[test]
fn dev_corpus_reaches_targets() -> xieshang::Result<()> {
    let Some(dir) = shared("corpus/dev") else {
        return Ok(());
    };
    let r = evaluate_dir(&dir)?;
    println!("{r}");
    assert_eq!(r.articles, 26);
    assert_targets(&r);
    Ok(())
}

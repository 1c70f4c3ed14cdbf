//! Scores entity extraction on the shared seeds and dev corpus, guards the levels
//! reached, and checks the facts the seeds must show.

mod common;

use common::{seeds_dir, shared};
use xieshang::eval::entities::{score_dir, EntityReport};
use xieshang::extract::{extract, Entities, Gazetteer, Level};

#[test]
#[cfg_attr(not(shared_material), ignore = "needs ../shared/corpus/dev")]
fn entity_scores_on_seeds_and_dev() {
    let (seeds, dev) = (seeds_dir(), shared("corpus/dev"));
    let mut report: EntityReport = score_dir(&seeds).expect("seeds");
    report.merge(score_dir(&dev).expect("dev"));
    println!("{report}");
    assert_eq!(report.articles, 31);
    // levels reached (targets: persons 0.95, titles 0.85, places 0.90)
    assert!(report.persons.f1() >= 0.97, "persons F1 {:.3}", report.persons.f1());
    assert!(report.titles.recall() >= 0.95, "title match {:.3}", report.titles.recall());
    assert!(report.places.f1() >= 0.95, "places F1 {:.3}", report.places.f1());
    assert!(report.places.recall() >= 0.98, "places R {:.3}", report.places.recall());
    assert!(report.platforms.f1() >= 0.85, "platforms F1 {:.3}", report.platforms.f1());
}

fn seed(prefix: &str) -> Option<(String, Entities)> {
    let dir = seeds_dir();
    let entry = std::fs::read_dir(&dir).ok()?.flatten().find(|e| {
        let n = e.file_name().to_string_lossy().to_string();
        n.starts_with(prefix) && n.ends_with(".txt")
    })?;
    let raw = std::fs::read_to_string(entry.path()).ok()?;
    let e = extract(&raw, &xieshang::normalize(&raw), Gazetteer::embedded());
    Some((raw, e))
}

fn code_of(e: &Entities, name: &str) -> Option<(Level, Option<String>)> {
    e.places.iter().find(|p| p.name.eq_ignore_ascii_case(name)).map(|p| (p.level, p.adcode.clone()))
}

#[test]
fn seeds_show_the_known_facts() {
    let (raw, e) = seed("000_").expect("seed 000");
    let gao = e.persons.iter().find(|p| p.name == "Gao Linghui").expect("Gao Linghui");
    assert_eq!(gao.title.as_deref(), Some("chairman of the CPPCC"));
    assert_eq!(gao.role.as_deref(), Some("chairman"));
    assert_eq!(gao.body.as_deref(), Some("CPPCC Jiaxing Municipal Committee"));
    assert_eq!(gao.body_adcode.as_deref(), Some("330400"));
    assert_eq!(gao.mentions.len(), 3);
    let ge = e.persons.iter().find(|p| p.name == "Ge Huijun").expect("Ge Huijun");
    assert_eq!(ge.body.as_deref(), Some("CPPCC Zhejiang Provincial Committee"));
    assert_eq!(code_of(&e, "Jiaxing"), Some((Level::Prefecture, Some("330400".into()))));
    assert!(e.orgs.iter().any(|o| o.canonical == "CPPCC Jiaxing Municipal Committee"));
    assert!(e.counts.iter().any(|c| c.value == 9 && c.text == "9 living rooms for provincial CPPCC committees"));
    for p in &e.persons {
        assert_eq!(&raw[p.span.start..p.span.end], p.name);
    }

    let (_, e) = seed("002_").expect("seed 002");
    assert_eq!(code_of(&e, "Shigu"), Some((Level::County, Some("430407".into()))));
    assert_eq!(code_of(&e, "Huangshawan"), Some((Level::Township, Some("430407006".into()))));
    assert!(e.counts.iter().any(|c| c.value == 158 && c.what == "members"));

    let (_, e) = seed("003_").expect("seed 003");
    assert_eq!(code_of(&e, "Chifeng"), Some((Level::Prefecture, Some("150400".into()))));
    assert_eq!(code_of(&e, "Xing’an"), Some((Level::Prefecture, Some("152200".into()))));
    assert_eq!(code_of(&e, "Inner Mongolia"), Some((Level::Province, Some("150000".into()))));

    let (_, e) = seed("004_").expect("seed 004");
    assert_eq!(code_of(&e, "Nanhu"), Some((Level::County, Some("330402".into()))));
    let ao = e.persons.iter().find(|p| p.name == "Ao Kaoquan").expect("Ao Kaoquan");
    assert!(ao.title.as_deref().is_some_and(|t| t.starts_with("member of the Standing Committee")));
}

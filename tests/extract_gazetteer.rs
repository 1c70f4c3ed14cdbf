//! The embedded gazetteer: coverage, known codes, and that `scripts/make_gazetteer.py`
//! reproduces `data/gazetteer.csv` byte for byte.

mod common;

use std::path::PathBuf;
use std::process::Command;

use xieshang::extract::{Gazetteer, Level};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_province_and_level_is_present() {
    let g = Gazetteer::embedded();
    let count = |l: Level| g.divisions().iter().filter(|d| d.level == l).count();
    assert_eq!(count(Level::Province), 34);
    assert_eq!(count(Level::Prefecture), 333);
    assert_eq!(count(Level::County), 2847);
    assert!(count(Level::Township) > 38_000);
    for name in [
        "Beijing",
        "Tianjin",
        "Hebei",
        "Shanxi",
        "Inner Mongolia",
        "Liaoning",
        "Jilin",
        "Heilongjiang",
        "Shanghai",
        "Jiangsu",
        "Zhejiang",
        "Anhui",
        "Fujian",
        "Jiangxi",
        "Shandong",
        "Henan",
        "Hubei",
        "Hunan",
        "Guangdong",
        "Guangxi",
        "Hainan",
        "Chongqing",
        "Sichuan",
        "Guizhou",
        "Yunnan",
        "Tibet",
        "Shaanxi",
        "Gansu",
        "Qinghai",
        "Ningxia",
        "Xinjiang",
        "Taiwan",
        "Hong Kong",
        "Macao",
    ] {
        assert!(g.lookup(name).iter().any(|d| d.level == Level::Province), "province {name} missing");
    }
    for exonym in ["Xizang", "Macau", "Nei Mongol", "Peking"] {
        assert!(g.lookup(exonym).iter().any(|d| d.level == Level::Province), "{exonym}");
    }
    // every parent exists, and only provinces lack one
    for d in g.divisions() {
        match &d.parent {
            Some(p) => assert!(g.get(p).is_some(), "{} has unknown parent {p}", d.adcode),
            None => assert_eq!(d.level, Level::Province, "{}", d.adcode),
        }
        assert_eq!(d.reviewed, d.level != Level::Township, "{}", d.adcode);
    }
}

#[test]
fn known_codes() {
    let g = Gazetteer::embedded();
    let code = |name: &str, level: Level| -> Vec<String> {
        g.lookup(name).into_iter().filter(|d| d.level == level).map(|d| d.adcode.clone()).collect()
    };
    assert_eq!(code("Jiaxing", Level::Prefecture), ["330400"]);
    assert_eq!(code("Shigu", Level::County), ["430407"]);
    assert_eq!(code("Chifeng", Level::Prefecture), ["150400"]);
    assert_eq!(code("Xing'an", Level::Prefecture), ["152200"]);
    assert_eq!(code("Xing’an", Level::Prefecture), ["152200"]);
    assert!(code("Nanhu", Level::County).contains(&"330402".to_string()));
    assert_eq!(g.lookup_with_suffix("Nanhu District")[0].adcode, "330402");
    assert_eq!(g.lookup_with_suffix("Xing'an League")[0].adcode, "152200");
    assert_eq!(g.lookup_zh("嘉兴市")[0].adcode, "330400");
    assert_eq!(g.get("330402").and_then(|d| g.parent(d)).map(|p| p.name.as_str()), Some("Jiaxing"));
    assert_eq!(g.get("150100").map(|d| d.name.as_str()), Some("Hohhot"));
    assert_eq!(g.get("650100").map(|d| d.name.as_str()), Some("Urumqi"));
}

#[test]
#[cfg_attr(not(shared_material), ignore = "needs ../shared/domain/divisions.csv")]
fn script_reproduces_the_data_file() {
    let input = common::shared("domain/divisions.csv");
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("gazetteer.csv");
    let status = Command::new("python3")
        .arg(root().join("scripts/make_gazetteer.py"))
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .status();
    let status = status.unwrap_or_else(|e| panic!("python3 could not be run: {e}"));
    assert!(status.success(), "make_gazetteer.py failed");
    let made = std::fs::read(&target).expect("generated file");
    let shipped = std::fs::read(root().join("data/gazetteer.csv")).expect("data/gazetteer.csv");
    assert!(made == shipped, "data/gazetteer.csv is not what scripts/make_gazetteer.py makes; rerun it");
}

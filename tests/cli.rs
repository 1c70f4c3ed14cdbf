//! The command line, run as a user would through the built binary.

mod common;

use std::process::{Command, Output};

fn xieshang(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xieshang")).args(args).current_dir(cwd).output().expect("run xieshang")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn build_with_no_input_makes_the_sample_database_and_search_finds_seed_000() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = xieshang(&["build"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("xieshang.db").exists());
    let text = stdout(&out);
    assert!(text.contains("5 added"), "{text}");
    assert!(text.contains("articles        5"), "{text}");

    let stats = xieshang(&["stats", "xieshang.db", "--json"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("stats json");
    assert_eq!(v["articles"], 5);
    // what extraction found, counted in the same file the library reads
    let corpus = xieshang::Corpus::open(dir.path().join("xieshang.db")).expect("open");
    let x = &v["extracted"];
    assert_eq!(x["people"], corpus.people().expect("people").rows() as i64);
    assert_eq!(x["events"], corpus.events().expect("events").rows() as i64);
    assert_eq!(x["event_participants"], corpus.event_participants().expect("participants").rows() as i64);
    assert!(x["events"].as_i64().unwrap_or(0) >= 2, "{x}");
    assert_eq!((x["stories"].as_i64(), x["syndicated_copies"].as_i64()), (Some(5), Some(0)));
    assert!(text.contains("stories         5 (0 syndicated copies)"), "{text}");

    let search = xieshang(&["search", "xieshang.db", "living room"], dir.path());
    assert!(search.status.success());
    let first = stdout(&search);
    let first = first.lines().next().unwrap_or_default();
    assert!(first.contains("000_fa76f7cebd490d1b"), "{first}");

    let export = xieshang(&["export", "xieshang.db", "--format", "jsonl"], dir.path());
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&export.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 5);
    let csv = xieshang(&["export", "xieshang.db", "--format", "csv", "-o", "out.csv"], dir.path());
    assert!(csv.status.success());
    assert!(std::fs::read_to_string(dir.path().join("out.csv")).expect("csv").starts_with("id,title,"));
}

#[test]
fn exit_codes_say_what_failed() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write(dir.path(), "in/ok.txt", b"The committee member studio met on Monday.");
    common::write(dir.path(), "in/bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let out = xieshang(&["build", "in", "-o", "x.db"], dir.path());
    assert_eq!(out.status.code(), Some(xieshang::cli::EXIT_INPUT_ERRORS));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt") && err.contains("binary data, not text"), "{err}");

    let missing = xieshang(&["stats", "nope.db"], dir.path());
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&missing.stderr).trim(), "error: nope.db: no such file or directory");

    let bad_query = xieshang(&["search", "x.db", "\"open", "--fts"], dir.path());
    assert_eq!(bad_query.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_query.stderr).starts_with("error: bad query"));

    let usage = xieshang(&["export", "x.db", "--format", "xml"], dir.path());
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn eval_prints_a_table_for_the_seeds() {
    let out = xieshang(&["eval", common::seeds_dir().to_str().unwrap_or("data/seeds")], std::path::Path::new("."));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("title") && text.contains("published"), "{text}");
}

#[test]
fn build_rebuild_rederives_the_database_and_then_adds_new_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(xieshang(&["build", "-q"], dir.path()).status.success());
    let before = xieshang(&["export", "xieshang.db", "--format", "jsonl"], dir.path());

    let out = xieshang(&["build", "--rebuild"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("rebuilt 5 articles"), "{text}");
    assert!(text.contains("articles        5"), "{text}");
    let after = xieshang(&["export", "xieshang.db", "--format", "jsonl"], dir.path());
    assert_eq!(stdout(&before), stdout(&after), "same extractor, same raw text: same export");

    common::write(
        dir.path(),
        "new/extra.txt",
        common::article(
            "Deputies visit a liaison station",
            "2024-03-01",
            "Deputies of Jiaxing met residents at the liaison station.",
        )
        .as_bytes(),
    );
    let out = xieshang(&["build", "--rebuild", "new"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("articles        6"), "{}", stdout(&out));

    let missing = xieshang(&["build", "--rebuild", "-o", "none.db"], dir.path());
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("none.db"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    assert!(!dir.path().join("none.db").exists());
}

//! `build --rebuild`: every derived table re-made from the stored raw text.

mod common;

use std::path::PathBuf;

use rusqlite::Connection;
use xieshang::{BuildOptions, Corpus, Error};

fn scalar(db: &std::path::Path, sql: &str) -> i64 {
    let conn = Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn column(db: &std::path::Path, sql: &str) -> Vec<Option<String>> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn.prepare(sql).expect(sql);
    let rows = stmt.query_map([], |r| r.get(0)).expect(sql);
    rows.collect::<rusqlite::Result<_>>().expect(sql)
}

#[test]
fn rebuild_rederives_stale_tables_from_raw_text_and_keeps_the_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let inputs: Vec<PathBuf> = vec![
        common::seeds_dir(),
        common::write(dir.path(), "junk.bin", &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ];
    let first = Corpus::build(&inputs, &db, &BuildOptions::default()).expect("build");
    assert_eq!(first.added, 5);
    assert_eq!(first.errors.len(), 1);

    let sources = column(&db, "SELECT source FROM articles ORDER BY id");
    let ingested = column(&db, "SELECT id || ' ' || ingested_at FROM articles ORDER BY id");
    let stories = column(&db, "SELECT id || ' ' || story FROM articles ORDER BY id");
    let mentions = scalar(&db, "SELECT count(*) FROM mentions");
    let places = scalar(&db, "SELECT count(*) FROM article_places");
    assert!(mentions > 20 && places > 10, "{mentions} mentions, {places} places");
    let in_body = "SELECT (SELECT count(body_start) FROM mentions) || ' ' || (SELECT count(body_start) FROM article_places)
        || ' ' || (SELECT count(body_start) FROM article_organizations) || ' ' || (SELECT count(body_start) FROM article_platforms)";
    let body_spans = column(&db, in_body);

    // What an older extractor would have left behind: wrong fields, missing entities.
    {
        let conn = Connection::open(&db).expect("open");
        conn.execute_batch(
            "UPDATE articles SET source = 'stale', story = NULL;
             DELETE FROM mentions; DELETE FROM article_places;
             UPDATE article_organizations SET body_start = NULL, body_end = NULL;
             UPDATE article_platforms SET body_start = NULL, body_end = NULL;",
        )
        .expect("tamper");
    }

    let report = Corpus::rebuild(&db, &BuildOptions::default()).expect("rebuild");
    assert_eq!((report.added, report.errors.len()), (5, 0));
    assert_eq!(column(&db, "SELECT source FROM articles ORDER BY id"), sources);
    assert_eq!(column(&db, "SELECT id || ' ' || ingested_at FROM articles ORDER BY id"), ingested);
    assert_eq!(column(&db, "SELECT id || ' ' || story FROM articles ORDER BY id"), stories);
    assert_eq!(scalar(&db, "SELECT count(*) FROM mentions"), mentions);
    assert_eq!(scalar(&db, "SELECT count(*) FROM article_places"), places);
    // The body spans are worked out again with the rows.
    assert_eq!(column(&db, in_body), body_spans);
    assert!(scalar(&db, "SELECT count(body_start) FROM article_organizations") > 5);
    // the error log and the build log survive; the rebuild is logged too
    assert_eq!(scalar(&db, "SELECT count(*) FROM ingest_errors WHERE origin LIKE '%junk.bin'"), 1);
    assert_eq!(scalar(&db, "SELECT count(*) FROM builds"), 2);
    assert_eq!(scalar(&db, "SELECT count(*) FROM builds WHERE inputs = '[\"--rebuild\"]' AND added = 5"), 1);

    let corpus = Corpus::open(&db).expect("open");
    assert!(!corpus.search("living room", 10).expect("search").is_empty());
    let check = corpus.check().expect("check");
    assert!(check.is_clean(), "{:?}", check.problems);
    drop(corpus);

    // re-running a plain build on the rebuilt database adds nothing
    let again = Corpus::build(&[common::seeds_dir()], &db, &BuildOptions::default()).expect("build");
    assert_eq!((again.added, again.unchanged), (0, 5));
}

#[test]
fn rebuild_refuses_missing_and_foreign_files_and_leaves_them_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("none.db");
    assert!(matches!(Corpus::rebuild(&missing, &BuildOptions::default()), Err(Error::NotFound { .. })));
    assert!(!missing.exists());

    let text = common::write(dir.path(), "notes.db", b"not a database at all, just some words\n");
    assert!(matches!(Corpus::rebuild(&text, &BuildOptions::default()), Err(Error::NotADatabase { .. })));
    assert_eq!(std::fs::read(&text).expect("read"), b"not a database at all, just some words\n");

    let other = dir.path().join("other.db");
    Connection::open(&other).expect("open").execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").expect("t");
    assert!(matches!(Corpus::rebuild(&other, &BuildOptions::default()), Err(Error::NotADatabase { .. })));
    assert_eq!(scalar(&other, "SELECT count(*) FROM t"), 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("building"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

//! The store end to end: build, reopen, incremental no-op, bad inputs, atomicity,
//! search, read-only SQL, migrations.

mod common;

use std::path::PathBuf;

use rusqlite::Connection;
use xieshang::{BuildOptions, Corpus, Error, Params, Result, SCHEMA_VERSION};

fn build(inputs: &[PathBuf], db: &std::path::Path) -> Result<xieshang::BuildReport> {
    Corpus::build(inputs, db, &BuildOptions::default())
}

#[test]
fn sample_build_reopens_and_rebuild_is_a_noop() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    let first = build(&[], &db)?;
    assert_eq!((first.seen, first.added, first.unchanged), (5, 5, 0));
    assert!(first.errors.is_empty());
    let again = build(&[], &db)?;
    assert_eq!((again.seen, again.added, again.unchanged), (5, 0, 5));
    let corpus = Corpus::open(&db)?;
    let ids: Vec<String> = corpus.articles()?.into_iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids[0], "000_fa76f7cebd490d1b");
    // Raw text is stored verbatim.
    let table =
        corpus.sql("SELECT raw FROM articles WHERE id = ?", &Params::Positional(vec![ids[0].clone().into()]))?;
    let xieshang::Column::Text(raw) = &table.columns[0] else { panic!("raw is text") };
    assert_eq!(raw[0].as_deref(), Some(xieshang::sample::SEEDS[0].1));
    // The build log has one row per run; no temporary file is left behind.
    let builds = corpus.sql("SELECT added FROM builds ORDER BY id", &Params::None)?;
    assert_eq!(builds.columns[0], xieshang::Column::Int(vec![Some(5), Some(0)]));
    // Closing the last connection checkpoints and removes the WAL files.
    drop(corpus);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("x.db")]);
    Ok(())
}

#[test]
fn body_spans_mark_each_mention_in_the_clean_body_and_check_verifies_them() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in");
    // A hard-wrapped paragraph (indented lines) and full-width forms, which the body folds.
    let body = "On June 28, Gao Linghui, chairman of the Jiaxing CPPCC, visited the\n   \
        Committee Living Room in Nanhu District with Ge Huijun and talked with residents\n  \
        about parking, the ＣＰＰＣＣ\u{3000}member studio and the elderly canteen in Jiaxing.";
    common::write(
        &input,
        "wrapped.txt",
        common::article("Members visit Nanhu District", "2023-06-28", body).as_bytes(),
    );
    let db = dir.path().join("x.db");
    build(&[common::seeds_dir(), input], &db)?;
    let conn = Connection::open(&db)?;
    // Most mentions are in the body; check() verifies each body span (below).
    let mapped: i64 = conn.query_row(
        "SELECT (SELECT count(body_start) FROM mentions) + (SELECT count(body_start) FROM article_places)
              + (SELECT count(body_start) FROM article_organizations) + (SELECT count(body_start) FROM article_platforms)",
        [],
        |r| r.get(0),
    )?;
    assert!(mapped > 60, "{mapped}");
    // (raw text, body text, after the full-width forms) of the places and platforms.
    let slices: Vec<(String, String, bool)> = conn
        .prepare(
            "SELECT substr(a.raw, x.start + 1, x.end - x.start), substr(a.body, x.body_start + 1, x.body_end - x.body_start),
                    x.start > instr(a.raw, 'ＣＰＰＣＣ')
             FROM (SELECT article_pk, start, end, body_start, body_end FROM article_platforms
                   UNION ALL SELECT article_pk, start, end, body_start, body_end FROM article_places) AS x
             JOIN articles AS a ON a.pk = x.article_pk WHERE a.id = 'wrapped' AND x.body_start IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let want = |raw: &str, body: &str, after: bool| {
        slices.iter().any(|s| (s.0.as_str(), s.1.as_str(), s.2) == (raw, body, after))
    };
    assert!(want("Committee Living Room", "Committee Living Room", false), "{slices:?}");
    assert!(want("Nanhu", "Nanhu", false), "{slices:?}");
    // Each full-width letter is three bytes in the raw text, one in the body: the
    // character offsets still meet.
    assert!(want("member studio", "member studio", true), "{slices:?}");
    // Mentions outside the body paragraphs (the headline, a byline) have no body span.
    let outside: (i64, i64) = conn.query_row(
        "SELECT count(*), count(x.body_start) FROM (
             SELECT article_pk, start, end, body_start FROM mentions
             UNION ALL SELECT article_pk, start, end, body_start FROM article_places
             UNION ALL SELECT article_pk, start, end, body_start FROM article_organizations
             UNION ALL SELECT article_pk, start, end, body_start FROM article_platforms) AS x
         JOIN articles AS a ON a.pk = x.article_pk
         WHERE NOT EXISTS (SELECT 1 FROM json_each(a.body_spans) AS p
                           WHERE p.value ->> '$[0]' <= x.start AND x.end <= p.value ->> '$[1]')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(outside.0 > 0 && outside.1 == 0, "{outside:?}");
    assert!(Corpus::open(&db)?.check()?.is_clean());
    // A body span moved by one character, and one out of range, are reported.
    conn.execute_batch(
        "UPDATE article_places SET body_start = body_start + 1
         WHERE rowid = (SELECT min(rowid) FROM article_places WHERE body_start IS NOT NULL);
         UPDATE article_platforms SET body_end = 1000000
         WHERE rowid = (SELECT min(rowid) FROM article_platforms WHERE body_start IS NOT NULL);",
    )?;
    let problems = Corpus::open(&db)?.check()?.problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("article_places body span")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("article_platforms body span")), "{problems:?}");
    Ok(())
}

#[test]
fn the_build_stores_the_summary_and_check_compares_it_with_the_tables() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[common::seeds_dir()], &db)?;
    let summary = Corpus::open(&db)?.summary()?;
    assert!(summary.stored);
    assert_eq!(summary.articles, 5);
    let stats = Corpus::open(&db)?.stats()?;
    assert_eq!((&summary.extracted, &summary.top_sources), (&stats.extracted, &stats.top_sources));
    assert_eq!((&summary.earliest, &summary.latest), (&stats.earliest, &stats.latest));
    // A build in place that adds articles stores the new counts.
    let input = dir.path().join("in");
    let body = "On Monday, Gao Linghui, chairman of the Jiaxing CPPCC, met residents in Nanhu District about parking.";
    common::write(&input, "more.txt", common::article("Residents meet members", "2024-02-01", body).as_bytes());
    build(&[input], &db)?;
    let corpus = Corpus::open(&db)?;
    let summary = corpus.summary()?;
    assert!(summary.stored);
    assert_eq!((summary.articles, summary.latest.as_deref()), (6, Some("2024-02-01")));
    assert_eq!(summary.extracted, corpus.stats()?.extracted);
    assert!(corpus.check()?.is_clean());
    drop(corpus);
    // A summary that no longer matches the tables is reported, count by count.
    Connection::open(&db)?.execute("UPDATE corpus_meta SET value = value + 1 WHERE key = 'summary.people'", [])?;
    let problems = Corpus::open(&db)?.check()?.problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("stored summary: summary.people is"), "{problems:?}");
    // Without a stored summary (a database built before it was stored), it is counted.
    Connection::open(&db)?.execute("DELETE FROM corpus_meta WHERE key GLOB 'summary.*'", [])?;
    let corpus = Corpus::open(&db)?;
    let counted = corpus.summary()?;
    assert!(!counted.stored);
    assert_eq!((counted.articles, counted.extracted), (6, corpus.stats()?.extracted));
    assert!(corpus.check()?.is_clean());
    Ok(())
}

#[test]
fn queries_without_long_texts_read_the_covering_index_only() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[], &db)?;
    let conn = Connection::open(&db)?;
    // Every column but the three long texts (and the rowid, which every index holds).
    let columns = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    };
    let mut table = columns(
        "SELECT name FROM pragma_table_info('articles') WHERE name NOT IN ('pk', 'body_spans', 'body', 'raw')",
    )?;
    let mut index = columns("SELECT name FROM pragma_index_info('articles_meta')")?;
    table.sort();
    index.sort();
    assert_eq!(index, table);
    // A typical metadata query, in id order and filtered, never opens the table.
    for query in [
        "SELECT id, title, published, source, dateline, url, language, story, province_adcode FROM articles ORDER BY id",
        "SELECT substr(published, 1, 4), count(*) FROM articles WHERE title LIKE '%CPPCC%' GROUP BY 1",
    ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {query}"))?;
        let plan = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<Vec<_>>>()?;
        assert!(plan.iter().any(|d| d.contains("COVERING INDEX articles_meta")), "{query}: {plan:?}");
    }
    Ok(())
}

#[test]
fn bad_inputs_are_recorded_and_the_rest_is_stored() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in");
    common::write(
        &input,
        "good.txt",
        common::article("Studio opens", "2023-05-01", "The CPPCC member studio opened in Shigu District.").as_bytes(),
    );
    common::write(
        &input,
        "nested/also_good.txt",
        common::article("Living room", "2022-01-02", "A committee living room was set up.").as_bytes(),
    );
    common::write(&input, "empty.txt", b"");
    common::write(&input, "binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]);
    common::write(&input, "gbk.txt", b"\xd5\xfe\xd0\xad\xce\xaf\xd4\xb1"); // 政协委员 in GBK
    common::write(&input, "latin1.txt", b"caf\xe9 au lait"); // neither UTF-8 nor Chinese
    common::write(&input, "ignored.gold.json", b"{}");
    let jsonl = common::write(
        &input,
        "dump.jsonl",
        b"{\"id\": \"j1\", \"text\": \"Deputies' liaison station visited.\", \"url\": \"http://example.org/a\", \"date\": \"2021-03-04\"}\n{broken\n{\"id\": \"j2\", \"text\": \"Consultation council met.\"}\n",
    );
    let db = dir.path().join("x.db");
    let report = build(&[input.clone(), dir.path().join("missing.txt")], &db)?;
    assert_eq!(report.added, 5, "{report:?}");
    let mut kinds: Vec<(String, String)> = report
        .errors
        .iter()
        .map(|e| (e.origin.rsplit('/').next().unwrap_or_default().to_string(), e.kind.clone()))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("binary.txt".to_string(), "decode".to_string()),
            ("dump.jsonl:2".into(), "json".into()),
            ("empty.txt".into(), "empty".into()),
            ("latin1.txt".into(), "decode".into()),
            ("missing.txt".into(), "io".into()),
        ]
    );
    let latin1 = report.errors.iter().find(|e| e.origin.ends_with("latin1.txt")).map(|e| e.message.clone());
    assert_eq!(latin1.as_deref(), Some("invalid UTF-8 at byte 3 (and not GB18030 text either)"));

    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.stats()?.ingest_errors, 5);
    // GBK text is decoded; the stored raw text is the decoded text, the hash is of the bytes.
    let gbk = corpus.article("gbk")?;
    assert_eq!(gbk.body, "政协委员");
    assert_eq!(gbk.sha256, xieshang::input::sha256_hex(b"\xd5\xfe\xd0\xad\xce\xaf\xd4\xb1"));
    let enc = corpus.sql("SELECT encoding FROM articles WHERE id = 'gbk'", &Params::None)?;
    assert_eq!(enc.columns[0], xieshang::Column::Text(vec![Some("gb18030".into())]));
    let j1 = corpus.article("j1")?;
    assert_eq!(j1.url.as_deref(), Some("http://example.org/a"));
    assert_eq!(j1.origin, format!("{}:1", jsonl.display()));
    // The crawler's date is used when the page states none.
    assert_eq!(j1.published.as_deref(), Some("2021-03-04"));
    assert!(matches!(corpus.article("nope"), Err(Error::ArticleNotFound { .. })));
    drop(corpus);
    // A re-run on the same inputs stores nothing new and reports the same bad inputs
    // again, each logged once more.
    let again = build(&[input, dir.path().join("missing.txt")], &db)?;
    assert_eq!((again.seen, again.added, again.unchanged), (report.seen, 0, report.seen), "{again:?}");
    let mut origins: Vec<String> = again.errors.iter().map(|e| e.origin.clone()).collect();
    let mut first: Vec<String> = report.errors.iter().map(|e| e.origin.clone()).collect();
    origins.sort();
    first.sort();
    assert_eq!(origins, first);
    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.stats()?.ingest_errors, 10);
    assert_eq!(corpus.articles()?.len(), 5);
    Ok(())
}

#[test]
fn same_id_with_other_content_is_refused_not_replaced() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let a = common::write(dir.path(), "a/doc.txt", b"First version of the text about a studio.");
    let b = common::write(dir.path(), "b/doc.txt", b"Second, different text with the same file name.");
    let db = dir.path().join("x.db");
    let report = build(&[a, b], &db)?;
    assert_eq!(report.added, 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].kind, "duplicate_id");
    let body = Corpus::open(&db)?.article("doc")?.body;
    assert!(body.contains("First version"));
    Ok(())
}

#[test]
fn failed_build_leaves_the_existing_database_untouched() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[], &db)?;
    let before = std::fs::read(&db)?;
    // A foreign SQLite file where the database should be: refused, nothing written.
    let other = dir.path().join("other.db");
    Connection::open(&other)?.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
    let other_before = std::fs::read(&other)?;
    match build(&[], &other) {
        Err(Error::NotADatabase { path, .. }) => assert_eq!(path, other),
        r => panic!("expected NotADatabase, got {r:?}"),
    }
    assert_eq!(std::fs::read(&other)?, other_before);
    // A build into a missing directory fails cleanly too.
    assert!(matches!(build(&[], &dir.path().join("no/such/dir/x.db")), Err(Error::NotFound { .. })));
    assert_eq!(std::fs::read(&db)?, before);
    let names: Vec<_> = std::fs::read_dir(dir.path())?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
    Ok(())
}

#[test]
fn search_ranks_with_snippets_and_reports_bad_syntax() -> Result<()> {
    let corpus = Corpus::sample()?;
    let hits = corpus.search("living room", 10)?;
    assert_eq!(hits[0].id, "000_fa76f7cebd490d1b");
    assert!(hits[0].snippet.contains("[living] [room]"), "{}", hits[0].snippet);
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
    // Porter stemming: "studios" finds "studio".
    assert!(corpus.search("studios", 10)?.iter().any(|h| h.id == "002_50617ea5eb4f4471"));
    // Bad query syntax is a BadQuery in both the query language and the raw mode.
    assert!(matches!(corpus.search("\"unbalanced AND (", 10), Err(Error::BadQuery { .. })));
    assert!(matches!(corpus.search_fts("\"unbalanced", 10), Err(Error::BadQuery { .. })));
    assert_eq!(corpus.search_fts("\"living room\" NOT Hengyang", 10)?[0].id, "000_fa76f7cebd490d1b");
    assert!(matches!(corpus.search("   ", 10), Err(Error::BadQuery { .. })));
    Ok(())
}

#[test]
fn sql_is_read_only_and_typed() -> Result<()> {
    let corpus = Corpus::sample()?;
    for stmt in [
        "DELETE FROM articles",
        "INSERT INTO ingest_errors (origin, kind, message, occurred_at) VALUES ('a','b','c','d')",
        "DROP TABLE articles",
        "PRAGMA user_version = 9",
    ] {
        assert!(matches!(corpus.sql(stmt, &Params::None), Err(Error::BadQuery { .. })), "{stmt} must be refused");
    }
    assert_eq!(corpus.stats()?.articles, 5);
    let t = corpus.sql(
        "SELECT count(*) AS n, avg(length(body)) AS mean, :who AS who FROM articles",
        &Params::Named(vec![("who".into(), xieshang::Value::Text("me".into()))]),
    )?;
    assert_eq!(t.names, ["n", "mean", "who"]);
    assert_eq!(t.columns[0], xieshang::Column::Int(vec![Some(5)]));
    assert!(matches!(t.columns[1], xieshang::Column::Float(_)));
    assert_eq!(t.columns[2], xieshang::Column::Text(vec![Some("me".into())]));
    // An unbound parameter is NULL, as in SQLite.
    assert_eq!(corpus.sql("SELECT ?", &Params::None)?.columns[0], xieshang::Column::Text(vec![None]));
    assert!(matches!(corpus.sql("SELECT ?", &Params::Positional(vec![])), Err(Error::BadQuery { .. })));
    assert!(matches!(corpus.sql("SELEC nonsense", &Params::None), Err(Error::BadQuery { .. })));
    Ok(())
}

#[test]
fn newer_schema_is_refused_and_non_databases_named() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[], &db)?;
    Connection::open(&db)?.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
    match Corpus::open(&db) {
        Err(Error::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
        }
        r => panic!("expected SchemaTooNew, got {r:?}"),
    }
    let text =
        common::write(dir.path(), "notes.db", b"this is not a database at all, just some text that is long enough");
    let err = Corpus::open(&text).expect_err("text file is not a database");
    assert!(err.to_string().contains("notes.db"), "{err}");
    assert!(matches!(Corpus::open(dir.path().join("missing.db")), Err(Error::NotFound { .. })));
    Ok(())
}

#[test]
fn export_follows_the_jsonl_contract() -> Result<()> {
    let corpus = Corpus::sample()?;
    let mut out = Vec::new();
    assert_eq!(corpus.export_jsonl(&mut out)?, 5);
    let text = String::from_utf8(out).map_err(|e| Error::BadArgument(e.to_string()))?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let keys: Vec<&str> = v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        let mut expected =
            ["body", "dateline", "id", "persons", "places", "platforms", "published", "source", "story", "title"];
        expected.sort();
        assert_eq!(keys, expected);
        assert!(v["persons"].is_array() && v["places"].is_array() && v["platforms"].is_array());
        if let Some(p) = v["published"].as_str() {
            assert!(chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").is_ok(), "{p}");
        }
    }
    assert!(lines[0].starts_with("{\"id\":\"000_fa76f7cebd490d1b\",\"title\":"));
    let mut csv = Vec::new();
    corpus.export_csv(&mut csv)?;
    assert!(csv.starts_with(b"id,title,published,source,dateline,body,persons,places,platforms,story\r\n"));
    Ok(())
}

#[test]
fn gzipped_jsonl_streams() -> Result<()> {
    use std::io::Write;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("crawl.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path)?, flate2::Compression::fast());
    for i in 0..50 {
        writeln!(
            gz,
            "{{\"id\": \"g{i}\", \"text\": \"Consultation meeting number {i} about rural revitalization.\"}}"
        )?;
    }
    writeln!(gz, "{{broken")?;
    gz.finish()?;
    let db = dir.path().join("x.db");
    let report = build(&[dir.path().to_path_buf()], &db)?;
    assert_eq!(report.added, 50);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].origin, format!("{}:51", path.display()));
    assert!(Corpus::open(&db)?.article("g49")?.body.contains("number 49"));
    Ok(())
}

#[test]
fn export_carries_people_places_and_platforms_of_the_seeds() -> Result<()> {
    let corpus = Corpus::sample()?;
    let mut records = Vec::new();
    corpus.export_records(|r| {
        records.push(r);
        Ok(())
    })?;
    let seed0 = &records[0];
    let gao = seed0.persons.iter().find(|p| p.name == "Gao Linghui").expect("Gao Linghui");
    assert_eq!(gao.title.as_deref(), Some("chairman of the CPPCC"));
    let jiaxing = seed0.places.iter().find(|p| p.name == "Jiaxing").expect("Jiaxing");
    assert_eq!((jiaxing.level.as_str(), jiaxing.adcode.as_deref()), ("prefecture", Some("330400")));
    assert!(seed0.platforms.iter().any(|p| p.text == "committee’s living room"));
    // Every seed is its own story.
    assert!(records.iter().all(|r| r.story == r.id));
    assert!(corpus.check()?.is_clean());
    Ok(())
}

#[test]
fn a_version_1_database_is_backed_up_and_migrated_with_its_rows() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("old.db");
    {
        let conn = Connection::open(&db)?;
        conn.execute_batch(xieshang::store::schema::MIGRATIONS[0])?;
        conn.execute(
            "INSERT INTO articles (id, origin, sha256, raw, encoding, body, language, ingested_at)
             VALUES ('old1', 'old.txt', ?1, 'A studio opened.', 'utf-8', 'A studio opened.', 'en', '2024-01-01T00:00:00Z')",
            [xieshang::input::sha256_hex(b"A studio opened.")],
        )?;
        conn.pragma_update(None, "user_version", 1)?;
    }
    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.stats()?.schema_version, SCHEMA_VERSION);
    assert_eq!(corpus.article("old1")?.body, "A studio opened.");
    assert_eq!(corpus.search("studio", 5)?[0].id, "old1");
    assert!(corpus.check()?.is_clean());
    let backup = dir.path().join("old.db.v1.bak");
    let v: i64 = Connection::open(&backup)?.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(v, 1, "the backup keeps the old schema");
    drop(corpus);
    // Extending it works too: new articles get entities and stories.
    let report = build(&[], &db)?;
    assert_eq!(report.added, 5);
    let corpus = Corpus::open(&db)?;
    assert!(corpus.people()?.rows() > 10);
    assert!(corpus.check()?.is_clean());
    Ok(())
}

/// Migration 0005 rebuilds `articles` with its long texts last. Every table of a full
/// version-4 database (the sample with all its entities) must come through unchanged:
/// dropping the old table must not cascade into the rows that reference it.
#[test]
fn a_version_4_database_moves_its_long_texts_last_and_keeps_every_row() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let current = dir.path().join("current.db");
    build(&[], &current)?;
    let old = dir.path().join("v4.db");
    let tables: Vec<String>;
    {
        let conn = Connection::open(&old)?;
        conn.pragma_update(None, "foreign_keys", false)?; // tables are copied in name order
        xieshang::store::register_functions(&conn)?;
        for sql in &xieshang::store::schema::MIGRATIONS[..4] {
            conn.execute_batch(sql)?;
        }
        conn.execute("ATTACH ?1 AS src", [current.to_string_lossy()])?;
        let cols: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('articles')")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(cols.get(5).map(String::as_str), Some("raw"), "version 4 keeps raw sixth");
        let cols = cols.join(", ");
        conn.execute_batch(&format!("INSERT INTO articles ({cols}) SELECT {cols} FROM src.articles"))?;
        tables = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles%'
                 AND name NOT LIKE 'sqlite%' ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for t in &tables {
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}', 'main')"))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let cols = cols.join(", ");
            conn.execute_batch(&format!("INSERT INTO main.{t} ({cols}) SELECT {cols} FROM src.{t}"))?;
        }
        conn.execute_batch("DETACH src")?;
        conn.pragma_update(None, "user_version", 4)?;
    }
    assert!(tables.len() > 15, "{tables:?}");
    let corpus = Corpus::open(&old)?;
    assert_eq!(corpus.stats()?.schema_version, SCHEMA_VERSION);
    assert_eq!(corpus.search("living room", 5)?[0].id, "000_fa76f7cebd490d1b");
    assert!(corpus.check()?.is_clean());
    drop(corpus);
    let (a, b) = (Connection::open(&old)?, Connection::open(&current)?);
    let last: Vec<String> = a
        .prepare("SELECT name FROM pragma_table_info('articles') ORDER BY cid DESC LIMIT 3")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    assert_eq!(last, ["raw", "body", "body_spans"]);
    let dump = |c: &Connection, sql: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = c.prepare(sql)?;
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        rows.map(|r| r.map(|v| v.join("|"))).collect()
    };
    let q = "SELECT pk, id, sha256, title, published, story, body_spans, body, raw FROM articles ORDER BY pk";
    assert_eq!(dump(&a, q)?, dump(&b, q)?);
    for t in &tables {
        // (`basis` is new in version 5: migrated rows are 'stated', the copy is of a v5 build)
        // (`body_start`/`body_end` are new in version 10: NULL in migrated rows until a rebuild)
        let names: Vec<String> = a
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{t}') WHERE name NOT IN ('body_start', 'body_end')"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let names = names.join(", ");
        let cols =
            if t == "event_participants" { "event_id, person_id, mention_id, name, role, start, end" } else { &names };
        // (the search lists' stamps describe lists that migration 0008 starts empty: they
        // are dropped with them and come back at the next build)
        let only = if t == "corpus_meta" { "WHERE key NOT LIKE 'search_postings_%'" } else { "" };
        let q = format!("SELECT {cols} FROM {t} {only} ORDER BY 1, 2");
        assert_eq!(dump(&a, &q)?, dump(&b, &q)?, "table {t}");
    }
    assert!(!dump(&a, "SELECT * FROM mentions")?.is_empty());
    for t in ["mentions", "article_places", "article_organizations", "article_platforms"] {
        let q = format!("SELECT count(body_start) FROM {t}");
        assert_eq!(dump(&a, &q)?, ["Integer(0)"], "{t}: migrated rows have no body spans");
        assert_ne!(dump(&b, &q)?, ["Integer(0)"], "{t}: a build has them");
    }
    assert!(dump(&a, "SELECT * FROM corpus_meta WHERE key LIKE 'search_postings_%'")?.is_empty());
    Ok(())
}

#[test]
fn syndicated_copies_share_a_story() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let body = "The Jiaxing CPPCC held a consultation meeting on rural revitalization on Tuesday. Members of the \
                committee living room in Nanhu District reported on their work with residents, and the chairman \
                asked every studio to collect public opinion before the end of the year. Twelve proposals were \
                discussed, covering healthcare, elderly care and village roads, and four were adopted for action.";
    common::write(
        dir.path(),
        "in/a.txt",
        common::article("Consultation on rural revitalization", "2023-03-01", body).as_bytes(),
    );
    let copy =
        format!("Site B > News\nJiaxing members discuss villages\nDate: 2023-03-02\n\n{body}\n\nShare this article");
    common::write(dir.path(), "in/b.txt", copy.as_bytes());
    common::write(
        dir.path(),
        "in/c.txt",
        common::article("Other news", "2023-03-03", "A different story about a liaison station in Hangzhou and its deputies, who met voters on Friday to hear complaints about parking.").as_bytes(),
    );
    let db = dir.path().join("x.db");
    build(&[dir.path().join("in")], &db)?;
    let corpus = Corpus::open(&db)?;
    let t = corpus.sql("SELECT id, story FROM articles ORDER BY id", &Params::None)?;
    assert_eq!(
        t.columns[1],
        xieshang::Column::Text(vec![Some("a".into()), Some("a".into()), Some("c".into())]),
        "b is a syndicated copy of the earlier a"
    );
    Ok(())
}

/// The build writes the full-text rows itself (triggers off); the index must hold every
/// article, a fresh build stores articles already counted, and an in-place build of a
/// changed corpus still indexes its new article and groups its copy.
#[test]
fn direct_fts_rows_match_the_trigger_and_in_place_builds() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let body = "The Jiaxing CPPCC held a consultation meeting on rural revitalization on Tuesday. Members of the \
                committee living room in Nanhu District reported on their work with residents, and the chairman \
                asked every studio to collect public opinion before the end of the year.";
    common::write(dir.path(), "in/a.txt", common::article("Rural revitalization", "2023-03-01", body).as_bytes());
    common::write(
        dir.path(),
        "in/c.txt",
        common::article(
            "Parking",
            "2023-03-03",
            "Deputies of a liaison station in Hangzhou met voters on Friday to hear complaints about parking.",
        )
        .as_bytes(),
    );
    let db = dir.path().join("x.db");
    build(&[dir.path().join("in")], &db)?;
    {
        let conn = Connection::open(&db)?;
        let n: i64 =
            conn.query_row("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'parking'", [], |r| r.get(0))?;
        assert_eq!(n, 1);
        let uncounted: i64 = conn.query_row("SELECT count(*) FROM articles WHERE counted = 0", [], |r| r.get(0))?;
        assert_eq!(uncounted, 0);
        // Fails if the index disagrees with the article rows it was built from.
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)", [])?;
    }
    // In place: a later copy of a, published earlier, becomes the story of both.
    let copy =
        format!("Site B > News\nJiaxing members discuss villages\nDate: 2023-02-28\n\n{body}\n\nShare this article");
    common::write(dir.path(), "in/b.txt", copy.as_bytes());
    build(&[dir.path().join("in")], &db)?;
    let corpus = Corpus::open(&db)?;
    let t = corpus.sql("SELECT id, story FROM articles ORDER BY id", &Params::None)?;
    assert_eq!(t.columns[1], xieshang::Column::Text(vec![Some("b".into()), Some("b".into()), Some("c".into())]));
    let conn = Connection::open(&db)?;
    let n: i64 =
        conn.query_row("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'revitalization'", [], |r| {
            r.get(0)
        })?;
    assert_eq!(n, 2, "the in-place article is indexed");
    let rows: i64 = conn.query_row("SELECT count(*) FROM articles_fts_docsize", [], |r| r.get(0))?;
    assert_eq!(rows, 3, "one full-text row per article");
    let uncounted: i64 = conn.query_row("SELECT count(*) FROM articles WHERE counted = 0", [], |r| r.get(0))?;
    assert_eq!(uncounted, 0);
    assert!(corpus.check()?.is_clean());
    Ok(())
}

/// A document a killed build stored without counting its lines stays uncounted until a
/// build reads it again: a build of other inputs must not mark it counted.
#[test]
fn only_the_documents_a_build_counted_are_marked_counted() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let body = "Deputies of a liaison station in Hangzhou met voters on Friday to hear complaints about parking.";
    common::write(dir.path(), "one/a.txt", common::article("Parking", "2023-03-03", body).as_bytes());
    common::write(
        dir.path(),
        "two/b.txt",
        common::article("Roads", "2023-03-04", "Members of the Jiaxing CPPCC visited villages to discuss roads.")
            .as_bytes(),
    );
    let db = dir.path().join("x.db");
    build(&[dir.path().join("one")], &db)?;
    let counted_docs = |conn: &Connection| -> Result<i64> {
        Ok(conn.query_row("SELECT value FROM corpus_meta WHERE key = 'counted_docs'", [], |r| r.get(0))?)
    };
    let counted = |conn: &Connection, id: &str| -> Result<i64> {
        Ok(conn.query_row("SELECT counted FROM articles WHERE id = ?1", [id], |r| r.get(0))?)
    };
    // What a build killed before its last transaction leaves: a stored, uncounted article.
    {
        let conn = Connection::open(&db)?;
        conn.execute("UPDATE articles SET counted = 0 WHERE id = 'a'", [])?;
        conn.execute("UPDATE corpus_meta SET value = value - 1 WHERE key = 'counted_docs'", [])?;
        assert_eq!(counted_docs(&conn)?, 0);
    }
    build(&[dir.path().join("two")], &db)?;
    {
        let conn = Connection::open(&db)?;
        assert_eq!(counted(&conn, "b")?, 1, "the article this build added");
        assert_eq!(counted(&conn, "a")?, 0, "not in this input, its lines were not counted");
        assert_eq!(counted_docs(&conn)?, 1);
    }
    build(&[dir.path().join("one")], &db)?;
    let conn = Connection::open(&db)?;
    assert_eq!(counted(&conn, "a")?, 1, "read again, counted now");
    assert_eq!(counted_docs(&conn)?, 2);
    Ok(())
}

#[test]
fn a_new_database_has_every_index_of_the_schema() -> Result<()> {
    // A new build creates its secondary indexes after loading; they must come out as the
    // migrations define them, and be used.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[], &db)?;
    let indexes = |conn: &Connection| -> Result<Vec<(String, String, Option<String>)>> {
        let mut stmt =
            conn.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut schema = Connection::open_in_memory()?;
    xieshang::store::register_functions(&schema)?;
    xieshang::store::schema::migrate(&mut schema)?;
    let built = Connection::open(&db)?;
    let want = indexes(&schema)?;
    assert!(want.iter().filter(|i| i.2.is_some()).count() >= 20, "{want:?}");
    assert_eq!(indexes(&built)?, want);
    let mut stmt = built.prepare("EXPLAIN QUERY PLAN SELECT * FROM mentions WHERE person_id = 1")?;
    let plan = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<Vec<_>>>()?.join("; ");
    assert!(plan.contains("mentions_person"), "{plan}");
    Ok(())
}

#[test]
fn a_person_or_organization_met_again_in_a_later_build_keeps_its_row() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let say = |day: &str, topic: &str| {
        format!(
            "Wang Huning, chairman of the CPPCC National Committee, attended a symposium on {topic} held by the \
             CPPCC Jiaxing Municipal Committee on {day}. Li Ming, a member of the committee, spoke."
        )
    };
    common::write(dir.path(), "one/a.txt", common::article("Water", "2023-03-03", &say("Monday", "water")).as_bytes());
    common::write(dir.path(), "two/b.txt", common::article("Roads", "2023-03-04", &say("Tuesday", "roads")).as_bytes());
    let db = dir.path().join("x.db");
    build(&[dir.path().join("one")], &db)?;
    // A second build on the same database: the ids it meets are stored already.
    build(&[dir.path().join("two")], &db)?;
    let conn = Connection::open(&db)?;
    let ids = |sql: &str| -> Result<Vec<(String, i64, i64)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    // (name, articles naming it, distinct ids in those links)
    let people = ids("SELECT p.key, count(DISTINCT m.article_pk), count(DISTINCT m.person_id)
         FROM persons p JOIN mentions m ON m.person_id = p.id GROUP BY p.key ORDER BY p.key")?;
    assert!(people.iter().any(|(k, _, _)| k.contains("wang")), "{people:?}");
    assert!(people.iter().all(|(_, articles, ids)| *articles == 2 && *ids == 1), "{people:?}");
    let persons: i64 = conn.query_row("SELECT count(*) FROM persons", [], |r| r.get(0))?;
    assert_eq!(persons as usize, people.len(), "one row per person");
    let orgs = ids("SELECT o.canonical, count(DISTINCT l.article_pk), count(DISTINCT l.organization_id)
         FROM organizations o JOIN article_organizations l ON l.organization_id = o.id
         GROUP BY o.canonical ORDER BY o.canonical")?;
    assert!(!orgs.is_empty());
    assert!(orgs.iter().all(|(_, articles, ids)| *articles == 2 && *ids == 1), "{orgs:?}");
    let organizations: i64 = conn.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?;
    assert_eq!(organizations as usize, orgs.len(), "one row per organization");
    // Events point at the rows just written.
    let dangling: i64 = conn.query_row(
        "SELECT count(*) FROM event_participants ep
         LEFT JOIN mentions m ON m.id = ep.mention_id AND m.person_id = ep.person_id
         LEFT JOIN events e ON e.id = ep.event_id
         WHERE m.id IS NULL OR e.id IS NULL",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(dangling, 0);
    let events: i64 = conn.query_row("SELECT count(DISTINCT article_pk) FROM events", [], |r| r.get(0))?;
    assert_eq!(events, 2);
    Ok(())
}

#[test]
fn the_build_skips_the_check_constraints_but_its_rows_meet_them_and_the_schema_keeps_them() -> Result<()> {
    // The build's own inserts skip the schema's CHECK constraints (they cost a temporary
    // b-tree per row); its values come from enums, so the rows must still meet them, and
    // the database must go on refusing a bad value from any other writer.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    build(&[], &db)?;
    // A second build adds to the database in place (the first wrote a new file).
    let more = dir.path().join("more");
    let body = "Zhang Wei, chairman of the CPPCC Jiaxing Municipal Committee, presided over a consultation \
                meeting on elderly care on March 3, 2023. Li Ming, a member, spoke.";
    common::write(&more, "a.txt", common::article("Care", "2023-03-04", body).as_bytes());
    let second = build(&[more], &db)?;
    assert_eq!(second.added, 1);
    let conn = Connection::open(&db)?;
    let checked: Vec<(&str, &str)> = vec![
        ("articles", "published_precision"),
        ("article_dates", "precision"),
        ("events", "precision"),
        ("event_participants", "role"),
        ("event_participants", "basis"),
    ];
    for (table, column) in &checked {
        let n: i64 = conn.query_row(&format!("SELECT count({column}) FROM {table}"), [], |r| r.get(0))?;
        assert!(n > 0, "{table}.{column} holds no value: the test would prove nothing");
    }
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(integrity, "ok", "integrity_check verifies CHECK constraints");
    let bad = conn.execute(
        "INSERT INTO article_dates (article_pk, text, start, end, precision)
         SELECT pk, 'next week', 0, 9, 'week' FROM articles LIMIT 1",
        [],
    );
    let message = bad.expect_err("a precision outside the schema's list").to_string();
    assert!(message.contains("CHECK constraint failed"), "{message}");
    Ok(())
}

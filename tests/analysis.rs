//! Events, topics, timelines, networks and facets stored and queried: the sample
//! corpus, a version-2 database migrated to version 3, and the span checks.

use rusqlite::Connection;
use xieshang::{Column, Corpus, Error, Result, Table, SCHEMA_VERSION};

fn text(t: &Table, name: &str) -> Vec<Option<String>> {
    let i = t.names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name}: {:?}", t.names));
    match &t.columns[i] {
        Column::Text(v) => v.clone(),
        Column::Int(v) => v.iter().map(|x| x.map(|x| x.to_string())).collect(),
        other => panic!("{name}: {other:?}"),
    }
}

fn ints(t: &Table, name: &str) -> Vec<i64> {
    text(t, name).into_iter().map(|v| v.and_then(|v| v.parse().ok()).unwrap_or(0)).collect()
}

#[test]
fn sample_events_are_stored_with_places_dates_and_people() -> Result<()> {
    let c = Corpus::sample()?;
    let ev = c.events()?;
    let types = text(&ev, "type");
    let i = types.iter().position(|t| t.as_deref() == Some("event.work_promotion_meeting")).expect("meeting");
    assert_eq!(text(&ev, "article_id")[i].as_deref(), Some("000_fa76f7cebd490d1b"));
    assert_eq!(text(&ev, "date_from")[i].as_deref(), Some("2021-10-09"));
    assert_eq!(text(&ev, "precision")[i].as_deref(), Some("day"));
    assert_eq!(text(&ev, "place_adcode")[i].as_deref(), Some("330100"));
    assert_eq!(text(&ev, "place")[i].as_deref(), Some("Hangzhou"));
    // the span, as stored (character offsets), gives the phrase back from the raw text
    let (start, end) = (ints(&ev, "start")[i], ints(&ev, "end")[i]);
    let raw = c.article("000_fa76f7cebd490d1b").map(|_| xieshang::sample::SEEDS[0].1)?;
    let phrase: String = raw.chars().skip(start as usize).take((end - start) as usize).collect();
    assert_eq!(phrase, "living room work promotion meeting");

    let places = c.event_places()?;
    let research: Vec<Option<String>> = text(&places, "adcode")
        .into_iter()
        .zip(text(&places, "type"))
        .filter(|(_, t)| t.as_deref() == Some("event.research"))
        .map(|(a, _)| a)
        .collect();
    for code in ["152200", "150500", "150400"] {
        assert!(research.contains(&Some(code.to_string())), "{research:?}");
    }
    assert!(c.check()?.is_clean(), "{:?}", c.check()?.problems);
    Ok(())
}

#[test]
fn timeline_facets_and_networks_agree_with_the_articles() -> Result<()> {
    let c = Corpus::sample()?;
    let dated = c.articles()?.iter().filter(|a| a.published.is_some()).count() as i64;
    assert_eq!(ints(&c.timeline("year", None)?, "articles").iter().sum::<i64>(), dated);
    assert_eq!(ints(&c.facets("year")?, "articles").iter().sum::<i64>(), dated);
    let by_month = c.timeline("month", Some("event_type"))?;
    let rows: Vec<(Option<String>, Option<String>)> =
        text(&by_month, "period").into_iter().zip(text(&by_month, "group")).collect();
    assert!(rows.contains(&(Some("2023-08".into()), Some("event.research".into()))), "{rows:?}");
    let provinces = text(&c.facets("province")?, "value");
    assert!(provinces.contains(&Some("Zhejiang".into())), "{provinces:?}");
    let people = c.facets("person")?;
    assert_eq!(text(&people, "value").len(), c.people()?.rows());

    let pe = c.network("person-event")?;
    let edges: Vec<(Option<String>, Option<String>)> = text(&pe, "source").into_iter().zip(text(&pe, "role")).collect();
    assert!(edges.contains(&(Some("Ge Huijun".into()), Some("attended,presided,spoke".into()))), "{edges:?}");
    let pp = c.network("person-person")?;
    assert!(ints(&pp, "weight").iter().all(|w| *w >= 1));
    assert!(ints(&pp, "shared_events").iter().any(|w| *w >= 1));
    assert!(matches!(c.facets("colour"), Err(Error::BadArgument(_))));
    Ok(())
}

#[test]
fn a_version_2_database_migrates_and_gains_events_on_the_next_build() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("v2.db");
    {
        let conn = Connection::open(&db)?;
        conn.execute_batch(xieshang::store::schema::MIGRATIONS[0])?;
        conn.execute_batch(xieshang::store::schema::MIGRATIONS[1])?;
        conn.execute(
            "INSERT INTO articles (id, origin, sha256, raw, encoding, body, language, ingested_at)
             VALUES ('old1', 'old.txt', ?1, 'A symposium was held.', 'utf-8', 'A symposium was held.', 'en', '2024-01-01T00:00:00Z')",
            [xieshang::input::sha256_hex(b"A symposium was held.")],
        )?;
        conn.pragma_update(None, "user_version", 2)?;
    }
    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.stats()?.schema_version, SCHEMA_VERSION);
    assert_eq!(corpus.article("old1")?.body, "A symposium was held.");
    assert_eq!(corpus.events()?.rows(), 0, "old rows are not re-extracted by a migration");
    assert!(dir.path().join("v2.db.v2.bak").exists());
    drop(corpus);
    // --rebuild re-derives them from the stored raw text
    Corpus::rebuild(&db, &xieshang::BuildOptions::default())?;
    let corpus = Corpus::open(&db)?;
    assert_eq!(text(&corpus.events()?, "type"), [Some("event.symposium".to_string())]);
    drop(corpus);
    Corpus::build(&[], &db, &xieshang::BuildOptions::default())?;
    let corpus = Corpus::open(&db)?;
    assert!(corpus.events()?.rows() >= 3);
    assert!(corpus.topics()?.rows() >= 3);
    assert!(corpus.check()?.is_clean(), "{:?}", corpus.check()?.problems);
    Ok(())
}

#[test]
fn deleting_an_article_removes_its_events_topics_and_participants() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("x.db");
    Corpus::build(&[], &db, &xieshang::BuildOptions::default())?;
    let conn = Connection::open(&db)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.execute("DELETE FROM articles WHERE id = '000_fa76f7cebd490d1b'", [])?;
    let orphans: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM events WHERE article_pk NOT IN (SELECT pk FROM articles))
              + (SELECT count(*) FROM event_participants WHERE event_id NOT IN (SELECT id FROM events))
              + (SELECT count(*) FROM event_places WHERE event_id NOT IN (SELECT id FROM events))
              + (SELECT count(*) FROM article_topics WHERE article_pk NOT IN (SELECT pk FROM articles))",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(orphans, 0);
    // The summary the build stored still counts the article: check says so, count by
    // count, and a database without one counts it afresh.
    let problems = Corpus::open(&db)?.check()?.problems;
    assert!(problems.iter().any(|p| p == "stored summary: summary.articles is 5, the tables give 4"), "{problems:?}");
    assert!(problems.iter().all(|p| p.starts_with("stored summary: ")), "{problems:?}");
    conn.execute("DELETE FROM corpus_meta WHERE key GLOB 'summary.*'", [])?;
    drop(conn);
    assert!(Corpus::open(&db)?.check()?.is_clean());
    assert_eq!(Corpus::open(&db)?.summary()?.articles, 4);
    Ok(())
}

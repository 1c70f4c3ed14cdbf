//! Search on real text: the embedded sample, small built corpora with Chinese terms and
//! syndicated copies, and an old database migrated to the trigram index.

mod common;

use std::collections::BTreeSet;

use rusqlite::Connection;
use xieshang::{BuildOptions, Column, Corpus, Error, Params, Result, SearchOptions};

fn ids(hits: &[xieshang::SearchHit]) -> BTreeSet<String> {
    hits.iter().map(|h| h.id.clone()).collect()
}

fn sql_ids(corpus: &Corpus, sql: &str, params: Params) -> Result<BTreeSet<String>> {
    let t = corpus.sql(sql, &params)?;
    let Column::Text(v) = &t.columns[0] else { return Ok(BTreeSet::new()) };
    Ok(v.iter().flatten().cloned().collect())
}

/// Matches everything in the sample: every article mentions one of these.
const BROAD: &str = "committee OR members OR consultation OR cppcc OR deputies OR people";

fn opts() -> SearchOptions {
    SearchOptions { limit: 100, ..Default::default() }
}

#[test]
fn place_filter_keeps_articles_naming_the_place_or_places_inside_it() -> Result<()> {
    let corpus = Corpus::sample()?;
    let all = ids(&corpus.search_with(BROAD, &opts())?);
    assert_eq!(all.len(), 5);
    let in_jiaxing = sql_ids(
        &corpus,
        "SELECT DISTINCT a.id FROM article_places p JOIN articles a ON a.pk = p.article_pk WHERE p.adcode LIKE '3304%'",
        Params::None,
    )?;
    assert!(!in_jiaxing.is_empty() && in_jiaxing.len() < 5, "{in_jiaxing:?}");
    for place in ["Jiaxing", "jiaxing", "Jiaxing City", "嘉兴", "嘉兴市", "330400"] {
        let hits = corpus.search_with(BROAD, &SearchOptions { place: Some(place.into()), ..opts() })?;
        assert_eq!(ids(&hits), in_jiaxing, "place {place}");
        // Each hit says which places matched: all inside Jiaxing.
        for h in &hits {
            let named = h.place.as_deref().unwrap_or_default();
            assert!(named.contains("(3304"), "{named}");
        }
    }
    // A province matches its cities and counties.
    let in_zhejiang = sql_ids(
        &corpus,
        "SELECT DISTINCT a.id FROM article_places p JOIN articles a ON a.pk = p.article_pk WHERE p.adcode LIKE '33%'",
        Params::None,
    )?;
    let zj = ids(&corpus.search_with(BROAD, &SearchOptions { place: Some("Zhejiang".into()), ..opts() })?);
    assert_eq!(zj, in_zhejiang);
    assert!(zj.is_superset(&in_jiaxing));
    assert!(matches!(
        corpus.search_with(BROAD, &SearchOptions { place: Some("Atlantis".into()), ..opts() }),
        Err(Error::BadArgument(_))
    ));
    Ok(())
}

#[test]
fn since_and_until_filter_on_published() -> Result<()> {
    let corpus = Corpus::sample()?;
    let dates = corpus
        .sql("SELECT id, published FROM articles WHERE published IS NOT NULL ORDER BY published", &Params::None)?;
    let Column::Text(published) = &dates.columns[1] else { panic!("published is text") };
    let published: Vec<String> = published.iter().flatten().cloned().collect();
    assert!(published.len() >= 3, "{published:?}");
    let mid = published[published.len() / 2].clone();
    let since = ids(&corpus.search_with(BROAD, &SearchOptions { since: Some(mid.clone()), ..opts() })?);
    let until = ids(&corpus.search_with(BROAD, &SearchOptions { until: Some(mid.clone()), ..opts() })?);
    let want_since =
        sql_ids(&corpus, "SELECT id FROM articles WHERE published >= ?", Params::Positional(vec![mid.clone().into()]))?;
    let want_until =
        sql_ids(&corpus, "SELECT id FROM articles WHERE published <= ?", Params::Positional(vec![mid.clone().into()]))?;
    assert_eq!(since, want_since);
    assert_eq!(until, want_until);
    assert!(since.len() < 5 && until.len() < 5);
    // Both bounds: the one day.
    let day =
        corpus.search_with(BROAD, &SearchOptions { since: Some(mid.clone()), until: Some(mid.clone()), ..opts() })?;
    assert!(day.iter().all(|h| h.published.as_deref() == Some(mid.as_str())) && !day.is_empty());
    // A year as a bound covers the whole year.
    let year = &mid[..4];
    let in_year =
        ids(&corpus
            .search_with(BROAD, &SearchOptions { since: Some(year.into()), until: Some(year.into()), ..opts() })?);
    assert!(in_year.contains(&day[0].id));
    assert!(matches!(
        corpus.search_with(BROAD, &SearchOptions { since: Some("last week".into()), ..opts() }),
        Err(Error::BadArgument(_))
    ));
    Ok(())
}

#[test]
fn person_and_platform_filters_keep_articles_naming_them() -> Result<()> {
    let corpus = Corpus::sample()?;
    // Ge Huijun is named in the living-room article (seed 000).
    let hits = corpus.search_with(BROAD, &SearchOptions { person: Some("ge huijun".into()), ..opts() })?;
    assert_eq!(ids(&hits), BTreeSet::from(["000_fa76f7cebd490d1b".to_string()]));
    assert!(hits[0].person.as_deref().unwrap_or_default().starts_with("Ge Huijun"), "{:?}", hits[0].person);
    let want = sql_ids(
        &corpus,
        "SELECT DISTINCT a.id FROM article_platforms p JOIN articles a ON a.pk = p.article_pk
         WHERE p.concept = 'platform.committee_living_room'",
        Params::None,
    )?;
    assert!(!want.is_empty());
    for platform in ["platform.committee_living_room", "committee_living_room", "委员会客厅"] {
        let hits = corpus.search_with(BROAD, &SearchOptions { platform: Some(platform.into()), ..opts() })?;
        assert_eq!(ids(&hits), want, "{platform}");
        assert!(hits.iter().all(|h| h.platform.is_some()), "{hits:?}");
    }
    Ok(())
}

#[test]
fn phrases_prefixes_and_boolean_queries_work_on_the_sample() -> Result<()> {
    let corpus = Corpus::sample()?;
    // Plain words: all must match, in any order; a phrase needs them adjacent, in order.
    assert!(ids(&corpus.search("room living", 10)?).contains("000_fa76f7cebd490d1b"));
    assert!(corpus.search("\"room living\"", 10)?.is_empty());
    let phrase = corpus.search("\"living room\"", 10)?;
    assert_eq!(phrase[0].id, "000_fa76f7cebd490d1b");
    assert!(phrase[0].snippet.contains("[living room]"), "{}", phrase[0].snippet);
    // Prefix: studi* reaches "studio" and "studios".
    assert!(corpus.search("studio", 10)?.len() <= corpus.search("studi*", 10)?.len());
    assert!(ids(&corpus.search("studi*", 10)?).contains("002_50617ea5eb4f4471"));
    // Boolean: OR is the union, NOT removes, parentheses group.
    let a = ids(&corpus.search("Hengyang", 10)?);
    let b = ids(&corpus.search("Jiaxing", 10)?);
    let or = ids(&corpus.search("Hengyang OR Jiaxing", 10)?);
    assert_eq!(or, a.union(&b).cloned().collect());
    let not = ids(&corpus.search("(Hengyang OR Jiaxing) NOT Hengyang", 10)?);
    assert_eq!(not, b.difference(&a).cloned().collect());
    // Ranks ascend (bm25: lower is better).
    let hits = corpus.search(BROAD, 10)?;
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
    // Bad syntax is a BadQuery, never a panic.
    for q in ["\"living room", "(living", "living)", "living OR", "NOT living", "*"] {
        assert!(matches!(corpus.search(q, 10), Err(Error::BadQuery { .. })), "{q}");
    }
    Ok(())
}

/// A corpus with Chinese terms, built from short articles.
fn chinese_corpus(dir: &std::path::Path) -> Result<Corpus> {
    let input = dir.join("in");
    common::write(
        &input,
        "zh1.txt",
        common::article(
            "Jiaxing opens committee living rooms",
            "2023-05-01",
            "The CPPCC (政协) Jiaxing committee set up nine living rooms (委员会客厅) this spring.",
        )
        .as_bytes(),
    );
    common::write(
        &input,
        "zh2.txt",
        common::article(
            "政协委员会客厅 opens in Nanhu",
            "2023-06-02",
            "Members of the 政协 met residents in Nanhu District to hear their views on elderly care.",
        )
        .as_bytes(),
    );
    common::write(
        &input,
        "en.txt",
        common::article(
            "Deputies visit liaison station",
            "2023-07-03",
            "People's congress deputies visited the liaison station in Hengyang.",
        )
        .as_bytes(),
    );
    let db = dir.join("zh.db");
    Corpus::build(&[input], &db, &BuildOptions::default())?;
    Corpus::open(&db)
}

#[test]
fn chinese_terms_search_the_trigram_index() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let corpus = chinese_corpus(dir.path())?;
    // Only articles with CJK text get a row in the trigram index.
    let rows = corpus.sql("SELECT count(*) FROM articles_cjk", &Params::None)?;
    assert_eq!(rows.columns[0], Column::Int(vec![Some(2)]));
    // The build writes those rows itself: exactly what the insert trigger would write.
    let differ = corpus.sql(
        "SELECT count(*) FROM articles a LEFT JOIN articles_cjk c ON c.rowid = a.pk
         WHERE c.title IS NOT xieshang_cjk(a.title) OR c.body IS NOT xieshang_cjk(a.body)",
        &Params::None,
    )?;
    assert_eq!(differ.columns[0], Column::Int(vec![Some(0)]));
    // Five characters: a trigram match, in the title of zh2 and the body of zh1.
    let hits = corpus.search("委员会客厅", 10)?;
    assert_eq!(ids(&hits), BTreeSet::from(["zh1".to_string(), "zh2".to_string()]));
    assert_eq!(hits[0].id, "zh2", "a title match ranks first");
    let zh1 = hits.iter().find(|h| h.id == "zh1").map(|h| h.snippet.clone()).unwrap_or_default();
    assert!(zh1.contains("[委员会客厅]"), "{zh1}");
    // Two characters: too short for trigrams, found by scanning the CJK runs.
    assert_eq!(ids(&corpus.search("政协", 10)?), BTreeSet::from(["zh1".to_string(), "zh2".to_string()]));
    assert_eq!(ids(&corpus.search("客厅", 10)?), BTreeSet::from(["zh1".to_string(), "zh2".to_string()]));
    assert!(corpus.search("人大", 10)?.is_empty());
    // Mixed with English words and operators.
    assert_eq!(ids(&corpus.search("政协 elderly", 10)?), BTreeSet::from(["zh2".to_string()]));
    assert_eq!(ids(&corpus.search("委员会客厅 NOT elderly", 10)?), BTreeSet::from(["zh1".to_string()]));
    assert_eq!(ids(&corpus.search("政协 OR liaison", 10)?).len(), 3);
    // With filters.
    let since = SearchOptions { since: Some("2023-06-01".into()), ..Default::default() };
    assert_eq!(ids(&corpus.search_with("委员会客厅", &since)?), BTreeSet::from(["zh2".to_string()]));
    Ok(())
}

#[test]
fn chinese_text_of_the_sample_and_dev_pages_is_searchable() -> Result<()> {
    let corpus = Corpus::sample()?;
    // Every CJK run stored for the sample is found by searching it.
    let runs =
        corpus.sql("SELECT a.id, c.body FROM articles_cjk c JOIN articles a ON a.pk = c.rowid", &Params::None)?;
    let (Column::Text(owners), Column::Text(bodies)) = (&runs.columns[0], &runs.columns[1]) else {
        panic!("text columns")
    };
    let mut checked = 0;
    for (id, body) in owners.iter().zip(bodies) {
        let (Some(id), Some(body)) = (id, body) else { continue };
        for run in body.split_whitespace() {
            let cjk: String = run.chars().filter(|c| xieshang::store::is_cjk(*c)).collect();
            if cjk.is_empty() {
                continue;
            }
            assert!(ids(&corpus.search(&cjk, 10)?).contains(id), "{cjk} in {id}");
            let two: String = cjk.chars().take(2).collect();
            assert!(ids(&corpus.search(&two, 10)?).contains(id), "{two} in {id}");
            checked += 1;
        }
    }
    // A dev page (read in place, not copied) with a Chinese name in its body.
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev/r013_ieafbuecn.txt");
    let dev_exists = dev.exists();
    if !dev_exists {
        assert!(std::env::var_os("CI").is_none(), "CI needs the shared dev pages: {} is missing", dev.display());
        eprintln!("skipped: the dev page part ({} is missing)", dev.display());
    } else {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("dev.db");
        Corpus::build(&[dev], &db, &BuildOptions::default())?;
        let c = Corpus::open(&db)?;
        let body = c.article("r013_ieafbuecn")?.body;
        if body.contains("闫路平") {
            assert_eq!(c.search("闫路平", 5)?.len(), 1);
            assert_eq!(c.search("路平", 5)?.len(), 1);
            checked += 1;
        }
    }
    // The sample's Chinese is outside its bodies (a source line), so without the shared
    // dev pages beside the checkout there may be nothing to check here; the generated
    // Chinese articles of the other tests still run.
    assert!(checked > 0 || !dev_exists, "the sample or the dev page holds Chinese text");
    Ok(())
}

#[test]
fn collapse_keeps_one_hit_per_story() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in");
    let body = "The CPPCC Jiaxing Municipal Committee opened nine committee living rooms this year. \
                Members settled in to hear residents on elderly care, parking and school meals. \
                Chairman Ge Huijun said the living rooms bring consultation to the doorstep of every community.";
    common::write(&input, "a.txt", common::article("Living rooms open in Jiaxing", "2023-05-01", body).as_bytes());
    common::write(&input, "b.txt", common::article("Living rooms open in Jiaxing", "2023-05-02", body).as_bytes());
    common::write(
        &input,
        "c.txt",
        common::article("Hengyang liaison station", "2023-05-03", "Deputies met in a living room in Hengyang.")
            .as_bytes(),
    );
    let db = dir.path().join("s.db");
    Corpus::build(&[input], &db, &BuildOptions::default())?;
    let corpus = Corpus::open(&db)?;
    let all = corpus.search("living room", 10)?;
    assert_eq!(all.len(), 3);
    let stories: BTreeSet<String> = all.iter().map(|h| h.story.clone()).collect();
    assert_eq!(stories.len(), 2, "a and b are one story: {all:?}");
    let collapsed = corpus.search_with("living room", &SearchOptions { collapse: true, ..Default::default() })?;
    assert_eq!(collapsed.len(), 2);
    assert_eq!(collapsed.iter().map(|h| h.story.clone()).collect::<BTreeSet<_>>(), stories);
    Ok(())
}

#[test]
fn a_version_2_database_gets_the_trigram_index_on_open() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("v2.db");
    {
        let conn = Connection::open(&db)?;
        conn.execute_batch(xieshang::store::schema::MIGRATIONS[0])?;
        conn.execute_batch(xieshang::store::schema::MIGRATIONS[1])?;
        let raw = "政协委员会客厅 opened in Jiaxing.";
        conn.execute(
            "INSERT INTO articles (id, origin, sha256, raw, encoding, body, language, ingested_at)
             VALUES ('old', 'old.txt', ?1, ?2, 'utf-8', ?2, 'en', '2024-01-01T00:00:00Z')",
            rusqlite::params![xieshang::input::sha256_hex(raw.as_bytes()), raw],
        )?;
        conn.pragma_update(None, "user_version", 2)?;
    }
    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.stats()?.schema_version, xieshang::SCHEMA_VERSION);
    assert_eq!(corpus.search("委员会客厅", 5)?[0].id, "old");
    assert_eq!(corpus.search("政协", 5)?[0].id, "old");
    assert_eq!(corpus.search("Jiaxing", 5)?[0].id, "old");
    assert!(dir.path().join("v2.db.v2.bak").exists());
    assert!(corpus.check()?.is_clean());
    Ok(())
}

#[test]
fn every_build_refreshes_the_search_lists() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("lists.db");
    let first = dir.path().join("first");
    for i in 0..4 {
        common::write(
            &first,
            &format!("{i}.txt"),
            common::article(
                &format!("Committee members visit district {i}"),
                "2023-05-01",
                "The committee members held a consultation on river protection with residents.",
            )
            .as_bytes(),
        );
    }
    let stamp_is_current = |db: &std::path::Path| -> Result<bool> {
        let conn = Connection::open(db)?;
        Ok(conn.query_row(
            "SELECT (SELECT value FROM corpus_meta WHERE key = 'search_postings_index') = block
             FROM articles_fts_data WHERE id = 1",
            [],
            |r| r.get(0),
        )?)
    };
    let docs = |db: &std::path::Path, term: &str| -> Result<Option<i64>> {
        let conn = Connection::open(db)?;
        let mut stmt = conn.prepare("SELECT docs FROM search_postings WHERE term = ?1")?;
        let mut rows = stmt.query([term])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    };
    Corpus::build(std::slice::from_ref(&first), &db, &BuildOptions::default())?;
    assert!(stamp_is_current(&db)?);
    assert_eq!(docs(&db, "committe")?, Some(4));
    assert_eq!(docs(&db, "hulunbuir")?, None);

    // A second build adds articles in place: the lists follow.
    let second = dir.path().join("second");
    common::write(
        &second,
        "new.txt",
        common::article("Hulunbuir committee studio opens", "2023-06-01", "Members of the committee met in Hulunbuir.")
            .as_bytes(),
    );
    Corpus::build(&[first, second], &db, &BuildOptions::default())?;
    assert!(stamp_is_current(&db)?);
    assert_eq!(docs(&db, "committe")?, Some(5));
    assert_eq!(docs(&db, "hulunbuir")?, Some(1));
    let corpus = Corpus::open(&db)?;
    assert_eq!(corpus.search("hulunbuir", 5)?.len(), 1);
    assert_eq!(corpus.search("committee", 10)?.len(), 5);
    Ok(())
}

#[test]
fn both_engines_give_the_same_hits_on_the_sample() -> Result<()> {
    let corpus = Corpus::sample()?;
    let queries = [
        BROAD,
        "\"living room\"",
        "studi*",
        "\"member stud\"*",
        "(Hengyang OR Jiaxing) NOT Hengyang",
        "committee members",
        "consultation NOT studio",
    ];
    for q in queries {
        let lists = corpus.search_with(q, &opts())?;
        let plain = corpus.search_plain(q, &opts())?;
        assert!(!lists.is_empty(), "{q}");
        let key = |hits: &[xieshang::SearchHit]| {
            let mut v: Vec<(String, String, String)> =
                hits.iter().map(|h| (format!("{:.12}", h.rank), h.id.clone(), h.snippet.clone())).collect();
            v.sort();
            v
        };
        assert_eq!(key(&lists), key(&plain), "{q}");
    }
    Ok(())
}

//! Search benchmark: opens (or generates and builds) a 100,000-article database from
//! `../shared/bench/gen_corpus.py`, then times a fixed query set, in the same run on the
//! same database, two ways:
//!
//! - baseline: plain FTS5, `... WHERE articles_fts MATCH ? ORDER BY bm25(...) LIMIT 20`
//!   with the snippet in the same statement;
//! - `Corpus::search` (20 hits, bm25-ranked, snippets).
//!
//! It prints p50 / p95 / max per query class and overall, and the ratio.
//!
//!   cargo run --release --example bench_search -- [DB] [--n N] [--iters K]
//!
//! With no DB, uses `target/bench/search-N.db`, generating and building it if missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rusqlite::{Connection, OpenFlags};
use xieshang::store::parse_query;
use xieshang::{BuildOptions, Corpus};

const QUERIES: &[(&str, &str)] = &[
    ("common", "consultation"),
    ("common", "committee"),
    ("common", "cppcc"),
    ("common", "members"),
    ("common", "city"),
    ("common", "work"),
    ("common", "people"),
    ("rare", "Tonglu"),
    ("rare", "Hulunbuir"),
    ("rare", "Qiao"),
    ("rare", "observation"),
    ("rare", "Liling"),
    ("rare", "grassroots governance"),
    ("phrase", "\"living room\""),
    ("phrase", "\"liaison station\""),
    ("phrase", "\"member studio\""),
    ("phrase", "\"people's congress\""),
    ("phrase", "\"vice chairman\""),
    ("phrase", "\"political consultative conference\""),
    ("prefix", "consult*"),
    ("prefix", "deleg*"),
    ("prefix", "stud*"),
    ("prefix", "liais*"),
    ("prefix", "\"member stud\"*"),
    ("prefix", "hang*"),
    ("boolean", "living AND room NOT studio"),
    ("boolean", "(studio OR station) AND Jiaxing"),
    ("boolean", "deputies OR members"),
    ("boolean", "consultation NOT committee"),
    ("boolean", "\"living room\" OR \"member studio\""),
    ("boolean", "Hengyang AND (forum OR council)"),
    ("boolean", "cppcc AND committee AND members"),
];

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ensure_db(n: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    let db = work.join(format!("search-{n}.db"));
    if db.exists() {
        return Ok(db);
    }
    let jsonl = work.join(format!("gen-{n}.jsonl"));
    if !jsonl.exists() {
        eprintln!("generating {n} articles into {} ...", jsonl.display());
        let ok = Command::new("python3")
            .arg(root.join("../shared/bench/gen_corpus.py"))
            .args(["--n", &n.to_string(), "--seed", "1", "--jobs", "2", "--jsonl"])
            .arg(&jsonl)
            .status()?
            .success();
        if !ok {
            return Err("gen_corpus.py failed".into());
        }
    }
    eprintln!("building {} ...", db.display());
    Corpus::build(&[jsonl], &db, &BuildOptions::default())?;
    Ok(db)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut n = 100_000;
    let mut iters = 5;
    let mut db: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--n" => n = it.next().and_then(|v| v.parse().ok()).ok_or("--n N")?,
            "--iters" => iters = it.next().and_then(|v| v.parse().ok()).ok_or("--iters K")?,
            other => db = Some(PathBuf::from(other)),
        }
    }
    let db = match db {
        Some(p) => p,
        None => ensure_db(n)?,
    };
    // Open through xieshang first so the schema is current (migrations add the rank config).
    let corpus = Corpus::open(&db)?;
    let raw = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let articles: i64 = raw.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
    let baseline_sql = "SELECT a.id, a.title, bm25(articles_fts, 10.0, 1.0) AS r, \
                        snippet(articles_fts, 1, '[', ']', '…', 16) \
                        FROM articles_fts JOIN articles AS a ON a.pk = articles_fts.rowid \
                        WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 10.0, 1.0) LIMIT 20";
    let mut stmt = raw.prepare(baseline_sql)?;
    let mut classes: Vec<&str> = QUERIES.iter().map(|(c, _)| *c).collect();
    classes.dedup();
    let mut base: Vec<(&str, f64)> = Vec::new();
    let mut ours: Vec<(&str, f64)> = Vec::new();
    let mut mismatches = 0;
    for (class, q) in QUERIES {
        let fts = parse_query(q)?.to_fts();
        // Warm up both, and check that both return the same ids in the same order.
        let b_ids: Vec<String> = stmt.query_map([&fts], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
        let o_ids: Vec<String> = corpus.search(q, 20)?.into_iter().map(|h| h.id).collect();
        if b_ids != o_ids {
            mismatches += 1;
            eprintln!("order differs for {q:?}: baseline {} hits, ours {}", b_ids.len(), o_ids.len());
        }
        for _ in 0..iters {
            let t = Instant::now();
            let rows: Vec<(String, Option<String>, f64, String)> = stmt
                .query_map([&fts], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            base.push((class, t.elapsed().as_secs_f64() * 1e3));
            std::hint::black_box(rows);
            let t = Instant::now();
            let hits = corpus.search(q, 20)?;
            ours.push((class, t.elapsed().as_secs_f64() * 1e3));
            std::hint::black_box(hits);
        }
    }
    println!(
        "{} articles, {} queries x {iters} iterations, db {:.1} MB",
        articles,
        QUERIES.len(),
        std::fs::metadata(&db)?.len() as f64 / 1e6
    );
    println!(
        "{:<9} {:>9} {:>9} {:>9}   {:>9} {:>9} {:>9}   {:>7}",
        "class", "base p50", "base p95", "base max", "ours p50", "ours p95", "ours max", "p95 x"
    );
    let row = |name: &str, filter: &dyn Fn(&str) -> bool| {
        let mut b: Vec<f64> = base.iter().filter(|(c, _)| filter(c)).map(|x| x.1).collect();
        let mut o: Vec<f64> = ours.iter().filter(|(c, _)| filter(c)).map(|x| x.1).collect();
        b.sort_by(f64::total_cmp);
        o.sort_by(f64::total_cmp);
        println!(
            "{name:<9} {:>7.2}ms {:>7.2}ms {:>7.2}ms   {:>7.2}ms {:>7.2}ms {:>7.2}ms   {:>6.1}x",
            pct(&b, 50.0),
            pct(&b, 95.0),
            pct(&b, 100.0),
            pct(&o, 50.0),
            pct(&o, 95.0),
            pct(&o, 100.0),
            pct(&b, 95.0) / pct(&o, 95.0).max(1e-9)
        );
    };
    for c in &classes {
        row(c, &|x| x == *c);
    }
    row("overall", &|_| true);
    println!("queries whose top-20 ids differ from the baseline: {mismatches}");
    Ok(())
}

//! Search benchmark: opens (or generates and builds) a 100,000-article database from
//! `../shared/bench/gen_corpus.py`, then times a fixed query set, in the same run on the
//! same database, two ways:
//!
//! - baseline: plain FTS5, `... WHERE articles_fts MATCH ? ORDER BY bm25(...) LIMIT 20`
//!   with the snippet in the same statement;
//! - `Corpus::search` (20 hits, bm25-ranked, snippets): bm25 computed from the posting
//!   lists the build stores (`search_postings`), plain FTS5 for the query shapes they do
//!   not cover (see `src/store/topk.rs`).
//!
//! It prints p50 / p95 / max per query class and overall, the ratio, and per class how
//! well the two agree: queries whose top 20 ids come in the same order, mean overlap@20
//! (shared ids / 20), and the largest difference between the two rank values.
//! Each query is timed `--iters` times, the two ways interleaved.
//!
//!   cargo run --release --example bench_search -- [DB] [--n N] [--iters K] [--verbose]
//!
//! `--verbose` also prints each query's p50 both ways; `XIESHANG_SEARCH_TRACE=1` makes
//! the search say on stderr when a query runs as plain FTS5, and why.
//!
//! The database must come from a build of this version (the lists are made at the end
//! of a build); an older database is searched the plain way until rebuilt.
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
    let mut verbose = false;
    let mut db: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--n" => n = it.next().and_then(|v| v.parse().ok()).ok_or("--n N")?,
            "--iters" => iters = it.next().and_then(|v| v.parse().ok()).ok_or("--iters K")?,
            "--verbose" => verbose = true,
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
    // Per class: queries, same ids in the same order, sum of overlap@20, largest rank difference.
    let mut agree: Vec<(&str, usize, usize, f64, f64)> = Vec::new();
    for (class, q) in QUERIES {
        let fts = parse_query(q)?.to_fts();
        // Warm up both, and compare their top 20: ids, order and rank values.
        let b: Vec<(String, f64)> =
            stmt.query_map([&fts], |r| Ok((r.get::<_, String>(0)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let o: Vec<(String, f64)> = corpus.search(q, 20)?.into_iter().map(|h| (h.id, h.rank)).collect();
        let same_order = b.iter().map(|x| &x.0).eq(o.iter().map(|x| &x.0));
        let common = o.iter().filter(|x| b.iter().any(|y| y.0 == x.0)).count();
        let overlap = if b.is_empty() && o.is_empty() { 1.0 } else { common as f64 / b.len().max(o.len()) as f64 };
        let rank_diff = b.iter().zip(&o).map(|(x, y)| (x.1 - y.1).abs()).fold(0.0, f64::max);
        if !same_order {
            eprintln!("order differs for {q:?}: baseline {} hits, ours {}, overlap@20 {overlap:.2}", b.len(), o.len());
        }
        match agree.iter_mut().find(|a| a.0 == *class) {
            Some(a) => {
                a.1 += 1;
                a.2 += usize::from(same_order);
                a.3 += overlap;
                a.4 = a.4.max(rank_diff);
            }
            None => agree.push((class, 1, usize::from(same_order), overlap, rank_diff)),
        }
        let (mut qb, mut qo) = (Vec::new(), Vec::new());
        for _ in 0..iters {
            let t = Instant::now();
            let rows: Vec<(String, Option<String>, f64, String)> = stmt
                .query_map([&fts], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            base.push((class, t.elapsed().as_secs_f64() * 1e3));
            qb.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(rows);
            let t = Instant::now();
            let hits = corpus.search(q, 20)?;
            ours.push((class, t.elapsed().as_secs_f64() * 1e3));
            qo.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
        }
        qb.sort_by(f64::total_cmp);
        qo.sort_by(f64::total_cmp);
        if verbose {
            println!("  {class:<8} {q:<40} base p50 {:>8.2}ms   ours p50 {:>8.2}ms", pct(&qb, 50.0), pct(&qo, 50.0));
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
    println!(
        "top-20 agreement with the baseline (same ids in the same order; mean overlap@20; largest rank difference):"
    );
    let (mut n, mut same, mut overlap) = (0, 0, 0.0);
    for (class, queries, same_order, sum, diff) in &agree {
        println!(
            "{class:<9} {same_order}/{queries} identical, overlap@20 {:.3}, rank diff {diff:.1e}",
            sum / *queries as f64
        );
        n += queries;
        same += same_order;
        overlap += sum;
    }
    println!("{:<9} {same}/{n} identical, overlap@20 {:.3}", "overall", overlap / n as f64);
    Ok(())
}

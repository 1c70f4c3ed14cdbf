//! Search benchmark: opens (or generates and builds) a 100,000-article database from
//! `../shared/bench/gen_corpus.py`, then times a fixed query mix three ways, interleaved
//! query by query and iteration by iteration, in the same run on the same database:
//!
//! - `sql`: plain FTS5 as one statement, `... WHERE articles_fts MATCH ? ORDER BY
//!   bm25(articles_fts, 10.0, 1.0) LIMIT 20` with `snippet()` in the same statement (the
//!   least plain FTS5 can cost; no CJK, no filters, no hit fields);
//! - `plain`: `Corpus::search_plain`, the search with plain FTS5 as its engine (20 hits
//!   with snippets and fields, CJK through the trigram index);
//! - `lists`: `Corpus::search`, the same search ranked from the posting lists the build
//!   stores (`search_postings`, see `src/store/search/topk.rs`).
//!
//! It prints p50 / p95 / max per query class and overall, and per class how well
//! `lists` agrees with `plain`: queries whose 20 ids come in the same order, mean
//! overlap@20 (shared ids / 20), and the largest difference between the rank values.
//! Each query is timed `--iters` times.
//!
//!   cargo run --profile profiling --example bench_search -- [DB] [--n N] [--iters K] [--verbose]
//!
//! `--verbose` also prints each query's p50 three ways; `XIESHANG_SEARCH_TRACE=1` makes
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
use xieshang::{BuildOptions, Corpus, SearchOptions};

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
    ("cjk", "委员会客厅"),
    ("cjk", "有事好商量"),
    ("cjk", "协商"),
    ("cjk", "委员会客厅 OR studio"),
    ("cjk", "\"living room\" 委员会客厅"),
];

/// The three ways a query is timed, in the order they run.
const WAYS: [&str; 3] = ["sql", "plain", "lists"];

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
    let sql = "SELECT a.id, a.title, bm25(articles_fts, 10.0, 1.0) AS r, \
               snippet(articles_fts, 1, '[', ']', '…', 16) \
               FROM articles_fts JOIN articles AS a ON a.pk = articles_fts.rowid \
               WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 10.0, 1.0) LIMIT 20";
    let mut stmt = raw.prepare(sql)?;
    let options = SearchOptions { limit: 20, ..SearchOptions::default() };
    let mut classes: Vec<&str> = QUERIES.iter().map(|(c, _)| *c).collect();
    classes.dedup();
    // (class, way, milliseconds) of every run.
    let mut times: Vec<(&str, usize, f64)> = Vec::new();
    // Per class: queries, same ids in the same order, sum of overlap@20, largest rank difference.
    let mut agree: Vec<(&str, usize, usize, f64, f64)> = Vec::new();
    for (class, q) in QUERIES {
        let parsed = parse_query(q)?;
        let fts = parsed.to_fts();
        // The statement has no trigram index: CJK queries are timed by the search alone.
        let words = !q.chars().any(xieshang::store::is_cjk);
        // Warm up, and compare the top 20 of the two engines: ids, order and rank values.
        let p: Vec<(String, f64)> = corpus.search_plain(q, &options)?.into_iter().map(|h| (h.id, h.rank)).collect();
        let o: Vec<(String, f64)> = corpus.search_with(q, &options)?.into_iter().map(|h| (h.id, h.rank)).collect();
        let same_order = p.iter().map(|x| &x.0).eq(o.iter().map(|x| &x.0));
        let common = o.iter().filter(|x| p.iter().any(|y| y.0 == x.0)).count();
        let overlap = if p.is_empty() && o.is_empty() { 1.0 } else { common as f64 / p.len().max(o.len()) as f64 };
        let rank_diff = p.iter().zip(&o).map(|(x, y)| (x.1 - y.1).abs()).fold(0.0, f64::max);
        if !same_order {
            eprintln!("order differs for {q:?}: plain {} hits, lists {}, overlap@20 {overlap:.2}", p.len(), o.len());
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
        let mut mine: [Vec<f64>; 3] = Default::default();
        for _ in 0..iters {
            if words {
                let t = Instant::now();
                let rows: Vec<(String, Option<String>, f64, String)> = stmt
                    .query_map([&fts], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                mine[0].push(t.elapsed().as_secs_f64() * 1e3);
                std::hint::black_box(rows);
            }
            let t = Instant::now();
            std::hint::black_box(corpus.search_plain(q, &options)?);
            mine[1].push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            std::hint::black_box(corpus.search_with(q, &options)?);
            mine[2].push(t.elapsed().as_secs_f64() * 1e3);
        }
        for (way, ms) in mine.iter_mut().enumerate() {
            times.extend(ms.iter().map(|&t| (*class, way, t)));
            ms.sort_by(f64::total_cmp);
        }
        if verbose {
            println!(
                "  {class:<8} {q:<40} p50 sql {:>8.2}ms  plain {:>8.2}ms  lists {:>8.2}ms",
                pct(&mine[0], 50.0),
                pct(&mine[1], 50.0),
                pct(&mine[2], 50.0)
            );
        }
    }
    println!(
        "{} articles, {} queries x {iters} iterations, db {:.1} MB",
        articles,
        QUERIES.len(),
        std::fs::metadata(&db)?.len() as f64 / 1e6
    );
    print!("{:<9}", "class");
    for way in WAYS {
        print!("  {:>10} {:>10} {:>10}", format!("{way} p50"), format!("{way} p95"), format!("{way} max"));
    }
    println!();
    let row = |name: &str, filter: &dyn Fn(&str) -> bool| {
        print!("{name:<9}");
        for way in 0..WAYS.len() {
            let mut t: Vec<f64> = times.iter().filter(|x| x.1 == way && filter(x.0)).map(|x| x.2).collect();
            t.sort_by(f64::total_cmp);
            if t.is_empty() {
                print!("  {:>10} {:>10} {:>10}", "-", "-", "-");
            } else {
                let ms = |p: f64| format!("{:.2}ms", pct(&t, p));
                print!("  {:>10} {:>10} {:>10}", ms(50.0), ms(95.0), ms(100.0));
            }
        }
        println!();
    };
    for c in &classes {
        row(c, &|x| x == *c);
    }
    row("words", &|x| x != "cjk");
    row("overall", &|_| true);
    println!("lists against plain (same ids in the same order; mean overlap@20; largest rank difference):");
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

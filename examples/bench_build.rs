//! Build benchmark: generates N synthetic articles with `../shared/bench/gen_corpus.py`,
//! then, in the same run, times a plain rusqlite floor (read files, insert raw text,
//! FTS5 index; no normalization), the xieshang build, a no-op re-build and the floor
//! again, and prints articles/s, MB/s, peak RSS, database size and the ratios (against
//! the mean of the two floors).
//!
//!   cargo run --release --example bench_build -- [N] [--jsonl]
//!
//! Each phase runs in a child process so its peak RSS is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rusqlite::Connection;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The floor: what any SQLite loader must do at least.
fn floor(input: &Path, db: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let _ = std::fs::remove_file(db);
    let mut conn = Connection::open(db)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE docs (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, raw TEXT NOT NULL);
         CREATE VIRTUAL TABLE docs_fts USING fts5 (raw, content = 'docs', content_rowid = 'pk',
             tokenize = 'porter unicode61 remove_diacritics 2');",
    )?;
    let files = files_under(input);
    let mut n = 0;
    for chunk in files.chunks(1000) {
        let tx = conn.transaction()?;
        {
            let mut ins = tx.prepare_cached("INSERT INTO docs (id, raw) VALUES (?1, ?2)")?;
            let mut fts = tx.prepare_cached("INSERT INTO docs_fts (rowid, raw) VALUES (?1, ?2)")?;
            for f in chunk {
                let raw = std::fs::read_to_string(f)?;
                let id = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                ins.execute(rusqlite::params![id, raw])?;
                fts.execute(rusqlite::params![tx.last_insert_rowid(), raw])?;
                n += 1;
            }
        }
        tx.commit()?;
    }
    Ok(n)
}

fn child(phase: &str, input: &Path, db: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let n = match phase {
        "floor" => floor(input, db)?,
        "build" | "rebuild" => {
            let r = xieshang::Corpus::build(&[input.to_path_buf()], db, &xieshang::BuildOptions::default())?;
            r.added + r.unchanged
        }
        other => return Err(format!("unknown phase {other}").into()),
    };
    println!("{} {} {}", n, t.elapsed().as_secs_f64(), peak_rss_kib());
    Ok(())
}

fn run_phase(phase: &str, input: &Path, db: &Path) -> Result<(u64, f64, u64), Box<dyn std::error::Error>> {
    let out = Command::new(std::env::current_exe()?).args(["--phase", phase]).arg(input).arg(db).output()?;
    if !out.status.success() {
        return Err(format!("{phase} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let text = String::from_utf8(out.stdout)?;
    let v: Vec<&str> = text.split_whitespace().collect();
    Ok((v[0].parse()?, v[1].parse()?, v[2].parse()?))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--phase") {
        return child(&args[2], Path::new(&args[3]), Path::new(&args[4]));
    }
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/bench");
    let input = work.join(format!("gen-{n}"));
    if !input.join(".complete").exists() {
        let script = root.join("../shared/bench/gen_corpus.py");
        eprintln!("generating {n} articles into {} ...", input.display());
        let _ = std::fs::remove_dir_all(&input);
        let ok = Command::new("python3")
            .arg(&script)
            .args(["--n", &n.to_string(), "--seed", "1", "--jobs", "2", "--out"])
            .arg(&input)
            .status()?
            .success();
        if !ok {
            return Err("gen_corpus.py failed".into());
        }
        std::fs::write(input.join(".complete"), b"")?;
    }
    let mb =
        files_under(&input).iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum::<u64>() as f64 / 1e6;
    // Warm the page cache so both phases read from memory.
    let _ = run_phase("floor", &input, &work.join("floor.db"))?;
    let (fn_, ft, frss) = run_phase("floor", &input, &work.join("floor.db"))?;
    let db = work.join("xieshang.db");
    let _ = std::fs::remove_file(&db);
    let (bn, bt, brss) = run_phase("build", &input, &db)?;
    let (rn, rt, rrss) = run_phase("rebuild", &input, &db)?;
    // The floor again after the builds: this machine's speed drifts by 10-20% over
    // minutes, so the ratio uses the mean of the floors on either side of the build.
    let (_, ft_after, _) = run_phase("floor", &input, &work.join("floor.db"))?;
    let floor_mean = (ft + ft_after) / 2.0;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    println!(
        "input: {n} articles, {mb:.1} MB, {} cores",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    println!("{:<22} {:>9} {:>12} {:>9} {:>10} {:>9}", "phase", "seconds", "articles/s", "MB/s", "peak RSS", "db MB");
    for (name, n, t, rss, db) in [
        ("floor (raw+FTS)", fn_, floor_mean, frss, size(&work.join("floor.db"))),
        ("xieshang build", bn, bt, brss, size(&db)),
        ("xieshang re-build", rn, rt, rrss, size(&db)),
    ] {
        println!(
            "{name:<22} {t:>9.2} {:>12.0} {:>9.1} {:>7.0} MiB {db:>9.1}",
            n as f64 / t,
            mb / t,
            rss as f64 / 1024.0
        );
    }
    println!("floor: {ft:.2} s before the build, {ft_after:.2} s after; the table shows their mean");
    println!("build / floor = {:.2}x (target <= 2.0)", bt / floor_mean);
    println!("re-build / build = {:.1}% (target < 10%)", 100.0 * rt / bt);
    Ok(())
}

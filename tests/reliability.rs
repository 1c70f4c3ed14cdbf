//! Reliability: the bad-input matrix, and builds killed at random points.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xieshang::{BuildOptions, Corpus, Params, Result};

fn kinds_by_file(report: &xieshang::BuildReport) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = report
        .errors
        .iter()
        .map(|e| {
            (
                Path::new(&e.origin).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                e.kind.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn bad_input_matrix() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("crawl");
    common::write(&input, "good.txt", common::article("Studio", "2023-05-01", "A member studio opened.").as_bytes());
    common::write(&input, "empty.txt", b"");
    common::write(&input, "blank.txt", b" \n\t\n");
    common::write(&input, "binary.txt", &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    common::write(&input, "latin1.txt", b"Consultation caf\xe9 meeting");
    common::write(
        &input,
        "dump.jsonl",
        b"{\"id\": \"ok1\", \"text\": \"Liaison station opened.\"}\n{\"id\": 3, \"text\": \nnot json at all\n{\"id\": \"ok2\", \"text\": \"Second.\"}\n{\"id\": \"no-text\"}\n",
    );
    // Same id, different content: the first stays, the second is refused.
    common::write(&input, "dupes/a/same.txt", b"First text with this id.");
    common::write(&input, "dupes/b/same.txt", b"Another text with the same id.");
    // A 200 MB single-line file is refused without being read into memory.
    {
        use std::io::Write;
        let f = std::fs::File::create(input.join("huge.txt"))?;
        let mut w = std::io::BufWriter::new(f);
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            w.write_all(&chunk)?;
        }
        w.flush()?;
    }
    // A dangling symlink (unreadable), and a directory symlink loop.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), input.join("dangling.txt"))?;
        std::os::unix::fs::symlink(&input, input.join("loop"))?;
    }
    let db = dir.path().join("x.db");
    let started = Instant::now();
    let report = Corpus::build(&[input.clone(), dir.path().join("missing-dir")], &db, &BuildOptions::default())?;
    assert!(started.elapsed() < Duration::from_secs(60), "the huge file must not stall the build");
    let mut expected = vec![
        ("binary.txt", "decode"),
        ("blank.txt", "empty"),
        ("dump.jsonl:2", "json"),
        ("dump.jsonl:3", "json"),
        ("dump.jsonl:5", "json"),
        ("empty.txt", "empty"),
        ("huge.txt", "too_large"),
        ("latin1.txt", "decode"),
        ("missing-dir", "io"),
        ("same.txt", "duplicate_id"),
    ];
    #[cfg(unix)]
    expected.extend([("dangling.txt", "io"), ("loop", "io")]);
    expected.sort();
    let got = kinds_by_file(&report);
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, expected);
    assert_eq!(report.added, 4, "good.txt, ok1, ok2, one same.txt");
    // Every message names its input.
    for e in &report.errors {
        assert!(!e.message.is_empty());
        assert!(e.origin.starts_with(&*dir.path().to_string_lossy()), "{e:?}");
    }
    let corpus = Corpus::open(&db)?;
    let stored = corpus.sql("SELECT count(*) FROM ingest_errors", &Params::None)?;
    assert_eq!(stored.columns[0], xieshang::Column::Int(vec![Some(expected.len() as i64)]));
    let check = corpus.check()?;
    assert!(check.is_clean(), "{:?}", check.problems);
    Ok(())
}

/// Writes `n` small distinct articles.
fn corpus_dir(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("gen");
    for i in 0..n {
        let body = format!(
            "On day {i}, the CPPCC member studio number {i} in district {} held a consultation meeting with residents about item {}.",
            i % 97,
            i * 7919 % 10007
        );
        common::write(
            &input,
            &format!("{:05}.txt", i),
            common::article(&format!("Meeting {i}"), "2023-01-02", &body).as_bytes(),
        );
    }
    input
}

fn count(db: &Path) -> Result<i64> {
    let c = Corpus::open(db)?;
    let check = c.check()?;
    assert!(check.is_clean(), "{:?}", check.problems);
    Ok(c.stats()?.articles)
}

#[test]
#[cfg(unix)]
fn builds_killed_at_random_points_never_lose_or_corrupt() -> Result<()> {
    const KILLS: usize = 100;
    const DOCS: usize = 1200;
    let dir = tempfile::tempdir()?;
    let input = corpus_dir(dir.path(), DOCS);
    let bin = env!("CARGO_BIN_EXE_xieshang");
    let db = dir.path().join("x.db");
    let fresh = dir.path().join("fresh.db");
    // A complete database to extend in place, kept as a base to start over from.
    let base = dir.path().join("base.db");
    assert!(Command::new(bin).args(["build", "-q", "-o"]).arg(&base).status()?.success());
    let reset = |db: &Path| -> Result<()> {
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
        std::fs::copy(&base, db)?;
        Ok(())
    };
    // How long one whole in-place build takes here: kills are spread over that time.
    reset(&db)?;
    let t0 = Instant::now();
    assert!(Command::new(bin)
        .args(["build", "-q", "--batch-size", "25", "-o"])
        .arg(&db)
        .arg(&input)
        .status()?
        .success());
    let full_ms = (t0.elapsed().as_millis() as u64).max(20);
    assert_eq!(count(&db)?, DOCS as i64 + 5);
    reset(&db)?;
    let mut last = count(&db)?;
    assert_eq!(last, 5);

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move |max: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % max.max(1)
    };
    let mut mid_build = 0;
    for kill in 0..KILLS {
        // Every fifth kill hits the build of a brand-new database instead.
        let target = if kill % 5 == 4 { &fresh } else { &db };
        let mut child = Command::new(bin)
            .args(["build", "-q", "--batch-size", "25", "-o"])
            .arg(target)
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        std::thread::sleep(Duration::from_millis(rand(full_ms * 11 / 10)));
        if child.try_wait()?.is_none() {
            mid_build += 1;
        }
        child.kill()?;
        child.wait()?;
        if target == &db {
            let now = count(&db)?;
            assert!(now >= last, "kill {kill}: committed articles lost ({last} → {now})");
            last = now;
            if now == DOCS as i64 + 5 {
                // Finished before the kill: start over so later kills land mid-build.
                reset(&db)?;
                last = 5;
            }
        } else if fresh.exists() {
            // A new database appears only complete.
            assert_eq!(count(&fresh)?, DOCS as i64, "kill {kill}: half-written new database");
            std::fs::remove_file(&fresh)?;
        }
    }
    eprintln!("{KILLS} kills, {mid_build} mid-build (full build {full_ms} ms); {last} articles committed before the final run");
    assert!(mid_build >= KILLS / 2, "too few kills landed mid-build ({mid_build}); the test proves little");
    // The next runs resume and complete, and clear temporary files of killed builds.
    assert!(Command::new(bin).args(["build", "-q", "-o"]).arg(&db).arg(&input).status()?.success());
    assert_eq!(count(&db)?, DOCS as i64 + 5);
    let _ = std::fs::remove_file(&fresh);
    assert!(Command::new(bin).args(["build", "-q", "-o"]).arg(&fresh).arg(&input).status()?.success());
    assert_eq!(count(&fresh)?, DOCS as i64);
    let temps: Vec<_> = std::fs::read_dir(dir.path())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    Ok(())
}

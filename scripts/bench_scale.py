#!/usr/bin/env python3
"""Scale check: build N generated articles, export them to Parquet, read the export back.

Not run in CI (a million articles take a while). It prints, for the build and for the
export, the wall time, rate and the peak resident memory of that process alone, then
reads the Parquet dataset back with every engine installed (Polars, DuckDB, pyarrow) and
compares its row count, and its row count per year, with the SQLite database::

    cargo build --release                                    # the xieshang command
    pip install polars duckdb pyarrow                        # the readers (any of them)
    python scripts/bench_scale.py --n 1000000                # generates, builds, exports
    python scripts/bench_scale.py --jsonl pages.jsonl.gz     # your own input instead
    python scripts/bench_scale.py --db big.db                # only export and read back

Inputs come from ``../shared/bench/gen_corpus.py --jsonl`` (seed 3) unless ``--jsonl``
names a file. The exit status is 1 when a reader disagrees with the database or the build
exceeds ``--max-rss-gib``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import time
from typing import Dict, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[1]
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


def run(cmd: List[str]) -> Tuple[float, float]:
    """Runs ``cmd``; returns its wall seconds and its own peak RSS in MiB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit status {code}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def per_year_sqlite(db: pathlib.Path) -> Dict[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT coalesce(substr(published, 1, 4), 'unknown'), count(*) FROM articles GROUP BY 1"
        ).fetchall()
    finally:
        con.close()
    return {str(y): int(n) for y, n in rows}


def readers(out: pathlib.Path) -> Dict[str, Optional[Dict[str, int]]]:
    """Row counts per `year` partition, as each installed engine reads the dataset."""
    glob = str(out / "**" / "*.parquet")
    found: Dict[str, Optional[Dict[str, int]]] = {}
    try:
        import polars as pl

        t0 = time.perf_counter()
        df = (
            pl.scan_parquet(glob, hive_partitioning=True)
            .group_by(pl.col("year").cast(pl.Utf8))
            .agg(pl.len().alias("n"))
            .collect()
        )
        found["polars"] = {str(y): int(n) for y, n in df.iter_rows()}
        print(f"  polars   read back in {time.perf_counter() - t0:7.2f} s", flush=True)
    except ImportError:
        found["polars"] = None
    try:
        import duckdb

        t0 = time.perf_counter()
        rows = duckdb.sql(
            f"SELECT CAST(year AS VARCHAR), count(*) FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY 1"
        ).fetchall()
        found["duckdb"] = {str(y): int(n) for y, n in rows}
        print(f"  duckdb   read back in {time.perf_counter() - t0:7.2f} s", flush=True)
    except ImportError:
        found["duckdb"] = None
    try:
        import pyarrow.dataset as ds

        t0 = time.perf_counter()
        table = ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["year"])
        counts: Dict[str, int] = {}
        for y in table.column("year").to_pylist():
            counts[str(y)] = counts.get(str(y), 0) + 1
        found["pyarrow"] = counts
        print(f"  pyarrow  read back in {time.perf_counter() - t0:7.2f} s", flush=True)
    except ImportError:
        found["pyarrow"] = None
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="articles to generate")
    ap.add_argument("--jsonl", type=pathlib.Path, help="input JSONL (.gz too) instead of generating")
    ap.add_argument("--work", type=pathlib.Path, default=ROOT / "target" / "bench" / "scale")
    ap.add_argument("--bin", type=pathlib.Path, default=ROOT / "target" / "release" / "xieshang")
    ap.add_argument("--max-rss-gib", type=float, default=1.0)
    ap.add_argument("--db", type=pathlib.Path, help="export and read back this database (no build)")
    args = ap.parse_args()

    if not args.bin.exists():
        sys.exit(f"{args.bin}: not found; run `cargo build --release` first")
    args.work.mkdir(parents=True, exist_ok=True)
    ok = True
    db = args.db or args.work / "scale.db"
    if args.db is None:
        ok = build(args)
    export(args, db, ok)


def build(args: argparse.Namespace) -> bool:
    """Generates (or takes) the input and builds it; False if over the memory limit."""
    src = args.jsonl
    if src is None:
        src = args.work / f"gen-{args.n}.jsonl"
        if not src.exists():
            print(f"generating {args.n} articles into {src} ...", flush=True)
            tmp = src.with_suffix(".part")
            subprocess.run(
                [sys.executable, str(GEN), "--n", str(args.n), "--seed", "3", "--jobs", "2", "--jsonl", str(tmp)],
                check=True,
            )
            tmp.rename(src)
    mb = src.stat().st_size / 1e6
    db = args.work / "scale.db"
    print(f"\ninput {src}: {mb:,.0f} MB; {os.cpu_count()} cores")
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    t, rss = run([str(args.bin), "build", str(src), "-o", str(db), "--quiet"])
    n = sum(per_year_sqlite(db).values())
    print(
        f"build    {n:,} articles in {t:,.1f} s: {n / t:,.0f} articles/s, {mb / t:.1f} MB/s, "
        f"peak RSS {rss:,.0f} MiB (limit {args.max_rss_gib:.1f} GiB), database {db.stat().st_size / 1e9:.2f} GB",
        flush=True,
    )
    return rss <= args.max_rss_gib * 1024


def export(args: argparse.Namespace, db: pathlib.Path, ok: bool) -> None:
    """Exports `db` to Parquet, reads it back with each engine, exits 1 on a mismatch."""
    expected = per_year_sqlite(db)
    n = sum(expected.values())
    out = args.work / "parquet"
    shutil.rmtree(out, ignore_errors=True)
    t, rss = run([str(args.bin), "export", str(db), "--format", "parquet", "-o", str(out)])
    files = list(out.rglob("*.parquet"))
    size = sum(f.stat().st_size for f in files) / 1e9
    print(f"export   {n:,} articles in {t:,.1f} s to {len(files):,} files, {size:.2f} GB, peak RSS {rss:,.0f} MiB")
    for name, counts in readers(out).items():
        if counts is None:
            print(f"  {name:8s} not installed")
            continue
        same = counts == expected
        ok &= same
        print(f"  {name:8s} {sum(counts.values()):,} rows, per year {'identical' if same else 'DIFFERENT'} to SQLite's {n:,}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

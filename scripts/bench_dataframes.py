#!/usr/bin/env python3
"""How fast query results reach a DataFrame: xieshang (Arrow from Rust) vs the usual ways.

Not run in CI. Build the package in release mode first (``maturin develop --release``)
and install the competitors you want compared (each is skipped when missing)::

    pip install adbc-driver-sqlite connectorx polars
    python scripts/bench_dataframes.py                        # 1,000,000 rows in /tmp
    python scripts/bench_dataframes.py --rows 200000 --runs 5

The database is built honestly from generated pages: ``gen_corpus.py`` (the shared
synthetic crawl: seven site templates with their noise) writes ``--base`` articles as
JSONL, ``xieshang.build`` normalizes them and extracts their entities into a real
database, and a copy of it is then grown to ``--rows`` articles with
``INSERT ... SELECT`` of those rows under new ids (``c0001-ID``, ``c0002-ID``...: id order
is storage order, as in a build from a folder of files) and new random sha256 values (the
full-text index triggers are dropped in that copy first: nothing here searches). Every
article row is therefore a real normalized article, repeated.

For one SELECT of the articles' usual columns, and for the whole ``articles()`` query
(with bodies), it times (best of ``--runs``) getting a pandas DataFrame through:
``corpus.sql`` / ``corpus.articles``; ``pandas.read_sql`` over ``sqlite3``;
``adbc_driver_sqlite.dbapi`` ``fetch_arrow_table()`` (Arrow only, and ``.to_pandas()``);
``connectorx.read_sql``; and the polars backend. It prints every time and the ratios.
"""

from __future__ import annotations

import argparse
import gc
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import pandas as pd

import xieshang

GEN = pathlib.Path(__file__).resolve().parents[2] / "shared" / "bench" / "gen_corpus.py"

COLUMNS = "id, title, published, published_precision, source, dateline, url, language, story, story_similarity, province_adcode"
TYPICAL = f"SELECT {COLUMNS} FROM articles ORDER BY id"


def build_database(path: pathlib.Path, rows: int, base: int, gen: pathlib.Path) -> None:
    """Generates ``base`` articles, builds them with xieshang, and grows a copy to ``rows``."""
    work = path.parent
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / f"gen{base}.jsonl"
    base_db = work / f"base{base}.db"
    if not base_db.exists():
        if not jsonl.exists():
            print(f"generating {base} pages with {gen} ...", flush=True)
            subprocess.run(
                [sys.executable, str(gen), "--n", str(base), "--seed", "7", "--jsonl", str(jsonl)], check=True
            )
        print(f"building {base_db} ...", flush=True)
        report = xieshang.build([jsonl], base_db)
        print(f"  {report['added']} articles added, {len(report['errors'])} errors", flush=True)
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(base_db, tmp)
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    # the index triggers (word and CJK indexes; the CJK one calls a function only
    # xieshang's own connections have)
    for (trigger,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {trigger}")
    cols = [r[1] for r in con.execute("PRAGMA table_info(articles)") if r[1] not in ("pk", "id", "sha256")]
    have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    copy = 1
    print(f"growing {have} articles to {rows} ...", flush=True)
    while have < rows:
        con.execute(
            f"INSERT INTO articles (id, sha256, {', '.join(cols)}) "
            f"SELECT printf('c%04d-', ?) || id, lower(hex(randomblob(32))), {', '.join(cols)} "
            f"FROM articles WHERE pk <= ? ORDER BY pk LIMIT ?",
            (copy, base, rows - have),
        )
        con.commit()
        have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        copy += 1
    con.execute("ANALYZE")
    con.commit()
    con.close()
    os.replace(tmp, path)


def best(fn: Callable[[], Any], runs: int) -> Tuple[float, Any]:
    times: List[float] = []
    out: Any = None
    for _ in range(runs):
        out = None
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def contenders(db: pathlib.Path, query: str, what: str) -> Dict[str, Optional[Callable[[], Any]]]:
    corpus = xieshang.open(db)
    out: Dict[str, Optional[Callable[[], Any]]] = {}
    if what == "articles":
        out["xieshang corpus.articles()"] = corpus.articles
    out["xieshang corpus.sql()"] = lambda: corpus.sql(query)
    out["xieshang corpus.sql(backend='arrow')"] = lambda: corpus.sql(query, backend="arrow")

    def read_sql() -> pd.DataFrame:
        con = sqlite3.connect(db)
        try:
            return pd.read_sql(query, con)
        finally:
            con.close()

    out["pandas.read_sql (sqlite3)"] = read_sql
    try:
        import adbc_driver_sqlite.dbapi as adbc

        def adbc_arrow() -> Any:
            with adbc.connect(str(db)) as con, con.cursor() as cur:
                # ADBC types each column from its first batch (1,024 rows by default) and
                # fails when a later batch disagrees (a column NULL at first, text later):
                # batches of 16,384 rows span the repeated base set here.
                cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "16384"})
                cur.execute(query)
                return cur.fetch_arrow_table()

        out["adbc_driver_sqlite fetch_arrow_table()"] = adbc_arrow
        out["adbc_driver_sqlite + .to_pandas()"] = lambda: adbc_arrow().to_pandas()
    except ImportError:
        out["adbc_driver_sqlite (not installed)"] = None
    try:
        import connectorx

        out["connectorx.read_sql"] = lambda: connectorx.read_sql(f"sqlite://{db.resolve()}", query)
    except ImportError:
        out["connectorx (not installed)"] = None
    try:
        import polars  # noqa: F401

        out["xieshang corpus.sql(backend='polars')"] = lambda: corpus.sql(query, backend="polars")
    except ImportError:
        out["polars (not installed)"] = None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=pathlib.Path, default=pathlib.Path("/tmp/xieshang-bench/bench.db"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=2000, help="generated articles to repeat")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gen", type=pathlib.Path, default=GEN, help="path of gen_corpus.py")
    ap.add_argument("--only", choices=["typical", "articles"], help="run one of the two queries")
    args = ap.parse_args()

    if not args.db.exists() or sqlite3.connect(args.db).execute("SELECT count(*) FROM articles").fetchone()[0] != args.rows:
        build_database(args.db, args.rows, args.base, args.gen)
    n = sqlite3.connect(args.db).execute("SELECT count(*) FROM articles").fetchone()[0]
    size = args.db.stat().st_size / 1e9
    print(f"\ndatabase {args.db}: {n:,} articles, {size:.1f} GB; best of {args.runs} runs; xieshang {xieshang.__version__}")

    articles_query = (pathlib.Path(__file__).resolve().parents[1] / "sql" / "queries" / "select_articles.sql").read_text()
    articles_query = "\n".join(line for line in articles_query.splitlines() if not line.startswith("--"))
    queries = {"typical": ("typical columns: " + TYPICAL, TYPICAL), "articles": ("articles() query (with bodies)", articles_query)}
    for key, (title, query) in queries.items():
        if args.only and args.only != key:
            continue
        print(f"\n== {title}")
        results: Dict[str, float] = {}
        for name, fn in contenders(args.db, query, key).items():
            if fn is None:
                print(f"  {name:45s}  skipped")
                continue
            t, out = best(fn, args.runs)
            rows = out.num_rows if hasattr(out, "num_rows") else len(out)
            assert rows == n, (name, rows)
            results[name] = t
            print(f"  {name:45s}  {t:8.3f} s", flush=True)
            del out
        ours = results.get("xieshang corpus.articles()", results["xieshang corpus.sql()"])
        print("  ratios (their time / xieshang's pandas time):")
        for name, t in results.items():
            print(f"    {name:43s}  {t / ours:6.2f}x")


if __name__ == "__main__":
    main()

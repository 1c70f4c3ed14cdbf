"""The Python front door: DataFrames, errors, build, export and the console script."""

from __future__ import annotations

import json
import pathlib
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

import xieshang
from conftest import SEEDS

ARTICLE_COLUMNS = [
    "id", "origin", "url", "sha256", "title", "published", "published_precision",
    "source", "dateline", "body", "language", "ingested_at",
]


def test_sample_articles_frame_has_typed_columns(sample: xieshang.Corpus) -> None:
    frame = sample.articles()
    assert list(frame.columns) == ARTICLE_COLUMNS
    assert len(frame) == 5
    assert sorted(frame["id"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert str(frame["published"].dtype) == "datetime64[ns]"
    assert str(frame["ingested_at"].dtype).startswith("datetime64[ns, UTC")
    # Bodies are real text drawn from the raw page.
    first = frame.set_index("id").loc["000_fa76f7cebd490d1b"]
    assert "Ge Huijun" in first["body"]
    assert len(sample) == 5


def test_search_finds_the_living_room_article(sample: xieshang.Corpus) -> None:
    hits = sample.search("living room")
    assert list(hits.columns) == [
        "id",
        "title",
        "published",
        "source",
        "story",
        "rank",
        "snippet",
        "place",
        "person",
        "platform",
    ]
    assert hits.loc[0, "id"] == "000_fa76f7cebd490d1b"
    assert "[living] [room]" in hits.loc[0, "snippet"]
    assert hits["rank"].is_monotonic_increasing
    prefix = sample.search("studi*", fts=True)
    assert "002_50617ea5eb4f4471" in set(prefix["id"])
    nothing = sample.search("zzzunmatched")
    assert nothing.empty and list(nothing.columns) == list(hits.columns)


def test_sql_is_read_only_with_parameters(sample: xieshang.Corpus) -> None:
    n = sample.sql("SELECT count(*) AS n FROM articles WHERE id LIKE ?", ["00%"])
    assert n.loc[0, "n"] == 5 and str(n["n"].dtype) == "Int64"
    named = sample.sql("SELECT id FROM articles WHERE id = :id", {"id": "001_58a5a794ee6bd9f5"})
    assert named["id"].tolist() == ["001_58a5a794ee6bd9f5"]
    with pytest.raises(xieshang.QueryError) as err:
        sample.sql("DELETE FROM articles")
    assert isinstance(err.value, ValueError) and isinstance(err.value, xieshang.XieshangError)
    assert "read-only" in err.value.reason
    with pytest.raises(xieshang.QueryError):
        sample.sql("SELEKT 1")
    assert len(sample) == 5


def test_open_missing_file_raises_not_found_with_path(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(xieshang.NotFoundError) as err:
        xieshang.open(missing)
    assert isinstance(err.value, FileNotFoundError)
    assert err.value.path == str(missing)


def test_newer_schema_raises_schema_version_error(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "x.db"
    xieshang.build([], db)
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {xieshang.SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(xieshang.SchemaVersionError, match="newer"):
        xieshang.open(db)


def test_build_reports_bad_inputs_and_keeps_the_rest(fixture_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db = tmp_path / "x.db"
    report = xieshang.build([fixture_dir], db)
    assert report["added"] == 4
    origins = sorted(pathlib.Path(e["origin"]).name for e in report["errors"])
    assert origins == ["binary.txt", "dump.jsonl:2"]
    corpus = xieshang.open(db)
    errors = corpus.sql("SELECT origin, kind, message FROM ingest_errors ORDER BY origin")
    assert errors["kind"].tolist() == ["decode", "json"]
    assert "binary data" in errors.loc[0, "message"]
    # GBK-encoded Chinese is decoded.
    assert corpus.article("gbk")["body"] == "政协委员工作室"
    # A second build of the same inputs adds nothing.
    again = xieshang.build([fixture_dir], db)
    assert again["added"] == 0 and again["unchanged"] == 4
    j1 = corpus.article("j1")
    assert j1["published"] == "2021-03-04"
    with pytest.raises(xieshang.ArticleNotFoundError):
        corpus.article("missing")


def test_empty_corpus_returns_empty_frames_with_columns(empty_corpus: xieshang.Corpus) -> None:
    frame = empty_corpus.articles()
    assert frame.empty and list(frame.columns) == ARTICLE_COLUMNS
    assert str(frame["published"].dtype) == "datetime64[ns]"
    assert empty_corpus.stats()["articles"] == 0


def test_export_jsonl_contract(sample: xieshang.Corpus, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "out.jsonl"
    assert sample.export(out) == 5
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in rows][0] == [
        "id", "title", "published", "source", "dateline", "body", "persons", "places", "platforms", "story",
    ]
    with pytest.raises(xieshang.ArgumentError):
        sample.export(tmp_path / "x.xml", format="xml")
    csv = tmp_path / "out.csv"
    sample.export(csv, format="csv")
    assert len(pd.read_csv(csv)) == 5


def test_console_script_runs_the_same_cli(tmp_path: pathlib.Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "xieshang", "build", "-o", str(tmp_path / "cli.db")],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "5 added" in run.stdout
    search = subprocess.run(
        [sys.executable, "-m", "xieshang", "search", str(tmp_path / "cli.db"), "living room"],
        capture_output=True, text=True, check=False,
    )
    assert search.stdout.splitlines()[0].split()[1] == "000_fa76f7cebd490d1b"
    bad = subprocess.run(
        [sys.executable, "-m", "xieshang", "stats", str(tmp_path / "none.db")],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 1 and "no such file" in bad.stderr


def test_seed_people_have_titles_and_places_have_codes(sample: xieshang.Corpus) -> None:
    people = sample.people()
    assert list(people.columns) == ["person_id", "name", "title", "articles", "occurrences"]
    mentions = sample.mentions()
    gao = mentions[mentions["name"] == "Gao Linghui"].iloc[0]
    assert gao["title"] == "chairman of the CPPCC"
    assert gao["role"] == "chairman"
    assert gao["body"] == "CPPCC Jiaxing Municipal Committee"
    assert gao["article_id"] == "000_fa76f7cebd490d1b"
    # Mentions join to people on person_id.
    joined = mentions.merge(people, on="person_id", suffixes=("", "_person"))
    assert len(joined) == len(mentions)
    # Spans index the raw text (character offsets, as Python slices).
    raw = sample.sql("SELECT raw FROM articles WHERE id = ?", [gao["article_id"]]).loc[0, "raw"]
    assert raw[gao["start"]:gao["end"]] == "Gao Linghui"

    places = sample.places()
    codes = {(r.name, r.adcode) for r in places.itertuples()}
    assert {("Jiaxing", "330400"), ("Shigu", "430407"), ("Chifeng", "150400")} <= codes
    assert places.set_index("adcode").loc["330400", "name_zh"].iloc[0] == "嘉兴市"

    platforms = sample.platforms()
    living = platforms[platforms["concept"].str.contains("living_room")]
    assert "委员会客厅" in set(living["zh"])
    facts = sample.facts()
    assert 158 in set(facts["value"])


def test_check_is_clean_on_built_databases(fixture_dir: pathlib.Path, tmp_path: pathlib.Path, sample: xieshang.Corpus) -> None:
    db = tmp_path / "x.db"
    xieshang.build([fixture_dir], db)
    assert xieshang.open(db).check()["problems"] == []
    assert sample.check()["problems"] == []


def test_parquet_export_reads_back_with_the_same_rows(tmp_path: pathlib.Path) -> None:
    pyarrow_dataset = pytest.importorskip("pyarrow.dataset")
    db = tmp_path / "x.db"
    xieshang.build([], db)
    out = tmp_path / "pq"
    run = subprocess.run(
        [sys.executable, "-m", "xieshang", "export", str(db), "--format", "parquet", "-o", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    table = pyarrow_dataset.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 5
    frame = table.to_pandas()
    assert set(frame["province"]) == {"Zhejiang", "Hunan", "Inner Mongolia"}
    assert sorted(frame["id"]) == sorted(xieshang.open(db).articles()["id"])
    # entity lists travel with each article, as list<struct> columns
    corpus = xieshang.open(db)
    for _, row in frame.iterrows():
        persons = corpus.sql(
            "SELECT p.name FROM mentions m JOIN persons p ON p.id = m.person_id "
            "JOIN articles a ON a.pk = m.article_pk WHERE a.id = ? ORDER BY m.start",
            [row["id"]],
        )
        assert [p["name"] for p in row["persons"]] == list(persons["name"])
    seed0 = frame[frame["id"].str.startswith("000_")].iloc[0]
    assert {"name": "Ge Huijun", "title": "provincial CPPCC chairman"} in list(seed0["persons"])
    assert any(p["adcode"] == "330400" and p["level"] == "prefecture" for p in seed0["places"])
    assert any(p["concept"] == "platform.committee_living_room" for p in seed0["platforms"])


def test_rebuild_rederives_tables_from_the_stored_raw_text(tmp_path: pathlib.Path) -> None:
    import sqlite3

    db = tmp_path / "x.db"
    xieshang.build([], db)
    before = xieshang.open(db).mentions()
    with sqlite3.connect(db) as conn:  # what an older extractor might have left
        conn.execute("DELETE FROM mentions")
        conn.execute("UPDATE articles SET source = NULL")
    conn.close()
    assert xieshang.open(db).mentions().empty

    report = xieshang.rebuild(db)
    assert report["added"] == 5 and report["errors"] == []
    corpus = xieshang.open(db)
    after = corpus.mentions()
    assert sorted(after["name"]) == sorted(before["name"])
    assert "Jiaxing Daily" in set(corpus.articles()["source"])
    assert corpus.check()["problems"] == []
    with pytest.raises(xieshang.NotFoundError):
        xieshang.rebuild(tmp_path / "missing.db")

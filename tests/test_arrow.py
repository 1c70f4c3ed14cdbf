"""Query results cross from Rust as Arrow (the PyCapsule stream interface): types, nulls,
values equal to sqlite3's, and the pandas / polars / arrow backends."""

from __future__ import annotations

import math
import pathlib
import sqlite3
from typing import Any, List, Tuple

import pandas as pd
import pyarrow as pa
import pytest

import xieshang
from xieshang import _core


@pytest.fixture
def db(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "x.db"
    xieshang.build([], path)
    return path


def native(value: Any) -> Any:
    """A pandas cell as the plain Python value sqlite3 would give."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def rows_of(frame: pd.DataFrame) -> List[Tuple[Any, ...]]:
    return [tuple(native(v) for v in row) for row in frame.itertuples(index=False, name=None)]


def test_results_cross_as_an_arrow_stream(sample: xieshang.Corpus) -> None:
    stream = sample._inner.sql("SELECT id, pk FROM articles ORDER BY id")
    assert isinstance(stream, _core.ArrowStream) and stream.num_rows == 5
    capsule = stream.__arrow_c_stream__()
    assert type(capsule).__name__ == "PyCapsule"
    table = pa.table(stream)  # pyarrow imports the batches: no Python code per row
    assert table.column_names == ["id", "pk"]
    assert table.schema.field("id").type == pa.large_string()
    assert table.schema.field("pk").type == pa.int64()
    assert table.column("id").to_pylist()[0] == "000_fa76f7cebd490d1b"
    # The stream can be read again (each call exports the same batches).
    assert pa.RecordBatchReader._import_from_c_capsule(stream.__arrow_c_stream__()).read_all().equals(table)


def test_types_and_nulls_survive(sample: xieshang.Corpus) -> None:
    frame = sample.sql(
        "SELECT pk, story_similarity AS sim, title, NULL AS empty, CAST(title AS BLOB) AS bytes, "
        "CASE WHEN pk > 2 THEN pk END AS some_ints, CASE WHEN pk > 2 THEN 0.5 END AS some_floats "
        "FROM articles ORDER BY pk"
    )
    assert str(frame["pk"].dtype) == "Int64"
    assert str(frame["sim"].dtype) == "float64"
    assert pd.api.types.is_string_dtype(frame["title"])
    assert frame["empty"].isna().all() and frame["empty"].dtype == object
    assert isinstance(frame.loc[0, "bytes"], bytes) and frame.loc[0, "bytes"].decode() == frame.loc[0, "title"]
    assert str(frame["some_ints"].dtype) == "Int64"
    assert frame["some_ints"].isna().tolist() == [True, True, False, False, False]
    assert frame["some_ints"].iloc[2] == 3
    assert frame["some_floats"].isna().sum() == 2 and frame["some_floats"].iloc[4] == 0.5


def test_mixed_columns_widen_like_sqlite_values(sample: xieshang.Corpus) -> None:
    mixed = sample.sql("SELECT column1 AS v FROM (VALUES (1), (2.5), (NULL))")
    assert str(mixed["v"].dtype) == "float64" and mixed["v"].iloc[:2].tolist() == [1.0, 2.5]
    text = sample.sql("SELECT column1 AS v FROM (VALUES (1), ('x'), (NULL))")
    assert text["v"].iloc[:2].tolist() == ["1", "x"] and text["v"].isna().iloc[2]


def test_empty_results_keep_columns_and_declared_types(sample: xieshang.Corpus) -> None:
    frame = sample.sql("SELECT pk, id, story_similarity, raw FROM articles WHERE id = ?", ["missing"])
    assert frame.empty and list(frame.columns) == ["pk", "id", "story_similarity", "raw"]
    assert str(frame["pk"].dtype) == "Int64"
    assert str(frame["story_similarity"].dtype) == "float64"
    assert pd.api.types.is_string_dtype(frame["id"])
    arrow = sample.sql("SELECT pk, id FROM articles WHERE 0", backend="arrow")
    assert arrow.schema.types == [pa.int64(), pa.large_string()] and arrow.num_rows == 0


def test_duplicate_column_names_are_kept(sample: xieshang.Corpus) -> None:
    frame = sample.sql("SELECT a.id, b.id, a.pk FROM articles a JOIN articles b ON a.pk = b.pk ORDER BY a.pk")
    assert list(frame.columns) == ["id", "id", "pk"]
    assert (frame.iloc[:, 0] == frame.iloc[:, 1]).all() and len(frame) == 5


def test_params_positional_and_named(sample: xieshang.Corpus) -> None:
    positional = sample.sql("SELECT id FROM articles WHERE id IN (?, ?) ORDER BY id", ["001_58a5a794ee6bd9f5", "003_02866cfbc2e062de"])
    assert positional["id"].tolist() == ["001_58a5a794ee6bd9f5", "003_02866cfbc2e062de"]
    named = sample.sql("SELECT :n + 1 AS m, :s AS s, :b AS b", {"n": 41, "s": "嘉兴", "b": b"\x00\xff"})
    assert named.loc[0, "m"] == 42 and named.loc[0, "s"] == "嘉兴" and named.loc[0, "b"] == b"\x00\xff"
    with pytest.raises(xieshang.QueryError, match="parameters"):
        sample.sql("SELECT ?", [])


def test_values_equal_sqlite3_on_the_same_file(db: pathlib.Path) -> None:
    corpus = xieshang.open(db)
    queries = [
        "SELECT * FROM articles ORDER BY pk",
        "SELECT * FROM mentions ORDER BY id",
        "SELECT * FROM article_places ORDER BY article_pk, start",
        "SELECT article_pk, signature FROM article_signatures ORDER BY article_pk",
        "SELECT count(*) AS n, avg(length(body)) AS mean, max(title) AS t FROM articles",
    ]
    con = sqlite3.connect(db)
    try:
        for query in queries:
            cursor = con.execute(query)
            expected = cursor.fetchall()
            names = [d[0] for d in cursor.description]
            frame = corpus.sql(query)
            assert list(frame.columns) == names, query
            assert rows_of(frame) == expected, query
            assert len(expected) > 0, query
    finally:
        con.close()


def test_articles_frame_keeps_public_dtypes(db: pathlib.Path) -> None:
    frame = xieshang.open(db).articles()
    assert str(frame["published"].dtype) == "datetime64[ns]"
    assert str(frame["ingested_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["id"].is_monotonic_increasing
    con = sqlite3.connect(db)
    published = dict(con.execute("SELECT id, published FROM articles").fetchall())
    con.close()
    for row in frame.itertuples():
        iso = published[row.id]
        assert (pd.isna(row.published) and iso is None) or row.published.strftime("%Y-%m-%d").startswith(iso)


def test_arrow_backend_and_module_option(sample: xieshang.Corpus) -> None:
    table = sample.articles(backend="arrow")
    assert isinstance(table, pa.Table) and table.num_rows == 5
    assert table.schema.field("published").type == pa.timestamp("ns")
    try:
        xieshang.options.backend = "arrow"
        assert isinstance(sample.people(), pa.Table)
    finally:
        xieshang.options.backend = "pandas"
    assert isinstance(sample.people(), pd.DataFrame)
    with pytest.raises(xieshang.ArgumentError, match="backend"):
        sample.sql("SELECT 1", backend="excel")
    with pytest.raises(xieshang.ArgumentError):
        xieshang.options.backend = "excel"


def test_polars_backend(sample: xieshang.Corpus) -> None:
    polars = pytest.importorskip("polars")
    frame = sample.sql("SELECT id, pk, story_similarity FROM articles ORDER BY id", backend="polars")
    assert isinstance(frame, polars.DataFrame)
    assert frame.schema["pk"] == polars.Int64 and frame.schema["id"] == polars.String
    assert frame["id"].to_list() == sample.sql("SELECT id FROM articles ORDER BY id")["id"].tolist()
    articles = sample.articles(backend="polars")
    assert articles.schema["published"] == polars.Datetime("ns")
    with pytest.raises(xieshang.ArgumentError, match="unique"):
        sample.sql("SELECT 1 AS a, 2 AS a", backend="polars")


def test_dataframes_come_through_pyarrow(sample: xieshang.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    # The frame is pyarrow's import of the native stream, not a per-row Python build.
    seen: List[Any] = []
    original = pa.table

    def spy(obj: Any, *args: Any, **kwargs: Any) -> pa.Table:
        seen.append(obj)
        return original(obj, *args, **kwargs)

    monkeypatch.setattr(pa, "table", spy)
    frame = sample.mentions()
    assert len(seen) == 1 and isinstance(seen[0], _core.ArrowStream)
    assert seen[0].num_rows == len(frame) > 5

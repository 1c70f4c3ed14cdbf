"""xieshang (协商): crawled news about Chinese political consultation as a clean SQLite dataset.

Quick start::

    import xieshang

    corpus = xieshang.sample()            # the five embedded sample articles, in memory
    corpus.articles()                     # one row per article: title, published, source, body ...
    corpus.search("living room")          # bm25-ranked hits with snippets
    corpus.sql("SELECT source, count(*) AS n FROM articles GROUP BY source")

    xieshang.build(["crawl/"], "crawl.db")  # text files, folders, JSONL dumps
    corpus = xieshang.open("crawl.db")

Every method returns a pandas DataFrame with typed columns (dates as ``datetime64``);
errors are :class:`XieshangError` subclasses carrying ``path`` and ``reason``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xieshang import _core
from xieshang._article import Article
from xieshang.exceptions import (
    ArgumentError,
    ArticleNotFoundError,
    DatabaseError,
    GoldError,
    InputError,
    NotFoundError,
    QueryError,
    SchemaVersionError,
    XieshangError,
)

__version__: str = _core.__version__
SCHEMA_VERSION: int = _core.SCHEMA_VERSION

__all__ = [
    "Corpus",
    "Article",
    "options",
    "Options",
    "open",
    "sample",
    "build",
    "evaluate",
    "XieshangError",
    "NotFoundError",
    "InputError",
    "DatabaseError",
    "SchemaVersionError",
    "QueryError",
    "ArgumentError",
    "ArticleNotFoundError",
    "GoldError",
    "SCHEMA_VERSION",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
Params = Union[Sequence[Any], Mapping[str, Any], None]
#: What DataFrame-returning methods give: a pandas DataFrame by default, a polars
#: DataFrame or a pyarrow Table with ``backend="polars"`` / ``"arrow"``.
Frame = Any

BACKENDS = ("pandas", "polars", "arrow")


class Options:
    """Module-wide settings: ``xieshang.options.backend = "polars"``.

    ``backend`` is what DataFrame-returning methods give when not told otherwise:
    ``"pandas"`` (default), ``"polars"`` (needs polars) or ``"arrow"`` (a pyarrow Table).
    """

    def __init__(self) -> None:
        self._backend = "pandas"

    @property
    def backend(self) -> str:
        return self._backend

    @backend.setter
    def backend(self, value: str) -> None:
        self._backend = _check_backend(value)

    def __repr__(self) -> str:
        return f"xieshang.options(backend={self._backend!r})"


options = Options()


def _check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ArgumentError(f"unknown backend {backend!r} (pandas, polars or arrow)")
    return backend


def _iso_dates(column: Any) -> Any:
    """ISO dates (YYYY-MM-DD, YYYY-MM or YYYY) → Arrow timestamp[ns]; others become null."""
    if pa.types.is_null(column.type):
        return pa.nulls(len(column), pa.timestamp("ns"))
    text = pc.cast(column, pa.large_string())
    n = pc.utf8_length(text)

    def suffix(s: str) -> Any:
        return pc.binary_join_element_wise(text, pa.scalar(s, pa.large_string()), pa.scalar("", pa.large_string()))

    padded = pc.if_else(pc.equal(n, 4), suffix("-01-01"), pc.if_else(pc.equal(n, 7), suffix("-01"), text))
    return pc.strptime(padded, format="%Y-%m-%d", unit="ns", error_is_null=True)


def _utc_timestamps(column: Any) -> Any:
    """RFC 3339 timestamps → Arrow timestamp[ns, UTC]."""
    if pa.types.is_null(column.type):
        return pa.nulls(len(column), pa.timestamp("ns", tz="UTC"))
    return pc.cast(pc.cast(column, pa.large_string()), pa.timestamp("ns", tz="UTC"))


def _int64(t: Any) -> Any:
    """pyarrow → pandas types: integers become nullable ``Int64`` (NULLs stay <NA>)."""
    return pd.Int64Dtype() if pa.types.is_integer(t) else None


def _frame(
    result: Any,
    *,
    backend: Optional[str] = None,
    dates: Sequence[str] = (),
    timestamps: Sequence[str] = (),
) -> Any:
    """Builds the caller's frame from a native Arrow stream (``__arrow_c_stream__``).

    The rows cross from Rust as Arrow arrays; pyarrow imports them without copying and
    no Python code runs per row. ``dates`` columns (ISO text) become ``datetime64[ns]``,
    ``timestamps`` columns ``datetime64[ns, UTC]``. ``backend`` is ``"pandas"``
    (integers as ``Int64``, text in pandas' default string dtype), ``"polars"`` or
    ``"arrow"``; ``None`` means ``xieshang.options.backend``.
    """
    backend = _check_backend(backend or options.backend)
    try:
        table = pa.table(result)
    except TypeError:  # pyarrow before the PyCapsule protocol reached pa.table()
        table = pa.RecordBatchReader._import_from_c_capsule(result.__arrow_c_stream__()).read_all()
    names = table.column_names
    for name in dates:
        if name in names:
            table = table.set_column(names.index(name), name, _iso_dates(table.column(name)))
    for name in timestamps:
        if name in names:
            table = table.set_column(names.index(name), name, _utc_timestamps(table.column(name)))
    if backend == "arrow":
        return table
    if backend == "polars":
        try:
            import polars
        except ImportError:
            raise ArgumentError("backend='polars' needs polars: pip install polars") from None
        if len(set(names)) != len(names):
            raise ArgumentError("polars frames need unique column names; alias the duplicates (AS ...)")
        return polars.from_arrow(table)
    return table.to_pandas(types_mapper=_int64, split_blocks=True, self_destruct=True)


def _dates(series: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD, YYYY-MM or YYYY) → datetime64[ns]; missing stays NaT."""
    array = pa.array(series.astype("object").where(series.notna(), None), type=pa.large_string())
    return pd.Series(_iso_dates(array).to_pandas(), index=series.index, name=series.name)


class Corpus:
    """A read-only xieshang dataset. Get one with :func:`open` or :func:`sample`."""

    def __init__(self, inner: _core.Corpus) -> None:
        self._inner = inner

    @property
    def path(self) -> Optional[str]:
        """The database file, or ``None`` for the in-memory sample."""
        return self._inner.path

    def __repr__(self) -> str:
        stats = self.stats()
        where = self.path or "sample (in memory)"
        return f"<xieshang.Corpus {where}: {stats['articles']} articles>"

    def __len__(self) -> int:
        return int(self.stats()["articles"])

    def _repr_html_(self) -> str:
        from xieshang._article import corpus_html

        return corpus_html(self)

    def sql(self, query: str, params: Params = None, *, backend: Optional[str] = None) -> Frame:
        """Runs one read-only SQL statement and returns its rows as a DataFrame.

        ``params`` is a sequence for ``?`` placeholders or a mapping for ``:name``
        ones. Statements that would modify the dataset raise :class:`QueryError`.
        Integer columns come back as nullable ``Int64``, reals as ``float64``, text in
        pandas' string dtype, blobs as ``bytes``; a column with no values takes its
        declared SQL type. ``backend="polars"`` or ``"arrow"`` returns a polars
        DataFrame or a pyarrow Table instead (default: ``xieshang.options.backend``).
        """
        return _frame(self._inner.sql(query, params), backend=backend)

    def articles(self, *, backend: Optional[str] = None) -> Frame:
        """One row per article: id, origin, url, sha256, title, published (datetime64),
        published_precision, source, dateline, body, language, ingested_at (UTC)."""
        return _frame(self._inner.articles(), backend=backend, dates=["published"], timestamps=["ingested_at"])

    def people(self, *, backend: Optional[str] = None) -> Frame:
        """One row per distinct person: person_id, name, title (the one printed most
        often), articles, occurrences. Join to :meth:`mentions` on ``person_id``."""
        return _frame(self._inner.table("people"), backend=backend)

    def mentions(self, *, backend: Optional[str] = None) -> Frame:
        """One row per person per article: mention_id, article_id, person_id, name,
        title (as printed), role and body (parsed: ``chairman`` of ``CPPCC Jiaxing
        Municipal Committee``), body_adcode, start/end spans into the raw text."""
        return _frame(self._inner.table("mentions"), backend=backend)

    def places(self, *, backend: Optional[str] = None) -> Frame:
        """One row per place named in an article: article_id, adcode (GB/T 2260, null
        when unidentified), name as printed, level, canonical pinyin name, name_zh,
        parent_adcode, province_adcode, span."""
        return _frame(self._inner.table("places"), backend=backend)

    def platforms(self, *, backend: Optional[str] = None) -> Frame:
        """One row per consultation platform named in an article: article_id, concept
        (glossary key), zh (Chinese term), text as printed, span."""
        return _frame(self._inner.table("platforms"), backend=backend)

    def organizations(self, *, backend: Optional[str] = None) -> Frame:
        """One row per organization named in an article, with its canonical name, kind,
        level and adcode."""
        return _frame(self._inner.table("organizations"), backend=backend)

    def facts(self, *, backend: Optional[str] = None) -> Frame:
        """One row per count stated in an article ("9 living rooms ..."): value, what, text."""
        return _frame(self._inner.table("facts"), backend=backend)

    def check(self) -> Dict[str, Any]:
        """Verifies integrity, the full-text index, hashes and spans; ``problems`` is empty when sound."""
        return dict(json.loads(self._inner.check()))

    def article(self, id: str) -> Article:
        """One article: its fields as attributes (``title``, ``body``, ``raw`` ...), the
        entities named in it as DataFrames (``persons``, ``places``, ``organizations``,
        ``platforms``), ``to_dict()``, and an HTML view in notebooks with the entities
        highlighted. Raises :class:`ArticleNotFoundError` for an unknown id."""
        fields = dict(json.loads(self._inner.article(id)))
        return Article(self._inner, fields)

    def search(self, query: str, *, limit: int = 20, fts: bool = False) -> pd.DataFrame:
        """Full-text search over titles and bodies, best first.

        Columns: id, title, published (datetime64), source, rank (bm25, lower is
        better), snippet (matches in ``[ ]``). Plain words must all match; with
        ``fts=True`` the query is raw FTS5 syntax (``"living room"``, ``studio*``, ``OR``).
        """
        hits = json.loads(self._inner.search(query, limit, fts))
        columns = ["id", "title", "published", "source", "rank", "snippet"]
        frame = pd.DataFrame.from_records(hits, columns=columns)
        frame["rank"] = frame["rank"].astype("float64")
        frame["published"] = _dates(frame["published"])
        return frame

    def stats(self) -> Dict[str, Any]:
        """Summary counts: articles, fields filled, years, top sources, ingest errors."""
        return dict(json.loads(self._inner.stats()))

    def export(self, path: PathLike, *, format: str = "jsonl") -> int:
        """Writes every article as JSONL or CSV to ``path``; returns the count."""
        return int(self._inner.export(os.fspath(path), format))


def open(path: PathLike) -> Corpus:  # noqa: A001 - mirrors the Rust API
    """Opens an existing database read-only (older schemas are migrated first)."""
    return Corpus(_core.open(os.fspath(path)))


def sample() -> Corpus:
    """The five embedded sample articles, built in memory."""
    return Corpus(_core.sample())


def build(inputs: Iterable[PathLike] = (), db: PathLike = "xieshang.db") -> Dict[str, Any]:
    """Builds or extends the database ``db`` from files, folders and JSONL dumps.

    With no inputs, builds the embedded sample. Returns the report: ``seen``,
    ``added``, ``unchanged`` and ``errors`` (one dict per input that failed, also
    stored in the ``ingest_errors`` table). The build goes on past bad inputs.
    """
    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]  # type: ignore[list-item]
    paths: List[str] = [os.fspath(p) for p in inputs]
    return dict(json.loads(_core.build(paths, os.fspath(db))))


def evaluate(gold_dir: PathLike) -> Dict[str, Any]:
    """Scores normalization and entities against ``NAME.txt`` + ``NAME.gold.json`` files in
    a folder; returns ``{"normalize": ..., "entities": ...}``."""
    _table, report = _core.evaluate(os.fspath(gold_dir))
    return dict(json.loads(report))

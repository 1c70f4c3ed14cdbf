"""xieshang (协商): crawled news about Chinese political consultation as a clean SQLite dataset.

Quick start::

    import xieshang

    corpus = xieshang.sample()            # the five embedded sample articles, in memory
    corpus.articles()                     # one row per article: title, published, source, body ...
    corpus.search("living room")          # bm25-ranked hits with snippets
    corpus.sql("SELECT source, count(*) AS n FROM articles GROUP BY source")

    xieshang.build(["crawl/"], "crawl.db")  # text files, folders, JSONL dumps
    corpus = xieshang.open("crawl.db")

Every table-shaped result is a pandas DataFrame with typed columns (dates as
``datetime64``), or a polars DataFrame or pyarrow Table with ``backend=``; ``stats()``,
``check()``, ``article()`` and ``build()`` return typed, frozen objects. Errors are
:class:`XieshangError` subclasses carrying ``path`` and ``reason``.
"""

from __future__ import annotations

import datetime
import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union, cast, final, overload

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xieshang import _core
from xieshang._article import Article
from xieshang._records import BuildReport, CheckReport, ExtractionTotals, IngestError, Stats, Summary
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

if TYPE_CHECKING:
    import polars

__version__: str = _core.__version__
SCHEMA_VERSION: int = _core.SCHEMA_VERSION

__all__ = [
    "Corpus",
    "Article",
    "Stats",
    "Summary",
    "ExtractionTotals",
    "CheckReport",
    "BuildReport",
    "IngestError",
    "Frame",
    "Backend",
    "options",
    "Options",
    "open",
    "sample",
    "build",
    "rebuild",
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
DateLike = Union[str, "datetime.date", None]
#: What table-shaped methods give: a pandas DataFrame by default, a polars DataFrame
#: or a pyarrow Table with ``backend="polars"`` / ``"arrow"``. Each method's overloads
#: tell a type checker which one a literal ``backend=`` gives; without ``backend=`` it
#: assumes the default, pandas (``xieshang.options.backend`` is set at run time).
Frame = Union["pd.DataFrame", "polars.DataFrame", "pa.Table"]
#: The names ``backend=`` takes.
Backend = Literal["pandas", "polars", "arrow"]

BACKENDS = ("pandas", "polars", "arrow")


@final
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
) -> Frame:
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
        return cast("pa.Table", table)
    if backend == "polars":
        try:
            import polars
        except ImportError:
            raise ArgumentError("backend='polars' needs polars: pip install polars") from None
        if len(set(names)) != len(names):
            raise ArgumentError("polars frames need unique column names; alias the duplicates (AS ...)")
        return cast("polars.DataFrame", polars.from_arrow(table))
    return cast("pd.DataFrame", table.to_pandas(types_mapper=_int64, split_blocks=True, self_destruct=True))


def _iso(value: DateLike) -> Optional[str]:
    """A date bound as ISO text: strings pass through, dates and datetimes are formatted."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    raise ArgumentError(f"expected an ISO date string, date or datetime, not {type(value).__name__}", None)


@final
class Corpus:
    """A read-only xieshang dataset. Get one with :func:`open` or :func:`sample`."""

    def __init__(self, inner: _core.Corpus) -> None:
        self._inner = inner

    @property
    def path(self) -> Optional[str]:
        """The database file, or ``None`` for the in-memory sample."""
        return self._inner.path

    def __repr__(self) -> str:
        where = self.path or "sample (in memory)"
        return f"<xieshang.Corpus {where}: {self.summary().articles} articles>"

    def __len__(self) -> int:
        return self.summary().articles

    def _repr_html_(self) -> str:
        from xieshang._article import corpus_html

        return corpus_html(self)

    @overload
    def sql(self, query: str, params: Params = None, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def sql(self, query: str, params: Params = None, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def sql(self, query: str, params: Params = None, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def sql(self, query: str, params: Params = None, *, backend: Optional[str] = None) -> Frame: ...
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

    @overload
    def articles(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def articles(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def articles(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def articles(self, *, backend: Optional[str] = None) -> Frame: ...
    def articles(self, *, backend: Optional[str] = None) -> Frame:
        """One row per article: id, origin, url, sha256, title, published (datetime64),
        published_precision, source, dateline, body, language, ingested_at (UTC)."""
        return _frame(self._inner.articles(), backend=backend, dates=["published"], timestamps=["ingested_at"])

    @overload
    def people(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def people(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def people(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def people(self, *, backend: Optional[str] = None) -> Frame: ...
    def people(self, *, backend: Optional[str] = None) -> Frame:
        """One row per distinct person: person_id, name, title (the one printed most
        often), articles, occurrences. Join to :meth:`mentions` on ``person_id``."""
        return _frame(self._inner.table("people"), backend=backend)

    @overload
    def mentions(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def mentions(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def mentions(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def mentions(self, *, backend: Optional[str] = None) -> Frame: ...
    def mentions(self, *, backend: Optional[str] = None) -> Frame:
        """One row per person per article: mention_id, article_id, person_id, name,
        title (as printed), role and body (parsed: ``chairman`` of ``CPPCC Jiaxing
        Municipal Committee``), body_adcode, start/end spans into the raw text."""
        return _frame(self._inner.table("mentions"), backend=backend)

    @overload
    def places(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def places(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def places(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def places(self, *, backend: Optional[str] = None) -> Frame: ...
    def places(self, *, backend: Optional[str] = None) -> Frame:
        """One row per place named in an article: article_id, adcode (GB/T 2260, null
        when unidentified), name as printed, level, canonical pinyin name, name_zh,
        parent_adcode, province_adcode, span."""
        return _frame(self._inner.table("places"), backend=backend)

    @overload
    def platforms(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def platforms(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def platforms(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def platforms(self, *, backend: Optional[str] = None) -> Frame: ...
    def platforms(self, *, backend: Optional[str] = None) -> Frame:
        """One row per consultation platform named in an article: article_id, concept
        (glossary key), zh (Chinese term), text as printed, span."""
        return _frame(self._inner.table("platforms"), backend=backend)

    @overload
    def organizations(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def organizations(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def organizations(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def organizations(self, *, backend: Optional[str] = None) -> Frame: ...
    def organizations(self, *, backend: Optional[str] = None) -> Frame:
        """One row per organization named in an article, with its canonical name, kind,
        level and adcode."""
        return _frame(self._inner.table("organizations"), backend=backend)

    @overload
    def facts(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def facts(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def facts(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def facts(self, *, backend: Optional[str] = None) -> Frame: ...
    def facts(self, *, backend: Optional[str] = None) -> Frame:
        """One row per count stated in an article ("9 living rooms ..."): value, what, text."""
        return _frame(self._inner.table("facts"), backend=backend)

    # --- analysis: events, timeline, network, facets ---

    @overload
    def events(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def events(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def events(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def events(self, *, backend: Optional[str] = None) -> Frame: ...
    def events(self, *, backend: Optional[str] = None) -> Frame:
        """One row per meeting or activity reported in an article: event_id, article_id,
        type (glossary key such as ``event.work_promotion_meeting``), text as printed,
        date_from / date_to (datetime64; ``date_to`` only for ranges), precision,
        place_adcode / place / province_adcode of the primary place, organizer
        (canonical name), number of places and participants, published, span."""
        return _frame(self._inner.events(), backend=backend, dates=["date_from", "date_to", "published"])

    @overload
    def event_places(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def event_places(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def event_places(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def event_places(self, *, backend: Optional[str] = None) -> Frame: ...
    def event_places(self, *, backend: Optional[str] = None) -> Frame:
        """One row per place of an event: event_id, article_id, type, adcode, name,
        name_zh, level, province_adcode, span. Join to :meth:`events` on ``event_id``."""
        return _frame(self._inner.event_places(), backend=backend)

    @overload
    def event_participants(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def event_participants(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def event_participants(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def event_participants(self, *, backend: Optional[str] = None) -> Frame: ...
    def event_participants(self, *, backend: Optional[str] = None) -> Frame:
        """One row per person per role in an event: event_id, article_id, type,
        person_id, mention_id, name, role (presided, spoke, attended, led), span."""
        return _frame(self._inner.event_participants(), backend=backend)

    @overload
    def topics(self, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def topics(self, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def topics(self, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def topics(self, *, backend: Optional[str] = None) -> Frame: ...
    def topics(self, *, backend: Optional[str] = None) -> Frame:
        """One row per policy-area topic per article (vocabulary in ``docs/topics.md``):
        article_id, topic, evidence (occurrences), terms (comma-separated), first span."""
        return _frame(self._inner.topics(), backend=backend)

    @overload
    def timeline(self, by: str = "month", *, group: Optional[str] = None, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def timeline(self, by: str = "month", *, group: Optional[str] = None, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def timeline(self, by: str = "month", *, group: Optional[str] = None, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def timeline(self, by: str = "month", *, group: Optional[str] = None, backend: Optional[str] = None) -> Frame: ...
    def timeline(self, by: str = "month", *, group: Optional[str] = None, backend: Optional[str] = None) -> Frame:
        """Articles per publication period: columns period (``2021``, ``2021-10`` or
        ``2021-10-09`` for ``by`` = year, month, day), group (None, or the province,
        platform, event_type or topic with ``group=``), articles.

        Articles whose date is not known to that precision are left out; with a
        platform, event type or topic grouping an article counts once per group.
        """
        return _frame(self._inner.timeline(by, group), backend=backend)

    @overload
    def network(self, kind: str = "person-event", *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def network(self, kind: str = "person-event", *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def network(self, kind: str = "person-event", *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def network(self, kind: str = "person-event", *, backend: Optional[str] = None) -> Frame: ...
    def network(self, kind: str = "person-event", *, backend: Optional[str] = None) -> Frame:
        """An edge table for ``networkx.from_pandas_edgelist(df, "source", "target",
        edge_attr=True)``.

        ``person-event``: person name → ``event N``, weight (number of roles), role,
        person_id, event_id, event_type, date_from, article_id. ``person-person``: two
        people named in the same article, weight (articles naming both),
        shared_events, source_id, target_id.
        """
        return _frame(self._inner.network(kind), backend=backend)

    @overload
    def facets(self, column: str, *, backend: Optional[Literal["pandas"]] = None) -> pd.DataFrame: ...
    @overload
    def facets(self, column: str, *, backend: Literal["polars"]) -> polars.DataFrame: ...
    @overload
    def facets(self, column: str, *, backend: Literal["arrow"]) -> pa.Table: ...
    @overload
    def facets(self, column: str, *, backend: Optional[str] = None) -> Frame: ...
    def facets(self, column: str, *, backend: Optional[str] = None) -> Frame:
        """Value counts of ``column`` (source, year, province, platform, event_type,
        topic, person, place), most frequent first: value, key (adcode, person id or
        the value), articles. Unknown columns raise :class:`ArgumentError`."""
        return _frame(self._inner.facets(column), backend=backend)

    def check(self) -> CheckReport:
        """Verifies SQLite's integrity, foreign keys, the full-text index, every raw
        text's hash and every span: a :class:`CheckReport` whose ``problems`` is empty
        when the database is sound (``is_clean``)."""
        return self._inner.check()

    def article(self, id: str) -> Article:
        """One article: an :class:`Article` with its fields as attributes (``title``,
        ``body``, ``raw`` ...), the entities named in it as DataFrames (``persons``,
        ``places``, ``organizations``, ``platforms``), ``to_dict()``, and an HTML view in
        notebooks with the entities highlighted. Raises :class:`ArticleNotFoundError`
        for an unknown id."""
        return self._inner.article(id)

    @overload
    def search(
        self,
        query: str,
        *,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[Union[str, int]] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
        backend: Optional[Literal["pandas"]] = None,
    ) -> pd.DataFrame: ...
    @overload
    def search(
        self,
        query: str,
        *,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[Union[str, int]] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
        backend: Literal["polars"],
    ) -> polars.DataFrame: ...
    @overload
    def search(
        self,
        query: str,
        *,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[Union[str, int]] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
        backend: Literal["arrow"],
    ) -> pa.Table: ...
    @overload
    def search(
        self,
        query: str,
        *,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[Union[str, int]] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
        backend: Optional[str] = None,
    ) -> Frame: ...
    def search(
        self,
        query: str,
        *,
        since: DateLike = None,
        until: DateLike = None,
        place: Optional[Union[str, int]] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
        backend: Optional[str] = None,
    ) -> Frame:
        """Full-text search over titles and bodies, best first.

        ``query``: plain words (all must match, Porter-stemmed), ``"phrases"``,
        ``prefix*``, ``AND``, ``OR``, ``NOT`` (``a NOT b``) and parentheses; Chinese
        terms (``委员会客厅``, ``政协``) search the articles' Chinese text. Bad syntax
        raises :class:`QueryError`.

        Filters: ``since``/``until`` (ISO date string, ``date`` or ``datetime``; on
        ``published``), ``place`` (adcode such as ``330400``, or a name: ``Jiaxing``,
        ``嘉兴``; places inside it match too), ``person`` (a name), ``platform``
        (glossary concept, Chinese term or words). ``collapse=True`` keeps the best hit
        of each story (syndicated copies). ``fts=True`` passes ``query`` to FTS5
        unchanged (no filters).

        Columns: id, title, published (datetime64), source, story, rank (bm25, title
        weighted, lower is better), snippet (matches in ``[ ]``), and place, person,
        platform: what the filters matched in each hit.
        """
        return _frame(
            self._inner.search(
                query,
                _iso(since),
                _iso(until),
                None if place is None else str(place),
                person,
                platform,
                limit,
                collapse,
                fts,
            ),
            backend=backend,
            dates=["published"],
        )

    def stats(self) -> Stats:
        """Summary counts as a :class:`Stats`: articles, fields filled, dates, years, top
        sources, ingest errors, and what extraction found (``extracted``)."""
        return self._inner.stats()

    def summary(self) -> Summary:
        """The counts ``repr`` and the notebook view show, as a :class:`Summary`: articles,
        date range, top sources and what extraction found, as the last build stored them
        (one read of ``corpus_meta``); a database no build of this version has finished
        has them counted, like :meth:`stats`."""
        return self._inner.summary()

    def export(self, path: PathLike, *, format: str = "jsonl") -> int:
        """Writes every article as JSONL or CSV to ``path``; returns the count."""
        return int(self._inner.export(os.fspath(path), format))


def open(path: PathLike) -> Corpus:  # noqa: A001 - mirrors the Rust API
    """Opens an existing database read-only (older schemas are migrated first)."""
    return Corpus(_core.open(os.fspath(path)))


def sample() -> Corpus:
    """The five embedded sample articles, built in memory."""
    return Corpus(_core.sample())


def build(inputs: Union[PathLike, Iterable[PathLike]] = (), db: PathLike = "xieshang.db") -> BuildReport:
    """Builds or extends the database ``db`` from files, folders and JSONL dumps.

    With no inputs, builds the embedded sample. Returns a :class:`BuildReport`:
    ``seen``, ``added``, ``unchanged`` and ``errors`` (an :class:`IngestError` per input
    that failed, also stored in the ``ingest_errors`` table). The build goes on past
    bad inputs.
    """
    items: Iterable[PathLike] = [inputs] if isinstance(inputs, (str, bytes, os.PathLike)) else inputs
    return _core.build([os.fspath(p) for p in items], os.fspath(db))


def rebuild(db: PathLike) -> BuildReport:
    """Re-derives every normalized and extracted table of ``db`` from the raw text it
    stores (the source of truth), e.g. after upgrading xieshang. The new tables are
    written beside ``db`` and swapped in at the end; ids, ``ingested_at`` and the error
    and build logs are kept. Returns a :class:`BuildReport`, like :func:`build`."""
    return _core.rebuild(os.fspath(db))


def evaluate(gold_dir: PathLike) -> Dict[str, Any]:
    """Scores normalization and entities against ``NAME.txt`` + ``NAME.gold.json`` files in
    a folder; returns ``{"normalize": ..., "entities": ...}``."""
    _table, report = _core.evaluate(os.fspath(gold_dir))
    return dict(json.loads(report))

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

import datetime
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd

from xieshang import _core
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

_DTYPES = {"int": "Int64", "float": "float64", "text": "object", "blob": "object"}


def _frame(result: Any) -> pd.DataFrame:
    """Builds a DataFrame from the native (names, columns, kinds) triple."""
    names, columns, kinds = result
    data = {}
    for name, values, kind in zip(names, columns, kinds):
        data[name] = pd.Series(values, dtype=_DTYPES[kind])
    if len(set(names)) != len(names):  # duplicate column names: keep them all
        frame = pd.concat([pd.Series(v, dtype=_DTYPES[k]) for v, k in zip(columns, kinds)], axis=1)
        frame.columns = names
        return frame
    return pd.DataFrame(data, columns=names)


def _iso(value: DateLike) -> Optional[str]:
    """A date bound as ISO text: strings pass through, dates and datetimes are formatted."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    raise ArgumentError(f"expected an ISO date string, date or datetime, not {type(value).__name__}", None)


def _dates(series: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD, YYYY-MM or YYYY) → datetime64; missing stays NaT."""
    text = series.astype("object").where(series.notna(), None)
    padded = text.map(lambda s: s if s is None or len(s) == 10 else (s + "-01-01")[:10] if len(s) == 4 else s + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")


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

    def sql(self, query: str, params: Params = None) -> pd.DataFrame:
        """Runs one read-only SQL statement and returns its rows as a DataFrame.

        ``params`` is a sequence for ``?`` placeholders or a mapping for ``:name``
        ones. Statements that would modify the dataset raise :class:`QueryError`.
        Integer columns come back as nullable ``Int64``, text as ``object``.
        """
        return _frame(self._inner.sql(query, params))

    def articles(self) -> pd.DataFrame:
        """One row per article: id, origin, url, sha256, title, published (datetime64),
        published_precision, source, dateline, body, language, ingested_at (UTC)."""
        frame = _frame(self._inner.articles())
        frame["published"] = _dates(frame["published"])
        ingested = pd.to_datetime(frame["ingested_at"], utc=True, format="ISO8601")
        frame["ingested_at"] = ingested.astype("datetime64[ns, UTC]")
        return frame

    def people(self) -> pd.DataFrame:
        """One row per distinct person: person_id, name, title (the one printed most
        often), articles, occurrences. Join to :meth:`mentions` on ``person_id``."""
        return _frame(self._inner.table("people"))

    def mentions(self) -> pd.DataFrame:
        """One row per person per article: mention_id, article_id, person_id, name,
        title (as printed), role and body (parsed: ``chairman`` of ``CPPCC Jiaxing
        Municipal Committee``), body_adcode, start/end spans into the raw text."""
        return _frame(self._inner.table("mentions"))

    def places(self) -> pd.DataFrame:
        """One row per place named in an article: article_id, adcode (GB/T 2260, null
        when unidentified), name as printed, level, canonical pinyin name, name_zh,
        parent_adcode, province_adcode, span."""
        return _frame(self._inner.table("places"))

    def platforms(self) -> pd.DataFrame:
        """One row per consultation platform named in an article: article_id, concept
        (glossary key), zh (Chinese term), text as printed, span."""
        return _frame(self._inner.table("platforms"))

    def organizations(self) -> pd.DataFrame:
        """One row per organization named in an article, with its canonical name, kind,
        level and adcode."""
        return _frame(self._inner.table("organizations"))

    def facts(self) -> pd.DataFrame:
        """One row per count stated in an article ("9 living rooms ..."): value, what, text."""
        return _frame(self._inner.table("facts"))

    # --- analysis: events, timeline, network, facets ---

    def events(self) -> pd.DataFrame:
        """One row per meeting or activity reported in an article: event_id, article_id,
        type (glossary key such as ``event.work_promotion_meeting``), text as printed,
        date_from / date_to (datetime64; ``date_to`` only for ranges), precision,
        place_adcode / place / province_adcode of the primary place, organizer
        (canonical name), number of places and participants, published, span."""
        frame = _frame(self._inner.events())
        for column in ("date_from", "date_to", "published"):
            frame[column] = _dates(frame[column])
        return frame

    def event_places(self) -> pd.DataFrame:
        """One row per place of an event: event_id, article_id, type, adcode, name,
        name_zh, level, province_adcode, span. Join to :meth:`events` on ``event_id``."""
        return _frame(self._inner.event_places())

    def event_participants(self) -> pd.DataFrame:
        """One row per person per role in an event: event_id, article_id, type,
        person_id, mention_id, name, role (presided, spoke, attended, led), span."""
        return _frame(self._inner.event_participants())

    def topics(self) -> pd.DataFrame:
        """One row per policy-area topic per article (vocabulary in ``docs/topics.md``):
        article_id, topic, evidence (occurrences), terms (comma-separated), first span."""
        return _frame(self._inner.topics())

    def timeline(self, by: str = "month", *, group: Optional[str] = None) -> pd.DataFrame:
        """Articles per publication period: columns period (``2021``, ``2021-10`` or
        ``2021-10-09`` for ``by`` = year, month, day), group (None, or the province,
        platform, event_type or topic with ``group=``), articles.

        Articles whose date is not known to that precision are left out; with a
        platform, event type or topic grouping an article counts once per group.
        """
        return _frame(self._inner.timeline(by, group))

    def network(self, kind: str = "person-event") -> pd.DataFrame:
        """An edge table for ``networkx.from_pandas_edgelist(df, "source", "target",
        edge_attr=True)``.

        ``person-event``: person name → ``event N``, weight (number of roles), role,
        person_id, event_id, event_type, date_from, article_id. ``person-person``: two
        people named in the same article, weight (articles naming both),
        shared_events, source_id, target_id.
        """
        return _frame(self._inner.network(kind))

    def facets(self, column: str) -> pd.DataFrame:
        """Value counts of ``column`` (source, year, province, platform, event_type,
        topic, person, place), most frequent first: value, key (adcode, person id or
        the value), articles. Unknown columns raise :class:`ArgumentError`."""
        return _frame(self._inner.facets(column))

    def check(self) -> Dict[str, Any]:
        """Verifies integrity, the full-text index, hashes and spans; ``problems`` is empty when sound."""
        return dict(json.loads(self._inner.check()))

    def article(self, id: str) -> Dict[str, Any]:
        """One article's fields as a dict; raises :class:`ArticleNotFoundError`."""
        return dict(json.loads(self._inner.article(id)))

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
    ) -> pd.DataFrame:
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
        frame = _frame(
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
            )
        )
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


def rebuild(db: PathLike) -> Dict[str, Any]:
    """Re-derives every normalized and extracted table of ``db`` from the raw text it
    stores (the source of truth), e.g. after upgrading xieshang. The new tables are
    written beside ``db`` and swapped in at the end; ids, ``ingested_at`` and the error
    and build logs are kept. Returns the report, like :func:`build`."""
    return dict(json.loads(_core.rebuild(os.fspath(db))))


def evaluate(gold_dir: PathLike) -> Dict[str, Any]:
    """Scores normalization and entities against ``NAME.txt`` + ``NAME.gold.json`` files in
    a folder; returns ``{"normalize": ..., "entities": ...}``."""
    _table, report = _core.evaluate(os.fspath(gold_dir))
    return dict(json.loads(report))

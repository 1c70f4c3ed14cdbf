"""The typed results of ``stats()``, ``summary()``, ``check()``, ``build()`` and ``rebuild()``.

Frozen dataclasses, built by the Rust core (``src/python/records.rs``) from the same
structs the CLI prints: attributes with types a checker and an IDE know. They were dicts
before, so ``record["name"]``, ``record.get("name")``, ``"name" in record`` and
``dict(record)`` still work (one level: nested records stay records), and ``to_dict()``
gives the plain nested dicts and lists, ready for ``json.dumps``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional, Tuple, cast, final

__all__ = ["BuildReport", "CheckReport", "ExtractionTotals", "IngestError", "Stats", "Summary"]


class _Record:
    """Read access by name, as the dicts these records replace allowed."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Any:
        if isinstance(name, str) and name in self.keys():
            return getattr(self, name)
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self.keys()

    def get(self, name: str, default: Any = None) -> Any:
        """The attribute ``name``, or ``default`` if the record has no such field."""
        return getattr(self, name) if name in self.keys() else default

    def keys(self) -> List[str]:
        """The field names, in order (so ``dict(record)`` works)."""
        return [f.name for f in dataclasses.fields(cast(Any, self))]

    def to_dict(self) -> Dict[str, Any]:
        """The record as plain dicts and lists, nested records included (JSON-ready)."""
        return dataclasses.asdict(cast(Any, self))


@final
@dataclasses.dataclass(frozen=True)
class ExtractionTotals(_Record):
    """What extraction found in a database (:attr:`Stats.extracted`)."""

    #: Distinct people (by folded name).
    people: int
    #: Person mentions: one per person per article.
    person_mentions: int
    #: Distinct places (adcodes) named.
    places: int
    #: Place mentions.
    place_mentions: int
    #: Distinct organizations named.
    organizations: int
    #: Organization mentions.
    organization_mentions: int
    #: Distinct platform concepts named.
    platforms: int
    #: Platform mentions.
    platform_mentions: int
    #: Events (meetings, activities).
    events: int
    #: Event participant rows: one per person per role.
    event_participants: int
    #: Distinct topics.
    topics: int
    #: Articles tagged with at least one topic.
    topic_articles: int
    #: Stories: groups of syndicated copies, singletons included.
    stories: int
    #: Copies that are not their story's canonical article.
    syndicated_copies: int


@final
@dataclasses.dataclass(frozen=True)
class Stats(_Record):
    """Summary counts of a database (:meth:`xieshang.Corpus.stats`)."""

    #: The database's schema version (``PRAGMA user_version``).
    schema_version: int
    #: Articles stored.
    articles: int
    #: Articles with a title, a publication date, a source, a dateline.
    with_title: int
    with_published: int
    with_source: int
    with_dateline: int
    #: Inputs that failed (rows of ``ingest_errors``).
    ingest_errors: int
    #: The earliest and latest publication dates (ISO, as precise as known), or None.
    earliest: Optional[str]
    latest: Optional[str]
    #: ``(year, articles)`` in year order.
    by_year: List[Tuple[str, int]]
    #: ``(source, articles)``, most frequent first.
    top_sources: List[Tuple[str, int]]
    #: What extraction found.
    extracted: ExtractionTotals


@final
@dataclasses.dataclass(frozen=True)
class Summary(_Record):
    """The counts a corpus shows at a glance (:meth:`xieshang.Corpus.summary`, ``repr``,
    the notebook view), as the last build stored them: no table is counted to show them."""

    #: The database's schema version (``PRAGMA user_version``).
    schema_version: int
    #: Articles stored.
    articles: int
    #: The earliest and latest publication dates (ISO, as precise as known), or None.
    earliest: Optional[str]
    latest: Optional[str]
    #: ``(source, articles)``, most frequent first (the first ten).
    top_sources: List[Tuple[str, int]]
    #: What extraction found.
    extracted: ExtractionTotals
    #: True when read as the build stored them; False when counted now (a database no
    #: build of this version has finished).
    stored: bool


@final
@dataclasses.dataclass(frozen=True)
class CheckReport(_Record):
    """The outcome of :meth:`xieshang.Corpus.check`: no ``problems`` means the database is sound."""

    #: Articles checked.
    articles: int
    #: One line per problem found (integrity, foreign keys, full-text index, hashes,
    #: spans, body spans, the stored summary).
    problems: List[str]

    @property
    def is_clean(self) -> bool:
        """True when no problem was found."""
        return not self.problems


@final
@dataclasses.dataclass(frozen=True)
class IngestError(_Record):
    """One input a build could not read (a record, not an exception); also a row of ``ingest_errors``."""

    #: The file, or ``path:line`` for a JSONL line.
    origin: str
    #: What failed: ``io``, ``decode``, ``empty``, ``json``, ``duplicate_id``, ``internal``.
    kind: str
    #: Why.
    message: str


@final
@dataclasses.dataclass(frozen=True)
class BuildReport(_Record):
    """The outcome of :func:`xieshang.build` or :func:`xieshang.rebuild`."""

    #: Documents read from the inputs.
    seen: int
    #: New articles stored.
    added: int
    #: Documents whose bytes were already stored.
    unchanged: int
    #: Inputs that could not be read or decoded; the build went on past them.
    errors: List[IngestError]

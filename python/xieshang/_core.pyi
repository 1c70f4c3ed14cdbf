"""The native extension module (``src/python/``): thin bindings over the Rust core.

Hand-written stubs, checked by ``python -m mypy.stubtest xieshang._core``. Table-shaped
results come back as :class:`ArrowStream` objects that :mod:`xieshang` turns into
DataFrames; records come back as the frozen dataclasses of :mod:`xieshang`, built in Rust.
Every method releases the GIL while the core works.
"""

from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union, final

from xieshang._article import Article
from xieshang._records import BuildReport, CheckReport, Stats, Summary

__all__ = ["ArrowStream", "Corpus", "SCHEMA_VERSION", "build", "evaluate", "open", "rebuild", "run_cli", "sample", "__version__"]

#: The package version (``Cargo.toml``).
__version__: str
#: The schema version this build writes and reads (``PRAGMA user_version``).
SCHEMA_VERSION: int

_Params = Union[Sequence[Any], Mapping[str, Any], None]

@final
class ArrowStream:
    """Query results as Arrow record batches, through the Arrow PyCapsule stream
    interface: ``pyarrow.table(stream)`` or ``polars.from_arrow`` import them without
    copying. The stream can be exported more than once."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """An ``arrow_array_stream`` capsule over the batches; ``requested_schema`` is
        accepted and ignored (the stream has the query's own types)."""
    @property
    def num_rows(self) -> int:
        """Rows over all batches."""

@final
class Corpus:
    """A read-only handle on a xieshang database (or the in-memory sample)."""

    @property
    def path(self) -> Optional[str]:
        """The database path, or None for the in-memory sample."""
    def sql(self, query: str, params: _Params = None) -> ArrowStream:
        """Runs one read-only statement with ``?`` (sequence) or ``:name`` (mapping)
        parameters; writes raise ``QueryError``."""
    def articles(self) -> ArrowStream:
        """Every article's normalized fields, in id order."""
    def table(self, name: str) -> ArrowStream:
        """A named entity table: people, mentions, places, platforms, organizations, facts."""
    def article_entities(self, id: str, kind: str) -> ArrowStream:
        """The persons, places, organizations or platforms named in one article, in text order."""
    def check(self) -> CheckReport:
        """Checks integrity, foreign keys, the full-text index, hashes, spans, body spans
        and the stored summary."""
    def search(
        self,
        query: str,
        since: Optional[str] = None,
        until: Optional[str] = None,
        place: Optional[str] = None,
        person: Optional[str] = None,
        platform: Optional[str] = None,
        limit: int = 20,
        collapse: bool = False,
        fts: bool = False,
    ) -> ArrowStream:
        """Full-text search with filters; with ``fts`` the query is a raw FTS5
        expression and the filters do not apply."""
    def stats(self) -> Stats:
        """Summary counts."""
    def summary(self) -> Summary:
        """The counts the last build stored in ``corpus_meta`` (counted for a database
        no build of this version has finished)."""
    def article(self, id: str) -> Article:
        """One article by id, with its raw text; raises ``ArticleNotFoundError``."""
    def export(self, path: str, format: str) -> int:
        """Writes the JSONL or CSV export to ``path``; returns the number of articles."""
    def events(self) -> ArrowStream:
        """One row per event: type, dates, primary place, organizer."""
    def event_places(self) -> ArrowStream:
        """One row per place of an event."""
    def event_participants(self) -> ArrowStream:
        """One row per person per role in an event."""
    def topics(self) -> ArrowStream:
        """One row per topic per article, with its evidence terms."""
    def timeline(self, by: str = "month", group: Optional[str] = None) -> ArrowStream:
        """Articles per period (year, month or day), optionally grouped."""
    def network(self, kind: str = "person-event") -> ArrowStream:
        """An edge table: person-event or person-person."""
    def facets(self, column: str) -> ArrowStream:
        """Value counts of one column, most frequent first."""

def open(path: str) -> Corpus:
    """Opens an existing database read-only (older schemas are migrated first)."""

def sample() -> Corpus:
    """The embedded sample corpus, built in memory."""

def build(inputs: List[str], db: str) -> BuildReport:
    """Builds or extends ``db`` from files, folders and JSONL dumps (the sample when empty)."""

def rebuild(db: str) -> BuildReport:
    """Re-derives every normalized and extracted table of ``db`` from its stored raw text."""

def evaluate(gold_dir: str) -> Tuple[str, str]:
    """Scores the normalizer against a folder of gold files: (table text, JSON report)."""

def run_cli(argv: List[str]) -> int:
    """Runs the command line with ``argv`` (program name first); returns the exit code."""

"""One article as a Python object, and the HTML views notebooks show.

Entity spans are character offsets into ``raw``; the clean ``body`` is a different
string (each paragraph's lines trimmed, blank lines dropped, folded). The build stores
where each mention lands in ``body`` too (``body_start``/``body_end``, NULL outside the
body), and the highlighter marks those spans: nothing of the normalizer is redone here.
"""

from __future__ import annotations

import bisect
import dataclasses
import html
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, cast, final

import pandas as pd

from xieshang.exceptions import ArgumentError

if TYPE_CHECKING:
    from xieshang import Corpus, _core

#: Article fields, in the order of ``to_dict()``.
FIELDS = (
    "id", "origin", "url", "sha256", "title", "published", "published_precision",
    "source", "dateline", "body", "language", "ingested_at",
)

#: Highlight colours per entity kind (light, readable on white and in dark themes' marks).
COLOURS = {
    "person": "#ffd8a8",
    "place": "#b2f2bb",
    "organization": "#a5d8ff",
    "platform": "#eebefa",
}

# (start, end, kind, label) in character offsets of some text.
Span = Tuple[int, int, str, str]


def body_highlights(body: str, spans: Sequence[Span]) -> List[List[Span]]:
    """For each body paragraph (``body`` split at blank lines), the spans in it, in
    paragraph offsets. ``spans`` are in ``body`` offsets; one that is not inside a
    single paragraph is left out."""
    paragraphs = body.split("\n\n") if body else []
    out: List[List[Span]] = [[] for _ in paragraphs]
    starts: List[int] = []
    at = 0
    for para in paragraphs:
        starts.append(at)
        at += len(para) + 2
    for start, end, kind, label in spans:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start >= end:
            continue
        first = starts[i]
        if end - first <= len(paragraphs[i]):
            out[i].append((start - first, end - first, kind, label))
    return out


def render(text: str, spans: Sequence[Span]) -> str:
    """``text`` HTML-escaped, with each span in a ``<mark>``. Nested spans nest (a place
    inside an organization's name); a span crossing another's end is dropped."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1], s[2]))
    out: List[str] = []
    pos = 0
    stack: List[Span] = []

    def close_until(p: int) -> None:
        nonlocal pos
        while stack and stack[-1][1] <= p:
            end = stack.pop()[1]
            out.append(html.escape(text[pos:end]))
            out.append("</mark>")
            pos = end

    for span in ordered:
        start, end, kind, label = span
        if start >= end or start < pos or end > len(text):
            continue
        close_until(start)
        if stack and end > stack[-1][1]:
            continue
        out.append(html.escape(text[pos:start]))
        pos = start
        colour = COLOURS.get(kind, "#e9ecef")
        out.append(
            f'<mark class="xieshang-{html.escape(kind)}" data-kind="{html.escape(kind)}" '
            f'style="background:{colour};padding:0 2px;border-radius:3px" title="{html.escape(label)}">'
        )
        stack.append(span)
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _rows(frame: pd.DataFrame) -> Iterator[Dict[str, Any]]:
    for row in frame.to_dict("records"):
        yield {k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}


def _label(*parts: Optional[Any]) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


@final
@dataclasses.dataclass(frozen=True, repr=False)
class Article:
    """One article of a corpus: its fields, its raw text, the entities named in it.

    Get one with :meth:`xieshang.Corpus.article`. The fields are typed attributes (the
    columns of :meth:`xieshang.Corpus.articles`, ``published`` as ISO text as precise as
    the page: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), plus ``raw`` (verbatim) and
    ``body_spans`` (each paragraph's span in ``raw``); ``persons``, ``places``,
    ``organizations`` and ``platforms`` are DataFrames with ``start``/``end`` spans into
    ``raw`` and ``body_start``/``body_end`` spans into ``body`` (missing outside the
    body), read when first asked for. ``article["title"]`` reads a field too. In a
    notebook the article shows with its entities highlighted.
    """

    #: The article's id: the file stem, or the JSONL ``id``.
    id: str
    #: Where it came from: a file path, or ``path:line`` for a JSONL line.
    origin: str
    #: The URL the crawler gave, if any.
    url: Optional[str]
    #: SHA-256 of the raw bytes, hex.
    sha256: str
    #: The headline.
    title: Optional[str]
    #: The publication date, ISO text as precise as known.
    published: Optional[str]
    #: ``day``, ``month`` or ``year``.
    published_precision: Optional[str]
    #: The publisher the page names ("Jiaxing Daily").
    source: Optional[str]
    #: The dateline ("Beijing, June 28").
    dateline: Optional[str]
    #: The clean body: paragraphs joined by a blank line.
    body: str
    #: ISO 639-1 code of the dominant script (``en`` or ``zh``).
    language: str
    #: When it was first stored (RFC 3339, UTC).
    ingested_at: str
    #: The text exactly as decoded from the input.
    raw: str
    #: Each body paragraph's ``[start, end)`` span in :attr:`raw` (character offsets).
    body_spans: List[Tuple[int, int]]
    _corpus: dataclasses.InitVar[Optional["_core.Corpus"]] = None

    def __post_init__(self, _corpus: Optional["_core.Corpus"]) -> None:
        # The handle the entity tables are read through, and their cache: not fields,
        # so equality, ``dataclasses.asdict`` and ``replace`` see only the article.
        object.__setattr__(self, "_inner", _corpus)
        object.__setattr__(self, "_entities", {})

    def __getitem__(self, name: str) -> Any:
        if name in FIELDS or name in ("raw", "body_spans"):
            return getattr(self, name)
        raise KeyError(name)

    def __repr__(self) -> str:
        return f"<xieshang.Article {self.id}: {self.title!r} ({self.published or 'undated'})>"

    def _table(self, kind: str) -> pd.DataFrame:
        entities: Dict[str, pd.DataFrame] = self.__dict__["_entities"]
        if kind not in entities:
            from xieshang import _frame

            inner: Optional["_core.Corpus"] = self.__dict__["_inner"]
            if inner is None:
                raise ArgumentError(f"article {self.id!r} was not read from a corpus: its entities are unknown")
            entities[kind] = cast(pd.DataFrame, _frame(inner.article_entities(self.id, kind), backend="pandas"))
        return entities[kind]

    @property
    def persons(self) -> pd.DataFrame:
        """The persons named, with title as printed and parsed, and spans into :attr:`raw`."""
        return self._table("persons")

    @property
    def places(self) -> pd.DataFrame:
        """The places named, with GB/T 2260 adcode, level, canonical names and spans."""
        return self._table("places")

    @property
    def organizations(self) -> pd.DataFrame:
        """The organizations named, with canonical name, kind, level, adcode and spans."""
        return self._table("organizations")

    @property
    def platforms(self) -> pd.DataFrame:
        """The consultation platforms named, with glossary concept, Chinese term and spans."""
        return self._table("platforms")

    def to_dict(self) -> Dict[str, Any]:
        """The article's fields, ``raw`` and ``body_spans``, and the entities as lists of
        dicts (``persons``, ``places``, ``organizations``, ``platforms``)."""
        out: Dict[str, Any] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["body_spans"] = list(self.body_spans)
        for kind in ("persons", "places", "organizations", "platforms"):
            out[kind] = list(_rows(self._table(kind)))
        return out

    def _spans(self, start: str, end: str) -> List[Span]:
        """Every entity with a ``start``/``end`` pair of columns set, as spans."""
        labels: List[Tuple[str, pd.DataFrame, Callable[[Dict[str, Any]], str]]] = [
            ("person", self.persons, lambda r: _label("person", r["name"], r["title"])),
            ("place", self.places, lambda r: _label("place", r["canonical"] or r["name"], r["name_zh"], r["adcode"])),
            ("organization", self.organizations, lambda r: _label("organization", r["canonical"], r["kind"], r["adcode"])),
            ("platform", self.platforms, lambda r: _label("platform", r["concept"], r["zh"])),
        ]
        return [
            (int(r[start]), int(r[end]), kind, label(r))
            for kind, frame, label in labels
            for r in _rows(frame)
            if r.get(start) is not None and r.get(end) is not None
        ]

    def entity_spans(self) -> List[Span]:
        """Every entity as ``(start, end, kind, label)`` in :attr:`raw` offsets; the label
        gives the kind and the canonical name or code (the ``<mark>`` title)."""
        return self._spans("start", "end")

    def body_entity_spans(self) -> List[Span]:
        """The entities named in the body as ``(start, end, kind, label)`` in :attr:`body`
        offsets (``body[start:end]``), from the spans the build stored; entities outside
        the body (the headline, the dateline) are left out."""
        return self._spans("body_start", "body_end")

    def body_html(self) -> str:
        """The clean body as HTML paragraphs, escaped, with the entities in ``<mark>``."""
        body = self.body or ""
        marks = body_highlights(body, self.body_entity_spans())
        paragraphs = body.split("\n\n") if body else []
        return "".join(
            f'<p style="margin:0.4em 0;white-space:pre-wrap">{render(p, m)}</p>' for p, m in zip(paragraphs, marks)
        )

    def _repr_html_(self) -> str:
        e = html.escape
        meta = [
            e(self.published or "undated"),
            e(self.source or "source unknown"),
        ]
        if self.dateline:
            meta.append(e(self.dateline))
        url = self.url or ""
        link = (
            f' · <a href="{e(url)}" target="_blank" rel="noopener noreferrer">{e(url)}</a>'
            if url.startswith(("http://", "https://"))
            else (f" · {e(url)}" if url else "")
        )
        legend = " ".join(
            f'<span style="background:{c};padding:0 2px;border-radius:3px">{k}</span>' for k, c in COLOURS.items()
        )
        return (
            '<div class="xieshang-article" style="max-width:52em;font-family:inherit">'
            f'<h3 style="margin:0 0 0.2em 0">{e(self.title or "(no title)")}</h3>'
            f'<div style="color:#666;font-size:90%">{" · ".join(meta)}{link} · <code>{e(self.id)}</code></div>'
            f'<div style="font-size:80%;margin:0.3em 0">{legend}</div>'
            f"{self.body_html()}"
            "</div>"
        )


def corpus_html(corpus: "Corpus") -> str:
    """The compact notebook summary of a corpus."""
    e = html.escape
    stats = corpus.summary()
    x = stats.extracted
    where = corpus.path or "sample (in memory)"
    dates = f"{e(str(stats.earliest))} – {e(str(stats.latest))}" if stats.earliest else "no dates"
    rows = [
        ("articles", f"{stats.articles:,}"),
        ("persons", f"{x.people:,} ({x.person_mentions:,} mentions)"),
        ("places", f"{x.places:,} ({x.place_mentions:,} mentions)"),
        ("organizations", f"{x.organizations:,} ({x.organization_mentions:,} mentions)"),
        ("platforms", f"{x.platforms:,} ({x.platform_mentions:,} mentions)"),
        ("events", f"{x.events:,} ({x.event_participants:,} participant roles)"),
        ("stories", f"{x.stories:,} ({x.syndicated_copies:,} syndicated copies)"),
        ("published", dates),
    ]
    if stats.top_sources:
        rows.append(("top sources", ", ".join(f"{e(s)} ({n:,})" for s, n in stats.top_sources[:5])))
    cells = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{k}</th><td style="text-align:left">{v}</td></tr>'
        for k, v in rows
    )
    return (
        '<div class="xieshang-corpus">'
        f"<b>xieshang.Corpus</b> <code>{e(where)}</code> · schema v{stats.schema_version}"
        f'<table style="margin-top:0.3em">{cells}</table>'
        "</div>"
    )


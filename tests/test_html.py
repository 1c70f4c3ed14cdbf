"""Notebook views: the corpus summary and articles with their entities highlighted."""

from __future__ import annotations

import html.parser
import pathlib
import re
from typing import List, Optional, Tuple

import pandas as pd
import pytest

import xieshang
from conftest import write_article


class Marks(html.parser.HTMLParser):
    """Collects each <mark> as (kind, title, text) and the page's plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: List[Tuple[str, str, str]] = []
        self.open: List[Tuple[str, str, List[str]]] = []
        self.text: List[str] = []
        self.tags: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            a = dict(attrs)
            self.open.append((a.get("data-kind") or "", a.get("title") or "", []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open:
            kind, title, parts = self.open.pop()
            self.marks.append((kind, title, "".join(parts)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, _, parts in self.open:
            parts.append(data)


def parse(markup: str) -> Marks:
    p = Marks()
    p.feed(markup)
    p.close()
    assert not p.open, "every <mark> is closed"
    return p


def test_article_is_an_object_with_fields_and_entities(sample: xieshang.Corpus) -> None:
    a = sample.article("000_fa76f7cebd490d1b")
    assert isinstance(a, xieshang.Article)
    assert a.title == "City leaders exchange experiences through video"
    assert a.published == "2021-10-10" and a.source == "Jiaxing Daily" and a.dateline is None
    assert a["body"] == a.body and "Ge Huijun" in a.body
    assert a.raw.startswith("City leaders exchange experiences") and len(a.raw) > len(a.body)
    assert isinstance(a.persons, pd.DataFrame) and "Ge Huijun" in set(a.persons["name"])
    for frame in (a.persons, a.places, a.organizations, a.platforms):
        assert {"start", "end"} <= set(frame.columns)
        assert (frame["article_id"] == a.id).all()
    for row in a.places.itertuples():
        assert a.raw[row.start:row.end] == row.name
    gao = a.persons.set_index("name").loc["Gao Linghui"]
    assert a.raw[gao["start"]:gao["end"]] == "Gao Linghui"
    d = a.to_dict()
    assert d["id"] == a.id and d["raw"] == a.raw and d["body"] == a.body
    assert any(p["name"] == "Ge Huijun" for p in d["persons"])
    assert all(isinstance(p["start"], int) for p in d["places"])
    assert "living_room" in " ".join(p["concept"] for p in d["platforms"])
    with pytest.raises(xieshang.ArticleNotFoundError):
        sample.article("no-such-id")


def test_article_html_highlights_entities_in_the_clean_body(sample: xieshang.Corpus) -> None:
    a = sample.article("000_fa76f7cebd490d1b")
    page = parse(a._repr_html_())
    marks = page.marks
    assert ("person", "Ge Huijun") in {(k, t) for k, _, t in marks}
    places = {t: title for k, title, t in marks if k == "place"}
    assert "Hangzhou" in places and "330100" in places["Hangzhou"]
    assert "Jiaxing" in places and "330400" in places["Jiaxing"]
    ge = next(title for k, title, t in marks if t == "Ge Huijun")
    assert ge.startswith("person") and "chairman" in ge
    kinds = {k for k, _, _ in marks}
    assert {"person", "place", "platform"} <= kinds
    text = "".join(page.text)
    assert a.title in text and "2021-10-10" in text and "Jiaxing Daily" in text
    assert "Leave a Reply" not in text  # the page footer is not in the clean body


def test_every_highlight_covers_its_entity_text_on_the_real_sample(sample: xieshang.Corpus) -> None:
    for article_id in sample.articles()["id"]:
        a = sample.article(article_id)
        marks = parse(a.body_html()).marks
        spans = a.entity_spans()
        assert spans, article_id
        by_kind = {}
        for start, end, kind, _ in spans:
            by_kind.setdefault(kind, set()).add(" ".join(a.raw[start:end].split()))
        for kind, _, text in marks:
            assert " ".join(text.split()) in by_kind[kind], (article_id, kind, text)
        # Everything named inside a body paragraph is highlighted.
        inside = [s for s in spans if any(p0 <= s[0] and s[1] <= p1 for p0, p1 in a.body_spans)]
        assert len(marks) >= len({(s[0], s[1]) for s in inside}) * 0.9, article_id
        # Highlighting adds markup only: the text is the clean body.
        plain = "".join(parse(a.body_html()).text)
        assert plain == a.body.replace("\n\n", ""), article_id


def test_html_special_characters_are_escaped(tmp_path: pathlib.Path) -> None:
    d = tmp_path / "in"
    write_article(
        d / "x.txt",
        'Studio & "living room" <open> in Shigu',
        "2023-05-01",
        'On Monday, the CPPCC member studio in Shigu District & the Jiaxing "living room" met residents '
        "<about> parking; members said 3 < 5 and promised answers within a week, officials said.",
    )
    db = tmp_path / "x.db"
    xieshang.build([d], db)
    a = xieshang.open(db).article("x")
    assert "<about>" in a.body
    markup = a._repr_html_()
    assert "<about>" not in markup and "<open>" not in markup
    assert "&lt;about&gt; parking" in markup
    assert "3 &lt; 5" in markup and "District &amp; the" in markup
    assert "Studio &amp; &quot;living room&quot; &lt;open&gt; in Shigu" in markup
    page = parse(markup)
    assert set(page.tags) <= {"div", "h3", "p", "mark", "code", "span", "a"}
    marks = {(k, t): title for k, title, t in page.marks}
    assert "430407" in marks[("place", "Shigu")] and "330400" in marks[("place", "Jiaxing")]
    assert ("platform", "CPPCC member studio") in marks
    text = "".join(page.text)
    assert 'Studio & "living room" <open> in Shigu' in text and "<about> parking" in text


def test_corpus_html_summary(sample: xieshang.Corpus, tmp_path: pathlib.Path) -> None:
    markup = sample._repr_html_()
    page = parse(markup)
    text = " ".join(page.text)
    assert "sample (in memory)" in text
    assert f"schema v{xieshang.SCHEMA_VERSION}" in text
    stats = sample.stats()
    assert re.search(r"articles\s*5\b", text)
    persons = sample.sql("SELECT count(*) AS n FROM persons").loc[0, "n"]
    assert re.search(rf"persons\s*{persons}\b", text)
    events = sample.sql("SELECT count(*) AS n FROM events").loc[0, "n"]
    assert events >= 2 and re.search(rf"events\s*{events}\b", text)
    assert re.search(r"stories\s*5 \(0 syndicated copies\)", text)
    assert stats["earliest"] in text and stats["latest"] in text
    assert stats["top_sources"][0][0] in text
    db = tmp_path / "x.db"
    xieshang.build([], db)
    assert str(db) in xieshang.open(db)._repr_html_()

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


def body_text(raw: str) -> str:
    """A raw mention as the body has it: lines trimmed, blank lines dropped (the sample
    has no full-width forms to fold)."""
    return "\n".join(line.strip() for line in raw.split("\n") if line.strip())


def test_every_entity_in_the_body_is_highlighted_at_its_stored_span_on_the_real_sample(sample: xieshang.Corpus) -> None:
    for article_id in sample.articles()["id"]:
        a = sample.article(article_id)
        marks = parse(a.body_html()).marks
        raw_spans, body_spans = a.entity_spans(), a.body_entity_spans()
        assert body_spans, article_id
        # Each stored body span holds its entity's raw text as the body has it.
        for frame in (a.persons, a.places, a.organizations, a.platforms):
            for r in frame.itertuples():
                if not pd.isna(r.body_start):
                    assert a.body[r.body_start:r.body_end] == body_text(a.raw[r.start:r.end]), (article_id, r)
        # Everything named inside a body paragraph has a body span, and only that.
        inside = [s for s in raw_spans if any(p0 <= s[0] and s[1] <= p1 for p0, p1 in a.body_spans)]
        assert len(body_spans) == len(inside), article_id
        # One mark per entity, over the text its stored span gives.
        assert sorted((k, t) for k, _, t in marks) == sorted((k, a.body[s:e]) for s, e, k, _ in body_spans), article_id
        titles = {(k, title) for k, title, _ in marks}
        assert titles == {(k, label) for _, _, k, label in body_spans}, article_id
        # Highlighting adds markup only: the text is the clean body.
        plain = "".join(parse(a.body_html()).text)
        assert plain == a.body.replace("\n\n", ""), article_id


def test_highlights_follow_the_body_through_wrapped_lines_and_full_width_forms(tmp_path: pathlib.Path) -> None:
    d = tmp_path / "in"
    write_article(
        d / "w.txt",
        "Members visit Nanhu District",
        "2023-06-28",
        "On June 28, Gao Linghui, chairman of the Jiaxing CPPCC, visited the committee\n"
        "   living room in Nanhu District with Ge Huijun and talked with residents\n"
        "  about parking, the ＣＰＰＣＣ\u3000member studio and the elderly canteen.\n\n"
        "Ge Huijun said the members of the Jiaxing CPPCC would answer within a week.",
    )
    db = tmp_path / "x.db"
    xieshang.build([d], db)
    a = xieshang.open(db).article("w")
    # The body trims the wrapped lines and folds the full-width letters and space.
    assert "committee\nliving room in Nanhu District" in a.body
    assert "the CPPCC member studio" in a.body and "ＣＰＰＣＣ" in a.raw
    paragraphs = parse(a.body_html())
    marks = [(k, t) for k, _, t in paragraphs.marks]
    # After the full-width forms (three bytes each in UTF-8, one character in the body)
    # and in the second paragraph, the marks still sit on their words.
    for want in [("person", "Gao Linghui"), ("place", "Nanhu"), ("person", "Ge Huijun"), ("platform", "member studio")]:
        assert want in marks, (want, marks)
    assert ("organization", "Jiaxing CPPCC") in marks
    # Highlighting adds markup only, and the place's stored span is its body mention.
    assert "".join(paragraphs.text) == a.body.replace("\n\n", "")
    places = a.places.set_index("name")
    assert a.body[places.loc["Nanhu", "body_start"]:places.loc["Nanhu", "body_end"]] == "Nanhu"


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

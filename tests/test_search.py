"""Corpus.search on real text: filters, phrases, prefixes, Chinese terms, collapse."""

from __future__ import annotations

import datetime
import pathlib

import pytest

import xieshang
from conftest import write_article

BROAD = "committee OR members OR consultation OR cppcc OR deputies OR people"


def test_place_filter_keeps_articles_naming_the_place_or_inside_it(sample: xieshang.Corpus) -> None:
    places = sample.places()
    in_jiaxing = set(places.loc[places["adcode"].fillna("").str.startswith("3304"), "article_id"])
    in_zhejiang = set(places.loc[places["adcode"].fillna("").str.startswith("33"), "article_id"])
    assert in_jiaxing and len(in_jiaxing) < 5
    for place in ["Jiaxing", "嘉兴", "330400", 330400]:
        hits = sample.search(BROAD, place=place, limit=100)
        assert set(hits["id"]) == in_jiaxing, place
        assert hits["place"].str.contains("(3304", regex=False).all()
    assert set(sample.search(BROAD, place="Zhejiang", limit=100)["id"]) == in_zhejiang
    with pytest.raises(xieshang.ArgumentError):
        sample.search(BROAD, place="Atlantis")


def test_since_until_accept_strings_and_dates(sample: xieshang.Corpus) -> None:
    arts = sample.articles().dropna(subset=["published"]).sort_values("published")
    mid = arts["published"].iloc[len(arts) // 2]
    want = set(arts.loc[arts["published"] >= mid, "id"])
    for since in [mid.strftime("%Y-%m-%d"), mid.date(), mid.to_pydatetime()]:
        hits = sample.search(BROAD, since=since, limit=100)
        assert set(hits["id"]) == want
        assert (hits["published"] >= mid).all()
    until = sample.search(BROAD, until=mid.date(), limit=100)
    assert set(until["id"]) == set(arts.loc[arts["published"] <= mid, "id"])
    with pytest.raises(xieshang.ArgumentError):
        sample.search(BROAD, since="last week")


def test_person_and_platform_filters(sample: xieshang.Corpus) -> None:
    hits = sample.search(BROAD, person="Ge Huijun")
    assert list(hits["id"]) == ["000_fa76f7cebd490d1b"]
    assert hits.loc[0, "person"].startswith("Ge Huijun")
    plats = sample.platforms()
    want = set(plats.loc[plats["concept"] == "platform.committee_living_room", "article_id"])
    assert set(sample.search(BROAD, platform="委员会客厅", limit=100)["id"]) == want


def test_phrase_prefix_boolean_and_bad_syntax(sample: xieshang.Corpus) -> None:
    assert "000_fa76f7cebd490d1b" in set(sample.search("room living")["id"])
    assert sample.search('"room living"').empty
    assert "[living room]" in sample.search('"living room"').loc[0, "snippet"]
    assert "002_50617ea5eb4f4471" in set(sample.search("studi*")["id"])
    either = set(sample.search("Hengyang OR Jiaxing")["id"])
    assert either == set(sample.search("Hengyang")["id"]) | set(sample.search("Jiaxing")["id"])
    for bad in ['"living room', "(living", "living OR", "NOT living"]:
        with pytest.raises(xieshang.QueryError):
            sample.search(bad)


def test_chinese_terms_and_collapse(tmp_path: pathlib.Path) -> None:
    body = (
        "The CPPCC Jiaxing Municipal Committee opened nine committee living rooms (委员会客厅) this year. "
        "Members of the 政协 settled in to hear residents on elderly care, parking and school meals."
    )
    write_article(tmp_path / "in" / "a.txt", "Living rooms open in Jiaxing", "2023-05-01", body)
    write_article(tmp_path / "in" / "b.txt", "Living rooms open in Jiaxing", "2023-05-02", body)
    write_article(tmp_path / "in" / "c.txt", "Hengyang liaison station", "2023-05-03", "Deputies met in Hengyang.")
    xieshang.build([tmp_path / "in"], tmp_path / "s.db")
    corpus = xieshang.open(tmp_path / "s.db")
    hits = corpus.search("委员会客厅")
    assert set(hits["id"]) == {"a", "b"}
    assert hits["snippet"].str.contains("[委员会客厅]", regex=False).all()
    assert set(corpus.search("政协")["id"]) == {"a", "b"}
    assert corpus.search("人大").empty
    collapsed = corpus.search("委员会客厅", collapse=True)
    assert len(collapsed) == 1 and collapsed.loc[0, "story"] in {"a", "b"}
    assert str(collapsed["published"].dtype) == "datetime64[ns]"

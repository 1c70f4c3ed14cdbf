"""Events, topics, timelines, networks and facets through the Python facade."""

from __future__ import annotations

import pandas as pd
import pytest

import xieshang


def test_events_frame_has_the_seed_meetings(sample: xieshang.Corpus) -> None:
    events = sample.events()
    assert list(events.columns[:7]) == ["event_id", "article_id", "type", "text", "date_from", "date_to", "precision"]
    assert str(events["date_from"].dtype) == "datetime64[ns]"
    hz = events[events["type"] == "event.work_promotion_meeting"]
    assert len(hz) == 1
    row = hz.iloc[0]
    assert row["article_id"] == "000_fa76f7cebd490d1b"
    assert row["place_adcode"] == "330100"
    assert row["date_from"] == pd.Timestamp("2021-10-09")
    visits = events[(events["type"] == "event.research") & events["article_id"].str.startswith("003_")]
    assert visits.iloc[0]["date_to"] == pd.Timestamp("2023-08-12")
    assert int(visits.iloc[0]["places"]) == 3


def test_event_participants_link_to_people(sample: xieshang.Corpus) -> None:
    parts = sample.event_participants()
    ge = parts[parts["name"] == "Ge Huijun"]
    assert sorted(ge["role"]) == ["attended", "presided", "spoke"]
    assert set(ge[ge["role"] == "presided"]["basis"]) == {"inferred"}
    assert set(ge[ge["role"] != "presided"]["basis"]) == {"stated"}
    people = sample.people()
    assert set(ge["person_id"]) <= set(people["person_id"])


def test_timeline_by_month_and_grouped(sample: xieshang.Corpus) -> None:
    t = sample.timeline("month")
    assert list(t.columns) == ["period", "group", "articles"]
    assert int(t["articles"].sum()) == int(sample.articles()["published"].notna().sum())
    assert "2021-10" in set(t["period"])
    by_type = sample.timeline("year", group="event_type")
    assert ("2021", "event.work_promotion_meeting") in set(zip(by_type["period"], by_type["group"]))
    by_province = sample.timeline("year", group="province")
    assert "Zhejiang" in set(by_province["group"])


def test_network_edges_feed_networkx_shape(sample: xieshang.Corpus) -> None:
    pe = sample.network("person-event")
    assert list(pe.columns[:4]) == ["source", "target", "weight", "role"]
    assert ("Ge Huijun", "attended,presided,spoke") in set(zip(pe["source"], pe["role"]))
    pp = sample.network("person-person")
    pair = pp[(pp["source"] == "Ge Huijun") & (pp["target"] == "Gao Linghui")]
    pair = pair if len(pair) else pp[(pp["source"] == "Gao Linghui") & (pp["target"] == "Ge Huijun")]
    assert int(pair.iloc[0]["shared_events"]) == 1


def test_facets_count_articles_and_reject_unknown_columns(sample: xieshang.Corpus) -> None:
    topics = sample.facets("topic")
    assert list(topics.columns) == ["value", "key", "articles"]
    assert "common_prosperity" in set(topics["value"])
    assert int(sample.facets("year")["articles"].sum()) == int(sample.articles()["published"].notna().sum())
    with pytest.raises(xieshang.ArgumentError):
        sample.facets("colour")
    with pytest.raises(ValueError):
        sample.timeline("week")


def test_empty_corpus_gives_empty_frames_with_columns(empty_corpus: xieshang.Corpus) -> None:
    assert list(empty_corpus.events().columns[:3]) == ["event_id", "article_id", "type"]
    assert len(empty_corpus.timeline("year")) == 0
    assert list(empty_corpus.network("person-person").columns[:3]) == ["source", "target", "weight"]

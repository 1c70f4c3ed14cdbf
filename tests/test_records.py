"""stats(), check(), build(), rebuild() and article() return typed, frozen objects built in
Rust: their fields, the types and values of each, on the sample and on a corpus built in
tmp_path; and the dict-style reads that code written against the old dicts still uses."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import pathlib
import sqlite3
from typing import Any, Dict, List

import pytest

import xieshang
from xieshang import Article, BuildReport, CheckReport, ExtractionTotals, IngestError, Stats, Summary

STATS_FIELDS = [
    "schema_version", "articles", "with_title", "with_published", "with_source", "with_dateline",
    "ingest_errors", "earliest", "latest", "by_year", "top_sources", "extracted",
]
TOTALS_FIELDS = [
    "people", "person_mentions", "places", "place_mentions", "organizations", "organization_mentions",
    "platforms", "platform_mentions", "events", "event_participants", "topics", "topic_articles",
    "stories", "syndicated_copies",
]
ARTICLE_FIELDS = [
    "id", "origin", "url", "sha256", "title", "published", "published_precision", "source", "dateline",
    "body", "language", "ingested_at", "raw", "body_spans",
]


def names(record: Any) -> List[str]:
    return [f.name for f in dataclasses.fields(record)]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def one(corpus: xieshang.Corpus, query: str, params: Any = None) -> Any:
    """The single value of a one-row, one-column query, as a plain Python value."""
    frame = corpus.sql(query, params, backend="arrow")
    return frame.column(0)[0].as_py()


def expected_totals(corpus: xieshang.Corpus) -> Dict[str, int]:
    """What ExtractionTotals should hold, counted here with SQL of its own."""
    q = {
        "people": "SELECT count(*) FROM persons",
        "person_mentions": "SELECT count(*) FROM mentions",
        "places": "SELECT count(DISTINCT adcode) FROM article_places",
        "place_mentions": "SELECT count(*) FROM article_places",
        "organizations": "SELECT count(DISTINCT organization_id) FROM article_organizations",
        "organization_mentions": "SELECT count(*) FROM article_organizations",
        "platforms": "SELECT count(DISTINCT concept) FROM article_platforms",
        "platform_mentions": "SELECT count(*) FROM article_platforms",
        "events": "SELECT count(*) FROM events",
        "event_participants": "SELECT count(*) FROM event_participants",
        "topics": "SELECT count(DISTINCT topic) FROM article_topics",
        "topic_articles": "SELECT count(DISTINCT article_pk) FROM article_topics",
        "stories": "SELECT count(DISTINCT story) FROM articles",
        "syndicated_copies": "SELECT count(*) FROM articles WHERE story <> id",
    }
    return {k: int(one(corpus, sql)) for k, sql in q.items()}


def test_stats_on_the_sample_is_a_frozen_typed_record(sample: xieshang.Corpus) -> None:
    stats = sample.stats()
    assert type(stats) is Stats and names(stats) == STATS_FIELDS
    for name in STATS_FIELDS[:7]:
        assert is_int(getattr(stats, name)), name
    assert stats.schema_version == xieshang.SCHEMA_VERSION
    assert stats.articles == 5 == len(sample)
    assert stats.with_title == one(sample, "SELECT count(title) FROM articles") == 4
    assert stats.with_published == one(sample, "SELECT count(published) FROM articles")
    assert stats.with_source == one(sample, "SELECT count(source) FROM articles")
    assert stats.with_dateline == one(sample, "SELECT count(dateline) FROM articles")
    assert stats.ingest_errors == 0
    assert stats.earliest == one(sample, "SELECT min(published) FROM articles")
    assert stats.latest == one(sample, "SELECT max(published) FROM articles")
    assert isinstance(stats.earliest, str) and stats.earliest.startswith("20")

    # One undated seed: its year is "unknown".
    assert stats.by_year == [("2021", 1), ("2022", 1), ("2023", 2), ("unknown", 1)]
    assert all(type(p) is tuple for p in stats.by_year)
    assert isinstance(stats.top_sources, list) and all(type(p) is tuple for p in stats.top_sources)
    assert ("Jiaxing Daily", 1) in stats.top_sources and ("衡阳新闻网", 1) in stats.top_sources
    counts = [n for _, n in stats.top_sources]
    assert all(is_int(n) for n in counts) and counts == sorted(counts, reverse=True)
    assert sum(counts) == one(sample, "SELECT count(source_canonical) FROM articles")

    x = stats.extracted
    assert type(x) is ExtractionTotals and names(x) == TOTALS_FIELDS
    assert all(is_int(getattr(x, n)) for n in TOTALS_FIELDS)
    assert dataclasses.asdict(x) == expected_totals(sample)
    assert x.stories == 5 and x.syndicated_copies == 0 and x.events >= 2

    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.articles = 6  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.people = 0  # type: ignore[misc]
    assert sample.stats() == stats  # values, not identity


def test_summary_is_what_the_build_stored_and_what_repr_shows(sample: xieshang.Corpus, fixture_dir: pathlib.Path,
                                                             tmp_path: pathlib.Path) -> None:
    summary, stats = sample.summary(), sample.stats()
    assert type(summary) is Summary and summary.stored is True
    assert names(summary) == ["schema_version", "articles", "earliest", "latest", "top_sources", "extracted", "stored"]
    assert (summary.schema_version, summary.articles) == (xieshang.SCHEMA_VERSION, 5)
    assert (summary.earliest, summary.latest, summary.top_sources) == (stats.earliest, stats.latest, stats.top_sources)
    assert all(type(p) is tuple for p in summary.top_sources)
    assert summary.extracted == stats.extracted and dataclasses.asdict(summary.extracted) == expected_totals(sample)
    assert repr(sample) == "<xieshang.Corpus sample (in memory): 5 articles>" and len(sample) == 5

    db = tmp_path / "x.db"
    xieshang.build([fixture_dir], db)
    stored = xieshang.open(db).summary()
    assert stored.stored and stored.articles == 4
    # repr and len read the stored counts: a changed one shows (and check() reports it).
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE corpus_meta SET value = 99 WHERE key = 'summary.articles'")
    corpus = xieshang.open(db)
    assert repr(corpus) == f"<xieshang.Corpus {db}: 99 articles>" and len(corpus) == 99
    assert corpus.check().problems == ["stored summary: summary.articles is 99, the tables give 4"]
    # A database built before the summary was stored: counted instead.
    with con:
        con.execute("DELETE FROM corpus_meta WHERE key GLOB 'summary.*'")
    con.close()
    corpus = xieshang.open(db)
    counted = corpus.summary()
    assert counted.stored is False and dataclasses.replace(counted, stored=True) == stored
    assert repr(corpus) == f"<xieshang.Corpus {db}: 4 articles>" and corpus.check().is_clean


def test_stats_on_a_built_corpus(fixture_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db = tmp_path / "x.db"
    xieshang.build([fixture_dir], db)
    corpus = xieshang.open(db)
    stats = corpus.stats()
    assert stats.articles == 4 and stats.ingest_errors == 2
    assert stats.with_title == one(corpus, "SELECT count(title) FROM articles")
    assert stats.with_published == 3  # a, b and the JSONL line's crawler date; not the GBK page
    assert (stats.earliest, stats.latest) == ("2021-03-04", "2023-05-01")
    assert stats.by_year == [("2021", 1), ("2022", 1), ("2023", 1), ("unknown", 1)]
    assert stats.top_sources == [("Test Daily", 2)]
    assert dataclasses.asdict(stats.extracted) == expected_totals(corpus)
    assert stats.extracted.stories == 4


def test_stats_on_an_empty_corpus_has_no_dates(empty_corpus: xieshang.Corpus) -> None:
    stats = empty_corpus.stats()
    assert stats.articles == 0 and stats.earliest is None and stats.latest is None
    assert stats.by_year == [] and stats.top_sources == []
    assert stats.extracted == ExtractionTotals(**{n: 0 for n in TOTALS_FIELDS})


def test_records_still_read_like_the_dicts_they_replace(sample: xieshang.Corpus) -> None:
    stats = sample.stats()
    assert stats["articles"] == stats.articles == 5
    assert stats["extracted"]["people"] == stats.extracted.people
    assert stats["top_sources"][0][0] == stats.top_sources[0][0]
    assert stats.get("earliest") == stats.earliest and stats.get("colour", "none") == "none"
    assert "articles" in stats and "colour" not in stats
    with pytest.raises(KeyError):
        stats["colour"]
    assert list(dict(stats)) == STATS_FIELDS and dict(stats)["extracted"] is stats.extracted
    # to_dict() is plain data all the way down, and round-trips through JSON.
    plain = stats.to_dict()
    assert plain["extracted"] == dataclasses.asdict(stats.extracted)
    assert json.loads(json.dumps(plain))["extracted"]["people"] == stats.extracted.people
    assert Stats(**{**plain, "extracted": ExtractionTotals(**plain["extracted"])}) == stats


def test_check_report_fields_clean_and_with_problems(fixture_dir: pathlib.Path, tmp_path: pathlib.Path,
                                                     sample: xieshang.Corpus) -> None:
    clean = sample.check()
    assert type(clean) is CheckReport and names(clean) == ["articles", "problems"]
    assert clean.articles == 5 and clean.problems == [] and clean.is_clean
    assert clean["problems"] == [] and clean.to_dict() == {"articles": 5, "problems": []}

    db = tmp_path / "x.db"
    xieshang.build([fixture_dir], db)
    assert xieshang.open(db).check() == CheckReport(articles=4, problems=[])
    con = sqlite3.connect(db)
    with con:
        changed = con.execute(
            'UPDATE article_places SET "end" = 1000000 WHERE rowid = (SELECT min(rowid) FROM article_places)'
        ).rowcount
    con.close()
    assert changed == 1
    broken = xieshang.open(db).check()
    assert broken.articles == 4 and not broken.is_clean
    assert all(isinstance(p, str) for p in broken.problems)
    assert any("article_places span outside its raw text" in p for p in broken.problems), broken.problems


def test_build_report_and_its_ingest_errors(fixture_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db = tmp_path / "x.db"
    report = xieshang.build([fixture_dir], db)
    assert type(report) is BuildReport and names(report) == ["seen", "added", "unchanged", "errors"]
    assert all(is_int(getattr(report, n)) for n in ("seen", "added", "unchanged"))
    assert (report.added, report.unchanged) == (4, 0)
    assert report.seen == report.added + report.unchanged
    assert all(type(e) is IngestError and names(e) == ["origin", "kind", "message"] for e in report.errors)
    # The report's errors are the rows the build stored in ingest_errors.
    stored = xieshang.open(db).sql("SELECT origin, kind, message FROM ingest_errors ORDER BY origin")
    assert sorted((e.origin, e.kind, e.message) for e in report.errors) == list(stored.itertuples(index=False, name=None))
    by_name = {pathlib.Path(e.origin).name: e for e in report.errors}
    assert sorted(by_name) == ["binary.txt", "dump.jsonl:2"]
    assert by_name["binary.txt"].kind == "decode" and "binary data" in by_name["binary.txt"].message
    assert by_name["dump.jsonl:2"].kind == "json" and "malformed JSON" in by_name["dump.jsonl:2"].message
    assert report.to_dict()["errors"][0] == dataclasses.asdict(report.errors[0])

    again = xieshang.build(fixture_dir, db)  # one path, not a list
    assert (again.seen, again.added, again.unchanged) == (4, 0, 4) and len(again.errors) == 2

    rebuilt = xieshang.rebuild(db)
    assert type(rebuilt) is BuildReport and rebuilt.added == 4 and rebuilt.errors == []


def test_article_fields_types_and_values(fixture_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db = tmp_path / "x.db"
    xieshang.build([fixture_dir], db)
    corpus = xieshang.open(db)
    a = corpus.article("a")
    assert type(a) is Article and names(a) == ARTICLE_FIELDS
    path = fixture_dir / "a.txt"
    assert a.id == "a" and pathlib.Path(a.origin) == path
    assert a.url is None
    assert a.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert a.title == "Studio opens in Shigu"
    assert (a.published, a.published_precision) == ("2023-05-01", "day")
    assert a.source == "Test Daily" and a.dateline is None
    assert a.body == "The CPPCC member studio opened in Shigu District." and a.language == "en"
    ingested = datetime.datetime.fromisoformat(a.ingested_at.replace("Z", "+00:00"))
    assert ingested.tzinfo is not None and abs(datetime.datetime.now(datetime.timezone.utc) - ingested).days < 1
    assert a.raw == path.read_text(encoding="utf-8")
    assert a.body_spans == [(a.raw.index(a.body), a.raw.index(a.body) + len(a.body))]
    assert all(type(s) is tuple and is_int(s[0]) and is_int(s[1]) for s in a.body_spans)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.title = "changed"  # type: ignore[misc]
    assert corpus.article("a") == a and corpus.article("b") != a
    assert dataclasses.replace(a, title="x").title == "x" and a.title == "Studio opens in Shigu"
    assert list(dataclasses.asdict(a)) == ARTICLE_FIELDS
    assert a["published"] == a.published
    with pytest.raises(KeyError):
        a["persons"]

    gbk = corpus.article("gbk")
    assert gbk.raw == gbk.body == "政协委员工作室" and gbk.language == "zh"
    assert gbk.sha256 == hashlib.sha256("政协委员工作室".encode("gbk")).hexdigest()
    assert gbk.published is None and gbk.published_precision is None and gbk.title is None

    j1 = corpus.article("j1")
    assert j1.origin.endswith("dump.jsonl:1") and j1.published == "2021-03-04"


def test_an_article_made_outside_a_corpus_has_no_entities(sample: xieshang.Corpus) -> None:
    a = sample.article("000_fa76f7cebd490d1b")
    assert len(a.persons) > 0
    # Articles made from fields alone (dataclasses.replace, Article(**fields)) are equal
    # to the original but have no corpus to read their entities from.
    for loose in (dataclasses.replace(a), Article(**dataclasses.asdict(a))):
        assert loose == a and loose.raw == a.raw
        with pytest.raises(xieshang.ArgumentError, match="not read from a corpus"):
            loose.persons

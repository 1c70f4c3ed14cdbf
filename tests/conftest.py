"""Shared pytest fixtures: an empty corpus and a small fixture corpus built in tmp_path."""

from __future__ import annotations

import pathlib

import pytest

import xieshang

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def write_article(path: pathlib.Path, title: str, date: str, body: str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Home > News\n{title}\nRelease date: {date}\nInformation source: Test Daily\n\n{body}\n\nLeave a Reply\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def sample() -> xieshang.Corpus:
    return xieshang.sample()


@pytest.fixture
def empty_corpus(tmp_path: pathlib.Path) -> xieshang.Corpus:
    (tmp_path / "empty").mkdir()
    db = tmp_path / "empty.db"
    xieshang.build([tmp_path / "empty"], db)
    return xieshang.open(db)


@pytest.fixture
def fixture_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    d = tmp_path / "in"
    write_article(d / "a.txt", "Studio opens in Shigu", "2023-05-01", "The CPPCC member studio opened in Shigu District.")
    write_article(d / "b" / "b.txt", "Living room meeting", "2022-01-02", "A committee living room was set up in Jiaxing.")
    (d / "gbk.txt").write_bytes("政协委员工作室".encode("gbk"))
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "dump.jsonl").write_text(
        '{"id": "j1", "text": "Deputies liaison station visited by residents.", "date": "2021-03-04"}\n'
        "{not json\n",
        encoding="utf-8",
    )
    return d

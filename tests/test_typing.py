"""What a type checker sees: the package is clean under ``mypy --strict``, and each
table-shaped method's overloads on ``backend=`` name the frame it returns.

pandas and pyarrow ship no type information, so mypy would see their classes as ``Any``;
the check gives it two stand-in stubs (a ``DataFrame`` and a ``Table`` class, everything
else ``Any``) so the revealed types name the class each overload promises. polars is
typed and checked as installed.
"""

from __future__ import annotations

import pathlib
import re
from typing import Dict, List, Tuple

import pytest
from mypy import api

ROOT = pathlib.Path(__file__).resolve().parent.parent

PANDAS = "pandas.DataFrame"
POLARS = "polars.dataframe.frame.DataFrame"
ARROW = "pyarrow.Table"

#: Every table-shaped method of Corpus, with the arguments it needs.
CALLS = {
    "sql": '"SELECT 1", ',
    "articles": "",
    "people": "",
    "mentions": "",
    "places": "",
    "platforms": "",
    "organizations": "",
    "facts": "",
    "events": "",
    "event_places": "",
    "event_participants": "",
    "topics": "",
    "timeline": '"month", ',
    "network": '"person-person", ',
    "facets": '"source", ',
    "search": '"living room", ',
}

#: The ``backend=`` argument written in the snippet, and the type it must give.
BACKENDS: List[Tuple[str, str]] = [
    ("", PANDAS),
    ('backend="pandas"', PANDAS),
    ('backend="polars"', POLARS),
    ('backend="arrow"', ARROW),
    ("backend=None", PANDAS),
    ("backend=name", f"{PANDAS} | {POLARS} | {ARROW}"),
]

STUB = '''from typing import Any
class {cls}:
    def __getattr__(self, name: str) -> Any: ...
def __getattr__(name: str) -> Any: ...
'''

RECORDS = [
    ("corpus.stats()", "xieshang._records.Stats"),
    ("corpus.stats().extracted", "xieshang._records.ExtractionTotals"),
    ("corpus.stats().extracted.people", "int"),
    ("corpus.stats().earliest", "str | None"),
    ("corpus.stats().by_year", "list[tuple[str, int]]"),
    ("corpus.summary()", "xieshang._records.Summary"),
    ("corpus.summary().top_sources", "list[tuple[str, int]]"),
    ("corpus.summary().stored", "bool"),
    ("corpus.check()", "xieshang._records.CheckReport"),
    ("corpus.check().problems", "list[str]"),
    ("corpus.check().is_clean", "bool"),
    ("xieshang.build([])", "xieshang._records.BuildReport"),
    ("xieshang.build([]).errors", "list[xieshang._records.IngestError]"),
    ("xieshang.rebuild('x.db').added", "int"),
    ("corpus.article('x')", "xieshang._article.Article"),
    ("corpus.article('x').published", "str | None"),
    ("corpus.article('x').body_spans", "list[tuple[int, int]]"),
    ("corpus.article('x').persons", PANDAS),
    ("corpus.article('x').body_entity_spans()", "list[tuple[int, int, str, str]]"),
]


def test_package_is_strict_clean_and_overloads_name_each_backend(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stubs = tmp_path / "stubs"
    for package, cls in (("pandas", "DataFrame"), ("pyarrow", "Table")):
        (stubs / package).mkdir(parents=True)
        (stubs / package / "__init__.pyi").write_text(STUB.format(cls=cls), encoding="utf-8")
    (stubs / "pyarrow" / "compute.pyi").write_text("from typing import Any\ndef __getattr__(name: str) -> Any: ...\n")

    lines = ["import xieshang", "corpus = xieshang.sample()", "name: str = 'pandas'"]
    expected: Dict[int, str] = {}
    for method, args in CALLS.items():
        for backend, want in BACKENDS:
            lines.append(f"reveal_type(corpus.{method}({args}{backend}))")
            expected[len(lines)] = want
    for expr, want in RECORDS:
        lines.append(f"reveal_type({expr})")
        expected[len(lines)] = want
    use = tmp_path / "use.py"
    use.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(stubs))

    stdout, stderr, status = api.run([
        "--strict",
        "--cache-dir", str(tmp_path / "cache"),
        "--config-file", "",
        "--no-error-summary",
        "--show-absolute-path",
        str(ROOT / "python" / "xieshang"),
        str(use),
    ])
    assert not stderr, stderr
    revealed: Dict[int, str] = {}
    problems: List[str] = []
    for line in stdout.splitlines():
        m = re.match(r"(.*?):(\d+): (note|error): (.*)", line)
        if not m:
            continue
        where, number, kind, message = m.groups()
        if kind == "note" and pathlib.Path(where) == use and message.startswith("Revealed type is"):
            revealed[int(number)] = message.split('"')[1]
        elif kind == "error":
            problems.append(line)
    assert problems == [] and status == 0, stdout
    mismatches = {lines[n - 1]: (revealed.get(n), want) for n, want in expected.items() if revealed.get(n) != want}
    assert mismatches == {}
    assert len(revealed) == len(CALLS) * len(BACKENDS) + len(RECORDS) == 115

"""The example notebook runs headless in the test suite, so it cannot rot."""

from __future__ import annotations

import pathlib

import nbformat
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).resolve().parent.parent / "examples" / "tour.ipynb"


def _outputs(cell: nbformat.NotebookNode, mime: str) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if mime in data:
            parts.append(data[mime])
        if mime == "text/plain" and out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
    return "\n".join(parts)


def _cell(nb: nbformat.NotebookNode, needle: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.cell_type == "code" and needle in c.source)


def test_tour_notebook_executes_and_shows_the_sample(tmp_path: pathlib.Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []

    article = _outputs(_cell(nb, 'corpus.article("000_fa76f7cebd490d1b")'), "text/html")
    assert "Ge Huijun</mark>" in article and "City leaders exchange experiences through video" in article

    events = _outputs(_cell(nb, "events = corpus.events()"), "text/plain")
    assert "event.work_promotion_meeting" in events and "2021-10-09" in events

    # both plots were drawn
    assert _outputs(_cell(nb, "corpus.timeline("), "image/png")
    assert _outputs(_cell(nb, 'corpus.network(kind="person-event")'), "image/png")
    assert "Ge Huijun" in _outputs(_cell(nb, 'corpus.network(kind="person-event")'), "text/plain")

    search = _outputs(_cell(nb, 'corpus.search("living room"'), "text/plain")
    assert "000_fa76f7cebd490d1b" in search
    chinese = _outputs(_cell(nb, 'place="浙江"'), "text/plain")
    assert "000_fa76f7cebd490d1b" in chinese and "Hangzhou (330100)" in chinese
    assert "Inner Mongolia" not in chinese

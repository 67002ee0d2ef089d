"""Every figure's value is what its evidence says: re-reading the evidence span gives the value.

Checked on every article of the fixtures (development gold, held-out sets, real web pages), read
exactly as extract reads them, so the cleaners' output is covered too.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from extractors.numbers import find_numbers
from pipeline.stages.article import Options, process_article

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
FILES += sorted((ROOT / "corpus").glob("0*.txt"))


def test_there_are_articles_to_check():
    assert len(FILES) > 60


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_figure_reparses_from_its_evidence(path):
    rows = process_article(path.name, path.read_bytes(), {}, Options())
    text = rows.articles[0]["text"]
    for f in rows.figures:
        assert math.isfinite(f["value"]) and f["value"] >= 0
        assert text[f["start"]:f["end"]] == f["evidence"]
        values = {n.value for n in find_numbers(f["evidence"])} | {n.value_min for n in find_numbers(f["evidence"]) if n.is_range}
        assert f["value"] in values, (f["kind"], f["value"], f["evidence"])

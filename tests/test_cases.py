"""Rule cases as data: tests/cases/*.tsv hold sentences and what the extractors must find in them.

Adding a counterexample is one line in a table, no Python. Lines starting with # are comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.figures import find_figures
from extractors.numbers import find_numbers
from extractors.places import find_places

CASES = Path(__file__).resolve().parent / "cases"


def rows(name: str) -> list[list[str]]:
    out = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


@pytest.mark.parametrize("text,units,expected", [(r + [""] * 3)[:3] for r in rows("numbers.tsv")])
def test_numbers(text, units, expected):
    got = ";".join(f"{n.value:.15g}|{n.qualifier}" for n in find_numbers(text, frozenset(units.split(",")) if units else None))
    assert got == expected


@pytest.mark.parametrize("sentence,expected", [(r + [""] * 2)[:2] for r in rows("figures.tsv")])
def test_figures(sentence, expected):
    figs = find_figures(sentence, find_places(sentence))
    got = ";".join(f"{f.kind}|{f.value:.15g}|{f.qualifier}|{f.per or ''}" for f in figs)
    assert got == expected


@pytest.mark.parametrize("text,kind,value,place", [(r + [""] * 4)[:4] for r in rows("attribution.tsv")])
def test_attribution(text, kind, value, place):
    text = text.replace("\\n", "\n")
    figs = [f for f in find_figures(text, find_places(text)) if f.kind == kind and f.value == float(value)]
    assert len(figs) == 1, [(f.kind, f.value) for f in find_figures(text, find_places(text))]
    assert (figs[0].place or "") == place

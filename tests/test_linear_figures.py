"""Figure extraction is linear in its input: ten times the text takes well under twenty times as
long, for many sentences and for one run-on sentence of many clauses (a ratio, not a time: the
machines are noisy)."""

from __future__ import annotations

import time

import pytest

from extractors.figures import find_figures
from extractors.places import find_places

CLAUSE = "该村组建联村党委3个，覆盖8个村，村集体收入增加20万元，"
SENTENCE = "湖南省某县组建联村党委3个，覆盖行政村12个。"


def _seconds(text: str) -> float:
    places = find_places(text)
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        find_figures(text, places)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("unit,end", [(CLAUSE, "。"), (SENTENCE, "")], ids=["run-on sentence", "sentences"])
def test_ten_times_the_text_takes_under_twenty_times_as_long(unit, end):
    find_figures(unit * 50 + end, find_places(unit * 50 + end))  # warm caches
    small, large = _seconds(unit * 500 + end), _seconds(unit * 5000 + end)
    assert large / max(small, 1e-3) < 20, (small, large)

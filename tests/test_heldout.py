"""The held-out sets (tests/fixtures/heldout_*: articles + gold by annotators who did not read the
rules, from provinces and sites the development gold lacks) stay above the floors in
tests/heldout_floors.json, per set and pooled. Floors only go up."""

from __future__ import annotations

import pytest

from pipeline.quality import heldout_eval as he
SETS = he.heldout_sets()
FLOORS = he.load_floors()


@pytest.fixture(scope="module")
def scores():
    return he.score_all(SETS, workers=1)


def test_every_set_has_floors_and_every_floor_a_set():
    assert {p.name for p in SETS} | {he.POOLED} == set(FLOORS)


def test_every_article_extracted(scores):
    for name in (p.name for p in SETS):
        assert scores[name].ratios["articles.ok"].value == 1.0, (name, scores[name].misses)


@pytest.mark.parametrize("name", [p.name for p in SETS] + [he.POOLED])
def test_floors(scores, name):
    failed = he.below_floors({name: scores[name]}, {name: FLOORS[name]})
    assert not failed, failed + scores[name].misses


def test_pooled_adds_the_counts(scores):
    total = sum(scores[p.name].prf["places"].tp for p in SETS if p.name not in he.DEV_SETS)
    assert scores[he.POOLED].prf["places"].tp == total > 0


def test_table_names_every_set(scores):
    table = he.format_table(scores)
    assert all(p.name in table for p in SETS) and "pooled" in table

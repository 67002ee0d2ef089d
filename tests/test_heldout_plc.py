"""Places and alliances on articles the rules were not tuned on (tests/fixtures/heldout_plc:
eight hand-annotated articles from provinces outside the dev set, two in traditional script,
one GB18030), against tests/heldout_plc_floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate
from pipeline.runner import extract

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fixtures" / "heldout_plc"
FLOORS = json.loads((HERE / "heldout_plc_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("heldout_plc_db")
    extract(CORPUS, out, workers=1)
    return evaluate(out, CORPUS / "gold")


def test_every_article_extracted(scores):
    assert scores.ratios["articles.ok"].value == 1.0, scores.misses


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(scores, metric):
    value = scores.flat()[metric]
    misses = [m for m in scores.misses if metric.split(".")[0][:-1] in m]
    assert value >= FLOORS[metric], f"{metric} {value} < {FLOORS[metric]}: {misses}"

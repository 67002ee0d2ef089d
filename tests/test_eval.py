"""The evaluation gate: scores on the gold fixtures may not fall below the floors in the repo."""

import json
import subprocess
import sys
from pathlib import Path

from pipeline.commands.eval import FLOORS, below_floors
from pipeline.quality.evaluate import PRF, _match_figures, Scores, evaluate, match_places, place_key, same_place

ROOT = Path(__file__).resolve().parent.parent


def test_scores_are_at_or_above_the_floors(seed_db_dir):
    res = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", "--out", str(seed_db_dir), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    flat = json.loads(res.stdout)
    floors = json.loads(FLOORS.read_text())
    assert set(floors) <= set(flat), set(floors) - set(flat)
    assert below_floors(flat, floors) == []
    assert res.returncode == 0, res.stderr


def test_floors_cover_every_figure_kind_places_and_attribution():
    floors = json.loads(FLOORS.read_text())
    for key in ("places.f1", "figures.alliance_count.f1", "figures.village_coverage.f1", "figures.income.f1",
                "figures.funding.f1", "figures.place_attribution", "cleaning.kept", "cleaning.dropped"):
        assert key in floors


def test_below_floors_reports_a_drop():
    assert below_floors({"places.f1": 0.5}, {"places.f1": 0.9}) == ["places.f1: 0.500 < floor 0.900"]
    assert below_floors({"places.f1": 0.95}, {"places.f1": 0.9}) == []


def test_place_names_compare_without_suffix():
    assert place_key("潍坊市") == place_key("潍坊") == "潍坊"
    assert place_key("凌河街道") == "凌河"
    assert place_key("内蒙古自治区") == "内蒙古"


def test_every_administrative_suffix_is_stripped():
    assert place_key("甘南州") == place_key("甘南藏族自治州") == place_key("甘南") == "甘南"
    assert place_key("宁夏回族自治区") == place_key("宁夏") == "宁夏"
    assert place_key("新疆维吾尔自治区") == "新疆"
    assert place_key("积石山保安族东乡族撒拉族自治县") == "积石山"
    assert place_key("阿拉善盟") == "阿拉善"
    assert place_key("阿里地区") == "阿里"
    assert place_key("巴彦淖尔苏木") == "巴彦淖尔"
    assert place_key("查干诺尔嘎查") == "查干诺尔"
    assert place_key("红星社区") == "红星"
    # A one-character base keeps its suffix: 兰州 is a name, not 兰 + 州.
    assert place_key("兰州市") == place_key("兰州") == "兰州"
    assert place_key("丁村") == "丁村"


def test_same_base_at_different_levels_are_different_places():
    assert same_place("东湾镇", "东湾") and same_place("东湾村", "东湾")
    assert not same_place("东湾镇", "东湾村")
    assert same_place("兰州", "兰州市") and same_place("甘南州", "甘南藏族自治州")
    gold = [("东湾镇", "township"), ("东湾村", "village"), ("甘南州", "city")]
    pred = [("东湾村", "village"), ("东湾镇", "township"), ("甘南", "city"), ("甘南藏族自治州", "city"), ("西湾村", "village")]
    pairs, missed, extra = match_places(gold, pred)
    assert sorted(pairs) == [(0, 1), (1, 0), (2, 2)]
    assert missed == [] and [pred[i][0] for i in extra] == ["西湾村"]
    # One predicted 东湾 cannot stand for both the township and the village.
    pairs, missed, extra = match_places(gold[:2], [("东湾", "village")])
    assert pairs == [(1, 0)] and missed == [0] and extra == []


def test_figure_matching_rules():
    gold = [
        {"kind": "income", "value": 1e8, "place": "后岸村", "qualifier": "approx", "evidence": "近亿元"},
        {"kind": "village_coverage", "value": 30, "place": "石堆镇", "qualifier": "over", "evidence": "30余个村", "optional": True},
    ]
    pred = [
        {"kind": "income", "value": 1.004e8, "place": "后岸", "qualifier": "approx", "evidence": "x"},  # within 0.5 %
        {"kind": "village_coverage", "value": 30, "place": None, "qualifier": "over", "evidence": "y"},  # optional: neutral
        {"kind": "funding", "value": 5e4, "place": None, "qualifier": "exact", "evidence": "z"},  # extra
    ]
    scores = Scores()
    _match_figures(gold, pred, scores, "a")
    assert (scores.prf["figures.income"].tp, scores.prf["figures.income"].fp) == (1, 0)
    assert (scores.prf["figures.village_coverage"].tp, scores.prf["figures.village_coverage"].fp) == (0, 0)
    assert scores.prf["figures.funding"].fp == 1
    assert scores.ratios["figures.place_attribution"].value == 1.0


def test_prf_arithmetic():
    s = PRF(tp=8, fp=2, fn=8)
    assert (round(s.precision, 3), round(s.recall, 3), round(s.f1, 3)) == (0.8, 0.5, 0.615)


def test_evaluate_on_the_seed_database(seed_db_dir):
    scores = evaluate(seed_db_dir)
    assert scores.ratios["articles.ok"].value == 1.0
    assert scores.prf["figures.all"].tp >= 30

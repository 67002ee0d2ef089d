"""Income and funding figures say what they measure, from a fixed vocabulary."""

from __future__ import annotations

import pytest

from extractors.figures import find_figures
from extractors.measures import MEASURES, RULES, measure_of
from extractors.places import find_places


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.measure}:{r.example}")
def test_every_rule_classifies_its_own_example(rule):
    assert rule.measure in MEASURES[rule.kind]
    assert measure_of(rule.kind, None, rule.example) == rule.measure


@pytest.mark.parametrize("sentence,measure", [
    ("山东省临沂市兰陵县2023年快递业务收入18.6亿元。", "revenue"),
    ("河南省信阳市光山县某村村集体经济收入达到62万元。", "collective_income"),
    ("湖南省湘西州凤凰县带动脱贫户户均增收3800元。", "farmer_income"),
    ("陕西省汉中市留坝县食用菌产业产值达到2.4亿元。", "output_value"),
    ("四川省巴中市南江县联合党委向成员村分红86万元。", "dividend"),
    ("浙江省衢州市常山县强村公司为9个村累计分红利润45万元。", "dividend"),  # profit paid out is a dividend
    ("福建省南平市某乡干部说，这片茶园每年能给乡里带来80万元的产值。", "output_value"),  # named after the number
    ("安徽省六安市金寨县争取中央财政衔接资金1200万元。", "grant"),
    ("江西省吉安市永新县为联盟企业发放贷款900万元。", "loan"),
    ("广西壮族自治区百色市田东县项目总投资3.5亿元。", "investment"),
])
def test_a_figure_carries_its_measure(sentence, measure):
    figs = [f for f in find_figures(sentence, find_places(sentence)) if f.kind in ("income", "funding")]
    assert [f.measure for f in figs] == [measure]


def test_counts_have_no_measure():
    s = "湖北省宜昌市秭归县组建联村党委9个，覆盖行政村42个。"
    assert {f.measure for f in find_figures(s, find_places(s))} == {None}

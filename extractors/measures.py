"""What an income or funding figure measures: a fixed vocabulary, decided by a table of named rules.

Researchers must tell a village collective's income from an industry's output value or a
company's turnover. Each rule is (measure, figure kind, pattern, reason, example); the first rule
whose pattern occurs in the figure's label decides, then the first in its clause (evidence
included), then the first in its sentence up to the number; nothing found gives ``other``. Alliance counts and village coverage have no measure (null).

Vocabulary (docs/schema.md, figures.measure):
- income: collective_income, farmer_income, dividend, revenue, output_value, other
- funding: grant, loan, investment, other
"""

from __future__ import annotations

import re
from typing import NamedTuple


class MeasureRule(NamedTuple):
    measure: str
    kind: str
    pattern: re.Pattern
    reason: str
    example: str


def _r(measure: str, kind: str, pattern: str, reason: str, example: str) -> MeasureRule:
    return MeasureRule(measure, kind, re.compile(pattern), reason, example)


RULES: tuple[MeasureRule, ...] = (
    _r("dividend", "income", r"分红|红利|股金", "money paid out to members or shareholders", "村民分红120万元"),
    _r("output_value", "income", r"产值", "the value an industry produces, not anyone's income", "茶产业产值3.2亿元"),
    _r("farmer_income", "income", r"人均|户均|农牧民|牧民|农民|村民|农户|群众|脱贫户|低收入|务工|可支配",
       "what households or people earn", "带动农户户均增收4000元"),
    _r("collective_income", "income", r"集体|村财|村级|村均|强村|薄弱村|空壳村|经营性",
       "the village collective's income", "村集体经济收入突破50万元"),
    _r("revenue", "income", r"营业|营收|销售|经营收入|交易额|营业额|零售额|出口额|流水|快递|业务收入|利润|旅游",
       "a business's or a sector's turnover or profit", "合作社销售收入860万元"),
    _r("grant", "funding", r"财政|专项|补助|补贴|奖补|奖励|扶持|衔接|涉农|上级|中央|省级|市级|县级|拨付|争取",
       "public money given or allocated", "争取省级财政专项资金500万元"),
    _r("loan", "funding", r"贷款|授信|信贷|贷|借款", "money lent", "发放强村贷1200万元"),
    _r("investment", "funding", r"投资|投入|出资|融资|募集|筹集|筹措|入股|社会资本|整合资金|资本",
       "money invested or raised", "总投资1.6亿元"),
)


def measure_of(kind: str, label: str | None, *contexts: str) -> str | None:
    """The measure of an income or funding figure (None for counts): label, then each context."""
    if kind not in ("income", "funding"):
        return None
    rules = [r for r in RULES if r.kind == kind]
    for words in (label or "", *contexts):
        for rule in rules:
            if rule.pattern.search(words):
                return rule.measure
    return "other"


MEASURES = {"income": ("collective_income", "farmer_income", "dividend", "revenue", "output_value", "other"),
            "funding": ("grant", "loan", "investment", "other")}

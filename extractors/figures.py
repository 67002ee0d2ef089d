"""Figures in the clean simplified text: alliance counts, village coverage, income, funding.

Pure functions of text (`extract_figures`, `attribute_places`, `find_figures`) and a thin spaCy
component. Only numbers with a relevant unit (元, 个, 村; 家/支/座 for alliances) are looked at, so the cost is one regex
pass over the text plus a little work per candidate number.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language

import extractors  # noqa: F401  (registers the Doc extensions)
from extractors import trace
from extractors.component import Component
from extractors.figure_kinds import (
    ALLIANCE_AFTER, ALLIANCE_BEFORE, COUNTED_NOUN_AFTER, MEMBERS_AFTER_ALLIANCE, COVER_BLOCK, COVER_CUE, MEASURE_END, MEASURE_UNITS,
    MEMBER_VERB, PER_ZONE_FORMED, SPAM, VILLAGE_AFTER, ZONE_AFTER, ZONES_SPLIT, VILLAGE_KIND_MOD, VILLAGE_AS_SUBJECT, VILLAGE_BEFORE, VILLAGE_ORG_AFTER, has_alliance,
    each_village, money_kind, money_label, per_of,
)
from extractors.figure_places import attribute_places
from extractors.measures import measure_of
from extractors.numbers import NumberMatch, find_numbers
from extractors.records import FigureRecord, PlaceMention
from extractors.sentences import split_sentences

NAME, VERSION = "figures", "1.40.0"

__all__ = ["extract_figures", "attribute_places", "find_figures", "split_sentences", "FiguresComponent"]

_CLAUSE_SEP = re.compile(r"[,，:：]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月|代|以来|前|后|起|开始)")
_NOW_AFTER_YEAR = re.compile(r"如今|现在|目前|至今|迄今|累计")
_PRICE_AFTER = re.compile(r"^\s*(?:/|每|一)\s*(?:亩|平方米|平米|吨|斤|公斤|千克|人|个|天|月|年|次|件|株|棵|头|只|间)")
_COUNT_UNITS = {"个", "村", *MEASURE_UNITS}
_UNITS = frozenset({"元", None, *_COUNT_UNITS})
_AMONG = re.compile(r"中|当中|之中|里")
_PER_MU = re.compile(r"每亩|亩均|亩产值?|每平方米|每平米")
# villages joined into one ("三个村联成一体，成立某联村党委"): coverage when the next clause forms the alliance
# villages grouped into one unit, an alliance formed in the next clause (以A村、B村等4个村为一个片区，成立…)
_JOIN = re.compile(r"联成|连成|拧成|结为|合为|融为|携手|串成|连为|为一个(?:片区|单元|联建片区|组团)|划为一个|编为一个")
_FORMS_NEXT = re.compile(r"^\s*(?:共同|一起|并|还|进而|随后|再)?(?:成立|组建|建立|组成|结成|建成)")
# a count of the cases an article features, not of alliances formed: 带您走进两个联村党委, 介绍以下三个联盟,
# or any count in an editor's note (编者按：…) that forms nothing
_FEATURED = re.compile(r"(?:走进|介绍|推介|讲述|聚焦|探访|来看|看看|展示|分享|呈现|以下|下面|如下)(?:了|一下|这|其中)?$")
_EDITOR_NOTE = re.compile(r"^\s*(?:编者按|编者的话|编前语|编者)\s*[:：]")
_FORMED = re.compile(r"组建|成立|建立|新建|建成|打造|培育|共有|已有|累计|达到?")
# a stock count with the organisation named earlier in the sentence: 新组建联盟9个，累计达到31个
_STOCK = re.compile(r"(?:累计|总数|总量|总计|共计|合计)(?:已)?(?:达到?|增至|增加到|为|有)?\s*$|(?:增至|增加到|增加至|扩大到|扩大至)\s*$")
# 破/过 + an amount mean 'over' right after a money word or an adverb (收入破50万元, 也过21亿元);
# never inside a word (通过, 不过, 经过, 度过)
_OVER_BEFORE = re.compile(r"(?:收入|收益|产值|营收|利润|销售额|交易额|营业额|增收|创收|率先|首次|均|也|已|都|就)$")
# an amount that defines a group of villages (收入不足5万元的薄弱村, 超过50万元以上的村)
# …万元的薄弱村, 百万元村, 十万元以上村: the amount names a class of villages
_THRESHOLD_AFTER = re.compile(r"(?:以[上下])?(?:的(?:[^，。、；,;\d]{0,8}?)(?:村|嘎查|社区)(?!集体|民|委|级|干部|两委|党)"
                              r"|村(?!集体|民|委|级|干部|两委|党|里|内|庄|组|道|容|貌|务|口|部))")
_ALLOCATED_AFTER = re.compile(r"(?:资金)?(?:被|将|则|全部|主要)?(?:用于|用来|用作|用在|投向|投入到)")
_BARE_MONEY_KW = re.compile(r"(?:收入|增收|营收|营业额|销售额|零售额|交易额|产值|利润|收益|分红|投资|资金|投入|贷款)"
                            r"(?:达到?|突破|超过?|超|近|约|为|了|共|累计)?$")
# N个/家 + the noun N counts, when it is neither an alliance nor villages (4个方面, 四家单位), or a
# count that defines rather than counts (两个及以上的村) or counts natural villages (10个自然村)
_COUNTS_OTHER = re.compile(
    r"(?:方面|领域|环节|层面|举措|措施|机制|模式|阶段|步骤|类型|批次|单位|部门|成员单位|合伙单位|企业|公司|会员)"
    r"|及以上|以上的|或以上|自然村|村民小组|组")
# villages the people come from, not members (来自22个行政村的党组织书记)
_FROM_BEFORE = re.compile(r"来自$|源自$")


def _clause_start(text: str, s0: int, pos: int) -> int:
    """Start of the clause holding pos, in the sentence starting at s0 (after the last , or :)."""
    c0 = s0
    for m in _CLAUSE_SEP.finditer(text, s0, pos):
        c0 = m.end()
    return c0


def _clause(text: str, s0: int, s1: int, a: int, b: int) -> tuple[int, int]:
    """Clause around text[a:b] within sentence [s0, s1)."""
    m = _CLAUSE_SEP.search(text, b, s1)
    return _clause_start(text, s0, a), (m.start() if m else s1)


def _prev_clauses(text: str, s0: int, c0: int, k: int = 2) -> str:
    """The k clauses before c0 in the sentence (an alliance named just before: 再到…党建大联盟,…,再到全乡17个行政村)."""
    if c0 <= s0:
        return ""
    seps = [m.end() for m in _CLAUSE_SEP.finditer(text, s0, c0 - 1)]
    a = seps[-k] if len(seps) >= k else s0
    return text[a:c0]


def _year(text: str, s0: int, pos: int) -> int | None:
    y = None
    for m in _YEAR.finditer(text, s0, pos):
        if m.start() > 0 and text[m.start() - 1] in "比较":
            continue  # 比2019年增长: the year compared with, not the figure's
        y = int(m.group(1))
        if not text[max(s0, m.start() - 2):m.start()].endswith(("截至", "截止", "到")) and \
                _NOW_AFTER_YEAR.search(text, m.end(), pos):
            y = None  # 2018年，…如今全省…超过5万元 / 2021年…已累计增收: the figure is today's or a total
    return y


_GATHERED = re.compile(r"整合|联合|串联|联结|统筹")
_SUM_UP = re.compile(r"累计|合计|共计|总计|总共|总投资|总额")
_LOOKBACK = 600
# the largest amount (yuan) and count a figure may hold: beyond them the number is misread junk
_MAX_MONEY, _MAX_COUNT = 1e13, 1e6


def _credible(text: str, f: FigureRecord) -> bool:
    """A figure's value is what its evidence says: re-read, the evidence holds a number of that
    value (a range: its lower end), and the value is within what any article reports."""
    limit = _MAX_MONEY if f.kind in ("income", "funding") else _MAX_COUNT
    if not 0 <= f.value <= limit:
        trace.note("figures", "value_out_of_range", f.start, f.end, "dropped", f"{f.value:g}")
        return False
    for n in find_numbers(text[f.start : f.end], _UNITS):
        if n.value == f.value or (n.is_range and n.value_min == f.value):
            return True
    trace.note("figures", "evidence_does_not_reparse", f.start, f.end, "dropped", f"{f.value:g}")
    return False


def _drop(rule: str, n: NumberMatch) -> None:
    """A named rule decided that number n is no figure (explain shows which)."""
    trace.note("figures", rule, n.start, n.end, "dropped")
    return None


def _record(kind: str, n: NumberMatch, start: int, end: int, label: str | None, per: str | None,
            year: int | None, s0: int, s1: int, c0: int) -> FigureRecord:
    return FigureRecord(
        kind=kind, value=n.value, start=start, end=end, value_min=n.value_min, value_max=n.value_max,
        qualifier=n.qualifier, per=per, year=year, label=label, sentence_start=s0, sentence_end=s1,
        extras={"num_start": n.num_start, "num_end": n.end, "clause_start": c0},
    )


def _money(text: str, n: NumberMatch, s0: int, s1: int) -> FigureRecord | None:
    after_full = text[n.end : n.end + 12]
    if _PRICE_AFTER.match(after_full):
        return _drop("price_or_rent", n)  # 800元/亩, 每亩租金
    if _THRESHOLD_AFTER.match(text, n.end):
        return _drop("threshold_defining_villages", n)  # 收入不足5万元的薄弱村: which villages, not what they earn
    c0, c1 = _clause(text, s0, s1, n.start, n.end)
    before = text[c0 : n.start]
    if _PER_MU.search(before):
        return _drop("amount_per_mu", n)  # 亩均收益1200元, 每亩租金: per mu, not anyone's income
    if not before.strip() and _ALLOCATED_AFTER.match(text, n.end):
        return _drop("allocation_not_income", n)  # …，11万元用于村集体: a share of another amount
    kind, ks, ke = money_kind(before, text[n.end : c1][:12], text[s0:c0])
    if kind is None:
        return _drop("no_income_or_funding_word", n)  # assets, prices, costs, taxes
    start, label = n.start, None
    if ks is not None:
        ls, label = money_label(before, ks, ke)
        start = c0 + ls
    per = per_of(before)
    if per is None:
        p2 = per_of(text[s0:c0])
        # 平均/每100亩 earlier in the sentence, unless this clause sums up (…，已累计投入108亿元)
        per = p2 if p2 == "other" and not _SUM_UP.search(before) else None
    if per is None and each_village(before):
        per = "village"
    f = _record(kind, n, start, n.end, label, per, _year(text, s0, n.start), s0, s1, c0)
    if n.is_range and n.value_min is not None:
        f.value = n.value_min  # 收入5万至10万元不等: at least the lower end (bounds in value_min/max)
    if f.qualifier == "exact" and n.start >= 2 and text[n.start - 1] in "破过" and _OVER_BEFORE.search(text, c0, n.start - 1):
        f.qualifier, f.value_min, f.value_max = "over", f.value, None  # 收入破220万元, 率先过百万元
    return f


def _label_clause(text: str, s0: int, c0: int, num_start: int) -> int:
    """A number right after a colon ("联盟数量：12个", a table line) keeps the label before the colon
    in its clause: the clause start moves back to the label's start."""
    if c0 > s0 and text[c0 - 1] in ":：" and not text[c0:num_start].strip():
        return _clause_start(text, s0, c0 - 1)
    return c0


def _count(text: str, n: NumberMatch, s0: int, s1: int) -> FigureRecord | None:
    if n.is_range or n.value < 2 or n.value != int(n.value) or n.qualifier == "under":
        return _drop("count_not_a_whole_number_of_two_or_more", n)
    c0, c1 = _clause(text, s0, s1, n.start, n.end)
    c0 = _label_clause(text, s0, c0, n.start)
    before, after = text[c0 : n.start], text[n.end : c1]
    if _COUNTS_OTHER.match(after):
        return _drop("counts_another_noun", n)  # 4个方面, 四家单位, 两个及以上的村, 10个自然村
    if _FROM_BEFORE.search(before):
        return _drop("origin_not_membership", n)  # 来自22个行政村的书记
    year = _year(text, s0, n.start)
    if n.unit in MEASURE_UNITS:
        return _measured_alliances(text, n, s0, s1, c0, before, after, year)
    if n.unit == "个":
        m = ALLIANCE_AFTER.match(after)
        if m:
            return _alliances_named_after(text, n, m, s0, s1, c0, before, after, year)
        zone = ZONE_AFTER.match(after)
        each = zone and PER_ZONE_FORMED.match(text, n.end + zone.end(), s1)
        if each:
            # 划分为12个片区，各成立一个联合党委: one alliance per zone, so as many as the zones
            return _record("alliance_count", n, n.start, each.end(), each.group("noun"), None, year, s0, s1, c0)
        mb = ALLIANCE_BEFORE.search(before)
        if mb and not COUNTED_NOUN_AFTER.match(after):  # 联盟8个村: eight villages, not eight alliances
            return _record("alliance_count", n, c0 + mb.start(), n.end, mb.group("noun"), None, year, s0, s1, c0)
        stock = _STOCK.search(before) if not after.strip(" 。；;！!？?") else None
        label = _stock_label(text, s0, c0) if stock else None
        if label:
            return _record("alliance_count", n, c0 + stock.start(), n.end, label, None, year, s0, s1, c0)
    noun_end, label, start = None, None, n.start
    if n.unit == "个":
        m = VILLAGE_AFTER.match(after)
        mo = None if m else VILLAGE_ORG_AFTER.match(after)
        if m:
            if VILLAGE_KIND_MOD.search(after, 0, m.start("noun")) and not COVER_CUE.search(before):
                return _drop("kind_of_village_without_cover_verb", n)  # 以18个示范村引领带动
            noun_end, label = n.end + m.end(), m.group("noun")
        elif mo:
            # 将9个产茶村党组织纳入某联合党委: the villages join through their party organisations
            rest = text[n.end + mo.end() : c1]
            formed = has_alliance(rest) or has_alliance(before)
            joined = MEMBER_VERB.search(before + rest) and formed
            # 整合三个村级党组织，组建联合党委: gathered here, the alliance formed in the next clause
            joined = joined or (_GATHERED.search(before) and _forms_next(text, c1, s1))
            if not joined:
                return _drop("village_orgs_without_join_verb_and_alliance", n)
            noun_end, label = n.end + mo.end(), mo.group("noun")
        else:
            mb = VILLAGE_BEFORE.search(before)
            if mb and not COUNTED_NOUN_AFTER.match(after):  # 覆盖行政村12个党员: not the villages
                noun_end, label, start = n.end, mb.group("noun"), c0 + mb.start()
    elif n.unit == "村" and not re.match(r"级|民|干部|委|党|两委|集体|书记", after):
        noun_end, label = n.end, "村"
    if noun_end is None or _AMONG.match(text, noun_end):
        return _drop("no_village_noun_or_total_among", n)  # 全市864个行政村中…: a total
    if COVER_BLOCK.search(before):
        return _drop("villages_reached_not_members", n)  # 辐射带动村庄1800余个, 惠及…
    if not COVER_CUE.search(before):
        rest = text[noun_end:c1]
        if VILLAGE_AS_SUBJECT.match(rest):
            return _drop("villages_as_subject", n)  # 9个村村集体经济收入全部超过10万元
        if rest.startswith("的") and not (COVER_CUE.search(rest) or has_alliance(rest)):
            return _drop("villages_business", n)  # 统筹三个村的银饰产业
    clause = text[c0:c1]
    # a bare "三村" is an anaphoric subject (三村统一打造…) unless its own clause forms or covers
    prev = _prev_clauses(text, s0, c0) if n.unit != "村" else ""
    if not (COVER_CUE.search(clause) or has_alliance(clause) or has_alliance(prev)
            or (_JOIN.search(clause) and _forms_next(text, c1, s1)) or _split_into_zones(text, noun_end, s1)):
        return _drop("no_cover_cue_or_alliance", n)  # a total (全市864个行政村) or villages doing else
    if _founds_company(text, noun_end, c1, s0, s1):
        return _drop("villages_found_a_company", n)  # 28个行政村共同出资组建强村公司: shareholders
    if _COMPANY_GATHERS.search(before) and not _party_sentence(text, s0, s1, n.start):
        return _drop("company_gathers_villages", n)  # 某养殖公司联合42个村: a company's partners
    cue = _last(COVER_CUE, before)
    if cue is not None and c0 + cue < start and len(before) - cue <= 16:
        start = c0 + cue  # 覆盖5个村, 覆盖行政村48个: the evidence starts at the cue
    return _record("village_coverage", n, start, noun_end, label, None, year, s0, s1, c0)


def _featured(text: str, s0: int, c0: int, num_start: int) -> bool:
    """The number counts the cases the article goes on to feature (带您走进两个联村党委, 介绍以下三个联盟),
    or sits in an editor's note without a formation word before it."""
    if _FEATURED.search(text, c0, num_start):
        return True
    line0 = text.rfind("\n", 0, num_start) + 1
    return _EDITOR_NOTE.match(text, line0) is not None and not _FORMED.search(text, c0, num_start)


def _stock_label(text: str, s0: int, c0: int) -> str | None:
    """The alliance noun counted in the clause before c0 (新组建跨村党建联盟9个，累计达到31个): the
    label a stock count with no noun of its own takes."""
    if c0 <= s0:
        return None
    prev = text[_clause_start(text, s0, c0 - 1) : c0 - 1]
    for n in find_numbers(prev, frozenset({"个", *MEASURE_UNITS})):
        m = ALLIANCE_AFTER.match(prev[n.end :])
        if m:
            return m.group(0)
        mb = ALLIANCE_BEFORE.search(prev[: n.start])
        if mb and not prev[n.end :].strip():
            return prev[mb.start("noun") - _mod_len(prev, mb.start("noun")) : mb.end("noun")]
    return None


def _mod_len(s: str, i: int) -> int:
    """Length of the modifier glued before an alliance noun (跨村 in 跨村党建联盟)."""
    m = re.search(r"(?:跨村|联村|跨镇|跨乡|产业|村企)$", s[:i])
    return len(m.group(0)) if m else 0


# villages that found or buy into a company (共同出资组建强村公司, 入股成立公司): its shareholders
# party-building words that make the villages' joint company an alliance's (跨村联建，共同出资成立公司)
_PARTY_JOINT = re.compile(r"联建|党建|党委|党组织|党支部|党总支")
_COMPANY_FORMED = re.compile(r"(?:组建|成立|注册|设立|创办|合资成立|入股)(?:了)?[^，,。；;]{0,10}?(?:公司|集团)")


def _founds_company(text: str, pos: int, c1: int, s0: int, s1: int) -> bool:
    """The counted villages form a company in their clause or the next, and the sentence names no
    alliance or party body: they are shareholders, not members of an alliance."""
    m = _CLAUSE_SEP.search(text, c1 + 1, min(s1, c1 + 200)) if c1 < s1 else None
    end = m.start() if m else min(s1, c1 + 200)
    return _COMPANY_FORMED.search(text, pos, end) is not None and not _party_sentence(text, s0, s1, pos)


def _party_sentence(text: str, s0: int, s1: int, pos: int) -> bool:
    """An alliance or party word in the sentence, read within the rules' 600 characters of pos."""
    sentence = text[max(s0, pos - _LOOKBACK):min(s1, pos + _LOOKBACK)]
    return has_alliance(sentence) or _PARTY_JOINT.search(sentence) is not None


# a company as the subject that gathers the villages (某公司联合42个村): partners of a business
_COMPANY_GATHERS = re.compile(r"(?:公司|集团|企业)(?:联合|整合|带动|吸纳|联结)[^，,。；;]{0,6}$")


def _split_into_zones(text: str, pos: int, s1: int) -> bool:
    """The villages counted before pos are divided into zones that each form an alliance
    (把28个村划分为6个片区，分别组建片区党委): the alliances cover them all."""
    m = ZONES_SPLIT.match(text, pos, min(s1, pos + 40))
    if m is None:
        return False
    after = m.end()
    zone = ZONE_AFTER.match(text, after, s1)
    return zone is not None and PER_ZONE_FORMED.match(text, zone.end(), s1) is not None


def _forms_next(text: str, c1: int, s1: int) -> bool:
    """The clause after c1 forms an alliance (，成立某联村党委)."""
    if c1 >= s1:
        return False
    m = _CLAUSE_SEP.search(text, c1 + 1, s1)
    nxt = text[c1 + 1 : m.start() if m else s1]
    return _FORMS_NEXT.match(nxt) is not None and has_alliance(nxt)


def _alliances_named_after(text: str, n: NumberMatch, m: re.Match, s0: int, s1: int, c0: int, before: str,
                           after: str, year: int | None) -> FigureRecord | None:
    """N个/家/支 + an alliance noun (组建12个联村党委): a count of alliances, its evidence from a
    cover cue just before (共组建); not the cases an article goes on to feature (带您走进两个联村党委)."""
    if _featured(text, s0, c0, n.start):
        return _drop("featured_cases_not_formed", n)
    if MEMBERS_AFTER_ALLIANCE.match(after, m.end()):
        return _drop("counts_the_alliances_members", n)  # 30家党建联盟创始单位: thirty members
    cue = _last(COVER_CUE, before)
    st = c0 + cue if cue is not None and len(before) - cue <= 10 else n.start
    label = after[m.end("of") if m.group("of") else 0 : m.end()]  # 党建联盟, not 以产业为纽带的党建联盟
    return _record("alliance_count", n, st, n.end + m.end(), label, None, year, s0, s1, c0)


def _measured_alliances(text: str, n: NumberMatch, s0: int, s1: int, c0: int, before: str, after: str,
                        year: int | None) -> FigureRecord | None:
    """N家/支/座: only an alliance count (组建12支党建联盟, 党建联盟23家, “共富联盟”12支)."""
    m = ALLIANCE_AFTER.match(after)
    if m:
        return _alliances_named_after(text, n, m, s0, s1, c0, before, after, year)
    mb = ALLIANCE_BEFORE.search(before)
    if mb and MEASURE_END.match(after):
        a, label = mb.start(), mb.group("noun")
        q = before.rfind("“", 0, a)
        if q >= 0 and before[mb.end("noun") : mb.end("noun") + 1] == "”" and "”" not in before[q:a]:
            a, label = q, before[q + 1 : mb.end("noun")]  # “共富联盟”12支: the quoted type is the label
        return _record("alliance_count", n, c0 + a, n.end, label, None, year, s0, s1, c0)
    return None


def _bare_money(text: str, n: NumberMatch) -> bool:
    if not re.search(r"[万亿]", text[n.num_end : n.end]) and text[n.num_start : n.num_end] not in ("亿", "万"):
        return False
    return _BARE_MONEY_KW.search(text, max(0, n.start - 8), n.start) is not None


def _last(rx: re.Pattern, s: str) -> int | None:
    pos = None
    for m in rx.finditer(s):
        pos = m.start()
    return pos


def extract_figures(text: str, sents: list[tuple[int, int]] | None = None) -> list[FigureRecord]:
    """All figures in text, without places, in text order, not yet de-duplicated."""
    if not text:
        return []
    sents = sents if sents is not None else split_sentences(text)
    starts = [s for s, _ in sents]
    out: list[FigureRecord] = []
    spam_cache: dict[int, bool] = {}
    for n in find_numbers(text, _UNITS):
        if n.unit is None:
            # 营业额突破5亿 (元 left out): money only with a 万/亿 and the money word right before
            if not _bare_money(text, n):
                trace.note("figures", "no_unit_and_no_money_word", n.start, n.end, "dropped")
                continue
        i = bisect.bisect_right(starts, n.num_start) - 1
        if i < 0:
            continue
        s0, s1 = sents[i]
        if n.end > s1:
            s1 = n.end
        if i not in spam_cache:
            spam_cache[i] = SPAM.search(text, s0, s1) is not None
        if spam_cache[i]:
            trace.note("figures", "spam_sentence", n.start, n.end, "dropped")
            continue
        # the rules read back from the number at most _LOOKBACK characters: a run-on "sentence"
        # of thousands of clauses stays linear (each number's rules see a bounded window)
        s0 = max(s0, n.num_start - _LOOKBACK)
        s1 = min(s1, max(n.end, n.num_start + _LOOKBACK))
        money = n.unit in ("元", None)
        try:
            f = _money(text, n, s0, s1) if money else _count(text, n, s0, s1)
        except Exception as exc:  # one odd sentence must not cost the article its figures
            trace.rule_failed("figures.money" if money else "figures.count", n.num_start, exc)
            f = None
        if f is not None and not _credible(text, f):
            f = None
        if f is not None:
            out.append(f)
            if trace.active():
                trace.note("figures", f.kind, f.start, f.end, "kept", f"value {f.value:g}, label {f.label}")
    return out


def _header_end(text: str) -> int:
    """End of the header block: the lines before the first line that holds a full stop (titles)."""
    i = 0
    while i < len(text):
        j = text.find("\n", i)
        j = len(text) if j < 0 else j
        if re.search(r"[。！？!?]", text[i:j]):
            return i
        i = j + 1
    return 0


def _drop_heading_repeats(figures: list[FigureRecord], text: str) -> list[FigureRecord]:
    """A figure in a heading line (no full stop: "01 娘娘山下八村联建") said again in the body is kept
    in the body, where its sentence names the place."""
    out = []
    for f in figures:
        a = text.rfind("\n", 0, f.start) + 1
        b = text.find("\n", f.start)
        b = len(text) if b < 0 else b
        if not re.search(r"[。！？!?；;，,]", text[a:b]):
            k = (f.kind, round(f.value, 6), f.per)
            if any(g is not f and (g.kind, round(g.value, 6), g.per) == k and not a <= g.start < b for g in figures):
                continue
        out.append(f)
    return out


def dedupe(figures: list[FigureRecord], text: str | None = None) -> list[FigureRecord]:
    """The same figure repeated (lead and body) is kept once: same kind, value, per, qualifier and
    place; a repeat whose place only came from context (none in its own sentence) also matches
    an earlier figure of any place ("三个村" said again two paragraphs later). A figure in the
    headline said again in the body is kept in the body (its sentence names the place)."""
    if text:
        figures = _drop_heading_repeats(figures, text)
        head = _header_end(text)
        body = {(f.kind, round(f.value, 6), f.per) for f in figures if f.start >= head}
        figures = [f for f in figures if f.start >= head or (f.kind, round(f.value, 6), f.per) not in body]
    seen, loose, out = set(), set(), []
    counted: dict[tuple, int] = {}  # a count's key -> its index in out
    for f in figures:
        k = (f.kind, round(f.value, 6), f.per, f.qualifier)
        if (*k, f.place) in seen or (f.extras.get("place_src") == "context" and k in loose):
            continue
        i = counted.get(k)
        if i is not None and _nested(out[i].place_code, f.place_code):
            # the same count of villages or alliances told again with a wider or narrower place
            # (甲街道 8个村 … 涵盖8个村的济南首个联合体): one figure, at the narrower place
            if len(_code_core(f.place_code)) > len(_code_core(out[i].place_code)):
                out[i] = f
            continue
        seen.add((*k, f.place))
        loose.add(k)
        if f.kind in _COUNT_KINDS:
            counted[k] = len(out)
        out.append(f)
    return out


_COUNT_KINDS = ("village_coverage", "alliance_count")


def _code_core(code: str | None) -> str:
    """A division code cut to its level (2, 4, 6, 9, 12 digits: 370112000000 → 370112)."""
    code = code or ""
    return next((code[:n] for n in (2, 4, 6, 9) if code[n:].strip("0") == ""), code)


def _nested(a: str | None, b: str | None) -> bool:
    """Two distinct resolved places, one inside the other."""
    ca, cb = _code_core(a), _code_core(b)
    return bool(ca and cb) and ca != cb and (ca.startswith(cb) or cb.startswith(ca))


_NAMED_AFTER = re.compile(r"的?[^\d，。、；,;：:！？!?\s]{0,6}")


def find_figures(text: str, places: list[PlaceMention] | None = None) -> list[FigureRecord]:
    """Figures with places, de-duplicated: the whole job for one clean article text."""
    sents = split_sentences(text or "")
    figs = extract_figures(text, sents)
    attribute_places(figs, places or [], text, sents)
    for f in figs:
        c0 = min(f.start, f.extras.get("clause_start", f.start))
        # a figure named by a word after it (带来近50万元的产值) reads that word before the sentence's
        after = _NAMED_AFTER.match(text, f.end) if f.label is None else None
        f.measure = measure_of(f.kind, f.label, text[c0 : f.end], after.group() if after else "",
                               text[f.sentence_start : f.end])
    return dedupe(figs, text)


class FiguresComponent(Component):
    """spaCy component: reads doc._.places, sets doc._.figures."""

    def __call__(self, doc):
        places = doc._.places if isinstance(doc._.places, list) else []
        figures = find_figures(doc._.text, places)
        for f in figures:
            f.extractor = self.extractor_id
        doc._.figures = figures
        return doc


@Language.factory("partybuild_figures", default_config={}, assigns=["doc._.figures"], requires=["doc._.places"])
def make_figures(nlp, name):
    return FiguresComponent()

"""extractors.figures: kinds, traps, qualifiers, per, year, places, component, gold evaluation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extractors.figures import NAME, VERSION, attribute_places, extract_figures, find_figures, split_sentences
from extractors.records import PlaceMention

ROOT = Path(__file__).resolve().parent.parent


def _figs(text, places=None):
    return [(f.kind, f.value, f.qualifier, f.per) for f in find_figures(text, places)]


# --- kinds and values, written from other provinces with other numbers ---------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("截至目前,四川省眉山市东坡区共组建跨村联建党组织32个,覆盖行政村156个。",
         [("alliance_count", 32, "exact", None), ("village_coverage", 156, "exact", None)]),
        ("河南省新县组建产业党建联盟18个,吸纳127个村(社区)加入联盟。",
         [("alliance_count", 18, "exact", None), ("village_coverage", 127, "exact", None)]),
        ("贵州省遵义市播州区组建联村党委45个,覆盖210个行政村,村均集体经济收入达到25.6万元。",
         [("alliance_count", 45, "exact", None), ("village_coverage", 210, "exact", None),
          ("income", 256000, "exact", "village")]),
        ("建成片区党建联盟12个、跨村联合党委30余个。",
         [("alliance_count", 12, "exact", None), ("alliance_count", 30, "over", None)]),
        ("组建片区党委8个,组建十余个联村党组织。",
         [("alliance_count", 8, "exact", None), ("alliance_count", 10, "over", None)]),
        ("截至2023年底,全市共组建党建联盟200余个,覆盖村(社区)1500余个。",
         [("alliance_count", 200, "over", None), ("village_coverage", 1500, "over", None)]),
        ("组建“强村富民”党建联盟,将周边5个村纳入联盟。", [("village_coverage", 5, "exact", None)]),
        ("以东山村为核心,联合西山村、南山村、北山村等6个村成立联合党委。", [("village_coverage", 6, "exact", None)]),
        ("覆盖 100 个村,组建 12 个党建联盟。",
         [("village_coverage", 100, "exact", None), ("alliance_count", 12, "exact", None)]),
        ("甘肃省临夏县整合北塬、红台、尹集三个村成立联合党委。", [("village_coverage", 3, "exact", None)]),
        ("争取上级资金1500万元,整合涉农资金3000余万元。",
         [("funding", 1.5e7, "exact", None), ("funding", 3e7, "over", None)]),
        ("吸引社会资本投资2.5亿元,获得银行贷款5000万元。",
         [("funding", 2.5e8, "exact", None), ("funding", 5e7, "exact", None)]),
        ("实现销售收入3000多万元,人均可支配收入达2.8万元,户均增收5000元。",
         [("income", 3e7, "over", None), ("income", 28000, "exact", "capita"),
          ("income", 5000, "exact", "household")]),
        ("发放分红资金120万元。", [("income", 1.2e6, "exact", None)]),
        ("实现农业总产值12.5亿元。", [("income", 1.25e9, "exact", None)]),
        ("营业额达３０００万元。", [("income", 3e7, "exact", None)]),
        ("上半年农产品网络销售额突破5亿。", [("income", 5e8, "over", None)]),
        ("村集体经济年收入近亿元。", [("income", 1e8, "approx", None)]),
        ("村集体经营性收入不足5万元。", [("income", 5e4, "under", None)]),
        ("每100亩平均可实现收入20余万元。", [("income", 2e5, "over", "other")]),
        ("成员村集体经济收入平均达到85万元以上。", [("income", 8.5e5, "over", "village")]),
        ("联盟内农户平均增收4200元。", [("income", 4200, "exact", "household")]),
        ("全乡农民平均收入达1.6万元。", [("income", 1.6e4, "exact", "capita")]),
        ("项目总投资100 万元。", [("funding", 1e6, "exact", None)]),
    ],
)
def test_kinds(text, expected):
    got = _figs(text)
    assert [(k, pytest.approx(v), q, p) for k, v, q, p in expected] == got


# --- traps: none of these is a figure ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "江西省赣州市全市共有行政村3469个。",  # a total
        "对全市864个行政村进行摸底。",
        "全市864个行政村中,有300个村加入党建联盟。",  # the 864 is a total (300 is coverage)
        "湖南省浏阳市辐射带动周边村庄230余个。",  # influence
        "辐射带动晴隆县周边21个村庄。",
        "村民收入实现翻两番,增幅20%,同比增长15%。",  # relative changes
        "土地流转费由每亩500元提高到800元/亩,每亩租金800元。",  # prices, rents
        "亩均收益1200元。",
        "村集体总资产达2.3亿元。",  # assets
        "注册资金500万元,年薪10万元。",
        "快递业务量1.3亿件,引进36个项目,81名党员,7000余农户,游客超百万人次。",  # people, goods
        "已有个联村党组织,覆盖个行政村。",  # digits lost by a scraper
        "彩票网投资500万元,收入300万元。",  # spam
        "股票代码600519涨停,配资1000万元。",
        "联盟成立于2018年3月。",  # dates
        "平均面积488平方米,年过45岁,电话0571-88886666。",
        "千村引领、万村振兴,千个单位扶千村。",  # bare magnitudes are words
        "10个村书记中7个是回归乡贤,1.97万个村党群服务中心。",
        "建立囊括24家电商企业主体的电商党建联盟。",
        "本期通过三个典型案例来看看全域党建联盟。",
        "按照3—5个村联建的标准。",  # a range is a rule, not a count
        "带动两个村发展。",
    ],
)
def test_traps(text):
    assert [f for f in find_figures(text) if not (f.kind == "village_coverage" and f.value == 300)] == []


def test_space_between_number_and_unit():
    assert _figs("组建联合党委 12 个。") == [("alliance_count", 12, "exact", None)]


def test_year_only_when_stated():
    (f,) = find_figures("2022年,该镇村集体经济总收入达1.2亿元,同比增长15%。")
    assert f.year == 2022 and f.kind == "income"
    (g,) = find_figures("去年,村集体收入达80万元。")
    assert g.year is None
    (h,) = find_figures("2018年以来,累计投入资金3亿元。")
    assert h.year is None


def test_year_not_of_a_figure_told_as_today_or_a_total():
    # the year opens a story; the figure is today's, a running total, or the start of a period
    (f,) = find_figures("2017年,甘肃省空壳村比例较高,如今全省有六成的村年收入超过8万元。")
    assert f.year is None
    (g,) = find_figures("2020年,该镇成立党建联盟,已累计为村集体增收约70万元。")
    assert g.year is None
    (h,) = find_figures("从2019年开始,省级财政每年安排2亿元扶持村集体经济。")
    assert h.year is None
    (k,) = find_figures("截至2023年底,全县累计投入资金4亿元。")
    assert k.year == 2023


def test_value_bounds_money():
    (f,) = find_figures("带动村均集体增收10余万元。")
    assert (f.value, f.value_min, f.value_max, f.per) == (1e5, 1e5, 2e5, "village")


def test_dedupe_lead_and_body():
    t = "某县组建联村党组织181个、覆盖453个行政村。\n正文:共组建181个联村党组织、覆盖453个村。"
    kinds = sorted((f.kind, f.value) for f in find_figures(t))
    assert kinds == [("alliance_count", 181), ("village_coverage", 453)]


# --- places -----------------------------------------------------------------------------------
def _pm(text, name, level, nth=0, span=None, **kw):
    span = span or name
    idx = [m.start() for m in re.finditer(re.escape(span), text)][nth]
    return PlaceMention(name, level, idx, idx + len(span), **kw)


def test_place_same_clause_nearest():
    t = "山东省临沂市兰陵县代村联合周边11个村组建党建联盟。"
    ps = [_pm(t, "山东省", "province"), _pm(t, "临沂市", "city"), _pm(t, "兰陵县", "county"), _pm(t, "代村", "village")]
    (f,) = find_figures(t, ps)
    assert (f.kind, f.value, f.place) == ("village_coverage", 11, "代村")


def test_place_enumerated_villages_are_not_subjects():
    t = "比如,城关镇整合东坪村等6个村成立联合党委,带动村均增收8万余元。"
    ps = [_pm(t, "城关镇", "township"), _pm(t, "东坪村", "village")]
    figs = find_figures(t, ps)
    assert {f.place for f in figs} == {"城关镇"}


@pytest.mark.parametrize("year", ["2022年", "二〇二三年", "2023年度"])
def test_place_village_before_a_year_is_the_subject(year):
    # '某村2023年村集体…' is no enumeration (某村等3个村): the village is the subject
    t = f"贵州省遵义市播州区花茂村{year}村集体经济收入达到120万元，同比增长两成。"
    ps = [_pm(t, "贵州省", "province"), _pm(t, "遵义市", "city"), _pm(t, "播州区", "county"),
          _pm(t, "花茂村", "village")]
    (f,) = find_figures(t, ps)
    assert (f.kind, f.value, f.place, f.label) == ("income", 1.2e6, "花茂村", "村集体经济收入")


def test_place_quan_shi_and_previous_sentence():
    t = "近年来,陕西省延安市宝塔区大力推进联村党建。全区组建联合党委26个。\n该区还争取各类资金3000万元。"
    ps = [_pm(t, "陕西省", "province"), _pm(t, "延安市", "city"), _pm(t, "宝塔区", "county")]
    figs = {f.kind: f.place for f in find_figures(t, ps)}
    assert figs == {"alliance_count": "宝塔区", "funding": "宝塔区"}


def test_place_company_name_skipped():
    t = "比如,河口镇联合党委与滨州农投集团签订协议,带动集体收入25万元。"
    ps = [_pm(t, "河口镇", "township"), _pm(t, "滨州", "city")]
    (f,) = find_figures(t, ps)
    assert f.place == "河口镇"


def test_place_example_sentence_does_not_carry():
    t = ("云南省大理州宾川县推行跨村联建。\n比如:力角镇成立联合党委,带动增收20万元。\n"
         "二是强村带弱。比如,某旅游中心联合党委累计增加联建村均集体收入12万余元。")
    ps = [_pm(t, "宾川县", "county"), _pm(t, "力角镇", "township")]
    figs = {f.value: f.place for f in find_figures(t, ps)}
    assert figs[200000] == "力角镇" and figs[120000] == "宾川县"


def test_place_specific_within_paragraph():
    t = "在浦江县郑宅镇的农村,有个习俗。如今,这也成了浦江全域党建联盟的见证。\n“抱团组建党建联盟后,我们4个村抱团运营。”"
    ps = [_pm(t, "浦江县", "county", span="浦江县", province="浙江省", city="金华市"),
          _pm(t, "郑宅镇", "township", county="浦江县"), _pm(t, "浦江县", "county", span="浦江")]
    ps[2] = PlaceMention("浦江县", "county", t.index("浦江全域"), t.index("浦江全域") + 2)
    (f,) = find_figures(t, ps)
    assert (f.kind, f.value, f.place) == ("village_coverage", 4, "郑宅镇")


def _places(t, *specs):
    """PlaceMentions for (name, level[, code]) at every occurrence of the name in t."""
    out = []
    for spec in specs:
        name, level, code = (*spec, None)[:3]
        for m in re.finditer(re.escape(name), t):
            out.append(PlaceMention(name, level, m.start(), m.end(), code=code))
    return sorted(out, key=lambda p: p.start)


def test_place_whole_banner_and_league():
    t = ("内蒙古兴安盟科尔沁右翼前旗推行嘎查村联建。在居力很镇,联合党委带动牧民增收。\n"
         "目前,全旗已组建党建联盟9个,覆盖嘎查村41个。")
    ps = _places(t, ("兴安盟", "city"), ("科尔沁右翼前旗", "county"), ("居力很镇", "township"))
    figs = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert figs == {("alliance_count", 9): "科尔沁右翼前旗", ("village_coverage", 41): "科尔沁右翼前旗"}


def test_place_whole_in_previous_sentence_carries():
    t = "安徽省金寨县推行联村党建。在梅山镇,三个村组建联合党委。\n2023年,全县村集体经济总收入达9800万元;农民人均可支配收入达到17600元。"
    ps = _places(t, ("安徽省", "province"), ("金寨县", "county"), ("梅山镇", "township"))
    figs = {f.value: f.place for f in find_figures(t, ps) if f.kind == "income"}
    assert figs == {9.8e7: "金寨县", 17600: "金寨县"}


def test_place_level_word_as_organ():
    t = "江西省安远县镇岗乡高云山村联合周边村发展脐橙;县里还统筹衔接资金800万元,支持各乡镇建设冷库。"
    ps = _places(t, ("江西省", "province"), ("安远县", "county"), ("镇岗乡", "township"), ("高云山村", "village"))
    (f,) = [f for f in find_figures(t, ps) if f.kind == "funding"]
    assert f.place == "安远县"


def test_place_whole_marker_later_than_place_wins():
    t = "据介绍,宁都县已在黄陂镇、东山坝镇等乡镇推广联村党委,全县共组建联村党委19个,覆盖86个行政村。"
    ps = _places(t, ("宁都县", "county"), ("黄陂镇", "township"), ("东山坝镇", "township"))
    assert {f.place for f in find_figures(t, ps)} == {"宁都县"}


# --- 1.2.0: label-before-number tables, counted nouns, unit prices, subject places -----------
@pytest.mark.parametrize(
    "text, expected",
    [
        # a table line: label, colon, full-width digits (the total and the projects are not figures)
        ("会宁县联建工作一览\n全县行政村总数：３０８个\n党建联盟数量：１５个\n覆盖行政村：６４个\n联建项目：２９个\n",
         [("alliance_count", 15, "exact", None), ("village_coverage", 64, "exact", None)]),
        ("联合党委总数: 7个\n涵盖行政村: 33个\n", [("alliance_count", 7, "exact", None), ("village_coverage", 33, "exact", None)]),
        # the label before the number with a bare 村 right after the cover verb
        ("截至今年6月,全县共组建产业党建联盟23个,覆盖村58个。",
         [("alliance_count", 23, "exact", None), ("village_coverage", 58, "exact", None)]),
        ("成立联村党委十一个,涵盖村七十余个。",
         [("alliance_count", 11, "exact", None), ("village_coverage", 70, "over", None)]),
        # N个 + the noun it counts: the alliance's villages, not a number of alliances
        ("去年,石门村集体收入达到42万元,联盟7个村带动群众务工1500余人。",
         [("income", 4.2e5, "exact", None), ("village_coverage", 7, "exact", None)]),
    ],
)
def test_kinds_labels_before_numbers(text, expected):
    got = _figs(text)
    assert [(k, pytest.approx(v), q, p) for k, v, q, p in expected] == got


@pytest.mark.parametrize(
    "text",
    [
        "全镇共有村32个,其中脱贫村9个。",  # a bare 村 without a cover verb: a total
        "片区联合党委12个成员单位每月召开联席会议。",  # counts members, not alliances
        "党建联盟3个项目已全部开工。",
        "牦牛肉收购价每公斤65元左右。",  # unit prices
        "合作社出厂价稳定在每千克12元。",
        "核桃每箱能卖到一百二十元。",
        "全县行政村总数：２１４个\n",
        "联合村32个党员全部亮明身份。",  # 联合村 is a village's name; the 32 counts party members
    ],
)
def test_traps_labels_and_prices(text):
    assert find_figures(text) == []


def test_unit_price_after_income_in_one_sentence():
    t = "联盟今年以来实现销售收入85万元,土鸡出栏价每只90元左右。"
    assert _figs(t) == [("income", 8.5e5, "exact", None)]


def test_place_in_document_title_is_not_a_subject():
    t = ("浙江省诸暨市深入落实《绍兴市党建联盟建设三年行动方案》,推动跨村联建。\n"
         "截至2023年底,全市共组建党建联盟36个,覆盖行政村172个。")
    ps = _places(t, ("浙江省", "province"), ("诸暨市", "county"), ("绍兴市", "city"))
    assert {f.place for f in find_figures(t, ps)} == {"诸暨市"}


def test_place_where_members_come_from_is_not_the_subject():
    t = "湖南省花垣县双龙镇党委牵头,联合本镇及排碧乡共九个村组建“苗乡”党建联盟。"
    ps = _places(t, ("湖南省", "province"), ("花垣县", "county"), ("双龙镇", "township"), ("排碧乡", "township"))
    (f,) = find_figures(t, ps)
    assert (f.kind, f.value, f.place) == ("village_coverage", 9, "双龙镇")
    t2 = "凤凰镇党委牵头成立果业联盟,整合邻县柳溪乡的6个村。"
    ps2 = _places(t2, ("凤凰镇", "township"), ("柳溪乡", "township"))
    (g,) = find_figures(t2, ps2)
    assert (g.value, g.place) == (6, "凤凰镇")


def test_place_scene_beats_place_inside_an_object():
    t = "在新店镇,党建联盟依托长汀县现代农业产业园,联合6个村种植槟榔芋,争取扶持资金300万元。"
    ps = _places(t, ("新店镇", "township"), ("长汀县", "county"))
    assert {(f.kind, f.place) for f in find_figures(t, ps)} == {("village_coverage", "新店镇"), ("funding", "新店镇")}
    # a clause subject written after the scene still wins
    t2 = "在长汀县,新店镇组建党建联盟,联合6个村种植槟榔芋。"
    ps2 = _places(t2, ("长汀县", "county"), ("新店镇", "township"))
    (g,) = find_figures(t2, ps2)
    assert g.place == "新店镇"


def test_place_example_opening_its_paragraph_carries_within_it():
    t = ("延川县共组建党建联盟14个。\n"
         "其中,文安驿镇党委牵头组建红枣产业联盟。去年,联盟销售红枣一千五百余万元。\n"
         "下一步,该县还将投入资金600万元。")
    ps = _places(t, ("延川县", "county"), ("文安驿镇", "township"))
    figs = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert figs == {("alliance_count", 14): "延川县", ("income", 1.5e7): "文安驿镇", ("funding", 6e6): "延川县"}


def test_place_village_named_again_before_its_figure():
    # the place finder gave only the first mention of 梨园村 (the hub): a later full mention counts
    t = "龙泉镇以梨园村为中心组建党建联盟。去年,梨园村村集体经济收入达到88.5万元。"
    ps = [_pm(t, "龙泉镇", "township", code="511502101000"),
          _pm(t, "梨园村", "village", code="511502101203")]
    (f,) = find_figures(t, ps)
    assert (f.kind, f.value, f.place) == ("income", 885000, "梨园村")


def test_place_alliance_villages_after_a_village_clause_go_to_its_township():
    t = "龙泉镇组建党建联盟。去年,梨园村村集体收入达52万元,联盟9个村带动群众务工800余人。"
    ps = _places(t, ("龙泉镇", "township", "511502101000"), ("梨园村", "village", "511502101203"))
    figs = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert figs == {("income", 520000): "梨园村", ("village_coverage", 9): "龙泉镇"}
    # a village that leads the alliance keeps the villages it brings together
    t2 = "龙泉镇梨园村牵头成立了果蔬产业联盟党委,整合周边5个村的土地资源。"
    ps2 = _places(t2, ("龙泉镇", "township", "511502101000"), ("梨园村", "village", "511502101203"))
    (g,) = find_figures(t2, ps2)
    assert g.place == "梨园村"


def test_place_ranking_whole_is_not_a_subject():
    t = "比如,长岭镇整合庙前村等6个村成立联合党委,建成全县首家共富工坊,带动村民人均增收2400元。"
    ps = _places(t, ("长岭镇", "township"), ("庙前村", "village"), ("某县", "county"))
    assert {f.place for f in find_figures(t, ps)} == {"长岭镇"}


def test_place_group_total_goes_to_township():
    t = ("走进河北省平山县岗南镇李家庄村,果园里一派繁忙。\n岗南镇党委推动李家庄、东岗南、西岗南四个村组建联合党委。"
         "“现在日子好过了。”李家庄村村民说。\n2023年,四个村村集体经济收入合计达到132万元。")
    ps = _places(t, ("河北省", "province"), ("平山县", "county"), ("岗南镇", "township", "130131100000"),
                 ("李家庄村", "village", "130131100201"), ("东岗南村", "village", "130131100202"))
    (f,) = [f for f in find_figures(t, ps) if f.kind == "income"]
    assert f.place == "岗南镇"


def test_place_alliance_subject_lifts_village_to_township():
    t = ("四川省苍溪县歧坪镇打破村界,组建猕猴桃产业联盟。\n双山村党支部书记介绍,联盟成立后村里变化很大。"
         "今年以来,联盟内合作社累计实现销售收入2300万元。")
    ps = _places(t, ("四川省", "province"), ("苍溪县", "county"), ("歧坪镇", "township", "510824105000"),
                 ("双山村", "village", "510824105210"))
    (f,) = find_figures(t, ps)
    assert f.place == "歧坪镇"


def test_place_village_own_alliance_is_not_lifted():
    t = "浙江省安吉县天荒坪镇。余村党建联盟去年实现旅游收入3200万元。"
    ps = _places(t, ("浙江省", "province"), ("安吉县", "county"), ("天荒坪镇", "township", "330523104000"),
                 ("余村", "village", "330523104201"))
    (f,) = find_figures(t, ps)
    assert f.place == "余村"


def test_place_money_for_a_group_goes_to_its_township():
    t = ("湖南省江永县兰溪乡勾蓝瑶村、黄家村、上村联合发展旅游。"
         "湖南省永州市文旅部门还为三个村争取传统村落保护资金240万元。")
    ps = _places(t, ("湖南省", "province"), ("江永县", "county"), ("兰溪乡", "township", "431125203000"),
                 ("勾蓝瑶村", "village", "431125203201"), ("黄家村", "village", "431125203202"),
                 ("上村", "village", "431125203203"), ("永州市", "city", "431100000000"))
    (f,) = find_figures(t, ps)
    assert f.place == "兰溪乡"


def test_place_listed_member_villages_lose_to_the_subject():
    t = "在塔尔寺镇,甲村、乙村和丙村组建联合党委,依托民俗文化发展乡村旅游,实现旅游收入380余万元。"
    ps = _places(t, ("塔尔寺镇", "township"), ("甲村", "village"), ("乙村", "village"), ("丙村", "village"))
    (f,) = find_figures(t, ps)
    assert f.place == "塔尔寺镇"


def test_place_hub_village_is_not_the_subject():
    t = "2022年,沙溪镇以长江村为核心,联合周边五个村组建片区党委,当年实现集体增收90万元。"
    ps = _places(t, ("沙溪镇", "township"), ("长江村", "village"))
    assert {f.place for f in find_figures(t, ps)} == {"沙溪镇"}


def test_place_brand_in_quotes_is_not_a_place():
    t = "在临泽镇,两个村组建联合党委,打造“临泽红”枣品牌,实现销售收入560万元。"
    ps = [PlaceMention("临泽镇", "township", 1, 4), PlaceMention("临泽县", "county", t.index("临泽红"), t.index("临泽红") + 2)]
    (f,) = [f for f in find_figures(t, ps) if f.kind == "income"]
    assert f.place == "临泽镇"


def test_place_destination_is_not_the_subject():
    t = "黄坪乡联合党委累计争取资金450万元,新建烘干车间2座,产品远销武汉、长沙等地。"
    ps = _places(t, ("黄坪乡", "township"), ("武汉", "city"), ("长沙", "city"))
    (f,) = find_figures(t, ps)
    assert f.place == "黄坪乡"


def test_place_quote_goes_to_the_speaker():
    t = ("湖北省竹山县宝丰镇推进联村党建。\n"
         "“现在光是茶厂这一块,村集体收入就有36万元。”双台村党支部书记算起了账。")
    ps = _places(t, ("湖北省", "province"), ("竹山县", "county"), ("宝丰镇", "township"), ("双台村", "village"))
    (f,) = find_figures(t, ps)
    assert f.place == "双台村"


def test_place_quoted_villager_does_not_carry():
    t = ("2021年,云和县崇头镇党委推动三个村组建党建联盟。\n“以前各干各的。”梅源村一位茶农说。\n"
         "茶叶品质上去了。2022年,片区茶叶综合产值达到1.6亿元,户均茶叶收入超过8万元。")
    ps = _places(t, ("云和县", "county"), ("崇头镇", "township"), ("梅源村", "village"))
    assert {f.place for f in find_figures(t, ps)} == {"崇头镇"}


def test_place_parts_after_qizhong_are_not_the_subject():
    t = "漳浦县深土镇推行联村党委。2022年,联村党委内各村花卉产值达到2.3亿元,其中东坂村达到4100万元。"
    ps = _places(t, ("漳浦县", "county"), ("深土镇", "township"), ("东坂村", "village"))
    figs = {f.value: f.place for f in find_figures(t, ps)}
    assert figs == {2.3e8: "深土镇", 4.1e7: "东坂村"}


# --- village coverage precision -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("目前,全盟已组建党建联盟7个,覆盖嘎查村64个。", [("alliance_count", 7), ("village_coverage", 64)]),
        ("整合周边11个嘎查成立联合党委。", [("village_coverage", 11)]),
        ("组建联建党支部,统筹四个村的茶叶产业和人居环境整治。", []),  # the villages' business
        ("党建共同体覆盖全乡7个行政村,7个村村集体经济收入全部超过15万元。", [("village_coverage", 7)]),
        ("联盟成立以来,两村统一打造公共品牌。", []),  # an anaphoric 两村, not coverage
        ("将三个村的党支部联合起来,组建联合党委。", [("village_coverage", 3)]),
    ],
)
def test_village_coverage_precision(text, expected):
    got = [(f.kind, f.value) for f in find_figures(text) if f.kind != "income"]
    assert got == [(k, pytest.approx(v)) for k, v in expected]


def test_headline_figure_repeated_in_body_is_kept_in_body():
    t = "五村结成党建联盟 梯田变身致富田\n2021年,沙坪镇党委牵头,联合甲、乙、丙等五个村组建党建联盟。"
    ps = _places(t, ("沙坪镇", "township"))
    figs = find_figures(t, ps)
    assert [(f.kind, f.value, f.place) for f in figs] == [("village_coverage", 5, "沙坪镇")]


def test_money_range_is_its_lower_end():
    (f,) = find_figures("各户每年民宿收入3万元至8万元不等。")
    assert (f.kind, f.value, f.value_min, f.value_max, f.qualifier) == ("income", 3e4, 3e4, 8e4, "approx")
    (g,) = find_figures("村集体经济收入普遍在12万至30万元之间。")
    assert (g.value, g.value_max) == (1.2e5, 3e5)


def test_stock_spam_is_no_figure():
    assert find_figures("内部荐股:跟着老师操盘一周收益超80万元。") == []


def test_attribute_places_without_places_is_noop():
    figs = extract_figures("覆盖30个行政村。")
    assert attribute_places(figs, [], "覆盖30个行政村。")[0].place is None


# --- component ----------------------------------------------------------------------------------
def test_spacy_component():
    import spacy

    import extractors.figures  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("partybuild_figures")
    t = "温州市文成县组建党建联盟20个,覆盖行政村98个。"
    doc = nlp.make_doc(t)
    doc._.places = [_pm(t, "文成县", "county")]
    doc = nlp.get_pipe("partybuild_figures")(doc)
    fid = f"{NAME}@{VERSION}"
    assert [(f.kind, f.value, f.place, f.extractor) for f in doc._.figures] == [
        ("alliance_count", 20, "文成县", fid), ("village_coverage", 98, "文成县", fid)]


# --- properties ------------------------------------------------------------------------------
_alpha = st.sampled_from(list("0123456789一二三十百千万亿余多超近个元村行政覆盖组建党建联盟收入投资资金,。、\n 全市该镇"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_alpha, max_size=60) | st.text(max_size=60))
def test_never_raises_and_evidence_is_exact(text):
    places = [PlaceMention("某市", "city", 0, min(2, len(text)))] if len(text) >= 2 else []
    for f in find_figures(text, places):
        assert 0 <= f.start < f.end <= len(text)
        assert f.sentence_start <= f.start and f.end <= max(f.sentence_end, f.end)
        assert f.kind in {"alliance_count", "village_coverage", "income", "funding"}
        assert text[f.start:f.end]  # evidence == text[start:end] is non-empty


def test_sentences_tile():
    t = "一。二;三\n四!五"
    spans = split_sentences(t)
    assert "".join(t[a:b] for a, b in spans) == t


# --- gold evaluation (dev set) ---------------------------------------------------------------
def _simplified(text: str, script: str) -> str:
    if script == "simplified":
        return text
    from pipeline.stages.script import to_simplified

    return to_simplified(text)


def _places_for(text: str, gold: dict) -> list[PlaceMention]:
    """The places component when present; else mentions of the gold place names (test only)."""
    try:
        from extractors.places import find_places  # type: ignore

        return find_places(text)
    except ImportError:
        pass
    out: list[PlaceMention] = []
    for p in gold["places"]:
        names = {p["name"]} | {p["name"][: -len(s)] for s in ("省", "市", "县", "区", "镇", "乡", "街道", "村")
                               if p["name"].endswith(s) and len(p["name"]) > len(s) + 1}
        for n in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(n), text):
                if not any(o.start <= m.start() < o.end for o in out):
                    out.append(PlaceMention(p["name"], p["level"], m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def evaluate_gold() -> dict:
    counts: dict[str, list[int]] = {}
    qual, place = [0, 0], [0, 0]
    for gpath in sorted((ROOT / "tests/fixtures/gold").glob("*.json")):
        gold = json.loads(gpath.read_text("utf-8"))
        text = _simplified((ROOT / "corpus" / gold["article"]).read_text("utf-8"), gold["script"])
        figs = find_figures(text, _places_for(text, gold))
        used: set[int] = set()
        for f in figs:
            hit = next((i for i, g in enumerate(gold["figures"]) if i not in used and g["kind"] == f.kind
                        and abs(g["value"] - f.value) <= 0.005 * max(g["value"], 1)), None)
            c = counts.setdefault(f.kind, [0, 0, 0])
            if hit is None:
                c[1] += 1
                continue
            used.add(hit)
            g = gold["figures"][hit]
            if g["optional"]:
                continue
            c[0] += 1
            qual[0] += g["qualifier"] == f.qualifier
            qual[1] += 1
            strip = lambda s: re.sub(r"(省|市|县|区|镇|乡|街道|村|社区)$", "", s or "")  # noqa: E731
            place[0] += strip(g["place"]) == strip(f.place)
            place[1] += 1
        for i, g in enumerate(gold["figures"]):
            if i not in used and not g["optional"]:
                counts.setdefault(g["kind"], [0, 0, 0])[2] += 1
    return {"counts": counts, "qualifier": qual, "place": place}


def test_gold_f1():
    res = evaluate_gold()
    for kind, (tp, fp, fn) in res["counts"].items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        assert f1 >= 0.9, (kind, tp, fp, fn)
    assert res["qualifier"][0] >= 0.9 * res["qualifier"][1]


if __name__ == "__main__":
    r = evaluate_gold()
    for k, (tp, fp, fn) in r["counts"].items():
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        print(f"{k:18} P={p:.2f} R={rc:.2f} F1={2 * p * rc / (p + rc) if p + rc else 0:.2f}  tp={tp} fp={fp} fn={fn}")
    print("qualifier", r["qualifier"], "place", r["place"])


# --- measure words, village-led alliances, member organisations, export sales ---------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("截至今年6月,安徽省金寨县共组建“红色联盟”16支,覆盖行政村73个。",
         [("alliance_count", 16, "exact", None), ("village_coverage", 73, "exact", None)]),
        ("全市共组建产业党建联盟35家、覆盖212个村。",
         [("alliance_count", 35, "exact", None), ("village_coverage", 212, "exact", None)]),
        ("2023年以来,全县组建9支跨村党建联盟。", [("alliance_count", 9, "exact", None)]),
        ("全县组建16个“跨村”党建联盟。", [("alliance_count", 16, "exact", None)]),
        ("目前全州已建成片区联合党委四十余家。", [("alliance_count", 40, "over", None)]),
        ("该县将12个移民村党组织纳入库区产业联合党委。", [("village_coverage", 12, "exact", None)]),
        ("联合党委吸纳8个行政村党支部加入。", [("village_coverage", 8, "exact", None)]),
        ("镇党委牵头,将上寨、中寨、下寨三个村联成一体,组建三寨联村党委。", [("village_coverage", 3, "exact", None)]),
        ("今年以来,联盟竹制品出口额达3500万元,外贸进出口额1.2亿元。",
         [("income", 3.5e7, "exact", None), ("income", 1.2e8, "exact", None)]),
    ],
)
def test_kinds_measure_words_members_exports(text, expected):
    got = _figs(text)
    assert [(k, pytest.approx(v), q, p) for k, v, q, p in expected] == got


@pytest.mark.parametrize(
    "text",
    [
        "联盟共有成员单位26家,引进企业15家。",  # members and firms counted in 家
        "党建联盟吸纳23家企业参与。",
        "全县茶企86家,组建志愿服务队12支。",
        "伍家岭党建联盟成立后,陆家湾片区联合党委随即挂牌。",  # 伍家/陆家 are names, not 5家/6家
        "全县15个村党组织书记参加联盟培训。",  # people, not villages
        "召开12个村党支部联席会议。",
        "三个村联成一体,共同发展民宿。",  # joined, but no alliance formed
        "【广告】在家日赚500元,添加客服微信立领188元红包!",  # an ad carrying money
    ],
)
def test_traps_measure_words_and_members(text):
    assert find_figures(text) == []


def test_place_village_led_alliance_keeps_its_figures():
    t = ("湖北省秭归县郭家坝镇是脐橙大镇。烟灯堡村联合周边4个村组建柑橘党建联盟,统一品牌销售。"
         "去年,联盟柑橘销售额达5600万元,联盟各村村均集体经济收入突破25万元。")
    ps = _places(t, ("湖北省", "province"), ("秭归县", "county"), ("郭家坝镇", "township", "420527102000"),
                 ("烟灯堡村", "village", "420527102201"))
    figs = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert figs == {("village_coverage", 4): "烟灯堡村", ("income", 5.6e7): "烟灯堡村",
                    ("income", 2.5e5): "烟灯堡村"}


def test_place_village_organ_leads_after_the_village_is_named():
    t = ("云南省普洱市思茅区倚象镇大寨村是茶叶专业村。村党总支牵头,联合周边3个村成立普洱茶党建联盟。"
         "去年,联盟茶叶产值达8900万元。")
    ps = _places(t, ("云南省", "province"), ("普洱市", "city"), ("思茅区", "county"),
                 ("倚象镇", "township", "530802104000"), ("大寨村", "village", "530802104205"))
    assert {(f.kind, f.place) for f in find_figures(t, ps)} == {("village_coverage", "大寨村"), ("income", "大寨村")}


def test_place_village_leads_by_you_and_after_a_scene():
    t = "贵州省湄潭县桃源镇。由石门村牵头,联合周边6个村组建联合党委,两年来累计争取资金1500万元。"
    ps = _places(t, ("贵州省", "province"), ("湄潭县", "county"), ("桃源镇", "township", "520328105000"),
                 ("石门村", "village", "520328105201"))
    assert {(f.kind, f.place) for f in find_figures(t, ps)} == {("village_coverage", "石门村"), ("funding", "石门村")}
    t2 = "在田阳区那坡镇,坡塘村联合周边5个村成立芒果党建联盟,共同经营。去年,联盟芒果销售收入达6200万元。"
    ps2 = _places(t2, ("田阳区", "county"), ("那坡镇", "township", "451003105000"), ("坡塘村", "village", "451003105203"))
    assert {(f.kind, f.place) for f in find_figures(t2, ps2)} == {("village_coverage", "坡塘村"), ("income", "坡塘村")}


def test_place_township_led_alliance_stays_with_the_township():
    t = "甘肃省静宁县威戎镇党委牵头,以杨桥村为龙头,联合周边5个村组建苹果产业党建联盟。去年,联盟苹果销售收入达1.2亿元。"
    ps = _places(t, ("甘肃省", "province"), ("静宁县", "county"), ("威戎镇", "township", "620826101000"),
                 ("杨桥村", "village", "620826101201"))
    assert {(f.kind, f.place) for f in find_figures(t, ps)} == {("village_coverage", "威戎镇"), ("income", "威戎镇")}


def test_place_later_village_with_its_own_figure_is_not_the_subject():
    t = ("陕西省商南县富水镇以茶坊村为核心,联合周边4个村组建茶叶党建联盟。"
         "去年,联盟茶叶销售收入达9600万元,茶坊村村集体经济收入突破80万元。")
    ps = _places(t, ("陕西省", "province"), ("商南县", "county"), ("富水镇", "township", "611023101000"),
                 ("茶坊村", "village", "611023101202"))
    figs = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert figs[("income", 9.6e7)] == "富水镇" and figs[("income", 8e5)] == "茶坊村"


def test_place_two_small_counts_each_in_its_own_township():
    t = ("江西省铅山县。河口镇党委牵头,将东关、西关、南关三个村联成一体,成立三关联村党委。"
         "石塘镇以石塘村为核心,联合周边3个村组建古镇党建联盟。")
    ps = _places(t, ("江西省", "province"), ("铅山县", "county"), ("河口镇", "township", "361124100000"),
                 ("石塘镇", "township", "361124101000"), ("石塘村", "village", "361124101201"))
    got = [(f.kind, f.value, f.place) for f in find_figures(t, ps)]
    assert got == [("village_coverage", 3, "河口镇"), ("village_coverage", 3, "石塘镇")]


# --- featured cases, stock counts, social capital, heading repeats, township-led alliances ----
def test_count_of_featured_cases_is_not_an_alliance_count():
    t = "编者按：近年来，湖北省竹山县推进联建。本期带您走进三个联合党委。\n竹山县共组建联合党委17个。"
    assert _figs(t) == [("alliance_count", 17, "exact", None)]
    t2 = "下面介绍两个党建联盟的做法。"
    assert _figs(t2) == []
    # the same with another measure word: the cases featured, whatever counts them
    assert _figs("本期带您走进三支共富党建联盟。\n全市组建党建联盟12支。") == [("alliance_count", 12, "exact", None)]


def test_stock_count_takes_the_noun_of_the_clause_before():
    t = "今年，全区新组建跨村党建联盟6个，累计达到27个。"
    figs = [(f.kind, f.value, f.label) for f in find_figures(t)]
    assert figs == [("alliance_count", 6, "党建联盟"), ("alliance_count", 27, "跨村党建联盟")]
    assert _figs("今年新签约项目5个，累计达到40个。") == []


def test_cover_verb_with_a_modifier_before_village():
    assert _figs("全县组建茶叶产业联盟，覆盖高山村37个。") == [("village_coverage", 37, "exact", None)]


def test_social_capital_brought_in_is_funding():
    assert _figs("联盟成立以来，引入社会资本1.6亿元。") == [("funding", 1.6e8, "exact", None)]


def test_heading_figure_said_again_in_the_body_is_kept_in_the_body():
    t = "02 青山下六村联建\n青峰镇以石门村为核心，联合周边六个村成立青山联村党委。"
    ps = [_pm(t, "青峰镇", "township"), _pm(t, "石门村", "village")]
    figs = find_figures(t, ps)
    assert [(f.kind, f.value, f.place) for f in figs] == [("village_coverage", 6, "青峰镇")]


def test_township_party_committee_leads_the_alliance():
    t = ("桐木镇溪口村是有名的富裕村。镇党委以溪口村为核心，联合周边9个村成立溪口片区联合党委。"
         "去年，溪口村村集体经济收入达300万元，片区内农户户均增收5000余元。")
    ps = [_pm(t, "桐木镇", "township"), _pm(t, "溪口村", "village")]
    got = {(f.kind, f.value): f.place for f in find_figures(t, ps)}
    assert got[("village_coverage", 9)] == "桐木镇"
    assert got[("income", 5000)] == "桐木镇"
    assert got[("income", 3e6)] == "溪口村"


def test_numbers_and_places_that_look_like_spam_words_keep_their_figures():
    # 365 (bet365), 澳门 (casinos), 彩票 (lottery sites): as plain news they carry real figures
    assert [(f.kind, f.value) for f in find_figures("全县投资365万元建设联盟服务中心。")] == [("funding", 3_650_000)]
    assert [f.value for f in find_figures("该村村集体经济收入达到120万元，产品远销澳门。")] == [1_200_000]
    assert [f.kind for f in find_figures("利用体育彩票公益金投入200万元。")] == ["funding"]


@pytest.mark.parametrize("text, expected", [
    ("歧坪镇以金钟村、邵家村等4个村为一个片区，成立“红心猕猴桃”产业联合党委。", [("village_coverage", 4)]),
    ("淳安县把相邻的5个村划为一个片区，组建片区联合党委。", [("village_coverage", 5)]),
    ("某镇以3个村为一个片区，推进人居环境整治。", []),  # grouped, but no alliance formed
])
def test_villages_grouped_into_one_unit_then_an_alliance(text, expected):
    assert [(kind, value) for kind, value, _, _ in _figs(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("全县组建了8个以产业为纽带的党建联盟，覆盖45个村。", [("alliance_count", 8, "党建联盟"), ("village_coverage", 45, "村")]),
    ("当地共有5个跨村联合党委、2个村企联建党委。", [("alliance_count", 5, "跨村联合党委"), ("alliance_count", 2, "村企联建党委")]),
    ("吸纳5个成员单位的党建联盟成立。", []),  # the 的-phrase names what 5 counts
])
def test_alliance_counts_with_a_phrase_or_a_village_enterprise_noun(text, expected):
    assert [(f.kind, f.value, f.label) for f in find_figures(text, [])] == expected


@pytest.mark.parametrize("text, expected", [
    ("纳入联盟的村达到35个。", [("village_coverage", 35, "村")]),
    ("党建联盟成员村达到18个。", [("village_coverage", 18, "成员村")]),
    ("联合党委的村党支部书记12人参加培训。", []),
])
def test_village_nouns_written_before_their_number(text, expected):
    assert [(f.kind, f.value, f.label) for f in find_figures(text, [])] == expected


@pytest.mark.parametrize("text, expected", [
    ("实现产值15亿元，利润2亿元，税收5000万元。", [("income", 1.5e9), ("income", 2e8)]),  # taxes paid: neither
    ("龙头企业年纳税300万元，带动村集体增收50万元。", [("income", 5e5)]),
])
def test_taxes_are_neither_income_nor_funding(text, expected):
    assert [(kind, value) for kind, value, _, _ in _figs(text)] == expected


@pytest.mark.parametrize("text", [
    "横跨3个省份的党建联盟成立。", "联合2个县区的党建联合体。", "围绕20个重点项目的党建联盟。", "由5个行业的党建共同体组成。",
])
def test_other_phrases_before_an_alliance_noun_name_what_is_counted(text):
    assert _figs(text) == []

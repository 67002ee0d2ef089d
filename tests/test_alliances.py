"""Named alliances versus generic mentions, on sentences of our own from other provinces."""

import re

import pytest

from extractors.alliances import find_alliances
from extractors.places import find_places


def names(text):
    return [a.name for a in find_alliances(text, find_places(text))]


def test_quoted_name_loses_its_quotes():
    text = "江西省赣州市于都县梓山镇组建“富硒蔬菜”党建联盟，带动农户增收。"
    found = find_alliances(text, find_places(text))
    assert [a.name for a in found] == ["富硒蔬菜党建联盟"]
    assert text[found[0].start:found[0].end] == "“富硒蔬菜”党建联盟"


def test_leading_county_is_not_part_of_the_name():
    assert names("湖南省浏阳市金阳党建联盟成立以来，已举办活动20场。") == ["金阳党建联盟"]


def test_township_kept_when_the_rest_is_only_type_words():
    assert names("四川省蒲江县甘溪镇农业产业党建联盟指导果农种植柑橘。") == ["甘溪镇农业产业党建联盟"]


def test_generic_mentions_are_not_names():
    text = "各地积极探索组建党建联盟，全面深化全域党建联盟建设，探索成立片区联合党委和治理党建联盟。"
    assert names(text) == []


def test_county_alone_before_the_noun_is_a_policy_not_a_name():
    assert names("近日，河南日报报道了信阳市党建联盟引领乡村振兴的做法。") == []


def test_joint_party_committee_after_a_township():
    assert "百谷联合党委" in names("广西田东县祥周镇成立芒果产业联合党委，又组建百谷联合党委。")


def test_dash_joined_village_names():
    text = "云南省大理州洱源县凤羽镇成立了凤翔—振兴—起凤联村党委。"
    assert "凤翔—振兴—起凤联村党委" in names(text)


def test_place_of_an_alliance_is_the_nearest_place_before_it():
    text = "贵州省遵义市播州区枫香镇组建花茂党建联盟。"
    found = find_alliances(text, find_places(text))
    assert found and found[0].place in ("枫香镇", "播州区")


# -- 1.1.0 --------------------------------------------------------------------------------------

def test_quoted_name_with_descriptor_before_the_noun():
    text = "会宁县组建“稻香源”水稻产业党建联盟，统一供种。"
    found = find_alliances(text, find_places(text))
    assert [a.name for a in found] == ["稻香源水稻产业党建联盟"]
    assert text[found[0].start:found[0].end] == "“稻香源”水稻产业党建联盟"
    assert names("会宁县组建“产业”农业党建联盟。") == []  # quoted type word: still generic


def test_industry_alliance_party_committee():
    assert names("宁南县白鹤滩镇牵头成立了金沙江柑橘产业联盟党委，整合资源。") == ["金沙江柑橘产业联盟党委"]
    # 'X党建联盟党委' is the alliance's committee: the name stays the alliance
    assert names("余姚新时代红村党建联盟党委书记介绍了经验。") == ["新时代红村党建联盟"]


def test_name_built_on_a_named_village_keeps_the_whole_village_name():
    # jieba cuts 组建七星 as 组建/七/星: the village 七星村 the article names gives the name back
    text = "商洛市商州区三岔河镇以七星村为中心组建七星片区党委，带动周边村发展。"
    assert names(text) == ["七星片区党委"]


# -- 1.2.0 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("浙江省安吉县溪龙乡白茶产业党建联盟成立，统一品牌。", "溪龙乡白茶产业党建联盟"),
    ("湖北省秭归县茅坪镇橘子产业联合党委带动果农增收。", "茅坪镇橘子产业联合党委"),
    # quoted whole, as articles often quote a township's alliance
    ("广西田东县林逢镇成立“林逢镇芒果产业联合党委”，统一销售。", "林逢镇芒果产业联合党委"),
    ("山东省寿光市孙家集街道蔬菜产业链联合党委成立。", "孙家集街道蔬菜产业链联合党委"),
    # a county before a product industry is the proper name too
    ("宁夏中宁县枸杞产业党建联盟成立。", "中宁县枸杞产业党建联盟"),
])
def test_place_before_a_product_industry_stays(text, name):
    # 白茶产业 / 芒果产业 say what kind of alliance; the place says which one
    assert names(text) == [name]


def test_township_before_a_member_village_is_dropped():
    # the alliance is named after its lead village (花茂村): the township is context
    assert names("贵州省遵义市播州区枫香镇以花茂村为核心组建枫香镇花茂党建联盟。") == ["花茂党建联盟"]
    # a bare short word is like a village's name: the township is context too
    assert names("陕西省洛川县旧县镇红枫党建联盟成立。") == ["红枫党建联盟"]
    assert names("陕西省洛川县旧县镇红枫农旅党建联盟成立。") == ["旧县镇红枫农旅党建联盟"]


@pytest.mark.parametrize("text,name", [
    # a mountain, a lake, a theme: the township says which alliance it is
    ("湖北省房县门古寺镇成立门古寺镇神农架旅游党建联盟。", "门古寺镇神农架旅游党建联盟"),
    ("江西省永修县吴城镇白鹭洲联村党委统筹7个村。", "吴城镇白鹭洲联村党委"),
])
def test_township_before_a_non_member_stays(text, name):
    assert names(text) == [name]


def test_joint_village_committee_after_a_verb_is_generic():
    assert names("江西省于都县村党支部书记说，借助联村党委统一销售，村里增收。") == []


@pytest.mark.parametrize("text", [
    "甘肃省静宁县组建苹果产业党建联盟，统一技术标准。",
    "近年来，江苏省睢宁县成立蔬菜产业联合党委，带动农户增收。",
    "各乡镇纷纷组建食用菌产业链党建联盟。",
])
def test_a_bare_product_industry_is_a_kind_not_a_name(text):
    # 苹果产业党建联盟 with no place or proper word says what kind of alliance, not which one
    assert names(text) == []


def test_a_proper_word_before_the_product_industry_makes_a_name():
    assert names("四川省苍溪县组建“红心”猕猴桃产业党建联盟。") == ["红心猕猴桃产业党建联盟"]
    assert names("贵州省湄潭县组建金花茶叶产业联合党委。") == ["金花茶叶产业联合党委"]


# -- 1.3.0 --------------------------------------------------------------------------------------

_PROPERTY_TEXTS = [
    "青海日报 2024-05-01 08:00 西宁\n联合党委引领乡村振兴 高原牧场“抱团”闯市场",
    "湖南日报\n党建联盟让茶香飘得更远",
    "▲ 桃源乡：“茶香”联合党委显身手\n桃源乡联合5个村成立“桃源茶香”联合党委。",
    "山林“联”出好光景——永川区推广片区化党建联盟经验\n永川区组建“竹海人家”党建联盟。",
    "云南省大理州洱源县凤羽镇成立了凤翔—振兴—起凤联村党委和“「彩云」”党建联盟。",
    "贵州省仁怀市组建“醇香赤水”酿酒产业党建联盟，统一收购高粱。",
    "江西省于都县组建“富硒蔬菜”\n党建联盟，又成立梓山—潭头联村党委。",
]


@pytest.mark.parametrize("text", _PROPERTY_TEXTS)
def test_a_name_is_the_text_at_its_offsets(text):
    # quote marks are the only characters dropped: never a name pieced from two lines or words
    for a in find_alliances(text, find_places(text)):
        span = text[a.start:a.end]
        assert re.sub(r"[“”\"「」『』‘’]", "", span) == a.name
        assert "\n" not in span


def test_a_name_does_not_cross_a_line_break():
    # a dateline's place and a headline's generic noun: no 西宁联合党委
    assert names("青海日报 2024-05-01 08:00 西宁\n联合党委引领乡村振兴。") == []
    assert names("今日 兰州\n党建联盟带富一方") == []


def test_a_clause_dash_is_not_a_joining_dash():
    # a headline's 破折号 before a clause: nothing is joined, and the clause is no name
    assert names("山林“联”出好光景——永川区推广片区化党建联盟经验") == []
    assert names("广东省清远市清新区推广区域化党建联盟做法。") == []
    # single dashes between place-like names still join them
    assert names("云南省某县成立了上坪—下坪—中坪联村党委。") == ["上坪—下坪—中坪联村党委"]


def test_a_dash_chain_part_with_a_verb_of_forming_is_not_joined():
    found = names("山乡美景——石桥推动联建党建联盟")
    assert not any("—" in n for n in found)


def test_quoted_name_with_a_trade_jieba_tags_as_a_verb():
    # jieba tags 酿酒 'vn' and 烘焙 'v': before 产业 they name a trade, not start a clause
    assert names("贵州省仁怀市组建“醇香赤水”酿酒产业党建联盟，统一收购高粱。") == ["醇香赤水酿酒产业党建联盟"]
    assert names("福建省某镇组建“麦香满园”烘焙产业党建联盟。") == ["麦香满园烘焙产业党建联盟"]
    # a clause after the quote is still no descriptor
    assert names("按照“三联三带”模式组建党建联盟。") == []


def test_a_shortened_mention_of_a_longer_name_is_not_a_second_alliance():
    text = "▲ 桃源乡：“茶香”联合党委显身手\n桃源乡联合5个村和2家茶企成立“桃源茶香”联合党委。"
    assert names(text) == ["桃源茶香联合党委"]
    # a heading's short form of a township's product-industry committee
    text = "【石门镇：柑橘联合党委】\n湖南省石门县石门镇成立石门镇柑橘产业联合党委，统一销售。"
    assert names(text) == ["石门镇柑橘产业联合党委"]


def test_different_alliances_with_shared_words_both_stay():
    text = "某县组建“青山绿水”党建联盟，又成立“青山”联合党委和“绿水人家”党建联盟。"
    assert sorted(names(text)) == sorted(["青山绿水党建联盟", "青山联合党委", "绿水人家党建联盟"])


def test_quoted_type_words_stay_generic():
    # GUIDELINES: a mention made only of type words is a kind of alliance, quoted or not
    assert names("宁夏某镇组建了“村社联建”党建联盟，联合3个村。") == []


def test_township_with_a_generic_noun_is_a_name():
    # like 某镇联村党委 in the gold: the township's joint committee
    assert names("吉林省蛟河市天岗镇联合党委统筹6个村发展。") == ["天岗镇联合党委"]


def test_every_fixture_name_is_the_text_at_its_offsets():
    from pathlib import Path

    root = Path(__file__).parent / "fixtures"
    for path in sorted(root.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for a in find_alliances(text, find_places(text)):
            assert _is_its_span(a.name, text[a.start:a.end]), (path.name, a.name)


def _is_its_span(name, span):
    """The name is its span, quote marks dropped; a name listed before a shared noun
    (甲片、乙片等3个联村党委) is its item, which opens the span, plus the noun, which closes it."""
    clean = re.sub(r"[“”\"「」『』‘’]", "", span)
    listed = any(clean.startswith(name[:k]) and clean.endswith(name[k:])
                 and re.search(r"(?:等|个)" + re.escape(name[k:]) + r"\Z", clean) for k in range(2, len(name) - 1))
    return clean == name or bool(listed)


# -- 1.4.0 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    # jieba cuts 台岭 / 口前 / 道源 into classifier-like pieces: the village the article names
    # gives the name back (not 岭白茶, 竹编, 源竹编)
    ("安吉县天荒坪镇以台岭村为核心，联合周边5个村组建台岭白茶党建联盟。", "台岭白茶党建联盟"),
    ("安吉县天荒坪镇以口前村为核心，联合周边5个村组建口前竹编党建联盟。", "口前竹编党建联盟"),
    ("安吉县天荒坪镇以道源村为核心，联合周边5个村组建道源竹编党建联盟。", "道源竹编党建联盟"),
    # a village name + a type word: the village makes it a name
    ("安吉县天荒坪镇港口村联合周边5个村成立港口旅游党建联盟。", "港口旅游党建联盟"),
])
def test_name_built_on_a_named_village_keeps_it(text, name):
    assert names(text) == [name]


def test_a_named_village_is_not_glued_across_a_word():
    # 新光 is a village here, but 创新光伏 holds it only by accident
    assert "新光伏党建联盟" not in names("安吉县天荒坪镇新光村党员说，组建创新光伏党建联盟。")


def test_first_part_of_a_dash_chain_is_a_named_village():
    text = "福建省屏南县棠口乡以口前村为核心，成立口前—漈头—棠口联村党委。"
    assert names(text) == ["口前—漈头—棠口联村党委"]


def test_township_before_a_qualified_product_industry_stays():
    text = "浙江省淳安县宋村乡将8个村纳入宋村乡高山茶叶产业联合党委。"
    assert names(text) == ["宋村乡高山茶叶产业联合党委"]
    # without the place, a qualified product industry is a kind
    assert names("浙江省淳安县组建有机大米产业党建联盟。") == []


@pytest.mark.parametrize("text", [
    "安吉县天荒坪镇将7个村纳入温泉康养党建联盟，发展民宿。",
    "安吉县天荒坪镇组建农旅党建联盟，又组建“农旅融合”党建联盟。",
    "鄂托克旗深化嘎查村党建联盟建设。",  # not 查村党建联盟
])
def test_theme_labels_are_not_names(text):
    assert names(text) == []


def test_a_proper_word_with_a_theme_word_is_a_name():
    assert names("安吉县天荒坪镇将7个村纳入竹海康养党建联盟，发展民宿。") == ["竹海康养党建联盟"]


# -- 1.5.0 --------------------------------------------------------------------------------------

def test_dash_chain_starting_with_a_named_village_keeps_it():
    text = "浙江省安吉县天荒坪镇党委以岚村为龙头，与苏村组建岚村—苏村联村党委。"
    assert names(text) == ["岚村—苏村联村党委"]


@pytest.mark.parametrize("text", [
    "安吉县：建强联村党组织 推动生态优势转化为发展优势",  # a verb and its result
    "力争到2030年，所有联村党组织成员村收入达到30万元。",  # a quantifier
    "安吉县将全部联合党委纳入考核。",
])
def test_verb_or_quantifier_before_the_noun_is_not_a_name(text):
    assert names(text) == []


def test_place_nickname_is_not_a_name():
    # '茶乡' describes the county; a quoted one is a brand and stays
    assert names("安吉茶乡党建联盟 让茶农抱团闯市场\n浙江省安吉县推进联建。") == []
    assert names("浙江省安吉县递铺街道组建“茶乡”党建联盟，带动茶农增收。") == ["茶乡党建联盟"]


def test_unknown_township_before_an_industry_keeps_its_whole_name():
    text = "浙江省湖州市安吉县推进联建。\n云艺乡竹笋产业党建联盟覆盖6个村，建成加工厂2座。"
    assert names(text) == ["云艺乡竹笋产业党建联盟"]


@pytest.mark.parametrize("text, expected", [
    ("广西壮族自治区三江县程阳八寨联村党委牵头发展茶旅融合。", ["程阳八寨联村党委"]),  # jieba: 程/阳/八/寨
    ("贵州省雷山县成立八寨联村党委。", ["八寨联村党委"]),
    ("贵州省雷山县成立三村联合党委，统筹三个村的旅游资源。", []),  # a count of villages, no name
    ("湖北省郧西县成立五镇党建联盟。", []),
])
def test_a_numeral_inside_a_place_like_name(text, expected):
    assert names(text) == expected


# -- 1.6.0: rule cases as data (tests/cases/alliances.tsv: rule, text, names, why) ---------------

def _cases():
    from pathlib import Path

    path = Path(__file__).parent / "cases" / "alliances.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rule, text, expected, why = line.split("\t")
            yield pytest.param(text, [n for n in expected.split("|") if n], id=rule)


@pytest.mark.parametrize("text,expected", list(_cases()))
def test_rule_case(text, expected):
    assert sorted(names(text)) == sorted(expected)

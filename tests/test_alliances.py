"""Named alliances versus generic mentions, on sentences of our own from other provinces."""

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


def test_place_before_a_proper_name_is_still_dropped():
    assert names("贵州省遵义市播州区枫香镇花茂党建联盟成立。") == ["花茂党建联盟"]
    assert names("陕西省洛川县旧县镇红枫党建联盟成立。") == ["红枫党建联盟"]


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

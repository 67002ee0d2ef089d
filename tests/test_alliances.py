"""Named alliances versus generic mentions, on sentences of our own from other provinces."""

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

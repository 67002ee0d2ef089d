"""Photo credits and journal front matter: dropped as lines, body sentences kept (invented lines)."""

import pytest

from pipeline.stages.text_clean import NAME, VERSION, clean_text, is_junk_line

BODY = [
    "2022年以来，青海省互助县丹麻镇推行“村村联建”，组建联合党委5个，覆盖23个行政村。",
    "联建村统一经营青稞和马铃薯基地，去年村集体经济收入平均增加9.6万元。",
]


def clean(lines):
    return clean_text("\n".join(lines)).split("\n")


@pytest.mark.parametrize("credit", [
    "（记者 韩小东 摄）",
    "(通讯员 祁某某 摄)",
    "韩小东 摄",
    "（韩小东摄）",
    "本报记者 马某某 摄",
    "新华社记者 冶某 摄",
    "记者 韩小东 通讯员 祁某某 摄",
    "摄影：韩小东",
    "摄影/祁某某",
    "（受访者供图）",
    "丹麻镇党委供图",
    "祁某某 供图",
    "图片来源：网络",
    "图片来源于网络",
    "图源：互助县委组织部",
    "图片由丹麻镇人民政府提供",
    "题图：韩小东 摄",
    "（资料图片）",
    "图/文 韩小东",
])
def test_photo_credit_lines_dropped(credit):
    assert is_junk_line(credit)
    assert clean(BODY[:1] + [credit] + BODY[1:]) == BODY


@pytest.mark.parametrize("line", [
    "摘要：本文以青海省某县为例，分析村级党组织联建的路径和成效。",
    "【摘 要】村级党组织联建是基层党建的一种创新形式。",
    "摘   要:联合党委推动了产业协同。",
    "〔摘要〕 以联建促振兴的经验值得总结。",
    "Abstract: This paper examines joint village party committees in northwest China.",
    "关键词：村村联建；联合党委；乡村振兴",
    "[关键词] 联合党委 集体经济",
    "Key words: joint construction; village collective economy",
    "作者简介：马某某（1988—），女，青海人，某某大学讲师，主要研究方向为基层治理。",
    "基金项目：国家社会科学基金青年项目（23CDJ045）",
    "中图分类号：D267.2",
    "中图分类号:D422.6 文献标识码:A 文章编号:1008-0000(2024)03-0061-09",
    "文献标识码：B",
    "文章编号：1672-0000(2024)02-0015-07",
    "DOI：10.16000/j.cnki.xxxx.2024.02.003",
    "doi:10.3969/j.issn.1000-0000.2024.05.011",
    "收稿日期：2024-01-15",
    "（某某大学 马克思主义学院，青海 西宁 810000）",
])
def test_front_matter_lines_dropped(line):
    assert clean([line] + BODY) == BODY


def test_bare_labels_and_what_they_label_dropped():
    page = [
        "摘要",
        "本文考察互助县的联建实践，认为联合党委提高了资源统筹的效率。",
        "关键词",
        "联合党委；村村联建；集体经济",
        "[Abstract]",
        "This paper studies the practice of joint construction in one county.",
    ] + BODY
    assert clean(page) == BODY


def test_words_in_body_sentences_stay():
    body = [
        "县里举办乡村摄影大赛，村民用手机摄影记录联建带来的变化，200余幅作品参展。",
        "会议摘要如下：联合党委要抓好青稞加工，确保年底前村集体收入再增加5万元。",
        "摘要显示，全镇联建村去年人均可支配收入达到1.42万元。",
        "关键词是“联”，核心在“建”，丹麻镇把5个村的资源捆在一起用。",
        "基金项目多，申报难，联合党委专门安排了一名党员帮村里整理材料。",
        "镇里请来摄影师拍摄宣传片，请勿拍摄的区域都设了提示牌。",
        "图片由村民提供，记录了联合党委成立当天的场景。",
    ]
    assert clean(BODY + body) == BODY + body


def test_caption_keeps_its_place_and_its_photographer():
    # a caption is body text, and so is the 摄 credit glued to it (the annotation guidelines keep it)
    caption = ["图为丹麻镇联建村村民在青稞田里收割。（记者 韩小东 摄）", "青稞加工车间里机器轰鸣。马某 摄"]
    assert clean(BODY + caption) == BODY + caption


def test_picture_source_after_a_caption_is_cut():
    lines = [
        "▲丹麻镇联建村新貌。(图源:互助县融媒体中心)",
        "村民在直播间推销青稞酒。受访者供图",
        "马铃薯基地一角。（图片来源：丹麻镇人民政府）",
    ]
    assert clean(BODY + lines) == BODY + ["▲丹麻镇联建村新貌。", "村民在直播间推销青稞酒。", "马铃薯基地一角。"]


def test_a_page_that_is_only_its_abstract_keeps_the_abstract():
    page = [
        "【关键词】联合党委；集体经济",
        "【摘 要】2023年，甘肃省某县推动12个村组建3个联合党委，村集体经济收入平均增长15%。",
    ]
    assert clean(page) == ["2023年，甘肃省某县推动12个村组建3个联合党委，村集体经济收入平均增长15%。"]


def test_the_abstract_goes_when_the_body_follows():
    page = ["摘要：某县以联合党委统筹产业，村集体收入普遍增长。", "一、引言"] + BODY
    assert clean(page) == ["一、引言"] + BODY


def test_version_bumped():
    assert NAME == "text_clean"
    assert tuple(int(x) for x in VERSION.split(".")) >= (1, 6, 0)


def test_an_abstract_only_page_drops_the_english_abstract_even_with_a_chinese_name_in_it():
    page = [
        "摘要",
        "2021年，宁夏某县推动8个村组建2个联合党委，村集体经济收入平均增长12%。",
        "Abstract",
        "In 2021 a county in Ningxia (宁夏) formed two joint party committees of eight villages.",
    ]
    assert clean(page) == ["2021年，宁夏某县推动8个村组建2个联合党委，村集体经济收入平均增长12%。"]

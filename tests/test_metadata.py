"""Plain-text metadata: title, source and date, on article heads of our own invention."""

import pytest

from pipeline.stages.metadata import text_metadata


def test_headline_source_and_dateline():
    raw = "\n".join([
        "手机版",
        "贵州遵义：跨村联建激活乡村振兴新动能",
        "来源：遵义日报 发布时间：2023年05月12日 09:30",
        "打印 纠错",
        "近年来，遵义市播州区探索“跨村联建”模式，组建联村党委28个，覆盖行政村96个。",
    ])
    meta = text_metadata(raw)
    assert meta.title == "贵州遵义：跨村联建激活乡村振兴新动能"
    assert meta.source == "遵义日报" and meta.source_from == "来源 line"
    assert meta.published == "2023-05-12"


def test_article_starting_with_body_has_no_title():
    raw = "近日，《河北日报》报道了邢台市推进党建联盟的做法。全市共组建党建联盟45个。\n正文第二段。"
    meta = text_metadata(raw)
    assert meta.title is None
    assert meta.source == "河北日报"
    assert meta.published is None


def test_epaper_page_with_date_line_and_closing_paper_name():
    raw = "\n".join([
        "第03版：要闻 上一版 下一版",
        "2022年07月01日 星期五",
        "山东临沂：党建联盟带富一方",
        "临沂市兰陵县代村牵头组建党建联盟，辐射带动周边村庄发展。",
        "大众日报",
    ])
    meta = text_metadata(raw)
    assert meta.title == "山东临沂：党建联盟带富一方"
    assert meta.published == "2022-07-01"
    assert meta.source == "大众日报"


def test_editors_note_names_the_publisher():
    raw = "编者按：为展示基层党建成果，川观新闻开设“党建联盟看四川”专栏。\n成都市郫都区组建党建联盟9个。"
    assert text_metadata(raw).source == "川观新闻"


def test_site_header_and_menu_above_the_headline_are_passed_over():
    raw = "\n".join([
        "康乐县人民政府门户网站",
        "当前位置：首页 >> 乡镇动态",
        "康乐县莲麓镇：联村党委让“小花椒”变成“金豆子”",
        "作者：马明  来源：康乐县委组织部  发布日期：2024-03-05  阅读次数：88",
        "初春时节，走进康乐县莲麓镇足古川村，花椒育苗基地里一派忙碌景象，村民们正在分拣苗木。",
    ])
    meta = text_metadata(raw)
    assert meta.title == "康乐县莲麓镇：联村党委让“小花椒”变成“金豆子”"
    assert meta.published == "2024-03-05"
    raw = "\n".join([
        "陇原新闻网 首页 | 时政 | 乡镇 | 视频",
        "和政县：党建联盟串起啤特果产业链",
        "2024年03月06日 10:20  来源：甘肃日报  作者：记者 马明",
        "和政县地处甘南高原与黄土高原过渡地带，啤特果种植历史悠久，全县种植面积达到6万亩。",
    ])
    meta = text_metadata(raw)
    assert meta.title == "和政县：党建联盟串起啤特果产业链"
    assert meta.published == "2024-03-06"


def test_headline_nearest_the_dateline_wins_over_a_kicker_and_a_subtitle():
    raw = "\n".join([
        "党建引领促振兴",
        "积石山县：联村党委带富一方",
        "——积石山县推行“联村党建”见闻",
        "来源：临夏日报 2024-01-08 【字号 大 中 小】",
        "积石山县位于甘肃省西南部，近年来以联村党委为抓手，推动产业相近的村抱团发展，成效明显。",
    ])
    meta = text_metadata(raw)
    assert meta.title == "积石山县：联村党委带富一方"
    assert meta.published == "2024-01-08"
    assert meta.source == "临夏日报"


def test_social_post_dateline():
    raw = "\n".join([
        "点击蓝字关注我们",
        "东乡：党建联盟让洋芋“抱团”出山",
        "东乡发布 2024-02-18 18:30 发表于甘肃",
        "东乡县组建马铃薯产业党建联盟，覆盖12个村，带动农户2000余户。",
    ])
    meta = text_metadata(raw)
    assert meta.title == "东乡：党建联盟让洋芋“抱团”出山"
    assert meta.published == "2024-02-18"


def test_date_closing_the_article():
    body = "广河县以联村党委为纽带，整合五个村的土地和劳力，发展牛羊养殖，去年村均增收8万元。"
    meta = text_metadata("\n".join(["广河县：联村党委做大牛羊产业", body, "广河县委组织部", "2024年1月9日"]))
    assert meta.published == "2024-01-09"
    meta = text_metadata("\n".join(["广河县：联村党委做大牛羊产业", body[:-1] + "（记者 周洋 2024年1月10日）"]))
    assert meta.published == "2024-01-10"


def test_dates_of_related_stories_are_not_the_publication_date():
    body = "广河县以联村党委为纽带，整合五个村的土地和劳力，发展牛羊养殖，去年村均增收8万元。"
    raw = "\n".join(["广河县：联村党委做大牛羊产业", body, "相关新闻：", "康乐县召开基层党建推进会 2023-12-01",
                     "· 东乡县党建联盟见闻 2023-11-20"])
    assert text_metadata(raw).published is None


# -- 1.2.0: e-paper page headers and full-width dates -------------------------------------------

def test_epaper_page_header_is_neither_headline_nor_lost():
    text = ("新华日报 2023年11月02日 第06版 区域新闻\n[上一版] [下一版]\n\n宿豫三个村抱团建起党建联盟\n\n"
            "本报讯 近日，宿豫区以产业为纽带推进跨村联建，三个村共建党建联盟，今年以来村集体增收明显。\n")
    m = text_metadata(text)
    assert m.title == "宿豫三个村抱团建起党建联盟"
    assert (m.source, m.source_from) == ("新华日报", "page header")
    assert m.published == "2023-11-02"


def test_page_header_with_letter_page_and_iso_date():
    m = text_metadata("大众日报 2022-03-15 A3版 要闻\n临沂：联村党委带富一方\n本报临沂3月14日讯 这是一段很长的正文，讲联村党委怎样带动周边村发展产业。\n")
    assert m.title == "临沂：联村党委带富一方" and m.source == "大众日报" and m.published == "2022-03-15"


def test_a_source_line_beats_the_page_header():
    m = text_metadata("南方日报 2021年6月1日 A08版\n清新区组建党建联盟\n来源：清远日报\n正文是一段很长的文字，讲述党建联盟在清新区的做法和成效。\n")
    assert m.source == "清远日报"


def test_full_width_digits_in_a_date_field():
    m = text_metadata("门源县：联村抱团促振兴\n来源：门源县融媒体中心 | 发布时间：２０２３－０９－０８ | 浏览：１２３\n"
                      "正文是一段很长的文字，讲述联村党委在门源县的做法和成效。\n")
    assert m.published == "2023-09-08"


# -- 1.3.0: social accounts, news-lead tags, publication datelines ------------------------------

BODY = "初秋时节，走进天水市秦州区，联村党委带动五个村抱团发展花椒产业，村集体经济收入明显增加。"


def test_social_account_name_above_the_headline_is_not_the_title():
    raw = "\n".join(["点击蓝字 关注我们", "秦州组工", "联村党委让花椒“红”起来",
                     "秦州区委组织部 秦州组工 2023年9月12日 08:05 甘肃", BODY])
    meta = text_metadata(raw)
    assert meta.title == "联村党委让花椒“红”起来"
    assert meta.published == "2023-09-12"
    # The account's name between the headline and a post header that repeats it.
    raw = "\n".join(["联村党委让花椒“红”起来", "秦州组工", "原创 李娜 秦州组工 2023年9月12日 08:05 发表于甘肃", BODY])
    assert text_metadata(raw).title == "联村党委让花椒“红”起来"


def test_news_lead_tag_is_neither_title_nor_lost_as_source():
    raw = "\n".join(["【北疆晨报讯】记者 李雪 伊犁报道：", "伊宁县：党建联盟串起薰衣草产业链", "2023-08-14 09:12:30", BODY])
    meta = text_metadata(raw)
    assert meta.title == "伊宁县：党建联盟串起薰衣草产业链"
    assert (meta.source, meta.published) == ("北疆晨报", "2023-08-14")
    meta = text_metadata("新华社西宁6月3日电（记者 马青）" + BODY)
    assert meta.source == "新华社"
    # 本报讯 names no paper.
    assert text_metadata("本报讯（记者 马青）" + BODY).source is None


def test_paper_named_on_the_dateline_is_the_source():
    for dateline in ["甘南日报　2023-08-14", "2023-08-14 09:12:30 北疆晨报"]:
        meta = text_metadata("\n".join(["玛曲县：党建联盟让牧民腰包鼓起来", dateline, BODY]))
        assert meta.title == "玛曲县：党建联盟让牧民腰包鼓起来"
        assert meta.source in ("甘南日报", "北疆晨报") and meta.source_from == "dateline"
        assert meta.published == "2023-08-14"


def test_print_credit_with_spaces_inside_the_title_marks():
    raw = "\n".join([
        "山村联手 共富有路",
        "本报记者 王某",
        "《 光明日报 》（ 2024年03月18日 第 05 版）",
        "近年来，各地探索党建联盟，推动乡村振兴。",
    ])
    meta = text_metadata(raw)
    assert meta.source == "光明日报"


@pytest.mark.parametrize("line, source", [
    ("（来源：四川日报）", "四川日报"),  # the bracket around the line is not part of the name
    ("来源：《农民日报》 2024-05-06", "农民日报"),
    ("来源：【东南网】", "东南网"),
    ("來源：澎湃新聞 作者：王明", "澎湃新聞"),  # traditional labels read too
    ("稿源：宁夏日报，编辑：马丽", "宁夏日报"),
])
def test_source_line_variants(line, source):
    m = text_metadata(f"黑龙江省海伦市组建联村党委\n{line}\n海伦市共组建联村党委12个，覆盖行政村64个，带动村集体增收。\n")
    assert m.source == source and m.source_from == "来源 line"


@pytest.mark.parametrize("value", ["网络", "本站", "  ", "《》"])
def test_source_line_naming_no_publisher(value):
    from pipeline.stages.source_line import clean_source

    assert clean_source(value) is None


def test_title_label_of_a_form_is_not_part_of_the_title():
    m = text_metadata("标题：桐庐县“党建联盟”助推共富\n发布日期：2023-11-02\n信息来源：桐庐县委组织部\n"
                      "桐庐县组建党建联盟23个，覆盖行政村136个，带动村集体增收。\n")
    assert m.title == "桐庐县“党建联盟”助推共富" and m.published == "2023-11-02"


def test_an_agency_lead_is_no_headline():
    m = text_metadata("新华社西宁3月2日电（记者 张龙）青海省海东市以党建联盟推动乡村振兴……\n"
                      "海东市组建党建联盟12个，覆盖行政村96个。\n")
    assert m.title is None and m.source == "新华社"


@pytest.mark.parametrize("line", [
    "赵志强,钱文静",            # a journal's author line
    "孙立平 李红",
    "周海涛,吴晓梅,郑 强",
    "韩明+刘晓东",
    "乡村研究Issue(2):45-58,7.",  # a citation line
    "编者按：",
    "中共某某市某某区委组织部",   # the organ that signs the piece
    "“推动镇域经济发展、",        # a line cut mid-phrase
    "某某新闻客户端、某某网记者 王小明",  # a byline of several outlets
])
def test_head_lines_that_are_never_the_headline(line):
    raw = "\n".join([line, "湖南省某县：联村党委带动9个村抱团发展",
                     "2024年，某县组建联村党委12个，覆盖行政村60个，村集体经济收入平均增长18%。"])
    assert text_metadata(raw).title == "湖南省某县：联村党委带动9个村抱团发展"


def test_a_two_phrase_headline_is_no_author_list():
    raw = "片区联动 振兴乡村\n2024年，某县组建联村党委12个，覆盖行政村60个，带动村集体增收。"
    assert text_metadata(raw).title == "片区联动 振兴乡村"


def test_a_date_after_the_headline_is_no_part_of_it():
    raw = "联村带农促增收 2025年03月14日\n2024年，某县组建联村党委12个，覆盖行政村60个，带动村集体增收。"
    assert text_metadata(raw).title == "联村带农促增收"


def test_a_radio_sites_lead_and_a_spaced_byline_name_the_publisher():
    lead = "某某广播网长沙5月6日消息（记者 王小明）初夏时节，走进湖南省某县某村，联村党委正带领村民采茶。"
    assert text_metadata("联村党委带富一方\n" + lead).source == "某某广播网"
    byline = "联村党委带富一方\n某某新闻 记者 李小红\n2024年，某县组建联村党委12个，覆盖行政村60个。"
    assert text_metadata(byline).source == "某某新闻"

"""Title, source and date of text files copied from real web pages, on invented pages
(pipeline/stages/metadata.py)."""

from pipeline.stages.metadata import merge_split_dateline, text_metadata

BODY = "近年来，云南省弥勒市东山镇推行“跨村联建”，组建联村党委5个，覆盖27个行政村，村集体经济收入平均增长9.6万元。"


def meta(*lines):
    return text_metadata("\n".join(lines))


def test_pinyin_and_controls_never_reach_the_title():
    m = meta("东山镇“联(lián)村党(dǎng)委”带动增收(shōu)\u202e", "2024-05-06 来源：某某日报", BODY)
    assert m.title == "东山镇“联村党委”带动增收"


def test_a_masthead_is_no_title_and_names_the_publisher():
    m = meta("某某州政协主管主办 国内统一刊号：CN53-0099 某某时报社出版", "“联建”让山村换新颜", "本报记者 李 明", BODY)
    assert m.title == "“联建”让山村换新颜"
    assert m.source == "某某时报"


def test_a_reporters_byline_is_no_title():
    m = meta("云南省弥勒市", "以联建引领片区发展", "某某日报记者 王小明", "2024年05月06日08:30  来源：某某网-某某日报", BODY)
    assert m.title == "以联建引领片区发展"
    assert m.source == "某某网-某某日报"


def test_original_title_wrapper_is_removed():
    assert meta("|", "(原标题:山乡巨变看东山——弥勒市推进跨村联建纪实)", BODY).title == "山乡巨变看东山——弥勒市推进跨村联建纪实"


def test_a_bracketed_note_is_no_title():
    assert meta("(作者为某某大学教授)", BODY).title is None


def test_the_headline_repeated_below_an_epaper_contents_list_wins_over_its_kicker():
    m = meta(
        "第A02版：要闻",
        "某某市召开防汛工作会议",
        "东山镇联建党委带动村集体增收",
        "市政协调研文旅融合",
        "全市春耕生产有序推进",
        "版面导航",
        "从“单打独斗”到“抱团发展”",
        "东山镇联建党委带动村集体增收",
        "本报讯（记者 李明）" + BODY,
    )
    assert m.title == "东山镇联建党委带动村集体增收"


def test_headlines_with_teasers_above_the_article_are_passed_over():
    lines = []
    for i in range(8):
        lines += [f"某县第{i + 1}届农民丰收节开幕", f"9月{i + 1}日，某县农民丰收节在县城广场开幕，来自全县..."]
    m = meta(*lines, "东山镇联建党委带动村集体增收", "发布时间:2024/01/06 三农 浏览次数:88", BODY)
    assert m.title == "东山镇联建党委带动村集体增收"
    assert m.published == "2024-01-06"


def test_the_reprinted_original_beats_the_aggregators_source():
    m = meta("东山镇联建党委带动村集体增收", "类别:三农 发布时间:2024-01-24 18:48:00 来源:某某看点", "本文转自:某某新闻网", BODY)
    assert m.source == "某某新闻网"


def test_the_hosting_site_naming_itself_is_no_source_but_its_watermark_is():
    mark = "Q7X某某新闻网"
    m = meta("东山镇联建党委带动村集体增收", "2024-06-17  来源:本站原创", BODY + mark, mark, "图为村道" + mark, BODY + "二" + mark)
    assert m.source == "某某新闻网"
    assert meta("标题一二三四", "来源：本网编辑", BODY).source is None


def test_a_lead_naming_the_site_and_its_app():
    assert meta("某某新闻网·某某客户端讯 5月8日，" + BODY).source == "某某新闻网"


def test_own_lead_takes_the_daily_named_in_the_head():
    m = meta("某某新闻网 某某日报 某某晚报", "东山镇联建党委带动村集体增收", "本报讯 (记者李明)" + BODY)
    assert m.source == "某某日报"


def test_a_byline_naming_its_publisher():
    assert meta("东山镇联建党委带动村集体增收", "某某网时刻新闻记者 王小明 弥勒报道", BODY).source == "某某网"
    assert meta("东山镇联建党委带动村集体增收", "文/《某某党建》全媒体记者 王小明", BODY).source == "某某党建"
    assert meta("东山镇联建党委带动村集体增收", "本报记者 王小明 李华", BODY).source is None


def test_a_related_stories_header_closing_the_page_is_no_source():
    assert meta("东山镇联建党委带动村集体增收", BODY, "热门新闻").source is None


def test_a_dateline_split_over_lines():
    assert merge_split_dateline(["标题", "2021", "03/15", "09:41", "某某日报", BODY]) == [
        "标题", "2021/03/15 09:41 某某日报", BODY]
    m = meta("山乡“蝶变”记", "2021", "03/15", "09:41", "某某日报", BODY)
    assert (m.title, m.source, m.published) == ("山乡“蝶变”记", "某某日报", "2021-03-15")


def test_a_publishers_last_character_lost_with_its_bracket_is_read_from_its_reading():
    m = meta("东山镇联(lián)建(jiàn)见成效", "| 2024-02-17 来源:东湖晚?wǎn)?bào) 编辑:李明 |", BODY)
    assert m.source == "东湖晚报"

"""Junk of real web copies, on invented pages: pinyin, masthead and site chrome, watermarks,
lists of other stories, a page's foot, PDF line breaks (pipeline/stages/text_clean.py)."""

from pipeline.stages.text_clean import clean_text, context_junk, find_watermarks, unwrap_lines

BODY = [
    "近年来，云南省弥勒市东山镇推行“跨村联建”，组建联村党委5个，覆盖27个行政村。",
    "2024年，联建村集体经济收入平均增长9.6万元，带动农户户均增收3200元。",
    "东山镇党委书记说，下一步将把联建经验推广到全镇。",
]


def clean(lines):
    return clean_text("\n".join(lines)).split("\n")


def test_pinyin_readings_and_controls_are_gone_before_lines_are_judged():
    page = ["东山镇组建联(lián)村党(dǎng)委5个(gè)，覆盖(gài)27个行政村。", "全镇增收\u202e31\u202c0万元。"]
    assert clean(page) == ["东山镇组建联村党委5个，覆盖27个行政村。", "全镇增收310万元。"]


def test_masthead_with_registration_number_and_hotlines_dropped():
    junk = ["中共某某州委宣传部主管主办 国内统一刊号：CN53-0012 新闻热线：0873-7654321",
            "某某日报社出版", "广告热线：0873-1234567"]
    assert clean(junk + BODY) == BODY


def test_one_step_breadcrumbs_dropped():
    for crumb in ("某某党建网首页 > 正文", "首页 专题 > 正文", "某某在线 >> 正文"):
        assert clean([crumb] + BODY) == BODY, crumb


def test_epaper_page_label_navigation_and_search_box_dropped():
    junk = ["第B03版：乡村振兴", "版面导航", "站内搜索：", "某某新闻网 某某日报 某某晚报"]
    assert clean(junk + BODY) == BODY


def test_menu_bullets_category_field_and_file_names_dropped():
    junk = ["• 我的收藏", "· 财经", "栏目：三农 发布时间：2024-05-06 09:12 来源：某某快报", "图2-东山镇新貌.jpg", "调研报告全文.pdf"]
    assert clean(junk[:3] + BODY + junk[3:]) == BODY


def test_a_site_watermark_after_paragraphs_is_cut_out():
    mark = "Q7X某某在线"
    page = [BODY[0] + mark, mark, "图为东山镇联建产业园" + mark, BODY[1] + mark, BODY[2]]
    assert find_watermarks([x for x in page]) == [mark]
    assert clean(page) == [BODY[0], "图为东山镇联建产业园", BODY[1], BODY[2]]


def test_sentences_ending_alike_are_no_watermark():
    page = ["甲村发展茶叶产业。", "乙村发展茶叶产业。", "丙村发展茶叶产业。", "丁村也在发展茶叶产业"]
    assert find_watermarks(page) == []
    assert clean(page) == page


def test_a_list_of_other_headlines_above_the_article_is_dropped():
    page = [
        "某某市召开防汛工作会议",
        "东山镇联建党委带动村集体增收",
        "市政协调研文旅融合",
        "全市春耕生产有序推进",
        "版面导航",
        "东山镇联建党委带动村集体增收",
    ] + BODY
    assert clean(page) == ["东山镇联建党委带动村集体增收"] + BODY


def test_a_headline_block_without_a_repeat_stays():
    # title, kicker, subtitle and a section line: no list of other stories
    page = ["山乡新变化", "东山镇联建党委带动村集体增收", "——来自弥勒市的调查", "一、抱团发展"] + BODY
    assert clean(page) == page


def test_headlines_with_teasers_around_the_article_are_dropped():
    page = [
        "某县举办农民丰收节",
        "9月23日，某县第五届农民丰收节在县城广场开幕，来自全县...",
        "某银行支行开展金融知识宣传活动",
        "为提升群众金融素养，某银行支行近日走进社区…",
    ] + BODY
    assert clean(page) == BODY


def test_a_prose_ellipsis_is_no_teaser():
    page = BODY + ["村里的变化说不完……", "村民们说，日子越过越红火……"]
    assert clean(page) == page


def test_everything_after_the_end_mark_below_the_body_is_the_foot():
    foot = ["（责任编辑：张某）", "分享让更多人看到", "本网原创", "- 某市启动三级防汛应急响应",
            "- 某市应急管理局发布消息：今年汛期以来全市已转移群众两千余人，其中"]
    assert clean(BODY + foot) == BODY


def test_an_editor_line_above_the_body_ends_nothing():
    page = ["东山镇联建党委带动村集体增收", "责任编辑：张某"] + BODY
    assert clean(page) == [page[0]] + BODY


def test_headline_repeated_with_a_site_suffix_is_dropped():
    page = ["东山镇联建党委带动村集体增收-某某网", "东山镇联建党委带动村集体增收"] + BODY
    assert clean(page) == page[1:]
    assert 0 in context_junk(page)


def test_a_byline_naming_its_publisher_is_kept():
    page = ["某某社记者王小明"] + BODY
    assert clean(page) == page


def test_a_pdf_column_is_joined_back_into_paragraphs():
    column = [
        "近年来，某县坚持以党建引领乡村振",
        "兴，统筹 18 个部门力量，选派 35 名",
        "优秀干部担任驻村指导员，推动联建",
        "项目 42 个、覆盖 16 个村。",
        "二、整合资源要素",
        "一是整合财政资金。统筹涉农资金 3.6",
        "亿元，发放贷款 1.2 亿元，提速项目",
        "孵化，全年新增产业项目 21 个。",
        "二是吸引社会资本，共建共享。",
    ]
    assert unwrap_lines(column) == [
        "近年来，某县坚持以党建引领乡村振兴，统筹18个部门力量，选派35名优秀干部担任驻村指导员，推动联建项目42个、覆盖16个村。",
        "二、整合资源要素",
        "一是整合财政资金。统筹涉农资金3.6亿元，发放贷款1.2亿元，提速项目孵化，全年新增产业项目21个。",
        "二是吸引社会资本，共建共享。",
    ]


def test_ordinary_paragraphs_are_not_joined():
    assert unwrap_lines(BODY * 3) == BODY * 3


def test_a_line_opening_with_a_comma_continues_the_line_before():
    assert clean(["某村从“单打独斗”", "，走向“抱团发展”，村集体收入达到52万元。"]) == [
        "某村从“单打独斗”，走向“抱团发展”，村集体收入达到52万元。"
    ]


def test_anti_scraping_noise_around_sentences_is_removed():
    page = ["p4 Z; x& 7k W- r# " + BODY[0] + "3 j] P8 x! r5 M", "y6 Q; X8 c. t ]: V/ A6", BODY[1]]
    assert clean(page) == BODY[:2]


def test_back_links_fold_buttons_greetings_accessibility_and_reading_time_dropped():
    junk = ["返回列表", "返回党建频道首页", "【收起】 【展开】", "欢迎访问某某先锋网，今天是", "网站无障碍",
            "长者模式", "APP下载", "本篇文章518字，读完约2分钟", "某某学报引用本文复制引用", "微信公众号", "官方微博",
            "快速通道"]
    assert clean(junk[:6] + BODY + junk[6:]) == BODY


def test_accessibility_words_inside_a_sentence_stay():
    line = "东山镇新建无障碍坡道12处，方便老人出行。"
    assert clean([line] + BODY) == [line] + BODY

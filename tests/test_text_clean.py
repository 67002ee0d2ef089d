"""The plain-text cleaner on junk of our own invention (other sites' junk looks different)."""

import pytest

from pipeline.stages.text_clean import clean_text, is_junk_line, is_spam

BODY = [
    "近年来，甘肃省临夏县积极推行“跨村联建”，组建联村党委12个，覆盖46个行政村。",
    "▲图为临夏县北塬镇联村党委成员在田间查看玉米长势（资料图）",
    "2023年，联建村集体经济收入平均增长18万元。",
]


def clean(lines):
    return clean_text("\n".join(lines)).split("\n")


def test_body_kept_paragraphs_kept():
    assert clean(BODY) == BODY


def test_navigation_toolbars_and_share_prompts_dropped():
    junk = [
        "首页 > 新闻中心 > 基层党建",
        "【字体：大 中 小】 【打印】 【关闭】",
        "分享到：微信 微博 QQ空间",
        "手机版 | 电脑版",
        "扫一扫在手机打开当前页",
        "上一篇：乡村振兴看临夏",
    ]
    assert clean(junk[:3] + BODY + junk[3:]) == BODY


def test_copyright_contact_and_credits_dropped():
    junk = [
        "版权所有：临夏日报社 未经授权禁止复制",
        "本网联系电话：0930-1234567",
        "甘ICP备12345678号-1",
        "责任编辑：马某某",
        "编辑：李四 校对：王五",
    ]
    assert clean(BODY + junk) == BODY


def test_gambling_and_porn_lines_dropped():
    spam = [
        "澳门葡京娱乐城_百家乐_真人娱乐开户送88元",
        "久久精品国产 | 无码中文字幕 | 一区二区看片",
        "股票配资平台 荐股 涨停牛股 加微信",
    ]
    assert clean(spam[:1] + BODY + spam[1:]) == BODY


def test_spam_spliced_inside_a_sentence_removed():
    spam = "彩票网_澳门葡京娱乐城_百家乐开户"
    body = f"走进广西壮族自治区{spam}百色市田阳区那坡镇，只见芒果挂满枝头。"
    out = clean_text("\n".join([spam, body]))
    assert out == "走进广西壮族自治区百色市田阳区那坡镇，只见芒果挂满枝头。"


def test_html_remnants_in_text_file():
    raw = '<legend id="x1"></legend><meter id="x1"></meter>\n<p>' + BODY[0] + "</p><script>var a=2000000;</script>"
    assert clean_text(raw) == BODY[0]


def test_lines_without_chinese_dropped_unless_prose():
    assert is_junk_line("abcd")
    assert is_junk_line("2 2 2")
    assert is_junk_line("IMG_20230412.jpg")
    assert not is_junk_line(BODY[0])


def test_long_paragraph_quoting_a_junk_word_kept():
    para = "村里的宣传栏上，" + "“扫一扫”可以查看村务公开内容，" * 10 + "群众满意度明显提升。"
    assert clean_text(para) == para


def test_menu_lines_dropped_headlines_with_spaces_kept():
    menus = [
        "陇原新闻网 首页 | 时政 | 乡镇 | 图片",
        "首页 · 要闻 · 专题 · 视频 · 数字报",
        "新闻 丨 党建 丨 民生 丨 政务公开",
        "首页 / 政务公开 / 信息公开",
    ]
    for line in menus:
        assert is_junk_line(line), line
    kept = ["聚力党建联盟 激活发展引擎", "联村党委建起来 集体经济强起来", "康乐县：“五村联建”走出共富路"]
    for line in kept:
        assert not is_junk_line(line), line
    assert clean(menus[:2] + kept[:1] + BODY + menus[2:]) == kept[:1] + BODY


def test_site_headers_dropped():
    for line in ["和政县人民政府门户网站", "积石山县人民政府 -- 通知公告", "陇南新闻网", "广河县政府网 - 乡镇动态"]:
        assert is_junk_line(line), line
    # A subheading that happens to end in 网 is body text.
    assert not is_junk_line("织密乡村治理一张网")


def test_related_story_lists_dropped():
    related = [
        "推荐阅读：",
        "康乐县：联村党委带富一方",
        "东乡县召开基层党建工作推进会 2024-02-01",
        "【延伸阅读】",
        "广河县：“党建+产业”激活乡村振兴",
    ]
    assert clean(BODY + related) == BODY
    bullets = ["• 和政县：啤特果产业迎来丰收季", "• 积石山县党建联盟助力灾后重建", "● 临夏州召开乡村振兴推进会"]
    assert clean(BODY + bullets) == BODY


def test_related_header_followed_by_a_real_paragraph_keeps_it():
    para = "延伸阅读：联村党建是指打破村域界限，把地域相近、产业相似的村联合起来组建党组织的做法，近年来在多地推开。"
    more = "背景：2019年以来，临夏县先后出台三份文件，规范联村党委的组建和运行。"
    assert clean(BODY + ["延伸阅读", more]) == BODY + [more]
    assert clean([para] + BODY) == [para] + BODY


def test_bullets_inside_the_body_kept():
    body = [
        BODY[0],
        "· 统一规划：五个村共同编制产业发展规划，统一布局种养基地。",
        "· 统一经营：联合成立强村公司，统一品牌、统一销售。",
        BODY[2],
    ]
    assert clean(body) == body


def test_datelines_and_bylines_dropped():
    junk = [
        "2024-03-05 15:20 来源：甘肃日报",
        "2024年03月05日 09:41  来源：每日甘肃网  作者：记者 马明",
        "来源：中国甘肃网 2024-03-05 【字号 大 中 小】",
        "本报记者 马明 通讯员 韩梅",
        "（记者 周洋）",
        "临夏发布 2024-03-05 09:12 发表于甘肃",
    ]
    tail = ["（来源：每日甘肃网）", "本文来源：临夏州融媒体中心", "主办：临夏县人民政府办公室"]
    assert clean(junk + BODY + tail) == BODY
    # A caption that starts with a date is body text.
    caption = "2024年3月5日 村民在联建基地采摘花椒"
    assert clean([caption] + BODY) == [caption] + BODY


def test_lure_spam_dropped_but_subsidy_sentences_kept():
    spam = ["新用户注册即送58元彩金，天天中大奖", "线上娱乐平台首充100送100", "跟着老师操作，稳赚不赔"]
    keep = "符合条件的脱贫户每户最高可领取补贴5000元"
    assert clean(spam[:1] + BODY + spam[1:] + [keep]) == BODY + [keep]


# -- 1.2.0: social-post headers, labelled ads, prev/next links, news leads --------------------

def test_social_post_header_ending_in_a_province_dropped():
    junk = [
        "秦州区委组织部 秦州组工 2023年9月12日 08:05 甘肃",
        "原创 李娜 陇西发布 2023-09-12 21:47 甘肃",
        "IP属地：云南",
        "发表于湖北",
    ]
    for line in junk:
        assert is_junk_line(line), line
    # A caption or sentence that goes on after the province is body text.
    caption = "2023年9月12日 08:05 甘肃省天水市秦州区召开联村党建推进会"
    assert not is_junk_line(caption)
    assert clean(junk[:2] + [caption] + BODY + junk[2:]) == [caption] + BODY


def test_labelled_ads_and_side_job_lures_dropped():
    spam = [
        "【广告】在家动动手指月入过万，零基础也能做，添加客服微信立领58元红包！",
        "[推广] 兼职打字员，足不出户日入500，联系客服领取66元红包",
        "（广告）本店招商加盟，欢迎咨询。",
    ]
    keep = "村里开通了民宿预订热线，游客添加客服微信即可预约，今年接待游客增长三成，旅游收入明显增加。"
    assert clean(BODY[:1] + spam + [keep] + BODY[1:]) == BODY[:1] + [keep] + BODY[1:]


def test_previous_and_next_article_links_dropped():
    nav = ["上一篇：安康市：联村党委让茶园变景区", "下一条：汉阴县召开秋粮收购工作会", "上篇：石泉县党建联盟见闻"]
    assert clean(BODY + nav) == BODY
    # A sentence that only mentions an earlier article is kept.
    para = "记者在上一篇报道中提到，联村党委成立后，三个村的茶叶统一品牌销售，价格明显提高。"
    assert clean([para] + BODY) == [para] + BODY


def test_news_lead_tags_and_publication_datelines_dropped():
    junk = [
        "【北疆晨报讯】记者 李雪 伊犁报道：",
        "（本报讯 记者 刘芳）",
        "甘南日报　2023-08-14",
        "2023-08-14 09:12:30 北疆晨报",
    ]
    for line in junk:
        assert is_junk_line(line), line
    lead = "本报讯（记者 刘芳）8月的甘南草原，牧民们正忙着转场，全县已组建嘎查村党建联盟7个。"
    assert clean(junk + [lead] + BODY) == [lead] + BODY
    # A dated caption ending in 报 is body text.
    caption = "2023年8月14日 联盟党员集中学习党报"
    assert clean([caption] + BODY) == [caption] + BODY


def test_share_prompt_sentence_dropped():
    assert clean(BODY + ["分享让更多人看到", "转发给好友"]) == BODY


def test_ordinary_words_that_spam_also_uses_are_not_spam():
    # 久久为功 / 成人教育 share characters with porn-site titles; alone they are news
    for line in ("久久为功促振兴", "成人教育培训覆盖全村", "精品国产茶叶走出大山"):
        assert not is_spam(line), line
    assert is_spam("无码av一区二区") and is_spam("精品国产 久久 不卡 在线")


def test_a_heading_with_a_common_phrase_is_not_cut_out_of_the_body():
    text = "标题\n久久为功促振兴\n该村坚持久久为功促振兴，村集体收入达到50万元。"
    assert "该村坚持久久为功促振兴，村集体收入达到50万元。" in clean_text(text)


@pytest.mark.parametrize("line", [
    "BET365体育平台开户送彩金", "六合彩 时时彩 投注", "注册就送88元，首充即领，最高可领888",
    "添加客服微信，立领8元红包", "足不出户月入过万，稳赚不赔",
])
def test_spam_lines_with_upper_case_and_patterned_lures_are_spam(line):
    assert is_spam(line)


def test_junk_verdicts_are_cached_for_short_lines_only():
    from pipeline.stages.text_clean import _junk_line, _junk_line_cached

    menu = "首页 > 新闻中心 > 基层党建 > 青海省海东市互助县"
    assert is_junk_line(menu) and is_junk_line(menu) == _junk_line(menu)
    before = _junk_line_cached.cache_info().currsize
    paragraph = "贵州省黔东南州雷山县西江镇成立联村党委，带动周边村集体经济增收。" * 200  # one long body line
    assert not is_junk_line(paragraph)
    assert _junk_line_cached.cache_info().currsize == before  # a paragraph is not held


@pytest.mark.parametrize("header", ["往期推荐", "【相关阅读】", "热门推荐："])
def test_related_header_standing_alone_goes_with_its_headlines(header):
    lines = BODY + [header, "▶ 临夏县召开乡村振兴工作推进会", "▶ 北塬镇：玉米丰收了 日子红火了"]
    assert clean(lines) == BODY


def test_related_word_inside_a_body_sentence_stays():
    body = BODY + ["往期推荐的三个村，今年都建成了联村党委，村集体经济收入全部超过10万元。"]
    assert clean(body) == body


@pytest.mark.parametrize("spam", ["【澳门新葡京线上娱乐】", "[百家乐真人娱乐开户送彩金]", "六合彩时时彩投注平台。"])
def test_spam_pasted_into_a_body_paragraph_is_cut_out(spam):
    para = "岳西县包家乡组建联村党委，整合石佛村等5个村的茶园资源，2023年茶叶销售收入达2600万元。"
    assert clean(BODY + [para + spam]) == BODY + [para]


def test_a_spam_paragraph_with_sentences_is_still_dropped():
    spam = "澳门新葡京娱乐城开户送彩金，百家乐真人娱乐天天有活动。欢迎加入！"
    assert clean(BODY + [spam]) == BODY


@pytest.mark.parametrize("line", [
    "本文来自网友投稿，不代表本站立场，如有侵权请联系删除。",
    "声明：本站所有文章资源内容，如无特殊说明或标注，均为采集网络资源。",
    "微信号：yuexi123  QQ群：123456789",
    "关键词：联村党委 茶产业 岳西",
])
def test_disclaimers_tags_and_contact_handles_are_junk(line):
    assert clean(BODY + [line]) == BODY


@pytest.mark.parametrize("line", [
    "检测样本均为采集自田间的表层土，结果显示土壤有机质含量较高。",
    "群众也可添加村委会微信号：xjc2023咨询办事。",
    "联盟建立了交流群，QQ群：123456，方便成员单位随时沟通。",
])
def test_body_sentences_near_notice_words_stay(line):
    assert clean(BODY + [line]) == BODY + [line]


def test_address_lines_markup_remnants_and_a_database_mark_go():
    from pipeline.stages.text_clean import clean_text as _clean
    body = "2019年，甘肃省某县组建联村党委8个，覆盖行政村32个，带动村集体经济增收120万元。"
    raw = "\n".join([
        "<正>" + body,
        "网址：https://www.example.org/news/2019/1234.html",
        "2019-05-06 3 1 某某日报 content_20481.html 2 4 联村党委带富一方 /enpproperty-->",
        "精彩推送",
    ])
    text = _clean(raw)
    assert body in text
    for junk in ("<正>", "example.org", "enpproperty", "精彩推送"):
        assert junk not in text


@pytest.mark.parametrize("line", [
    "首页 机构概况 政务公开 通知公告 专题专栏 办事服务",   # a menu bar that opens at the home page
    "设为首页|加入收藏",
    "> 乡村振兴 >",                                        # a trail with its ends cut
])
def test_site_chrome_lines_are_junk(line):
    assert is_junk_line(line)


@pytest.mark.parametrize("line", [
    "赵志强,钱文静",                                  # a journal's author line
    "孙立平 李红",
    "（某州农业农村局，贵州兴义 562400）",            # an affiliation with its postcode
    "(1.某某大学 某学院,上海 200240;2.某某党校(浙",
    "农村经济研究 2022年3期",                        # an issue line
])
def test_journal_head_lines_are_junk(line):
    assert is_junk_line(line)


@pytest.mark.parametrize("line", ["片区联动 振兴乡村", "(2023年，全县投入资金500万元，覆盖12个村)"])
def test_headings_and_notes_with_figures_stay(line):
    assert not is_junk_line(line)

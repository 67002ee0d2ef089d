"""The plain-text cleaner on junk of our own invention (other sites' junk looks different)."""

from pipeline.text_clean import clean_text, is_junk_line

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

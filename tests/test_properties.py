"""Property tests: the cleaner, converter, number parser and extractors take any input.

No exception on any input, and offsets always point into the text: every figure's evidence is
text[start:end], every place and alliance span lies within the text. The whole per-article
stage never reports an internal error (that would be a crash the stage caught).
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.numbers import find_numbers, parse_number
from pipeline.stages import article as stages
from pipeline.stages.html_clean import clean_html
from pipeline.stages.script import normalise_script
from pipeline.stages.text_clean import clean_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces the domain's text is made of, so that random text hits the interesting paths.
WORDS = [
    "党建联盟", "联村党委", "联合党委", "跨村联建", "片区党委", "飞地抱团", "村", "镇", "县", "市", "省",
    "浙江省", "杭州市", "淳安县", "芹溪", "际头", "楼坪", "三个村", "行政村", "覆盖", "带动", "组建", "成立",
    "个", "万元", "亿元", "元", "万", "亿", "千万", "余", "多", "近", "约", "超", "超过", "不到", "以上",
    "一", "二", "十", "百", "千", "两", "零", "〇", "一千二百万元", "十余个", "近亿元", "2190多万元", "6万余元",
    "村集体经济收入", "增收", "资金", "投入", "户均", "人均", "年", "2023年", "/亩", "%", "—", "-", "~", "至",
    "，", "。", "、", "；", "：", "“", "”", "（", "）", "\n", " ", "\u3000", "\t",
    "手机版", "打印", "纠错", "放大 缩小 默认", "版权所有", "责任编辑", "来源：", "发布时间：",
    "已有个联村党组织", "１２３", "１２.５万元", "3.5", "1,234", "12e5", "0.0", ".5", "5.", "99999999999999999999",
    "乾炳村", "著", "發展", "黨建聯盟", "億元", "萬", "個",
]
HTML_BITS = ["<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<script>", "</script>", "<style>", "</style>",
             "<!--", "-->", "<![CDATA[", "]]>", "<html>", "</html>", "<title>", "</title>", "<h1>", "</h1>",
             "&nbsp;", "&#20013;", "&#xD800;", "&amp;", "<a href='x'>", "</a>", '<div style="display:none">',
             "<meta charset='gbk'>", "<body>", "</body>", "<", ">", "&", "<table><tr><td>", "</td></tr></table>"]

domain_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), domain_text)
html_text = st.lists(st.one_of(st.sampled_from(HTML_BITS), st.sampled_from(WORDS), st.text(max_size=5)),
                     max_size=80).map("".join)


@FAST
@given(any_text)
def test_clean_text_never_raises(text):
    out = clean_text(text)
    assert isinstance(out, str)


@FAST
@given(st.one_of(html_text, st.text(max_size=300)))
def test_clean_html_never_raises(html):
    page = clean_html(html)
    assert isinstance(page.text, str)
    for value in (page.title, page.published, page.source):
        assert value is None or isinstance(value, str)


@FAST
@given(any_text)
def test_normalise_script_never_raises(text):
    script, out = normalise_script(text)
    assert script in ("traditional", "simplified", "mixed")
    assert isinstance(out, str)
    if script == "simplified":
        assert out == text


@FAST
@given(any_text)
def test_parse_number_never_raises(text):
    n = parse_number(text)
    if n is not None:
        assert n.qualifier in ("exact", "approx", "over", "under")
        assert isinstance(n.value, (int, float)) and not math.isnan(n.value)


@FAST
@given(any_text)
def test_find_numbers_spans_point_into_the_text(text):
    for n in find_numbers(text):
        assert 0 <= n.start <= n.num_start <= n.num_end <= n.end <= len(text), n
        assert n.qualifier in ("exact", "approx", "over", "under")
        assert not math.isnan(n.value)


def _check_rows(rows: stages.ArticleRows) -> None:
    (article,) = rows.articles
    assert article["status"] in ("ok", "error")
    assert not (article["error"] or "").startswith("internal error"), article["error"]
    text = article["text"]
    for f in rows.figures:
        assert f["evidence"] == text[f["start"]:f["end"]]
        assert 0 <= f["start"] < f["end"] <= len(text)
        assert f["kind"] in ("alliance_count", "village_coverage", "income", "funding")
        assert f["qualifier"] in ("exact", "approx", "over", "under")
    for p in rows.places:
        assert 0 <= p["start"] < p["end"] <= len(text)
    for a in rows.alliances:
        assert 0 <= a["start"] < a["end"] <= len(text)


@SLOW
@given(domain_text)
def test_process_article_on_random_text(text):
    _check_rows(stages.process_article("a.txt", text.encode("utf-8")))


@SLOW
@given(html_text)
def test_process_article_on_random_html(html):
    _check_rows(stages.process_article("a.html", html.encode("utf-8")))


@SLOW
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.htm"]))
def test_process_article_on_random_bytes(data, name):
    _check_rows(stages.process_article(name, data))


@SLOW
@given(domain_text, st.sampled_from(["gb18030", "big5", "utf-16", "utf-8-sig", "utf-16-be"]))
def test_process_article_in_other_encodings(text, codec):
    data = text.encode(codec, errors="ignore")
    _check_rows(stages.process_article("a.txt", data))

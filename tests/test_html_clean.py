"""HTML cleaning: gold pages scored in aggregate against floors, plus robustness on made-up pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.stages.dates import normalise_date
from pipeline.stages.decode import decode_bytes, declared_charset
from pipeline.stages.html_clean import HtmlArticle, clean_html
from pipeline.quality.html_eval import norm, score_pages

HERE = Path(__file__).parent
PAGES = HERE / "fixtures" / "html"
EXTRA = HERE / "fixtures" / "html_extra"
FLOORS = json.loads((HERE / "html_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold_scores() -> dict:
    return score_pages(PAGES, PAGES / "gold")


@pytest.mark.parametrize("metric", ["keep", "drop", "title", "date", "source"])
def test_gold_pages_meet_floor(gold_scores: dict, metric: str) -> None:
    got = gold_scores["totals"][metric]
    failing = {stem: p.get("missed") or p.get("leaked") or p[metric]
               for stem, p in gold_scores["pages"].items()
               if (p[metric][0] < p[metric][1] if isinstance(p[metric], tuple) else not p[metric])}
    assert got >= FLOORS[metric], f"{metric} {got:.3f} < floor {FLOORS[metric]}; failing pages: {failing}"


def test_extra_pages_fully_correct() -> None:
    res = score_pages(EXTRA, EXTRA / "gold")
    for stem, p in res["pages"].items():
        assert not p["missed"] and not p["leaked"], (stem, p["missed"], p["leaked"])
        assert p["title"] and p["date"] and p["source"], (stem, p["article"])


# ---------------------------------------------------------------- robustness


def _page(body: str, head: str = "<title>测试页面</title>") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


PROSE = "".join(f"<p>这是第{i}段正文，记者在现场了解到，相关工作正在有序推进，群众反映良好。</p>" for i in range(1, 6))


@pytest.mark.parametrize("html", ["", " ", "garbage <<<>>> &&& \x00\x01", "<", "</html>", "<p>",
                                  "<![CDATA[x]]>", "<div" * 3000, "\ufeff<html>", "<table><tr><td>" * 500])
def test_never_crashes(html: str) -> None:
    art = clean_html(html)
    assert isinstance(art, HtmlArticle) and isinstance(art.text, str)


def test_deeply_nested_and_unclosed() -> None:
    deep = "<div>" * 5000 + PROSE + "</div>" * 10
    art = clean_html(_page(deep))
    assert "这是第1段正文" in art.text and "这是第5段正文" in art.text
    unclosed = _page("<div><p>" + "<span><b>".join(f"第{i}句话没有闭合，但内容仍然要保留。" for i in range(8)))
    assert "第7句话没有闭合" in clean_html(unclosed).text


def test_scripts_styles_comments_cdata_hidden_never_in_text() -> None:
    junk = ("<script>var a = 11111111;</script><style>.b{width:22222222px}</style>"
            "<!-- 33333333 --><noscript>44444444</noscript><template>55555555</template>"
            "<svg><![CDATA[66666666]]></svg><div style='display: none'>隐藏对话框77777777，请扫码关注。</div>"
            "<div hidden>88888888，隐藏内容。</div><span aria-hidden='true'>99999999</span>")
    art = clean_html(_page("<div class='c'>" + PROSE[:60] + junk + PROSE[60:] + "</div>"))
    for n in "1234567899":
        assert n * 8 not in art.text
    assert "这是第5段正文" in art.text


def test_br_separated_body_and_inline_links() -> None:
    body = ("<div class='nav'><a href='/'>首页</a> <a href='/a'>新闻</a> <a href='/b'>体育</a></div>"
            "<h1>测试页面</h1><div class='text'>"
            "第一段说明，市场监管部门今天发布了<a href='/t'>抽检</a>结果，合格率达到百分之九十八。<br><br>"
            "第二段说明，<b>食品</b>类产品的合格率<em>继续</em>保持稳定。<br>第三段说明，下一步将加大监督力度。</div>"
            "<ul class='rel'><li><a href='/1'>相关新闻一则标题很长很长</a></li><li><a href='/2'>相关新闻二则标题很长很长</a></li></ul>")
    art = clean_html(_page(body))
    assert "今天发布了抽检结果，合格率达到百分之九十八。" in art.text
    assert "第二段说明，食品类产品的合格率继续保持稳定。" in art.text
    assert art.text.count("\n") >= 2  # <br> makes line breaks
    assert "相关新闻" not in art.text and "首页" not in art.text


def test_falls_back_to_html5lib_when_lexbor_loses_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.stages import html_clean
    real = html_clean._parse
    calls: list[int] = []

    def lossy(html: str):  # the first (lexbor) parse stops early, as lxml does on other_1
        calls.append(1)
        return real(html if len(calls) > 1 else html[: len(html) // 4])

    monkeypatch.setattr(html_clean, "_parse", lossy)
    art = clean_html(_page("<div>" + PROSE + "</div>"))
    assert len(calls) == 2 and "这是第5段正文" in art.text


def test_gbk_page_through_decode_bytes() -> None:
    html = _page("<h1>省内高速公路春运期间免费通行</h1><div class='info'>2021年12月06日 来源：交通日报</div>"
                 "<div class='content'>" + PROSE + "<p>镕、瑄、堃等生僻字也应保留。</p></div>",
                 head="<meta charset='gbk'><title>省内高速公路春运期间免费通行_交通频道</title>")
    data = html.encode("gbk")
    dec = decode_bytes(data, declared_charset(data))
    art = clean_html(dec.text)
    assert "这是第3段正文" in art.text and "镕、瑄、堃" in art.text
    assert (art.title, art.published, art.source) == ("省内高速公路春运期间免费通行", "2021-12-06", "交通日报")


def test_title_strips_site_suffix_without_h1() -> None:
    art = clean_html(_page("<div>" + PROSE + "</div>", head="<title>某市召开防汛工作会议 - 某某新闻网</title>"))
    assert art.title == "某市召开防汛工作会议" and art.source == "某某新闻网"


def test_date_sources() -> None:
    meta = "<meta name='publishdate' content='2020-05-04'><title>标题</title>"
    assert clean_html(_page("<div>" + PROSE + "</div>", head=meta)).published == "2020-05-04"
    js = "<title>标题</title><script>var ct = \"1581465600\";</script>"
    art = clean_html(_page("<div>" + PROSE + "</div>", head=js))
    assert (art.published, art.published_from) == ("2020-02-12", "script:ct")


@pytest.mark.parametrize("raw,want", [
    ("2021年12月06日", "2021-12-06"), ("2021年12月6日 16:00", "2021-12-06"), ("2021-12-06 16:00", "2021-12-06"),
    ("2021/12/6", "2021-12-06"), ("2021.12.06", "2021-12-06"), ("20211206", "2021-12-06"),
    ("1638777600", "2021-12-06"), ("1638777600000", "2021-12-06"), ("2021年12月", "2021-12"),
    ("二〇二一年十二月六日", "2021-12-06"), ("2007-08-20-23:59:59", "2007-08-20"),
    ("2021-02-30", None), ("昨天", None), ("12345", None), ("", None), (None, None),
])
def test_normalise_date(raw: str | None, want: str | None) -> None:
    assert normalise_date(raw) == want


def test_norm_collapses_whitespace() -> None:
    assert norm(" a \n\t b ") == "a b"


# ---------------------------------------------------------------- 1.1.0: e-paper pages

def _epaper(title: str, masthead: str, footer: str = "", description: str = "") -> str:
    head = f"<title>{title}</title>" + (f"<meta name='description' content='{description}'>" if description else "")
    body = (f"<table><tr><td class='paperhead'>{masthead}</td><td><a href='/'>首页</a> | <a href='/n'>版面导航</a></td></tr></table>"
            "<div class='banci'>第B03版：乡村振兴</div><div><a href='/1'>上一版</a> <a href='/2'>下一版</a></div>"
            "<div class='article'><h1>黎平：党建联盟让侗寨旅游火起来</h1><div class='content'>" + PROSE + "</div></div>"
            f"<div class='foot'>{footer}</div>")
    return _page(body, head=head)


def test_epaper_source_from_title_logo_or_footer_and_date_from_header() -> None:
    art = clean_html(_epaper("黔东南日报数字报-黎平：党建联盟让侗寨旅游火起来", "2023年05月09日 星期二"))
    assert (art.source, art.published) == ("黔东南日报", "2023-05-09")
    logo = "<img src='/images/logo.gif' alt='黔东南日报'> 2023年5月9日 周二"
    art = clean_html(_epaper("黎平：党建联盟让侗寨旅游火起来", logo))
    assert (art.source, art.source_from, art.published) == ("黔东南日报", "logo", "2023-05-09")
    art = clean_html(_epaper("黎平：党建联盟让侗寨旅游火起来", "2023-05-09 第B03版",
                             footer="凯里晚报社版权所有 未经书面授权不得复制"))
    assert (art.source, art.published) == ("凯里晚报", "2023-05-09")
    art = clean_html(_epaper("黎平：党建联盟让侗寨旅游火起来", "", description="黔东南日报 2023年5月9日 第B03版"))
    assert art.published == "2023-05-09"


# ---------------------------------------------------------------- probes (issue 15)

_PROSE = "东山镇组建联村党委5个，覆盖27个行政村，村集体经济收入平均增长9.6万元，带动农户户均增收3200元。"


def test_many_attributes_on_one_tag_take_linear_time() -> None:
    import time

    def cost(n: int) -> float:
        attrs = " ".join(f'data-k{i}="v{i}"' for i in range(n))
        page = f"<html><body><div {attrs} hidden><p>藏起来的推广文字，不该出现。</p></div><p>{_PROSE}</p></body></html>"
        t0 = time.perf_counter()
        art = clean_html(page)
        elapsed = time.perf_counter() - t0
        assert _PROSE in art.text and "推广" not in art.text  # an attribute past the cap still hides
        return elapsed

    small = min(cost(5_000) for _ in range(2))
    big = cost(100_000)
    assert big < 20 * 20 * small + 0.5 and big < 10.0  # 20 x the attributes: far from 400 x the time


def test_textarea_and_noframes_text_is_kept() -> None:
    other = "西山镇组建联村党委3个，覆盖12个行政村，村集体经济收入平均增长5.1万元，带动农户增收。"
    page = f"<html><body><noframes><p>{_PROSE}</p></noframes><textarea readonly>{other}</textarea></body></html>"
    art = clean_html(page)
    assert _PROSE in art.text and other in art.text and "<p>" not in art.text


def test_a_spam_only_page_is_the_all_junk_error() -> None:
    from pipeline.stages.article import process_article

    page = ("<html><head><title>最新无码视频在线观看_高清免费</title></head><body><h1>最新无码视频在线观看</h1>"
            "<p>最新无码视频免费观看，高清在线播放，每日更新，欢迎收藏本站。</p>"
            "<p>真人娱乐平台，注册即送彩金，百家乐、老虎机应有尽有。</p></body></html>")
    row = process_article("spam.html", page.encode()).articles[0]
    assert row["status"] == "error" and "all-junk" in row["error"]


def test_pinyin_and_controls_are_removed_from_a_page_title() -> None:
    page = (f"<html><head><title>东山镇联(lián)建见成效\u202e</title></head><body><h1>东山镇联(lián)建见成效\u202e</h1>"
            f"<p>{_PROSE}</p></body></html>")
    assert clean_html(page).title == "东山镇联建见成效"

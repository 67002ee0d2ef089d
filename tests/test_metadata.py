"""Plain-text metadata: title, source and date, on article heads of our own invention."""

from extractors.metadata import text_metadata


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

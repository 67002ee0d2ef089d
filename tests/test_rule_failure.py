"""A crashing rule is never silent: the article keeps its other rows and names the rule."""

from __future__ import annotations

from extractors import figures
from pipeline.stages.article import Options, process_article

TEXT = ("福建省南平市建阳区组建跨村党建联盟6个，覆盖行政村31个。"
        "2023年联盟成员村村集体经济收入达到820万元。").encode("utf-8")


def test_a_failing_rule_becomes_a_warning_and_the_rest_stays(monkeypatch):
    clean = process_article("a.txt", TEXT, {}, Options())
    assert clean.articles[0]["warnings"] is None
    kinds = {f["kind"] for f in clean.figures}
    assert {"alliance_count", "village_coverage", "income"} <= kinds

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(figures, "_count", broken)
    rows = process_article("a.txt", TEXT, {}, Options())
    article = rows.articles[0]
    assert article["status"] == "ok"
    assert article["warnings"] and all("figures.count" in w and "ValueError: boom" in w for w in article["warnings"])
    assert {f["kind"] for f in rows.figures} == {"income"}  # money rules still ran
    assert rows.places  # and so did the places

"""The trafilatura baseline row of the page-cleaning evaluation is computed from real
trafilatura output, scored by the same measures as our cleaner (invented pages only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.quality import html_eval

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>云岭县五村联建党委成立_滇南在线</title>
<meta name="publishdate" content="2024-05-17"></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/dj">基层党建</a></div>
<div class="article"><h1>云岭县五村联建党委成立</h1>
<div class="info">2024-05-17 09:30 来源：滇南日报</div>
<p>5月16日，云岭县石桥镇东坡、西坡、河口、岩脚、松林五个村联合成立联建党委，统筹发展茶叶和菌菇产业。</p>
<p>联建党委成立一年来，五个村村集体经济收入合计达到186万元，比上年增加42万元，带动农户户均增收3600元。</p>
<p>责任编辑：李某某</p></div>
<div class="footer">版权所有 滇南在线 未经授权不得转载 滇ICP备00000000号</div>
</body></html>"""

GOLD = {
    "article": "p1.html", "title": "云岭县五村联建党委成立", "published": "2024-05-17", "source": "滇南日报",
    "must_contain": ["五个村联合成立联建党委", "村集体经济收入合计达到186万元"],
    "must_not_contain": ["新闻中心", "责任编辑", "未经授权不得转载"],
}


@pytest.fixture()
def page_dir(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "p1.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "gold" / "p1.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_trafilatura_is_installed_from_the_lock() -> None:
    import trafilatura

    assert html_eval.trafilatura_available()
    lock = (Path(__file__).parents[1] / "requirements.lock").read_text(encoding="utf-8")
    assert f"trafilatura=={trafilatura.__version__}" in lock.splitlines()


def test_baseline_reads_real_trafilatura_output() -> None:
    got = html_eval.trafilatura_extract(PAGE)
    # trafilatura finds the body, the headline and the meta date, keeps the editor line and names
    # no site: these are its values, not ours
    assert "五个村联合成立联建党委" in got.text and "186万元" in got.text
    assert "责任编辑：李某某" in got.text
    assert "新闻中心" not in got.text and "未经授权" not in got.text
    assert got.title == "云岭县五村联建党委成立"
    assert got.published == "2024-05-17"
    assert got.source is None


def test_baseline_row_beside_ours(page_dir: Path) -> None:
    res = html_eval.score_pages(page_dir, page_dir / "gold", baseline="trafilatura")
    page = res["pages"]["p1"]
    base = page["baseline"]
    assert base["keep"] == (2, 2)
    assert base["drop"] == (2, 3) and base["leaked"] == ["责任编辑"]
    assert (base["title"], base["date"], base["source"]) == (True, True, False)
    # ours on the same page drops the editor line and reads the source from the 来源 line
    assert page["drop"] == (3, 3) and page["source"] is True
    t = res["totals"]
    assert t["trafilatura.keep"] == 1.0
    assert t["trafilatura.drop"] == pytest.approx(2 / 3)
    assert t["trafilatura.source"] == 0.0 and t["source"] == 1.0
    assert t["trafilatura.pages_per_s"] > 0 and t["pages_per_s"] > 0
    rows = html_eval.comparison_rows(res)
    assert [r[1] for r in rows] == ["ours", "trafilatura"]
    assert rows[1][2:7] == (1.0, pytest.approx(2 / 3), 1.0, 1.0, 0.0)
    assert rows[1][8] == t["trafilatura.median_ms"] > 0
    table = html_eval.format_comparison(rows)
    assert "trafilatura" in table and "0.667" in table


def test_no_baseline_leaves_the_totals_as_they_were(page_dir: Path) -> None:
    res = html_eval.score_pages(page_dir, page_dir / "gold", baseline="none")
    assert "baseline" not in res["pages"]["p1"]
    assert not any(k.startswith("trafilatura.") for k in res["totals"])
    with pytest.raises(ValueError):
        html_eval.score_pages(page_dir, page_dir / "gold", baseline="jusText-x")


def test_text_pages_are_wrapped_and_scored_like_eval(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    text = ("首页 > 基层党建 > 正文\n"
            "临河乡三村抱团建起联合党委\n"
            "今年以来，临河乡北岗、南岗、中岗三个村组建联合党委，共同经营200亩果园，村集体年收入各增加15万元。\n"
            "联合党委还组织党员志愿服务队，每月走访独居老人，帮助解决实际困难。\n")
    (tmp_path / "t1.txt").write_text(text, encoding="utf-8")
    gold = {"article": "t1.txt", "title": "临河乡三村抱团建起联合党委", "published": None, "source": None,
            "must_contain": ["三个村组建联合党委", "每月走访独居老人"], "must_not_contain": ["首页 > 基层党建 > 正文"]}
    (tmp_path / "gold" / "t1.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    wrapped = html_eval.text_as_html(text)
    assert wrapped.count("<p>") == 4 and "&gt;" in wrapped
    res = html_eval.score_text_set(tmp_path, baseline="trafilatura")
    assert res["pages"] == 1
    assert res["ours"]["keep"] == 1.0 and res["ours"]["drop"] == 1.0 and res["ours"]["title"] == 1.0
    direct = html_eval.trafilatura_extract(wrapped)
    expect_keep = sum(q in direct.text for q in gold["must_contain"]) / 2
    assert res["trafilatura"]["keep"] == expect_keep == 1.0
    assert res["trafilatura"]["drop"] == float("首页 > 基层党建 > 正文" not in direct.text)
    assert res["trafilatura"]["title"] == float(direct.title == gold["title"])
    # no gold date or source: those measures have nothing to count
    assert res["trafilatura"]["date"] == 0.0 and res["trafilatura"]["source"] == 0.0


# ---------------------------------------------------------------- python -m pipeline eval --baseline


def _eval(argv: list[str], capsys) -> tuple[int, str, str]:
    from pipeline.cli import build_parser

    args = build_parser().parse_args(["eval", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def _table_rows(out: str) -> dict[tuple[str, str], list[float]]:
    """(set, extractor) -> keep, drop, title, date, source, pages/s, median ms from the printed table."""
    rows = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) == 10 and cells[1].startswith("(") and cells[2] in ("ours", "trafilatura"):
            rows[(cells[0], cells[2])] = [float(c) for c in cells[3:]]
    return rows


def test_eval_baseline_prints_ours_and_trafilatura_for_html_and_realdev(seed_db_dir: Path, capsys) -> None:
    code, out, _ = _eval(["--out", str(seed_db_dir), "--baseline", "trafilatura"], capsys)
    assert code in (0, 1)  # the seed corpus is no gold corpus: its floors are not this test's
    assert "html.keep" in out and "page cleaning, ours beside trafilatura" in out
    rows = _table_rows(out)
    assert set(rows) == {("html", "ours"), ("html", "trafilatura"), ("realdev", "ours"), ("realdev", "trafilatura")}
    # the scores are the ones html_eval computes (speed varies between runs and is only checked > 0)
    html_res = html_eval.score_pages(html_eval.HTML_DIR, html_eval.HTML_DIR / "gold", baseline="trafilatura")
    text_res = html_eval.score_text_set(html_eval.REALDEV_DIR, baseline="trafilatura")
    expected = {row[:2]: row[2:7] for row in html_eval.comparison_rows(html_res, text_res)}
    for (label, who), values in rows.items():
        want = next(v for (lab, w), v in expected.items() if lab.startswith(label + " ") and w == who)
        assert values[:5] == pytest.approx(want, abs=0.0006), (label, who)
        assert values[5] > 0 and values[6] > 0
    # real trafilatura output: it keeps chrome our cleaner drops and names no publisher
    assert rows[("html", "trafilatura")][1] < rows[("html", "ours")][1]
    assert rows[("html", "trafilatura")][4] < 1.0 and rows[("realdev", "trafilatura")][:5] != rows[("realdev", "ours")][:5]


def test_eval_without_baseline_prints_no_comparison_table(seed_db_dir: Path, capsys) -> None:
    _, out, _ = _eval(["--out", str(seed_db_dir)], capsys)
    # a plain eval scores our cleaner only: trafilatura runs when --baseline asks for it
    assert "html.keep" in out and "html.trafilatura.keep" not in out
    assert "page cleaning, ours beside" not in out and not _table_rows(out)
    _, as_json, _ = _eval(["--out", str(seed_db_dir), "--format", "json"], capsys)
    assert not any(k.startswith("compare.") for k in json.loads(as_json))


def test_eval_baseline_without_a_database_prints_the_table_alone(tmp_path: Path, capsys) -> None:
    code, out, err = _eval(["--out", str(tmp_path / "none"), "--baseline", "trafilatura", "--format", "json"], capsys)
    assert code == 0 and "only the page-cleaning table" in err
    flat = json.loads(out)
    assert flat["compare.html.trafilatura.keep"] < 1.0 and flat["compare.realdev.ours.keep"] > 0
    assert flat["compare.html.trafilatura.pages_per_s"] > 0


def test_eval_baseline_without_trafilatura_is_a_clear_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(html_eval, "trafilatura_available", lambda: False)
    code, out, err = _eval(["--out", str(tmp_path), "--baseline", "trafilatura"], capsys)
    assert code == 2 and not out
    assert err.startswith("error: ") and "trafilatura" in err and "requirements.lock" in err
    assert html_eval.main(["--baseline", "trafilatura"]) == 2


def test_eval_baseline_is_no_option_of_heldout_or_reviewed(capsys) -> None:
    for other in ("--heldout", "--reviewed"):
        code, _, err = _eval([other, "--baseline", "trafilatura"], capsys)
        assert code == 2 and "--baseline" in err


def test_eval_help_shows_the_baseline_with_an_example(capsys) -> None:
    from pipeline.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "--help"])
    text = capsys.readouterr().out
    assert "--baseline {none,trafilatura}" in text
    assert "python -m pipeline eval --out outputs --baseline trafilatura" in text

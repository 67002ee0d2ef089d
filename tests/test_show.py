"""`show`: a case, figure or article with its evidence sentence marked inside its paragraph."""

import json
import re

import pytest

from pipeline.research import query
from pipeline.cli import main


@pytest.fixture(scope="module")
def con(seed_db_dir):
    return query.connect(seed_db_dir)


def _show(seed_db_dir, capsys, *args):
    code = main(["show", "--out", str(seed_db_dir), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_figure_sentence_is_marked_in_its_paragraph(seed_db_dir, con, capsys):
    f = query.run_sql(con, """select f.*, a.path, a.text from figures f join articles a using (article_id)
                              order by f.figure_id limit 1""").to_pylist()[0]
    code, out, _ = _show(seed_db_dir, capsys, f["figure_id"], "--color", "never")
    assert code == 0
    sentence = f["text"][f["sentence_start"]:f["sentence_end"]]
    assert f"【{sentence}】" in out
    assert f["evidence"] in sentence
    assert f["path"] in out and f["kind"] in out
    assert "\033[" not in out  # piped output carries no escape codes


def test_color_highlights_the_evidence(seed_db_dir, con, capsys):
    fid, evidence = query.run_sql(con, "select figure_id, evidence from figures order by figure_id limit 1").to_pylist()[0].values()
    code, out, _ = _show(seed_db_dir, capsys, fid, "--color", "always")
    assert code == 0 and f"\033[1;4;33m{evidence}\033[0;1m" in out


def test_case_shows_each_of_its_figures(seed_db_dir, con, capsys):
    case = query.run_sql(con, "select case_id, figure_ids from cases where len(figure_ids) >= 2 order by case_id limit 1").to_pylist()
    if not case:
        pytest.skip("the seed database has no case with two figures")
    code, out, _ = _show(seed_db_dir, capsys, case[0]["case_id"], "--color", "never")
    assert code == 0
    assert out.count("【") >= len(case[0]["figure_ids"])
    for fid in case[0]["figure_ids"]:
        assert fid in out


def test_article_by_unique_prefix_lists_metadata(seed_db_dir, con, capsys):
    a = query.run_sql(con, "select article_id, path, source from articles order by path limit 1").to_pylist()[0]
    code, out, _ = _show(seed_db_dir, capsys, a["article_id"][:8])
    assert code == 0
    assert out.startswith(f"article {a['article_id']}") and a["path"] in out


def test_json_format_and_unknown_id(seed_db_dir, con, capsys):
    cid = query.run_sql(con, "select case_id from cases order by case_id limit 1").to_pylist()[0]["case_id"]
    code, out, _ = _show(seed_db_dir, capsys, cid, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["type"] == "case" and data["item"]["case_id"] == cid
    code, out, err = _show(seed_db_dir, capsys, "zzzz-not-an-id")
    assert code == 1 and "no case, figure or article" in err


def test_paragraph_context_offsets():
    text = "第一段。\n甲村建立联盟。覆盖12个村。\n第三段"
    s = text.index("覆盖")
    ctx = query.paragraph_context(text, s + 2, s + 6, s, s + 7)
    p = ctx["paragraph"]
    assert p == "甲村建立联盟。覆盖12个村。"
    assert p[slice(*ctx["sentence"])] == "覆盖12个村。" and p[slice(*ctx["evidence"])] == "12个村"
    # a sentence span that swallowed its line break still stays inside its paragraph
    assert query.paragraph_context(text, s + 2, s + 6, s, s + 8)["paragraph"] == p


def test_unknown_id_says_how_to_find_ids(seed_db_dir, capsys):
    code, _, err = _show(seed_db_dir, capsys, "zzzz-not-an-id")
    assert code == 1
    suggested = re.findall(r'python -m pipeline query --out \S+ "(.+?)"', err)
    assert len(suggested) >= 3, err
    con = query.connect(seed_db_dir)
    for sql in suggested:  # every query the message suggests runs and lists ids
        table = query.run_sql(con, sql)
        assert table.num_rows and table.column_names[0].endswith("_id")

"""`eval --reviewed`: precision, exact and recall from the researchers' own decisions."""

import json

import pytest

from pipeline.cli import main
from pipeline.research import query
from pipeline.run import corrections as C


def test_scores_follow_the_decisions(db, capsys):
    corpus, out = db
    con = query.connect(out)
    figs = query.run_sql(con, "select f.*, a.sha256 from figures f join articles a using (article_id) where kind = 'income' order by a.path, f.start").to_pylist()
    n_income = len(figs)
    assert n_income >= 5
    key = lambda f: {"target": "figure", "sha256": f["sha256"], "kind": f["kind"], "start": f["start"], "end": f["end"], "evidence": f["evidence"]}  # noqa: E731
    text = query.run_sql(con, "select text from articles where sha256 = ?", [figs[0]["sha256"]]).to_pylist()[0]["text"]
    C.record(corpus, [
        {**key(figs[0]), "decision": "confirmed"},
        {**key(figs[1]), "decision": "confirmed"},
        {**key(figs[2]), "decision": "corrected", "fields": {"value": 1.0, "place": "某村"}},
        {**key(figs[3]), "decision": "rejected"},
        {**key(figs[4]), "decision": "corrected", "fields": {"kind": "funding"}},  # scored under its extracted kind
        {"target": "figure", "sha256": figs[0]["sha256"], "kind": "income", "start": 0, "end": 2, "evidence": text[:2],
         "decision": "added", "fields": {"value": 5.0}},
    ])
    assert main(["eval", "--reviewed", "--corpus", str(corpus), "--out", str(out), "--format", "json"]) == 0
    s = json.loads(capsys.readouterr().out)
    inc = s["scores"]["figures.income"]
    assert (inc["rows"], inc["decided"], inc["confirmed"], inc["corrected"], inc["rejected"], inc["added"]) == (n_income, 5, 2, 2, 1, 1)
    assert inc["precision"] == pytest.approx(4 / 5) and inc["exact"] == pytest.approx(2 / 5)
    assert inc["recall"] == pytest.approx(4 / 5) and inc["f1"] == pytest.approx(0.8)
    assert inc["fields_corrected"] == {"kind": 1, "place": 1, "value": 1}
    assert s["scores"]["figures"]["decided"] == 5 and s["scores"]["alliances"]["precision"] is None
    assert s["scores"]["places"]["recall"] is None, "places cannot be added: no recall"
    assert main(["eval", "--reviewed", "--corpus", str(corpus), "--out", str(out)]) == 0
    table = capsys.readouterr().out
    assert "figures.income" in table and "0.800" in table and "6 decisions" in table


def test_without_decisions_it_says_how_to_make_them(db, capsys):
    corpus, out = db
    assert main(["eval", "--reviewed", "--corpus", str(corpus), "--out", str(out)]) == 2
    assert "python -m pipeline review" in capsys.readouterr().err

"""corpus/corrections.jsonl: decisions applied on every run, surviving --full; orphans listed."""

import json
import multiprocessing as mp
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.research import query
from pipeline.run import corrections as C
from pipeline.run.runner import extract

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path) -> Path:
    c = tmp_path / "corpus"
    c.mkdir()
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(f, c / f.name)
    return c


def _figures(out: Path) -> list[dict]:
    con = query.connect(out)
    return query.run_sql(con, "select f.*, a.sha256, a.path, a.text from figures_all f join articles a using (article_id) order by a.path, f.start").to_pylist()


def _key(f: dict) -> dict:
    return {"target": "figure", "sha256": f["sha256"], "path": f["path"], "kind": f["kind"],
            "start": f["start"], "end": f["end"], "evidence": f["evidence"]}


def _tables(out: Path) -> dict:
    return {n: pq.read_table(out / f"{n}.parquet") for n in ("figures", "alliances", "places", "cases")}


def test_decisions_survive_full_reextraction(corpus, tmp_path):
    out = tmp_path / "out"
    extract(corpus, out, workers=1)
    plain = _tables(out)
    figs = _figures(out)
    cov = max((f for f in figs if f["kind"] == "village_coverage"), key=lambda f: f["value"])
    inc = next(f for f in figs if f["kind"] == "income")
    ok = next(f for f in figs if f["kind"] == "alliance_count")
    text = cov["text"]
    # a missed figure: the words of a sentence in the same article that no figure quotes
    used = [(f["start"], f["end"]) for f in figs if f["article_id"] == cov["article_id"]]
    s = next(i for i in range(len(text) - 4) if text[i:i + 4].strip() == text[i:i + 4] and "\n" not in text[i:i + 4]
             and all(e <= i or i + 4 <= st for st, e in used))
    C.record(corpus, [
        {**_key(cov), "decision": "rejected"},
        {**_key(inc), "decision": "corrected", "fields": {"value": 4321.0, "per": "capita"}},
        {**_key(ok), "decision": "confirmed"},
        {"target": "figure", "sha256": cov["sha256"], "kind": "funding", "start": s, "end": s + 4,
         "evidence": text[s:s + 4], "decision": "added", "fields": {"value": 7.5e6, "place": cov["place"]}},
    ])
    summary = extract(corpus, out, workers=1, full=True)
    assert summary.corrections.counts == {"rejected": 1, "corrected": 1, "confirmed": 1, "added": 1}
    con = query.connect(out)
    rows = {r["figure_id"]: r for r in query.run_sql(con, "select * from figures_all").to_pylist()}
    assert rows[cov["figure_id"]]["review"] == "rejected"
    assert cov["figure_id"] not in {r["figure_id"] for r in query.run_sql(con, "select figure_id from figures").to_pylist()}
    fixed = rows[inc["figure_id"]]
    assert (fixed["review"], fixed["value"], fixed["per"], fixed["extracted_value"]) == ("corrected", 4321.0, "capita", inc["value"])
    assert fixed["extracted"]["value"] == inc["value"] and fixed["extracted"]["per"] == inc["per"]
    assert rows[ok["figure_id"]]["review"] == "confirmed" and rows[ok["figure_id"]]["value"] == ok["value"]
    added = [r for r in rows.values() if r["review"] == "added"]
    assert len(added) == 1 and added[0]["value"] == 7.5e6 and added[0]["evidence"] == text[s:s + 4]
    assert added[0]["extracted_value"] is None and added[0]["extractor"] == "review"
    # the cases follow: the rejected coverage is gone from its case, the added funding is in it
    case = query.run_sql(con, "select * from cases where article_id = ? and place is not distinct from ?",
                         [cov["article_id"], cov["place"]]).to_pylist()[0]
    assert cov["figure_id"] not in case["figure_ids"] and added[0]["figure_id"] in case["figure_ids"]
    assert case["village_coverage"] != cov["value"]
    assert 7.5e6 in [f["value"] for f in case["funding"]]
    # exports leave the rejected row out and show the review
    from pipeline.commands.export import tables as export_tables

    exported = export_tables(out)["figures"].to_pylist()
    assert cov["figure_id"] not in {r["figure_id"] for r in exported}
    assert {r["review"] for r in exported} >= {"corrected", "confirmed", "added", None}
    # an incremental run changes nothing; applying twice is applying once
    before = _tables(out)
    extract(corpus, out, workers=1)
    assert all(before[n].equals(t) for n, t in _tables(out).items())
    # clearing every decision gives back exactly the extractors' tables
    C.record(corpus, [{**_key(cov), "decision": "cleared"}, {**_key(inc), "decision": "cleared"},
                      {**_key(ok), "decision": "cleared"},
                      {"target": "figure", "sha256": cov["sha256"], "kind": "funding", "start": s, "end": s + 4,
                       "evidence": text[s:s + 4], "decision": "cleared"}])
    extract(corpus, out, workers=1)
    after = _tables(out)
    for n, t in plain.items():
        assert after[n].equals(t), n
    assert len(C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()) == 8, "history is kept"


def test_alliances_and_places_can_be_rejected_and_corrected(corpus, tmp_path):
    out = tmp_path / "out"
    extract(corpus, out, workers=1)
    con = query.connect(out)
    al = query.run_sql(con, "select l.*, a.sha256, a.text from alliances l join articles a using (article_id) order by a.path, l.start limit 1").to_pylist()[0]
    pl = query.run_sql(con, "select p.*, a.sha256, a.text from places p join articles a using (article_id) where p.level = 'village' order by a.path, p.start limit 1").to_pylist()[0]
    C.record(corpus, [
        {"target": "alliance", "sha256": al["sha256"], "kind": al["name"], "start": al["start"], "end": al["end"],
         "evidence": al["text"][al["start"]:al["end"]], "decision": "rejected"},
        {"target": "place", "sha256": pl["sha256"], "kind": pl["name"], "start": pl["start"], "end": pl["end"],
         "evidence": pl["text"][pl["start"]:pl["end"]], "decision": "corrected", "fields": {"province": "测试省"}},
    ])
    extract(corpus, out, workers=1, full=True)
    con = query.connect(out)
    assert not query.run_sql(con, "select * from alliances where article_id = ? and name = ? and start = ?",
                             [al["article_id"], al["name"], al["start"]]).num_rows
    assert query.run_sql(con, "select review from alliances_all where article_id = ? and start = ?", [al["article_id"], al["start"]]).to_pylist()[0]["review"] == "rejected"
    row = query.run_sql(con, "select * from places where article_id = ? and name = ?", [pl["article_id"], pl["name"]]).to_pylist()[0]
    assert row["province"] == "测试省" and row["extracted"]["province"] == pl["province"] and row["review"] == "corrected"
    cases = query.run_sql(con, "select province from cases where article_id = ? and place = ?", [pl["article_id"], pl["name"]]).to_pylist()
    assert all(c["province"] == "测试省" for c in cases)


def test_changed_or_vanished_articles_make_orphans_never_dropped(corpus, tmp_path):
    out = tmp_path / "out"
    extract(corpus, out, workers=1)
    figs = _figures(out)
    a, b = figs[0], next(f for f in figs if f["path"] != figs[0]["path"])
    moved = next(f for f in figs if f["path"] not in (a["path"], b["path"]))
    C.record(corpus, [{**_key(a), "decision": "rejected"}, {**_key(b), "decision": "confirmed"},
                      # offsets that no longer fit: the words are found where they are now
                      {**_key(moved), "start": moved["start"] + 3, "end": moved["end"] + 3, "decision": "confirmed"}])
    (corpus / a["path"]).write_bytes((corpus / a["path"]).read_bytes() + "\n补记一句。".encode("utf-8"))
    (corpus / b["path"]).unlink()
    summary = extract(corpus, out, workers=1)
    reasons = {o["path"]: o["reason"] for o in summary.corrections.orphans}
    assert "changed" in reasons[a["path"]] and "no longer in the corpus" in reasons[b["path"]]
    assert summary.corrections.counts == {"confirmed": 1}
    assert [o["line"] for o in C.status(corpus, out).orphans] == [1, 2]
    lines = C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["evidence"] == a["evidence"]


def _writer(corpus: str, who: int, n: int) -> None:
    for i in range(n):
        C.record(corpus, {"target": "figure", "sha256": f"{who:064d}", "kind": "income", "start": i, "end": i + 1,
                          "evidence": "x", "decision": "rejected", "by": f"page{who}"})


def test_two_writers_lose_nothing(tmp_path):
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 40)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    decisions, bad = C.read_decisions(C.corrections_file(tmp_path))
    assert not bad and len(decisions) == 80
    assert {(d["by"], d["start"]) for d in decisions} == {(f"page{w}", i) for w in (1, 2) for i in range(40)}
    assert not list(tmp_path.glob(".corrections.jsonl.*.tmp"))


@pytest.mark.parametrize("bad, message", [
    ({"target": "figure", "decision": "corrected", "kind": "income", "fields": {"value": "lots"}}, "number"),
    ({"target": "figure", "decision": "corrected", "kind": "income", "fields": {"colour": 1}}, "no editable field"),
    ({"target": "figure", "decision": "added", "kind": "income", "fields": {}}, "needs a value"),
    ({"target": "alliance", "decision": "added", "kind": "X联盟"}, "only figures"),
    ({"target": "figure", "decision": "maybe", "kind": "income"}, "decision must be"),
    ({"target": "figure", "decision": "rejected", "kind": "income", "evidence": "too long"}, "text of the span"),
])
def test_bad_decisions_are_refused_in_words(tmp_path, bad, message):
    d = {"sha256": "a" * 64, "start": 0, "end": 2, "evidence": "ab", **bad}
    with pytest.raises(C.CorrectionError, match=message):
        C.record(tmp_path, d)
    assert not C.corrections_file(tmp_path).exists()


def test_unreadable_lines_are_reported_not_lost(corpus, tmp_path):
    out = tmp_path / "out"
    C.corrections_file(corpus).write_text('{"target": "figure"\nnot json\n', encoding="utf-8")
    summary = extract(corpus, out, workers=1)
    assert [b["line"] for b in summary.corrections.unreadable] == [1, 2]
    assert C.corrections_file(corpus).read_text(encoding="utf-8").startswith('{"target": "figure"\nnot json')

"""The review server over HTTP: the token and host checks, decisions into corrections.jsonl, the
tables brought up to date, orphans, and the command's errors. (The page in a browser:
tests/test_review_browser.py.)"""

import json
import urllib.error
import urllib.request

import pytest

from pipeline.cli import main
from pipeline.research import query
from pipeline.research.review import ReviewServer
from pipeline.run import corrections as C


@pytest.fixture()
def server(db):
    srv = ReviewServer(*db).start()
    yield srv
    srv.stop()


def _call(srv, path, body=None, token=True, host=None):
    headers = {"X-Review-Token": srv.token} if token else {}
    if host:
        headers["Host"] = host
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{srv.port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_binds_loopback_and_needs_the_token(server):
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert _call(server, "/api/items", token=False)[0] == 403
    assert _call(server, "/api/items", host="evil.example:80")[0] == 403
    assert _call(server, "/?token=wrong", token=False)[0] == 403
    code, body = _call(server, "/?" + server.url.split("?", 1)[1], token=False)
    assert code == 200 and b"Review" in body and server.token.encode() in body


def test_decisions_reach_the_file_and_the_tables(server, db):
    corpus, out = db
    items = json.loads(_call(server, "/api/items")[1])["items"]
    assert {i["target"] for i in items} == {"figure", "alliance", "place"}
    fig = max((i for i in items if i["target"] == "figure"), key=lambda i: i["values"]["value"])
    al = next(i for i in items if i["target"] == "alliance")
    code, body = _call(server, "/api/decide", {"key": fig["key"], "decision": "corrected", "fields": {"value": 1.5e9, "kind": "funding"}})
    assert code == 200, body
    item = json.loads(body)["item"]
    assert item["review"] == "corrected" and item["values"]["value"] == 1.5e9 and item["extracted"]["value"] == fig["values"]["value"]
    assert _call(server, "/api/decide", {"key": al["key"], "decision": "rejected"})[0] == 200
    code, body = _call(server, "/api/decide", {"key": fig["key"], "decision": "corrected", "fields": {"year": "soon"}})
    assert code == 400 and "whole number" in json.loads(body)["error"]
    lines = [json.loads(x) for x in C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()]
    assert [x["decision"] for x in lines] == ["corrected", "rejected"]
    assert lines[0]["evidence"] == fig["evidence"] and lines[0]["path"] == fig["path"]
    assert server.applier.flush(60)
    con = query.connect(out)
    row = query.run_sql(con, "select * from figures where figure_id = ?", [fig["figure_id"]]).to_pylist()[0]
    assert (row["review"], row["kind"], row["value"], row["extracted_value"]) == ("corrected", "funding", 1.5e9, fig["values"]["value"])
    assert not query.run_sql(con, "select * from alliances where article_id = ? and start = ?", [al["article_id"], al["start"]]).num_rows
    # a second page on the same corpus sees the first page's decisions
    other = ReviewServer(corpus, out).start()
    try:
        seen = {i["id"]: i["review"] for i in json.loads(_call(other, "/api/items")[1])["items"]}
        assert seen[fig["id"]] == "corrected" and seen[al["id"]] == "rejected"
    finally:
        other.stop()


def test_added_figure_and_undo(server, db):
    corpus, out = db
    items = json.loads(_call(server, "/api/items")[1])["items"]
    art = json.loads(_call(server, f"/api/article/{items[0]['article_id']}")[1])
    i = art["text"].index("77个")
    key = {"target": "figure", "sha256": art["sha256"], "start": i, "end": i + 3, "kind": "alliance_count"}
    code, body = _call(server, "/api/decide", {"key": key, "decision": "added", "fields": {"value": 77, "place": "温岭市"}})
    assert code == 200, body
    assert json.loads(body)["item"]["review"] == "added"
    assert server.applier.flush(60)
    con = query.connect(out)
    assert query.run_sql(con, "select value from figures where review = 'added'").to_pylist() == [{"value": 77.0}]
    _call(server, "/api/decide", {"key": key, "decision": "cleared"})
    assert server.applier.flush(60)
    assert not query.run_sql(query.connect(out), "select * from figures_all where review is not null").num_rows


def test_orphans_command_lists_them(db, capsys):
    corpus, out = db
    C.record(corpus, {"target": "figure", "sha256": "f" * 64, "path": "gone.txt", "kind": "income", "start": 0,
                      "end": 2, "evidence": "增收", "decision": "rejected"})
    assert main(["review", "--corpus", str(corpus), "--out", str(out), "--orphans"]) == 0
    text = capsys.readouterr().out
    assert "1 orphaned" in text and "gone.txt" in text and "no longer in the corpus" in text
    assert main(["review", "--corpus", str(corpus), "--out", str(out), "--orphans", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["orphans"][0]["line"] == 1


def test_review_without_a_database_says_so(tmp_path, capsys):
    (tmp_path / "corpus").mkdir()
    assert main(["review", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "none"), "--no-open"]) == 2
    assert "run `python -m pipeline extract" in capsys.readouterr().err
    assert main(["review", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2


def _items(srv, target=None):
    items = json.loads(_call(srv, "/api/items")[1])["items"]
    return [i for i in items if target is None or i["target"] == target]


def _rows(out, sql, *params):
    return query.run_sql(query.connect(out), sql, list(params)).to_pylist()


def test_a_measure_is_edited_like_the_other_fields(server, db):
    corpus, out = db
    fig = next(i for i in _items(server, "figure") if i["values"]["measure"] == "revenue")
    code, body = _call(server, "/api/decide", {"key": fig["key"], "decision": "corrected", "fields": {"measure": "collective_income"}})
    assert code == 200, body
    item = json.loads(body)["item"]
    assert item["review"] == "corrected" and item["values"]["measure"] == "collective_income"
    assert item["extracted"]["measure"] == "revenue"
    # a measure of the other kind, or of none, is refused in words
    code, body = _call(server, "/api/decide", {"key": fig["key"], "decision": "corrected", "fields": {"measure": "grant"}})
    assert code == 400 and "measures of income" in json.loads(body)["error"], body
    code, body = _call(server, "/api/decide", {"key": fig["key"], "decision": "corrected", "fields": {"measure": "turnover"}})
    assert code == 400 and "no measure 'turnover'" in json.loads(body)["error"], body
    # a corrected kind carries the measure over where it fits, else `other` (money) or null (counts)
    other = next(i for i in _items(server, "figure") if i["values"]["measure"] == "grant")
    code, body = _call(server, "/api/decide", {"key": other["key"], "decision": "corrected", "fields": {"kind": "income"}})
    assert json.loads(body)["item"]["values"]["measure"] == "other"
    assert server.applier.flush(60)
    for _ in range(2):  # the page's update, then a full re-extraction
        row = _rows(out, "select * from figures where figure_id = ?", fig["figure_id"])[0]
        assert (row["review"], row["measure"], row["extracted"]["measure"]) == ("corrected", "collective_income", "revenue")
        case = _rows(out, "select unnest(income) as f from cases where list_contains(figure_ids, ?)", fig["figure_id"])
        assert [c["f"]["measure"] for c in case if c["f"]["figure_id"] == fig["figure_id"]] == ["collective_income"]
        moved = _rows(out, "select kind, measure, extracted from figures where figure_id = ?", other["figure_id"])[0]
        assert (moved["kind"], moved["measure"], moved["extracted"]["measure"]) == ("income", "other", "grant")
        assert main(["extract", "--corpus", str(corpus), "--out", str(out), "--full", "--quiet", "--workers", "1"]) == 0
    lines = [json.loads(x) for x in C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()]
    assert lines[0]["fields"] == {"measure": "collective_income"} and lines[0]["kind"] == "income"


def test_alliances_are_accepted_rejected_and_renamed(server, db, capsys):
    corpus, out = db
    alliances = _items(server, "alliance")
    assert alliances and all(i["sentence_start"] <= i["start"] < i["end"] <= i["sentence_end"] for i in alliances)
    founded = next(i for i in alliances if i["info"].get("founded"))
    assert founded["info"]["founded"] and "mentions" in founded["info"]
    wrong, renamed, right = alliances[1], alliances[2], alliances[3]
    new_name = "新" + renamed["values"]["name"]
    assert _call(server, "/api/decide", {"key": wrong["key"], "decision": "rejected"})[0] == 200
    code, body = _call(server, "/api/decide", {"key": renamed["key"], "decision": "corrected", "fields": {"name": new_name}})
    assert code == 200 and json.loads(body)["item"]["values"]["name"] == new_name
    assert _call(server, "/api/decide", {"key": right["key"], "decision": "confirmed"})[0] == 200
    code, body = _call(server, "/api/decide", {"key": right["key"], "decision": "corrected", "fields": {"name": ""}})
    assert code == 400 and "needs a name" in json.loads(body)["error"]
    assert server.applier.flush(60)
    for _ in range(2):  # the page's update, then a full re-extraction
        got = {(r["article_id"], r["start"]): r for r in _rows(out, "select * from alliances_all")}
        assert got[(wrong["article_id"], wrong["start"])]["review"] == "rejected"
        r = got[(renamed["article_id"], renamed["start"])]
        assert (r["review"], r["name"], r["extracted"]["name"]) == ("corrected", new_name, renamed["values"]["name"])
        assert got[(right["article_id"], right["start"])]["review"] == "confirmed"
        visible = {(r["article_id"], r["start"]) for r in _rows(out, "select * from alliances")}
        assert (wrong["article_id"], wrong["start"]) not in visible and (renamed["article_id"], renamed["start"]) in visible
        names = {n for r in _rows(out, "select alliances from cases where article_id in (?, ?)", wrong["article_id"],
                                  renamed["article_id"]) for n in r["alliances"]}
        assert new_name in names and renamed["values"]["name"] not in names and wrong["values"]["name"] not in names
        assert main(["extract", "--corpus", str(corpus), "--out", str(out), "--full", "--quiet", "--workers", "1"]) == 0
    capsys.readouterr()
    assert main(["eval", "--reviewed", "--corpus", str(corpus), "--out", str(out), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]["alliances"]
    assert (scores["decided"], scores["confirmed"], scores["corrected"], scores["rejected"]) == (3, 1, 1, 1)
    assert scores["precision"] == pytest.approx(2 / 3) and scores["fields_corrected"] == {"name": 1}


def test_a_decision_on_a_cut_name_follows_the_whole_name(server, db):
    """A rename made when the extractors cut a name (岸村共同富裕党建联盟) still holds when they
    extract the whole name the researcher wrote: the row is confirmed, not orphaned, the page
    shows it on that row, and the page's next decision on it replaces the old one."""
    corpus, out = db
    al = next(i for i in _items(server, "alliance") if len(i["values"]["name"]) > 4)
    art = json.loads(_call(server, f"/api/article/{al['article_id']}")[1])
    cut = {"target": "alliance", "sha256": art["sha256"], "path": art["path"], "start": al["start"] + 1, "end": al["end"],
           "kind": al["values"]["name"][1:], "evidence": art["text"][al["start"] + 1:al["end"]]}
    C.record(corpus, {**cut, "decision": "corrected", "fields": {"name": al["values"]["name"]}})
    assert C.status(corpus, out).orphans == []
    item = next(i for i in _items(server, "alliance") if i["id"] == al["id"])
    assert item["review"] == "confirmed" and item["supersedes"]["kind"] == cut["kind"]
    code, body = _call(server, "/api/decide", {"key": item["key"], "decision": "rejected", "supersedes": item["supersedes"]})
    assert code == 200 and json.loads(body)["item"]["review"] == "rejected"
    lines = [json.loads(x) for x in C.corrections_file(corpus).read_text(encoding="utf-8").splitlines()]
    assert [(x["decision"], x["kind"]) for x in lines] == [("corrected", cut["kind"]), ("cleared", cut["kind"]),
                                                          ("rejected", al["values"]["name"])]
    st = C.status(corpus, out)
    assert st.orphans == [] and st.decisions == 1
    # a rename of a name the extractors no longer report there is orphaned, listed, kept
    C.record(corpus, {**cut, "kind": "无此联盟" + "x" * (len(cut["kind"]) - 5), "decision": "rejected"})
    orphans = C.status(corpus, out).orphans
    assert len(orphans) == 1 and "no longer report this alliance" in orphans[0]["reason"]


def test_a_hand_written_measure_is_checked():
    line = {"target": "figure", "sha256": "a" * 64, "kind": "income", "start": 0, "end": 2, "evidence": "收入",
            "decision": "corrected"}
    assert C.validate({**line, "fields": {"measure": "dividend"}})["fields"] == {"measure": "dividend"}
    with pytest.raises(C.CorrectionError, match="measure must be one of"):
        C.validate({**line, "fields": {"measure": "turnover"}})
    with pytest.raises(C.CorrectionError, match="counts have no measure"):
        C.validate({**line, "fields": {"kind": "alliance_count", "measure": "grant"}})
    assert C.validate({**line, "fields": {"kind": "funding", "measure": "grant"}})["fields"]["measure"] == "grant"


def test_tables_from_before_the_measure_was_editable_keep_their_measure(db):
    """Rows corrected by an older version carry an `extracted` without the measure (read as null):
    an incremental run copies them, and applying again must keep the extractors' measure."""
    import pyarrow as pa

    corpus, out = db
    fig = _rows(out, "select f.*, a.sha256 from figures f join articles a using (article_id) where measure = 'revenue' limit 1")[0]
    C.record(corpus, {"target": "figure", "sha256": fig["sha256"], "kind": "income", "start": fig["start"], "end": fig["end"],
                      "evidence": fig["evidence"], "decision": "corrected", "fields": {"value": 1.0}})
    decisions, _ = C.read_decisions(C.corrections_file(corpus))
    tables, _ = C.apply_tables(C.read_tables(out), decisions)
    old = [{**r, "extracted": r["extracted"] and {**r["extracted"], "measure": None}} for r in tables["figures"].to_pylist()]
    tables["figures"] = pa.Table.from_pylist(old, schema=tables["figures"].schema)
    again, _ = C.apply_tables(tables, decisions)
    row = next(r for r in again["figures"].to_pylist() if r["figure_id"] == fig["figure_id"])
    assert (row["review"], row["value"], row["measure"]) == ("corrected", 1.0, "revenue")

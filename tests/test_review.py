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

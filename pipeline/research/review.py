"""The review page: a local web app to accept, reject, edit and add figures, alliances and places.

`python -m pipeline review` serves one page on 127.0.0.1 (a free port). The page lists the rows of
the database, article by article or largest values first, each with its sentence highlighted in
its paragraph; every decision is appended to CORPUS/corrections.jsonl (pipeline.run.corrections)
and the tables in OUT are brought up to date in the background, so `query`, `report` and
`export` see the decisions at once, and every later `extract` applies them again.

The page shows the rows as the extractors made them with the decisions in force laid over them,
read afresh from the corrections file on every request: two pages on one corpus see each
other's decisions. Requests must carry the page's token (a header a foreign web page cannot set
without a CORS preflight this server never grants) and a Host of 127.0.0.1 or localhost.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq

from pipeline.research import query
from pipeline.run import corrections as C

log = logging.getLogger("pipeline")

ITEM_COLUMNS = {
    "figure": ["figure_id", "article_id", "kind", "value", "value_min", "value_max", "qualifier", "per", "year", "label",
               "measure", "place", "place_code", "evidence", "start", "end", "sentence_start", "sentence_end", "review",
               "extracted"],
    "alliance": ["article_id", "name", "place", "place_code", "start", "end", "evidence", "mentions", "founded", "members",
                 "lead", "review", "extracted"],
    "place": ["article_id", "name", "level", "code", "province", "city", "county", "start", "end", "mentions", "review", "extracted"],
}


# what the card shows of a row beside its editable fields (read only: the extractors' alone)
INFO_COLUMNS = {"figure": [], "alliance": ["mentions", "founded", "members", "lead"], "place": ["mentions"]}


class ReviewData:
    """The rows of a database as the extractors made them, with the corpus's decisions laid over."""

    def __init__(self, corpus: Path, out: Path):
        self.corpus = Path(corpus)
        self.out = Path(out)
        self._cache_key: tuple | None = None
        self._base: dict[str, Any] | None = None

    # -- the extractors' rows (cached until the tables change)

    def _stamp(self) -> tuple:
        """The tables' modification times (the applier replaces them while the page reads)."""
        stamp = []
        for name in C.TABLES:
            try:
                stamp.append((self.out / f"{name}.parquet").stat().st_mtime_ns)
            except FileNotFoundError:
                stamp.append(None)
        return tuple(stamp)

    def base(self) -> dict[str, Any]:
        stamp = self._stamp()
        if self._base is not None and stamp == self._cache_key:
            return self._base
        tables = C.read_tables(self.out)
        articles = {a["article_id"]: a for a in tables["articles"].select(
            ["article_id", "path", "title", "source", "published", "url", "sha256", "text", "status", "cluster_id"]).to_pylist()}
        rows: dict[str, list[dict[str, Any]]] = {}
        by_article: dict[str, dict[str, list[dict[str, Any]]]] = {}  # table → article_id → rows (C.match)
        for target in C.TARGETS:
            name = C.TABLE_OF[target]
            rs = []
            for r in tables[name].select(ITEM_COLUMNS[target]).to_pylist():
                r = C._restore(r, target)  # noqa: SLF001 — the one definition of "as extracted"
                if r is not None:
                    rs.append(r)
                    by_article.setdefault(name, {}).setdefault(r["article_id"], []).append(r)
            rows[target] = rs
            by_article.setdefault(name, {})
        province_of: dict[tuple[str, str], str | None] = {}
        for p in rows["place"]:
            province_of.setdefault((p["article_id"], p["name"]), p["province"])
        self._base = {"articles": articles, "rows": rows, "by_article": by_article, "province_of": province_of}
        self._cache_key = stamp
        return self._base

    # -- items: rows + decisions

    def items(self) -> list[dict[str, Any]]:
        """Every row with the decision in force about it, matched as every run matches them
        (C.match): a decision whose row the extractors now quote a little differently still shows
        on that row, and the page's next decision on it replaces it (``supersedes``)."""
        base = self.base()
        articles, province_of = base["articles"], base["province_of"]
        decisions, _ = C.read_decisions(C.corrections_file(self.corpus))
        current = C.latest(decisions)
        matched, _ = C.match(base["by_article"], current, list(articles.values()))
        about = {id(m.row): k for k, m in matched.items() if m.row is not None}
        out = []
        for target in C.TARGETS:
            for r in base["rows"][target]:
                art = articles.get(r["article_id"])
                if not art or not art["sha256"]:
                    continue
                k = (target, art["sha256"], r["start"], r["end"], C._name(target, r))  # noqa: SLF001
                dk = about.get(id(r))
                out.append(self._item(target, k, r, current.get(dk), art, province_of, dk))
        for dk, m in matched.items():  # figures a researcher added that the extractors still miss
            d = current[dk]
            if d["decision"] != "added" or m.row is not None:
                continue
            art = articles[m.article_id]
            text = art["text"] or ""
            s, e = m.span
            r = {"article_id": art["article_id"], "kind": d["kind"], "start": s, "end": e,
                 "evidence": text[s:e], "figure_id": None}
            k = ("figure", art["sha256"], s, e, d["kind"])
            out.append(self._item("figure", k, r, d, art, province_of, dk))
        order = {a: i for i, a in enumerate(sorted(articles, key=lambda a: articles[a]["path"]))}
        out.sort(key=lambda i: (order.get(i["article_id"], 0), i["start"], C.TARGETS.index(i["target"])))
        return out

    @staticmethod
    def _item(target: str, k: tuple, row: dict[str, Any], d: dict[str, Any] | None, art: dict[str, Any],
              province_of: dict, dk: tuple | None = None) -> dict[str, Any]:
        extracted = {n: row.get(n) for n in C.EDITABLE[target]}
        values = dict(extracted)
        if d and d["decision"] in ("corrected", "added"):
            values.update(d.get("fields") or {})
            if target == "figure" and "kind" in d["fields"] and "measure" not in d["fields"] and row.get("figure_id"):
                values["measure"] = C._measure_after_kind(values["kind"], values.get("measure"))  # noqa: SLF001
        state = d["decision"] if d else None
        if state == "added" and row.get("figure_id"):  # the extractors found it meanwhile (as every run reads it)
            state = "corrected"
        if state == "corrected" and values == extracted:
            state = "confirmed"
        place = values.get("place") if target != "place" else values.get("name")
        province = values.get("province") if target == "place" else province_of.get((row["article_id"], place))
        text = art["text"] or ""
        if target != "figure":  # the sentence that names the alliance or the place
            row = {**row, "sentence_start": C._sentence_start(text, row["start"]),  # noqa: SLF001
                   "sentence_end": C._sentence_end(text, row["end"])}  # noqa: SLF001
        supersedes = None
        if dk is not None and dk != k:  # the decision was made on the row as it was quoted then
            supersedes = {"target": dk[0], "sha256": dk[1], "start": dk[2], "end": dk[3], "kind": dk[4]}
        return {
            "id": "|".join(map(str, k)),
            "key": {"target": k[0], "sha256": k[1], "start": k[2], "end": k[3], "kind": k[4]},
            "target": target,
            "article_id": row["article_id"],
            "path": art["path"],
            "evidence": row.get("evidence") if target == "figure" else text[row["start"]:row["end"]],
            "start": row["start"],
            "end": row["end"],
            "sentence_start": row.get("sentence_start"),
            "sentence_end": row.get("sentence_end"),
            "values": values,
            "extracted": None if state == "added" else extracted,
            "info": {n: row.get(n) for n in INFO_COLUMNS[target]},
            "review": state,
            "supersedes": supersedes,
            "province": province,
            "figure_id": row.get("figure_id"),
        }

    def article(self, article_id: str) -> dict[str, Any] | None:
        a = self.base()["articles"].get(article_id)
        if a is None:
            return None
        return {k: a[k] for k in ("article_id", "path", "title", "source", "published", "url", "sha256", "text", "cluster_id")}

    def decide(self, body: dict[str, Any]) -> dict[str, Any]:
        """Record one decision from the page; returns the item as it now stands."""
        k = body.get("key") or {}
        article = next((a for a in self.base()["articles"].values() if a["sha256"] == k.get("sha256")), None)
        if article is None:
            raise C.CorrectionError("no article with that sha256 in this database")
        text = article["text"] or ""
        try:
            start, end = int(k["start"]), int(k["end"])
        except (KeyError, TypeError, ValueError):
            raise C.CorrectionError("the key needs start and end") from None
        d = {"target": k.get("target"), "sha256": k.get("sha256"), "path": article["path"], "kind": k.get("kind"),
             "start": start, "end": end, "evidence": text[start:end], "decision": body.get("decision"),
             "fields": body.get("fields") or {}}
        if body.get("note"):
            d["note"] = str(body["note"])[:500]
        key_id = "|".join(map(str, (d["target"], d["sha256"], start, end, d["kind"])))
        fields = d["fields"] if isinstance(d["fields"], dict) else {}
        if d["target"] == "figure" and fields.get("measure") and "kind" not in fields:
            now = next((i for i in self.items() if i["id"] == key_id), None)
            C.check_measure(now["values"]["kind"] if now else d["kind"], fields["measure"])
        # the decision in force was made on the row as the extractors quoted it then: replaced by this one
        old = self._decision_in_force(body.get("supersedes"))
        lines = [{**{n: old[n] for n in ("target", "sha256", "path", "kind", "start", "end", "evidence") if n in old},
                  "decision": "cleared"}] if old else []
        C.record(self.corpus, lines + [d])
        return next((i for i in self.items() if i["id"] == key_id), {"id": key_id, "review": "cleared"})

    def _decision_in_force(self, k: Any) -> dict[str, Any] | None:
        if not isinstance(k, dict):
            return None
        try:
            wanted = (k["target"], k["sha256"], int(k["start"]), int(k["end"]), k["kind"])
        except (KeyError, TypeError, ValueError):
            return None
        decisions, _ = C.read_decisions(C.corrections_file(self.corpus))
        return C.latest(decisions).get(wanted)

    def orphans(self) -> dict[str, Any]:
        st = C.status(self.corpus, self.out)
        return {"orphans": st.orphans, "unreadable": st.unreadable}


# ---------------------------------------------------------------- the server


class Applier(threading.Thread):
    """Brings the tables in OUT up to date after decisions, one application at a time."""

    def __init__(self, corpus: Path, out: Path):
        super().__init__(daemon=True, name="review-apply")
        self.corpus, self.out = corpus, out
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.last_error: str | None = None

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            if not self.wanted.wait(0.2):
                continue
            self.wanted.clear()
            try:
                C.apply_to_output(self.corpus, self.out, wait=True)
                self.last_error = None
            except Exception as exc:  # the decision is safe in corrections.jsonl; the next run applies it
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("could not update the tables in %s: %s (the next extract applies the decisions)", self.out, exc)
            if not self.wanted.is_set():
                self.idle.set()

    def flush(self, timeout: float = 60) -> bool:
        """Wait until every requested application is done."""
        return self.idle.wait(timeout)


class ReviewServer:
    """The review page on 127.0.0.1; ``start()`` in a thread, ``serve()`` in the foreground."""

    def __init__(self, corpus: Path, out: Path, port: int = 0):
        query.connect(out)  # a clear MissingDatabase when `out` holds no tables; finishes a commit
        self.data = ReviewData(corpus, out)
        self.token = secrets.token_urlsafe(16)
        self.applier = Applier(Path(corpus), Path(out))
        handler = _handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"
        self._thread: threading.Thread | None = None

    def start(self) -> "ReviewServer":
        self.applier.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name="review-http")
        self._thread.start()
        return self

    def serve(self) -> None:
        self.applier.start()
        try:
            self.httpd.serve_forever()
        finally:
            self.close()

    def stop(self) -> None:
        self.httpd.shutdown()
        if self._thread:
            self._thread.join(10)
        self.close()

    def close(self) -> None:
        self.httpd.server_close()
        self.applier.flush()
        self.applier.stopping.set()
        if self.applier.is_alive():
            self.applier.join(10)


def _handler(server: ReviewServer) -> type[BaseHTTPRequestHandler]:
    data = server.data

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt: str, *args: Any) -> None:  # quiet: the terminal shows the URL only
            log.debug("review: " + fmt, *args)

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, obj: Any, status: int = 200) -> None:
            self._send(status, json.dumps(obj, ensure_ascii=False, default=str).encode("utf-8"), "application/json; charset=utf-8")

        def _allowed(self, need_token: bool) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            if host not in ("127.0.0.1", "localhost"):
                self._json({"error": "the review page answers on 127.0.0.1 only"}, HTTPStatus.FORBIDDEN)
                return False
            if need_token and not secrets.compare_digest(self.headers.get("X-Review-Token", ""), server.token):
                self._json({"error": "missing or wrong token: open the URL the review command printed"}, HTTPStatus.FORBIDDEN)
                return False
            return True

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path == "/":
                if not self._allowed(False):
                    return
                token = parse_qs(url.query).get("token", [""])[0]
                if not secrets.compare_digest(token, server.token):
                    self._send(HTTPStatus.FORBIDDEN, b"open the URL the review command printed (it carries a token)", "text/plain; charset=utf-8")
                    return
                self._send(200, page(server.token, str(data.out), str(data.corpus)).encode("utf-8"), "text/html; charset=utf-8")
                return
            if not self._allowed(True):
                return
            try:
                if url.path == "/api/items":
                    self._json({"items": data.items(), "applier_error": server.applier.last_error})
                elif url.path.startswith("/api/article/"):
                    a = data.article(url.path.rsplit("/", 1)[1])
                    self._json(a) if a else self._json({"error": "no such article"}, HTTPStatus.NOT_FOUND)
                elif url.path == "/api/orphans":
                    self._json(data.orphans())
                else:
                    self._json({"error": "not found"}, HTTPStatus.NOT_FOUND)
            except Exception as exc:  # shown on the page, not a dead connection
                log.exception("review request failed")
                self._json({"error": f"{type(exc).__name__}: {exc}"}, HTTPStatus.INTERNAL_SERVER_ERROR)

        def do_POST(self) -> None:  # noqa: N802
            if not self._allowed(True):
                return
            try:
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
            except ValueError:
                self._json({"error": "the request body is not JSON"}, HTTPStatus.BAD_REQUEST)
                return
            if urlparse(self.path).path != "/api/decide":
                self._json({"error": "not found"}, HTTPStatus.NOT_FOUND)
                return
            try:
                item = data.decide(body)
            except C.CorrectionError as exc:
                self._json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
                return
            except Exception as exc:
                log.exception("review decision failed")
                self._json({"error": f"{type(exc).__name__}: {exc}"}, HTTPStatus.INTERNAL_SERVER_ERROR)
                return
            server.applier.request()
            self._json({"item": item})

    return Handler


def page(token: str, out: str, corpus: str) -> str:
    return (PAGE.replace("__TOKEN__", json.dumps(token))
            .replace("__OUT__", html.escape(out)).replace("__CORPUS__", html.escape(corpus))
            .replace("__KINDS__", json.dumps(list(C.FIGURE_KINDS)))
            .replace("__MEASURES__", json.dumps(C.measure_vocabulary())))


PAGE = r"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Review · party-building alliance cases</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root{--red:#c0392b;--ink:#222;--mute:#777;--line:#ddd;--ok:#1e8449;--bad:#b03a2e;--edit:#b9770e;--add:#2471a3}
*{box-sizing:border-box} body{margin:0;font:14px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#fafafa}
header{display:flex;flex-wrap:wrap;gap:.6em;align-items:center;padding:.5em 1em;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
header h1{font-size:15px;margin:0 1em 0 0} header label{color:var(--mute);font-size:12px} select,input{font:inherit}
#progress{margin-left:auto;color:var(--mute)}
main{display:grid;grid-template-columns:minmax(260px,26%) 1fr;height:calc(100vh - 50px)}
#list{overflow:auto;border-right:1px solid var(--line);background:#fff;margin:0;padding:0;list-style:none}
#list li{padding:.35em .7em;border-bottom:1px solid #f0f0f0;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#list li.cur{background:#fdebd0} #list li .st{display:inline-block;width:1.4em;font-weight:bold}
.st-confirmed{color:var(--ok)} .st-rejected{color:var(--bad)} .st-corrected{color:var(--edit)} .st-added{color:var(--add)}
#list li.rejected .txt{text-decoration:line-through;color:var(--mute)}
#detail{overflow:auto;padding:1em 1.5em}
#card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1em 1.2em;max-width:60em}
#card h2{font-size:18px;margin:.1em 0 .3em} #card .meta{color:var(--mute);font-size:12px}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:12px;margin-left:.5em}
.b-confirmed{background:var(--ok)} .b-rejected{background:var(--bad)} .b-corrected{background:var(--edit)} .b-added{background:var(--add)} .b-none{background:#aaa}
.para{font-size:16px;line-height:1.9;margin:.8em 0;padding:.6em .8em;background:#fcfcf7;border-left:3px solid var(--line)}
.sent{background:#fff3c4} .ev{background:#f9d56e;border-bottom:2px solid var(--red);font-weight:bold}
.other{border-bottom:2px dotted #999} .added-mark{border-bottom:2px solid var(--add)}
form#edit{display:grid;grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:.4em .8em;margin:.6em 0}
form label{display:flex;flex-direction:column;font-size:12px;color:var(--mute)} form input,form select{padding:.2em .3em;border:1px solid #bbb;border-radius:3px}
form .was{font-size:11px;color:var(--edit)}
.keys{color:var(--mute);font-size:12px;margin:.5em 0} kbd{border:1px solid #bbb;border-bottom-width:2px;border-radius:3px;padding:0 .35em;font:12px monospace;background:#fff}
button{font:inherit;padding:.25em .8em;border:1px solid #aaa;border-radius:4px;background:#fff;cursor:pointer;margin-right:.3em}
button.acc{border-color:var(--ok);color:var(--ok)} button.rej{border-color:var(--bad);color:var(--bad)}
#article{margin-top:1.2em;max-width:60em} #article h3{font-size:14px;color:var(--mute)} #article .text p{margin:.3em 0;line-height:1.9}
#article .text{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6em 1em}
#addbox{display:none;background:#eaf2f8;border:1px solid var(--add);border-radius:6px;padding:.6em 1em;margin:.8em 0;max-width:60em}
#msg{position:fixed;bottom:1em;right:1em;background:#333;color:#fff;padding:.4em .9em;border-radius:4px;display:none}
#msg.err{background:var(--bad)} #orphans{max-width:60em;margin-top:1em;color:var(--bad)}
</style></head>
<body>
<header>
 <h1>Review</h1>
 <label>rows <select id="f-target"><option value="figure">figures</option><option value="alliance">alliances</option><option value="place">places</option><option value="">all</option></select></label>
 <label>kind <select id="f-kind"><option value="">any</option></select></label>
 <label>province <select id="f-prov"><option value="">any</option></select></label>
 <label>show <select id="f-status"><option value="unreviewed">unreviewed</option><option value="">all</option><option value="reviewed">reviewed</option></select></label>
 <label>order <select id="f-order"><option value="article">article by article</option><option value="value">largest values first</option></select></label>
 <span id="progress"></span>
</header>
<main>
 <ul id="list" aria-label="rows to review"></ul>
 <section id="detail">
  <div id="card"><p>Loading…</p></div>
  <div id="addbox"></div>
  <div class="keys"><kbd>a</kbd> accept · <kbd>x</kbd> reject · <kbd>space</kbd> skip · <kbd>e</kbd> edit (<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels) ·
   <kbd>u</kbd> undo decision · <kbd>j</kbd>/<kbd>k</kbd> next/previous · select words in the text, then <kbd>n</kbd> to add a missed figure</div>
  <div id="orphans"></div>
  <div id="article"></div>
 </section>
</main>
<div id="msg" role="status"></div>
<script>
"use strict";
const TOKEN = __TOKEN__, KINDS = __KINDS__, MEASURES = __MEASURES__;
const FIELDS = {
  figure: [["kind","select",KINDS],["value","number"],["measure","select",null],
           ["qualifier","select",["exact","approx","over","under"]],
           ["per","select",["","village","capita","household","other"]],["year","number"],["label","text"],["place","text"]],
  alliance: [["name","text"],["place","text"]],
  place: [["name","text"],["level","select",["province","city","county","township","village"]],["code","text"],["province","text"],["city","text"],["county","text"]],
};
let ALL = [], VIEW = [], cur = 0, editing = false, articles = {};
const $ = s => document.querySelector(s);
const esc = s => String(s == null ? "" : s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
function api(path, body){
  const opt = {headers: {"X-Review-Token": TOKEN}};
  if (body !== undefined){ opt.method = "POST"; opt.body = JSON.stringify(body); opt.headers["Content-Type"] = "application/json"; }
  return fetch(path, opt).then(r => r.json().then(j => { if (!r.ok) throw new Error(j.error || r.statusText); return j; }));
}
function say(text, err){ const m = $("#msg"); m.textContent = text; m.className = err ? "err" : ""; m.style.display = "block";
  clearTimeout(say.t); say.t = setTimeout(() => m.style.display = "none", err ? 6000 : 1500); }
function fmt(v){ if (v == null || v === "") return "—"; if (typeof v === "number") return v.toLocaleString("en-US", {maximumFractionDigits: 2}); return v; }
function label(it){ const v = it.values;
  if (it.target === "figure") return `${v.kind}${v.measure ? " (" + v.measure + ")" : ""} ${fmt(v.value)}${v.per ? " per " + v.per : ""} · ${v.place || "—"}`;
  if (it.target === "alliance") return `${v.name} · ${v.place || "—"}`;
  return `${v.name} (${v.level}) · ${v.province || "—"}`; }
const MARK = {confirmed: "✓", rejected: "✗", corrected: "✎", added: "+"};

function filters(){
  const t = $("#f-target").value, k = $("#f-kind").value, p = $("#f-prov").value, s = $("#f-status").value, o = $("#f-order").value;
  VIEW = ALL.filter(it => (!t || it.target === t) && (!k || it.values.kind === k) && (!p || it.province === p)
    && (s !== "unreviewed" || !it.review || it._now) && (s !== "reviewed" || it.review));
  if (o === "value") VIEW.sort((a, b) => (b.values.value ?? -1) - (a.values.value ?? -1));
}
function fillSelect(sel, values){ const keep = sel.value;
  sel.innerHTML = '<option value="">any</option>' + values.map(v => `<option>${esc(v)}</option>`).join(""); sel.value = keep; }
function load(keepId){
  return api("/api/items").then(j => {
    const now = new Set(ALL.filter(i => i._now).map(i => i.id));  // decided in this view: kept in sight
    ALL = j.items; for (const i of ALL) if (now.has(i.id)) i._now = true;
    fillSelect($("#f-kind"), KINDS);
    fillSelect($("#f-prov"), [...new Set(ALL.map(i => i.province).filter(Boolean))].sort());
    refresh(keepId);
    if (j.applier_error) say("tables not updated: " + j.applier_error + " (decisions are saved)", true);
  }).catch(e => say(e.message, true));
}
function refresh(keepId){
  filters();
  const at = keepId ? VIEW.findIndex(i => i.id === keepId) : -1;
  cur = at >= 0 ? at : Math.min(cur, Math.max(0, VIEW.length - 1));
  drawList(); show();
}
function drawList(){
  const done = ALL.filter(i => i.review).length;
  $("#progress").textContent = `${VIEW.length} shown · ${done} of ${ALL.length} reviewed`;
  $("#list").innerHTML = VIEW.map((it, n) => `<li data-n="${n}" class="${n === cur ? "cur" : ""} ${it.review || ""}" data-id="${esc(it.id)}">`
    + `<span class="st st-${it.review}">${MARK[it.review] || "·"}</span><span class="txt">${esc(label(it))}</span></li>`).join("");
  const li = $("#list li.cur"); if (li) li.scrollIntoView({block: "nearest"});
}
function article(id){ if (articles[id]) return Promise.resolve(articles[id]);
  return api("/api/article/" + id).then(a => articles[id] = a); }

// text with marks: segments split at every boundary; each segment a span with its offset
function marked(text, from, to, spans){
  const cuts = new Set([from, to]);
  for (const s of spans){ for (const x of [s.s, s.e]) if (x > from && x < to) cuts.add(x); }
  const pts = [...cuts].sort((a, b) => a - b); let h = "";
  for (let i = 0; i + 1 < pts.length; i++){
    const a = pts[i], b = pts[i + 1]; const cls = spans.filter(s => s.s <= a && b <= s.e).map(s => s.cls).join(" ");
    h += `<span data-s="${a}" class="${cls}">${esc(text.slice(a, b))}</span>`;
  }
  return h;
}
// a select's options; a figure's measures are those of its kind (none for counts)
function options(name, opts, kind, val){
  if (name === "measure") opts = [...new Set(["", ...(MEASURES[kind] || []), val])];
  return opts.map(o => `<option value="${esc(o)}"${String(o) === String(val) ? " selected" : ""}>${esc(o || "—")}</option>`).join("");
}
// a kind chosen in a form offers its own measures: the chosen one where it fits, else other (money) or none
function linkMeasure(form){
  const k = form.querySelector("[name=kind]"), m = form.querySelector("[name=measure]"); if (!k || !m) return;
  k.addEventListener("change", () => { const ms = MEASURES[k.value] || [];
    const keep = ms.includes(m.value) ? m.value : (ms.length ? "other" : "");
    m.innerHTML = options("measure", null, k.value, keep); });
}
// what the extractors read about an alliance besides its name (not editable here)
function info(it){
  const parts = Object.entries(it.info || {}).filter(([k, v]) => v != null && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${esc(k)}: ${esc(Array.isArray(v) ? v.join("、") : v)}`);
  return parts.length ? `<div class="meta" id="info">${parts.join(" · ")}</div>` : "";
}
function show(){
  editing = false;
  const it = VIEW[cur];
  if (!it){ $("#card").innerHTML = "<p>Nothing to review with these filters.</p>"; $("#article").innerHTML = ""; return; }
  article(it.article_id).then(a => {
    if (VIEW[cur] !== it) return;
    const text = a.text || "";
    const ss = it.sentence_start ?? it.start, se = it.sentence_end ?? it.end;
    const ps = text.lastIndexOf("\n", ss - 1) + 1; let pe = text.indexOf("\n", Math.max(se - 1, it.end)); if (pe < 0) pe = text.length;
    const own = ALL.filter(i => i.article_id === it.article_id && i.target === it.target && i !== it)
                   .map(i => ({s: i.start, e: i.end, cls: i.review === "added" ? "added-mark" : "other"}));
    const spans = [{s: ss, e: se, cls: "sent"}, {s: it.start, e: it.end, cls: "ev"}, ...own];
    const v = it.values, x = it.extracted || {};
    const form = FIELDS[it.target].map(([name, type, opts]) => {
      const val = v[name] == null ? "" : v[name];
      const was = it.extracted && String(x[name] ?? "") !== String(v[name] ?? "") ? `<span class="was">extracted: ${esc(fmt(x[name]))}</span>` : "";
      const input = type === "select"
        ? `<select name="${name}">${options(name, opts, v.kind, val)}</select>`
        : `<input name="${name}" type="${type === "number" ? "text" : "text"}" inputmode="${type === "number" ? "decimal" : "text"}" value="${esc(val)}">`;
      return `<label>${name}${input}${was}</label>`;
    }).join("");
    $("#card").innerHTML = `<div class="meta">${esc(it.target)} ${cur + 1} of ${VIEW.length} · ${esc(a.path)} · ${esc(a.title || "")} · ${esc(a.source || "")} ${esc(a.published || "")}</div>
      <h2>${esc(label(it))}<span class="badge b-${it.review || "none"}" id="state">${it.review || "unreviewed"}</span></h2>
      <div class="para" id="para">${marked(text, ps, pe, spans)}</div>${info(it)}
      <form id="edit" autocomplete="off">${form}</form>
      <div><button class="acc" id="b-acc">Accept <kbd>a</kbd></button><button class="rej" id="b-rej">Reject <kbd>x</kbd></button>
      <button id="b-skip">Skip <kbd>space</kbd></button><button id="b-save">Save edit <kbd>Enter</kbd></button><button id="b-undo">Undo <kbd>u</kbd></button></div>`;
    $("#b-acc").onclick = () => decide("confirmed"); $("#b-rej").onclick = () => decide("rejected");
    $("#b-skip").onclick = () => move(1); $("#b-save").onclick = e => { e.preventDefault(); save(); };
    $("#b-undo").onclick = () => decide("cleared");
    $("#edit").onsubmit = e => { e.preventDefault(); save(); };
    linkMeasure($("#edit"));
    $("#edit").addEventListener("focusin", () => editing = true);
    $("#edit").addEventListener("focusout", () => setTimeout(() => editing = !!document.activeElement.closest("#edit, #addbox"), 0));
    const all = ALL.filter(i => i.article_id === it.article_id && i.target === it.target)
                   .map(i => ({s: i.start, e: i.end, cls: i === it ? "ev" : (i.review === "added" ? "added-mark" : "other")}));
    let h = "", off = 0;
    for (const line of text.split("\n")){ h += `<p>${marked(text, off, off + line.length, all) || "&nbsp;"}</p>`; off += line.length + 1; }
    $("#article").innerHTML = `<h3>The whole article — select words and press <kbd>n</kbd> to add a figure</h3><div class="text" id="fulltext">${h}</div>`;
  }).catch(e => say(e.message, true));
}
function formFields(root){
  const it = VIEW[cur], out = {};
  for (const el of root.querySelectorAll("input, select")){
    let val = el.value.trim();
    if (el.name === "value" || el.name === "year"){ val = val === "" ? null : Number(val.replace(/,/g, "")); }
    else if (val === "") val = null;
    out[el.name] = val;
  }
  return out;
}
function changed(it, f){ const o = {}; for (const k in f){ if (String(f[k] ?? "") !== String(it.values[k] ?? "")) o[k] = f[k]; } return o; }
function post(it, decision, fields){
  return api("/api/decide", {key: it.key, decision, fields, supersedes: it.supersedes || undefined}).then(j => {
    const n = ALL.indexOf(it); const item = j.item;
    if (decision === "cleared" && it.review === "added"){ ALL.splice(n, 1); }
    else if (n >= 0 && item.values){ item._now = true; ALL[n] = item; }
    say(decision === "cleared" ? "decision undone" : decision);
    return item;
  }).catch(e => { say(e.message, true); throw e; });
}
function decide(decision){
  const it = VIEW[cur]; if (!it) return;
  if (it.review === "added" && decision === "confirmed"){ move(1); return; }
  post(it, decision, undefined).then(item => { const keep = VIEW[cur + 1] ? VIEW[cur + 1].id : null;
    if (decision === "cleared") refresh(item.id); else refresh(keep || item.id); }).catch(() => {});
}
function save(){
  const it = VIEW[cur]; if (!it) return;
  const f = formFields($("#edit"));
  const diff = it.review === "added" ? f : changed(it.extracted ? {values: it.extracted} : it, f);
  const decision = it.review === "added" ? "added" : (Object.keys(diff).length ? "corrected" : "confirmed");
  if (it.review === "added" && f.value == null){ say("an added figure needs a value", true); return; }
  post(it, decision, decision === "confirmed" ? undefined : diff).then(item => { document.activeElement.blur(); editing = false;
    const keep = VIEW[cur + 1] ? VIEW[cur + 1].id : null; refresh(keep || item.id); }).catch(() => {});
}
function move(d){ if (!VIEW.length) return; cur = Math.max(0, Math.min(VIEW.length - 1, cur + d)); drawList(); show(); }

// adding a missed figure from the selected words
function offsetOf(node, off){ const el = node.nodeType === 3 ? node.parentElement : node; const s = el && el.closest("[data-s]");
  return s ? Number(s.dataset.s) + (node.nodeType === 3 ? off : 0) : null; }
function parseValue(t){ const m = t.replace(/,/g, "").match(/(\d+(?:\.\d+)?)\s*(万|亿)?/); if (!m) return "";
  return String(Number(m[1]) * (m[2] === "亿" ? 1e8 : m[2] === "万" ? 1e4 : 1)); }
function guessKind(t){ return /元/.test(t) ? (/资金|投入|投资|争取|拨付/.test(t) ? "funding" : "income") : (/村|社区/.test(t) ? "village_coverage" : "alliance_count"); }
function startAdd(){
  const sel = window.getSelection(); const it = VIEW[cur];
  if (!sel || sel.isCollapsed || !it){ say("first select the words of the figure in the text", true); return; }
  const r = sel.getRangeAt(0); let s = offsetOf(r.startContainer, r.startOffset), e = offsetOf(r.endContainer, r.endOffset);
  if (s == null || e == null || e <= s){ say("select words inside the article's text", true); return; }
  const a = articles[it.article_id], words = a.text.slice(s, e);
  // the place of the nearest figure in the article: most often the place of the missed one too
  const near = ALL.filter(i => i.article_id === it.article_id && i.target === "figure" && i.values.place)
                  .sort((p, q) => Math.abs(p.start - s) - Math.abs(q.start - s))[0];
  const place = near ? near.values.place : (it.values.place || "");
  $("#addbox").style.display = "block";
  $("#addbox").innerHTML = `<b>Add a figure</b> for 「${esc(words)}」 <span class="meta">(${s}–${e})</span>
    <form id="addform" autocomplete="off" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:.4em .8em;margin:.5em 0">
    ${FIELDS.figure.map(([name, type, opts]) => {
      const val = name === "kind" ? guessKind(words) : name === "value" ? parseValue(words) : name === "place" ? place : name === "qualifier" ? "exact" : "";
      return `<label>${name}` + (type === "select" ? `<select name="${name}">${options(name, opts, guessKind(words), val)}</select>`
        : `<input name="${name}" value="${esc(val)}">`) + `</label>`; }).join("")}
    </form><button id="add-save">Add <kbd>Enter</kbd></button><button id="add-cancel">Cancel <kbd>Esc</kbd></button>`;
  const f = $("#addform"); linkMeasure(f); editing = true; f.querySelector("[name=value]").focus();
  const go = ev => { if (ev) ev.preventDefault(); const fields = formFields(f);
    if (fields.value == null || isNaN(fields.value)){ say("an added figure needs a value", true); return; }
    api("/api/decide", {key: {target: "figure", sha256: a.sha256, start: s, end: e, kind: fields.kind}, decision: "added", fields})
      .then(j => { closeAdd(); j.item._now = true; ALL.push(j.item); say("added"); load(j.item.id); })
      .catch(err => say(err.message, true)); };
  f.onsubmit = go; $("#add-save").onclick = go; $("#add-cancel").onclick = closeAdd; addGo = go;
}
let addGo = null;
function closeAdd(){ $("#addbox").style.display = "none"; $("#addbox").innerHTML = ""; editing = false; addGo = null; }

document.addEventListener("keydown", ev => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (editing){
    // Enter saves (a form with several text fields has no implicit submission)
    if (ev.key === "Enter" && ev.target.closest && ev.target.closest("#addform")){ ev.preventDefault(); if (addGo) addGo(); return; }
    if (ev.key === "Enter" && ev.target.closest && ev.target.closest("#edit")){ ev.preventDefault(); save(); return; }
    if (ev.key === "Escape"){ ev.preventDefault(); if ($("#addbox").style.display === "block") closeAdd(); else { document.activeElement.blur(); editing = false; show(); } }
    return;
  }
  if (ev.target.tagName === "SELECT") return;
  const k = ev.key;
  if (k === "a"){ ev.preventDefault(); decide("confirmed"); }
  else if (k === "x" || k === "r"){ ev.preventDefault(); decide("rejected"); }
  else if (k === " " || k === "s"){ ev.preventDefault(); move(1); }
  else if (k === "j" || k === "ArrowDown"){ ev.preventDefault(); move(1); }
  else if (k === "k" || k === "ArrowUp"){ ev.preventDefault(); move(-1); }
  else if (k === "e"){ ev.preventDefault(); const f = $("#edit input, #edit select"); if (f){ editing = true; f.focus(); } }
  else if (k === "u"){ ev.preventDefault(); decide("cleared"); }
  else if (k === "n"){ ev.preventDefault(); startAdd(); }
});
$("#list").addEventListener("click", ev => { const li = ev.target.closest("li"); if (li){ cur = Number(li.dataset.n); drawList(); show(); } });
for (const id of ["#f-target", "#f-kind", "#f-prov", "#f-status", "#f-order"]) $(id).addEventListener("change", () => { cur = 0; ALL.forEach(i => delete i._now); refresh(); $(id).blur(); });
api("/api/orphans").then(o => { if (o.orphans.length || o.unreadable.length)
  $("#orphans").innerHTML = `<h3>${o.orphans.length} orphaned decisions</h3><ul>` + o.orphans.map(x => `<li>line ${x.line}: ${esc(x.decision)} ${esc(x.kind)} 「${esc(x.evidence)}」 in ${esc(x.path || x.sha256)} — ${esc(x.reason)}</li>`).join("")
    + o.unreadable.map(x => `<li>line ${x.line} unreadable: ${esc(x.reason)}</li>`).join("") + "</ul>"; }).catch(() => {});
load();
</script></body></html>
"""

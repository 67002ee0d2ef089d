"""Bad input never stops a batch or corrupts the database.

One corpus holds every kind of bad file we could think of beside good articles. A single run
must finish; each file becomes a good row or an error row whose message says why, or (for
things that are not files one can read: pipes, devices, undecodable names) is skipped with a
logged warning. The per-article time budget and size cap are tested here too.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.run import runner

from pipeline.stages import article as stages
from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "corpus").glob("0*.txt"))[0].read_bytes()
SEED2 = sorted((ROOT / "corpus").glob("0*.txt"))[1]

BODY = "2023年，浙江省某县以党建联盟为抓手，推动强村富民。全县共组建党建联盟12个，覆盖行政村86个，带动村集体经济增收350万元。"
MORE = "联盟成立以来，各村党组织共同谋划项目，抱团发展，形成了一批可复制可推广的经验做法。"
HIDDEN_NUMBERS = {99, 77, 66, 55, 44, 22, 8888, 123456, 555, 444, 333, 111}
SCRIPTY = f"""<html><head><title>某县党建联盟</title>
<style>.a {{ width: 123456px }} /* 成立联盟99个 */</style>
<script>var n = 8888; document.write("组建党建联盟77个，覆盖村庄555个");</script></head><body>
<!-- 组建党建联盟66个，覆盖行政村444个 -->
<div><p><![CDATA[ 组建党建联盟55个，覆盖行政村333个 ]]></p>
<p>{BODY}</p><p>{MORE}</p>
<script type="text/template">组建党建联盟44个，覆盖行政村111个</script>
<noscript>组建党建联盟22个</noscript>
</div></body></html>"""
JUNK_PAGE = ("<html><body><div>手机版</div><div>打印</div><div>纠错</div><div>放大 缩小 默认</div>"
             "<div>版权所有 © 2023 某某网</div><div>分享到：微信 微博</div></body></html>")


def _cut_inside_last_character(data: bytes) -> bytes:
    lead = max(i for i, b in enumerate(data) if b >= 0xE0)  # lead byte of a 3-byte UTF-8 character
    return data[: lead + 1]


def make_bad_corpus(c: Path) -> dict[str, str]:
    """Write the bad corpus; return path → expectation ('ok', 'error:<words>' or 'skipped')."""
    c.mkdir()
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str) -> None:
        p = c / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = what

    put("good.txt", SEED, "ok")
    put("zero.txt", b"", "error:empty")
    put("binary.txt", bytes(range(256)) * 40, "error:binary")
    put("png.txt", b"\x89PNG\r\n\x1a\n" + bytes((i * 37) % 256 for i in range(5000)), "error:binary")
    put("nul.txt", b"\x00" * 1000, "error:binary")
    mid = len(SEED) // 2
    put("invalid-bytes-mid.txt", SEED[:mid] + b"\xff\xfe\x80\x81" + SEED[mid:], "ok")
    put("cut-in-character.txt", _cut_inside_last_character(SEED), "ok")
    put("gb18030.txt", SEED.decode("utf-8").encode("gb18030"), "ok")
    put("utf16.txt", SEED.decode("utf-8").encode("utf-16"), "ok")
    put("script-style-comments.html", SCRIPTY, "ok")
    put("deep.html", "<html><body>" + "<div>" * 10_000 + f"<p>{BODY}{MORE}</p>" + "</div>" * 10_000 + "</body></html>", "ok")
    put("unclosed.html", "<html><body>" + "<div><span><b>" * 3000 + f"<p>{BODY}{MORE}", "ok")
    put("stray-close.html", f"</html><html></body><body><p>{BODY}</p></html></html><p>{MORE}", "ok")
    put("all-junk.html", JUNK_PAGE, "error:no article text")
    put("all-junk.txt", "手机版\n打印 纠错\n放大 缩小 默认\n版权所有 © 2023 某某网\n分享到：微信 微博\n", "error:no article text")
    put("whitespace.txt", b" \n\t\n   \r\n" * 100, "error:")
    put("entities.html", f"<html><body><p>&#xD800; &#0; &#x110000; &#65535; &bogus; {BODY}</p></body></html>", "ok")
    put("emoji.txt", "😀🏳️‍🌈" * 300 + BODY, "ok")
    put("名字 有 空格.txt", SEED, "ok")
    put("sub folder/深 层/文章 (1).html", f"<p>{BODY}</p><p>{MORE}</p>", "ok")
    put("x.txt/inside.txt", SEED[:3000], "ok")  # a folder named x.txt is a folder: its files are read
    # metadata sidecars that are not what they should be
    put("meta-list.txt", SEED, "ok")
    (c / "meta-list.txt.meta.json").write_text("[1, 2, 3]")
    put("meta-types.txt", SEED, "ok")
    (c / "meta-types.txt.meta.json").write_text(json.dumps({"published": 2023, "title": ["x"], "source": "人民日报"}, ensure_ascii=False))
    put("meta-bytes.txt", SEED, "ok")
    (c / "meta-bytes.txt.meta.json").write_bytes(b"\xff\xfe garbage")
    put("meta-dir.txt", SEED, "ok")
    (c / "meta-dir.txt.meta.json").mkdir()
    # links
    os.symlink(SEED2, c / "link-to-file.txt")
    expect["link-to-file.txt"] = "ok"
    os.symlink("nowhere.txt", c / "broken-link.txt")
    expect["broken-link.txt"] = "error:cannot read the file"
    os.symlink("loop.txt", c / "loop.txt")
    expect["loop.txt"] = "error:cannot read the file: it is a symbolic link that points back to itself"
    os.symlink(c / "sub folder", c / "link-to-folder.txt")  # a link to a folder is not followed
    # not files one can read as a whole
    os.mkfifo(c / "pipe.txt")
    expect["pipe.txt"] = "skipped"
    os.symlink("/dev/zero", c / "endless.txt")
    expect["endless.txt"] = "skipped"
    with open(os.path.join(os.fsencode(c), b"bad-\xff-name.txt"), "wb") as fh:
        fh.write(SEED)
    # unreadable (root reads it anyway)
    put("unreadable.txt", SEED, "ok" if os.geteuid() == 0 else "error:cannot read the file")
    os.chmod(c / "unreadable.txt", 0)
    # over the size cap: a sparse 50 MB file
    with open(c / "huge.txt", "wb") as fh:
        fh.truncate(50_000_000)
    expect["huge.txt"] = "error:over the 20 MB limit"
    # ignored: not article files
    (c / "notes.md").write_text("not an article")
    (c / ".hidden.txt").write_bytes(SEED)
    return expect


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    corpus, out = tmp / "corpus", tmp / "out"
    expect = make_bad_corpus(corpus)
    handler = _Collect()
    logging.getLogger("pipeline").addHandler(handler)
    try:
        t0 = time.perf_counter()
        summary = runner.extract(corpus, out, workers=1, options=stages.Options(), budget=30)
        seconds = time.perf_counter() - t0
    finally:
        logging.getLogger("pipeline").removeHandler(handler)
    return corpus, out, expect, summary, seconds, handler.messages


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_every_file_gets_a_row_or_a_warning(bad_run):
    corpus, out, expect, summary, seconds, warnings = bad_run
    rows = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    for path, what in expect.items():
        if what == "skipped":
            assert path not in rows
            assert any(path in m and "not a regular file" in m for m in warnings), path
            continue
        row = rows.pop(path)
        if what == "ok":
            assert row["status"] == "ok", (path, row["error"])
            assert row["text"] and row["error"] is None
        else:
            assert row["status"] == "error", path
            assert what.split(":", 1)[1] in row["error"], (path, row["error"])
            assert row["text"] == ""
    assert not rows, f"unexpected rows: {sorted(rows)}"
    assert any("not valid UTF-8" in m for m in warnings)
    assert summary.articles == len([w for w in expect.values() if w != "skipped"])


def test_database_is_whole(bad_run):
    _, out, *_ = bad_run
    for name, schema in TABLES.items():
        t = pq.read_table(out / f"{name}.parquet")
        assert t.schema.equals(schema, check_metadata=False)
    arts = {r["article_id"]: r["text"] for r in pq.read_table(out / "articles.parquet").to_pylist()}
    for f in pq.read_table(out / "figures.parquet").to_pylist():
        assert arts[f["article_id"]][f["start"]:f["end"]] == f["evidence"]


def test_hidden_numbers_do_not_become_figures(bad_run):
    _, out, *_ = bad_run
    arts = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    page = arts["script-style-comments.html"]
    for hidden in ("8888", "99个", "77个", "66个", "55个", "44个", "22个", "123456", "document.write", "CDATA"):
        assert hidden not in page["text"], hidden
    figs = [f for f in pq.read_table(out / "figures.parquet").to_pylist() if f["article_id"] == page["article_id"]]
    assert not {int(f["value"]) for f in figs} & HIDDEN_NUMBERS


def test_meta_sidecars_that_are_wrong_are_ignored(bad_run):
    _, out, *_ = bad_run
    arts = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert arts["meta-types.txt"]["source"] == "人民日报"  # the one usable value is used
    assert arts["meta-types.txt"]["published_from"] != "given"
    for p in ("meta-list.txt", "meta-bytes.txt", "meta-dir.txt"):
        assert arts[p]["status"] == "ok"
        assert "given" not in (arts[p]["title_from"], arts[p]["source_from"], arts[p]["published_from"])


def test_second_run_over_bad_corpus_reuses_it(bad_run):
    corpus, out, expect, summary, *_ = bad_run
    before = {n: pq.read_table(out / f"{n}.parquet").to_pylist() for n in TABLES}
    again = runner.extract(corpus, out, workers=1, options=stages.Options(), budget=30)
    # broken links and loops have no content to compare, so they are looked at again
    assert again.processed == 2
    assert {n: pq.read_table(out / f"{n}.parquet").to_pylist() for n in TABLES} == before


def test_size_cap_is_quick_and_does_not_read_the_file(tmp_path, monkeypatch):
    c = tmp_path / "c"
    c.mkdir()
    with open(c / "huge.txt", "wb") as fh:
        fh.truncate(50_000_000)
    read = []
    real = Path.read_bytes

    def spy(self):
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    t0 = time.perf_counter()
    rows = runner.work(str(c), "huge.txt", stages.Options(), 10)
    assert time.perf_counter() - t0 < 2.0
    assert "huge.txt" not in read
    assert rows["articles"][0]["status"] == "error"
    assert "50.0 MB, over the 20 MB limit" in rows["articles"][0]["error"]
    # configurable: with a larger cap the file is read
    (c / "small.txt").write_bytes(SEED)
    rows = runner.work(str(c), "small.txt", stages.Options(max_bytes=len(SEED) - 1), 10)
    assert "limit" in rows["articles"][0]["error"]
    rows = runner.work(str(c), "small.txt", stages.Options(max_bytes=len(SEED)), 10)
    assert rows["articles"][0]["status"] == "ok"


def test_limits_on_the_command_line(tmp_path, monkeypatch):
    """--max-mb and --timeout reach the runner (the runner's handling is tested above and below)."""
    from pipeline import cli  # noqa: F401
    from pipeline.commands import extract as cmd_extract  # noqa: F401
    seen = {}

    def fake_extract(corpus, out, **kw):
        seen.update(kw)
        return runner.Summary(out=str(out))

    monkeypatch.setattr(runner, "extract", fake_extract)
    (tmp_path / "c").mkdir()
    args = cli.build_parser().parse_args(["extract", "--corpus", str(tmp_path / "c"), "--out", str(tmp_path / "o"),
                                          "--max-mb", "0.5", "--timeout", "7", "--quiet"])
    assert args.func(args) == 0
    assert seen["options"].max_bytes == 500_000 and seen["budget"] == 7
    args = cli.build_parser().parse_args(["extract", "--corpus", str(tmp_path / "c"), "--quiet"])
    args.func(args)
    assert seen["options"].max_bytes == 20_000_000 and seen["budget"] == 60


# ---------------------------------------------------------------- the time budget


def _slow_on(marker: str, seconds: float):
    real = stages.process_article

    def slow(path, data, given=None, options=None):
        if marker.encode() in data:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:  # busy, like a pathological regex or parser
                sum(range(1000))
        return real(path, data, given, options)

    return slow


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_the_time_budget_becomes_an_error_row(tmp_path, monkeypatch, workers):
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_bytes(SEED)
    (c / "hang.txt").write_text("HANG " + BODY, encoding="utf-8")
    (c / "z.txt").write_text(BODY + MORE, encoding="utf-8")
    monkeypatch.setattr(stages, "process_article", _slow_on("HANG", 30))
    t0 = time.perf_counter()
    s = runner.extract(c, tmp_path / "out", workers=workers, options=stages.Options(), budget=1.0)
    assert time.perf_counter() - t0 < 25
    rows = {x["path"]: x for x in pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()}
    assert rows["hang.txt"]["status"] == "error"
    assert "longer than the 1 s budget" in rows["hang.txt"]["error"]
    assert rows["a.txt"]["status"] == "ok" and rows["z.txt"]["status"] == "ok"
    assert s.errors == 1


def test_a_pathological_real_input_is_cut_off(tmp_path):
    """A 1.2 MB single line of alliance words is slow for the real extractors; a small budget stops it."""
    c = tmp_path / "c"
    c.mkdir()
    (c / "long.txt").write_text("党建联盟" * 100_000, encoding="utf-8")
    (c / "ok.txt").write_bytes(SEED)
    t0 = time.perf_counter()
    runner.extract(c, tmp_path / "out", workers=1, options=stages.Options(), budget=0.5)
    assert time.perf_counter() - t0 < 20
    rows = {x["path"]: x for x in pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()}
    assert rows["ok.txt"]["status"] == "ok"
    # either fast enough (extractors got faster) or cut off with the budget's message
    assert rows["long.txt"]["status"] == "ok" or "budget" in rows["long.txt"]["error"]

"""`python -m pipeline add`: copy articles into the corpus under stable names, keep given
metadata beside them, skip exact copies and name the likely original of a reprint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run import runner
from pipeline.run.corpus import ADDED, DUPLICATE, FAILED, IGNORED, REPRINT, add_to_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))


@pytest.fixture()
def dirs(tmp_path):
    corpus, src = tmp_path / "corpus", tmp_path / "src"
    corpus.mkdir()
    src.mkdir()
    (corpus / "a.txt").write_bytes(SEEDS[0].read_bytes())
    return corpus, src


def test_add_file_keeps_name_and_metadata(dirs):
    corpus, src = dirs
    f = src / "人民网 2023.html"
    f.write_text("<p>" + SEEDS[1].read_text(encoding="utf-8") + "</p>", encoding="utf-8")
    (res,) = add_to_corpus([f], corpus, url="http://example.org/1", source="人民网", date="2023-05-12", title="标题", out=None)
    assert res.status == ADDED and res.dest == "人民网 2023.html"
    assert (corpus / res.dest).read_bytes() == f.read_bytes()
    meta = json.loads((corpus / "人民网 2023.html.meta.json").read_text(encoding="utf-8"))
    assert meta == {"url": "http://example.org/1", "source": "人民网", "published": "2023-05-12", "title": "标题"}
    assert runner.read_given_metadata(corpus / res.dest) == meta
    assert "人民网 2023.html" in runner.list_corpus(corpus)


def test_same_bytes_are_skipped_and_named(dirs):
    corpus, src = dirs
    f = src / "copy.txt"
    f.write_bytes(SEEDS[0].read_bytes())
    (res,) = add_to_corpus([f], corpus, out=None)
    assert res.status == DUPLICATE and res.dest == "a.txt"
    assert "already in the corpus as a.txt" in res.line()
    assert not (corpus / "copy.txt").exists()


def test_name_clash_with_other_content_gets_a_hash(dirs):
    corpus, src = dirs
    f = src / "a.txt"
    f.write_bytes(SEEDS[2].read_bytes())
    (res,) = add_to_corpus([f], corpus, out=None)
    assert res.status == ADDED and res.dest.startswith("a-") and res.dest.endswith(".txt") and len(res.dest) == len("a-12345678.txt")
    again = add_to_corpus([f], corpus, out=None)[0]  # stable: the second time it is a duplicate
    assert again.status == DUPLICATE and again.dest == res.dest


def test_reprint_is_added_and_its_original_named(dirs, tmp_path):
    corpus, src = dirs
    f = src / "reprint.html"
    f.write_text("<html><body><div>手机版 打印 纠错</div><div>" + "".join(
        f"<p>{x}</p>" for x in SEEDS[0].read_text(encoding="utf-8").splitlines()) +
        "</div><div>版权所有 © 某某网</div></body></html>", encoding="utf-8")
    (res,) = add_to_corpus([f], corpus, out=None)
    assert res.status == REPRINT and res.original == "a.txt" and res.similarity >= 0.7
    assert (corpus / "reprint.html").exists()
    assert "likely a reprint of a.txt" in res.line()
    unrelated = src / "b.txt"
    unrelated.write_bytes(SEEDS[3].read_bytes())
    assert add_to_corpus([unrelated], corpus, out=None)[0].status == ADDED


def test_reprint_found_through_the_articles_table(dirs, tmp_path):
    from pipeline.stages import article as stages
    corpus, src = dirs
    out = tmp_path / "out"
    runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)
    f = src / "again.txt"
    f.write_text("来源：某某网\n" + SEEDS[0].read_text(encoding="utf-8") + "\n责任编辑：某某", encoding="utf-8")
    (res,) = add_to_corpus([f], corpus, out=out)
    assert res.status == REPRINT and res.original == "a.txt"


def test_folders_recursively_only_articles(dirs):
    corpus, src = dirs
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "sub" / "x.htm").write_text("<p>" + SEEDS[3].read_text(encoding="utf-8") + "</p>", encoding="utf-8")
    (src / "sub" / "deeper" / "y.txt").write_bytes(SEEDS[4].read_bytes())
    (src / "sub" / "pic.png").write_bytes(b"\x89PNG")
    (src / "sub" / ".hidden.txt").write_bytes(b"x")
    res = add_to_corpus([src / "sub"], corpus, source="新华网", out=None)
    assert sorted(r.dest for r in res) == ["sub/deeper/y.txt", "sub/x.htm"]
    assert json.loads((corpus / "sub/x.htm.meta.json").read_text(encoding="utf-8")) == {"source": "新华网"}
    with pytest.raises(ValueError):
        add_to_corpus([src / "sub"], corpus, url="http://example.org", out=None)


def test_bad_paths_and_dates(dirs):
    corpus, src = dirs
    (src / "notes.md").write_text("x")
    (src / "empty.txt").write_bytes(b"")
    res = {Path(r.source).name: r for r in add_to_corpus([src / "notes.md", src / "missing.txt", src / "empty.txt"], corpus, out=None)}
    assert res["notes.md"].status == IGNORED
    assert res["missing.txt"].status == FAILED
    assert res["empty.txt"].status == ADDED and "error row" in res["empty.txt"].note
    with pytest.raises(ValueError):
        add_to_corpus([src / "empty.txt"], corpus, date="last tuesday", out=None)


def test_metadata_for_an_existing_article_is_added_not_overwritten(dirs):
    corpus, src = dirs
    (corpus / "a.txt.meta.json").write_text(json.dumps({"source": "人民日报"}, ensure_ascii=False), encoding="utf-8")
    f = src / "same.txt"
    f.write_bytes(SEEDS[0].read_bytes())
    (res,) = add_to_corpus([f], corpus, source="新华网", date="2023-01-02", out=None)
    assert res.status == DUPLICATE
    meta = json.loads((corpus / "a.txt.meta.json").read_text(encoding="utf-8"))
    assert meta == {"source": "人民日报", "published": "2023-01-02"}
    assert "kept its own source" in res.note


def test_command_line(dirs):
    corpus, src = dirs
    f = src / "new.txt"
    f.write_bytes(SEEDS[1].read_bytes())
    dup = src / "dup.txt"
    dup.write_bytes(SEEDS[0].read_bytes())
    r = subprocess.run([sys.executable, "-m", "pipeline", "add", str(f), str(dup), "--corpus", str(corpus),
                        "--source", "人民网", "--date", "2023-05-12", "--no-reprint-check"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "added" in r.stdout and "already in the corpus as a.txt" in r.stdout
    assert (corpus / "new.txt").exists() and (corpus / "new.txt.meta.json").exists()
    r = subprocess.run([sys.executable, "-m", "pipeline", "add", str(f), "--corpus", str(corpus), "--date", "nope"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr

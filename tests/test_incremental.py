"""Incremental runs write exactly the tables a run from scratch writes.

A second extract processes only new or changed files (content, or the metadata given beside
them), drops the rows of removed files, reuses the rest, and processes everything again when
the pipeline's fingerprint changes. After each change the incremental output is compared, table
by table and row by row (order included), with a fresh run over the same corpus.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.run import runner

from pipeline.stages import article as stages
from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))


def run(corpus: Path, out: Path, **kw) -> runner.Summary:
    return runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0, **kw)


def tables(out: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}


def assert_same_as_scratch(corpus: Path, out: Path, tmp: Path) -> None:
    fresh = tmp / f"fresh-{len(list(tmp.iterdir()))}"
    run(corpus, fresh)
    got, want = tables(out), tables(fresh)
    for name in TABLES:
        assert len(got[name]) == len(want[name]), name
        for i, (g, w) in enumerate(zip(got[name], want[name])):
            assert g == w, f"{name} row {i} differs"
    assert pq.read_schema(out / "articles.parquet").equals(pq.read_schema(fresh / "articles.parquet"))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    c.mkdir()
    for i, seed in enumerate(SEEDS[:4]):
        shutil.copy(seed, c / f"a{i}.txt")
    (c / "sub").mkdir()
    shutil.copy(SEEDS[4], c / "sub" / "b.txt")
    (c / "empty.txt").write_bytes(b"")  # an error row, carried over like any other
    return c


def test_second_run_reuses_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(corpus, out)
    assert first.processed == 6 and first.reused == 0
    before = tables(out)
    second = run(corpus, out)
    assert second.processed == 0 and second.reused == 6 and second.removed == 0
    assert tables(out) == before


def test_add_change_remove_rename(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    # add one, change one, remove one, rename one, copy one under a second name
    (corpus / "new.txt").write_text(
        "2023年，某县推行党建联盟，共组建联村党委5个，覆盖行政村32个，村集体经济收入增加120万元。\n" * 3,
        encoding="utf-8")
    text = (corpus / "a1.txt").read_text(encoding="utf-8")
    (corpus / "a1.txt").write_text(text + "\n另据统计，成立党建联盟12个。", encoding="utf-8")
    (corpus / "a2.txt").unlink()
    (corpus / "a3.txt").rename(corpus / "sub" / "a3 renamed 改名.txt")
    shutil.copy(corpus / "a0.txt", corpus / "zz-copy-of-a0.txt")
    s = run(corpus, out)
    assert s.reused == 3  # a0, sub/b, empty
    assert s.processed == 4  # new, a1, the renamed a3, the copy
    assert s.removed == 2  # a2 and a3's old path
    assert_same_as_scratch(corpus, out, tmp_path)
    # the copy is one article: its rows in the other tables are not doubled
    t = tables(out)
    ids = [r["article_id"] for r in t["articles"]]
    assert len(ids) == len(set(ids)) + 1
    fig_ids = [r["figure_id"] for r in t["figures"]]
    assert len(fig_ids) == len(set(fig_ids))


def test_removing_the_first_of_two_copies(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copy(corpus / "a0.txt", corpus / "a9.txt")
    run(corpus, out)
    (corpus / "a0.txt").unlink()
    s = run(corpus, out)
    assert s.processed == 0 and s.removed == 1
    assert_same_as_scratch(corpus, out, tmp_path)
    (corpus / "a9.txt").write_text("改过的内容。" * 30, encoding="utf-8")
    run(corpus, out)
    assert_same_as_scratch(corpus, out, tmp_path)


def test_given_metadata_change_reprocesses_that_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    side = corpus / "a0.txt.meta.json"
    side.write_text(json.dumps({"source": "人民日报", "published": "2023-05-12"}, ensure_ascii=False), encoding="utf-8")
    s = run(corpus, out)
    assert s.processed == 1
    row = next(r for r in tables(out)["articles"] if r["path"] == "a0.txt")
    assert (row["source"], row["source_from"], row["published"]) == ("人民日报", "given", "2023-05-12")
    assert_same_as_scratch(corpus, out, tmp_path)
    assert run(corpus, out).processed == 0  # stable once recorded
    side.write_text(json.dumps({"source": "新华网"}, ensure_ascii=False), encoding="utf-8")
    assert run(corpus, out).processed == 1
    side.unlink()
    assert run(corpus, out).processed == 1
    assert_same_as_scratch(corpus, out, tmp_path)
    # metadata beside an error row: only its URL is recorded, so only that counts
    (corpus / "empty.txt.meta.json").write_text(json.dumps({"title": "T", "url": "http://example.org/a"}), encoding="utf-8")
    assert run(corpus, out).processed == 1
    assert run(corpus, out).processed == 0
    assert_same_as_scratch(corpus, out, tmp_path)


def test_fingerprint_change_reprocesses_everything(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    monkeypatch.setattr(stages, "PIPELINE_VERSION", "999.0.0-test")
    s = run(corpus, out)
    assert s.processed == 6 and s.reused == 0
    versions = {r["pipeline_version"] for r in tables(out)["articles"]}
    assert len(versions) == 1 and versions.pop().startswith("999.0.0-test+")
    assert_same_as_scratch(corpus, out, tmp_path)


def test_config_change_reprocesses_everything(corpus: Path, tmp_path: Path) -> None:
    from pipeline.stages.nlp import DEFAULT_CONFIG

    out = tmp_path / "out"
    run(corpus, out)
    cfg = tmp_path / "config.cfg"
    cfg.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8") + "\n# a comment changes the fingerprint\n", encoding="utf-8")
    s = runner.extract(corpus, out, workers=1, options=stages.Options(config=str(cfg)), budget=0)
    assert s.processed == 6


def test_unusable_previous_tables_mean_a_full_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    (out / "places.parquet").write_bytes(b"not parquet")  # damaged by hand
    s = run(corpus, out)
    assert s.processed == 6
    assert_same_as_scratch(corpus, out, tmp_path)


def test_full_flag(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    assert run(corpus, out, full=True).processed == 6
    assert_same_as_scratch(corpus, out, tmp_path)

"""`explain` names the rule behind each candidate, on a sentence, a file and a figure id."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.research.explain import explain_text, format_explanation
from pipeline.run import runner
from pipeline.stages.article import Options

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "湖北省恩施州咸丰县组建联村党委7个，覆盖行政村39个，流转土地每亩租金650元。"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "explain", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_sentence_lists_kept_and_dropped_numbers_with_their_rules():
    lines = format_explanation(explain_text(SENTENCE))
    text = "\n".join(lines)
    assert "«联村党委7个» as alliance_count" in text
    assert "as village_coverage" in text and "39" in text
    assert "dropped  «650元» by rule amount_per_mu" in text
    assert "咸丰县 (county)" in text and "chosen by" in text


def test_the_command_on_a_sentence_a_file_and_a_figure_id(tmp_path):
    r = cli(SENTENCE)
    assert r.returncode == 0 and "amount_per_mu" in r.stdout, r.stderr
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("咸丰县联村党建\n" + SENTENCE + "\n", encoding="utf-8")
    r = cli("--file", str(corpus / "a.txt"))
    assert r.returncode == 0 and "as alliance_count" in r.stdout, r.stderr
    out = tmp_path / "out"
    runner.extract(corpus, out, workers=1, options=Options(), budget=0)
    import pyarrow.parquet as pq

    fid = next(f["figure_id"] for f in pq.read_table(out / "figures.parquet").to_pylist() if f["kind"] == "alliance_count")
    r = cli(fid[:8], "--out", str(out))
    assert r.returncode == 0 and r.stdout.startswith(f"figure {fid[:8]}: sentence «") and "alliance_count 7" in r.stdout, r.stdout + r.stderr


def test_nothing_to_explain_is_a_usage_error():
    r = cli()
    assert r.returncode == 2 and "--file" in r.stderr

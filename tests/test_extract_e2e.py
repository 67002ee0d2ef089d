"""End to end: `extract` on the seed corpus, tables read back with pyarrow and DuckDB."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.run.runner import extract
from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    summary = extract(ROOT / "corpus", out, workers=2)
    return out, summary


def test_every_table_has_the_contract_schema(seed_db):
    out, _ = seed_db
    for name, schema in TABLES.items():
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.names == schema.names, name
        for field in schema:
            assert table.schema.field(field.name).type == field.type, (name, field.name)


def test_five_ok_articles_clean_by_the_gold_quotes(seed_db):
    out, summary = seed_db
    articles = {Path(r["path"]).name: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert summary.errors == 0
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        row = articles[gold["article"]]
        assert row["status"] == "ok"
        assert row["script"] == gold["script"]
        for quote in gold["must_contain"]:
            assert quote in row["text"], (gold["article"], quote)
        for quote in gold["must_not_contain"]:
            assert quote not in row["text"], (gold["article"], quote)


def test_duckdb_reads_the_tables_and_offsets_point_into_text(seed_db):
    out, _ = seed_db
    con = duckdb.connect()
    n = con.execute(f"select count(*) from read_parquet('{out}/articles.parquet') where status = 'ok'").fetchone()[0]
    assert n == 5
    bad = con.execute(
        f"""select count(*) from read_parquet('{out}/figures.parquet') f
            join read_parquet('{out}/articles.parquet') a using (article_id)
            where substr(a.text, f.start + 1, f."end" - f.start) <> f.evidence"""
    ).fetchone()[0]
    assert bad == 0
    kinds = {r[0] for r in con.execute(f"select distinct kind from read_parquet('{out}/figures.parquet')").fetchall()}
    assert kinds <= {"alliance_count", "village_coverage", "income", "funding"}
    assert {"alliance_count", "village_coverage", "income"} <= kinds


def test_every_row_names_its_extractor(seed_db):
    out, _ = seed_db
    for table in ("places", "alliances", "figures"):
        values = pq.read_table(out / f"{table}.parquet", columns=["extractor"]).column("extractor").to_pylist()
        assert values and all("@" in v for v in values), table


def test_cli_extract_runs_and_summarises(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next((ROOT / "corpus").glob("002_*.txt")), corpus / "一篇 文章.txt")
    (corpus / "empty.txt").write_bytes(b"")
    res = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert "2 articles" in res.stdout and "1 errors" in res.stdout
    # no noise from libraries at the workers' exit (duckdb's bindings report "leaks" if loaded)
    assert "leaked" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    rows = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()
    by_path = {r["path"]: r for r in rows}
    assert by_path["empty.txt"]["status"] == "error" and "empty" in by_path["empty.txt"]["error"]
    assert by_path["一篇 文章.txt"]["status"] == "ok"


def test_cli_wrong_invocation_is_non_zero(tmp_path):
    res = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(tmp_path / "nope")], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode != 0 and "does not exist" in res.stderr
    res = subprocess.run([sys.executable, "-m", "pipeline", "no-such-command"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 2

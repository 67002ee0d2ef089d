"""`query`: DuckDB views over the real seed database, output formats, and errors without tracebacks."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.research import query
from pipeline.cli import main
from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent


def test_connect_has_a_view_per_table_with_the_contract_columns(seed_db_dir):
    con = query.connect(seed_db_dir)
    for name, schema in TABLES.items():
        table = query.run_sql(con, f"select * from {name} limit 0")
        assert table.column_names == schema.names, name
    assert query.run_sql(con, "select count(*) as n from articles where status = 'ok'").to_pylist() == [{"n": 5}]


def test_connect_refuses_a_folder_without_a_database(tmp_path):
    with pytest.raises(query.MissingDatabase):
        query.connect(tmp_path)


def test_table_format_aligns_cjk_and_cuts_long_text(seed_db_dir, capsys):
    assert main(["query", "--out", str(seed_db_dir), "--width", "20", "select path, text from articles order by path"]) == 0
    lines = capsys.readouterr().out.splitlines()
    body = [line for line in lines[2:] if "│" in line]
    assert len(body) == 5
    # every row's separator sits at the same terminal column, CJK counted double
    cols = {query.display_width(line.split("│")[0]) for line in body + [lines[0]]}
    assert len(cols) == 1
    assert all(line.rstrip().endswith("…") for line in body)
    assert lines[-1] == "(5 rows)"


def test_csv_json_parquet_to_files(seed_db_dir, tmp_path, capsys):
    sql = "select kind, count(*) as n from figures group by kind order by kind"
    for fmt in ["csv", "json", "parquet"]:
        path = tmp_path / f"r.{fmt}"
        assert main(["query", "--out", str(seed_db_dir), "--format", fmt, "--output", str(path), sql]) == 0
    expected = query.run_sql(query.connect(seed_db_dir), sql).to_pylist()
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == expected
    assert pq.read_table(tmp_path / "r.parquet").to_pylist() == expected
    csv_lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == "kind,n" and len(csv_lines) == len(expected) + 1


def test_nested_columns_survive_csv_as_json(seed_db_dir, capsys):
    assert main(["query", "--out", str(seed_db_dir), "--format", "csv", "select ['甲', '乙'] as l"]) == 0
    assert '"[""甲"", ""乙""]"' in capsys.readouterr().out


def test_wrong_query_prints_duckdbs_message_and_exits_nonzero_without_traceback(seed_db_dir):
    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "query", "--out", str(seed_db_dir), "select nope from figures"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert r.returncode == 1
    assert "Binder Error" in r.stderr and "nope" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["query", "--out", str(tmp_path), "select 1"]) == 2
    assert "run `python -m pipeline extract" in capsys.readouterr().err


def test_sql_from_stdin(seed_db_dir, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("select 41 + 1 as answer"))
    assert main(["query", "--out", str(seed_db_dir), "--format", "json", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"answer": 42}]

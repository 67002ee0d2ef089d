"""Faults of the machine, not of the articles: nothing is lost and every failure is one clear line.

A file that cannot be read for a moment, a folder that cannot be entered, a full disk, a
read-only output folder, a truncated or deleted table, values that JSON cannot hold, and SQL
that would write into the database. The commands run as real processes; a full disk is a
file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG, as they would with ENOSPC), and
permissions are real chmods (as root, the child gives up the power to bypass them first).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))


def _no_bypass() -> None:
    """preexec: as root, drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so that file modes apply."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                os._exit(97)


def _file_limit(limit: int):
    def pre() -> None:
        _no_bypass()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def cli(*args: str, preexec=_no_bypass, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, preexec_fn=preexec)


def inproc(capsys, *args: str) -> subprocess.CompletedProcess:
    """The command run in this process (readers need no fresh process: faster, the same code)."""
    from pipeline.cli import main

    capsys.readouterr()
    rc = main(list(args))
    got = capsys.readouterr()
    return subprocess.CompletedProcess(args, rc, got.out, got.err)


def one_clear_line(r: subprocess.CompletedProcess, *words: str) -> str:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def tables(out: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}


@pytest.fixture(scope="module")
def modes_apply(tmp_path_factory) -> None:
    d = tmp_path_factory.mktemp("modes")
    f = d / "f.txt"
    f.write_text("x")
    f.chmod(0)
    r = subprocess.run([sys.executable, "-c", f"open({str(f)!r}).read()"], capture_output=True, preexec_fn=_no_bypass)
    f.chmod(0o644)
    if r.returncode == 0:
        pytest.skip("file modes cannot be made to apply to this user here")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus and the database extract made of it (copied before any test changes it)."""
    tmp = tmp_path_factory.mktemp("faults")
    corpus = tmp / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for i, seed in enumerate(SEEDS[:3]):
        shutil.copy(seed, corpus / f"a{i}.txt")
    shutil.copy(SEEDS[3], corpus / "sub" / "b.txt")
    out = tmp / "out"
    r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet")
    assert r.returncode == 0, r.stderr
    return corpus, out


def copy_db(db, tmp_path: Path) -> tuple[Path, Path]:
    corpus, out = db
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "corpus", tmp_path / "out"


# ---------------------------------------------------------------- 4. rows never vanish on a read failure


@pytest.mark.parametrize("full", [False, True])
def test_an_unreadable_file_or_folder_keeps_its_rows(db, tmp_path, modes_apply, full):
    corpus, out = copy_db(db, tmp_path)
    before = tables(out)
    (corpus / "a1.txt").write_text(SEEDS[1].read_text(encoding="utf-8") + "\n新增一段。", encoding="utf-8")
    (corpus / "a1.txt").chmod(0)  # changed, and unreadable for now
    (corpus / "sub").chmod(0)  # a folder that cannot be entered
    (corpus / "a2.txt").unlink()  # really gone
    try:
        r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet",
                *(["--full"] if full else []))
    finally:
        (corpus / "a1.txt").chmod(0o644)
        (corpus / "sub").chmod(0o755)
    assert r.returncode == 0, r.stderr
    assert "1 removed" in r.stdout and "2 unreadable and kept from the last run" in r.stdout
    warnings = [line for line in r.stderr.splitlines() if "WARNING" in line]
    assert any(str(corpus / "a1.txt") in w and "ermission denied" in w for w in warnings), r.stderr
    assert any(str(corpus / "sub") in w for w in warnings), r.stderr
    after = tables(out)
    assert {a["path"]: a["status"] for a in after["articles"]} == {"a0.txt": "ok", "a1.txt": "ok", "sub/b.txt": "ok"}
    held = {a["article_id"] for a in before["articles"] if a["path"] in ("a1.txt", "sub/b.txt")}
    for name in TABLES:  # the rows of the unreadable file and folder, exactly as they were
        key = "article_id"
        strip = (lambda rows: [{k: v for k, v in row.items() if k != "cluster_id"} for row in rows if row[key] in held])
        assert strip(after[name]) == strip(before[name]), name
    assert strip(after["figures"])
    if full:
        return
    # readable again: the changed file is processed, the folder's file comes back as it was
    r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet")
    assert r.returncode == 0 and "0 removed" in r.stdout and "kept from the last run" not in r.stdout, r.stdout + r.stderr
    assert "新增一段" in next(a["text"] for a in tables(out)["articles"] if a["path"] == "a1.txt")


def test_a_new_unreadable_file_is_an_error_row(db, tmp_path, modes_apply):
    corpus, out = copy_db(db, tmp_path)
    shutil.copy(SEEDS[4], corpus / "new.txt")
    (corpus / "new.txt").chmod(0)
    try:
        r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet")
    finally:
        (corpus / "new.txt").chmod(0o644)
    assert r.returncode == 0, r.stderr
    row = next(a for a in tables(out)["articles"] if a["path"] == "new.txt")
    assert row["status"] == "error" and "ermission denied" in row["error"]


# ---------------------------------------------------------------- 2. every JSON valid, no inf in a file


def _strict(text: str):
    def no(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=no)


@pytest.fixture(scope="module")
def inf_db(db, tmp_path_factory) -> tuple[Path, str]:
    """The database with one figure (and the case money that quotes it) worth +inf."""
    out = tmp_path_factory.mktemp("inf") / "out"
    shutil.copytree(db[1], out)
    figs = pq.read_table(out / "figures.parquet")
    rows = figs.to_pylist()
    target = next(r for r in rows if r["kind"] == "income") if any(r["kind"] == "income" for r in rows) else rows[0]
    target["value"] = float("inf")
    target["value_max"] = float("nan")
    pq.write_table(pa.Table.from_pylist(rows, schema=figs.schema), out / "figures.parquet")
    cases = pq.read_table(out / "cases.parquet")
    crow = cases.to_pylist()
    for c in crow:
        for money in (c.get("income") or []) + (c.get("funding") or []):
            money["value"] = float("-inf")
    pq.write_table(pa.Table.from_pylist(crow, schema=cases.schema), out / "cases.parquet")
    return out, target["figure_id"]


def test_no_command_writes_infinity_or_nan(inf_db, tmp_path, capsys):
    out, fid = inf_db
    r = inproc(capsys, "query", "--out", str(out), "--format", "json", "select * from figures")
    assert r.returncode == 0, r.stderr
    rows = _strict(r.stdout)
    assert next(x for x in rows if x["figure_id"] == fid)["value"] is None
    r = inproc(capsys, "query", "--out", str(out), "--format", "json", "select * from cases")
    assert r.returncode == 0 and _strict(r.stdout)
    r = inproc(capsys, "query", "--out", str(out), "--format", "csv", "select figure_id, value, value_max from figures")
    assert r.returncode == 0
    cells = [line.split(",") for line in r.stdout.splitlines()]
    assert [c[1:] for c in cells if c[0] == fid] == [["", ""]]
    assert not any(c.lower() in ("inf", "-inf", "nan", "infinity") for line in cells for c in line)
    r = inproc(capsys, "query", "--out", str(out), "--format", "csv", "select income from cases")  # nested: JSON text
    assert r.returncode == 0 and "Infinity" not in r.stdout and "inf" not in r.stdout.lower().replace("info", "")
    r = inproc(capsys, "show", fid, "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert _strict(r.stdout)["item"]["value"] is None
    r = inproc(capsys, "export", "--out", str(out), "--output", str(tmp_path / "csv"))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "csv" / "figures.csv").read_text(encoding="utf-8-sig")
    assert not any(c.strip('"').lower() in ("inf", "-inf", "nan") for line in text.splitlines() for c in line.split(","))
    r = inproc(capsys, "export", "--out", str(out), "--format", "xlsx", "--output", str(tmp_path / "x.xlsx"))
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "x.xlsx")["figures"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[head.index("figure_id")] == fid)
    assert row[head.index("value")] is None
    r = inproc(capsys, "report", "--out", str(out), "--output", str(tmp_path / "r.html"))
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    payload = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    data = _strict(payload)  # what the browser's JSON.parse does: Infinity would reject all of it
    assert data["cases"]
    assert "Infinity" not in payload and "NaN" not in payload


# ---------------------------------------------------------------- 5. query never writes into the database


def test_query_refuses_to_write_into_the_output_folder(db, tmp_path, capsys, monkeypatch):
    corpus, out = copy_db(db, tmp_path)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    refused = [
        f"COPY (SELECT 1 AS a) TO '{out}/figures.parquet'",
        "COPY (SELECT 1 AS a) TO 'out/figures.parquet' (FORMAT parquet)",  # relative to the working folder
        "copy (select 1 as a) to 'figures.parquet'",  # run from inside the folder, below
        f"ATTACH '{out}/x.duckdb' AS x",
        f"ATTACH '{out}/x.duckdb' AS x; CREATE TABLE x.t AS SELECT 1",
        f"SET extension_directory = '{out}/ext'; INSTALL json",
        f"EXPORT DATABASE '{out}/dump'",
        f"CREATE TABLE t AS SELECT 1; COPY t TO '{out}/cases.parquet'",
    ]
    for sql in refused:
        monkeypatch.chdir(out if sql.startswith("copy (select 1 as a) to 'figures") else tmp_path)
        r = inproc(capsys, "query", "--out", str(out), sql)
        line = one_clear_line(r, "would write into the output folder")
        assert r.returncode == 1, sql
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(before)
    r = inproc(capsys, "query", "--out", str(out), "--format", "csv", "--output", str(out / "figures.parquet"), "select 1 as a")
    one_clear_line(r, "would replace a file of the database")
    assert (out / "figures.parquet").read_bytes() == before["figures.parquet"]
    # reading stays: the tables by path, COPY … FROM, and writing elsewhere
    r = inproc(capsys, "query", "--out", str(out), f"select count(*) as n from '{out}/figures.parquet'")
    assert r.returncode == 0, r.stderr
    elsewhere = tmp_path / "elsewhere.csv"
    r = inproc(capsys, "query", "--out", str(out), f"COPY (select * from figures) TO '{elsewhere}' (HEADER)")
    assert r.returncode == 0, r.stderr
    assert elsewhere.read_text(encoding="utf-8").count("\n") == len(pq.read_table(out / "figures.parquet")) + 1
    r = inproc(capsys, "query", "--out", str(out), f"create table t as select * from figures; copy t from '{elsewhere}'; select count(*) as n from t")
    assert r.returncode == 0, r.stderr


def test_refuse_writes_reads_comments_and_quotes_as_duckdb_does(tmp_path):
    from pipeline.research.query import QueryRefused, refuse_writes

    out = tmp_path / "out"
    out.mkdir()
    for sql in [f"-- it's a comment\nCOPY (select 1) TO '{out}/a.csv'", f"/* ' */ copy (select 1) to \"{out}/a.csv\"",
                f"copy (select 1) to $${out}/a.csv$$", f"copy (select 1) to '{tmp_path}/x/../out/a.csv'",
                f"COPY (select 1) TO '{out}' (FORMAT parquet, PARTITION_BY (a))", f"set temp_directory = '{out}'"]:
        with pytest.raises(QueryRefused):
            refuse_writes(sql, out, cwd=tmp_path)
    for sql in [f"select * from '{out}/figures.parquet'", f"copy (select * from '{out}/f.parquet') to '{tmp_path}/a.csv'",
                f"copy t from '{out}/figures.parquet'", "select 'out/figures.parquet' as s", "install json"]:
        refuse_writes(sql, out, cwd=tmp_path)


# ---------------------------------------------------------------- 6. written beside and renamed


def test_export_and_report_on_a_full_disk_keep_the_previous_files(db, tmp_path, capsys):
    corpus, out = copy_db(db, tmp_path)
    assert inproc(capsys, "export", "--out", str(out)).returncode == 0
    assert inproc(capsys, "export", "--out", str(out), "--format", "xlsx").returncode == 0
    assert inproc(capsys, "report", "--out", str(out)).returncode == 0
    folder = out / "export"
    files = [folder / "cases.csv", folder / "figures.csv", folder / "cases.xlsx", out / "report.html"]
    before = {p: p.read_bytes() for p in files}
    limit = min(len(before[folder / "figures.csv"]), len(before[out / "report.html"])) // 2
    for args in (["export"], ["export", "--format", "xlsx"], ["report"]):
        r = cli(*args, "--out", str(out), preexec=_file_limit(limit))
        one_clear_line(r, "cannot write", "free some space")
        assert {p: p.read_bytes() for p in files} == before, args
        assert not [p for p in list(folder.iterdir()) + list(out.iterdir()) if p.name.endswith(".tmp")], args


# ---------------------------------------------------------------- 7. one line, nothing half-written


def test_extract_on_a_full_disk_says_so_and_keeps_the_database(db, tmp_path):
    corpus, out = copy_db(db, tmp_path)
    before = tables(out)
    shutil.copy(SEEDS[4], corpus / "new.txt")
    r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet", preexec=_file_limit(4096))
    assert r.returncode == 4
    one_clear_line(r, "cannot write", "free some space", "--out", "intact")
    assert tables(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name not in (".lock", ".lock.guard")) == sorted(f"{n}.parquet" for n in TABLES)
    r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet")
    assert r.returncode == 0 and "new.txt" in [a["path"] for a in tables(out)["articles"]]


def test_a_read_only_output_folder_is_one_line(db, tmp_path, modes_apply):
    corpus, out = copy_db(db, tmp_path)
    before = tables(out)
    shutil.copy(SEEDS[4], corpus / "new.txt")
    out.chmod(0o555)
    try:
        r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet")
        assert r.returncode == 4
        one_clear_line(r, str(out), "choose another --out")
        r = cli("report", "--out", str(out))
        one_clear_line(r, "report.html", "choose another --output")
    finally:
        out.chmod(0o755)
    assert tables(out) == before


def test_a_truncated_table_is_one_line_for_every_reader(db, tmp_path, capsys):
    corpus, out = copy_db(db, tmp_path)
    fid = pq.read_table(out / "figures.parquet").column("figure_id")[0].as_py()
    path = out / "figures.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    for args in (["query", "select count(*) from articles"], ["show", fid], ["report"], ["export"], ["export", "--format", "xlsx"]):
        r = inproc(capsys, *args, "--out", str(out))
        one_clear_line(r, str(path), "damaged", "extract --full")
        assert r.returncode == 2
    assert not (out / "report.html").exists() and not (out / "export").exists()
    r = cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet", "--full")
    assert r.returncode == 0, r.stderr
    assert inproc(capsys, "query", "--out", str(out), "select count(*) from figures").returncode == 0


def test_a_deleted_table_is_named_not_silently_empty(db, tmp_path):
    corpus, out = copy_db(db, tmp_path)
    (out / "cases.parquet").unlink()
    r = cli("query", "--out", str(out), "select count(*) as n from cases")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    warned = [line for line in r.stderr.splitlines() if str(out / "cases.parquet") in line]
    assert len(warned) == 1 and "missing" in warned[0] and "extract --full" in warned[0]

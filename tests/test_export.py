"""`export`: CSV with a BOM and an xlsx workbook, both holding evidence and article metadata."""

import csv
import io

from openpyxl import load_workbook

from pipeline.research import query
from pipeline.cli import main

ARTICLE_COLUMNS = {"path", "title", "source", "published"}


def test_csv_has_bom_and_evidence(seed_db_dir, tmp_path):
    assert main(["export", "--out", str(seed_db_dir), "--format", "csv", "--output", str(tmp_path)]) == 0
    con = query.connect(seed_db_dir)
    n_figures = query.run_sql(con, "select count(*) as n from figures").to_pylist()[0]["n"]
    n_cases = query.run_sql(con, "select count(*) as n from cases").to_pylist()[0]["n"]
    for name, n in [("figures", n_figures), ("cases", n_cases)]:
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == n
        assert ARTICLE_COLUMNS | {"evidence"} <= set(rows[0]) if rows else True
    figs = list(csv.DictReader(io.StringIO((tmp_path / "figures.csv").read_text(encoding="utf-8-sig"))))
    assert figs and all(r["evidence"] and r["evidence"] in r["sentence"] for r in figs)


def test_xlsx_has_two_sheets_with_the_same_rows(seed_db_dir, tmp_path):
    target = tmp_path / "cases.xlsx"
    assert main(["export", "--out", str(seed_db_dir), "--format", "xlsx", "--output", str(target)]) == 0
    wb = load_workbook(target, read_only=True)
    assert wb.sheetnames == ["cases", "figures"]
    con = query.connect(seed_db_dir)
    fig_rows = list(wb["figures"].iter_rows(values_only=True))
    header = fig_rows[0]
    assert ARTICLE_COLUMNS | {"evidence", "sentence", "figure_id"} <= set(header)
    by_id = {r[header.index("figure_id")]: r for r in fig_rows[1:]}
    for f in query.run_sql(con, "select figure_id, value, evidence from figures").to_pylist():
        row = by_id[f["figure_id"]]
        assert row[header.index("value")] == f["value"]  # numbers stay numbers
        assert row[header.index("evidence")] == f["evidence"]


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    import pyarrow as pa

    from pipeline.commands.export import write_xlsx

    path = write_xlsx({"t": pa.table({"a": ["=1+1", "ok\x01"]})}, tmp_path / "x.xlsx")
    ws = load_workbook(path)["t"]
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "ok "


def test_xlsx_has_auto_filter_and_income_labels(seed_db_dir, tmp_path):
    target = tmp_path / "cases.xlsx"
    assert main(["export", "--out", str(seed_db_dir), "--format", "xlsx", "--output", str(target)]) == 0
    wb = load_workbook(target)
    for name in ("cases", "figures"):
        ws = wb[name]
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    rows = list(wb["cases"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    con = query.connect(seed_db_dir)
    labelled = query.run_sql(con, "select case_id, unnest(income).label as label from cases").to_pylist()
    assert labelled
    by_case = {r[header.index("case_id")]: r[header.index("income")] for r in body}
    for r in labelled:
        assert r["label"] in by_case[r["case_id"]], "the income cell names what the money is"


def test_dta_is_stata_118_and_reads_back(seed_db_dir, tmp_path):
    import pandas as pd

    assert main(["export", "--out", str(seed_db_dir), "--format", "dta", "--output", str(tmp_path)]) == 0
    con = query.connect(seed_db_dir)
    figures = query.run_sql(con, "select figure_id, value, year, place, evidence from figures order by figure_id").to_pylist()
    head = (tmp_path / "figures.dta").read_bytes()[:80]
    assert b"<release>118</release>" in head, "Stata 118: UTF-8 strings, Stata 14 and later"
    reader = pd.io.stata.StataReader(tmp_path / "figures.dta")
    df = reader.read()
    labels = reader.variable_labels()
    assert "_end" in df.columns and "end" not in df.columns, "end is reserved in Stata"
    assert labels["value"] == "the number; yuan for money"
    got = {r["figure_id"]: r for r in df.to_dict("records")}
    assert len(got) == len(figures)
    for f in figures:
        row = got[f["figure_id"]]
        assert row["value"] == f["value"]
        assert row["place"] == (f["place"] or "")  # Chinese survives; Stata has no null text
        assert row["evidence"] == f["evidence"]
        assert (pd.isna(row["year"]) if f["year"] is None else row["year"] == f["year"])
    cases = pd.read_stata(tmp_path / "cases.dta")
    assert len(cases) == query.run_sql(con, "select count(*) as n from cases").to_pylist()[0]["n"]


def test_dta_keeps_long_text_whole(tmp_path):
    import pandas as pd
    import pyarrow as pa

    from pipeline.research.export import write_dta

    long = "党建联盟覆盖行政村" * 400  # 10,800 bytes: over Stata's 2045-byte str limit → strL
    write_dta(pa.table({"text": [long, None], "n": pa.array([1, None], pa.int64())}), tmp_path / "t.dta", "t")
    df = pd.read_stata(tmp_path / "t.dta")
    assert df["text"].tolist() == [long, ""]
    assert df["n"].iloc[0] == 1 and pd.isna(df["n"].iloc[1])
    assert not list(tmp_path.glob(".*.tmp")), "written atomically, no temp file left"


def test_parquet_export_matches_csv_and_documents_columns(seed_db_dir, tmp_path):
    import pyarrow.parquet as pq

    assert main(["export", "--out", str(seed_db_dir), "--format", "parquet", "--output", str(tmp_path / "pq")]) == 0
    assert main(["export", "--out", str(seed_db_dir), "--format", "csv", "--output", str(tmp_path / "csv")]) == 0
    for name in ("cases", "figures"):
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        rows = list(csv.DictReader(io.StringIO((tmp_path / "csv" / f"{name}.csv").read_text(encoding="utf-8-sig"))))
        assert table.column_names == list(rows[0])
        assert table.num_rows == len(rows)
        assert all(f.metadata and f.metadata.get(b"doc") for f in table.schema), "every column says what it is"
    figs = pq.read_table(tmp_path / "pq" / "figures.parquet")
    assert figs.schema.field("value").type == "double"


def _fail_on(monkeypatch, fmt, name, exc):
    """Make the writer of `fmt` fail on table `name` after writing part of its temporary file;
    the other tables are written, one row of each (so that a file replaced early would differ)."""
    from pipeline.research import export as E

    real = E.WRITERS[fmt]

    def writer(table, path, table_name):
        if table_name == name:
            path.write_bytes(b"half a file")
            raise exc
        return real(table.slice(0, 1), path, table_name)

    monkeypatch.setitem(E.WRITERS, fmt, writer)


def test_dta_and_parquet_exports_are_replaced_whole_or_not_at_all(seed_db_dir, tmp_path, monkeypatch, capsys):
    """An export that fails (a full disk) or is interrupted half way leaves the previous files
    byte for byte, both of them (cases is written before figures fails), and no temporary file."""
    import errno

    for fmt in ("dta", "parquet"):
        folder = tmp_path / fmt
        assert main(["export", "--out", str(seed_db_dir), "--format", fmt, "--output", str(folder)]) == 0
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert set(before) == {f"cases.{fmt}", f"figures.{fmt}"}
        with monkeypatch.context() as m:
            _fail_on(m, fmt, "figures", OSError(errno.ENOSPC, "No space left on device"))
            assert main(["export", "--out", str(seed_db_dir), "--format", fmt, "--output", str(folder)]) == 1
        assert "No space left on device" in capsys.readouterr().err
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        with monkeypatch.context() as m:
            _fail_on(m, fmt, "figures", KeyboardInterrupt())
            try:
                main(["export", "--out", str(seed_db_dir), "--format", fmt, "--output", str(folder)])
            except KeyboardInterrupt:
                pass
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, f"{fmt}: interrupted export kept the old files"


def test_single_table_writers_leave_the_previous_file_on_failure(tmp_path, monkeypatch):
    import errno

    import pyarrow as pa
    import pytest

    from pipeline.research import export as E

    def broken(table, path, name):
        path.write_bytes(b"half a file")
        raise OSError(errno.EFBIG, "File too large")

    for write, inner, suffix in ((E.write_dta, "_dta", "dta"), (E.write_parquet, "_parquet", "parquet")):
        path = tmp_path / f"t.{suffix}"
        write(pa.table({"a": [1, 2]}), path, "t")
        before = path.read_bytes()
        with monkeypatch.context() as m:
            m.setattr(E, inner, broken)
            with pytest.raises(OSError):
                write(pa.table({"a": [3]}), path, "t")
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.dta", "t.parquet"], "no temporary file left"


def test_figures_export_has_measure_and_review_in_every_format(seed_db_dir, tmp_path):
    """What an income or funding figure measures (collective_income, revenue, investment, grant …)
    is a column of the figures export in all four formats, the same value as figures.measure:
    one of its kind's measures for money, empty for counts."""
    import pandas as pd
    import pyarrow.parquet as pq

    from extractors.measures import MEASURES

    con = query.connect(seed_db_dir)
    want = {r["figure_id"]: r for r in query.run_sql(con, "select figure_id, kind, measure, review from figures").to_pylist()}
    money = [r for r in want.values() if r["kind"] in MEASURES]
    assert money and all(r["measure"] in MEASURES[r["kind"]] for r in money)
    assert {r["measure"] for r in money} - {"other"}, "the seed corpus has named measures"
    assert all(r["measure"] is None for r in want.values() if r["kind"] not in MEASURES)

    for fmt in ("csv", "xlsx", "dta", "parquet"):
        assert main(["export", "--out", str(seed_db_dir), "--format", fmt, "--output", str(tmp_path / fmt)]) == 0
    got = {
        "csv": list(csv.DictReader(io.StringIO((tmp_path / "csv" / "figures.csv").read_text(encoding="utf-8-sig")))),
        "parquet": pq.read_table(tmp_path / "parquet" / "figures.parquet").to_pylist(),
        "dta": pd.read_stata(tmp_path / "dta" / "figures.dta").to_dict("records"),
    }
    sheet = list(load_workbook(tmp_path / "xlsx" / "cases.xlsx", read_only=True)["figures"].iter_rows(values_only=True))
    got["xlsx"] = [dict(zip(sheet[0], row)) for row in sheet[1:]]
    empty = {"csv": "", "dta": "", "parquet": None, "xlsx": None}  # Stata and CSV have no null text
    for fmt, rows in got.items():
        assert list(rows[0])[:3] == ["figure_id", "kind", "measure"], fmt
        assert "review" in rows[0], fmt
        assert {r["figure_id"]: r["measure"] for r in rows} == {
            i: (r["measure"] if r["measure"] is not None else empty[fmt]) for i, r in want.items()}, fmt
    labels = pd.io.stata.StataReader(tmp_path / "dta" / "figures.dta").variable_labels()
    assert labels["measure"].startswith("income: collective_income"), "labelled from docs/schema.md"

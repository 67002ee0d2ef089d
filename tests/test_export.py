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

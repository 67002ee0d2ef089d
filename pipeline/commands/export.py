"""`export`: cases and figures, with their evidence and article, for spreadsheets (CSV or xlsx)."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.commands import options
from pipeline.research import query
# Flat columns a spreadsheet can hold: lists become "；"-joined text, money lists readable text.
CASES_SQL = """
    select c.case_id, c.province, c.city, c.county, c.place, c.level, c.place_code,
           array_to_string(c.alliances, '；') as alliances, c.alliance_count, c.village_coverage,
           (select string_agg(money_text(f), '；') from unnest(c.income) as t(f)) as income,
           (select string_agg(money_text(f), '；') from unnest(c.funding) as t(f)) as funding,
           (select string_agg(substr(a.text, g.sentence_start + 1, g.sentence_end - g.sentence_start), ' ‖ ' order by g.start)
              from figures g where list_contains(c.figure_ids, g.figure_id)) as evidence,
           array_to_string(c.figure_ids, ' ') as figure_ids,
           a.article_id, a.path, a.title, a.source, a.published, a.url, coalesce(a.cluster_id, a.article_id) as cluster_id
    from cases c join articles a using (article_id)
    order by c.province nulls last, c.place nulls last, a.path
"""

FIGURES_SQL = """
    select f.figure_id, f.kind, f.measure, f.value, f.value_min, f.value_max, f.qualifier, f.per, f.year, f.label,
           f.place, f.place_code, f.evidence,
           substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) as sentence,
           f.start, f."end", f.extractor, f.review, f.extracted_value,
           a.article_id, a.path, a.title, a.source, a.published, a.url, coalesce(a.cluster_id, a.article_id) as cluster_id
    from figures f join articles a using (article_id)
    order by a.path, f.start
"""

EXCEL_CELL_MAX = 32767  # characters Excel keeps in one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters xlsx XML cannot hold


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export cases and figures with their evidence for spreadsheets",
        description=(
            "Write the cases and figures of --out, each with its evidence sentence and its article's"
            " path, title, source and date, as two CSV files (UTF-8 with BOM, so Excel reads the"
            " Chinese), one .xlsx workbook with two sheets, two Stata 118 files (.dta, Unicode) or"
            " two Parquet files (for R's arrow and pandas)."
        ),
        epilog=("examples: python -m pipeline export --format xlsx --output cases.xlsx\n"
                "          python -m pipeline export --format dta --output stata/   (cases.dta, figures.dta)"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.out(p)
    p.add_argument("--format", choices=["csv", "xlsx", "dta", "parquet"], default="csv",
                   help="csv (default), xlsx, dta (Stata 118) or parquet")
    p.add_argument("--output", default=None,
                   help="csv, dta, parquet: folder for cases.* and figures.*; xlsx: the .xlsx file or a folder (default: OUT/export)")
    p.set_defaults(func=run)


def tables(out: Path) -> dict[str, pa.Table]:
    con = query.connect(out)
    # 20000000 rather than 20000000.0 in the joined money text
    con.execute("create temp macro num_text(v) as case when v = round(v) and abs(v) < 1e15"
                " then cast(cast(v as bigint) as varchar) else cast(v as varchar) end")
    # "20000000 approx per village 2020 村集体经营性收入": the label says what the money is
    con.execute("create temp macro money_text(f) as concat_ws(' ', num_text(f.value), f.qualifier,"
                " 'per ' || f.per, cast(f.year as varchar), f.label)")
    return {"cases": query.run_sql(con, CASES_SQL), "figures": query.run_sql(con, FIGURES_SQL)}


def write_csv(data: dict[str, pa.Table], folder: Path) -> list[Path]:
    """Both files written beside and renamed together: a failure (a full disk) leaves the
    previous cases.csv and figures.csv whole, and no fragment."""
    from pipeline.commands.errors import replacing

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.csv" for name in data]
    with replacing(*paths) as temps:
        for tmp, table in zip(temps, data.values()):
            tmp.write_text(query.to_csv(table, bom=True), encoding="utf-8", newline="")
    return paths


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # a workbook cannot hold inf or nan: Excel would call the file damaged
    if isinstance(value, (int, float)) or value is None:
        return value
    text = _ILLEGAL.sub(" ", query.cell_text(value))
    return text[: EXCEL_CELL_MAX - 1] + "…" if len(text) > EXCEL_CELL_MAX else text


def write_xlsx(data: dict[str, pa.Table], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)  # streams rows; memory stays flat on big databases
    try:
        _fill(wb, data, WriteOnlyCell, Font, get_column_letter)
        from pipeline.commands.errors import replacing

        with replacing(path) as (tmp,):
            wb.save(tmp)  # beside, then renamed: the previous workbook stays whole if this fails
    except BaseException as exc:
        _discard(wb)
        converted = _as_os_error(exc)
        if converted is exc:
            raise
        raise converted from exc
    return path


def _as_os_error(exc: BaseException) -> BaseException:
    """openpyxl streams rows through lxml, which reports a full disk or a file-size limit as a
    SerialisationError ('IO_ENOSPC', 'IO_EFBIG'), not an OSError: give it the errno it names."""
    import errno

    code = re.search(r"IO_(E[A-Z]+)", str(exc)) if type(exc).__module__.startswith("lxml") else None
    if code and hasattr(errno, code.group(1)):
        number = getattr(errno, code.group(1))
        return OSError(number, os.strerror(number))
    return exc


def _discard(wb: Any) -> None:
    """Close the sheets' streams of a workbook that failed (a full disk), so that openpyxl's
    half-written temporary files go and no second traceback is printed as they are collected."""
    import gc

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        for ws in list(getattr(wb, "_sheets", [])):
            writer = getattr(ws, "_writer", None)
            for stream in (getattr(writer, "xf", None),):
                try:
                    if stream is not None:
                        stream.close()
                except Exception:
                    pass
            try:
                if writer is not None:
                    writer.out and Path(writer.out).unlink(missing_ok=True)
            except Exception:
                pass
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _fill(wb: Any, data: dict[str, pa.Table], WriteOnlyCell: Any, Font: Any, get_column_letter: Any) -> None:
    bold = Font(bold=True)
    for name, table in data.items():
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        if table.num_columns:  # filter buttons on the header row
            ws.auto_filter.ref = f"A1:{get_column_letter(table.num_columns)}{table.num_rows + 1}"
        header = []
        for col in table.column_names:
            cell = WriteOnlyCell(ws, value=col)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in table.to_pylist():
            cells = []
            for value in row.values():
                cell = WriteOnlyCell(ws, value=_xlsx_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a quote starting with "=" stays text, never a formula
                cells.append(cell)
            ws.append(cells)


def run(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.commands.errors import write_failure

    out = Path(args.out)
    try:
        data = tables(out)
    except query.MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: reading the database in {out} failed: {str(exc).splitlines()[0]}; {query.rebuild_hint(out)}",
              file=sys.stderr)
        return 2
    target = Path(args.output) if args.output else out / "export"
    try:
        return _write(args, data, target)
    except OSError as exc:
        print("error: " + write_failure(exc, target, "--output", "the previous export files are untouched"), file=sys.stderr)
        return 1


def _write(args: argparse.Namespace, data: dict[str, pa.Table], target: Path) -> int:
    if args.format == "csv":
        paths = write_csv(data, target)
    elif args.format in ("dta", "parquet"):
        from pipeline.research.export import write_all

        paths = write_all(data, target, args.format)
    else:
        if target.suffix.lower() != ".xlsx":
            target = target / "cases.xlsx"
        paths = [write_xlsx(data, target)]
    counts = ", ".join(f"{t.num_rows} {n}" for n, t in data.items())
    print(f"{counts} → {', '.join(str(p) for p in paths)}")
    return 0

"""`query`: run SQL (DuckDB) over the tables of an output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands import options

FORMATS = ["table", "csv", "json", "parquet"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="run SQL over the tables (DuckDB)",
        description=(
            "Run one SQL statement with DuckDB over --out, where each table is a view: articles,"
            " places, alliances, figures, cases (columns: docs/schema.md; recipes: docs/cookbook.md)."
            " Prints an aligned table, or writes csv/json/parquet to --output or stdout."
        ),
        epilog='example: python -m pipeline query "select kind, count(*) from figures group by kind"',
    )
    p.add_argument("sql", help="the SQL statement; '-' reads it from stdin")
    options.out(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="table (default), csv, json or parquet")
    p.add_argument("--output", default=None, help="write the result to this file instead of stdout")
    p.add_argument("--max-rows", type=int, default=100, help="table format: rows shown, 0 for all (default: 100)")
    p.add_argument("--width", type=int, default=40, help="table format: cell width in columns, 0 for no cut (default: 40)")
    p.set_defaults(func=run)


def _database_file(path: Path, out: Path) -> bool:
    """A table, the journal or the lock of the database in `out` (extract's files)."""
    try:
        path, out = path.resolve(), out.resolve()
    except OSError:
        return False
    if path.parent != out and out not in path.parents:
        return False
    rel = path.relative_to(out)
    return (len(rel.parts) == 1 and (path.suffix == ".parquet" or path.name.startswith((".lock", "_commit"))))\
        or rel.parts[0].startswith(".staging-")


def run(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.research import query
    from pipeline.commands.errors import write_failure, write_replacing

    sql = sys.stdin.read() if args.sql == "-" else args.sql
    out = Path(args.out)
    if args.output and _database_file(Path(args.output), out):
        print(f"error: --output {args.output} would replace a file of the database in {out};"
              " write the result elsewhere", file=sys.stderr)
        return 2
    try:
        con = query.connect(out)
    except query.MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        query.refuse_writes(sql, out)
        table = query.run_sql(con, sql)
    except query.QueryRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        # DuckDB's own message says what and where; a Python traceback would only hide it.
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "table":
        data: str | bytes = query.format_table(table, args.width, args.max_rows) + "\n"
    elif args.format == "csv":
        data = query.to_csv(table)
    elif args.format == "json":
        data = query.to_json(table)
    else:
        data = query.to_parquet_bytes(table)
        if args.output is None and sys.stdout.isatty():
            print("error: parquet is binary; give --output FILE or redirect stdout", file=sys.stderr)
            return 2
    if args.output:
        path = Path(args.output)
        try:
            write_replacing(path, data)
        except OSError as exc:
            print("error: " + write_failure(exc, path, "--output", "nothing was written"), file=sys.stderr)
            return 1
        print(f"{table.num_rows} rows → {path}", file=sys.stderr)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return 0

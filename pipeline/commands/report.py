"""`report`: write one self-contained HTML report of an output folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands import options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report (report.html)",
        description=(
            "Write one HTML file that opens offline: headline numbers, charts (cases and alliances"
            " by province, village coverage, income on a log scale, articles by year) and a table of"
            " cases to sort and filter, each row opening its evidence highlighted in its paragraph."
            " Reprints of one story are counted once."
        ),
        epilog="example: python -m pipeline report --out outputs && xdg-open outputs/report.html",
    )
    options.out(p)
    p.add_argument("--output", default=None, help="where to write the HTML (default: OUT/report.html)")
    p.add_argument("--max-cases", type=int, default=20000, help="cases embedded in the table (default: 20000)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.research import query
    from pipeline.research import report
    import duckdb

    from pipeline.commands.errors import write_failure

    out = Path(args.out)
    target = Path(args.output) if args.output else out / "report.html"
    try:
        path = report.write(out, args.output, args.max_cases)
    except query.MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: reading the database in {out} failed: {str(exc).splitlines()[0]}; {query.rebuild_hint(out)}",
              file=sys.stderr)
        return 2
    except OSError as exc:
        print("error: " + write_failure(exc, target, "--output", "the previous report is untouched"), file=sys.stderr)
        return 1
    print(f"report → {path} ({path.stat().st_size // 1024} KB)")
    return 0

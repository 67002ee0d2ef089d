"""Command line: a thin layer over the library. `python -m pipeline COMMAND --help`.

Each command lives in its own module with ``add_parser(subparsers)``; the module names are
listed in COMMANDS. Options mean the same everywhere: --corpus, --out, --format.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

COMMANDS = [
    "pipeline.commands.extract",
    "pipeline.commands.eval",
    "pipeline.commands.bench",
    "pipeline.commands.query",
    "pipeline.commands.show",
    "pipeline.commands.explain",
    "pipeline.commands.report",
    "pipeline.commands.export",
    "pipeline.commands.review",
    "pipeline.commands.add",
]

EPILOG = "Run `python -m pipeline COMMAND --help` for a command's options. Docs: README.md, docs/."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn Chinese news articles on rural party-building alliances into a case database of Parquet tables.",
        epilog=EPILOG,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; the last committed database in the output folder is intact", file=sys.stderr)
        return 130

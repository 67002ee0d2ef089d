"""`add`: copy articles into the corpus, keeping given metadata and spotting repeats."""

from __future__ import annotations

import argparse
import sys

from pipeline.commands import options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add",
        help="copy articles (files or folders) into the corpus",
        description=(
            "Copy .txt/.html/.htm files, or every such file below a folder, into --corpus. A file keeps"
            " its name (a short hash of its content is added when the name is taken by another"
            " article). Metadata you know goes beside it as NAME.meta.json and beats what extract"
            " guesses. A file whose bytes are already in the corpus is skipped; a near-duplicate"
            " (the same story from another site) is added and its likely original named."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders to add")
    options.corpus(p, "corpus folder to add to")
    options.out(p, "output folder whose articles table speeds up the reprint check")
    p.add_argument("--url", default=None, help="the article's URL (one file only)")
    p.add_argument("--source", default=None, help="publisher, e.g. 人民日报")
    p.add_argument("--date", default=None, help="publication date, YYYY-MM-DD")
    p.add_argument("--title", default=None, help="headline (one file only)")
    p.add_argument("--no-reprint-check", action="store_true", help="skip the near-duplicate check (faster on big corpora)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.run.corpus import ADDED, DUPLICATE, FAILED, REPRINT, add_to_corpus

    try:
        results = add_to_corpus(
            args.paths, args.corpus, url=args.url, source=args.source, date=args.date, title=args.title,
            out=args.out, check_reprints=not args.no_reprint_check,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in results:
        print(r.line(), file=sys.stderr if r.status == FAILED else sys.stdout)
    counts = {s: sum(r.status == s for r in results) for s in (ADDED, REPRINT, DUPLICATE, FAILED)}
    ignored = len(results) - sum(counts.values())
    print(f"{counts[ADDED] + counts[REPRINT]} added ({counts[REPRINT]} likely reprints), "
          f"{counts[DUPLICATE]} already there, {counts[FAILED]} failed, {ignored} ignored"
          f" → {args.corpus}; run `make extract` to update the database")
    if not results:
        print("error: no article files (.txt, .html, .htm) in the paths given", file=sys.stderr)
        return 1
    return 1 if counts[FAILED] else 0

"""`explain`: which rule kept or dropped each candidate place, alliance and number, and why."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands import options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explain",
        help="show the rule behind every candidate place and number of a sentence, file or figure",
        description=(
            "Run the extractors on a sentence (cleaned and converted as extract does), on a file"
            " (--file, read exactly as extract reads it) or on the article of an extracted figure"
            " (a figure_id from --out, shown for the figure's sentence), and print every candidate"
            " place and number with the named rule that kept or dropped it, and the place each"
            " figure was attributed to and by which rule."
        ),
        epilog=('examples: python -m pipeline explain "某县组建联村党委5个，覆盖12个行政村。"\n'
                "          python -m pipeline explain --file corpus/article.txt\n"
                "          python -m pipeline explain 3f2a9c  (a figure_id, or a unique prefix)"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", nargs="?", help="a sentence, or a figure_id (prefix) from --out")
    p.add_argument("--file", help="explain this article file instead")
    options.out(p, "output folder to look figure ids up in")
    p.set_defaults(func=run)


def _figure(out: str, fid: str) -> tuple[str, int, int] | None:
    """(article text, sentence start, sentence end) of the figure whose id starts with fid."""
    from pipeline.research.query import connect

    con = connect(out)
    rows = con.execute(
        "select a.text, f.sentence_start, f.sentence_end from figures f join articles a using (article_id)"
        " where f.figure_id like ? || '%' limit 2", [fid]).fetchall()
    if len(rows) > 1:
        raise LookupError(f"figure id prefix {fid!r} is ambiguous; give more characters")
    return rows[0] if rows else None


def run(args: argparse.Namespace) -> int:
    from pipeline.research.explain import explain_file, explain_text, format_explanation

    if args.file:
        path = Path(args.file)
        if not path.is_file():
            print(f"error: {path} is not a file", file=sys.stderr)
            return 2
        try:
            ex, window = explain_file(path), None
        except Exception as exc:  # an unreadable article: say why, as extract would
            print(f"error: {path}: {exc}", file=sys.stderr)
            return 1
    elif args.target:
        found = None
        if args.target.isascii() and args.target.isalnum() and (Path(args.out) / "figures.parquet").exists():
            try:
                found = _figure(args.out, args.target.lower())
            except LookupError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        if found:
            text, s0, s1 = found
            ex, window = explain_text(text, clean=False), (s0, s1)
            print(f"figure {args.target}: sentence «{text[s0:s1].strip()}»")
        else:
            ex, window = explain_text(args.target), None
    else:
        print("error: give a sentence, a figure id, or --file PATH (see --help)", file=sys.stderr)
        return 2
    print("\n".join(format_explanation(ex, window)))
    return 0

"""`review`: a local web page to accept, reject, edit and add rows; decisions go to CORPUS/corrections.jsonl."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.commands import options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="review page: accept, reject, edit and add figures, alliances and places",
        description=(
            "Serve a review page on 127.0.0.1 (a free port; the URL is printed and opened in a browser"
            " where one exists). It walks the figures, alliances and places of --out article by article"
            " (or largest values first), each with its sentence highlighted in its paragraph. Keys:"
            " a accept, x reject, space skip, e edit (Enter saves), u undo, j/k next/previous, n adds a"
            " missed figure from the words selected in the text. Every decision is appended to"
            " CORPUS/corrections.jsonl, applied to the tables at once and by every later extract."
            " Stop with Ctrl-C."
        ),
        epilog=("examples: python -m pipeline review --corpus corpus --out outputs\n"
                "          python -m pipeline review --orphans      (decisions that no longer match)\n"
                "          make review"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.corpus(p, "the corpus folder; its corrections.jsonl holds the decisions")
    options.out(p)
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: 0, a free one)")
    p.add_argument("--no-open", action="store_true", help="print the URL only; do not open a browser")
    p.add_argument("--orphans", action="store_true", help="list the decisions that no longer match a row, then exit")
    p.add_argument("--format", choices=["text", "json"], default="text", help="with --orphans: text (default) or json")
    p.set_defaults(func=run)


def _orphans(corpus: Path, out: Path, fmt: str) -> int:
    from pipeline.run import corrections

    st = corrections.status(corpus, out)
    if fmt == "json":
        print(json.dumps({"orphans": st.orphans, "unreadable": st.unreadable}, ensure_ascii=False, indent=2))
        return 0
    path = corrections.corrections_file(corpus)
    print(f"{st.decisions} decisions in force in {path}; {len(st.orphans)} orphaned, {len(st.unreadable)} unreadable lines")
    for o in st.orphans:
        print(f"  line {o['line']}: {o['decision']} {o['target']} {o['kind']} 「{o['evidence']}」 in {o.get('path') or o['sha256'][:16]}: {o['reason']}")
    for b in st.unreadable:
        print(f"  line {b['line']}: unreadable ({b['reason']})")
    return 0


def run(args: argparse.Namespace) -> int:
    from pipeline.research import query
    from pipeline.research.review import ReviewServer

    corpus, out = Path(args.corpus), Path(args.out)
    if not corpus.is_dir():
        print(f"error: the corpus folder {corpus} does not exist (decisions are kept in CORPUS/corrections.jsonl)", file=sys.stderr)
        return 2
    try:
        if args.orphans:
            return _orphans(corpus, out, args.format)
        server = ReviewServer(corpus, out, port=args.port)
    except query.MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"review page: {server.url}\ndecisions → {corpus / 'corrections.jsonl'}; Ctrl-C stops", flush=True)
    if not args.no_open:
        import webbrowser

        try:
            webbrowser.open(server.url)
        except Exception:  # no browser here: the printed URL is enough
            pass
    try:
        server.serve()
    except KeyboardInterrupt:
        print("\nstopped; the decisions are in corrections.jsonl and the tables are up to date", file=sys.stderr)
    return 0

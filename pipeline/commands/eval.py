"""`eval`: precision, recall and F1 of an output folder against the gold fixtures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.commands import options

FLOORS = Path(__file__).resolve().parents[2] / "tests" / "eval_floors.json"
HTML_KEYS = ("keep", "drop", "title", "date", "source")
HTML_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "html"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score an output folder against the gold fixtures",
        description=(
            "Score --out (built from a corpus holding the gold articles) against tests/fixtures/gold by"
            " the annotation guidelines' rules, and the HTML cleaner against tests/fixtures/html."
            " Exits 1 when a score is below the floors in tests/eval_floors.json (development gold only)."
            " --heldout scores the held-out sets instead; --reviewed scores against the researchers' own"
            " decisions (python -m pipeline review)."
        ),
        epilog=("examples: python -m pipeline eval --out outputs\n"
                "          python -m pipeline eval --out outputs --baseline trafilatura\n"
                "          python -m pipeline eval --reviewed --corpus corpus --out outputs"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.out(p, "output folder to score")
    p.add_argument("--gold", default=None, help="folder of gold JSON files (default: tests/fixtures/gold)")
    p.add_argument("--heldout", action="store_true",
                   help="instead: extract and score every held-out set in tests/fixtures/heldout_* (articles annotated"
                        " by people who did not read the rules), per set and pooled; exits 1 below tests/heldout_floors.json")
    p.add_argument("--workers", type=int, default=1, help="worker processes for --heldout's extractions (default: 1)")
    p.add_argument("--reviewed", action="store_true",
                   help="instead: score --out against the researchers' decisions in CORPUS/corrections.jsonl"
                        " (precision from confirmed, corrected and rejected rows, recall from added ones)")
    options.corpus(p, "with --reviewed: the corpus holding corrections.jsonl")
    p.add_argument("--misses", action="store_true", help="also list every miss and extra item")
    p.add_argument("--format", choices=["table", "json"], default="table", help="table (default) or json")
    p.add_argument("--baseline", choices=["none", "trafilatura"], default="none",
                   help="also print the page-cleaning table with two rows a set, ours and the baseline's (keep, drop,"
                        " title, date, source, pages/s, median ms), for tests/fixtures/html (../shared/html) and"
                        " tests/fixtures/realdev; never gated by a floor; works without --out's tables"
                        " (default: none, the output as before)")
    p.set_defaults(func=run)


def dumps(value, **kw) -> str:
    from pipeline.research.query import dumps as valid_json

    return valid_json(value, **kw)


def below_floors(flat: dict[str, float], floors: dict[str, float]) -> list[str]:
    return [f"{k}: {flat.get(k, 0.0):.3f} < floor {v:.3f}" for k, v in floors.items() if flat.get(k, 0.0) + 1e-9 < v]


def run_heldout(args: argparse.Namespace) -> int:
    from pipeline.quality import heldout_eval as he
    sets = he.heldout_sets()
    if not sets:
        print("error: no tests/fixtures/heldout_*/gold folders", file=sys.stderr)
        return 2
    scores = he.score_all(sets, args.workers, progress=lambda name: print(f"extracting {name} …", file=sys.stderr))
    if args.format == "json":
        print(dumps({n: s.flat() for n, s in scores.items()}, indent=2))
    else:
        print(he.format_table(scores))
        if args.misses:
            for name, s in scores.items():
                if name != he.POOLED and s.misses:
                    print(f"\nmisses in {name}:")
                    for line in s.misses:
                        print("  " + line)
    failed = he.below_floors(scores, he.load_floors())
    for line in failed:
        print(f"BELOW FLOOR {line}", file=sys.stderr)
    return 1 if failed else 0


def baseline_table(baseline: str) -> tuple[dict, dict | None, list[tuple]]:
    """Ours and the baseline on the saved pages and on realdev (pipeline.quality.html_eval)."""
    from pipeline.quality.html_eval import REALDEV_DIR, compare_sets

    return compare_sets(baseline, HTML_DIR, REALDEV_DIR)


def comparison_flat(rows: list[tuple]) -> dict[str, float]:
    """The comparison rows as json keys: compare.<set>.<extractor>.<measure> (never floors)."""
    from pipeline.quality.html_eval import MEASURES

    flat = {}
    for label, who, *vals in rows:
        name = label.split(" ")[0]
        for key, value in zip((*MEASURES, "pages_per_s", "median_ms"), vals):
            if value is not None:
                flat[f"compare.{name}.{who}.{key}"] = round(value, 4)
    return flat


def run_baseline_only(args: argparse.Namespace, rows: list[tuple]) -> int:
    """--baseline without an extracted database: the page-cleaning table alone."""
    from pipeline.quality.html_eval import format_comparison

    print(f"note: {args.out} holds no articles.parquet, so only the page-cleaning table is scored", file=sys.stderr)
    print(dumps(comparison_flat(rows), indent=2) if args.format == "json" else format_comparison(rows))
    return 0


def run(args: argparse.Namespace) -> int:
    from pipeline.quality.evaluate import GOLD_DIR, evaluate, format_report

    baseline = getattr(args, "baseline", "none") or "none"
    if baseline != "none" and (args.heldout or args.reviewed):
        print("error: --baseline goes with the plain eval (the page-cleaning table), not with --heldout or --reviewed",
              file=sys.stderr)
        return 2
    if args.heldout:
        return run_heldout(args)
    if args.reviewed:
        from pipeline.quality.reviewed import run_cli

        return run_cli(args)
    compared = None
    if baseline != "none":
        from pipeline.quality.html_eval import BaselineMissing

        try:
            compared = baseline_table(baseline)
        except BaselineMissing as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    out = Path(args.out)
    if not (out / "articles.parquet").exists():
        if compared is not None:
            return run_baseline_only(args, compared[2])
        print(f"error: {out} holds no articles.parquet; run `make extract` first", file=sys.stderr)
        return 2
    scores = evaluate(out, Path(args.gold) if args.gold else GOLD_DIR)
    flat = scores.flat()
    html_scores = None
    try:
        from pipeline.quality.html_eval import score_pages

        html_scores = (compared[0] if compared else score_pages(HTML_DIR, HTML_DIR / "gold"))["totals"]
        flat.update({f"html.{k}": round(v, 4) for k, v in html_scores.items() if k in HTML_KEYS})
    except ImportError:
        pass
    if args.format == "json":
        print(dumps({**flat, **comparison_flat(compared[2])} if compared else flat, indent=2))
    else:
        print(format_report(scores, html_scores))
        if compared:
            from pipeline.quality.html_eval import format_comparison

            print(f"\npage cleaning, ours beside {baseline} (html = ../shared/html, realdev = ../shared/realdev):")
            print(format_comparison(compared[2]))
        if args.misses:
            print("\nmisses:")
            for line in scores.misses:
                print("  " + line)
    # The floors are the development gold's; another gold folder is a measurement, not a gate.
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() and not args.gold else {}
    failed = below_floors(flat, floors)
    for line in failed:
        print(f"BELOW FLOOR {line}", file=sys.stderr)
    return 1 if failed else 0

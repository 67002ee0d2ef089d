"""`bench`: throughput on a synthetic corpus, against a plain jieba + jionlp baseline."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="throughput benchmark on a synthetic corpus",
        description=(
            "Build a synthetic corpus of --n articles from the seed articles (mixed lengths, scripts,"
            " junk and encodings), extract it from scratch on all cores, time a plain baseline"
            " (decode + jieba.lcut + jionlp extract_money) on the same files with as many workers,"
            " and print articles/s, input characters/s, peak RSS of the process tree and time per stage."
        ),
    )
    p.add_argument("--n", type=int, default=2000, help="articles in the synthetic corpus (default: 2000)")
    p.add_argument("--workers", type=int, default=None, help="worker processes, ours and the baseline's (default: all cores)")
    p.add_argument("--dir", default=None, help="keep the corpus and tables here (reused when --n matches); default a temp folder, removed")
    p.add_argument("--repeats", type=int, default=3, help="runs of our extraction; the median is quoted (default: 3)")
    p.add_argument("--baseline-repeats", type=int, default=1, help="runs of the baseline (default: 1; it is slow)")
    p.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    p.add_argument("--stage-sample", type=int, default=300, help="articles timed stage by stage on one core (default: 300)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="engine for our run (default: local)")
    p.add_argument("--json", default=None, help="also write the numbers to this JSON file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.quality.bench import format_result, run_bench

    result = run_bench(
        n=args.n, workers=args.workers, dir=Path(args.dir) if args.dir else None, repeats=args.repeats,
        baseline_repeats=0 if args.no_baseline else args.baseline_repeats, stage_sample=args.stage_sample,
        engine=args.engine,
    )
    print(format_result(result))
    if args.json:
        from pipeline.commands.errors import write_replacing
        from pipeline.research.query import dumps

        write_replacing(Path(args.json), dumps(result, indent=2))
    return 0

"""`extract`: build or update the case database from a corpus folder."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from pipeline.commands import options

log = logging.getLogger("pipeline")


class LogProgress:
    """Plain log lines for runs whose stderr is not a terminal (CI, cluster jobs, nohup)."""

    def __init__(self, total: int, every_seconds: float = 10.0):
        self.total = total
        self.done = 0
        self.every = every_seconds
        self.started = self.last = time.monotonic()
        log.info("extracting %d new or changed articles", total)

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            rate = self.done / max(now - self.started, 1e-9)
            log.info("%d/%d articles (%.1f/s)", self.done, self.total, rate)
            self.last = now

    def close(self) -> None:
        pass


def progress_factory(quiet: bool):
    if quiet:
        return None
    if sys.stderr.isatty():
        from tqdm import tqdm

        return lambda total: tqdm(total=total, unit="article", file=sys.stderr, desc="extract")
    return lambda total: LogProgress(total)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="build or update the case database from a corpus folder",
        description=(
            "Read every .txt/.html/.htm file under --corpus (any common encoding), clean it, convert"
            " traditional script, extract places, alliances and figures, and write the Parquet tables"
            " into --out. Only new or changed files are processed again; a file that cannot be read"
            " becomes an articles row with status 'error' and the batch goes on."
        ),
    )
    options.corpus(p, "folder of articles, read recursively")
    options.out(p, "output folder for the Parquet tables")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local process pool, or Dask (default: local)")
    p.add_argument("--scheduler", default=None, help="with --engine dask: address of an existing cluster (tcp://HOST:PORT); default a LocalCluster")
    p.add_argument("--full", action="store_true", help="process every file again, not only new or changed ones")
    p.add_argument("--max-mb", type=float, default=20.0, help="largest file accepted, in MB (default: 20)")
    p.add_argument("--timeout", type=float, default=60.0, help="time budget for one article, in seconds; 0 for none (default: 60)")
    p.add_argument("--config", default=None, help="extraction pipeline config (default: extractors/config.cfg)")
    p.add_argument("--wait", action="store_true", help="if another run holds --out, wait for it instead of refusing")
    p.add_argument("--quiet", action="store_true", help="no progress output, only the summary line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.run.runner import RunLocked, extract
    from pipeline.stages.article import Options

    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"error: the corpus folder {corpus} does not exist", file=sys.stderr)
        return 2
    options = Options(max_bytes=int(args.max_mb * 1_000_000), config=args.config)
    try:
        summary = extract(
            corpus,
            Path(args.out),
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            options=options,
            budget=args.timeout,
            full=args.full,
            wait=args.wait,
            progress=progress_factory(args.quiet),
        )
    except RunLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except OSError as exc:  # a full disk, a read-only output folder (pyarrow's I/O errors are OSErrors)
        from pipeline.commands.errors import write_failure

        print("error: " + write_failure(exc, Path(args.out), "--out", "the last committed database there is intact"),
              file=sys.stderr)
        return 4
    for line in summary.error_paths[:20]:
        log.warning("error row: %s", line)
    if summary.errors > 20:
        log.warning("… and %d more error rows (query articles where status = 'error')", summary.errors - 20)
    print(summary.line())
    return 0

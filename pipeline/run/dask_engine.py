"""The Dask engine: the same per-article `work`, on a Dask cluster.

Either an existing cluster (`scheduler="tcp://HOST:PORT"`, e.g. one dask-jobqueue started on
SLURM) or a LocalCluster of `workers` single-threaded processes that lives only for the run.
Workers read the articles themselves, so the corpus path must be the same on every worker
(a shared file system); only the rows travel back.

Results come back in input order from a bounded window of tasks, so memory on the client stays
flat however large the corpus. Articles go in small batches: one Dask task costs about a
millisecond of scheduler time, which is of the order of one article's processing.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from pipeline.stages import article as stages
log = logging.getLogger("pipeline")

BATCH = 8  # articles a task
WINDOW_PER_THREAD = 4  # tasks in flight per worker thread: enough to keep every worker busy


def _work_batch(corpus: str, rels: list[str], options: stages.Options, budget: float) -> list[dict]:
    from pipeline.run.runner import work

    return [work(corpus, rel, options, budget) for rel in rels]


def _plugin(config: str | None):
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadPipeline(WorkerPlugin):
        """Build the pipeline's caches once per worker, before its first task."""

        name = "partybuild-warm-up"

        def setup(self, worker) -> None:  # noqa: ARG002
            from pipeline.run.runner import warm_up

            warm_up(config)

    return LoadPipeline()


def _client(stack: ExitStack, workers: int, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        return stack.enter_context(Client(scheduler))
    # Processes, one thread each: the stages are pure Python and hold the GIL.
    cluster = stack.enter_context(LocalCluster(
        n_workers=max(1, workers), threads_per_worker=1, processes=True,
        dashboard_address=":0", silence_logs=logging.WARNING,
    ))
    return stack.enter_context(Client(cluster))


def run_on_dask(corpus: Path, paths: list[str], options: stages.Options, workers: int, budget: float,
                scheduler: str | None) -> Iterator[dict]:
    """Each article's tables dict, in input order. Closes the LocalCluster it started.

    The per-article time budget relies on SIGALRM, which only works in a main thread; Dask
    runs tasks in worker threads, so on Dask the budget is not enforced (a stuck article holds
    one worker thread; Dask's own timeouts still apply).
    """
    if not paths:
        return
    with ExitStack() as stack:
        client = _client(stack, workers, scheduler)
        client.register_plugin(_plugin(options.config))
        threads = sum(client.nthreads().values()) or max(1, workers)
        log.info("dask: %d worker threads at %s", threads, client.scheduler.address)
        window = max(2, threads * WINDOW_PER_THREAD)
        pending: deque = deque()
        corpus_s = str(corpus)
        for i in range(0, len(paths), BATCH):
            batch = paths[i:i + BATCH]
            pending.append(client.submit(_work_batch, corpus_s, batch, options, budget, pure=False))
            if len(pending) >= window:
                yield from _take(pending)
        while pending:
            yield from _take(pending)


def _take(pending: deque) -> Iterator[dict]:
    fut = pending.popleft()
    results = fut.result()
    fut.release()  # let the cluster forget the rows as soon as we hold them
    yield from results

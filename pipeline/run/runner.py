"""The runner: the only part that does I/O, parallelism, incremental state, progress and errors.

It lists the corpus, decides which files need work (new or changed files, or all of them when
the extractors changed), runs the per-article stage on an engine (a local process pool, or
Dask), streams rows into staged tables, carries over the rows of unchanged files, and commits
the new database atomically.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import signal
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.stages import article as stages
from pipeline.run.schema import TABLES
from pipeline.run.store import StagedTables, ensure_empty_tables, recover, table_path

log = logging.getLogger("pipeline")

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".xhtml", ".shtml", *stages.MHTML_SUFFIXES}
META_SUFFIX = ".meta.json"  # corpus/a.html + corpus/a.html.meta.json: metadata given by a person
MAX_ERROR_PATHS = 1000  # error rows quoted in the summary; the articles table holds them all


class RunLocked(RuntimeError):
    pass


@dataclass
class Summary:
    articles: int = 0
    errors: int = 0
    processed: int = 0
    reused: int = 0
    removed: int = 0
    seconds: float = 0.0
    chars: int = 0
    figures: int = 0
    out: str = ""
    error_paths: list[str] = field(default_factory=list)
    # files that could not be read now (or whose folder could not be entered): their rows from
    # the last run were kept, not replaced by an error row or removed
    held: list[str] = field(default_factory=list)
    # wall seconds per phase: start-up (lock, listing, loading the pipeline and its caches),
    # articles (the stages, on all workers), reprints, commit
    phases: dict[str, float] = field(default_factory=dict)
    corrections: Any = None  # what applying corpus/corrections.jsonl did (run.corrections.Applied)

    def _held_part(self) -> str:
        return f", {len(self.held)} unreadable and kept from the last run" if self.held else ""

    def line(self) -> str:
        return (
            f"{self.articles} articles ({self.processed} processed, {self.reused} unchanged, "
            f"{self.removed} removed{self._held_part()}), {self.errors} errors, {self.figures} figures, "
            f"{self.seconds:.1f} s → {self.out}"
        )


# ---------------------------------------------------------------- corpus listing


def list_corpus(corpus: Path, unreadable: list[str] | None = None) -> list[str]:
    """Article files under the corpus, as sorted POSIX paths relative to it.

    Broken links and link loops are listed (they become error rows that say so); pipes, devices
    and sockets are not (reading one could block or never end), nor names that are not valid
    UTF-8 (the tables could not hold them); both are logged. A folder that cannot be entered
    (permission denied, an I/O error) is logged, and its path relative to the corpus ("" for the
    corpus itself) appended to ``unreadable``: its files are not gone, only out of reach.
    """
    found = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else corpus
        try:
            rel = where.relative_to(corpus).as_posix()
        except ValueError:
            rel = ""
        rel = "" if rel == "." else rel
        if unreadable is not None:
            unreadable.append(rel)
        log.warning("cannot enter the folder %s (%s); the rows of its articles are kept from the last run",
                    where, exc.strerror or exc)

    for root, dirs, files in os.walk(corpus, followlinks=False, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or name.endswith(META_SUFFIX):
                continue
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                full = Path(root) / name
                rel = full.relative_to(corpus).as_posix()
                try:
                    rel.encode("utf-8")
                except UnicodeEncodeError:
                    log.warning("skipped %r: its name is not valid UTF-8; rename the file", rel)
                    continue
                try:
                    if not stat.S_ISREG(os.stat(full).st_mode):
                        log.warning("skipped %s: not a regular file (a pipe, device or socket)", rel)
                        continue
                except OSError:
                    pass  # a broken link or a loop: work() turns it into an error row
                found.append(rel)
    return sorted(found)


GIVEN_KEYS = ("url", "source", "published", "title")


def read_given_metadata(path: Path) -> dict[str, Any]:
    """The sidecar's metadata (text values only, stripped); {} when absent or unreadable."""
    side = path.with_name(path.name + META_SUFFIX)
    try:
        if not side.is_file():
            return {}
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v.strip() for k, v in data.items() if k in GIVEN_KEYS and isinstance(v, str) and v.strip()}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- the work of one article


SIGNATURE_KEY = "_minhash"  # a worker's reprint signature, carried beside the articles row
READ_FAILED_KEY = "_read_failed"  # a worker could not read a file that is there (popped by the parent)
GONE_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.ELOOP}


def momentary(exc: OSError) -> bool:
    """A read failure of a file that is still there (permission denied, an I/O error), as against
    a file that is gone (or a link to nothing): its rows from the last run are worth keeping."""
    return exc.errno is not None and exc.errno not in GONE_ERRNOS


class ArticleTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that the stages' `except Exception` cannot swallow it."""


def _on_alarm(signum, frame):  # noqa: ARG001
    raise ArticleTimeout()


def work(corpus: str, rel: str, options: stages.Options, budget: float) -> dict[str, list[dict]]:
    """Read one file and run the stage on it, within a time budget. Runs in a worker."""
    path = Path(corpus) / rel
    given = read_given_metadata(path)
    try:
        if path.is_symlink() and not path.exists():
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise OSError("it is a symbolic link that points back to itself (a loop)") from None
            raise OSError("it is a symbolic link whose target does not exist")
        size = path.stat().st_size
        if size > options.max_bytes:
            message = (f"the file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit"
                       " for one article (raise it with --max-mb)")
            return stages.ArticleRows(articles=[stages.error_row(rel, b"", given, message, file_sha256(path))]).tables()
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"cannot read the file: {reason}"
        row = stages.error_row(rel, rel.encode(), given, message)
        if momentary(exc):
            row[READ_FAILED_KEY] = message  # the parent keeps the file's previous rows, if it has any
        return stages.ArticleRows(articles=[row]).tables()
    use_alarm = budget > 0 and hasattr(signal, "SIGALRM") and _in_main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        rows = stages.process_article(rel, data, given, options)
    except ArticleTimeout:
        rows = stages.ArticleRows(
            articles=[stages.error_row(rel, data, given, f"processing took longer than the {budget:g} s budget for one article (raise it with --timeout)")]
        )
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    from pipeline.run.reprints import signature

    for row in rows.articles:
        row["pipeline_version"] = options.fingerprint
        # the reprint signature is a function of one article: made here, on the workers, so the
        # parent only has to match signatures (popped before the row is stored)
        sig = signature(row["text"]) if row["status"] == "ok" and row["text"] else None
        row[SIGNATURE_KEY] = None if sig is None else sig.tobytes()  # 256 bytes, kept by the parent to the end
    return rows.tables()


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


# ---------------------------------------------------------------- engines


_WARM_TEXT = "臺州市天臺縣後岸村共同富裕黨建聯盟成立於2018年，覆蓋周邊7個行政村，2020年村集體經營性收入近億元。"
_WARM_HTML = (
    "<html><head><meta charset='utf-8'><title>宁波市鄞州区组建党建联盟</title></head><body><div>"
    "<p>2021年12月06日 来源：宁波日报</p><p>鄞州区探索组建“鄞领速递”党建联盟，共组建181个联村党组织、"
    "覆盖453个行政村，带动村集体增收2190多万元。</p></div></body></html>"
)


def warm_up(config: str | None) -> None:
    """Build every lazy cache (pipeline, gazetteer, automata, jieba dictionaries, chardet, the
    script converter's protected names) by running the stage on two tiny articles.

    Called in the parent before the pool forks: the workers inherit the caches instead of each
    spending ~6 s building them on its first article (inside that article's time budget).
    """
    from pipeline.stages.nlp import load_nlp

    load_nlp(config)
    options = stages.Options(config=config)
    stages.process_article("warm.txt", _WARM_TEXT.encode("big5hkscs"), {}, options)
    stages.process_article("warm.html", _WARM_HTML.encode("utf-8"), {}, options)


def die_with_parent(parent: int) -> None:
    """Make this worker die when the process that started it dies (kill, OOM killer, scheduler).

    Linux: the kernel sends SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG); elsewhere a
    thread watches the parent id. Either way an orphan never lingers blocked on a pipe write.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _init_worker(config: str | None, parent: int | None = None) -> None:
    # Forked workers inherit the parent's warm caches; load_nlp is then a cache hit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    from pipeline.stages.nlp import load_nlp

    load_nlp(config)


def run_local(corpus: Path, paths: list[str], options: stages.Options, workers: int, budget: float) -> Iterator[dict]:
    """Results in input order, from a bounded number of in-flight tasks (memory stays flat).
    The caller has warmed the caches (``warm_up``) so that forked workers inherit them."""
    if not paths:
        return
    if workers <= 1 or len(paths) <= 1:
        for rel in paths:
            yield work(str(corpus), rel, options, budget)
        return
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if sys.platform != "win32" else None
    import gc

    # The warm caches (gazetteer, dictionaries) become permanent: the workers' collector then
    # never walks them, so their pages stay shared with the parent instead of being copied.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(options.config, os.getpid())) as pool:
            window = max(8, workers * 8)
            pending: deque = deque()
            # a task of CHUNK articles: fewer round trips; small corpora still reach every worker
            size = max(1, min(CHUNK, len(paths) // (workers * 4)))
            for batch in iter_chunks(paths, size):
                pending.append(pool.submit(_work_chunk, str(corpus), batch, options, budget))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        # the parent goes on (reprints, a next run in the same process): frozen garbage would
        # never be collected, and a second run's workers would fork from a bigger parent
        gc.unfreeze()


CHUNK = 16  # articles a task at most (16 against 4: the parent's share of the CPU 0.8 → 0.65 s per 2000)


def _work_chunk(corpus: str, rels: list[str], options: stages.Options, budget: float) -> list[dict]:
    return [work(corpus, rel, options, budget) for rel in rels]


def run_dask(corpus: Path, paths: list[str], options: stages.Options, workers: int, budget: float, scheduler: str | None) -> Iterator[dict]:
    from pipeline.run.dask_engine import run_on_dask

    yield from run_on_dask(corpus, paths, options, workers, budget, scheduler)


# ---------------------------------------------------------------- incremental state


@dataclass(frozen=True)
class Previous:
    """What the last committed run knew about one file."""

    sha256: str | None
    version: str | None
    article_id: str
    given: tuple  # the metadata given with it, as the row recorded it (see given_key)
    status: str = "ok"


def given_key(given: dict[str, Any], status: str = "ok") -> tuple:
    """Given metadata in a comparable form. Error rows record only the URL of it."""
    keys = ("url",) if status == "error" else GIVEN_KEYS
    return tuple((k, given[k]) for k in keys if given.get(k))


def _given_in_row(row: dict[str, Any]) -> dict[str, Any]:
    given = {"url": row.get("url")}
    for k in ("title", "source", "published"):
        if row.get(f"{k}_from") == "given":
            given[k] = row.get(k)
    return given


def previous_state(out: Path) -> dict[str, Previous]:
    """path → Previous, from the last committed run; {} (process everything) when it cannot be used.

    It cannot be used when a table is missing or unreadable, or was written with other columns
    than the current schema (an upgrade): then everything is processed again.
    """
    for name, schema in TABLES.items():
        try:
            if not pq.read_schema(table_path(out, name)).equals(schema, check_metadata=False):
                log.info("the tables in %s have other columns than this version writes: processing everything", out)
                return {}
        except Exception:  # missing or unreadable
            return {}
    cols = ["path", "sha256", "pipeline_version", "article_id", "status", "url",
            "title", "title_from", "source", "source_from", "published", "published_from"]
    try:
        t = pq.read_table(table_path(out, "articles"), columns=cols)
    except Exception:  # an unreadable old table: process everything again
        return {}
    state = {}
    for row in t.to_pylist():
        state[row["path"]] = Previous(row["sha256"], row["pipeline_version"], row["article_id"],
                                      given_key(_given_in_row(row), row["status"]), row["status"])
    return state


class _Rows:
    """One committed table read in file order, serving the contiguous block of rows for a key.

    Only the key column is loaded whole (as Arrow); the rows come batch by batch, so memory
    stays flat. Keys asked for in file order are served in one pass; a key behind the cursor
    restarts the pass (rare: only when duplicate files change which path comes first).
    """

    def __init__(self, path: Path, key: str):
        self.path = path
        self.blocks: dict[str, tuple[int, int]] = {}
        keys = pq.read_table(path, columns=[key]).column(key).combine_chunks()
        n = len(keys)
        if n:
            if n > 1:
                change = pc.not_equal(keys.slice(1), keys.slice(0, n - 1)).fill_null(True)
                starts = [0] + [i + 1 for i in pc.indices_nonzero(change).to_pylist()]
            else:
                starts = [0]
            ends = starts[1:] + [n]
            for k, a, b in zip(keys.take(pa.array(starts)).to_pylist(), starts, ends):
                self.blocks.setdefault(k, (a, b))
        self._reset()

    def _reset(self) -> None:
        self._batches = pq.ParquetFile(self.path).iter_batches(batch_size=4096)
        self._buf: pa.RecordBatch | None = None
        self._buf_start = 0
        self._buf_end = 0

    def _next(self) -> bool:
        batch = next(self._batches, None)
        if batch is None:
            return False
        self._buf_start = self._buf_end
        self._buf = batch
        self._buf_end = self._buf_start + batch.num_rows
        return True

    def take(self, key: str) -> list[pa.RecordBatch]:
        span = self.blocks.get(key)
        if span is None:
            return []
        start, end = span
        if start < self._buf_start:
            self._reset()
        out = []
        while start < end:
            if self._buf is None or start >= self._buf_end:
                if not self._next():
                    break
                continue
            stop = min(end, self._buf_end)
            out.append(self._buf.slice(start - self._buf_start, stop - start))
            start = stop
        return out


class PreviousTables:
    """The committed tables, from which the rows of unchanged files are copied."""

    def __init__(self, out: Path):
        self.articles = _Rows(table_path(out, "articles"), "path")
        self.children = {name: _Rows(table_path(out, name), "article_id") for name in TABLES if name != "articles"}

    def copy(self, rel: str, article_id: str, staged: StagedTables, with_children: bool) -> None:
        for batch in self.articles.take(rel):
            staged.writers["articles"].add_table(batch)
        if with_children:
            for name, rows in self.children.items():
                for batch in rows.take(article_id):
                    staged.writers[name].add_table(batch)


# ---------------------------------------------------------------- the run


def pipeline_fingerprint(config: str | None) -> str:
    from pipeline.stages.nlp import DEFAULT_CONFIG, component_versions, load_nlp

    nlp = load_nlp(config)
    # every step that shapes a row: the cleaners and the metadata reader, then the extractors
    parts = [stages.PIPELINE_VERSION, *stages.cleaner_versions(), *sorted(component_versions(nlp).values())]
    parts.append(Path(config or DEFAULT_CONFIG).read_text(encoding="utf-8"))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:8]
    return f"{stages.PIPELINE_VERSION}+{digest}"


# Descriptors of the output locks this process holds. A forked child (a worker) gets a copy of
# each, and a flock lives as long as any copy: a worker that outlived a killed parent would hold
# the folder forever. So every fork replaces the copies with /dev/null in the child at once.
_HELD_LOCKS: set[int] = set()


def _drop_locks_in_child() -> None:
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _HELD_LOCKS:
        try:
            os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_locks_in_child)


def _pid_alive(pid: int) -> bool:
    """True for a running process (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


class OutputLock:
    """One run per output folder: a second run refuses with a clear message.

    The lock is a flock on OUT/.lock, which holds the holder's process id. Its descriptor is not
    kept by forked workers (see _drop_locks_in_child). A lock still held while the process named
    in it is gone (workers of an older version, orphaned when their parent was killed, keep such a
    lock) is taken over: a fresh lock file replaces it, with a warning. Taking the lock and
    writing the id happen under a short-lived guard lock (OUT/.lock.guard), so the id in a held
    lock file is always its holder's.
    """

    def __init__(self, out: Path, wait: bool = False):
        self.path = out / ".lock"
        self.guard = out / ".lock.guard"
        self.wait = wait
        self.fh = None

    def __enter__(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            if self._try():
                _HELD_LOCKS.add(self.fh.fileno())
                return self
            if not self.wait:
                raise RunLocked(
                    f"another extraction is writing to {self.path.parent} right now; wait for it to finish"
                    " (or pass --wait to queue behind it)"
                )
            time.sleep(0.25)

    def _try(self) -> bool:
        with open(self.guard, "a+") as guard:
            fcntl.flock(guard, fcntl.LOCK_EX)  # held for microseconds, never across a fork
            fh = open(self.path, "a+")
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip()
                fh.close()
                if not holder.isdigit() or int(holder) == os.getpid() or _pid_alive(int(holder)):
                    return False
                log.warning("the lock on %s was left by process %s, which is gone (processes it started may"
                            " still hold it); taking it over", self.path.parent, holder)
                fresh = self.path.with_name(f".lock.{os.getpid()}")
                fh = open(fresh, "w+")
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else has it
                fh.write(str(os.getpid()))
                fh.flush()
                os.replace(fresh, self.path)
                self.fh = fh
                return True
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            self.fh = fh
            return True

    def __exit__(self, *exc) -> None:
        _HELD_LOCKS.discard(self.fh.fileno())
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def extract(
    corpus: Path,
    out: Path,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    options: stages.Options | None = None,
    budget: float = 60.0,
    full: bool = False,
    wait: bool = False,
    progress: Any = None,
) -> Summary:
    """Build (or bring up to date) the case database in ``out`` from the files in ``corpus``."""
    start = time.perf_counter()
    options = options or stages.Options()
    corpus = Path(corpus)
    out = Path(out)
    if not corpus.is_dir():
        raise FileNotFoundError(f"the corpus folder {corpus} does not exist")
    workers = workers or os.cpu_count() or 1
    with OutputLock(out, wait=wait):
        recover(out)
        options.fingerprint = pipeline_fingerprint(options.config)
        unreadable_dirs: list[str] = []
        paths = list_corpus(corpus, unreadable_dirs)
        known = previous_state(out)  # also with --full: a file that cannot be read keeps its rows
        before = {} if full else known
        # Rows are only dropped for a file that is really gone: the articles of a folder that
        # cannot be entered, and a file that is there but cannot be read right now, keep the rows
        # of the last run (with a warning); the next run that can read them brings them up to date.
        held: dict[str, str] = {}
        for rel in set(known) - set(paths):
            folder = next((d for d in unreadable_dirs if d == "" or rel.startswith(d + "/")), None)
            if folder is not None:
                held[rel] = f"its folder {corpus / folder} cannot be entered"
        paths = sorted(set(paths) | set(held))
        todo, keep = [], {}
        for rel in paths:
            if rel in held:
                keep[rel] = known[rel].article_id
                continue
            old = before.get(rel)
            sha, failure = _sha_or_failure(corpus / rel)
            if failure is not None and rel in known:
                held[rel] = f"cannot read the file: {failure}"
                keep[rel] = known[rel].article_id
            elif (old and old.version == options.fingerprint and old.sha256 == sha
                    and old.given == given_key(read_given_metadata(corpus / rel), old.status)):
                keep[rel] = old.article_id
            else:
                todo.append(rel)
        summary = Summary(out=str(out), reused=len(keep) - len(held), removed=len(set(known) - set(paths)))
        for rel, why in sorted(held.items()):
            _hold(summary, corpus, rel, why)
        staged = StagedTables(out)
        try:
            # Canonical order, whatever was reused: articles by path, and the other tables' rows
            # grouped by article in that order, each article's rows once (the same bytes under two
            # names are one article). So an incremental run writes exactly what a full run would.
            prev = PreviousTables(out) if known else None
            if todo and engine != "dask":
                warm_up(options.config)  # here rather than on the first result: timed as start-up
            summary.phases["start-up"] = time.perf_counter() - start
            results = run_dask(corpus, todo, options, workers, budget, scheduler) if engine == "dask" else run_local(corpus, todo, options, workers, budget)
            results = iter(results)
            bar = progress(total=len(todo)) if progress else None
            seen: set[str] = set()
            signatures: dict[str, Any] = {}  # article_id → reprint signature, from the workers
            for rel in paths:
                if rel in keep:
                    prev.copy(rel, keep[rel], staged, with_children=keep[rel] not in seen)
                    seen.add(keep[rel])
                    continue
                tables = next(results)
                got = tables["articles"][0]["path"] if tables["articles"] else None
                if got != rel:
                    raise RuntimeError(f"the engine returned {got!r} where {rel!r} was due (results out of order)")
                failed = tables["articles"][0].pop(READ_FAILED_KEY, None)
                if failed and rel in known:  # listed and hashed, then unreadable in the worker
                    _hold(summary, corpus, rel, failed)
                    prev.copy(rel, known[rel].article_id, staged, with_children=known[rel].article_id not in seen)
                    seen.add(known[rel].article_id)
                    if bar:
                        bar.update(1)
                    continue
                aid = tables["articles"][0]["article_id"]
                for row in tables["articles"]:  # every row, error rows made before the stage too
                    row["pipeline_version"] = options.fingerprint
                    if SIGNATURE_KEY in row:
                        signatures[aid] = row.pop(SIGNATURE_KEY)
                staged.add(tables if aid not in seen else {"articles": tables["articles"]})
                seen.add(aid)
                summary.processed += 1
                for row in tables["articles"]:
                    summary.chars += row.get("chars") or 0
                    if row["status"] == "error" and len(summary.error_paths) < MAX_ERROR_PATHS:
                        summary.error_paths.append(f"{row['path']}: {row['error']}")
                summary.figures += len(tables["figures"])
                if bar:
                    bar.update(1)
            next(results, None)  # let the engine finish and shut its workers down
            if bar:
                bar.close()
            staged.close()
            from pipeline.run.reprints import assign_clusters

            t0 = time.perf_counter()
            summary.phases["articles"] = t0 - start - summary.phases["start-up"]
            assign_clusters(staged, signatures)
            t1 = time.perf_counter()
            summary.phases["reprints"] = t1 - t0
            from pipeline.run.corrections import apply_to_staging

            summary.corrections = apply_to_staging(corpus, staged.staging)  # corpus/corrections.jsonl
            staged.commit()
            summary.phases["commit"] = time.perf_counter() - t1
        except BaseException:
            staged.abort()
            raise
    counts = pq.read_table(table_path(out, "articles"), columns=["status"]).column("status").to_pylist()
    summary.articles = len(counts)
    summary.errors = counts.count("error")
    summary.figures = pq.ParquetFile(table_path(out, "figures")).metadata.num_rows
    summary.seconds = time.perf_counter() - start
    ensure_empty_tables(out)
    return summary


def _safe_sha(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None


def _sha_or_failure(path: Path) -> tuple[str | None, str | None]:
    """(sha256, None), or (None, why) when the file is there but cannot be read right now."""
    try:
        return file_sha256(path), None
    except OSError as exc:
        return None, (exc.strerror or str(exc)) if momentary(exc) else None


def _hold(summary: "Summary", corpus: Path, rel: str, why: str) -> None:
    summary.held.append(f"{corpus / rel}: {why}")
    log.warning("kept the rows of %s from the last run: %s (they are brought up to date when it can be read)",
                corpus / rel, why)


def iter_chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

"""A killed extract never damages the database, and the next run finishes the work.

The run under test is a forked child (it inherits the warm spaCy pipeline, so each try takes
well under a second) that dies by SIGKILL: at named points of the commit (the test hook
PIPELINE_CRASH_AT in pipeline/run/store.py), or after a random delay while it processes articles.
Before the commit's journal exists the previous tables must be untouched; after it, the next
run (its first act is ``recover``) rolls the commit forward. Either way all five tables open
and hold one run's complete content. Two runs on one output folder: the second refuses, or
waits with --wait.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.run import runner

from pipeline.stages import article as stages
from pipeline.run.schema import TABLES
from pipeline.run.store import JOURNAL, STAGING_PREFIX, recover

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
FORK = mp.get_context("fork")


def run(corpus: Path, out: Path, **kw) -> runner.Summary:
    return runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0, **kw)


def tables(out: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}


def _child(corpus: str, out: str, crash_at: str | None, delay: float) -> None:
    if crash_at:
        os.environ["PIPELINE_CRASH_AT"] = crash_at
    if delay:
        real = stages.process_article

        def slow(*a, **k):
            time.sleep(delay)
            return real(*a, **k)

        stages.process_article = slow
    run(Path(corpus), Path(out))
    os._exit(0)


def start_child(corpus: Path, out: Path, crash_at: str | None = None, delay: float = 0.0):
    p = FORK.Process(target=_child, args=(str(corpus), str(out), crash_at, delay))
    p.start()
    return p


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A v1 database, a corpus changed to v2, and what a complete v2 run writes."""
    tmp = tmp_path_factory.mktemp("crash")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for i, seed in enumerate(SEEDS[:3]):
        shutil.copy(seed, corpus / f"a{i}.txt")
    v1 = tmp / "v1"
    run(corpus, v1)  # also warms the pipeline up before any fork
    (corpus / "new.txt").write_bytes(SEEDS[3].read_bytes())
    (corpus / "a1.txt").write_text(SEEDS[1].read_text(encoding="utf-8") + "\n又组建党建联盟3个。", encoding="utf-8")
    (corpus / "a2.txt").unlink()
    (corpus / "b.html").write_text("<html><body><p>" + SEEDS[4].read_text(encoding="utf-8") + "</p></body></html>", encoding="utf-8")
    v2 = tmp / "v2"
    run(corpus, v2)
    return tmp, corpus, v1, tables(v1), tables(v2)


def fresh_copy(world, name: str) -> Path:
    tmp, _, v1, *_ = world
    out = tmp / name
    shutil.copytree(v1, out)
    return out


def assert_readable(out: Path) -> None:
    for name, schema in TABLES.items():
        t = pq.read_table(out / f"{name}.parquet")
        assert t.schema.equals(schema, check_metadata=False)


@pytest.mark.parametrize("point", ["before-journal", "journal-tmp"])
def test_killed_before_the_journal_leaves_the_old_database(world, point):
    tmp, corpus, _, old, new = world
    out = fresh_copy(world, f"kill-{point}")
    p = start_child(corpus, out, crash_at=point)
    p.join(60)
    assert p.exitcode == -signal.SIGKILL
    assert_readable(out)
    assert tables(out) == old  # readers see the previous database, whole
    s = run(corpus, out)  # the next run finishes the work
    assert s.processed == 3
    assert tables(out) == new
    assert not list(out.glob(f"{STAGING_PREFIX}*")) and not (out / JOURNAL).exists()


@pytest.mark.parametrize("point", ["after-journal", "mid-rename"])
def test_killed_within_the_commit_rolls_forward(world, point):
    tmp, corpus, _, old, new = world
    out = fresh_copy(world, f"kill-{point}")
    p = start_child(corpus, out, crash_at=point)
    p.join(60)
    assert p.exitcode == -signal.SIGKILL
    assert (out / JOURNAL).exists()
    assert recover(out) is True  # what the next run does first, under the lock
    assert_readable(out)
    assert tables(out) == new
    s = run(corpus, out)
    assert s.processed == 0
    assert tables(out) == new


def test_killed_at_random_moments(world):
    tmp, corpus, _, old, new = world
    rnd = random.Random(7)
    for attempt in range(5):
        out = fresh_copy(world, f"random-{attempt}")
        p = start_child(corpus, out, delay=0.15)
        time.sleep(rnd.uniform(0.0, 0.8))
        p.kill()
        p.join(30)
        assert_readable(out)
        got = tables(out)
        if (out / JOURNAL).exists():
            recover(out)
            got = tables(out)
            assert got == new
        else:
            assert got in (old, new)
        run(corpus, out)
        assert tables(out) == new
        assert not list(out.glob(f"{STAGING_PREFIX}*"))


def test_a_second_run_refuses_while_one_is_running(world):
    tmp, corpus, *_ = world
    out = fresh_copy(world, "locked")
    with runner.OutputLock(out):
        r = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out), "--quiet"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "another extraction is writing to" in r.stderr and "--wait" in r.stderr
    with pytest.raises(runner.RunLocked):
        with runner.OutputLock(out):
            with runner.OutputLock(out):
                pass


def test_wait_queues_behind_the_running_one(world):
    tmp, corpus, _, old, new = world
    out = fresh_copy(world, "waiting")
    lock = runner.OutputLock(out)
    lock.__enter__()
    done: list = []
    t = threading.Thread(target=lambda: done.append(run(corpus, out, wait=True)))
    t.start()
    time.sleep(0.5)
    assert t.is_alive() and not done  # waiting for the lock
    assert tables(out) == old
    lock.__exit__(None, None, None)
    t.join(60)
    assert done and done[0].processed == 3
    assert tables(out) == new


def test_a_killed_run_does_not_keep_the_lock(world):
    tmp, corpus, _, old, new = world
    out = fresh_copy(world, "lock-after-kill")
    p = start_child(corpus, out, delay=5)
    time.sleep(0.3)
    with pytest.raises(runner.RunLocked):
        with runner.OutputLock(out):
            pass
    p.kill()
    p.join(30)
    with runner.OutputLock(out):
        pass


def test_query_after_a_kill_within_the_commit_finishes_it(world):
    """A reader does not need the next extract: `query` finishes the interrupted swap first."""
    from pipeline.research.query import connect, run_sql

    tmp, corpus, _, old, new = world
    out = fresh_copy(world, "kill-then-query")
    p = start_child(corpus, out, crash_at="mid-rename")
    p.join(60)
    assert p.exitcode == -signal.SIGKILL
    assert (out / JOURNAL).exists()
    n = run_sql(connect(out), "select count(*) as n from articles").column("n")[0].as_py()
    assert not (out / JOURNAL).exists()
    assert tables(out) == new
    assert n == len(new["articles"])


# ---------------------------------------------------------------- the main process killed mid-work


def _children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (from /proc)."""
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            fields = stat.rsplit(b")", 1)[1].split()
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _gone(pid: int) -> bool:
    """Not running: no such process, or a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    return stat.rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")


def _extract_cmd(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out),
            "--workers", "2", "--quiet", *extra]


def _many_articles(corpus: Path, n: int) -> None:
    corpus.mkdir()
    for i in range(n):
        text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        (corpus / f"a{i:04d}.txt").write_text(f"{text}\n第{i}次补记。", encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_main_process_mid_work_frees_the_folder_at_once(tmp_path, sig):
    """`kill PID` or the OOM killer hits only the main process: its workers die with it, and
    the next run starts at once instead of finding the folder locked by orphans."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _many_articles(corpus, 600)  # ~10 s of work on two workers: killed long before the end
    p = subprocess.Popen(_extract_cmd(corpus, out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.1)
            workers = _children(p.pid)
        assert len(workers) >= 2, "the pool never started"
        time.sleep(1.0)  # the workers are busy with articles now
        assert p.poll() is None, "the run ended before it could be killed mid-work"
        assert list(out.glob(f"{STAGING_PREFIX}*")), "no staged tables: not mid-work"
        os.kill(p.pid, sig)
        p.wait(30)
        for f in sorted(corpus.iterdir())[60:]:  # a smaller next run: the point is that it may start
            f.unlink()
        r = subprocess.run(_extract_cmd(corpus, out), cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "another extraction" not in r.stderr
        deadline = time.monotonic() + 30
        while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert all(_gone(w) for w in workers), "workers outlived their parent"
        arts = pq.read_table(out / "articles.parquet", columns=["path", "status"]).to_pylist()
        assert len(arts) == 60 and all(a["status"] == "ok" for a in arts)
        for name in TABLES:  # whole files (the columns are the subprocess's, not compared here)
            pq.read_table(out / f"{name}.parquet")
        assert not list(out.glob(f"{STAGING_PREFIX}*"))
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(30)
        for w in workers:
            if not _gone(w):
                os.kill(w, signal.SIGKILL)


_HOLD_AND_DIE = """
import os, sys, time
from pathlib import Path
from pipeline.run.runner import OutputLock
lock = OutputLock(Path(sys.argv[1]))
lock.__enter__()
pid = os.fork()
if pid == 0:  # a worker: inherits the descriptors, outlives its parent
    null = os.open(os.devnull, os.O_RDWR); os.dup2(null, 1); os.dup2(null, 2)
    time.sleep(120)
    os._exit(0)
print(pid, flush=True)
os._exit(0)  # the parent dies without letting go, as under kill -9
"""

_OLD_STYLE_ORPHAN = """
import fcntl, os, sys, time
fh = open(os.path.join(sys.argv[1], ".lock"), "a+")
fcntl.flock(fh, fcntl.LOCK_EX)
fh.truncate(0); fh.write(str(os.getpid())); fh.flush()
pid = os.fork()
if pid == 0:  # a worker of an older version: keeps the inherited lock
    null = os.open(os.devnull, os.O_RDWR); os.dup2(null, 1); os.dup2(null, 2)
    time.sleep(120)
    os._exit(0)
print(pid, flush=True)
os._exit(0)
"""


def _orphan(script: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([sys.executable, "-c", script, str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return int(r.stdout.split()[0])


def test_a_forked_child_does_not_keep_the_lock(tmp_path, caplog):
    out = tmp_path / "out"
    child = _orphan(_HOLD_AND_DIE, out)
    try:
        assert not _gone(child)
        with caplog.at_level("WARNING", logger="pipeline"):
            with runner.OutputLock(out):  # free at once: the orphan never held it
                pass
        assert "taking it over" not in caplog.text
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_lock_left_by_a_dead_holder_is_taken_over_with_a_message(world):
    tmp, corpus, _, old, new = world
    out = fresh_copy(world, "stale-lock")
    child = _orphan(_OLD_STYLE_ORPHAN, out)
    try:
        r = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out),
                            "--workers", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "which is gone" in r.stderr and "taking it over" in r.stderr
        got = pq.read_table(out / "articles.parquet", columns=["path"]).column("path").to_pylist()
        assert got == [a["path"] for a in new["articles"]]  # the run went through
        r = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out),
                            "--workers", "1", "--quiet", "--wait"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and "taking it over" not in r.stderr  # the fresh lock is an ordinary one
    finally:
        os.kill(child, signal.SIGKILL)

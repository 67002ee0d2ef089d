"""Parquet tables in the output folder, written so that a crash never leaves them damaged.

A run writes every table into a staging folder beside the tables, streaming row groups so that
memory stays flat. Commit writes a journal naming each staged file and its destination, then
renames them into place and deletes the journal. A run killed before the journal exists leaves
the previous tables untouched; one killed during the renames is rolled forward by the next
run (or by ``recover``), so readers only ever see whole files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run.schema import TABLES

JOURNAL = "_commit.json"
STAGING_PREFIX = ".staging-"
ROW_GROUP = 2000


def crash_point(name: str) -> None:
    """Test hook: PIPELINE_CRASH_AT=<name> kills the process here (tests/test_crash.py)."""
    if os.environ.get("PIPELINE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def table_path(out: Path, name: str) -> Path:
    return out / f"{name}.parquet"


class TableWriter:
    """Streams rows of one table into a staged Parquet file (zstd) in row groups.

    Rows arrive as dicts (new articles) or as Arrow slices (rows carried over from the previous
    tables); both are buffered in arrival order and written ROW_GROUP rows at a time.
    """

    def __init__(self, path: Path, schema: pa.Schema):
        self.path = path
        self.schema = schema
        self.buffer: list[dict] = []
        self.pieces: list[pa.Table] = []
        self.pending = 0
        self.rows = 0
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")

    def add(self, rows: list[dict]) -> None:
        self.buffer.extend(rows)
        self.pending += len(rows)
        if self.pending >= ROW_GROUP:
            self.flush()

    def add_table(self, table: pa.Table | pa.RecordBatch) -> None:
        if not table.num_rows:
            return
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        self._buffer_to_piece()
        self.pieces.append(table.select(self.schema.names).cast(self.schema))
        self.pending += table.num_rows
        if self.pending >= ROW_GROUP:
            self.flush()

    add_batch = add_table

    def _buffer_to_piece(self) -> None:
        if self.buffer:
            self.pieces.append(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.buffer = []

    def flush(self) -> None:
        self._buffer_to_piece()
        if not self.pieces:
            return
        table = pa.concat_tables(self.pieces) if len(self.pieces) > 1 else self.pieces[0]
        self._writer.write_table(table)
        self.rows += table.num_rows
        self.pieces = []
        self.pending = 0
        del table
        # Arrow's allocator keeps freed row groups for reuse; hand them back so that the parent's
        # memory stays flat over a long run (the workers' share of the peak is fixed at fork)
        pa.default_memory_pool().release_unused()

    def close(self) -> None:
        self.flush()
        self._writer.close()

    def discard(self) -> None:
        """Let go of the file after a failure (a full disk), quietly: the staged file is deleted."""
        try:
            self._writer.close()
        except Exception:
            pass
        self._writer.is_open = False  # else its finaliser tries again and prints a traceback
        self.buffer, self.pieces = [], []


class StagedTables:
    """One writer per contract table, staged in out/.staging-<pid>/ until commit."""

    def __init__(self, out: Path):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.staging = out / f"{STAGING_PREFIX}{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        self.writers = {name: TableWriter(self.staging / f"{name}.parquet", schema) for name, schema in TABLES.items()}

    def add(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            if rows:
                self.writers[name].add(rows)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()

    def commit(self, extra_files: dict[str, Path] | None = None) -> None:
        """Move the staged tables into place (journalled, so a crash rolls forward)."""
        self.close()
        moves = {str(w.path): str(table_path(self.out, name)) for name, w in self.writers.items()}
        for name, path in (extra_files or {}).items():
            moves[str(path)] = str(self.out / name)
        for src in moves:
            _fsync(Path(src))
        crash_point("before-journal")
        journal = self.out / JOURNAL
        tmp = journal.with_suffix(".tmp")
        tmp.write_text(json.dumps(moves, allow_nan=False), encoding="utf-8")
        _fsync(tmp)
        crash_point("journal-tmp")
        os.replace(tmp, journal)
        _fsync_dir(self.out)
        crash_point("after-journal")
        recover(self.out)

    def abort(self) -> None:
        """Drop the staged tables (a failed or interrupted run); the committed tables stand.

        Once the journal names the staged files the commit is decided: they are left for
        ``recover`` to move into place, never deleted under it."""
        journal = self.out / JOURNAL
        if journal.exists():
            try:
                moves = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                moves = {}
            if any(Path(src).parent == self.staging for src in moves):
                return
        for w in self.writers.values():
            w.discard()
        (self.out / f"{JOURNAL[:-5]}.tmp").unlink(missing_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)


def recover(out: Path) -> bool:
    """Finish a commit a crash interrupted; drop staging folders of dead runs. True if it rolled forward."""
    journal = out / JOURNAL
    rolled = False
    if journal.exists():
        try:
            moves = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            moves = {}  # a torn journal means the commit never began: the old tables stand
        for src, dst in moves.items():
            if Path(src).exists():
                os.replace(src, dst)
                rolled = True
                crash_point("mid-rename")
        _fsync_dir(out)
        journal.unlink(missing_ok=True)
    for leftover in out.glob(f"{STAGING_PREFIX}*"):
        pid = leftover.name[len(STAGING_PREFIX):]
        if not (pid.isdigit() and _alive(int(pid))) or int(pid) == os.getpid():
            shutil.rmtree(leftover, ignore_errors=True)
    (out / f"{JOURNAL[:-5]}.tmp").unlink(missing_ok=True)
    return rolled


def ensure_empty_tables(out: Path) -> None:
    """Every contract table exists with its full schema, even before the first run."""
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in TABLES.items():
        path = table_path(out, name)
        if not path.exists():
            tmp = path.with_suffix(".parquet.tmp")
            try:
                pq.write_table(schema.empty_table(), tmp, compression="zstd")
                os.replace(tmp, path)
            except BaseException:
                tmp.unlink(missing_ok=True)  # a full disk leaves no fragment behind
                raise


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

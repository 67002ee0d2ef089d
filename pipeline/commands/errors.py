"""What the commands share when the machine fails them: files written beside and renamed into
place (a reader never sees half of one, a failure leaves the previous one whole), and one line
that names the file and says what to do, instead of a traceback."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _errno(exc: BaseException) -> int | None:
    if isinstance(exc, OSError) and exc.errno:
        return exc.errno
    m = re.search(r"\[Errno (\d+)\]|errno[ =:]+(\d+)", str(exc))  # Arrow's I/O errors quote it
    return int(m.group(1) or m.group(2)) if m else None


def _reason(exc: BaseException) -> str:
    code = _errno(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if code:
        return os.strerror(code)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def write_failure(exc: BaseException, target: Path | str, option: str, intact: str) -> str:
    """One line for a write that failed: where, why, and what to do. `intact` says what was kept."""
    code = _errno(exc)
    where = getattr(exc, "filename", None) or target
    if code in FULL:
        todo = f"free some space there or choose another {option}"
    elif code in DENIED:
        todo = f"it cannot be written; choose another {option}"
    else:
        todo = f"choose another {option} or try again"
    return f"cannot write {where}: {_reason(exc)}; {todo} ({intact})"


def temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def replacing(*paths: Path) -> Iterator[list[Path]]:
    """Temporary files beside `paths`, to write; all renamed into place when the block ends
    well, all deleted when it fails (the files at `paths` are then untouched)."""
    temps = [temp_beside(p) for p in paths]
    try:
        yield temps
        for t in temps:
            with open(t, "rb") as fh:
                os.fsync(fh.fileno())
        for t, p in zip(temps, paths):
            os.replace(t, p)
    except BaseException:
        for t in temps:
            try:
                t.unlink()
            except OSError:
                pass
        raise


def write_replacing(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` beside and rename: the old file or the new one, never half of one."""
    with replacing(path) as (tmp,):
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8", newline="")

"""`make query SQL="…"` passes multi-line SQL with quotes in it through whole (the README's example)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _make(*args: str) -> subprocess.CompletedProcess:
    cksum = subprocess.run("cksum < requirements.lock | cut -d' ' -f1", shell=True, cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    # -o: treat the install stamp as up to date (never pip install from a test); PY: this Python
    return subprocess.run(["make", "--no-print-directory", "-o", f".venv/.installed-{cksum}", f"PY={sys.executable}", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_query_takes_the_readmes_multiline_sql(seed_db_dir):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = re.search(r'^make query SQL="(.*?)"\n', readme, re.S | re.M).group(1)
    assert "\n" in sql and "'" in sql, "the README's example is multi-line with quoted strings"
    done = _make("query", f"OUT={seed_db_dir}", f"SQL={sql}")
    assert done.returncode == 0, done.stderr
    assert "Unterminated" not in done.stderr
    assert "安丘市" in done.stdout and "rows)" in done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_query_without_sql_says_how(seed_db_dir):
    done = _make("query", f"OUT={seed_db_dir}")
    assert done.returncode != 0 and 'make query SQL="select' in done.stderr

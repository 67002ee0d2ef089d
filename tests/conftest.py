"""Shared fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seed_db_dir(tmp_path_factory) -> Path:
    """One real case database built from the seed corpus, shared by the whole session (read-only)."""
    from pipeline.run.runner import extract

    out = tmp_path_factory.mktemp("seed_db")
    extract(ROOT / "corpus", out, workers=1)
    return out

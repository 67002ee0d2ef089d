"""Shared fixtures."""

import shutil
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


@pytest.fixture()
def db(tmp_path) -> tuple[Path, Path]:
    """(corpus, out): a copy of the seed corpus and a database extracted from it, this test's own
    (decisions may be recorded into the corpus and applied to the tables)."""
    from pipeline.run.runner import extract

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(f, corpus / f.name)
    out = tmp_path / "out"
    extract(corpus, out, workers=1)
    return corpus, out

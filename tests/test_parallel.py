"""The tables must not depend on the number of workers: 1 and 2 workers, compared row for row."""

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.quality.bench import build_corpus
from pipeline.run.runner import MAX_ERROR_PATHS, extract
from pipeline.run.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Synthetic articles (every encoding, script, junk and HTML) plus the seeds and two bad files."""
    corpus = tmp_path_factory.mktemp("corpus")
    build_corpus(corpus / "synthetic", 36, seed=3)
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return corpus


def _tables(out: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in TABLES}


def test_one_and_two_workers_give_the_same_tables(small_corpus, tmp_path):
    one = extract(small_corpus, tmp_path / "w1", workers=1)
    two = extract(small_corpus, tmp_path / "w2", workers=2)
    assert one.articles == two.articles == 43
    assert one.errors == two.errors == 2
    a, b = _tables(tmp_path / "w1"), _tables(tmp_path / "w2")
    for name in TABLES:
        assert len(a[name]) == len(b[name]), name
        for i, (ra, rb) in enumerate(zip(a[name], b[name])):
            assert ra == rb, (name, i)
    assert a["figures"] and a["places"], "the corpus should yield figures and places"


def test_error_paths_are_capped():
    assert 0 < MAX_ERROR_PATHS <= 1000

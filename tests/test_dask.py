"""The Dask engine (a LocalCluster of 2 worker processes) writes the same tables as the local one."""

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pytest.importorskip("distributed")

from pipeline.quality.bench import build_corpus  # noqa: E402
from pipeline.run.runner import extract  # noqa: E402
from pipeline.run.schema import TABLES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_dask_local_cluster_matches_the_local_engine(tmp_path):
    corpus = tmp_path / "corpus"
    build_corpus(corpus, 20, seed=5)
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    (corpus / "empty.txt").write_bytes(b"")
    local = extract(corpus, tmp_path / "local", workers=1)
    dask = extract(corpus, tmp_path / "dask", workers=2, engine="dask")
    assert dask.articles == local.articles == 26
    assert dask.errors == local.errors == 1
    for name in TABLES:
        a = pq.read_table(tmp_path / "local" / f"{name}.parquet").to_pylist()
        b = pq.read_table(tmp_path / "dask" / f"{name}.parquet").to_pylist()
        assert a == b, name

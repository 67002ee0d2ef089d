"""Reprints: the same story on several sites gets one cluster id.

MinHash over character 5-grams of the clean text (junk differs between sites, the story does
not), then LSH (datasketch) to find pairs above a Jaccard threshold, then connected components.
The cluster id is the smallest article_id of the component, so it does not depend on the order
or the number of workers. Every article keeps its own rows; queries count a story once by
grouping on cluster_id.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
_NOT_WORD = re.compile(r"[\W_]+")


def signature(text: str) -> np.ndarray | None:
    """MinHash signature of a text, or None when it is too short to compare."""
    body = _NOT_WORD.sub("", text)
    if len(body) < 50:
        return None
    shingles = {body[i:i + SHINGLE].encode("utf-8") for i in range(len(body) - SHINGLE + 1)}
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch(list(shingles))
    return m.hashvalues


def as_minhash(sig: np.ndarray) -> MinHash:
    """A MinHash from a signature made by ``signature`` (datasketch ≥ 2 wants the hashing scheme named)."""
    scheme = getattr(MinHash(num_perm=NUM_PERM, seed=7), "scheme", None)
    if scheme is None:  # datasketch 1.x
        return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=sig)
    return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=sig, scheme=scheme)


def cluster_ids(ids: list[str], signatures: list[np.ndarray | None]) -> dict[str, str]:
    """article_id → cluster id (smallest article_id among its near-duplicates)."""
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for aid, sig in zip(ids, signatures):
        if sig is None:
            continue
        m = as_minhash(sig)
        for other in lsh.query(m):
            ra, rb = find(aid), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        if aid not in lsh:
            lsh.insert(aid, m)
    return {a: find(a) for a in ids}


def assign_clusters(staged) -> None:
    """Rewrite the staged articles table with cluster ids over the whole new database."""
    path = staged.writers["articles"].path
    pf = pq.ParquetFile(path)
    ids: list[str] = []
    sigs: list[np.ndarray | None] = []
    for batch in pf.iter_batches(columns=["article_id", "text", "status"], batch_size=1000):
        for aid, text, status in zip(*(batch.column(c).to_pylist() for c in ("article_id", "text", "status"))):
            ids.append(aid)
            sigs.append(signature(text) if status == "ok" and text else None)
    # The same file twice in the corpus has one id: compare each id once, in sorted order.
    first: dict[str, np.ndarray | None] = {}
    for aid, sig in zip(ids, sigs):
        first.setdefault(aid, sig)
    unique = sorted(first)
    clusters = cluster_ids(unique, [first[a] for a in unique])
    tmp = path.with_name("articles.clustered.parquet")
    writer = pq.ParquetWriter(tmp, pf.schema_arrow, compression="zstd")
    for batch in pf.iter_batches(batch_size=2000):
        table = pa.Table.from_batches([batch])
        col = pa.array([clusters.get(a, a) for a in table.column("article_id").to_pylist()], pa.string())
        table = table.set_column(table.schema.get_field_index("cluster_id"), table.schema.field("cluster_id"), col)
        writer.write_table(table)
    writer.close()
    os.replace(tmp, path)

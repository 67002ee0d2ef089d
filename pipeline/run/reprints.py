"""Reprints: the same story on several sites gets one cluster id.

MinHash over character 5-grams of the clean text (junk differs between sites, the story does
not), then LSH banding to find pairs above a Jaccard threshold, then connected components.
The signature is a one-permutation MinHash (Li, Owen and Zhang 2012) with optimal
densification (Shrivastava 2017): one hash splits into 64 buckets whose minima are the 64
values, in one pass over the sorted shingle hashes, instead of 64 permutations of every shingle
(0.45 → 0.1 ms an article); two signatures agree on a value with probability near the Jaccard.
The bands are datasketch's MinHashLSH scheme (the same bands and rows for the threshold), in a
few lines here: importing datasketch pulls in scipy.integrate, half a second in every process.
The cluster id is the smallest article_id of the component, so it does not depend on the order
or the number of workers. Every article keeps its own rows; queries count a story once by
grouping on cluster_id.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
VERIFY_MARGIN = 0.1
_NOT_WORD = re.compile(r"[\W_]+")


def shingle_hashes(body: str) -> np.ndarray:
    """Sorted 32-bit hashes of the character 5-grams of body (a repeated 5-gram repeats its
    hash: the bucket minima do not care, and numpy's unique costs 25x a sort), computed with numpy.

    datasketch's default hashes each shingle with SHA-1 in Python (5 s per 1,000 articles, in
    the parent process, after the workers are done); a polynomial hash over the code points,
    mixed by the murmur3 finaliser, is stable across processes and 100x faster."""
    cp = np.frombuffer(body.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cp) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(SHINGLE):
        h = h * np.uint64(1_000_003) + cp[j : j + n]  # wraps modulo 2**64, as intended
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return np.sort(h >> np.uint64(32))


assert NUM_PERM & (NUM_PERM - 1) == 0, "the buckets are the top bits of a hash: NUM_PERM must be a power of two"
_BUCKET_BITS = 32 - NUM_PERM.bit_length() + 1  # 64 buckets: the top 6 of 32 bits
_BUCKET_STARTS = np.arange(NUM_PERM, dtype=np.uint64) << np.uint64(_BUCKET_BITS)
_BUCKETS = np.arange(NUM_PERM, dtype=np.uint64)
_LOW = np.uint64((1 << _BUCKET_BITS) - 1)
# For each bucket, a fixed random sequence of donor buckets (the same for every text): an empty
# bucket takes the value of the first non-empty donor, which keeps two texts' agreement on it
# at the Jaccard ("optimal densification"; rotation to the next bucket would correlate them).
# RandomState: its stream is frozen across numpy versions (a parent and workers on two versions
# must draw the same table)
_DONORS = np.random.RandomState(7).randint(0, NUM_PERM, size=(NUM_PERM, 4 * NUM_PERM))


def one_permutation_minhash(hashes: np.ndarray) -> np.ndarray:
    """NUM_PERM values from sorted 32-bit hashes: each bucket's minimum, or for an empty
    bucket its first non-empty donor's."""
    if not len(hashes):
        raise ValueError("no shingle hashes to sign")
    first = np.searchsorted(hashes, _BUCKET_STARTS)
    smallest = hashes[np.minimum(first, len(hashes) - 1)]
    filled = (first < len(hashes)) & ((smallest >> np.uint64(_BUCKET_BITS)) == _BUCKETS)
    values = smallest & _LOW
    if filled.all():
        return values.astype(np.uint32)
    ok = filled[_DONORS]
    donor = _DONORS[np.arange(NUM_PERM), ok.argmax(axis=1)]
    # no donor found in 256 tries (a handful of filled buckets): the next filled one, circularly
    lost = ~ok.any(axis=1)
    if lost.any():
        nonempty = np.flatnonzero(filled)
        donor[lost] = nonempty[np.searchsorted(nonempty, np.flatnonzero(lost)) % len(nonempty)]
    return np.where(filled, values, values[donor]).astype(np.uint32)  # 26-bit values: 256 bytes a text


def signature(text: str) -> np.ndarray | None:
    """MinHash signature of a text, or None when it is too short to compare."""
    body = _NOT_WORD.sub("", text)
    if len(body) < 50:
        return None
    return one_permutation_minhash(shingle_hashes(body))


def _values(sig: np.ndarray | bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype=np.uint32) if isinstance(sig, bytes) else sig


@lru_cache(maxsize=None)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimising the false-positive area below the threshold plus the
    false-negative area above it, of the S-curve 1 - (1 - s**r)**b: datasketch's choice."""
    s = np.linspace(0.0, 1.0, 2_001)
    below, above = s <= threshold, s >= threshold
    best, choice = float("inf"), (1, 1)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            p = 1.0 - (1.0 - s**r) ** b
            error = np.trapezoid(p[below], s[below]) + np.trapezoid(1.0 - p[above], s[above])
            if error < best - 1e-12:
                best, choice = error, (b, r)
    return choice


class BandIndex:
    """LSH over signatures: each is cut into bands of rows; signatures that agree on a whole
    band are proposed as a pair (a pair with Jaccard s shares a band with probability
    1 - (1 - s**rows)**bands, near 0 below the threshold and near 1 above it)."""

    def __init__(self, threshold: float = THRESHOLD):
        self.bands, self.rows = lsh_bands(threshold, NUM_PERM)
        # band → hash of its values → keys; a hash collision only proposes a pair to check
        self.tables: list[dict[int, list[str]]] = [{} for _ in range(self.bands)]
        self.signatures: dict[str, np.ndarray | bytes] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.signatures

    def _keys(self, sig: np.ndarray | bytes) -> list[int]:
        values, r = _values(sig), self.rows
        return [hash(values[i * r : (i + 1) * r].tobytes()) for i in range(self.bands)]

    def insert(self, key: str, sig: np.ndarray | bytes) -> None:
        if key in self.signatures:
            return
        for table, band in zip(self.tables, self._keys(sig)):
            table.setdefault(band, []).append(key)
        self.signatures[key] = sig

    def query(self, sig: np.ndarray | bytes) -> list[str]:
        """Keys sharing at least one band with sig, sorted."""
        return sorted({k for table, band in zip(self.tables, self._keys(sig)) for k in table.get(band, ())})

    def similarity(self, key: str, sig: np.ndarray | bytes) -> float:
        """The share of values on which a stored signature and sig agree (≈ their Jaccard)."""
        return float((_values(self.signatures[key]) == _values(sig)).mean())


def cluster_ids(ids: list[str], signatures: list[np.ndarray | bytes | None]) -> dict[str, str]:
    """article_id → cluster id (smallest article_id among its near-duplicates)."""
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    index = BandIndex(THRESHOLD)
    for aid, sig in zip(ids, signatures):
        if sig is None or aid in index:
            continue
        for other in index.query(sig):
            # LSH proposes pairs that share one band; the share of agreeing values estimates
            # their Jaccard: below the threshold (less a margin for the estimate's spread,
            # about 0.05 with 64 values), they are two stories that reuse some sentences
            if index.similarity(other, sig) < THRESHOLD - VERIFY_MARGIN:
                continue
            ra, rb = find(aid), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        index.insert(aid, sig)
    return {a: find(a) for a in ids}


def assign_clusters(staged, known: dict[str, np.ndarray | bytes | None] | None = None) -> None:
    """Rewrite the staged articles table with cluster ids over the whole new database.

    ``known`` holds the signatures the workers made for the articles of this run; the others
    (articles an incremental run carried over) are signed here from their text."""
    known = known or {}
    path = staged.writers["articles"].path
    pf = pq.ParquetFile(path)
    ids: list[str] = []
    sigs: list[np.ndarray | bytes | None] = []
    for batch in pf.iter_batches(columns=["article_id", "status"], batch_size=4000):
        ids.extend(batch.column("article_id").to_pylist())
    missing = {a for a in ids if a not in known}
    if missing:
        for batch in pf.iter_batches(columns=["article_id", "text", "status"], batch_size=1000):
            for aid, text, status in zip(*(batch.column(c).to_pylist() for c in ("article_id", "text", "status"))):
                if aid in missing and aid not in known:
                    known[aid] = signature(text) if status == "ok" and text else None
    sigs = [known[a] for a in ids]
    # The same file twice in the corpus has one id: compare each id once, in sorted order.
    first: dict[str, np.ndarray | bytes | None] = {}
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

"""Add articles to the corpus: copy files under stable names, keep given metadata, spot repeats.

``add_to_corpus`` copies article files (or every article file below a folder) into the corpus.
A file keeps its name; when that name is taken by different content, a short hash of the new
content is added (``a.html`` → ``a-1f2e3d4c.html``), so names never change once given. Metadata a
person gives (URL, source, date, title) goes beside the article as ``<name>.meta.json``, which the
runner reads and prefers to what it guesses.

It also says when an article is already there: the same bytes anywhere in the corpus are
skipped (naming the file that has them); a near-duplicate (the same story reprinted by another
site, with different junk around it) is copied but reported with its likely original, found by
the MinHash signatures of ``pipeline.run.reprints`` over the clean text. The clean texts of the
existing corpus come from the articles table of the output folder where it is up to date, and
are computed for the other files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pipeline.run.runner import ARTICLE_SUFFIXES, META_SUFFIX, file_sha256, list_corpus

ADDED, DUPLICATE, REPRINT, IGNORED, FAILED = "added", "duplicate", "reprint", "ignored", "failed"


@dataclass
class AddResult:
    source: str  # the file as given
    status: str  # added / duplicate / reprint (added, but a near-duplicate) / ignored / failed
    dest: str | None = None  # path relative to the corpus (the new file, or for a duplicate the existing one)
    original: str | None = None  # reprint: the corpus file it most resembles
    similarity: float | None = None  # reprint: estimated Jaccard similarity of the clean texts
    note: str | None = None  # a warning or the reason for ignored/failed

    def line(self) -> str:
        if self.status == ADDED:
            text = f"added     {self.source} → {self.dest}"
        elif self.status == REPRINT:
            text = (f"added     {self.source} → {self.dest}  (likely a reprint of {self.original},"
                    f" {self.similarity:.0%} similar)")
        elif self.status == DUPLICATE:
            text = f"skipped   {self.source}: already in the corpus as {self.dest} (same bytes)"
        elif self.status == IGNORED:
            text = f"ignored   {self.source}: {self.note}"
        else:
            text = f"failed    {self.source}: {self.note}"
        if self.note and self.status in (ADDED, REPRINT, DUPLICATE):
            text += f"\n          note: {self.note}"
        return text


def given_metadata(url: str | None = None, source: str | None = None, date: str | None = None,
                   title: str | None = None) -> dict[str, str]:
    """The sidecar's content (keys as the runner reads them), empty values dropped."""
    if date and date.strip():
        from pipeline.stages.dates import normalise_date

        date = date.strip()
        fixed = normalise_date(date) or (date if re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", date) else None)
        if not fixed:
            raise ValueError(f"--date {date!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM)")
        date = fixed
    meta = {"url": url, "source": source, "published": date, "title": title}
    return {k: v.strip() for k, v in meta.items() if v and v.strip()}


def collect_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[AddResult]]:
    """(file, name relative to the corpus) for every article file in ``paths``; folders keep their tree."""
    found: list[tuple[Path, Path]] = []
    problems: list[AddResult] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith(".") or name.endswith(META_SUFFIX):
                        continue
                    if f.suffix.lower() not in ARTICLE_SUFFIXES:
                        continue
                    if not f.is_file():
                        problems.append(AddResult(str(f), IGNORED, note="not a regular file (broken link, pipe or device)"))
                        continue
                    found.append((f, Path(p.resolve().name) / f.relative_to(p)))
        elif p.is_file():
            if p.suffix.lower() not in ARTICLE_SUFFIXES:
                problems.append(AddResult(str(p), IGNORED, note=(
                    f"not an article file (only {', '.join(sorted(ARTICLE_SUFFIXES))} are read)")))
                continue
            found.append((p, Path(p.name)))
        elif p.exists() or p.is_symlink():
            problems.append(AddResult(str(p), IGNORED, note="not a regular file or folder (broken link, pipe or device)"))
        else:
            problems.append(AddResult(str(p), FAILED, note="no such file or folder"))
    return found, problems


class CorpusIndex:
    """What is in the corpus: file sizes (for exact duplicates) and text signatures (for reprints)."""

    def __init__(self, corpus: Path, out: Path | None = None):
        from pipeline.run.reprints import THRESHOLD, BandIndex

        self.corpus = corpus
        self.out = out
        self.by_size: dict[int, list[str]] = {}
        self.sha: dict[str, str] = {}
        self.lsh = BandIndex(threshold=max(0.3, THRESHOLD - 0.2))
        self.paths = list_corpus(corpus) if corpus.is_dir() else []
        for rel in self.paths:
            try:
                size = (corpus / rel).stat().st_size
            except OSError:
                continue
            self.by_size.setdefault(size, []).append(rel)
        self._texts_loaded = False

    # -- exact duplicates: compare sizes first, hash only files of the same size
    def same_bytes(self, data: bytes) -> str | None:
        digest = hashlib.sha256(data).hexdigest()
        for rel in self.by_size.get(len(data), []):
            if rel not in self.sha:
                try:
                    self.sha[rel] = file_sha256(self.corpus / rel)
                except OSError:
                    self.sha[rel] = ""
            if self.sha[rel] == digest:
                return rel
        return None

    # -- near-duplicates
    def _load_texts(self) -> None:
        if self._texts_loaded:
            return
        self._texts_loaded = True
        from pipeline.run.reprints import signature

        known = self._texts_from_table()
        for rel in self.paths:
            text = known.get(rel)
            if text is None:
                text = clean_text_of(self.corpus / rel, rel)
            if text:
                self._insert(rel, signature(text))

    def _texts_from_table(self) -> dict[str, str]:
        """path → clean text from outputs/articles.parquet, for files unchanged since it was built."""
        if self.out is None:
            return {}
        table = self.out / "articles.parquet"
        if not table.exists():
            return {}
        try:
            import pyarrow.parquet as pq

            t = pq.read_table(table, columns=["path", "sha256", "status", "text"])
        except Exception:
            return {}
        texts = {}
        cols = (t.column(c).to_pylist() for c in ("path", "sha256", "status", "text"))
        for path, sha, status, text in zip(*cols):
            if path not in self.by_size_paths() or not sha:
                continue
            if path not in self.sha:
                try:
                    self.sha[path] = file_sha256(self.corpus / path)
                except OSError:
                    continue
            if self.sha[path] == sha:
                texts[path] = text if status == "ok" else ""
        return texts

    def by_size_paths(self) -> set[str]:
        if not hasattr(self, "_pathset"):
            self._pathset = set(self.paths)
        return self._pathset

    def _insert(self, rel: str, sig) -> None:
        if sig is not None:
            self.lsh.insert(rel, sig)

    def likely_original(self, text: str) -> tuple[str | None, float | None]:
        """The corpus file whose clean text is most like ``text`` (Jaccard ≥ the reprint threshold)."""
        from pipeline.run.reprints import THRESHOLD, signature

        self._load_texts()
        sig = signature(text)
        if sig is None:
            return None, None
        best, best_j = None, 0.0
        for rel in self.lsh.query(sig):
            j = self.lsh.similarity(rel, sig)
            if j > best_j:
                best, best_j = rel, j
        if best is None or best_j < THRESHOLD:
            return None, None
        return best, best_j

    def add(self, rel: str, data: bytes, text: str | None) -> None:
        self.by_size.setdefault(len(data), []).append(rel)
        self.sha[rel] = hashlib.sha256(data).hexdigest()
        self.paths.append(rel)
        self.by_size_paths().add(rel)
        if text and self._texts_loaded:
            from pipeline.run.reprints import signature

            self._insert(rel, signature(text))


def clean_text_of(path: Path, rel: str, data: bytes | None = None, given: dict | None = None) -> str | None:
    """The clean text the pipeline would extract from a file, or None when it cannot be read."""
    from pipeline.stages import article as stages
    try:
        if data is None:
            if path.stat().st_size > stages.Options().max_bytes:
                return None
            data = path.read_bytes()
        return stages.read_article(rel, data, given or {}, stages.Options())["text"]
    except Exception:  # an unreadable article is simply not compared
        return None


def _free_name(corpus: Path, rel: Path, data: bytes) -> tuple[Path, bool]:
    """(name to use, True if that name already holds exactly these bytes)."""
    dest = corpus / rel
    if not dest.exists() and not dest.is_symlink():
        return rel, False
    if dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data:
        return rel, True
    name = rel.name
    for suffix_len in (8, 12, 16, 64):
        digest = hashlib.sha256(data).hexdigest()[:suffix_len]
        stem, ext = (name[: -len(rel.suffix)], rel.suffix) if rel.suffix else (name, "")
        alt = rel.with_name(f"{stem}-{digest}{ext}")
        target = corpus / alt
        if not target.exists() and not target.is_symlink():
            return alt, False
        if target.is_file() and target.read_bytes() == data:
            return alt, True
    raise FileExistsError(f"no free name for {rel} in {corpus}")


def add_to_corpus(
    paths: Iterable[Path | str],
    corpus: Path | str = "corpus",
    *,
    url: str | None = None,
    source: str | None = None,
    date: str | None = None,
    title: str | None = None,
    out: Path | str | None = "outputs",
    check_reprints: bool = True,
    max_bytes: int | None = None,
) -> list[AddResult]:
    """Copy article files into the corpus; one AddResult a file, in the order given."""
    from pipeline.stages import article as stages
    corpus = Path(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    meta = given_metadata(url, source, date, title)
    files, results = collect_files(Path(p) for p in paths)
    if len(files) > 1 and (meta.get("url") or meta.get("title")):
        raise ValueError("--url and --title describe one article; give them with a single file"
                         " (--source and --date may go with many)")
    max_bytes = max_bytes or stages.Options().max_bytes
    index = CorpusIndex(corpus, Path(out) if out else None)
    for src, rel in files:
        try:
            size = src.stat().st_size
            if size > max_bytes:
                results.append(AddResult(str(src), FAILED, note=(
                    f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article")))
                continue
            data = src.read_bytes()
        except OSError as exc:
            results.append(AddResult(str(src), FAILED, note=f"cannot read it: {exc.strerror or exc}"))
            continue
        existing = index.same_bytes(data)
        if existing is not None:
            note = _update_metadata(corpus / existing, meta)
            results.append(AddResult(str(src), DUPLICATE, dest=existing, note=note))
            continue
        dest_rel, same = _free_name(corpus, rel, data)
        if same:  # cannot happen after same_bytes, but a file may appear meanwhile
            results.append(AddResult(str(src), DUPLICATE, dest=dest_rel.as_posix()))
            continue
        text, note = None, None
        try:
            if not check_reprints:
                raise _Skip
            text = stages.read_article(dest_rel.as_posix(), data, meta, stages.Options(max_bytes=max_bytes))["text"]
        except _Skip:
            pass
        except Exception as exc:  # still copied: extract will make it an error row that says why
            note = f"it cannot be read as an article ({exc}); extract will record it as an error row"
        original, similarity = (None, None)
        if check_reprints and text:
            original, similarity = index.likely_original(text)
        dest = corpus / dest_rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.adding")
        tmp.write_bytes(data)
        shutil.copystat(src, tmp, follow_symlinks=True)
        if meta:
            _write_meta(dest, meta)
        os.replace(tmp, dest)
        index.add(dest_rel.as_posix(), data, text)
        status = REPRINT if original else ADDED
        results.append(AddResult(str(src), status, dest=dest_rel.as_posix(), original=original,
                                 similarity=similarity, note=note))
    return results


class _Skip(Exception):
    pass


def _write_meta(dest: Path, meta: dict[str, str]) -> None:
    side = dest.with_name(dest.name + META_SUFFIX)
    tmp = side.with_name(f".{side.name}.adding")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    os.replace(tmp, side)


def _update_metadata(dest: Path, meta: dict[str, str]) -> str | None:
    """For an article already there: add newly given metadata to its sidecar, never overwrite it."""
    if not meta:
        return None
    side = dest.with_name(dest.name + META_SUFFIX)
    try:
        old = json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}
        if not isinstance(old, dict):
            old = {}
    except (OSError, ValueError):
        old = {}
    added = {k: v for k, v in meta.items() if not old.get(k)}
    clashes = sorted(k for k, v in meta.items() if old.get(k) and old[k] != v)
    notes = []
    if added:
        _write_meta(dest, {**old, **added})
        notes.append(f"added {', '.join(sorted(added))} to {side.name}")
    if clashes:
        notes.append(f"kept its own {', '.join(clashes)} in {side.name} (edit that file to change them)")
    return "; ".join(notes) or None

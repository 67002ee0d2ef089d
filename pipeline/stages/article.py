"""The per-article cascade: bytes in, table rows out. A pure function of one article.

ingest → decode → (page → body and metadata) → script → clean → extract (spaCy) → rows.
It never raises for bad input: an article that cannot be read becomes an error row whose
message says why, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pipeline.stages.decode import InputError, declared_charset, decode_bytes, is_mime
from pipeline.stages.script import normalise_script, to_simplified
from pipeline.stages.text_clean import clean_text

PIPELINE_VERSION = "1.1.0"  # 1.1.0: a page saved as MHTML is read as its HTML part (format mhtml)
# The stages before the extractors whose output shapes rows; each module has NAME and VERSION.
CLEANERS = ("pipeline.stages.text_clean", "pipeline.stages.html_clean", "pipeline.stages.metadata")
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}  # pages saved as one MIME multipart file
TEXT_SUFFIXES = {".txt"}


@dataclass
class Options:
    max_bytes: int = 20_000_000  # larger files are rejected: no news article is that big
    config: str | None = None  # extractors/config.cfg by default
    fingerprint: str = PIPELINE_VERSION  # stages + extractor versions + config; set by the runner
    timings: dict[str, float] | None = None  # seconds per step, summed; only the benchmark asks


def cleaner_versions() -> list[str]:
    """NAME@VERSION of every cleaner, read now (a bumped VERSION changes the fingerprint)."""
    import importlib

    from extractors.component import module_id

    return [module_id(importlib.import_module(m)) for m in CLEANERS]


def _lap(timings: dict[str, float] | None, key: str, t0: float) -> float:
    """Add the time since t0 to timings[key]; free (no clock read) when nobody asked."""
    if timings is None:
        return 0.0
    now = time.perf_counter()
    timings[key] = timings.get(key, 0.0) + now - t0
    return now


@dataclass
class ArticleRows:
    """The rows one article contributes to each table."""

    articles: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    alliances: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        return {
            "articles": self.articles,
            "places": self.places,
            "alliances": self.alliances,
            "figures": self.figures,
            "cases": self.cases,
        }


def article_id_for(data: bytes) -> tuple[str, str]:
    digest = hashlib.sha256(data).hexdigest()
    return digest[:16], digest


def page_format(path: str, data: bytes) -> str:
    """mhtml (a MIME multipart file: its HTML part is the page), html or text, by the bytes first:
    a saved .mhtml whose HTML part is base64 shows no markup, and one named .html is still MIME."""
    if is_mime(data):
        return "mhtml"
    return "html" if looks_like_html(path, data) else "text"


def looks_like_html(path: str, data: bytes) -> bool:
    if PurePosixPath(path).suffix.lower() in HTML_SUFFIXES:
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _base_row(path: str, data: bytes, given: dict[str, Any], digest: str | None = None) -> dict:
    article_id, digest = (digest[:16], digest) if digest else article_id_for(data)
    return {
        "article_id": article_id,
        "path": path,
        "title": None,
        "title_from": None,
        "source": None,
        "source_from": None,
        "published": None,
        "published_from": None,
        "url": given.get("url"),
        "script": None,
        "encoding": None,
        "format": page_format(path, data),
        "text": "",
        "chars": 0,
        "status": "ok",
        "error": None,
        "warnings": None,
        "cluster_id": article_id,
        "sha256": digest,
        "pipeline_version": PIPELINE_VERSION,
    }


def _apply_metadata(row: dict, meta: Any, given: dict[str, Any]) -> None:
    """Metadata given with the article beats metadata guessed from it."""
    for key in ("title", "source", "published"):
        value = getattr(meta, key, None)
        if value and row["script"] != "simplified":
            value = to_simplified(value)
        row[key] = value
        row[f"{key}_from"] = getattr(meta, f"{key}_from", None) if value else None
        if given.get(key):
            row[key] = given[key]
            row[f"{key}_from"] = "given"


def read_article(path: str, data: bytes, given: dict[str, Any], options: Options) -> dict:
    """Decode and clean one file into an articles row (status ok, or error with a message)."""
    row = _base_row(path, data, given)
    if len(data) > options.max_bytes:
        raise InputError(
            f"the file is {len(data) / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit"
            " for one article (raise it with --max-mb)"
        )
    tm = options.timings
    t0 = time.perf_counter() if tm is not None else 0.0
    if row["format"] in ("html", "mhtml"):
        from pipeline.stages.html_clean import clean_html

        # an MHTML file is decoded as its HTML part (decode_bytes finds it and its charset)
        decoded = decode_bytes(data, None if row["format"] == "mhtml" else declared_charset(data))
        t0 = _lap(tm, "decode", t0)
        page = clean_html(decoded.text, url=given.get("url"))
        body, meta = page.text, page
        t0 = _lap(tm, "clean html", t0)
    else:
        from pipeline.stages.metadata import text_metadata

        decoded = decode_bytes(data)
        body, meta = decoded.text, None
        t0 = _lap(tm, "decode", t0)
    row["encoding"] = decoded.encoding
    script, simplified = normalise_script(body)
    row["script"] = script
    t0 = _lap(tm, "script", t0)
    if meta is None:
        meta = text_metadata(simplified)
    _apply_metadata(row, meta, given)
    t0 = _lap(tm, "metadata", t0)
    text = clean_text(simplified)
    _lap(tm, "clean text", t0)
    if not text.strip():
        raise InputError("no article text is left once markup and web junk are removed (an empty or all-junk page)")
    row["text"] = text
    row["chars"] = len(text)
    return row


def error_row(path: str, data: bytes, given: dict[str, Any], message: str, digest: str | None = None) -> dict:
    """An articles row for a file that could not be read, with a message a researcher understands."""
    row = _base_row(path, data, given, digest)
    row["status"] = "error"
    row["error"] = message
    return row


def process_article(path: str, data: bytes, given: dict[str, Any] | None = None, options: Options | None = None) -> ArticleRows:
    """All rows for one article. Never raises: failures become an error row."""
    given = given or {}
    options = options or Options()
    try:
        row = read_article(path, data, given, options)
    except InputError as exc:
        return ArticleRows(articles=[error_row(path, data, given, str(exc))])
    except Exception as exc:  # a bug must not stop the batch; the row says what happened
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return ArticleRows(articles=[error_row(path, data, given, f"internal error while reading: {detail}")])
    try:
        from pipeline.stages.rows import extract_rows

        rows = extract_rows(row, options.config)
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        row["status"] = "error"
        row["error"] = f"internal error while extracting: {detail}"
        return ArticleRows(articles=[row])
    rows.articles = [row]
    return rows

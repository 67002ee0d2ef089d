"""Title, source and publication date of a plain-text article, read from its raw lines.

It runs on the simplified text before junk lines are dropped, because the dateline and the
来源 line are exactly the lines cleaning removes. Saved web pages get their metadata from the
page itself (pipeline/html_clean.py); both record which field each value came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.dates import normalise_date
from pipeline.text_clean import is_junk_line, normalise_whitespace, strip_markup

NAME, VERSION = "metadata", "1.0.0"

_SOURCE_LINE = re.compile(r"(?:来源|稿源|来自)\s*[:：]\s*([^\s|丨｜,，;；]{2,30})")
# A publisher is a name ending in a media noun.
_MEDIA = r"(?:日报|晚报|早报|商报|时报|报|新闻网|网|新闻|在线|频道|客户端|平台|融媒体中心|电视台|广播电视台|杂志|周刊|号)"
_PUBLISHER = re.compile(rf"[\u4e00-\u9fffA-Za-z]{{2,14}}?{_MEDIA}")
_REPORTED_BY = re.compile(rf"《([\u4e00-\u9fff]{{2,14}}{_MEDIA})》(?:\d+月\d+日)?(?:刊发|报道|发表|刊登|头版|版)")
_EDITOR_NOTE = re.compile(r"^(?:编者按|按)\s*[:：]")
_DATE_FIELD = re.compile(r"(?:发布时间|发布日期|发表时间|时间|日期)\s*[:：]\s*(\S+(?:\s\d{1,2}:\d{2})?)")
_DATE_ANY = re.compile(r"(?:19|20)\d{2}\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?")
_SENTENCE_END = re.compile(r"[。！？!?]$|[。！？]")


@dataclass
class TextMetadata:
    title: str | None = None
    title_from: str | None = None
    source: str | None = None
    source_from: str | None = None
    published: str | None = None
    published_from: str | None = None


def _is_title_like(line: str) -> bool:
    return 4 <= len(line) <= 50 and not _SENTENCE_END.search(line) and not is_junk_line(line)


def find_title(lines: list[str]) -> str | None:
    """The first short, unpunctuated line before the first body paragraph."""
    for line in lines[:15]:
        if not line or is_junk_line(line) or _DATE_FIELD.search(line) or _SOURCE_LINE.search(line):
            continue
        if len(line) > 50 or _SENTENCE_END.search(line):
            return None  # the body began before any headline
        if _is_title_like(line):
            return line
    return None


def find_source(lines: list[str]) -> tuple[str | None, str | None]:
    for line in lines:
        m = _SOURCE_LINE.search(line)
        if m and len(line) < 120:
            return m.group(1), "来源 line"
    for line in lines[:5]:
        m = _REPORTED_BY.search(line)
        if m:
            return m.group(1), "lead (《…》报道)"
        if _EDITOR_NOTE.match(line):
            m = _PUBLISHER.search(line[:80])
            if m:
                return m.group(0), "editor's note"
    # A lone publication name closing the article (a newspaper's e-paper page).
    for line in reversed([x for x in lines if x][-3:]):
        if len(line) <= 12 and re.fullmatch(rf"[\u4e00-\u9fff]{{2,10}}{_MEDIA}", line):
            return line, "closing line"
    return None, None


def find_published(lines: list[str]) -> tuple[str | None, str | None]:
    for line in lines:
        m = _DATE_FIELD.search(line)
        if m and len(line) < 120:
            date = normalise_date(m.group(1))
            if date:
                return date, "发布时间 line"
    for line in lines[:12]:
        # A dateline: a date standing (almost) alone near the top.
        m = _DATE_ANY.search(line)
        if m and len(line) - len(m.group(0)) <= 8:
            date = normalise_date(m.group(0))
            if date:
                return date, "dateline"
    return None, None


def text_metadata(text: str) -> TextMetadata:
    """Metadata of a plain-text article from its simplified raw text."""
    lines = [line for line in normalise_whitespace(strip_markup(text)) if line]
    meta = TextMetadata()
    meta.title = find_title(lines)
    meta.title_from = "first line" if meta.title else None
    meta.source, meta.source_from = find_source(lines)
    meta.published, meta.published_from = find_published(lines)
    return meta

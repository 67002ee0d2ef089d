"""Title, source and publication date of a plain-text article, read from its raw lines.

It runs on the simplified text before junk lines are dropped, because the dateline and the
来源 line are exactly the lines cleaning removes. Saved web pages get their metadata from the
page itself (pipeline/stages/html_clean.py); both record which field each value came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.stages.dates import normalise_date
from pipeline.stages.source_line import SOURCE_LINE, clean_source
from pipeline.stages.repair import repair
from pipeline.stages.text_clean import (
    context_junk,
    dateline_publication,
    find_watermarks,
    is_byline,
    is_dateline,
    is_junk_line,
    is_site_header,
    _RELATED_HEADER,
    normalise_whitespace,
    related_lines,
    strip_markup,
)

NAME, VERSION = "metadata", "1.6.3"

# A publisher is a name ending in a media noun.
_MEDIA = r"(?:日报|晚报|早报|商报|时报|报|新闻网|网|新闻|在线|频道|客户端|平台|融媒体中心|电视台|广播电视台|杂志|周刊|号)"
_PUBLISHER = re.compile(rf"[\u4e00-\u9fffA-Za-z]{{2,14}}?{_MEDIA}")
_REPORTED_BY = re.compile(rf"《([\u4e00-\u9fff]{{2,14}}{_MEDIA})》(?:\d+月\d+日)?(?:刊发|报道|发表|刊登|头版|版)")
# A print credit: 《 人民日报 》（ 2025年06月30日 第 11 版）, 《某某日报》(2024年5月1日 04版).
_PRINT_CREDIT = re.compile(
    rf"《\s*([\u4e00-\u9fff]{{2,14}}{_MEDIA})\s*》\s*[（(]\s*(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
    r"\s*(?:第\s*)?[A-Z]?\d{1,3}\s*版\s*[)）]"
)
_EDITOR_NOTE = re.compile(r"^(?:编者按|编者的话|编前语|按)\s*[:：]")
_DATE_FIELD = re.compile(r"(?:发布时间|发布日期|发表时间|时间|日期)\s*[:：]\s*(\S+(?:\s\d{1,2}:\d{2})?)")
_DATE_ANY = re.compile(r"(?:19|20)\d{2}\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?")
_HEAD_PUNCT = re.compile(r"[。！？，,；;]")
# An e-paper's page header: publication, date, page (A05版 / 第3版), section. Not a headline; it
# names the publisher.
_PAGE_HEADER = re.compile(rf"^([\u4e00-\u9fffA-Za-z]{{2,14}}?{_MEDIA})\s*[^。！？，]{{0,24}}?(?:第\s*)?[A-Z]?\d{{1,3}}\s*版")
_SENTENCE_END = re.compile(r"[。！？!?]$|[。！？]")
# A news lead naming its paper or agency: 【某某报讯】, 某某日报讯, 新华社北京5月1日电, 某某网福州4月20日电.
_NEWS_LEAD = re.compile(
    r"^\s*[【\[（(]?\s*(?!本|据)([\u4e00-\u9fff]{2,10}?(?:日报|晚报|早报|商报|时报|报|社|网))"
    # the site and its app (某某新闻网·某某客户端讯)
    r"(?:[·•][\u4e00-\u9fffA-Za-z]{2,12})?"
    r"(?:讯|[\u4e00-\u9fff]{2,6}\d{1,2}月\d{1,2}日(?:电|讯|消息))"
)
# The paper's own lead (本报讯) names no paper: the one the page's head names is meant.
_OWN_LEAD = re.compile(r"^\s*[【\[（(]?\s*本报讯")
_HEAD_PAPER = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|商报|时报|都市报)")
# A byline naming its publisher: 某某网记者 某某 某地报道 / 文/《某某》全媒体记者 某某.
_PUBLISHER_BYLINE = re.compile(
    rf"(?:^|[^\u4e00-\u9fff])(?!本)([\u4e00-\u9fff]{{1,12}}?{_MEDIA})(?:[·、][\u4e00-\u9fff]{{1,12}}?{_MEDIA})*"
    r"[\u4e00-\u9fff]{0,6}?\s*(?:记者|通讯员)\s*"
    r"[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*(?:\s*[\u4e00-\u9fff]{2,6}报道)?\s*$"
)
_QUOTED_BYLINE = re.compile(r"^(?:文|撰文|文/图|图/文)?\s*[/／|｜]?\s*《([\u4e00-\u9fffA-Za-z]{2,16})》[\u4e00-\u9fff]{0,6}?(?:记者|通讯员|编辑)")
# A masthead's publisher credit: 某某时报社出版 / 某某日报社主办.
_MASTHEAD = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:日报|晚报|早报|商报|时报|报))社(?:出版|主办|编辑出版)")
# a byline of reporters (人民日报记者 某某): meta, not a headline
_BYLINE_LOOSE = re.compile(
    r"^[\u4e00-\u9fff《》、·]{0,30}?(?:记者|通讯员|实习生)\s*[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*"
    r"(?:\s*[\u4e00-\u9fff]{2,6}报道)?$"
)
# a bracketed note standing as a line: (作者为…) / （资料图片）
_NOTE = re.compile(r"^[(（][^()（）]*[)）]$")
# 原标题：… wraps the headline the page replaced
_ORIGINAL_TITLE = re.compile(r"^[(（【\[]?\s*原标题\s*[:：]\s*(.+?)\s*[)）】\]]?$")


@dataclass
class TextMetadata:
    title: str | None = None
    title_from: str | None = None
    source: str | None = None
    source_from: str | None = None
    published: str | None = None
    published_from: str | None = None


def _is_title_like(line: str) -> bool:
    # is_junk_line also passes over a journal's author and issue lines
    return 4 <= len(line) <= 50 and not _SENTENCE_END.search(line) and not is_junk_line(line) \
        and not _NOT_A_HEADLINE.search(line) and not _EDITOR_NOTE.match(line)


# Lines of a head that are never its headline: a journal citation (某刊 Issue(3):106-114, 第12卷第3期),
# an organ that signs the piece (中共某区委组织部), a line cut mid-phrase (…、)
_NOT_A_HEADLINE = re.compile(
    r"Issue\s*\(|\(\d+\)\s*[:：]\s*\d+\s*[-–—]\s*\d+|第\s*\d+\s*卷"
    r"|^(?:中共)?[\u4e00-\u9fff]{2,16}(?:委组织部|委宣传部|组织部|宣传部|统战部)$|[、，,：:“（(]$"
)


# a form's label before the headline (标题：某县…)
_TITLE_LABEL = re.compile(r"^\s*(?:标题|题目|主题)\s*[:：]\s*")
# A subtitle (——记某某村) or a line that is only a publication or site name: never the headline.
_SUBTITLE = re.compile(r"^(?:—|－|-){1,2}")
_PUBLICATION = re.compile(rf"^[\u4e00-\u9fffA-Za-z]{{2,14}}{_MEDIA}$")


def _is_meta(line: str) -> bool:
    """A dateline, 来源 line or byline: what follows a headline in a news page's head."""
    return bool(_DATE_FIELD.search(line) or SOURCE_LINE.search(line) or is_dateline(line) or is_byline(line)
                or len(line) <= 40 and _BYLINE_LOOSE.match(line))


def _head(lines: list[str]) -> list[int]:
    """Indexes of the lines before the first body paragraph (at most the first 15 lines)."""
    out = []
    for i, line in enumerate(lines[:15]):
        if line and not is_junk_line(line) and not _is_meta(line) and (len(line) > 50 or _SENTENCE_END.search(line)):
            break
        out.append(i)
    return out


def find_title(lines: list[str]) -> str | None:
    """The headline: the short, unpunctuated line nearest above the dateline / 来源 line, or the
    first such line when the head has no dateline above its first one; None when the body begins
    before any headline. Site names (XX县人民政府门户网站), menus and subtitles are passed over;
    so are lists of other headlines (an e-paper page's contents). A headline the page repeats
    (in such a list, or glued to the next line) is preferred over a kicker above it."""
    every = lines
    skip = context_junk(lines[:40], foot=False)  # the head is near the top: lists above it
    if skip:
        lines = [x for i, x in enumerate(lines) if i not in skip]
    head = _head(lines)
    candidates = [
        i for i in head
        if _is_title_like(lines[i]) and not _is_meta(lines[i]) and not is_site_header(lines[i])
        and not _SUBTITLE.match(lines[i]) and not _PAGE_HEADER.match(lines[i])
        and not _NEWS_LEAD.match(lines[i])  # 新华社西宁3月2日电（记者…）…: the lead, body text
        and not (_NOTE.match(lines[i]) and not _ORIGINAL_TITLE.match(lines[i]))  # (作者为…)
    ]
    if not candidates:
        return None
    # A bare publication name (大众日报) is a headline only when nothing else is.
    named = [i for i in candidates if not _PUBLICATION.match(lines[i])]
    candidates = named or candidates
    # A social account's name standing above its post (某某组工 / 某某发布) is repeated in the
    # post's dateline (作者 某某组工 2024年3月28日 17:30 江苏): it is not the headline.
    metas = [lines[i] for i in head if _is_meta(lines[i])]
    named = [i for i in candidates if not (len(lines[i]) <= 16 and any(lines[i] in m and m != lines[i] for m in metas))]
    candidates = named or candidates
    meta = next((i for i in head if _is_meta(lines[i])), None)
    chosen = candidates[0]
    if meta is not None:
        above = [i for i in candidates if i < meta]
        if above:
            chosen = above[-1]
    if len(candidates) > 1:
        repeated = [i for i in candidates if sum(1 for x in every if x.startswith(lines[i])) >= 2]
        if repeated and chosen not in repeated:
            chosen = repeated[0]
    return _headline(lines[chosen])


_TRAILING_DATE = re.compile(r"\s+(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")


def _headline(line: str) -> str:
    line = _TRAILING_DATE.sub("", _TITLE_LABEL.sub("", line))  # 标题 2025年03月14日: the date is no part
    m = _ORIGINAL_TITLE.match(line)
    return m.group(1) if m else line


_REPRINTED = re.compile(r"[转轉](?:[载載])?自|原[载載]")


def find_source(lines: list[str]) -> tuple[str | None, str | None]:
    found = []
    for line in lines:
        m = SOURCE_LINE.search(line)
        source = clean_source(m.group(1)) if m and len(line) < 120 else None
        if source:
            found.append((source, line))
    if found:
        # an aggregator's 来源 names itself; the 转自 line beside it names the original
        reprint = next((src for src, line in found if _REPRINTED.search(line)), None)
        return reprint or found[0][0], "来源 line"
    for line in lines[:5]:
        m = _PAGE_HEADER.match(line)
        if m:
            return m.group(1), "page header"
    for line in lines[:6]:
        # A dateline naming the paper beside the date: 内蒙古日报 2023-12-06 / 2024-04-22 10:26 某某报.
        name = dateline_publication(line)
        if name:
            return name, "dateline"
    for line in lines[:6]:
        # The lead's tag: 【某某报讯】记者… / 新华社北京5月1日电.
        m = _NEWS_LEAD.match(line)
        if m:
            return m.group(1), "news lead"
    for line in lines[:8]:
        # A masthead's credit: 某某时报社出版.
        m = _MASTHEAD.search(line) if len(line) <= 120 else None
        if m:
            return m.group(1), "masthead"
    if any(_OWN_LEAD.match(x) for x in lines[:20]):
        # 本报讯: the paper the page's head names (某某新闻网 某某日报 某某晚报 → the daily)
        for line in lines[:15]:
            if len(line) <= 60 and not _SENTENCE_END.search(line):
                m = _HEAD_PAPER.search(line)
                if m:
                    return m.group(0), "本报讯 + masthead"
    for line in lines[:8]:
        m = _PRINT_CREDIT.search(line)
        if m:
            return m.group(1), "print credit"
    for line in lines[:8]:
        # A byline naming its publisher: 某某网记者 某某 / 文/《某某》记者 某某.
        if len(line) > 80:
            continue
        m = _QUOTED_BYLINE.match(line) or _PUBLISHER_BYLINE.search(line)
        if m:
            return m.group(1), "byline"
    for line in lines[:5]:
        m = _REPORTED_BY.search(line)
        if m:
            return m.group(1), "lead (《…》报道)"
        if _EDITOR_NOTE.match(line):
            m = _PUBLISHER.search(line[:80])
            if m:
                return m.group(0), "editor's note"
    # A lone publication name closing the article (a newspaper's e-paper page), not a
    # related-stories header (热门新闻).
    for line in reversed([x for x in lines if x][-3:]):
        if len(line) <= 12 and re.fullmatch(rf"[\u4e00-\u9fff]{{2,10}}{_MEDIA}", line) and not _RELATED_HEADER.match(line):
            return line, "closing line"
    # A watermark the site pastes after paragraphs that is its name (…。X9Z某某新闻网).
    for mark in find_watermarks(lines):
        m = re.search(rf"[\u4e00-\u9fff]{{2,10}}{_MEDIA}$", mark)
        if m:
            return m.group(0), "watermark"
    return None, None


# A date closing the article: (2023年5月12日), 发布于 2023-05-12, or a signature's date line.
_CLOSING_DATE = re.compile(rf"[（(]\s*[^（）()]{{0,30}}?({_DATE_ANY.pattern})[^（）()]{{0,12}}[)）]\s*$")


def find_published(lines: list[str]) -> tuple[str | None, str | None]:
    """The publication date: a 发布时间 / 时间 / 日期 field; else a date in the head's dateline or
    来源 line; else a date closing the article."""
    for line in lines:
        m = _DATE_FIELD.search(line)
        if m and len(line) < 120:
            date = normalise_date(m.group(1))
            if date:
                return date, "发布时间 line"
    for i in _head(lines):
        # A dateline: a date standing (almost) alone near the top, or among 来源 / 作者 fields.
        line = lines[i]
        m = _DATE_ANY.search(line)
        if m and (len(line) - len(m.group(0)) <= 8 or is_dateline(line) or len(line) < 100 and (
            SOURCE_LINE.search(line) or not _HEAD_PUNCT.search(line))):
            date = normalise_date(m.group(0))
            if date:
                return date, "dateline"
    for line in lines[:12]:
        # A date standing (almost) alone near the top, below the first paragraph.
        m = _DATE_ANY.search(line)
        if m and len(line) - len(m.group(0)) <= 8:
            date = normalise_date(m.group(0))
            if date:
                return date, "dateline"
    # The foot: lines after the last body paragraph (related-story lists excluded), and a
    # parenthesised date closing the last paragraph.
    related = related_lines(lines)
    last_body = max((k for k, x in enumerate(lines) if len(x) > 50 and _SENTENCE_END.search(x)), default=-1)
    for k in range(len(lines) - 1, max(last_body - 1, -1), -1):
        line = lines[k]
        if k in related or len(line) > 100:
            continue
        m = _CLOSING_DATE.search(line)
        if m is None and k > last_body:
            m = _DATE_ANY.search(line)
            if m and not (len(line) - len(m.group(0)) <= 12 or is_dateline(line) or SOURCE_LINE.search(line)):
                m = None
        if m:
            date = normalise_date(m.group(0))
            if date:
                return date, "closing date"
    if 0 <= last_body < len(lines):
        m = _CLOSING_DATE.search(lines[last_body])
        if m:
            date = normalise_date(m.group(1))
            if date:
                return date, "closing date"
    return None, None


# A dateline split over lines by a blog template: 2019 / 08/10 / 00:42 / 某某日报.
_YEAR_ALONE = re.compile(r"^(?:19|20)\d{2}$")
_MONTH_DAY = re.compile(r"^\d{1,2}\s*[/-]\s*\d{1,2}$")
_CLOCK_ALONE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


def merge_split_dateline(lines: list[str]) -> list[str]:
    """Join a year, month/day, clock and publication standing on lines of their own."""
    for i in range(min(len(lines) - 1, 20)):
        if _YEAR_ALONE.match(lines[i]) and _MONTH_DAY.match(lines[i + 1]):
            j = i + 2
            merged = lines[i] + "/" + lines[i + 1].replace(" ", "")
            if j < len(lines) and _CLOCK_ALONE.match(lines[j]):
                merged += " " + lines[j]
                j += 1
            if j < len(lines) and len(lines[j]) <= 12 and _PUBLICATION.match(lines[j]):
                merged += " " + lines[j]
                j += 1
            return lines[:i] + [merged] + lines[j:]
    return lines


# A publisher's last character lost with its bracket, its reading left (某某日?bào)): the
# reading names the media noun.
_LOST_MEDIA = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùü]{1,8}\))*\?(bào|wǎng|tái|shè)\)")
_MEDIA_READING = {"bào": "报", "wǎng": "网", "tái": "台", "shè": "社"}


def _lost_media_noun(raw_lines: list[str], source: str) -> str:
    for line in raw_lines:
        if source in line and SOURCE_LINE.search(repair(line)):
            m = _LOST_MEDIA.search(line, line.index(source))
            if m and m.group(1) == source:
                return source + _MEDIA_READING[m.group(2)]
    return source


def text_metadata(text: str) -> TextMetadata:
    """Metadata of a plain-text article from its simplified raw text."""
    lines = merge_split_dateline([line for line in normalise_whitespace(repair(strip_markup(text))) if line])
    meta = TextMetadata()
    meta.title = find_title(lines)
    meta.title_from = "first line" if meta.title else None
    meta.source, meta.source_from = find_source(lines)
    if meta.source and meta.source_from == "来源 line" and "?" in text:
        meta.source = _lost_media_noun([x for x in normalise_whitespace(strip_markup(text)) if x], meta.source)
    # full-width digits and separators (２０２４－０５－１６) read as dates too
    meta.published, meta.published_from = find_published([unicodedata.normalize("NFKC", x) for x in lines])
    return meta

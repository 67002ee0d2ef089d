"""Find the article in a saved web page: body text, headline, date and source.

The page is parsed with selectolax (lexbor); if that parse loses most of the visible text we
re-parse with html5lib, which recovers like a browser. The DOM is walked once into "lines"
(text between block boundaries; inline text joins without a separator). Each line gets a weight:
sentence-like text counts for, link text and short fragments count against. The article is the
block element whose lines have the largest total weight (adding menus and related lists to a
container costs more than it gains), trimmed to its best run of lines.
"""

from __future__ import annotations

import html as html_module
import json
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.stages.dates import from_timestamp, normalise_date
from pipeline.stages.repair import repair
from pipeline.stages.script import count_cjk
from pipeline.stages.source_line import ACCOUNT_SUFFIX, SOURCE_LINE, clean_source

NAME, VERSION = "html_clean", "1.3.0"  # bump when what the page cleaner keeps, drops or reads as metadata changes


@dataclass
class HtmlArticle:
    text: str = ""
    title: str | None = None
    title_from: str | None = None
    published: str | None = None
    published_from: str | None = None
    source: str | None = None
    source_from: str | None = None


# textarea and noframes are not dropped: a browser shows their text (a pasted article in a
# read-only text box, the page's content for browsers without frames)
_DROP = "script,style,noscript,template,iframe,svg,canvas,object,embed,select,button,head"
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul br html caption textarea noframes".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[，。！？；、]|[,.!?;](?=\s)")
# Boilerplate every Chinese site prints in its footer; never article prose.
_BOILER = re.compile(r"版[权權]所有|版[权權]歸|版权归|Copyright|©|ICP[备证備證]|[举舉][报報]电话|[举舉][报報]電話|"
                     r"违法和不良信息|All Rights Reserved|网站标识码|[主承][办辦]单位|[主承]辦單位|技[术術]支持|公网安备|^[【\[]?(?:免责)?声明[】\]：:]", re.I)
# A dateline or list-item timestamp: metadata around articles, not prose.
_YMD = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"  # a written date: 2024-05-16, 2024年5月16
_STAMP = re.compile(rf"{_YMD}|\d{{1,2}}:\d\d")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class _Line:
    text: str
    chars: int  # non-space characters
    link: int  # of which inside <a>
    owner: int  # index of the innermost block element holding the line
    tag: str  # that element's tag


@dataclass
class _Dom:
    lines: list[_Line]
    tags: list[str]
    parent: list[int]
    depth: list[int]
    start: list[int]  # element i holds lines[start[i]:end[i]]
    end: list[int]


# ---------------------------------------------------------------- parsing


# A start tag long enough to hold hundreds of attributes; the parsers take time quadratic in
# the attributes of one tag (100,000 of them: 50 s), so such a tag keeps its first ones.
_LONG_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*\s[^<>]{4000,}>")
_ATTRIBUTE = re.compile(r"""\s*([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?""")
_MAX_ATTRIBUTES = 200
_KEEP_ATTRIBUTES = frozenset({"hidden", "style", "aria-hidden", "class", "id"})


def _cap_attributes(html: str) -> str:
    """Start tags with more than _MAX_ATTRIBUTES attributes keep their first ones (and any that
    hide the element): linear in the page, where the parsers are quadratic in such a tag."""
    if len(html) < 4000:
        return html

    def cap(m: re.Match) -> str:
        tag = m.group(0)
        name_end = re.match(r"<[A-Za-z][A-Za-z0-9:-]*", tag).end()
        kept, n = [], 0
        for a in _ATTRIBUTE.finditer(tag, name_end, len(tag) - 1):
            if not a.group(1):
                continue
            n += 1
            if n <= _MAX_ATTRIBUTES or a.group(1).lower() in _KEEP_ATTRIBUTES:
                kept.append(a.group(0))
        if n <= _MAX_ATTRIBUTES:
            return tag
        return tag[:name_end] + "".join(kept) + ">"

    return _LONG_TAG.sub(cap, html)


def _parse(html: str) -> LexborHTMLParser | None:
    try:
        tree = LexborHTMLParser(html)
    except Exception:
        return None
    return tree if tree.body is not None else None


def _rough_cjk(html: str) -> int:
    # CJK characters outside tags, scripts and styles: what a browser would roughly show.
    html = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", " ", html)
    return count_cjk(re.sub(r"<[^>]*>", " ", html))


def _html5lib_reparse(html: str) -> LexborHTMLParser | None:
    # html5lib follows the HTML5 recovery rules exactly; serialise its tree and let lexbor read
    # the now well-formed markup, so the rest of the code sees one kind of tree.
    try:
        import html5lib

        doc = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
        return _parse(html5lib.serialize(doc, tree="etree", omit_optional_tags=False))
    except (Exception, RecursionError):
        return None


def _tree_for(html: str) -> LexborHTMLParser | None:
    html = _cap_attributes(html)
    tree = _parse(html)
    expected = _rough_cjk(html) if len(html) < 3_000_000 else 0
    if tree is not None:
        got = count_cjk(tree.body.text(deep=True, separator="") or "")
        if got >= 0.6 * expected:
            return tree
    # lexbor lost text (or failed): try the slower, browser-exact parser and keep the richer one
    other = _html5lib_reparse(html)
    if other is None:
        return tree
    if tree is None:
        return other
    got_other = count_cjk(other.body.text(deep=True, separator="") or "")
    return other if got_other > got else tree


def _strip_invisible(tree: LexborHTMLParser) -> None:
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css('[hidden], [aria-hidden="true"], [style*="none"], [style*="hidden"]'):
        attrs = node.attributes
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or _HIDDEN_STYLE.search(attrs.get("style") or ""):
            node.decompose()


# ---------------------------------------------------------------- walking


_MARKUP = re.compile(r"<[^<>]*>")


def _walk(root: LexborNode, raw_text_markup: bool = False) -> _Dom:
    """The DOM as lines. With raw_text_markup, text inside <noframes> (which parsers keep as raw
    text) loses its tags, as a browser without frames would show it."""
    dom = _Dom([], [], [], [], [], [])
    parts: list[str] = []
    link_chars = 0
    in_link = 0
    block_stack: list[int] = []

    def flush() -> None:
        nonlocal parts, link_chars
        if parts:
            text = _WS.sub(" ", "".join(parts)).strip()
            if text:
                owner = block_stack[-1] if block_stack else -1
                chars = len(text) - text.count(" ")
                dom.lines.append(_Line(text, chars, min(link_chars, chars), owner, dom.tags[owner] if owner >= 0 else ""))
        parts = []
        link_chars = 0

    # iterative DFS: (node, elem index or -1) pairs; a None node marks an element's exit
    stack: list[tuple[LexborNode | None, int]] = [(root, -1)]
    while stack:
        node, idx = stack.pop()
        if node is None:
            tag = dom.tags[idx]
            if tag in _BLOCK:
                flush()
                block_stack.pop()
            elif tag == "a":
                in_link -= 1
            dom.end[idx] = len(dom.lines)
            continue
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t and raw_text_markup and "<" in t and node.parent is not None and node.parent.tag == "noframes":
                t = html_module.unescape(_MARKUP.sub(" ", t))
            if t:
                parts.append(t)
                if in_link:
                    link_chars += len("".join(t.split()))
            continue
        if not tag or tag[0] in "-_!#":  # comments, doctype, cdata
            continue
        i = len(dom.tags)
        parent = block_stack[-1] if block_stack else -1
        dom.tags.append(tag)
        dom.parent.append(parent)
        dom.depth.append(dom.depth[parent] + 1 if parent >= 0 else 0)
        if tag in _BLOCK:
            flush()
            block_stack.append(i)
        elif tag == "a":
            in_link += 1
        dom.start.append(len(dom.lines))
        dom.end.append(len(dom.lines))
        stack.append((None, i))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, -1))
    flush()
    return dom


# ---------------------------------------------------------------- body


def _weight(line: _Line) -> float:
    n = line.chars
    text_chars = n - line.link
    if line.link > 0.5 * n or _BOILER.search(line.text):
        return -1.5 * n  # menus, related lists, tag clouds, footers
    punct = len(_PUNCT.findall(line.text))
    if n < 50 and punct == 0 and len(_CJK.findall(line.text)) < 20 and _STAMP.search(line.text):
        return -2.0
    if text_chars >= 20 or (punct and text_chars >= 8):
        return text_chars - line.link + 2 * punct
    if text_chars >= 10:  # captions, subheads: keep inside a body, never a reason to choose one
        return 0.0
    return -3.0 - line.link  # "打印本页", "分享到", dates, buttons


_DOMINANT = 0.9
_JUNK_SCALE = 30.0  # junk characters between headline and prose that halve the prose's weight


def _best_run(weights: list[float], lo: int, hi: int) -> tuple[int, int]:
    # maximum-sum run of lines in [lo, hi): drops junk at the container's edges
    best, best_s, best_e = float("-inf"), lo, lo
    cur, cur_s = 0.0, lo
    for i in range(lo, hi):
        if cur <= 0:
            cur, cur_s = 0.0, i
        cur += weights[i]
        if cur > best:
            best, best_s, best_e = cur, cur_s, i + 1
    # neutral lines at the edges (a signature, a leading caption) belong to the body
    while best_e < hi and weights[best_e] == 0:
        best_e += 1
    while best_s > lo and weights[best_s - 1] == 0:
        best_s -= 1
    return best_s, best_e


def _near_headline(weights: list[float], head: int) -> list[float]:
    # The article follows its headline. Discount prose by how much junk lies between it and the
    # headline, so a long comment thread or footer far below cannot outweigh a short body.
    out = list(weights)
    junk = 0.0
    for i in range(head + 1, len(out)):
        if out[i] > 0:
            out[i] = out[i] / (1 + junk / _JUNK_SCALE)
        else:
            junk -= out[i]
    junk = 0.0
    for i in range(head - 1, -1, -1):
        if out[i] > 0:
            out[i] = 0.5 * out[i] / (1 + junk / _JUNK_SCALE)
        else:
            junk -= out[i]
    return out


def _choose_body(dom: _Dom, head: int) -> tuple[int, int, int]:
    """(element, first line, end line) of the article body; element -1 when nothing fits."""
    weights = [_weight(line) for line in dom.lines]
    if head >= 0:
        weights[head] = -0.01  # the headline is not body text
        weights = _near_headline(weights, head)
    prefix = [0.0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    best, best_i = 0.0, -1
    for i, tag in enumerate(dom.tags):
        if tag not in _BLOCK or tag in ("br", "hr"):
            continue
        score = prefix[dom.end[i]] - prefix[dom.start[i]]
        if score > best or (score == best and best_i >= 0 and dom.depth[i] > dom.depth[best_i]):
            best, best_i = score, i
    if best_i < 0:
        return -1, 0, 0
    # Descend while one child holds nearly all the prose: the body is the smallest such block,
    # which leaves out "end of article" prompts and disclaimers that sit beside it.
    pos = [0.0]
    for w in weights:
        pos.append(pos[-1] + max(w, 0.0))
    children: dict[int, list[int]] = {}
    for i, p in enumerate(dom.parent):
        if p >= 0 and dom.tags[i] in _BLOCK:
            children.setdefault(p, []).append(i)
    while True:
        total = pos[dom.end[best_i]] - pos[dom.start[best_i]]
        inner = [c for c in children.get(best_i, ())
                 if pos[dom.end[c]] - pos[dom.start[c]] >= _DOMINANT * total]
        if not inner or total <= 0:
            break
        best_i = inner[0]
    s, e = _best_run(weights, dom.start[best_i], dom.end[best_i])
    return best_i, s, e


# ---------------------------------------------------------------- metadata


_TITLE_SEP = re.compile(r"\s*(?:[|_｜—–]+|--|-\s|\s-|丨|·\s)\s*")
_NOSPACE = re.compile(r"\s+")
_META_TITLE_KEYS = ("og:title", "articletitle", "twitter:title", "title")
_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "publishdate",
    "pubdate", "publish_date", "firstpublishedtime", "datepublished", "og:release_date",
    "release_date", "ptime", "weibo:article:create_at", "dc.date.issued", "dc.date", "date",
    "article:modified_time", "lastmodifiedtime", "dateupdate", "datemodified",
)
_META_SOURCE_KEYS = ("contentsource", "source", "article:source", "og:article:source", "mediaid")
_META_SITE_KEYS = ("og:site_name", "sitename", "application-name")
_SCRIPT_DATE = re.compile(
    r"""["']?\b(publish_?(?:date|time)|pub_?(?:date|time)|ptime|ct|create_?time|datePublished)\b["']?"""
    r"""\s*[:=]\s*["']?([^"',;}\n]{6,40})""",
    re.I,
)
_SCRIPT_SOURCE = re.compile(r"""["']?\b(?:source|media_?name|nickname)["']?\s*[:=]\s*["']([^"'\n]{2,30})["']""", re.I)
# What a byline holds besides the publisher: labels, times, relative dates, buttons.
_BYLINE_JUNK = re.compile(
    rf"{_YMD}\s*日?|\d{{1,2}}[-/月]\d{{1,2}}日?|\d{{1,2}}:\d\d(?::\d\d)?|"
    r"昨天|前天|今天|刚刚|\d+\s*(?:分钟|分鐘|小时|小時|天)前|(?:[发發][布佈]|更新)?(?:[时時][间間]|日期)[：:]?|"
    r"[发發][布佈][于於]?|字[号號]|分享|收藏|[评評][论論]|[举舉][报報]|[关關]注|[阅閱][读讀]|打印|[大中小]$|"
    r"作者[：:]\S*|[编編][辑輯][：:]\S*|[记記]者[：:]?\S*"
)
_DATELINE_HINT = re.compile(r"\d{1,2}:\d\d|[来來]源|作者|[发發][布佈]|[时時][间間]|日期|[编編][辑輯]|[记記]者|稿源")
# An e-paper's page header: the issue date with its weekday or page (2024年10月15日 星期二 第03版).
_PAGE_DATE = re.compile(
    rf"{_YMD}\s*日?\s*[,，]?\s*"
    r"(?:星期[一二三四五六日天]|周[一二三四五六日天]|[第]\s*[A-Z]?\d{1,3}\s*版|[A-Z]\d{1,3}\s*版)"
)
# A newspaper's name (simplified or traditional), and the words an e-paper site adds to it.
_PAPER = r"[\u4e00-\u9fff]{2,10}?(?:[日晚早商][报報]|[时時][报報]|都市[报報]|[报報])"
_EPAPER = r"(?:社)?(?:数字[报報]刊?|[电電]子[报報]|[电電]子版|数字版|[报報]刊|[报報]纸)?"
_TITLE_PAPER = re.compile(rf"^({_PAPER}){_EPAPER}\s*[-_|｜—–:：·]|[-_|｜—–·]\s*({_PAPER}){_EPAPER}\s*$")
_LOGO_PAPER = re.compile(rf"^\s*({_PAPER}){_EPAPER}\s*$")
_LOGO_HINT = re.compile(r"logo|head|masthead|banner|top", re.I)
_FOOTER_PAPER = re.compile(rf"({_PAPER})社?\s*版[权權]所有|版[权權]所有\s*[:：©]?\s*({_PAPER})社?")
_SOURCE_CLASSES = '[class*="source"], [id*="source"], [class*="author"], [class*="name"], [class*="media"]'


def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.css("meta"):
        a = m.attributes
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        val = (a.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _bigrams(s: str) -> set[str]:
    s = _NOSPACE.sub("", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]


def _find_title(metas: dict[str, str], doc_title: str, dom: _Dom) -> tuple[str | None, str | None, int]:
    """(headline, where from, index of its last line in dom.lines or -1).

    The headline is the page text that best matches the <title>/og:title: most of its
    characters are in the title (precision) and it covers the title's longest part, which is
    the headline rather than the site name (recall). h1 wins ties.
    """
    meta_title = next((metas[k] for k in _META_TITLE_KEYS if metas.get(k)), "")
    parts = _title_parts(doc_title)
    head = max(parts, key=len) if parts else ""
    ref = _bigrams(doc_title + " " + meta_title)
    ref_head = _bigrams(meta_title) if meta_title else _bigrams(head)
    best: tuple[float, str, str, int] = (0.0, "", "", -1)
    lines = dom.lines
    for i, line in enumerate(lines):
        if line.link > 0.5 * line.chars or not 2 <= line.chars <= 150:
            continue
        text = line.text
        # a headline broken by <br> is several lines of one element
        for j in range(i, min(i + 3, len(lines))):
            if j > i:
                if lines[j].owner != line.owner or len(text) > 150:
                    break
                text += lines[j].text
            bg = _bigrams(text)
            if not bg or not ref:
                continue
            p = len(bg & ref) / len(bg)
            r = len(bg & ref_head) / max(len(ref_head), 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            f += {"h1": 0.15, "h2": 0.05, "h3": 0.05}.get(line.tag, 0.0)
            if f > best[0]:
                best = (f, text, line.tag, j)
    if best[0] >= 0.6:
        tag = best[2] if best[2] in ("h1", "h2", "h3", "h4", "h5", "h6") else "text"
        return best[1], tag, best[3]
    if not ref:  # no <title> at all: the first h1 is the best guess
        for i, line in enumerate(lines):
            if line.tag == "h1" and 2 <= line.chars <= 150:
                return line.text, "h1", i
    for k in _META_TITLE_KEYS:
        if metas.get(k):
            return _WS.sub(" ", metas[k]).strip(), f"meta:{k}", -1
    return (head, "title", -1) if head else (None, None, -1)


def _script_date(scripts: list[str]) -> tuple[str | None, str | None]:
    for s in scripts:
        if "@context" in s or "schema.org" in s:
            try:
                data = json.loads(s)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict):
                    d = normalise_date(str(item.get("datePublished") or item.get("dateCreated") or ""))
                    if d:
                        return d, "jsonld"
    for s in scripts:
        for m in _SCRIPT_DATE.finditer(s):
            v = m.group(2).strip()
            d = from_timestamp(v) if v.isdigit() else normalise_date(v)
            if d:
                return d, f"script:{m.group(1)}"
    return None, None


def _page_date(lines: list[_Line], metas: dict[str, str]) -> tuple[str | None, str | None]:
    # An e-paper gives the date only in its page header (2024年10月15日 星期二 / 第A02版),
    # which a description meta may repeat.
    for line in lines:
        m = _PAGE_DATE.search(line.text) if line.chars <= 60 else None
        if m:
            d = normalise_date(m.group(0))
            if d:
                return d, "page header"
    m = _PAGE_DATE.search(metas.get("description", ""))
    d = normalise_date(m.group(0)) if m else None
    return (d, "meta:description") if d else (None, None)


def _find_date(byline: list[_Line], after: list[_Line], metas: dict[str, str],
               scripts: list[str], lines: list[_Line] | None = None) -> tuple[str | None, str | None]:
    # A dateline is short or labelled; a date inside a body sentence is an event, not the
    # publication ("2007年6月29日…会议通过").
    for line in byline + after:
        d = normalise_date(line.text)
        if d and len(d) == 10 and (_DATELINE_HINT.search(line.text) or len(_BYLINE_JUNK.sub("", line.text)) < 15):
            return d, "byline"
    for key in _META_DATE_KEYS:
        d = normalise_date(metas.get(key))
        if d:
            return d, f"meta:{key}"
    d, where = _script_date(scripts)
    if d:
        return d, where
    return _page_date(lines or [], metas)


def _byline_account(byline: list[_Line]) -> str | None:
    # What is left of a byline after dates, labels and buttons: the publishing account.
    for line in byline:
        if line.chars > 40 or line.link > 0.5 * line.chars and line.chars > 12:
            continue
        for token in _BYLINE_JUNK.sub(" ", line.text).split():
            token = token.strip("|｜丨·/")
            if 2 <= len(token) <= 12 and _CJK.search(token) and not _PUNCT.search(token):
                return ACCOUNT_SUFFIX.sub("", token) or token
    return None


def _find_source(tree: LexborHTMLParser, byline: list[_Line], tail: list[_Line],
                 metas: dict[str, str], scripts: list[str], doc_title: str,
                 dom_lines: list[_Line] | None = None) -> tuple[str | None, str | None]:
    lines = byline + tail
    for i, line in enumerate(lines):
        m = SOURCE_LINE.search(line.text)
        if m:
            src = clean_source(m.group(1))
            if not src and not m.group(1).strip() and i + 1 < len(lines):
                src = clean_source(lines[i + 1].text)  # "来源：" with the name in the next block
            if src:
                return src, "来源 line"
    # an element named like a source/author whose text sits in the byline
    byline_text = " ".join(line.text for line in byline[:-1])  # the last one is the body's first
    if byline_text:
        for node in tree.css(_SOURCE_CLASSES):
            t = _WS.sub(" ", node.text() or "").strip()
            if 2 <= len(t) <= 20 and t in byline_text and _CJK.search(t) and not _STAMP.search(t):
                src = clean_source(t)
                if src:
                    return src, "byline"
    for key in _META_SOURCE_KEYS:
        src = clean_source(metas.get(key, ""))
        if src and _CJK.search(src):
            return src, f"meta:{key}"
    # a page-level script variable; several different values mean a list of other items
    values = {v for s in scripts for v in _SCRIPT_SOURCE.findall(s) if _CJK.search(v)}
    if len(values) == 1:
        src = clean_source(values.pop())
        if src:
            return src, "script:source"
    src = _byline_account(byline)
    if src:
        return src, "byline"
    for key in _META_SITE_KEYS:
        if metas.get(key):
            return metas[key].strip(), f"meta:{key}"
    parts = _title_parts(doc_title)
    if len(parts) > 1 and len(parts[-1]) <= 12:
        return parts[-1], "site"
    return _hosting_paper(tree, doc_title, dom_lines or [])


def _hosting_paper(tree: LexborHTMLParser, doc_title: str, lines: list[_Line]) -> tuple[str | None, str | None]:
    """The newspaper hosting an e-paper page: named in the <title> (某某日报数字报-标题), the
    masthead logo's alt text, or the footer's copyright line (某某日报社版权所有)."""
    m = _TITLE_PAPER.search(doc_title)
    if m:
        return m.group(1) or m.group(2), "title:paper"
    for img in tree.css("img[alt]"):
        m = _LOGO_PAPER.match(img.attributes.get("alt") or "")
        if not m:
            continue
        parent = img.parent
        hints = [img.attributes.get(k) or "" for k in ("src", "class", "id")]
        if parent is not None:
            hints += [parent.attributes.get(k) or "" for k in ("class", "id")]
        if any(_LOGO_HINT.search(h) for h in hints):
            return m.group(1), "logo"
    for line in reversed(lines):
        m = _FOOTER_PAPER.search(line.text)
        if m:
            return m.group(1) or m.group(2), "footer"
    return None, None


# ---------------------------------------------------------------- entry point


def clean_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article in a saved page. Never raises: worst case an empty HtmlArticle.

    `url` is accepted for callers that know it; the rules are general and do not use it.
    """
    try:
        return _clean(html or "", url)
    except (Exception, RecursionError):
        return HtmlArticle()


def _clean(html: str, url: str | None) -> HtmlArticle:
    tree = _tree_for(html)
    if tree is None:
        return HtmlArticle()
    metas = _metas(tree)
    title_node = tree.css_first("title")
    doc_title = _WS.sub(" ", title_node.text() if title_node else "").strip()
    scripts = [n.text() or "" for n in tree.css("script")][:200]
    _strip_invisible(tree)
    dom = _walk(tree.body, raw_text_markup="noframes" in html or "NOFRAMES" in html)
    art = HtmlArticle()
    art.title, art.title_from, head = _find_title(metas, doc_title, dom)
    _, s, e = _choose_body(dom, head)
    art.text = "\n".join(line.text for line in dom.lines[s:e])
    # the byline: lines between the headline and the body, else just above the body
    lo = head + 1 if 0 <= head < s + 3 else max(0, s - 6)
    byline = dom.lines[lo: max(lo, min(s, lo + 10))] + dom.lines[s: s + 1]
    tail = dom.lines[max(s, e - 3): e + 3]
    art.published, art.published_from = _find_date(byline, dom.lines[e: e + 3], metas, scripts, dom.lines)
    art.source, art.source_from = _find_source(tree, byline, tail, metas, scripts, doc_title, dom.lines)
    # controls, pinyin readings and broken entities never reach the metadata
    art.title = repair(art.title).strip() or None if art.title else art.title
    art.source = repair(art.source).strip() or None if art.source else art.source
    return art

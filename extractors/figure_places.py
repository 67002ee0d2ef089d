"""Which administrative place a figure belongs to.

Order (first hit wins): a place in the figure's clause before the number (nearest); 全市/全县/该村…
in that clause; a place earlier in the sentence (nearest); 全X/该X in the sentence; a place later
in the sentence (subject put after: "…再到全乡17个行政村,周宁县礼门乡…"); the subject place of
the nearest earlier sentence that names one (narrowed to a more specific place of the same
paragraph that it contains: 慈溪 … 慈溪匡堰镇 → 匡堰镇); the article's first place.

Places that are not subjects are never chosen: villages listed as the members of a counted
group ("石家庄村等7个村", "芹溪、际头、楼坪三个村"), places inside a company name (安丘农发集团).
Places of example sentences (比如/例如…) and photo captions do not carry to later sentences.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.records import FigureRecord, PlaceMention

_ENUM_AFTER = re.compile(
    r"^(?:[、和与及][^，。,；;、\s\d]{1,8}?)*等?[\d一二两三四五六七八九十]+个?[^，。,；;\d]{0,12}?(?:村|社区)"
)
_ORG_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:集团|公司|银行|学院|大学|日报|晚报|电视台|医院|报社)")
_EXAMPLE = re.compile(r"^[\s“”\"‘’「」]*(?:比如|例如|譬如|如:|如：)")
_CAPTION = re.compile(r"^[\s]*(?:[(（]?图为|[(（]图|▲|▼)|[▲▼][\s]*$")
_WHOLE = re.compile(r"(?:全|该|本)(省|市|县|区|镇|乡|街道|村)")
_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "街道", "村", "社区", "旗")


@dataclass
class _Ctx:
    text: str
    places: list[PlaceMention]
    starts: list[int]
    usable: list[bool]
    chain_last: list[int]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    para_of: list[int]
    no_carry: list[bool]


def _matches_level(p: PlaceMention, suffix: str) -> bool:
    if p.name.endswith(suffix):
        return True
    if any(p.name.endswith(s) for s in _SUFFIXES):
        return False
    lv = {"省": "province", "市": "city", "县": "county", "区": "county", "镇": "township",
          "乡": "township", "街道": "township", "村": "village"}.get(suffix)
    return p.level == lv


def _bare(name: str) -> str:
    for s in _SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def _contains(outer: PlaceMention, inner: PlaceMention) -> bool:
    b = _bare(outer.name)
    return any(x and _bare(x) == b for x in (inner.province, inner.city, inner.county))


def build_context(places: list[PlaceMention], text: str, sents: list[tuple[int, int]]) -> _Ctx:
    ps = sorted((p for p in places if 0 <= p.start < p.end <= len(text)), key=lambda p: p.start)
    usable = []
    for p in ps:
        after = text[p.end : p.end + 40]
        enum = p.level == "village" and _ENUM_AFTER.match(after) is not None
        org = _ORG_AFTER.match(after) is not None
        usable.append(not enum and not org)
    # chains of adjacent mentions (浙江台州市, 慈溪匡堰镇): the last one is the most specific
    chain_last = list(range(len(ps)))
    for i in range(len(ps) - 2, -1, -1):
        if ps[i + 1].start - ps[i].end <= 0 and usable[i + 1]:
            chain_last[i] = chain_last[i + 1]
    para_of, para = [], 0
    prev_end = 0
    no_carry = []
    for s, e in sents:
        para += text.count("\n", prev_end, s)
        prev_end = s
        para_of.append(para)
        st = text[s:e]
        no_carry.append(bool(_EXAMPLE.match(st) or _CAPTION.search(st)))
    return _Ctx(text, ps, [p.start for p in ps], usable, chain_last, sents, [s for s, _ in sents], para_of, no_carry)


def _in_range(ctx: _Ctx, a: int, b: int) -> list[int]:
    i, j = bisect.bisect_left(ctx.starts, a), bisect.bisect_left(ctx.starts, b)
    return [k for k in range(i, j) if ctx.usable[k] and ctx.places[k].end <= b]


def _whole(ctx: _Ctx, a: int, b: int, s0: int, s1: int) -> int | None:
    """全市/该村 in text[a:b]: the most recent place of that level (this sentence first)."""
    found = None
    for m in _WHOLE.finditer(ctx.text, a, b):
        found = m
    if not found:
        return None
    suf, pos = found.group(1), found.start()
    same = [k for k in _in_range(ctx, s0, pos) if _matches_level(ctx.places[k], suf)]
    if same:
        return same[-1]
    later = [k for k in _in_range(ctx, found.end(), s1) if _matches_level(ctx.places[k], suf)]
    if later:
        return later[0]
    before = [k for k in _in_range(ctx, 0, s0) if _matches_level(ctx.places[k], suf)]
    return before[-1] if before else None


def place_for(ctx: _Ctx, num_start: int, c0: int, s_idx: int) -> tuple[int | None, str]:
    """(index of the place, where it came from: "sentence" or "context")."""
    k, src = _place_for(ctx, num_start, c0, s_idx)
    return k, src


def _place_for(ctx: _Ctx, num_start: int, c0: int, s_idx: int) -> tuple[int | None, str]:
    s0, s1 = ctx.sents[s_idx]
    hit = _in_range(ctx, c0, num_start)
    if hit:
        return hit[-1], "sentence"
    k = _whole(ctx, c0, num_start, s0, s1)
    if k is not None:
        return k, "sentence"
    hit = _in_range(ctx, s0, num_start)
    if hit:
        return hit[-1], "sentence"
    k = _whole(ctx, s0, num_start, s0, s1)
    if k is not None:
        return k, "sentence"
    hit = _in_range(ctx, num_start, s1)
    if hit:
        return hit[0], "sentence"
    for j in range(s_idx - 1, -1, -1):
        if ctx.no_carry[j]:
            continue
        hit = _in_range(ctx, *ctx.sents[j])
        if not hit:
            continue
        c = ctx.chain_last[hit[0]]
        # a more specific place of the same paragraph inside the subject (慈溪 … 慈溪匡堰镇)
        for jj in range(j - 1, -1, -1):
            if ctx.para_of[jj] != ctx.para_of[j]:
                break
            for k in _in_range(ctx, *ctx.sents[jj]):
                if ctx.chain_last[k] != k and ctx.places[k].name == ctx.places[c].name:
                    return ctx.chain_last[k], "context"
                if _contains(ctx.places[c], ctx.places[k]) and ctx.places[k].level != "village":
                    return k, "context"
        return c, "context"
    first = [k for k in range(len(ctx.places)) if ctx.usable[k]]
    return ctx.chain_last[first[0]] if first else None, "context"


def attribute_places(figures: list[FigureRecord], places: list[PlaceMention] | None, text: str,
                     sents: list[tuple[int, int]] | None = None) -> list[FigureRecord]:
    """Set .place / .place_code of each figure in place (and return the list)."""
    if not figures or not places:
        return figures
    if sents is None:
        from extractors.figures import split_sentences

        sents = split_sentences(text)
    ctx = build_context(places, text, sents)
    for f in figures:
        num_start = f.extras.get("num_start", f.start)
        c0 = f.extras.get("clause_start", f.sentence_start)
        s_idx = max(0, bisect.bisect_right(ctx.sent_starts, num_start) - 1)
        k, src = place_for(ctx, num_start, c0, s_idx)
        f.extras["place_src"] = src
        if k is not None:
            f.place, f.place_code = ctx.places[k].name, ctx.places[k].code
    return figures

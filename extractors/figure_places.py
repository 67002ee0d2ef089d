"""Which administrative place a figure belongs to.

Order (first hit wins): a place in the figure's clause before the number (nearest); 全市/全县/该村…
in that clause; a place earlier in the sentence (nearest); 全X/该X in the sentence; a place later
in the sentence (subject put after: "…再到全乡17个行政村,周宁县礼门乡…"); the subject place of
the nearest earlier sentence that names one (narrowed to a more specific place of the same
paragraph that it contains: 慈溪 … 慈溪匡堰镇 → 匡堰镇); the article's first place.

全X/该X/本X and a bare level word used as an organ (县里, 县财政, 镇里) stand for the most recent
place of that level (全旗 → the 旗, 全镇 → the 镇); a previous sentence whose subject is 全X carries it.

Places that are not subjects are never chosen: villages listed as the members of a counted
group ("石家庄村等7个村", "芹溪、际头、楼坪三个村") or of a list ("A村、B村和C村组建…"), the hub
village of "以A村为核心", places inside a company name (安丘农发集团), a quoted brand or name that
only begins with a place ("“某某召”旅游品牌"), and destinations ("销往X、Y等地", "赴X学习").
Places of example sentences (比如/例如/其中…) and photo captions do not carry to later sentences,
and a place after 其中 in the sentence is a part, not the subject of the figures before it; an
example that opens its paragraph ("其中，某镇党委牵头…") does carry to the rest of that paragraph.
Places inside a document title (《某市关于…的意见》) and places the counted villages come from
("联合本镇及某乡共11个村") are not subjects. Within a sentence, a place inside an object
("依托某县产业园") yields to a place that opens its clause ("在某镇，…"). A village the place finder
named once and the text writes again in full ("某村村集体经济收入") counts there too.

A money figure whose subject is a group of villages (四个村, 各村, 5个村) or an alliance
(联村党委, 联盟内, 共同体) rather than the village just named belongs to that village's
township (by the division code, else the township written before it); money secured "for"
a group (为三个村争取) belongs to the group's township rather than the giver. An alliance led by a
village (甲村联合周边5个村…, 由甲村牵头…, 甲村…。村党支部牵头…) keeps its figures at that village; one
led by a township (某镇党委牵头…, 某镇以甲村为核心…) at the township. After a scene (在某镇，甲村联合…)
the leading village is the subject that carries to later sentences. A place after the figure that
opens a clause with its own number (…达1.3亿元，甲村村集体经济收入突破百万元) is not that figure's subject.

Before all of these, a figure inside a 的-phrase right before a place (由年收入过百万元的甲村党支部…)
is that place's. A place inside a listed name before 等N个 (设置甲镇某某党委等…党委4个) is part of a
name, not a subject; a township heading its villages (甲镇乙等8个村…) stays one. A speaker's
place (某乡宣传委员某某告诉记者，…给村子带来…) and a bare township organ (镇党委…，村集体经济…) yield
to the village of the story when the figure's words speak of one village; a quoted speaker's
village in a chain (“……”某镇某村农户某某说) carries its township only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from extractors.gazetteer import LEVELS
from extractors.records import FigureRecord, PlaceMention
from extractors.sentences import split_sentences
from extractors.vocab import ALLIANCE_NOUN, GATHER_VERB

T = TypeVar("T")

# a village that opens an enumeration (A村、B村等3个村); a year after it (A村2023年村集体…) is none
_ENUM_AFTER = re.compile(
    r"^(?:[、和与及][^，。,；;、\s\d]{1,8}?)*等?[\d一二两三四五六七八九十]+(?![\d〇零一二三四五六七八九十年])个?"
    r"[^，。,；;\d]{0,12}?(?:村|社区|嘎查)"
)
_ORG_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:集团|公司|银行|学院|大学|日报|晚报|电视台|医院|报社)")
_EXAMPLE = re.compile(r"^[\s“”\"‘’「」]*(?:比如|例如|譬如|如:|如：|其中)")
# a photo caption: 图为… / （图… / ▲… at the start, or a ▲ / ▼ closing the sentence (two
# patterns: one pattern with an unanchored branch scanned every sentence character by character)
_CAPTION_HEAD = re.compile(r"[\s]*(?:[(（]?图为|[(（]图|▲|▼)")
_CAPTION_TAIL = re.compile(r"[▲▼][\s]*$")


# a unit the table does not hold, written between two it holds (甘孜州某县新桥村, 某县东谷乡新桥村)
_UNKNOWN_UNIT_GAP = re.compile(r"[\u4e00-\u9fff]{1,5}(?:县|区|市|旗|镇|乡|街道|苏木)")


def _prefecture_gap(text: str, a, b) -> bool:
    """昌都地区八宿县: a city written with the old 地区 before its county still chains to it; so
    does a place before a lower one with a unit the table lacks between them (某县东谷乡新桥村)."""
    gap = text[a.end : b.start]
    if a.level == "city" and gap == "地区":
        return True
    if a.level not in LEVELS or b.level not in LEVELS:
        return False
    return LEVELS.index(b.level) - LEVELS.index(a.level) >= 2 and _UNKNOWN_UNIT_GAP.fullmatch(gap) is not None


def _caption(sentence: str) -> bool:
    return _CAPTION_HEAD.match(sentence) is not None or (
        ("▲" in sentence or "▼" in sentence) and _CAPTION_TAIL.search(sentence) is not None)


# 全市/该县/本镇 (not a ranking: 全市首家, 全省第一, 在全市范围内率先); a bare level word standing for the place's organs: 县里, 县财政, 镇党委 (not 某县里)
_WHOLE = re.compile(
    r"(?:全|该|本)(?P<s>省|市|州|盟|县|区|旗|镇|乡|苏木|街道|村|嘎查)(?!(?:范围内|范围|内)?(?:首|第一|唯一|最|前列|率先|领先|排|平均|乃至))"
    r"|(?<![\u4e00-\u9fff])(?P<s2>县|市|区|旗|镇|乡)(?=里|财政|级财政|委|党委|政府|直)"
)
_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "街道", "村", "社区", "旗", "州", "盟", "苏木", "嘎查")
_LEVEL_OF_SUFFIX = {"省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county",
                    "旗": "county", "镇": "township", "乡": "township", "街道": "township", "苏木": "township",
                    "村": "village", "嘎查": "village"}
# two places in a list: only a separator between them
_LIST_GAP = re.compile(r"^[、和与及跟同]?$")
# the rest of a listed name and the list's count (…五阳湖等11个): a place inside a list of names
_NAME_LIST_AFTER = re.compile(
    # 设置甲镇某某中心村党委等…党委4个: one named organisation, an example of the counted ones
    r"^(?:(?!建立|成立|组建|设置|设立|建成|打造|整合|联合|推行)[^，。,；;、\s\d]){0,12}?(?:党(?:工委|委|总支|支部)|联盟|共同体|联合体)等"
    # 建立甲乙、丙镇丁湖等11个联村党委: a list of names sharing the alliance noun after the count
    rf"|^[^，。,；;、\s\d]{{0,8}}等[\d一二两三四五六七八九十]+个[^，。,；;\s\d]{{0,6}}?(?:{ALLIANCE_NOUN})")
# words that make a sentence after a quote say who spoke (书记…说, 满脸笑容)
_SPEAKER_WORDS = re.compile(r"书记|主任|委员|负责人|干部|村民|农户|社长|理事长|经理|说|表示|介绍|告诉|笑|感慨|坦言")
# a verb whose object may hold a place name (利用某乡河谷, 依托某县产业园, 整合某湖景区)
_OBJECT_BEFORE = re.compile(r"(?:利用|依托|借助|借力|整合|盘活|围绕|打造|开发|对接)$")
# a person's post and name, then speech (某乡宣传委员某某告诉记者): the speaker's affiliation
_ROLE_SPEECH_AFTER = re.compile(
    r"[^，。；！？,;!?\n“”]{0,8}?(?:书记|主任|委员|负责人|干部|农户|村民|部长|镇长|乡长|县长|社长|理事长|会长|经理|专干)"
    r"[^，。；！？,;!?\n“”]{0,5}?(?:说|表示|介绍|坦言|感慨|告诉)")
# the figure's words say it is one village's (给村子带来, 为村里增收): not the speaker's township
_FOR_ONE_VILLAGE = re.compile(r"(?<![个各两三四五六七八九十\d])村(?:子|里|集体)|本村|我们村|咱村|该村")
# 以A村为核心/龙头/中心: the hub of a group, not the subject of the sentence
_HUB_BEFORE = re.compile(r"以$")
_HUB_AFTER = re.compile(r"^为(?:核心|龙头|中心|主体|依托|引领|重点|纽带|枢纽|基础)")
# destinations and places of study: 销往X、Y等地, 赴X学习
_DEST_BEFORE = re.compile(r"(?:销往|运往|发往|送往|远销|卖到|卖往|销到|销售到|出口到|出口至|辐射到|辐射|赴|前往|奔赴|来自)$")
_BRAND_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:品牌|牌|商标|系列)")
_OPEN_Q, _CLOSE_Q = "“「『", "”」』"
# the subject of a money figure is a group of villages or an alliance, not one village
_GROUP = re.compile(
    r"(?:[\d]+|[一二两三四五六七八九十]+)(?:个|多个|余个)?(?:行政)?(?:村|嘎查村?)(?!民|委|级|干部|书记)"
    r"|(?:各|所有|每个)(?:联建|成员|行政)?(?:村|嘎查村?)(?!民|委|级)|几个村"
)
_ALLIANCE_SUBJ = re.compile(
    r"(?:联村|联建|联合|片区|跨村)党(?:委|总支|支部|组织)|联盟|共同体|联合体|联建村|(?<![\u4e00-\u9fff])片区"
)
_BENEFIT = re.compile(r"(?:为|给|帮|帮助|帮扶|向)$")
# verbs that take a group of villages as their object (带动周边3个村): the group is not the subject
_GROUP_OBJECT = re.compile(
    r"(?:带动|联合|整合|辐射|覆盖|涵盖|组建|吸纳|帮扶|结对|联结|串联|牵头|加入|纳入|联系|包联|与|和|同|跟|到|至|对)"
    r"(?:了|周边|周围|附近|邻近|其余|其他|其它|相邻)*$"
)
_MONEY_KINDS = ("income", "funding")
_CLAUSE_PUNCT = re.compile(r"[，,。；;：:]")
# “……”某村党支部书记说: the place of the person quoted
_SPEECH_AFTER = re.compile(r"[^，。；！？,;!?\n“”]{0,14}?(?:说|表示|介绍|坦言|感慨|告诉|算起|讲|笑道|谈道|回忆)")
# the sentence speaks of one village (村里, 村集体), so a quoted villager's village carries to it
_ONE_VILLAGE = re.compile(r"(?<![个各两三四五六七八九十\d])村(?:里|集体)|本村|我们村|咱村")
_LIST_ETC = re.compile(r"等(?![\d一二两三四五六七八九十几多])")
# a place in the object of a cover verb, followed by the counted villages: where the members come
# from, not who forms the alliance ("联合本镇及乙乡共11个村", "整合邻县丙镇的6个村")
_MEMBER_BEFORE = re.compile(
    r"(?:联合|整合|吸纳|涵盖|覆盖|囊括|串联|联结|纳入|组织|带领)了?"
    r"(?:本镇|本乡|本街道|本县|辖区|周边|邻近|相邻|附近|邻县|邻镇|邻乡)?[及和与、]?$"
)
_MEMBER_AFTER = re.compile(
    r"^(?:[、和与及][^，。,；;、\s\d]{1,8}?)*(?:等|共|的|在内的)?[\d一二两三四五六七八九十]+(?:个|多个|余个)?"
    r"[^，。,；;\d]{0,8}?(?:村|社区|嘎查)"
)
# a clause's subject position: nothing but a scene word between the clause start and the place
_SUBJ_PREFIX = re.compile(r"^[\s“”\"]*(?:在|由|从|而|则|如|像|其中|目前|截至目前|近年来|同时|此外)?$")
_CLAUSE_MARK = re.compile(r"[，,：:；;。！？!?\n]")
_REPEAT_SUFFIXES = ("村", "社区", "嘎查")
_MEMBER_VERB = re.compile(GATHER_VERB)
_TITLE = re.compile(r"《[^《》\n]{0,120}》")
# a village that leads an alliance (甲村联合周边5个村, 由甲村牵头, 甲村党支部牵头; or, right after the
# village is named, its own organ: 村党支部牵头): the alliance's figures stay with the village
_LEAD_VERB = r"(?:牵头|领衔|带头|发起|携手|带领|联手|联合(?!党|体|社|会))"
_LEADS_AFTER = re.compile(rf"(?:党支部|党委|党总支|两委|村委会?)?(?:就|也|还|又|便|则|率先|主动|先后|积极)?{_LEAD_VERB}")
_ORGAN_LEADS = re.compile(rf"(?<![\u4e00-\u9fff])(?:该村|本村|村)(?:党支部|党委|党总支|两委){_LEAD_VERB}")
_SCENE = re.compile(r"(?:^|[，,。；;：:\n])[\s“”\"]*在$")
# a number in a clause: the place that opens that clause is its own figure's subject
_HAS_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万亿]+(?:个|元|万元|亿元)")


class _Lazy(Generic[T]):
    """f(i) for mention i, computed when first asked: an article names dozens of places, and
    only those near a figure are ever looked at."""

    __slots__ = ("f", "values")

    def __init__(self, f: Callable[[int], T]):
        self.f, self.values = f, {}

    def __getitem__(self, i: int) -> T:
        v = self.values.get(i)
        if v is None:
            v = self.values[i] = self.f(i)
        return v


@dataclass
class _Ctx:
    text: str
    places: list[PlaceMention]
    starts: list[int]
    usable: _Lazy[bool]
    chain_last: _Lazy[int]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    para_of: list[int]
    no_carry: list[bool]
    by_code: dict[str, list[int]]
    speaker: _Lazy[bool]
    opens_para: list[bool]
    subj_cache: dict[int, bool]

    def subj(self, i: int) -> bool:
        v = self.subj_cache.get(i)
        if v is None:
            v = self.subj_cache[i] = _subject_position(self.text, self.places, i)
        return v


# provinces that are autonomous regions (内蒙古, 广西, 西藏, 宁夏, 新疆): their 全区 is the region
_REGION_CODES = ("15", "45", "54", "64", "65")


def _matches_level(p: PlaceMention, suffix: str) -> bool:
    if p.name.endswith(suffix):
        return True
    if suffix == "区" and p.level == "province" and (p.code or "")[:2] in _REGION_CODES:
        return True  # 宁夏…全区: the autonomous region, written short
    if any(p.name.endswith(s) for s in _SUFFIXES):
        return False
    return p.level == _LEVEL_OF_SUFFIX.get(suffix)


def _bare(name: str) -> str:
    for s in _SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


def _contains(outer: PlaceMention, inner: PlaceMention) -> bool:
    b = _bare(outer.name)
    return any(x and _bare(x) == b for x in (inner.province, inner.city, inner.county))


def _quoted_part(text: str, p: PlaceMention) -> bool:
    """The mention only begins a quoted word: “乌审召” read as 乌审 (a brand, a slogan)."""
    left = text[max(0, p.start - 6) : p.start]
    i = max(left.rfind(c) for c in _OPEN_Q)
    if i < 0 or any(c in left[i + 1 :] for c in _CLOSE_Q):
        return False
    right = text[p.end : p.end + 10]
    js = [j for j in (right.find(c) for c in _CLOSE_Q) if j >= 0]
    return bool(js) and min(js) > 0 and not any(c in right[: min(js)] for c in "，。,；;")


def _list_heads(ps: list[PlaceMention], text: str) -> list[int]:
    """Index of the first member of the list (A、B和C) each mention belongs to (itself if none)."""
    head = list(range(len(ps)))
    for i in range(1, len(ps)):
        gap = text[ps[i - 1].end : ps[i].start]
        if ps[i].start >= ps[i - 1].end and (gap == "" or _LIST_GAP.match(gap)):
            head[i] = head[i - 1]
    return head


def _spans(rx: re.Pattern, text: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the matches of rx in text."""
    ms = list(rx.finditer(text))
    return [m.start() for m in ms], [m.end() for m in ms]


def _inside(spans: tuple[list[int], list[int]], a: int, b: int) -> bool:
    """text[a:b] lies inside one of the spans."""
    i = bisect.bisect_right(spans[0], a) - 1
    return i >= 0 and spans[1][i] >= b


def _with_repeats(ps: list[PlaceMention], text: str) -> list[PlaceMention]:
    """A village already named in the article and written again in full is a mention there too,
    even where the place finder skipped it ("弘德村村集体经济收入": 村村 read as one word).
    ps is sorted by start."""
    names: dict[str, PlaceMention] = {}
    for p in ps:
        if p.level == "village" and len(p.name) >= 3 and p.name not in names and p.name.endswith(_REPEAT_SUFFIXES):
            names[p.name] = p
    if not names:
        return ps
    starts = [p.start for p in ps]
    extra = []
    for name, p in names.items():
        n = len(name)
        i = text.find(name, p.end)
        while i >= 0:
            j = bisect.bisect_right(starts, i + n - 1)  # mentions starting before the end of this one
            if not any(ps[x].end > i for x in range(max(0, j - 4), j)):
                extra.append(PlaceMention(p.name, p.level, i, i + n, p.code, p.province, p.city, p.county,
                                          p.extractor))
            i = text.find(name, i + n)
    if not extra:
        return ps
    return sorted(ps + extra, key=lambda p: p.start)


def _subject_position(text: str, ps: list[PlaceMention], i: int) -> bool:
    """The mention opens its clause (at most a scene word before it: 在某镇，…), or continues a
    chain that does (某县某镇)."""
    p = ps[i]
    if i and ps[i - 1].end <= p.start and (_LIST_GAP.match(text[ps[i - 1].end : p.start])
                                           or _prefecture_gap(text, ps[i - 1], p)):
        return _subject_position(text, ps, i - 1)  # a chain (某县某镇) or a list (甲镇与乙镇)
    a = max(0, p.start - 12)
    for m in _CLAUSE_MARK.finditer(text, a, p.start):
        a = m.end()
    return _SUBJ_PREFIX.match(text[a : p.start]) is not None


def build_context(places: list[PlaceMention], text: str, sents: list[tuple[int, int]]) -> _Ctx:
    ps = sorted((p for p in places if 0 <= p.start < p.end <= len(text)), key=lambda p: p.start)
    ps = _with_repeats(ps, text)
    heads = _list_heads(ps, text)
    # villages listed together (A村、B村和C村): members, not subjects
    listed = [False] * len(ps)
    for i in range(1, len(ps)):
        gap = text[ps[i - 1].end : ps[i].start]
        if gap and _LIST_GAP.match(gap) and ps[i].level == ps[i - 1].level == "village":
            listed[i] = listed[i - 1] = True
    titles = _spans(_TITLE, text) if "《" in text else ([], [])
    verbs = [m.end() for m in _MEMBER_VERB.finditer(text)]
    # members of a list of examples (以A镇、B镇等为重点, 在A镇、B镇等乡镇推广): not the subject
    examples: set[int] = set()
    i = 0
    while i < len(ps):
        j = i
        while j + 1 < len(ps) and heads[j + 1] == heads[i]:
            j += 1
        if j > i and _LIST_ETC.match(text, ps[j].end):
            examples.update(range(i, j + 1))
        i = j + 1

    def usable(i: int) -> bool:
        """Whether mention i can be a figure's subject."""
        if listed[i] or i in examples:
            return False
        p, h = ps[i], ps[heads[i]]
        if _DEST_BEFORE.search(text, max(0, h.start - 4), h.start):
            return False  # 销往A、B等地
        after = text[p.end : p.end + 40]
        if p.level == "village" and _ENUM_AFTER.match(after) or _ORG_AFTER.match(after):
            return False
        m = _NAME_LIST_AFTER.match(after) if p.level != "village" else None
        if m and (m.group(0).endswith("等") or "、" in text[max(0, h.start - 12) : h.start]):
            return False  # 设置甲镇某某党委等…党委4个, 甲乙、丙镇丁湖等11个联村党委: part of a listed name
        if _HUB_AFTER.match(after) and _HUB_BEFORE.search(text, max(0, p.start - 1), p.start):
            return False
        bare = not text[p.start : p.end].endswith(_SUFFIXES)
        if _quoted_part(text, p) or (bare and _BRAND_AFTER.match(after)):
            return False
        v = bisect.bisect_right(verbs, h.start) - 1
        if (v >= 0 and h.start - verbs[v] <= 10 and _MEMBER_BEFORE.search(text, max(0, h.start - 12), h.start)
                and _MEMBER_AFTER.match(after)):
            return False
        # document and book titles (《某市关于…的实施意见》): a place inside one is no subject
        return not (titles[0] and _inside(titles, p.start, p.end))

    def speaker(i: int) -> bool:
        """The person quoted: “……”某村党支部书记说 (a villager's village does not carry to later sentences)."""
        p = ps[i]
        return p.start > 0 and text[p.start - 1] in "”」』" and _SPEECH_AFTER.match(text, p.end) is not None

    usable_of = _Lazy(usable)

    def chain_last(i: int) -> int:
        """Chains of adjacent mentions (浙江台州市, 慈溪匡堰镇): the last one is the most specific."""
        while i + 1 < len(ps) and (ps[i + 1].start <= ps[i].end or _prefecture_gap(text, ps[i], ps[i + 1])) \
                and usable_of[i + 1]:
            i += 1
        return i

    para_of, para = [], 0
    prev_end = 0
    no_carry, opens_para = [], []
    for s, e in sents:
        nl = text.count("\n", prev_end, s)
        new_para = nl > 0 or not para_of
        para += nl
        prev_end = s
        para_of.append(para)
        st = text[s:e]
        cap = _caption(st)
        no_carry.append(cap or _EXAMPLE.match(st) is not None)
        # an example that opens its paragraph (其中，某镇…) is what the rest of the paragraph is about
        opens_para.append(new_para and not cap)
    by_code: dict[str, list[int]] = {}
    for i, p in enumerate(ps):
        if p.code:
            by_code.setdefault(p.code, []).append(i)
    return _Ctx(text, ps, [p.start for p in ps], usable_of, _Lazy(chain_last), sents, [s for s, _ in sents], para_of,
                no_carry, by_code, _Lazy(speaker), opens_para, {})


def _in_range(ctx: _Ctx, a: int, b: int) -> list[int]:
    i, j = bisect.bisect_left(ctx.starts, a), bisect.bisect_left(ctx.starts, b)
    return [k for k in range(i, j) if ctx.usable[k] and ctx.places[k].end <= b]


def _whole_level(m: re.Match) -> str:
    return m.group("s") or m.group("s2")


def _resolve_whole(ctx: _Ctx, found: re.Match, s0: int, s1: int) -> int | None:
    """The place a 全X/该X at `found` (in sentence [s0, s1)) stands for."""
    suf, pos = _whole_level(found), found.start()
    same = [k for k in _in_range(ctx, s0, pos) if _matches_level(ctx.places[k], suf)]
    if same:
        return same[-1]
    later = [k for k in _in_range(ctx, found.end(), s1) if _matches_level(ctx.places[k], suf)]
    if later:
        return later[0]
    before = [k for k in _in_range(ctx, 0, s0) if _matches_level(ctx.places[k], suf)]
    return before[-1] if before else None


def _parent(ctx: _Ctx, k: int, before: int) -> int | None:
    """The township (else county) a village mention belongs to: by code, else the chain or list
    it is written in (某镇某村), else the township written last before the village's first mention."""
    v = ctx.places[k]
    up = _named_ancestor(ctx, k, before, (9, 6))
    if up is not None:
        return up
    first = next(i for i, p in enumerate(ctx.places) if p.name == v.name)
    for i in range(first - 1, -1, -1):
        p = ctx.places[i]
        if p.level == "township" and ctx.usable[i]:
            return i
        if p.level in ("county", "city", "province"):
            break
    return None


# the villages counted next lie in several townships (2个乡镇的7个行政村, 跨3个镇的12个村)
_ACROSS_TOWNSHIPS = re.compile(r"(?:[2-9２-９两二三四五六七八九十]|多)个(?:乡镇|镇|乡|街道|镇街|镇乡)(?:的|共|中的)?$")


def _named_ancestor(ctx: _Ctx, k: int, before: int, levels: tuple[int, ...]) -> int | None:
    """The mention of the first unit above place k, by code cut to each length in `levels` (9: its
    township, 6: its county), that the article names: the last one before `before`, else the first."""
    code = ctx.places[k].code
    if not (code and len(code) == 12 and code.isdigit()):
        return None
    for n in levels:
        idx = ctx.by_code.get(code[:n].ljust(12, "0"))
        if idx:
            prior = [i for i in idx if ctx.places[i].start < before]
            return (prior or idx)[-1]
    return None


def _lift(ctx: _Ctx, k: int | None, src: str, kind: str | None, num_start: int, s0: int) -> int | None:
    """A money figure about a group of villages or an alliance goes to the village's township; so
    does a village count whose subject is an alliance named after the village's own clause
    (甲村收入…，联盟8个村…)."""
    if k is None or kind not in _MONEY_KINDS and kind != "village_coverage":
        return k
    p = ctx.places[k]
    if kind == "village_coverage" and p.level in ("village", "township") and \
            _ACROSS_TOWNSHIPS.search(ctx.text, max(s0, num_start - 14), num_start):
        # 覆盖周边2个乡镇的7个行政村: villages of several townships belong to their county
        up = _named_ancestor(ctx, k, num_start, (6,))
        return up if up is not None else k
    if kind == "village_coverage" and p.level != "village":
        return k
    a = s0 if src == "context" or p.start < s0 else p.end
    span = ctx.text[a:num_start]
    group = None
    if kind != "village_coverage":
        group = next((g for g in _GROUP.finditer(span) if not _GROUP_OBJECT.search(span, 0, g.start())), None)
    if p.level == "village":
        if _village_leads(ctx, k, num_start):
            return k  # 甲村联合周边5个村成立联盟，…联盟销售额…: the leading village's alliance
        if kind == "village_coverage" and src == "context" and not _FOR_ONE_VILLAGE.search(ctx.text, s0, num_start):
            # a count of villages in a sentence that names no place, after a story about one
            # village (某村书记说…。在某片区，5个村成立了联合党总支): the villages' township or county
            up = _parent(ctx, k, num_start)
            return up if up is not None else k
        if kind == "village_coverage":
            # only an alliance that opens the figure's own clause, after the village's clause
            # (甲村牵头成立联盟，整合周边5个村: the village leads; 甲村…，联盟8个村: the alliance's)
            cut = max((m.end() for m in _CLAUSE_PUNCT.finditer(span)), default=-1)
            al = _ALLIANCE_SUBJ.search(span, cut) if cut >= 0 else None
        else:
            al = _ALLIANCE_SUBJ.search(span)
            if al and src != "context" and re.search(r"[，,。；;：:]", span[: al.start()]) is None and al.start() <= 8:
                al = None  # 某村党建联盟: the village's own alliance
        if group or al:
            up = _parent(ctx, k, num_start)
            return up if up is not None else k
        return k
    if group and p.level in ("county", "city", "province") and _BENEFIT.search(span, 0, group.start()):
        # 市文旅部门为三个村争取资金: the money is the group's; the group is the villages named last
        v = next((i for i in range(bisect.bisect_left(ctx.starts, a + group.start()) - 1, -1, -1)
                  if ctx.places[i].level == "village"), None)
        if v is not None:
            up = _parent(ctx, v, num_start)
            if up is not None:
                return up
    return k


def _village_leads(ctx: _Ctx, k: int, num_start: int) -> bool:
    """The village k leads an alliance in its paragraph before num_start: its name (or, after it is
    named, a bare 村党支部/村党委) followed by 牵头/联合/带领…"""
    t, p = ctx.text, ctx.places[k]
    lo = t.rfind("\n", 0, min(p.start, num_start)) + 1
    name = t[p.start : p.end]
    i = t.find(name, lo, num_start)
    while i >= 0:
        if _LEADS_AFTER.match(t, i + len(name)):
            return True
        i = t.find(name, i + len(name), num_start)
    if p.end >= num_start:
        return False
    m = _ORGAN_LEADS.search(t, p.end, num_start)
    if m is None:
        return False
    # no other village named between the village and its organ
    a, b = bisect.bisect_right(ctx.starts, p.start), bisect.bisect_left(ctx.starts, m.start())
    return not any(ctx.places[x].level == "village" and ctx.places[x].name != p.name for x in range(a, b))


def place_for(ctx: _Ctx, num_start: int, c0: int, s_idx: int, kind: str | None = None) -> tuple[int | None, str]:
    """(index of the place, where it came from: "sentence" or "context")."""
    k, src = _place_for(ctx, num_start, c0, s_idx)
    return _lift(ctx, k, src, kind, num_start, ctx.sents[s_idx][0]), src


def _subject_of(ctx: _Ctx, j: int) -> int | None:
    """The subject place of sentence j: its first usable place, or a 全X/该X written before it."""
    s0, s1 = ctx.sents[j]
    hit = _in_range(ctx, s0, s1)
    first_pos = ctx.places[hit[0]].start if hit else s1
    m = _WHOLE.search(ctx.text, s0, first_pos)
    if m:
        k = _resolve_whole(ctx, m, s0, s1)
        if k is not None:
            return k
    if hit and ctx.places[hit[0]].level != "village" and _SCENE.search(ctx.text, max(0, first_pos - 3), first_pos):
        # 在某镇，甲村联合周边5个村成立联盟: the scene is the township, the subject the leading village
        t = ctx.text
        for x in hit[1:]:
            px = ctx.places[x]
            if px.level == "village" and ctx.subj(x) and _LEADS_AFTER.match(t, px.end):
                return x
    return hit[0] if hit else None


def _last_whole(ctx: _Ctx, a: int, b: int) -> re.Match | None:
    found = None
    for m in _WHOLE.finditer(ctx.text, a, b):
        found = m
    return found


def _nearest(ctx: _Ctx, a: int, b: int, s0: int, s1: int) -> int | None:
    """The place written last in text[a:b]: a usable mention or a 全X/该X marker, whichever is later."""
    hit = _in_range(ctx, a, b)
    m = _last_whole(ctx, a, b)
    if m is not None and (not hit or m.start() >= ctx.places[hit[-1]].end):
        k = _resolve_whole(ctx, m, s0, s1)
        if k is not None:
            return k
    return hit[-1] if hit else None


def _quote_speaker(ctx: _Ctx, num_start: int) -> int | None:
    """A figure inside “……” followed by 某村党支部书记说: the speaker's place."""
    t = ctx.text
    para0 = t.rfind("\n", 0, num_start) + 1
    op = t.rfind("“", para0, num_start)
    if op < 0 or t.find("”", op, num_start) >= 0:
        return None
    para1 = t.find("\n", num_start)
    cl = t.find("”", num_start, para1 if para1 >= 0 else len(t))
    if cl < 0 or t.find("“", num_start, cl) >= 0:
        return None
    i = bisect.bisect_left(ctx.starts, cl + 1)
    if i < len(ctx.places) and ctx.places[i].start == cl + 1 and ctx.speaker[i]:
        return i
    return None


def _quote_lead(ctx: _Ctx, num_start: int, s_idx: int) -> int | None:
    """A quote that opens its paragraph (“……35万元。”自2017年起，某镇某村…) is about the place the
    paragraph's next sentence names first: the figure goes to that sentence's subject."""
    t = ctx.text
    para0 = t.rfind("\n", 0, num_start) + 1
    if not t.startswith(("“", "「"), para0) or t.find("”", para0, num_start) >= 0:
        return None
    para1 = t.find("\n", num_start)
    para1 = len(t) if para1 < 0 else para1
    cl = t.find("”", num_start, para1)
    if cl < 0 or _in_range(ctx, para0, cl):
        return None
    j = bisect.bisect_right(ctx.sent_starts, cl) - 1
    for jj in (j, j + 1):
        if 0 <= jj < len(ctx.sents) and ctx.sents[jj][0] < para1:
            a = max(ctx.sents[jj][0], cl + 1)
            hit = _in_range(ctx, a, min(ctx.sents[jj][1], para1))
            if not hit or ctx.speaker[hit[0]]:
                continue
            k = ctx.chain_last[hit[0]]
            if _SPEAKER_WORDS.search(t, cl, ctx.places[k].end + 12):
                return None  # ”…副书记、某村党支部书记某某说: who spoke, not what the quote is about
            return k
    return None


def _own_figure(ctx: _Ctx, k: int, s1: int) -> bool:
    """A place after the figure that opens a clause with its own number (…销售收入达1.3亿元，甲村村集体
    经济收入突破百万元): the subject of that figure, not of the one before."""
    t, p = ctx.text, ctx.places[k]
    m = _CLAUSE_PUNCT.search(t, p.end, s1)
    return ctx.subj(k) and _HAS_FIGURE.search(t, p.end, m.start() if m else s1) is not None


def _place_for(ctx: _Ctx, num_start: int, c0: int, s_idx: int) -> tuple[int | None, str]:
    s0, s1 = ctx.sents[s_idx]
    k = _nearest(ctx, c0, num_start, s0, s1)
    if k is not None:
        hit = _in_range(ctx, c0, num_start)
        if hit and k == hit[-1] and not ctx.subj(k) and _OBJECT_BEFORE.search(ctx.text, max(c0, ctx.places[k].start - 4), ctx.places[k].start):
            # 甲乡乙村利用甲乡河谷…增收43万元: the place inside the object yields to the clause's subject
            sub = [i for i in hit[:-1] if ctx.subj(i)]
            if sub:
                return ctx.chain_last[sub[-1]], "sentence"
        return k, "sentence"
    k = _nearest(ctx, s0, num_start, s0, s1)
    if (k is not None and not s0 <= ctx.places[k].start < num_start and ctx.places[k].level != "village"
            and _FOR_ONE_VILLAGE.search(ctx.text, c0, num_start)):
        return _context_place(ctx, s_idx, True)  # “镇党委抓规划…，村集体经济…30余万元”: the village's
    if (k is not None and ctx.places[k].level != "village" and _ROLE_SPEECH_AFTER.match(ctx.text, ctx.places[k].end)
            and _FOR_ONE_VILLAGE.search(ctx.text, ctx.places[k].end, num_start)):
        k = None  # 某乡宣传委员某某告诉记者，…给村子带来50万元: the village of the story, not the speaker's
        hit = _in_range(ctx, num_start, s1)
        if not hit:
            return _context_place(ctx, s_idx, True)
    if k is not None:
        hit = _in_range(ctx, s0, num_start)
        if hit and k == hit[-1] and not ctx.subj(k):
            # 在乙镇，联盟依托甲县产业园，联合3个村: the clause subject written before beats a place
            # inside an object
            sub = [i for i in hit[:-1] if ctx.subj(i)]
            if sub:
                return sub[-1], "sentence"
        return k, "sentence"
    k = _quote_speaker(ctx, num_start)
    if k is not None:
        return k, "sentence"
    k = _quote_lead(ctx, num_start, s_idx)
    if k is not None:
        return k, "quote_lead"
    # a subject put after the figure (…再到全乡17个行政村,周宁县礼门乡…); not the parts after 其中
    part = ctx.text.find("其中", num_start, s1)
    hit = [k for k in _in_range(ctx, num_start, part if part >= 0 else s1) if not _own_figure(ctx, k, s1)]
    if hit:
        return hit[0], "sentence"
    return _context_place(ctx, s_idx, _ONE_VILLAGE.search(ctx.text, s0, s1) is not None)


# a speaker's own unit (我们镇, 咱们村): in a text with no place before the figure, says the level
# of the place the speech is about (本镇 and the like are _WHOLE's)
_SELF_UNIT = re.compile(r"(?:我们|咱们|我|咱)(镇|乡|街道|县|区|市|村)(?![民委长级里])")
_SELF_WINDOW = 2000  # characters before the figure's sentence end where a 我们镇 is looked for


def _context_place(ctx: _Ctx, s_idx: int, village_ref: bool) -> tuple[int | None, str]:
    """The subject of the nearest earlier sentence that names one, else the article's first place."""
    for j in range(s_idx - 1, -1, -1):
        if ctx.no_carry[j] and not (ctx.opens_para[j] and ctx.para_of[j] == ctx.para_of[s_idx]):
            continue
        c = _subject_of(ctx, j)
        if c is None:
            continue
        hit = _in_range(ctx, *ctx.sents[j])
        if ctx.speaker[c] and ctx.places[c].level == "village" and hit and c == hit[0] and not village_ref:
            continue  # “……”某村村民说: the villager's village is not the story's subject
        if not hit or c != hit[0]:
            return c, "context"  # 全X of that sentence
        c = ctx.chain_last[hit[0]]
        if c != hit[0] and ctx.speaker[hit[0]] and ctx.places[c].level == "village" and not village_ref:
            c = hit[0]  # “……”某镇某村农户某某说: the speaker's village does not carry, the township does
        for jj in range(j - 1, -1, -1):
            if ctx.para_of[jj] != ctx.para_of[j]:
                break
            for k in _in_range(ctx, *ctx.sents[jj]):
                if ctx.chain_last[k] != k and ctx.places[k].name == ctx.places[c].name:
                    return ctx.chain_last[k], "context"
                if _contains(ctx.places[c], ctx.places[k]) and ctx.places[k].level != "village":
                    return k, "context"
        return c, "context"
    end = ctx.sents[s_idx][1]
    own = _SELF_UNIT.search(ctx.text, max(0, end - _SELF_WINDOW), end)  # bounded: linear in the text
    if own:
        # 我们镇…，我们成立了2个联合党委: the first place of the speaker's level the article names,
        # even inside a document title (《某镇…议事规则》)
        k = next((k for k in range(len(ctx.places)) if _matches_level(ctx.places[k], own.group(1))), None)
        if k is not None:
            return k, "context"
    first = next((k for k in range(len(ctx.places)) if ctx.usable[k]), None)
    return ctx.chain_last[first] if first is not None else None, "context"


def _attributive(ctx: _Ctx, end: int) -> tuple[int | None, str]:
    """A figure inside a 的-phrase before a place (由年收入过百万元的甲村党支部带着…): that place's."""
    t = ctx.text
    if t[end : end + 1] != "的":
        return None, ""
    i = bisect.bisect_left(ctx.starts, end + 1)
    if i < len(ctx.places) and ctx.places[i].start == end + 1 and ctx.usable[i]:
        return i, "attributive"
    return None, ""


# the nation or a region of several provinces as a sentence's scope: its figure is no place's
_WIDER_SCOPE = re.compile(
    r"全国|我国|国内|全球|世界|江浙沪?|长三角|珠三角|京津冀|粤港澳|成渝|(?:东|中|西|东北|西北|西南|中西)部地区|中西部"
    r"|华东|华北|华南|华中|各省|多省|沿海省份"
)
# the nation as a rank or a market, not the scope (占全国市场份额, 全国首个, 获评全国文明村)
_RANK_AFTER = re.compile(r"市场|首|第|示范|文明|先进|百强|前|十|重点|率先|知名|闻名|领先|排名|份额|标杆|典型|样板|乃至|外|各地")
_RANK_BEFORE = re.compile(r"(?:占据?|位居|位列|列|跻身|成为|获评|入选|荣获|评为|销往|畅销|走向|辐射|面向|享誉|在)$")


# a company or cooperative that opens the clause, with no place written in it (大新农商实业有限公司累计分红…)
_COMPANY_SUBJECT = re.compile(
    r"(?:并|还|同时|其中|而)?(?P<name>[\u4e00-\u9fff]{2,14}?)(?:有限责任公司|股份有限公司|有限公司|公司|专业合作社|股份经济合作社|合作社|联合社|集团)")


_COMPANY_WINDOW = 3000  # characters before the figure where the place a company is named after is looked for


def _named_company(ctx: _Ctx, c0: int, num_start: int) -> tuple[int | None, str]:
    """The township or village a company subject is named after (大新农商公司 after 大新镇): its figure
    is that place's when the clause names no place itself."""
    m = _COMPANY_SUBJECT.match(ctx.text, c0, num_start)
    if m is None or _in_range(ctx, c0, num_start):
        return None, ""
    name = m.group("name")
    best = None
    lo = bisect.bisect_left(ctx.starts, num_start - _COMPANY_WINDOW)  # bounded: linear in the text
    for i in range(lo, len(ctx.places)):
        p = ctx.places[i]
        if p.start >= num_start:
            break
        base = _bare(p.name)
        if p.level in ("township", "village") and len(base) >= 2 and name.startswith(base) and ctx.usable[i]:
            best = i  # the last mention before the figure
    return (best, "company") if best is not None else (None, "")


def _wider_scope(text: str, a: int, b: int) -> bool:
    """The sentence up to the number is about the nation or a region of provinces, with no 全县/本市 after that."""
    m = None
    for x in _WIDER_SCOPE.finditer(text, max(a, b - 600), b):  # the figure's 600 characters, as the rules read
        if not (_RANK_AFTER.match(text, x.end()) or _RANK_BEFORE.search(text[max(a, x.start() - 3):x.start()])):
            m = x
    return m is not None and not re.search(r"[全本该](?:省|市|县|区|镇|乡|村)", text[m.end():b])


def attribute_places(figures: list[FigureRecord], places: list[PlaceMention] | None, text: str,
                     sents: list[tuple[int, int]] | None = None) -> list[FigureRecord]:
    """Set .place / .place_code of each figure in place (and return the list)."""
    if not figures or not places:
        return figures
    if sents is None:
        sents = split_sentences(text)
    ctx = build_context(places, text, sents)
    for f in figures:
        num_start = f.extras.get("num_start", f.start)
        c0 = f.extras.get("clause_start", f.sentence_start)
        s_idx = max(0, bisect.bisect_right(ctx.sent_starts, num_start) - 1)
        k, src = _attributive(ctx, f.end)
        if k is None:
            k, src = _named_company(ctx, c0, num_start)
        if k is None:
            k, src = place_for(ctx, num_start, c0, s_idx, f.kind)
        if src == "context" and _wider_scope(text, ctx.sents[s_idx][0], num_start):
            k, src = None, "wider_scope"  # 全国/江浙地区的强村公司总利润过21亿元: no place of the article's
        f.extras["place_src"] = src
        if k is not None:
            f.place, f.place_code = ctx.places[k].name, ctx.places[k].code
    return figures

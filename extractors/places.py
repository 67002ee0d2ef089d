"""Administrative places named in an article: `find_places(text)` and the spaCy component.

How (see GUIDELINES.md for what counts):
1. candidates: an Aho-Corasick scan for province/city/county names and short forms, and
   suffix-anchored gazetteer look-ups ending at every 村/社区/镇/乡/街道/嘎查/苏木; villages listed
   bare ("芹溪、际头、楼坪三个村") or in full ("甲村、乙村等5个村": the list says they are villages,
   even where the table knows a name only elsewhere; not kinds of village: 经济强村、美丽乡村);
   unknown village/township names only in a clear context;
2. lexical filters: common words (jieba's dictionary; a full name with its suffix only when short
   or very frequent: 城区, 郊区, but not 保定市, which jieba lists as a rare noun), 全村/本镇-style
   determiners, 自然村, publication names (宁波日报), short forms inside longer words (浙江大学);
3. the non-overlapping set covering most text, preferring splits into known names;
4. resolution against the article's other places (ancestors named > same province/city); a
   township or village backed only by its province gets no code where the article names another
   city of that province or another county of its city (a namesake, not the place meant);
   weak candidates (1-char names such as 余村/临镇, bare district short forms, unknown names)
   must be confirmed; a village/township whose every row lies in a province the article never
   names needs a named ancestor (太行山村 in a Hebei article: a mountain + 'mountain village');
   province short forms (北京、上海) need no confirmation, nor do city short forms listed with
   、/和/与/及 beside another province or city (来自北京、上海、广州的客商);
5. bare names listed with 、 beside villages the article names with 村 (控拜、麻料、乌高) are
   villages when each is a sibling (same township) of one of them;
6. a village/township the gazetteer lacks or knows only elsewhere (renamed, merged, newer than the
   table) is kept where the text puts it inside a place the article names: right after its
   township or county (某县某镇某村), in a village's frame (以某村为核心, 某村联合周边, 某村党支部) in a
   sentence that names its township or county first, or, for a township, as the 乡/镇 twin of a
   township of a county the article names (一个乡撤乡设镇后仍用旧名), also when the table knows that
   乡 only in another province; a township the table lacks heading an industry alliance's name
   (某乡板栗产业党建联盟) in an article that names a county; a village repeated by name after one of
   these, or joined by a single dash to a village the article names (宏村—卢村联村党委).
   A full name never starts inside a determiner word (其中山区村 is not 中山区).
7. a village written X村村 (a name that ends in 村, with 村 again) is X村村 wherever the article
   writes it so once before a character that continues no word of 村 (X村村为核心, not X村村民);
   townships listed bare before 等乡镇 / 两镇 are kept only inside a county the article names;
   one bare village between its township and 等N个村 is kept when the table has it there;
   a 街道 is confirmed by its city as well as by its county (a city's streets are few); a village
   or township right after its province or city (湖北某某村) takes that province's one row.
Not places of the article: a dateline's place (人民网济南6月12日电, 新华社福州电, 本报赤峰讯, 记者 某某
江门报道：) and a WeChat header's location after the time ('某某组工 2024年3月28日 17:30 江苏').
Not places: bylines' person names (记者 金阳), brands (德化黑兔, 洛川苹果: a county/city short form
directly followed by a product noun, or opening an item of a list of brands 等…品牌), state farms
(张掖农场), short forms inside idioms (东躲西藏), a one-character county inside a word (示[范县]), 村民小组, generic words that are also village names
somewhere (新农村, 嘎查村), a short form inside another name with its suffix (雄[安新]区) or right
after an amount (突破百万元大关), an organisation before 村 (联盟内村集体).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
from spacy.language import Language
from spacy.tokens import Doc

import extractors  # noqa: F401  (registers the Doc extensions)
from extractors import trace
from extractors.component import Component
from extractors.gazetteer import LEVELS, Gazetteer, load_gazetteer
from extractors.numbers import cn_numeral
from extractors.records import PlaceMention
from extractors.sentences import sentence_start
from extractors.vocab import DETERMINERS, PRODUCTS, SHORT_FORMS_THAT_ARE_WORDS, VILLAGE_KINDS

NAME, VERSION = "places", "1.13.0"

_LOW_SUFFIX = re.compile(r"社区|街道|嘎查|苏木|村|镇|乡")
_SUFFIX_LEVEL = {"社区": "village", "嘎查": "village", "村": "village",
                 "街道": "township", "苏木": "township", "镇": "township", "乡": "township"}
_MAX_LOW = 10  # longest village/township name looked up, suffix included
_DETERMINERS = set(DETERMINERS)
_ADMIN_CHARS = set("省市县区乡镇村")
_ADMIN_END = set("省市县区旗乡镇村")  # the last character of an administrative name
_NOT_PLACE_TAIL = VILLAGE_KINDS
# generic words that happen to be village names somewhere (嘎查村 = 'villages' in Inner Mongolia)
_GENERIC_KEYS = {"嘎查村", "后进村", "先进村", "薄弱村", "相对薄弱村", "集体经济薄弱村"}
# a 1-character village/township name (余村, 临镇) is looked up, but not after these characters,
# which mostly make ordinary words with 村/镇/乡 (新村, 本村, 城乡, 各镇)
_ONE_CHAR_NOT = set("新老大小上下东西南北前后中内外本全各该每此其一二三四五六七八九十百千万两几多"
                    "红强富穷弱旧名古邻他我你这那某城农乡镇村山重市县区省入进出回返离到赴驻下联跨帮包挂建合共在和与及同跟")
# '瓦呷村阿嘎村民小组': a 村民小组 (village group) is below the administrative village
_VILLAGE_GROUP = ("民小组", "民组")
# a person's name in a byline ('记者 金阳 通讯员…') that happens to be a place's short form
_BYLINE_LEFT = re.compile(r"(?:(?:记者|通讯员|作者|编辑|责编|责任编辑|摄影|撰稿|供稿|主持人|播音)[\s:：]*|"
                          r"(?:文|图|摄)[:：/]\s*)$")
_BYLINE_SEP = set(" \u3000\t:：/")
_BYLINE_TAILS = {"记者", "讯员", "作者", "编辑", "责编", "摄影", "撰稿", "供稿", "持人", "播音"}
_BYLINE_RIGHT = re.compile(r"[\s、，,)）]|$")
# a dateline names where a report was filed, not a place of the article: '人民网济南6月12日电',
# '新华社北京电', '本报赤峰12月5日电', '本报福州讯', '记者 某某 江门报道：'; and a WeChat header's
# location after the time ('贾汪组工 2024年3月28日 17:30 江苏')
_NUM_CH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATELINE_DATE = re.compile(rf"{_NUM_CH}月{_NUM_CH}日电")
_DATELINE_DESK = re.compile(rf"{_NUM_CH}?(?:月{_NUM_CH}日)?(?:电|讯)(?![\u4e00-\u9fff])")
_DATELINE_LEFT = re.compile(r"(?:社|网|报|台|站|刊)$")
_REPORTED = re.compile(r"报道[:：]")
_CLOCK_LEFT = re.compile(r"\d{1,2}:\d{2}[ \u3000\t]+$")
# a county or city used as a brand in front of its product (德化黑兔, 洛川苹果, 涪陵榨菜)
_PRODUCT = re.compile(PRODUCTS)
# a rank before a kind of village makes an honour (全国文明村, 省级卫生村, 市级民主法治示范村)
_HONOUR_LEFT = re.compile(r"(?:全国|国家级|省级|市级|县级|区级|全省|全市|全县|全区|评为)$")
_HONOUR_END = set("国级省市县区为")
_LANDMARK_AFTER = re.compile(r"脚下|山脚|山麓|山顶|山腰|风景区|景区")
_SCHOOL = re.compile(r"(?:大学|学院|师范|职业技术|职业学院|校区|分校)")
# a state farm, ranch or forest farm named after a county or city (张掖农场, 某某种马场)
_FARM = re.compile(r"(?:种?[马牛羊鹿]|农牧?|林|牧|茶|渔|果|垦)场")
# an item of a list of brands: the name, a product, other items, then 等…品牌 ('某县红茶、某市腊肉等公用品牌')
_BRAND_LIST = re.compile(r"(?:(?![的在是和与及等从来])[\u4e00-\u9fff]){1,6}(?:、[\u4e00-\u9fff]{2,10}){0,8}等[\u4e00-\u9fff]{0,8}?(?:品牌|商标)")
_PUBLICATION = re.compile(r"日报|晚报|早报|商报|都市报|电视台|卫视|广播|新闻网|在线|发布|手机报|新闻")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_ADMIN_WORDS = {"苏木", "嘎查", "街道", "社区", "乡镇", "镇村", "乡村", "城乡", "村镇"}
_FUNCTION_CHARS = set("的个了和与及或在是等对从到把被将为全各本该每些其这那")
_STOP_IN_NAME = set("的个了和与及或在是等对从到把被将为全各本该每些其这那一二三四五六七八九十百千万两几多")
# contexts that make a bare village/township name a place
# right after a village: its organs and people (某村党支部, 某村村民), or its leading a group
# (以某村为核心, 某村联合周边, 某村牵头)
_VILLAGE_ORGANS = r"党支部|党总支|党委|村委|两委|村民|居民|村集体|集体经济"
_VILLAGE_LEADS = r"为(?:核心|龙头|中心|主体|重点|依托|纽带|轴心)|联合(?![党体社会])|牵头"
_RIGHT_CTX = re.compile(
    rf"(?:{_VILLAGE_ORGANS}|支部|书记|主任|、|，|。|；|和|与|及|等|的|\)|）|位于|地处|是|在|{_VILLAGE_LEADS})"
)
# a township heading an industry alliance's name ('某乡板栗产业党建联盟'): the township is its owner
_INDUSTRY_ORG = re.compile(
    r"[\u4e00-\u9fff]{1,4}产业链?(?:党建联盟|党建共同体|党建联合体|联合党委|联合党总支|联合党支部|联村党委)"
)
# verbs of forming and organisation nouns: no village's name holds them ('成立跨村', '联盟内村集体')
_NOT_IN_NAME = re.compile(r"成立|组建|建立|组成|牵头|联合|依托|推进|推动|打造|带动|覆盖|纳入|发展"
                          r"|组织|引导|动员|带领|吸纳|整合|统筹|串联|结对"
                          r"|联盟|党委|支部|合作社|公司|协会|联合体|共同体")
_LEFT_CTX = set("、，。；：（(“在与和及到至从以\n ")
_LIST = re.compile(
    r"((?:(?:(?![等和及个])[\u4e00-\u9fff]){2,4}、)+"
    r"(?:(?![等和及个])[\u4e00-\u9fff]){2,4})(等)?"
    # a neighbourhood word may stand between the count and the noun (5个相邻的行政村)
    r"([一二三四五六七八九十两\d]+个|一系列|多个|几个|一批)?(?:(?:相邻|毗邻|周边|邻近)的?)?(?:行政村|村庄|乡村|村)"
)
_DUNHAO_RUN = re.compile(r"[\u4e00-\u9fff、\d]{3,}")
# domain words jieba does not know as ordinary words but articles use bare before 村
_DOMAIN_WORDS = {"联建", "共建", "党建", "结对", "帮扶", "联村", "强村", "富村", "弱村", "穷村", "名村"}
_COMMON_TAGS = set("n v a d m r s t f c p u q y e o i l j x vn an ad nrfg ng vg ag mq".split())


@dataclass
class _Cand:
    start: int
    end: int
    name: str
    rows: list[int]
    kind: str  # full / short / low / list / unknown
    level: str | None = None
    weak: bool = False
    chosen: int | None = None
    extras: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _jieba_words() -> tuple[dict[str, tuple[int, str]], dict[str, list[str]], frozenset[str],
                             dict[str, tuple[tuple[str, int], ...]]]:
    """jieba's dictionary entries that matter here: words ending in an admin suffix or
    equal to a high-level key, longer words starting with a short form (浙江大学), the
    frequent ordinary 2-3 character words (组织, 龙头, 政府) names must not cut through, and
    ordinary 3-4 character words holding a short form after their first character (热火朝天:
    (word, offset of the short form)). Kept in the start-up cache (0.8 s to build)."""
    import jieba

    from extractors import gazetteer
    from extractors.startup_cache import cached

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    inputs = [dictionary, Path(__file__), gazetteer.DATA, Path(gazetteer.__file__)]
    return cached("jieba-words", inputs, _build_jieba_words)


def _build_jieba_words() -> tuple[dict[str, tuple[int, str]], dict[str, list[str]], frozenset[str],
                                   dict[str, tuple[tuple[str, int], ...]]]:
    import jieba

    g = load_gazetteer()
    short = {k for k, is_short in _high_keys() if is_short}
    full_high = {k for k, is_short in _high_keys() if not is_short}
    words: dict[str, tuple[int, str]] = {}
    ext: dict[str, list[str]] = {}
    common: set[str] = set()
    inner: dict[str, list[tuple[str, int]]] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3:
                continue
            w, freq, tag = parts[0], int(parts[1]), parts[2]
            if w in short or w in full_high or (w[-1] in "村镇乡区道" and len(w) <= 4):
                words[w] = (freq, tag)
            elif len(w) == 2 and freq >= 1000 and tag in ("nr", "nz"):
                words[w] = (freq, tag)  # 文明, 周刊: ordinary words jieba tags as names
            for n in (2, 3):
                if len(w) > n and w[:n] in short and tag != "ns" and not g.has_full(w):
                    ext.setdefault(w[:n], []).append(w)
            if len(w) in (2, 3) and freq >= 50 and tag in _COMMON_TAGS:
                common.add(w)
            if len(w) in (3, 4) and tag in _COMMON_TAGS:
                for n in (2, 3):
                    for i in range(1, len(w) - n + 1):
                        if w[i : i + n] in short:
                            inner.setdefault(w[i : i + n], []).append((w, i))
    return words, ext, frozenset(common), {k: tuple(v) for k, v in inner.items()}


@lru_cache(maxsize=1)
def _high_keys() -> tuple[tuple[str, bool], ...]:
    return tuple(load_gazetteer().high_level_keys())


_HIGH_SUFFIX = set("区县市州旗盟")
_AMOUNT_END = set("元万亿千百亩吨%％")  # what an amount ends with


@lru_cache(maxsize=1)
def _high_key_set() -> frozenset[str]:
    return frozenset(k for k, _ in _high_keys())


@lru_cache(maxsize=1)
def _automaton() -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[str, bool], ...]]:
    """Aho-Corasick over the province/city/county keys; a full name beats the same string as a
    short form. ahocorasick-rs: 20x faster here than pyahocorasick's iterator (0.02 vs 0.45 s
    over the 1 M-character benchmark corpus)."""
    keys: dict[str, bool] = {}
    for key, is_short in _high_keys():
        if key not in keys or keys[key]:
            keys[key] = is_short
    items = tuple(keys.items())
    return ahocorasick_rs.AhoCorasick([k for k, _ in items]), items


def _high_hits(text: str):
    """(end index, key, is_short) of every province/city/county key in text, overlaps included."""
    automaton, items = _automaton()
    for i, _s, e in automaton.find_matches_as_indexes(text, overlapping=True):
        key, is_short = items[i]
        yield e - 1, (key, is_short)


def _common_word(w: str) -> bool:
    """True when jieba knows `w` as an ordinary word (乡村, 天台, 和平), not a place name."""
    hit = _jieba_words()[0].get(w)
    if hit is None:
        return False
    freq, tag = hit
    if tag.startswith("ns"):
        return False
    if tag in _COMMON_TAGS:
        return freq >= 20
    return freq >= 1000  # proper-noun tags (nr, nz): only very frequent ones are words


def _common_full(key: str) -> bool:
    """A full name with its suffix that is an ordinary word (城区, 郊区, 矿区, 解放区); jieba also
    lists some real cities as rare nouns (保定市, 大同市), which stay names."""
    if not _common_word(key):
        return False
    return len(key) <= 2 or _jieba_words()[0][key][0] >= 1000


def _crossed(text: str, s: int, e: int) -> bool:
    """An ordinary 2-character word straddles the start or the end of text[s:e]."""
    common = _jieba_words()[2]
    return (s > 0 and text[s - 1 : s + 1] in common) or text[e - 1 : e + 1] in common


_DATELINE_NEXT = set("0123456789一二三四五六七八九十电讯报 \t\r\n\u3000")


def _dateline(text: str, s: int, e: int) -> bool:
    """text[s:e] is the place of a dateline or of a header's location, not of the article."""
    if e < len(text) and text[e] not in _DATELINE_NEXT:
        return False  # the usual case, decided on one character
    if _DATELINE_DATE.match(text, e):
        return True  # 'X月X日电' follows only a dateline's place
    if _DATELINE_DESK.match(text, e) and _DATELINE_LEFT.search(text, max(0, s - 1), s):
        return True  # 新华社北京电, 本报赤峰讯
    if _REPORTED.match(text, e):
        return "记者" in text[text.rfind("\n", 0, s) + 1 : s]  # '【某报讯】记者 某某 江门报道：'
    line_end = text.find("\n", e)
    if text[e:line_end if line_end != -1 else len(text)].strip():
        return False
    return bool(_CLOCK_LEFT.search(text, max(text.rfind("\n", 0, s) + 1, s - 12), s))


def _candidates(text: str, g: Gazetteer, runs: list[tuple[int, int]]) -> list[_Cand]:
    out: list[_Cand] = []
    common, inner = _jieba_words()[2], _jieba_words()[3]
    # what the rules after a short form look for, decided once per article
    schools, farms, brands = "学" in text or "师范" in text, "场" in text, "品牌" in text or "商标" in text
    for end, (key, is_short) in _high_hits(text):
        e = end + 1
        s = e - len(key)
        if _PUBLICATION.match(text, e) or _dateline(text, s, e):
            continue
        if s > 0 and (text[s - 1] in _BYLINE_SEP or text[s - 2 : s] in _BYLINE_TAILS) and \
                _BYLINE_LEFT.search(text, max(0, s - 8), s) and _BYLINE_RIGHT.match(text, e):
            continue  # '记者 金阳 通讯员': a person
        if _PRODUCT.match(text, e) and (is_short or len(key) == 2):
            continue  # 德化黑兔, 岷县当归: a brand, not the place
        if is_short:
            entry = _short_entry(g, key)
            if entry is None:
                continue  # an ordinary word
            if (text[e : e + 1] in _HIGH_SUFFIX and key + text[e] not in _high_key_set()
                    and text[e : e + 2] not in _jieba_words()[2]):
                continue  # 雄[安新]区: the tail of another name with its suffix (not 江苏县域, 安溪市场)
            if s > 0 and (text[s - 1] in _AMOUNT_END or text[s - 1].isdigit()):
                continue  # 突破百万元大关, 500亩大田: a word after an amount, not 大关县 / 大田县
            words, rows, weak = entry
            if any(text.startswith(w, s) for w in words):
                continue  # 浙江大学, 天台山
            if key in inner and any(text.startswith(w, s - i) for w, i in inner[key] if s >= i):
                _drop("short_form_inside_a_word", s, e, key)
                continue  # 兵临城下 (临城), 东躲西藏 (西藏): inside an idiom or another word
            if _LANDMARK_AFTER.match(text, e):
                _drop("short_form_naming_a_landmark", s, e, key)
                continue  # 泰山脚下, 某山景区: the mountain, not the district named after it
            if schools and _SCHOOL.match(text, e):
                _drop("short_form_naming_a_school", s, e, key)
                continue  # 长白大学, 岭南学院 (as 浙江大学): a school named after a place or region
            if farms and _FARM.match(text, e):
                _drop("short_form_naming_a_farm", s, e, key)
                continue  # 张掖农场, 玉门林场: a state farm named after the place, not the place
            if brands and _BRAND_LIST.match(text, e):
                _drop("short_form_in_a_list_of_brands", s, e, key)
                continue  # '安溪铁观音、武夷岩茶等区域公用品牌': a brand in a list of brands
            if _crossed(text, s, e):
                continue  # 翠屏山 (屏山), 党和政府 (和政), 白山头 (白山)
            c = _Cand(s, e, key, list(rows), "short")
            c.weak = weak
        else:
            rows = _full_rows(g, key)
            if not rows:
                continue
            if len(key) == 2 and s > 0 and text[s - 1 : s + 1] in common:
                _drop("one_character_name_ending_a_word", s, e, key)
                continue  # 示[范县]: a one-character name + suffix whose name ends an ordinary word
            if len(key) == 3 and s > 0 and text[s - 1] not in _HIGH_SUFFIX and text[s - 1 : s + 1] in common and \
                    _jieba_words()[0].get(key[1:], (0, ""))[0] >= 500:
                _drop("full_name_across_two_words", s, e, key)
                continue  # 成[立山区]: 成立 + 山区, two words, not 立山区
            if s > 0 and text[s - 1] in _DETERMINERS and text[s - 1 : s + 1] in common:
                continue  # '其中山区村': the name would start inside 其中 (not 走进山东省: 进山)
            c = _Cand(s, e, key, list(rows), "full")
        if s > 0 and text[s - 1] in _DETERMINERS and key[0] in _ADMIN_CHARS:
            continue
        out.append(c)

    tails = g.lengths_by_tail()
    for m in _LOW_SUFFIX.finditer(text):
        e = m.end()
        suffix = m.group()
        found = False
        if suffix == "村" and text.startswith(_VILLAGE_GROUP, e):
            continue  # 阿嘎村民小组
        one_char = suffix in "村镇乡" and m.start() >= 1 and text[m.start() - 1] not in _ONE_CHAR_NOT
        lo, hi = max(0, e - _MAX_LOW), m.start() if one_char else m.start() - 1
        # only the lengths of names that end with these three characters (longest first)
        starts = [e - n for n in (tails.get(text[e - 3 : e], ()) if e >= 3 else ()) if lo <= e - n < hi]
        if lo <= e - 2 < hi:
            starts.append(e - 2)  # a one-character name: 丁村
        for s in starts:
            key = text[s:e]
            if not g.has_full(key):
                continue
            rows = _low_rows(g, key)
            if not rows:
                continue
            if s > 0 and text[s - 1] in _DETERMINERS and key[0] in _ADMIN_CHARS:
                continue  # 全村 / 本镇 / 该乡: the name would start inside that word
            rows = list(rows)
            found = found or e - s - len(suffix) >= 2  # a 1-char hit (丁村) leaves room for 乙丙丁村
            c = _Cand(s, e, key, rows, "low")
            base = key[: -len(suffix)]
            # 红村, 全村, 龙头村, 后进村: the name could be an ordinary word + 村: confirm later
            word = _word_and_suffix(text, s, e, len(suffix))
            if word and suffix == "村" and text.startswith("级", e):
                _drop("word_before_village_level", s, e, key)
                continue  # 着力发展村级产业: a verb + 村级, not the village 发展村
            if suffix == "村" and s > 0 and text[s - 1] in _HONOUR_END and _HONOUR_LEFT.search(text, max(0, s - 3), s):
                _drop("honour_title_of_a_village", s, e, key)
                continue  # 全国文明村, 省级卫生村: an honour, not the village of that name
            c.weak = len(base) <= 1 or word
            if c.weak and _distinct_street(text, s, base, suffix, rows):
                c.weak = False
            c.extras["word"] = word  # the name could be an ordinary word + suffix
            # 其中+X村: a start inside an ordinary word (其中) loses to the name after it; not
            # when that word begins with the previous name's suffix (郎德镇上郎德村: 镇上)
            c.extras["crossed"] = (s > 0 and text[s - 1 : s + 1] in common
                                   and text[s - 1] not in _ADMIN_END)
            out.append(c)
        if not found and suffix in ("村", "镇", "乡", "社区", "街道"):
            out.extend(_unknown(text, m.start(), e, suffix))
        if suffix == "村" and e >= 2 and text[e - 2] in _CN_ORDINAL:
            out.extend(_numbered(text, e - 2, e))

    if "村村" in text:
        out = _doubled(text, g, out)
    if "等" in text:
        out += _one_listed(text, g, out)
    for a, b in runs:
        seg = text[a:b]
        if "村" in seg:
            for m in _LIST.finditer(text, a, b):
                out.extend(_listed(text, m, g))
        if ("乡" in seg or "镇" in seg or "街道" in seg) and _TLIST_TAIL.search(seg):
            for m in _TLIST.finditer(text, a, b):
                out.extend(_townships_listed(text, m, g))
    return out


_COUNT = r"[一二三四五六七八九十两\d]+个"
_ONE_TAIL = re.compile(rf"等(?:{_COUNT})?(?:行政村|村)")


def _one_listed(text: str, g: Gazetteer, out: list[_Cand]) -> list[_Cand]:
    """'某某镇甲乙等5个村': a bare village name between its township and 等…村 is that village
    when the table lists 甲乙村 under that very township."""
    tails = []
    p = text.find("等")
    while p != -1:
        if _ONE_TAIL.match(text, p):
            tails.append(p)
        p = text.find("等", p + 1)
    if not tails:
        return []
    ends = {p - n for p in tails for n in (4, 3, 2)}
    towns: dict[int, set[int]] = {}  # end → township rows of the candidates ending there
    for c in out:
        if c.end in ends and c.kind == "low":
            rows = {r for r in c.rows if g.levels[r] == 3}
            if rows:
                towns.setdefault(c.end, set()).update(rows)
    found = []
    for p in tails:
        for n in (4, 3, 2):
            s = p - n
            if s not in towns or not _CJK.match(text[s:p]) or any(ch in _STOP_IN_NAME for ch in text[s:p]):
                continue
            rows = [r for r in g.rows_full(text[s:p] + "村")
                    if g.levels[r] == 4 and int(g._parent_arr[r]) in towns[s]]
            if rows:
                found.append(_Cand(s, p, text[s:p] + "村", rows, "list", level="village"))
                break
    return found


# '甲乙、丙丁、戊己等乡镇', '甲、乙两镇': townships listed bare before what they are
_TLIST = re.compile(
    r"((?:(?:(?![等和及个])[\u4e00-\u9fff]){2,4}、)+(?:(?![等和及个])[\u4e00-\u9fff]){2,3}?)(等)?"
    r"([一二三四五六七八九十两\d]+个?)?(乡镇|镇(?!村)|乡(?![村镇])|街道)"
)
_TLIST_TAIL = re.compile(r"(?:等|[一二三四五六七八九十两\d]个?)(?:乡镇|镇|乡|街道)")  # what _TLIST ends with
_TLIST_KEYS = {"乡镇": ("镇", "乡"), "镇": ("镇", "乡"), "乡": ("乡", "镇"), "街道": ("街道",)}


def _townships_listed(text: str, m: re.Match, g: Gazetteer) -> list[_Cand]:
    """Bare township names listed before 乡镇/镇/乡/街道, each with the township rows of its name
    with a township suffix (extras['keys']: row → the name written in full); kept only where the
    row is a township of a county the article names (see _acceptance)."""
    items = m.group(1).split("、")
    count = _small_number(m.group(3) or "")
    if m.group(2) is None and (count is None or count != len(items)):
        return []
    suffixes = _TLIST_KEYS[m.group(4)]
    out = []
    pos = m.start(1)
    for k, item in enumerate(items):
        s, e = pos, pos + len(item)
        pos = e + 1
        options = [(e - n, e) for n in (3, 2) if n <= len(item)] if k == 0 else [(s, e)]
        for a, b in options:
            base = text[a:b]
            if any(ch in _FUNCTION_CHARS for ch in base) or base in _jieba_words()[2]:
                continue  # numerals are fine: the name must be a township of a named county
            keys = {r: base + suf for suf in suffixes for r in _low_rows(g, base + suf) if g.levels[r] == 3}
            if keys:
                c = _Cand(a, b, base + suffixes[0], sorted(keys), "tlist", level="township")
                c.extras["keys"] = keys
                out.append(c)
                break
    return out


# after a village written X村村 ('以某某村村为核心'), a character that continues no word of 村 (村民,
# 村委, 村级, 村集体): the village's name is X村 and the text writes it with the suffix 村 again
_DOUBLED_NEXT = set("，,。、；;：:！？“”‘’（）()《》 \t\n\u3000为的是在和与及等以从被将把于已也都还就又先共0123456789")


def _doubled(text: str, g: Gazetteer, out: list[_Cand]) -> list[_Cand]:
    """'某某村村2019年…' names the village 某某村 (a name that ends in 村, written with 村 again):
    where an article writes X村村 so at least once, every X村村 of X村 is that village, with the
    rows of X村 (and of X村村, where the table writes the name so), and X村 alone is renamed X村村
    after acceptance (extras['twin']). It replaces the look-up of the same span."""
    tails = g.lengths_by_tail()
    hits: dict[str, list[tuple[int, int]]] = {}
    decisive: set[str] = set()
    p = text.find("村村")
    while p != -1:
        e = p + 2
        lengths = [n for n in (tails.get(text[p - 2 : p + 1], ()) if p >= 2 else ()) if n < _MAX_LOW]
        for n in [*lengths, 2]:
            s = p + 1 - n
            key = text[s : p + 1]
            if s < 0 or not g.has_full(key) or (s > 0 and text[s - 1] in _DETERMINERS and key[0] in _ADMIN_CHARS):
                continue
            if not any(g.levels[r] == 4 for r in _low_rows(g, key)):
                continue
            hits.setdefault(key, []).append((s, e))
            if e >= len(text) or text[e] in _DOUBLED_NEXT:
                decisive.add(key)
        p = text.find("村村", p + 1)
    if not decisive:
        return out
    common = _jieba_words()[2]
    spans = {span for key in decisive for span in hits[key]}
    out = [c for c in out if (c.start, c.end) not in spans]
    for key in decisive:
        rows = sorted({r for k in (key, key + "村") for r in _low_rows(g, k) if g.levels[r] == 4})
        for s, e in hits[key]:
            c = _Cand(s, e, key + "村", list(rows), "low")
            word = _word_and_suffix(text, s, e - 1, 1)
            c.weak = len(key) <= 2 or word
            c.extras.update(word=word, twin=key,
                            crossed=s > 0 and text[s - 1 : s + 1] in common and text[s - 1] not in _ADMIN_END)
            out.append(c)
    return out


def _drop(rule: str, s: int, e: int, name: str) -> None:
    """Name a candidate the scan drops before selection (for explain)."""
    if trace.active():
        trace.note("places", rule, s, e, "dropped", name)


def _distinct_street(text: str, s: int, base: str, suffix: str, rows: list[int]) -> bool:
    """A 街道/社区 whose name is no word (桐城街道, not 阳光街道) and names one division only is
    that division: every 街道 name counts as a phrase otherwise, and a lone one was lost."""
    if suffix not in ("街道", "社区") or len(base) < 2 or len(rows) != 1:
        return False
    common = _jieba_words()[2]
    return (base not in common and base not in _DOMAIN_WORDS and not _common_word(base)
            and not (s > 0 and text[s - 1 : s + 1] in common))


def _word_and_suffix(text: str, s: int, e: int, suffix_len: int) -> bool:
    """text[s:e], a name ending in a suffix, could be an ordinary word + that suffix: 红村, 龙头村,
    宁海农村 (农村), 宜居村庄, 特色村 (a start inside 特色), 联建村, 经济强村."""
    common = _jieba_words()[2]
    key = text[s:e]
    base = key[:-suffix_len]
    return (base in common or base in _DOMAIN_WORDS
            # 宁海农村; every 街道/社区 name (美丽社区, 阳光街道: generic phrases too), see _choose_row
            or key[-2:] in common or key[-2:] in _DOMAIN_WORDS
            or text[e - 1 : e + 1] in ("村庄", "村落", "村寨")  # 宜居村庄
            or key[-2:] == "新村" and (key[:-2] in common or _common_word(key[:-2]))  # 和谐新村: 'a harmonious new village'
            or key[-2:] in ("镇村", "乡村")  # 某镇村企合作: a township's name, then 村企
            or (s > 0 and text[s - 1 : s + 1] in common))  # 构建一村, 特色村


def _dunhao_runs(text: str) -> list[tuple[int, int]]:
    """Runs of CJK characters, digits and 、 that hold a 、, looked for only in the sentences
    (cut at 。 and line breaks) that hold one. Lists of places live there: neither list pattern
    (_LIST, _RUN) crosses any other character, so searching these runs finds what searching the
    text would, without trying every character of the text (_RUN's tries were quadratic)."""
    out = []
    p = text.find("、")
    while p != -1:
        a = max(text.rfind("。", 0, p), text.rfind("\n", 0, p)) + 1
        ends = [x for x in (text.find("。", p), text.find("\n", p)) if x != -1]
        b = min(ends) if ends else len(text)
        out += [m.span() for m in _DUNHAO_RUN.finditer(text, a, b) if "、" in m.group()]
        p = text.find("、", b)
    return out


# What a key alone decides, once per key (an article names its places again and again): the
# province/city/county keys are a bounded set; low-level keys come from text, so their cache is.
@lru_cache(maxsize=None)
def _short_entry(g: Gazetteer, key: str) -> tuple[tuple[str, ...], tuple[int, ...], bool] | None:
    """None for a short form that is an ordinary word; else the longer words it starts (浙江大学),
    its rows, and whether it is weak (bare district short forms, 鄞州 / 朝阳, are often words)."""
    if _common_word(key):
        return None
    rows = tuple(g.rows_short(key))
    weak = all(g.levels[r] == 2 and g.name(r).endswith("区") for r in rows)
    return tuple(_jieba_words()[1].get(key, ())), rows, weak


@lru_cache(maxsize=None)
def _full_rows(g: Gazetteer, key: str) -> tuple[int, ...]:
    """Province/city/county rows of a full name; none when the name is an ordinary word (城区)."""
    if _common_full(key):
        return ()
    return tuple(r for r in g.rows_full(key) if g.levels[r] <= 2)


@lru_cache(maxsize=20_000)
def _low_rows(g: Gazetteer, key: str) -> tuple[int, ...]:
    """Township/village rows of a known name; none for generic or ordinary words (新村, 中心村)."""
    if key.endswith(_NOT_PLACE_TAIL) or key in _GENERIC_KEYS or _common_word(key):
        return ()
    return tuple(r for r in g.rows_full(key) if g.levels[r] >= 3)


_CN_ORDINAL = set("一二三四五六七八九十")


def _numbered(text: str, a: int, e: int) -> list[_Cand]:
    """'某某乡滨江二村': a numbered village (一村, 二村… of one name) right after a township's
    suffix, the table lacking it; kept only right after that township (see _within)."""
    for n in (3, 2):
        s = a - n
        if s < 2:
            continue
        base = text[s:a]
        if not _CJK.match(base) or base[-1] == "第" or any(ch in _STOP_IN_NAME or ch in _ADMIN_END for ch in base):
            continue
        if text[s - 1] in "镇乡" or text[s - 2 : s] == "街道":
            if base in _jieba_words()[2]:
                continue  # 某镇共有三村: an ordinary word, not a name
            c = _Cand(s, e, text[s:e], [], "unknown", level="village", weak=True)
            c.extras["after_admin"] = True
            return [c]
    return []


def _unknown(text: str, a: int, e: int, suffix: str) -> list[_Cand]:
    """A village/township name the gazetteer lacks, only where the context is clear."""
    heads_org = suffix in ("乡", "镇") and bool(_INDUSTRY_ORG.match(text, e))
    if not (_RIGHT_CTX.match(text, e) or heads_org):
        return []
    for n in (3, 2):
        s = a - n
        if s < 1:
            continue
        base = text[s:a]
        if not _CJK.match(base) or any(ch in _STOP_IN_NAME for ch in base):
            continue
        if base[-1] in _ADMIN_END:
            return []  # 某村村集体, 某镇镇区, 某县村党支部: a known name and a word after it
        if _NOT_IN_NAME.search(base):
            return []  # '成立跨村联合党委': a verb and 跨村; '联盟内村集体': an organisation, not a village
        if base[0] in _LEFT_CTX:
            continue  # '镇以兰岙村': the left context is inside the 3-character span; try 兰岙
        after_admin = text[s - 1] in _ADMIN_END and not any(ch in _ADMIN_END for ch in base)
        if text[s - 1] in _LEFT_CTX or after_admin:
            key = text[s:e]
            if key.endswith(_NOT_PLACE_TAIL) or _common_word(key) or _common_word(base):
                return []
            if base in _jieba_words()[2]:
                return []  # 某镇盘活村集体闲置房屋: an ordinary word (a verb) before 村集体, not a name
            if key[-2:] in _DOMAIN_WORDS or (len(suffix) == 1 and key[-2:] in _jieba_words()[2]):
                return []  # '依托联村党委': 联村 belongs to the organisation noun; 盘活农村: 农村
            if base in _ADMIN_WORDS:
                return []  # 苏木镇党委, 乡镇党委: 'sumu and towns', not a township's name
            c = _Cand(s, e, key, [], "unknown", level=_SUFFIX_LEVEL[suffix], weak=True)
            # '道明镇竹艺村': right after a place's suffix, kept only after its parent (see _within)
            c.extras["after_admin"] = text[s - 1] not in _LEFT_CTX
            c.extras["heads_org"] = heads_org
            return [c]
    return []


_IN_FULL = ("村", "社区", "嘎查")  # a listed item ending so is a name written in full
# prepositions and verbs that open a list's first item ('，由牛村、马村…', '，组织东村、西村…')
_LEAD_WORD_CHARS = set("由向让对把将被给与和同从以在")


def _listed(text: str, m: re.Match, g: Gazetteer) -> list[_Cand]:
    """'芹溪、际头、楼坪三个村': bare village names, 村 appended, offsets on the bare name; a name
    written in full in such a list (甲村、乙村等5个村) keeps its own suffix."""
    items = m.group(1).split("、")
    count = _small_number(m.group(3) or "")
    if m.group(2) is None and count != len(items):
        return []  # 'X、Y三个村' must list exactly three; '组织、覆盖453个村' lists none
    if m.group(2) is None and m.group(3) is None:
        return []
    if any(it in _jieba_words()[2] and not any(g.levels[r] == 4 for r in g.rows_full(it + "村"))
           for it in items[1:]):
        return []  # an ordinary word that is no village's name: not a list of villages
    pos = m.start(1)
    found = []  # (start, end, name, rows, written in full)
    for k, item in enumerate(items):
        s, e = pos, pos + len(item)
        pos = e + 1
        in_full = item.endswith(_IN_FULL)
        # the first item may have swallowed preceding words: trim it to a known name, unless it is
        # a name in full that starts right after punctuation or a function word (将岚溪坪村、…)
        whole = ((s == 0 or text[s - 1] in _LEFT_CTX or text[s - 1] in _STOP_IN_NAME)
                 and item[0] not in _LEAD_WORD_CHARS and not _NOT_IN_NAME.search(item))
        if k == 0 and not (in_full and whole):
            for n in range(min(4, len(item)), 1, -1):
                if g.has_full(item[-n:] if in_full else item[-n:] + "村"):
                    s = e - n
                    break
            else:
                if in_full:
                    continue  # an unknown name in full: where it starts cannot be told
                n = len(items[1]) if len(items) > 1 else 2
                s = e - n
        name = text[s:e] if in_full else text[s:e] + "村"
        rows = [r for r in (_low_rows(g, name) if in_full else g.rows_full(name)) if g.levels[r] == 4]
        found.append((s, e, name, rows, in_full))
    known = any(rows for *_, rows, _ in found)
    counted = m.group(2) is None  # no 等: the count was checked against the items above
    out = []
    for s, e, name, rows, in_full in found:
        if any(ch in _STOP_IN_NAME for ch in text[s:e]) and not rows:
            continue  # numerals are fine in a known village's name (三河, 万河, 十里)
        if in_full:
            # 甲村、乙村等5个村: the name keeps its suffix (乙村, not 乙村村). Not a kind of village
            # (经济强村, 联建村, 示范村); a known name may be a word + 村 (石门村、白果村、龙潭村三个村),
            # an unknown one may not (美丽乡村), and needs an exact count or a known village beside it
            suffix = next(x for x in _IN_FULL if name.endswith(x))
            if (name.endswith(_NOT_PLACE_TAIL) or name in _GENERIC_KEYS
                    or name[: -len(suffix)] in _DOMAIN_WORDS or name[-2:] in _DOMAIN_WORDS
                    or s > 0 and text[s - 1 : s + 1] in _jieba_words()[2]):  # 订[立村]: inside a word
                continue
            if not rows and (_word_and_suffix(text, s, e, len(suffix)) or not (known or counted)):
                continue
        out.append(_Cand(s, e, name, rows, "list", level="village"))
    return out


def _small_number(s: str) -> int | None:
    s = s.removesuffix("个")
    return int(s) if s.isdigit() else cn_numeral(s)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping subset covering most characters; ties prefer more (known) pieces."""
    if not cands:
        return []
    cands.sort(key=lambda c: (c.end, c.start))
    ends = [c.end for c in cands]
    best = [0.0] * (len(cands) + 1)
    take = [False] * len(cands)
    prev_idx = []
    for i, c in enumerate(cands):
        j = bisect.bisect_right(ends, c.start, 0, i)
        prev_idx.append(j)
        # a list of villages (甲村、乙村等5个村) beats the bare look-up of the same span: the list
        # says what each item is, where the table may know the name only elsewhere
        w = (c.end - c.start) + (0.35 if c.kind in ("list", "tlist") else 0.3 if c.kind in ("full", "low") else 0.1)
        w -= 0.5 if c.weak else 0.0
        w -= 1.0 if c.extras.get("crossed") else 0.0
        incl = best[j] + w
        if incl > best[i]:
            best[i + 1] = incl
            take[i] = True
        else:
            best[i + 1] = best[i]
    out = []
    i = len(cands) - 1
    while i >= 0:
        if take[i]:
            out.append(cands[i])
            i = prev_idx[i] - 1
        else:
            i -= 1
    out.reverse()
    return out


def _resolve(cands: list[_Cand], g: Gazetteer) -> None:
    named: dict[int, set[str]] = {}  # rows that can be another candidate's ancestor
    for c in cands:
        if c.name.endswith(("村", "社区", "嘎查")):
            continue  # villages are nobody's ancestors (平安村: hundreds of rows)
        for r in c.rows:
            named.setdefault(r, set()).add(c.name)
    anchors = [c.rows[0] for c in cands if len(c.rows) == 1 and not c.weak]
    anc_prov: dict[int, int] = {}
    anc_city: dict[int, int] = {}
    anc_county: set[int] = set()
    for r in anchors:
        chain = [r, *g.ancestors(r)]
        for a in chain:
            if g.levels[a] == 0:
                anc_prov[a] = anc_prov.get(a, 0) + 1
            elif g.levels[a] == 1:
                anc_city[a] = anc_city.get(a, 0) + 1
            elif g.levels[a] == 2:
                anc_county.add(a)
    # the choice depends on the name and its rows only: an article repeats its places, decide once
    memo: dict[tuple, tuple[int | None, bool | None]] = {}
    for c in cands:
        if not c.rows:
            continue
        key = (c.name, tuple(c.rows))
        if key not in memo:
            memo[key] = _choose_row(c.name, c.rows, named, anc_city, anc_prov, anc_county, g)
        chosen, confirmed = memo[key]
        if chosen is not None:
            c.chosen = chosen
        if confirmed is not None:
            c.extras["confirmed"] = confirmed


_WEIGHTS = {0: 1, 1: 2, 2: 3, 3: 4}


def _choose_row(name: str, rows: list[int], named: dict[int, set[str]], anc_city: dict[int, int],
                anc_prov: dict[int, int], anc_county: set[int], g: Gazetteer) -> tuple[int | None, bool | None]:
    """The row a name means (or None) and, when other names decided it, whether one of them is a
    county or township above it (strong enough to confirm a village)."""
    scores = []
    close = []
    # a 街道 is confirmed by its city too (宣城…某某街道, 中山市某某街道: a city's streets are few)
    near_level = 1 if name.endswith("街道") else 2
    for r in rows:
        sc = 0
        near = False
        for a in g.ancestors(r):
            if a in named and named[a] - {name}:
                sc += _WEIGHTS[int(g.levels[a])]
                near = near or g.levels[a] >= near_level
        scores.append(sc)
        close.append(near)
    top = max(scores)
    if top > 0 and scores.count(top) == 1:
        i = scores.index(top)
        if not close[i] and g.levels[rows[i]] >= 3 and _namesake_elsewhere(rows[i], anc_city, anc_county, g):
            return None, None  # 汪营村 of 襄阳 in an article about 恩施州: a namesake elsewhere
        return rows[i], close[i] or g.levels[rows[i]] <= 2
    if len(rows) == 1:
        return rows[0], None
    top = 0
    if anc_city or anc_prov:
        # the row itself counts (海南: the province that holds the article's other places, not 海南州)
        ctx = [sum(2 * anc_city.get(a, 0) + anc_prov.get(a, 0) for a in (r, *g.ancestors(r))) for r in rows]
        top = max(ctx)
        if top > 0 and ctx.count(top) == 1:
            return rows[ctx.index(top)], None
    provinces = [r for r in rows if g.levels[r] == 0] if top == 0 and len(rows) <= 4 else ()
    if len(provinces) == 1:
        return provinces[0], None  # 河南 alone is the province, not 河南县 of Qinghai
    return None, None


def _namesake_elsewhere(r: int, anc_city: dict[int, int], anc_county: set[int], g: Gazetteer) -> bool:
    """The article names another city of r's province, or another county of r's city, and not
    r's own: the township or village r is likely a namesake of the one meant."""
    chain = g.ancestors(r)
    city = next((a for a in chain if g.levels[a] == 1), None)
    county = next((a for a in chain if g.levels[a] == 2), None)
    if city is not None and city not in anc_city and any(_province(g, a) == chain[-1] for a in anc_city):
        return True
    return (county is not None and county not in anc_county
            and any(city in g.ancestors(a) for a in anc_county))


def _province(g: Gazetteer, r: int) -> int:
    chain = g.ancestors(r)
    return chain[-1] if chain else r


def _level(c: _Cand, g: Gazetteer) -> str:
    if c.chosen is not None:
        return g.level_of(c.chosen)
    if c.level:
        return c.level
    levels = {g.level_of(r) for r in c.rows}
    if len(levels) == 1:
        return levels.pop()
    for suf, lvl in _SUFFIX_LEVEL.items():
        if c.name.endswith(suf) and lvl in levels:
            return lvl
    if c.name[-1] in "县旗" and "county" in levels:
        return "county"
    return min(levels, key=LEVELS.index)


_STRONG_RIGHT = re.compile(r"(?:党支部|党总支|党委|村委|两委|村民委员会|居委|支部书记)")


def _has_context(text: str, c: _Cand, accepted: list[_Cand]) -> bool:
    """An unknown name is kept beside another place or before a village organ (某村党支部)."""
    if c.extras.get("after_admin"):
        return False  # only right after its parent: see _within
    if any(o is not c and (o.end == c.start or o.start == c.end) for o in accepted):
        return True
    return _STRONG_RIGHT.match(text, c.end) is not None


def _named_with_city(c: _Cand, strong: list[_Cand], g: Gazetteer) -> bool:
    """The article names the city above c's row, or c's row by its full name."""
    if c.chosen is None:
        return False
    above = {a for a in g.ancestors(c.chosen) if g.levels[a] == 1}
    return any(o is not c and o.chosen is not None and
               (o.chosen in above or (o.chosen == c.chosen and o.kind == "full")) for o in strong)


def _acceptance(text: str, c: _Cand, g: Gazetteer, strong: list[_Cand], provinces: set, listed: set[int],
                ends: dict[int, _Cand] | None = None) -> str:
    """The named rule that keeps or drops a chosen candidate ("kept…" keeps it)."""
    confirmed = c.extras.get("confirmed", False)
    if c.kind == "unknown":
        return "kept_unknown_name_with_place_context" if _has_context(text, c, strong) else "unknown_name_without_place_context"
    if c.kind == "tlist":
        counties = {o.chosen for o in strong if o.chosen is not None and g.levels[o.chosen] == 2}
        county = next((a for a in g.ancestors(c.chosen) if g.levels[a] == 2), None) if c.chosen is not None else None
        return ("kept_township_listed_in_a_named_county" if county is not None and county in counties
                else "township_listed_outside_the_named_counties")
    if c.weak and not confirmed:
        return "weak_match_unconfirmed"
    if c.kind == "short" and c.name in SHORT_FORMS_THAT_ARE_WORDS and not _named_with_city(c, strong, g):
        return "short_form_that_is_a_word"  # 平原特色, 惠民政策: the word, unless its city is named
    if c.kind == "short" and provinces and not confirmed and \
            not any(g.levels[r] == 0 for r in c.rows) and \
            not any(_province(g, r) in provinces for r in c.rows) and \
            not (id(c) in listed and all(g.levels[r] <= 1 for r in c.rows)):
        return "short_form_outside_the_named_provinces"  # 大田托管: far from every place named
    before = (ends or {}).get(c.start)
    if c.kind == "low" and c.chosen is not None and before is not None and before.chosen is not None and \
            g.levels[before.chosen] <= 1 and before.chosen in g.ancestors(c.chosen):
        return "kept_right_after_its_province_or_city"  # 湖北某某村: the one 某某村 of that province
    if c.kind == "low" and before is not None and before.chosen is not None and g.levels[before.chosen] <= 1 and \
            len(c.name) >= 3 and (c.chosen is None or before.chosen not in g.ancestors(c.chosen)):
        c.chosen = None  # 江苏某某村 where the table has no such village there: the text's village, unresolved
        return "kept_right_after_a_province_unresolved"
    if c.kind == "low" and provinces and not confirmed and \
            (c.chosen is None or _province(g, c.chosen) not in provinces) and \
            not any(_province(g, r) in provinces for r in c.rows):
        return "village_or_township_of_an_unnamed_province"
    return f"kept_{c.kind}_name"


# one-character names of provinces, read only inside a region written with two or more of them
# (川渝地区, 京津冀, 江浙沪, 苏浙皖): the provinces an article names that way are named
_PROVINCE_CHARS = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "蒙": "内蒙古自治区", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省", "渝": "重庆市", "川": "四川省", "蜀": "四川省",
    "黔": "贵州省", "贵": "贵州省", "滇": "云南省", "云": "云南省", "藏": "西藏自治区", "陕": "陕西省",
    "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}
_REGION_OF_PROVINCES = re.compile(
    r"(?<![四重])([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕甘陇青宁新]{2,4})"
    r"(?=地区|两省|三省|四省|两地|三地|毗邻|交界|边界|接壤|区域|一体化|合作|协作|携手)"
)


def _abbreviated_provinces(text: str, g: Gazetteer) -> set[int]:
    """Province rows named by one-character names in a region word (川渝地区, 湘鄂赣交界)."""
    out: set[int] = set()
    for m in _REGION_OF_PROVINCES.finditer(text):
        for ch in m.group(1):
            rows = [r for r in g.rows_full(_PROVINCE_CHARS[ch]) if g.levels[r] == 0]
            out.update(rows[:1])
    return out


def _confirm_by_members(chosen: list[_Cand], g: Gazetteer) -> None:
    """A weak township or county (六合街道: 六合 is a word), or one of many namesakes (永安镇), is
    confirmed and resolved where a village the article names lies inside exactly one of its rows:
    the villages say which unit the words name."""
    inside: set[int] = set()
    for o in chosen:
        if (not o.weak or o.extras.get("confirmed")) and o.chosen is not None and g.levels[o.chosen] == 4:
            inside.update(g.ancestors(o.chosen))
    if not inside:
        return
    for c in chosen:
        if c.rows and c.kind != "short" and (c.weak and not c.extras.get("confirmed") or c.chosen is None and len(c.rows) > 1):
            hit = [r for r in c.rows if r in inside and g.levels[r] in (2, 3)]
            if len(hit) == 1:
                c.chosen = hit[0]  # 永安镇 of many: the one the named villages lie in
                c.extras["confirmed"] = True


def find_places(text: str) -> list[PlaceMention]:
    """Every administrative unit named in `text`, with offsets; see the module docstring."""
    g = load_gazetteer()
    runs = _dunhao_runs(text)
    chosen = _select(_candidates(text, g, runs))
    _resolve(chosen, g)
    strong = [c for c in chosen if not c.weak]
    _confirm_by_members(chosen, g)
    provinces = {_province(g, c.rows[0]) for c in strong if c.kind == "full" and len(c.rows) == 1}
    provinces |= _abbreviated_provinces(text, g)
    listed = _listed_high(text, chosen, g)
    ends = {c.end: c for c in strong}
    accepted: list[_Cand] = []
    rejected: list[_Cand] = []
    for c in chosen:
        rule = _acceptance(text, c, g, strong, provinces, listed, ends)
        ok = rule.startswith("kept")
        (accepted if ok else rejected).append(c)
        if trace.active():
            trace.note("places", rule, c.start, c.end, "kept" if ok else "dropped", f"{c.name} ({c.kind})")
    # a village or township the gazetteer lacks or places elsewhere (renamed, merged, newer than
    # the table) is kept where the text puts it inside a place the article names
    rescued = [c for c in rejected if c.kind in ("low", "unknown") and _within(text, c, accepted, g)]
    if rescued:
        # the same village named again (岚村 … 岚村—苏村), then what a dash joins to it
        names = {c.name for c in rescued if _cand_level(c, g) == 4}
        ids = {id(c) for c in rescued}
        again = [c for c in rejected if id(c) not in ids and c.name in names]
        ids |= {id(c) for c in again}
        known = sorted(accepted + rescued + again, key=lambda c: c.start)
        chained = [c for c in rejected if id(c) not in ids and c.kind in ("low", "unknown")
                   and _within(text, c, known, g)]
        rescued += again + chained
    for c in rescued:
        if c.chosen is not None and provinces and _province(g, c.chosen) not in provinces:
            c.chosen = None  # the row found is a namesake elsewhere
        trace.note("places", "rescued_inside_a_named_place", c.start, c.end, "kept", c.name)
    rescued_ids = {id(c) for c in rescued}
    accepted_ids = {id(c) for c in accepted} | rescued_ids
    # the village an article writes X村村 is that name wherever the text writes it X村
    twins = {c.extras["twin"]: c.name for c in chosen if id(c) in accepted_ids and "twin" in c.extras}
    for c in chosen:
        if c.kind == "tlist" and c.chosen is not None:
            c.name = c.extras["keys"][c.chosen]  # 甲乙 of '甲乙、丙丁等乡镇' is 甲乙镇 or 甲乙乡, as the table says
        if c.name in twins and id(c) in accepted_ids:
            c.name = twins[c.name]
    out: list[PlaceMention] = []
    kept: list[_Cand] = []
    for c in chosen:
        if id(c) not in accepted_ids:
            continue
        pm = PlaceMention(name=c.name, level=_level(c, g), start=c.start, end=c.end)
        if c.chosen is not None:
            d = g.division(c.chosen)
            pm.code, pm.province, pm.city, pm.county = d.code, d.province, d.city, d.county
        out.append(pm)
        if c.chosen is not None and g.levels[c.chosen] == 4 and len(c.name) > 1:
            kept.append(c)
    out += _siblings(text, kept, out, g, runs)
    out.sort(key=lambda p: p.start)
    return out


_LIST_SEP = {"、", "和", "与", "及"}
# a village the sentence makes the subject or core of an alliance ('以某村为核心', '某村联合周边')
_VILLAGE_FRAME = re.compile(rf"(?:{_VILLAGE_LEADS}|{_VILLAGE_ORGANS}|支部书记)")
_DASHES = "—-－–"


def _cand_level(c: _Cand, g: Gazetteer) -> int:
    return LEVELS.index(_level(c, g))


def _within(text: str, c: _Cand, accepted: list[_Cand], g: Gazetteer) -> bool:
    """The text puts a rejected village/township inside a place the article names:
    - right after its township or county (崇州市道明镇竹艺村, 堌阳镇徐场村);
    - a village in the frame of a village (以某村为核心, 某村联合周边, 某村党支部) in a sentence that
      names its township or county before it (思口镇以延村为核心);
    - an unknown township (东坝头乡) whose name with the other township suffix is a township of a
      county the article names (乡 → 镇 upgrades keep the old name in use).
    A name that can be an ordinary word + suffix (龙头村, 特色村) is not rescued."""
    lvl = _cand_level(c, g)
    if lvl < 3 or c.extras.get("word"):
        return False  # 龙头村, 特色村 (色村): an ordinary word + 村
    parents = [o for o in accepted if 2 <= _cand_level(o, g) < lvl and o.end <= c.start]
    if any(o.end == c.start and o.kind != "short" for o in parents):  # not 开平碉楼村: a brand
        return True
    if c.kind in ("unknown", "low") and lvl == 3:
        if c.extras.get("after_admin") or c.name[-1] not in "乡镇":
            return False
        base = c.name[:-1]
        counties = {o.chosen for o in accepted if o.chosen is not None and g.levels[o.chosen] == 2}
        if c.kind == "unknown" and c.extras.get("heads_org") and counties and len(base) >= 2:
            return True  # '某乡板栗产业党建联盟' in an article about a county: a township it lacks
        alt = base + ("镇" if c.name[-1] == "乡" else "乡")
        return any(int(g._parent_arr[r]) in counties for r in g.rows_full(alt) if g.levels[r] == 3)
    if lvl != 4 or c.extras.get("after_admin"):
        return False
    if len(c.name) == 2 and c.start > 0 and text[c.start - 1] not in _LEFT_CTX and \
            text[c.start - 1] not in _DASHES:
        return False  # a one-character name must start at a boundary (以延村为核心, not 兰|岙村)
    sentence = sentence_start(text, c.start)
    if not any(o.start >= sentence for o in parents):
        return False
    if _VILLAGE_FRAME.match(text, c.end):
        return True
    # '宏村—卢村联村党委': joined by a single dash to a village the article names
    villages = [o for o in accepted if _cand_level(o, g) == 4]
    return any((o.end + 1 == c.start and text[o.end] in _DASHES and text[o.end - 1:o.end] != text[o.end])
               or (c.end + 1 == o.start and text[c.end] in _DASHES) for o in villages)


def _listed_high(text: str, chosen: list[_Cand], g: Gazetteer) -> set[int]:
    """ids of province/city candidates listed with 、/和/与/及 beside another such place
    ('来自北京、上海、广州的客商', '销往成都、重庆和昆明'): in a list of places, a bare city short form
    is a place even in an article about another province."""
    high = [c for c in chosen if c.kind in ("short", "full") and not c.weak and c.rows
            and all(g.levels[r] <= 1 for r in c.rows)]
    out: set[int] = set()
    for a, b in zip(high, high[1:]):
        if text[a.end:b.start] in _LIST_SEP:
            out.update((id(a), id(b)))
    return out


_RUN = re.compile(r"(?:[\u4e00-\u9fff]+、)+[\u4e00-\u9fff]+")


def _siblings(text: str, villages: list[_Cand], out: list[PlaceMention], g: Gazetteer,
              runs: list[tuple[int, int]]) -> list[PlaceMention]:
    """'控拜、麻料、乌高是有名的银匠村': bare names listed beside villages the article names
    elsewhere (控拜村, 麻料村) are villages too when each is a sibling (same township) of one."""
    if not villages:
        return []
    bases = {c.name[:-1]: c for c in villages if c.name.endswith("村")}
    parents = {int(g._parent_arr[c.chosen]) for c in villages}
    seen = {p.name for p in out}
    found: list[PlaceMention] = []
    for m in (hit for start, end in runs for hit in _RUN.finditer(text, start, end)):
        if not any(b in m.group() for b in bases):
            continue  # the check below, cheaply: no village the article names is in the run
        segs = m.group().split("、")
        pos, spans = m.start(), []
        for k, seg in enumerate(segs):
            if k == 0:
                opts = [(pos + len(seg) - n, pos + len(seg)) for n in (4, 3, 2) if len(seg) >= n]
            elif k == len(segs) - 1:
                opts = [(pos, pos + n) for n in (4, 3, 2) if len(seg) >= n]
            else:
                opts = [(pos, pos + len(seg))] if 2 <= len(seg) <= 4 else []
            spans.append(opts)
            pos += len(seg) + 1
        if not any(text[a:b] in bases for opts in spans for a, b in opts):
            continue  # no item is a village the article names with 村
        for opts in spans:
            for a, b in opts:
                base = text[a:b]
                if base in bases or base + "村" in seen or any(ch in _STOP_IN_NAME for ch in base):
                    if base in bases:
                        break
                    continue
                rows = [r for r in g.rows_full(base + "村") if g.levels[r] == 4 and int(g._parent_arr[r]) in parents]
                if len(rows) == 1:
                    d = g.division(rows[0])
                    found.append(PlaceMention(name=base + "村", level="village", start=a, end=b, code=d.code,
                                              province=d.province, city=d.city, county=d.county))
                    seen.add(base + "村")
                    break
    return found


class PlacesComponent(Component):
    """spaCy component: sets doc._.places from the clean text."""

    def __call__(self, doc: Doc) -> Doc:
        places = find_places(doc._.text)
        for p in places:
            p.extractor = self.extractor_id
        doc._.places = places
        return doc


@Language.factory("partybuild_places", default_config={}, assigns=["doc._.places"])
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()

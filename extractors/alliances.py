"""Named alliances and joint party organisations (红星湾党建联盟, 金南联合党委, 芹溪—际头—楼坪联村党组织).

A name is an organisation noun plus the proper words in front of it. Generic mentions
(党建联盟, 片区联合党委, 治理党建联盟, 蔬菜产业联合党委) are not names: the words before the noun must hold
something that is not a type word. Leading county-or-higher places are not part of a name
(余姚新时代红村党建联盟 → 新时代红村党建联盟); a township or village stays when without it only
type words would remain (胡陈乡农业产业党建联盟, 后岸村共同富裕党建联盟), and a place of any level
stays before a product industry (郭家坝镇脐橙产业党建联盟: 脐橙产业 says what kind, the place which one).

A name is always the text at its offsets with quote marks dropped: it never crosses a line break,
and a dash joins names only as a single dash between place-like parts (芹溪—际头—楼坪), never a
破折号 before a clause (新风景——金山区推进…). Quoted type words (“社区化服务”党建联盟) stay generic.
A shortened mention (a heading's “稻乡”联合党委) of a longer name the article gives
(民乐稻乡联合党委) is not a second alliance.

A name built on a village/township name the article gives keeps the whole name where the word cut
lost its first characters (组建道明竹编 → 组建/道/明/竹编; 伍家台贡茶, 竹泉旅游, the first part of a dash
chain); a type word the cut split stays whole (嘎查村, not 查村). Descriptive labels are not names:
an ordinary noun with one type word (温泉康养, 茶旅), a qualified product industry (高山茶产业) unless
a place stands before it (杭坪镇高山茶产业联合党委), a place's nickname (寿光菜乡, 某某之乡), a task
(建强联村党组织: a verb and its result) or a quantifier (所有联村党组织). A dash chain keeps its first
village (宏村—卢村联村党委), which is never stripped as a leading place.

Records (add_records): each alliance counts its mentions (a shortened form linked to the long
name) and, read in the sentences that name it and no other alliance, gets `founded` (a date tied
to a verb of forming it), `members` (a list of named units the words tie to it) and `lead` (以甲村为
核心, 由甲村牵头, 甲村联合周边…), each with the span it comes from; None whenever unsure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.component import Component
from extractors.numbers import CN_DIGITS, CN_UNITS, cn_numeral
from extractors.records import AllianceMention, PlaceMention
from extractors.vocab import ALLIANCE_NAME_NOUN

NAME, VERSION = "alliances", "1.12.0"

ORG_NOUN = re.compile(ALLIANCE_NAME_NOUN)

# Words that name a type of alliance, not one alliance.
_TYPE_WORDS = sorted(
    """
    党建 区域 片区 全域 全市 全县 全镇 全乡 跨村 村村 跨区域 跨领域 跨行业 联村 村级 镇村 村企 基层 农村 城乡 城市 社区 社区化
    治理 物业 睦邻 飞地 合作 共同富裕 共富 乡村振兴 乡村 振兴 服务 综合 功能 功能型 类型 新型 特色 示范 专业 产业 产业链
    农业 工业 商贸 工商 贸易 文旅 旅游 融合 发展 生态 人才 教育 医疗 卫生 志愿 楼宇 商圈 园区 企业 两新 行业 红色
    组织 联建 共建 联合 抱团 强村 富民 区域化 网格 网格化 一体化 各类 多个 若干 一批 更多
    项目 电商 党群 机关 村社 村居 乡镇 镇街 街道 县域 市域 县级 市级 镇级 省级 国家级
    嘎查村 嘎查 茶旅 农旅 林旅 渔旅 牧旅 体旅 商旅 文体 康养 研学
    跨界 毗邻 边界 集聚区 开发区 高新区 示范区 山区 沿海 边境 库区 牧区 林区 垦区
    """.split(),
    key=len,
    reverse=True,
)
_TYPE_RE = re.compile("|".join(map(re.escape, _TYPE_WORDS)))

# Words that end a name on its left: verbs of forming and joining, function words.
_BOUNDARY_WORDS = sorted(
    """
    组建 成立 建立 建成 打造 探索 牵头 依托 通过 推动 发挥 加入 联合 以 由 的 和 与 及 同 跟 在 为 是 了 将 把 让 被 等
    个 家 名 各 该 本 其 兼任 担任 作为 成为 形成 构建 创建 组成 筹建 设立 组织 带领 带动 引领 实施 推行 开展 共同
    新建 培育 深化 完善 健全 强化 这 那 此 一 个个 中 内 下 上 里 向 对 从 到 按照 围绕 聚焦 结合 采取 实行 已 均 都 还 又
    暨 随着 出台 召开 吹响 看看 拓展 明确 提升 切实 积极 正式 全面 不断 进一步 试点 选举 中共 如 例如 比如 诸如 像
    所有 全部 一切 全体 整个 各个 每个 这些 那些 其他 其它
    经 经过 举行 举办 签署 签订 启动 参加 出席
    """.split(),
    key=len,
    reverse=True,
)
# \Z, not $: '$' also matches before a final newline, and a name never spans a line break
# ("…黑龙江\n联合党委…" is a dateline and a headline, not 黑龙江联合党委)
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff—\-－–·]+\Z")
_QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n]{1,15})[”\"」』’]\Z")
# a quoted name with a descriptor before the noun: “渭河源”马铃薯产业党建共同体
_QUOTED_DESC = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n]{1,15})[”\"」』’]([\u4e00-\u9fff]{1,8})\Z")
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
_QUOTE_MARKS = re.compile(r"[“”\"「」『』‘’]")
_MAX_LEFT = 16
# names joined by single dashes (芹溪—际头—楼坪); a doubled dash (——) is a 破折号, a clause break
_DASH = r"(?:—|-|－|–)"
_DASH_CHAIN = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:(?<![—\-－–]){_DASH}(?![—\-－–])[\u4e00-\u9fff]{{1,6}}){{1,6}}\Z")


def _is_generic(modifier: str) -> bool:
    """True when the words are only type words (农业产业, 共同富裕, 治理)."""
    rest = _TYPE_RE.sub("", modifier)
    rest = re.sub(r"[—\-－–·、]", "", rest)
    return len(rest) < 2


_FORMING = re.compile(r"组建|成立|建立|打造|探索|牵头|推动|推进|加入|构建|创建|组成|筹建|设立|推行|实施|开展")
# an adverb + verb jieba keeps as one noun (充分利用, 大力发展): a clause, never a name's start
_ADVERB_VERB = re.compile(r"(?:充分|大力|全面|积极|不断|持续|深入|切实|努力|着力|加快|加大|进一步)[\u4e00-\u9fff]{2}")
_ADMIN_SUFFIX = tuple("省市区县旗镇乡") + ("街道",)


def _admin_unit_end(word: tuple[str, str]) -> bool:
    """The word ends an administrative unit's name: a place word with its suffix (金山区) or a
    suffix jieba cut off (永川/区)."""
    text, flag = word
    return text.endswith(_ADMIN_SUFFIX) and (len(text) == 1 or (flag.startswith("ns") and len(text) >= 3))


_NUMERAL_CHARS = set(CN_DIGITS + CN_UNITS)
# a numeral word inside a proper name (千年, 八百里), not a count or an order (首个, 第一)
_NUMERAL_WORD = re.compile(f"[{re.escape(CN_DIGITS + CN_UNITS)}]+[年里]")
_COUNTED_UNITS = set("村镇乡组户社片区县市企")
_STOP_TAGS = ("p", "c", "u", "r", "d", "m", "q", "f", "t", "s", "w", "e", "y", "o")
# organisations (and alliances: 党建联合体桑梓片区联合党委 names the second one) end a name on its left
_ORG_SUFFIX = re.compile(r"(?:中心|公司|合作社|联合社|委员会|政府|党委|党支部|支部|办事处|管委会|协会|学校|院校|医院|银行|集团|机关"
                         r"|联合体|共同体|联盟|示范区|开发区|高新区|经开区|产业园|工业园|园区)$")


# a verb of doing and its result (建强, 做大, 抓实): '建强联村党组织' is a task, not a name
_DOING = set("建做抓办用管育搞夯壮配选")
_RESULTS = set("强大好实优活牢硬细精")


_TYPE_SET = frozenset(_TYPE_WORDS)


def _merge_type_words(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two words that make one type word (共/富 → 共富, 农/旅 → 农旅) are one noun: the word cut
    does not know every type word, and its pieces read as an adverb and a name."""
    out: list[tuple[str, str]] = []
    for word, flag in words:
        if out and len(out[-1][0]) == 1 and len(word) == 1 and out[-1][0] + word in _TYPE_SET:
            out[-1] = (out[-1][0] + word, "n")
        else:
            out.append((word, flag))
    return out


@lru_cache(maxsize=4096)
def _trim_at_boundary(run: str) -> str:
    """The right part of the run that can belong to a name, read word by word from the right.

    Stops at function words (by part of speech), verbs of forming (组建, 成立…), organisations
    (…中心, …公司) and two-character verbs; a two-character verb between nouns stays, because
    slogan names are built that way (艺术振兴乡村, 科技兴农).
    """
    import jieba.posseg as posseg

    words = _merge_type_words([(w.word, w.flag) for w in posseg.cut(run, HMM=False)])
    kept: list[str] = []
    i = len(words) - 1
    while i >= 0:
        word, flag = words[i]
        if word == "·" or (flag == "m" and word in _NUMERAL_CHARS and kept and len(kept[-1]) == 1
                           and kept[-1] not in _BOUNDARY_WORDS and kept[-1] not in _COUNTED_UNITS):
            # 程阳八寨: a numeral jieba cut off inside a place-like name (八/寨); not a count of
            # units (三村联合党委, 五镇党建联盟)
            kept.append(word)
            i -= 1
            continue
        if flag == "q" and len(word) == 1 and len(kept) == 1 and len(kept[0]) == 1 and word not in _BOUNDARY_WORDS \
                and not (i > 0 and words[i - 1][1].startswith("m")):
            # 张/江: a two-character name whose first character the word cut read as a measure
            # word (张江联合党委), not after a numeral (一张…)
            kept.append(word)
            i -= 1
            continue
        if (flag == "x" and len(word) == 1 and "\u4e00" <= word <= "\u9fff") or (word == "片" and not kept):
            # 片 before the noun is a 片区's short form (东岭片联村党委), not a classifier;
            kept.append(word)  # a rare character jieba does not know (塅, 垭) is a place name's
            i -= 1
            continue
        if flag == "m" and _NUMERAL_WORD.fullmatch(word) and kept and i > 0 and words[i - 1][1].startswith(("ns", "nr", "nz")):
            kept.append(word)  # 南岗千年瑶寨: a numeral word between two proper words is the name's
            i -= 1
            continue
        # a dash ends the name here: names joined by dashes are read by the chain rule, and a
        # dash before a clause (新风景——金山区推进…) is punctuation
        if word in _BOUNDARY_WORDS or _FORMING.search(word) or _ADVERB_VERB.match(word) or \
                _ORG_SUFFIX.search(word) or flag.startswith(_STOP_TAGS) or flag == "x":
            break
        if word in _RESULTS and i > 0 and words[i - 1][0] in _DOING:
            break  # 建强, 做大: a verb and its result ('建强联村党组织'), not a name
        if flag.startswith("v") and len(word) >= 2:
            left = words[i - 1] if i > 0 else ("", "")
            # a noun, but not an administrative unit: '金山区推广…' is a clause (place + verb),
            # '艺术振兴乡村' a slogan name (noun + verb + noun)
            left_is_noun = (left[1].startswith("n") and left[0] not in _BOUNDARY_WORDS
                            and not _admin_unit_end(left))
            # a verbal noun after a noun names a trade (农业发展, 种养循环) even next to the noun
            if not ((kept or flag == "vn") and left_is_noun and len(word) + sum(map(len, kept)) <= 8):
                break
        kept.append(word)
        i -= 1
    if kept and kept[-1] == "·" and i >= 0:
        # a dot joins two parts of one name (溪映明月·南山云见): the part before it is read by its
        # boundaries only, since the word cut tags a poetic name's words as anything (明月: time)
        size = 0
        while i >= 0:
            word, flag = words[i]
            if word in _BOUNDARY_WORDS or _FORMING.search(word) or _ORG_SUFFIX.search(word) or \
                    flag.startswith(("p", "c", "u", "r", "m", "q", "x", "w")) or size + len(word) > 8:
                break
            kept.append(word)
            size += len(word)
            i -= 1
    return "".join(reversed(kept))


@lru_cache(maxsize=4096)
def _joinable(part: str) -> bool:
    """A part after a joining dash is a name (际头, 楼坪, 振兴), not a clause: no verb of forming,
    no function word of two or more characters."""
    import jieba

    return not _FORMING.search(part) and not any(
        len(w) >= 2 and w in _BOUNDARY_WORDS for w in jieba.cut(part, HMM=False))


@lru_cache(maxsize=4096)
def _is_descriptor(desc: str) -> bool:
    """The words between a quoted name and the noun describe the alliance (马铃薯产业, 文旅,
    薰衣草产业) rather than start a clause (模式组建, 问题成立): no function words, no verbs of
    forming, no organisations; a verbal noun (jieba tags 薰衣草 'vn') is a noun here."""
    import jieba.posseg as posseg

    words = [(w.word, w.flag) for w in posseg.cut(desc, HMM=False)]
    for i, (word, flag) in enumerate(words):
        if word in _BOUNDARY_WORDS or _FORMING.search(word) or _ORG_SUFFIX.search(word):
            return False
        if flag.startswith(_STOP_TAGS) or flag == "x":
            return False
        industry_next = i + 1 < len(words) and words[i + 1][0] in ("产业", "产业链")
        if flag == "v" and len(word) >= 2 and not _TYPE_RE.fullmatch(word) and not industry_next:
            return False  # but 烘焙产业, 种植产业: a trade named by its verb
    return True


# products an industry alliance is named by (脐橙产业党建联盟): what kind of alliance, not which one
_PRODUCTS = (
    "白茶|绿茶|红茶|黑茶|茶叶|茶|大米|稻米|水稻|香米|脐橙|柑橘|蜜桔|蜜橘|苹果|葡萄|猕猴桃|核桃|板栗|"
    "蔬菜|食用菌|香菇|木耳|中药材|药材|马铃薯|辣椒|花椒|生姜|油茶|茶油|肉牛|肉羊|生猪|黑猪|牦牛|蜂蜜|"
    "花卉|苗木|水果|果蔬|粮食|渔业|水产|畜牧|养殖|种植|民宿"
)
# qualifiers of a product that still name a kind (高山茶, 有机大米, 富硒茶叶)
_QUALIFIERS = "高山|有机|富硒|绿色|优质|精品|野生|原生态|高原|山地|云雾|冷水|设施|林下|道地"
_PRODUCT = re.compile(f"(?:{_QUALIFIERS})?(?:{_PRODUCTS})+")
_INDUSTRY = re.compile(r"(.+?)(?:产业链|产业)")
_PROPER_TAGS = ("nr", "ns", "nt")


@lru_cache(maxsize=4096)
def _is_industry(rest: str) -> bool:
    """True when the words are a product plus 产业 (脐橙产业, 稻米产业, 茶叶产业链): they name an
    industry, a kind of alliance, so a township or village before them is the proper name."""
    import jieba
    import jieba.posseg as posseg

    m = _INDUSTRY.fullmatch(rest)
    if not m:
        return False
    product = _TYPE_RE.sub("", m.group(1))
    if len(product) < 1:
        return False
    if _PRODUCT.fullmatch(product):
        return True
    words = list(posseg.cut(product, HMM=False))
    # one ordinary dictionary word (芒果, 莲藕), not a person's or a place's name
    return (len(words) == 1 and len(product) >= 2 and product in jieba.dt.FREQ
            and not words[0].flag.startswith(_PROPER_TAGS))


def _is_product_kind(modifier: str) -> bool:
    """A product and type words only (民宿发展, 茶叶共富): what the alliance deals in, not which one."""
    rest = _TYPE_RE.sub("", modifier)
    return rest != modifier and bool(_PRODUCT.fullmatch(rest))


@lru_cache(maxsize=4096)
def _is_descriptive(modifier: str, bases: frozenset[str] = frozenset()) -> bool:
    """An ordinary noun plus a type word (温泉康养, 山水旅游): a theme, not a proper name. The noun
    is a frequent dictionary word; a name's own words (竹泉, 茜溪), a place's name (大寨红色: 大寨
    is a village the article names, and jieba's place word) are not."""
    import jieba
    import jieba.posseg as posseg

    rest = _TYPE_RE.sub("", modifier)
    if len(_TYPE_RE.findall(modifier)) != 1 or len(rest) < 2 or rest in bases:
        return False  # one noun and one type word; 艺术振兴乡村 is a slogan name
    if not (modifier.startswith(rest) or modifier.endswith(rest)):
        return False
    return jieba.dt.FREQ.get(rest, 0) >= 100 and posseg.dt.word_tag_tab.get(rest, "") not in ("ns", "nt")


# a place's nickname by what it grows (寿光菜乡, 安溪茶乡, 某某之乡): it describes the place, it does
# not name an alliance; a quoted one (“稻乡”) is a brand and is read by the quoted rule
_NICKNAME = re.compile(r"[\u4e00-\u9fff]乡|[\u4e00-\u9fff]{1,4}之乡")

_FUNC_CHARS = set("的和与及在是了将把被等为")


@lru_cache(maxsize=4096)
def _ends_at_boundary(left: str) -> bool:
    """`left` ends where a name can begin: nothing, punctuation, a verb of forming or a function
    word (组建|道明竹编, 成立|汪口), but not inside a word (创|新光伏)."""
    import jieba.posseg as posseg

    if not left or not re.match(r"[\u4e00-\u9fff]", left[-1]):
        return True
    words = list(posseg.cut(left, HMM=False))
    word, flag = words[-1].word, words[-1].flag
    return word in _BOUNDARY_WORDS or bool(_FORMING.search(word)) or flag.startswith(("p", "c", "u", "r", "m", "q"))


@lru_cache(maxsize=4096)
def _name_rest(rest: str) -> bool:
    """The words between a place's name and the noun can belong to the alliance's name (竹编,
    贡茶, 旅游, 高山茶产业): short, no verb of forming, no function word, no organisation."""
    import jieba.posseg as posseg

    if len(rest) > 8 or _FORMING.search(rest):
        return False
    for w in posseg.cut(rest, HMM=False):
        if (len(w.word) >= 2 and w.word in _BOUNDARY_WORDS) or w.word in _FUNC_CHARS or \
                _ORG_SUFFIX.search(w.word) or w.flag.startswith(("p", "c", "u", "r", "x")):
            return False
    return True


def _from_base(run: str, modifier: str, bases: frozenset[str]) -> str:
    """The modifier widened to start at a village/township name the article names when the word
    cut lost its first characters (组建道明竹编 → 组建/道/明/竹编: 明竹编; 伍家台贡茶 → 贡茶):
    the name begins at the last such name that starts before the modifier, right after a
    boundary, with only name words between it and the noun."""
    mod_pos = len(run) - len(modifier)
    best = modifier
    for base in bases:
        i = run.rfind(base, 0, mod_pos + len(base) - 1)  # the last one starting before mod_pos
        if i == -1 or len(run) - i <= len(best):
            continue
        rest = run[i + len(base):]
        if (not rest or _name_rest(rest)) and _ends_at_boundary(run[:i]):
            best = run[i:]
    return best


def _from_type_word(run: str, modifier: str) -> str:
    """The modifier widened over a type word the word cut split (深化嘎查村 → 嘎/查/村: 查村)."""
    mod_pos = len(run) - len(modifier)
    for m in _TYPE_RE.finditer(run, max(0, mod_pos - 3), len(run)):
        if m.start() < mod_pos < m.end():
            return run[m.start():]
    return modifier


# last characters of a landmark's name (太白山, 白鹭洲): a township before one says which alliance
_LANDMARK_END = "山岭峰岩谷湖河江溪泉湾洲岛海滩塘"


def _names_a_member(rest: str, rest_start: int, by_start: dict, bases: frozenset[str]) -> bool:
    """The words after a township or village name a member village: a place the article names
    (甲镇乙村…, or 乙 when 乙村 is named) or a bare two- or three-character word like a village's
    name (甲镇白石联合党委). The alliance is named after that member and the township before it is
    context; any other rest (a mountain, a lake, a theme) needs the township."""
    if rest_start in by_start or any(rest.startswith(b) for b in bases):
        return True
    return len(rest) <= 3 and not _TYPE_RE.search(rest) and rest[-1] not in _LANDMARK_END


def _strip_places(modifier: str, mod_start: int, places: list[PlaceMention],
                  bases: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Drop leading places: county and above always; a township or village only before a member
    place the article names. A place before a product industry (X镇脐橙产业, X市白茶产业) stays at
    any level: the rest names a kind of alliance."""
    by_start = {p.start: p for p in _places_in(places, mod_start, mod_start + len(modifier) + 1)}
    while True:
        place = by_start.get(mod_start)
        if place is None:
            return modifier, mod_start
        if place.end - mod_start >= len(modifier):
            # Only a place: a county or higher names a policy (台州市党建联盟), a village one alliance.
            return ("", place.end) if place.level in ("province", "city", "county") else (modifier, mod_start)
        rest = modifier[place.end - mod_start:]
        if rest[0] in "—-－–":
            return modifier, mod_start  # 宏村—卢村: the first name of a dash chain
        if _is_industry(rest):
            return modifier, mod_start  # 郭家坝镇脐橙产业: the place is the only proper word
        if place.level in ("province", "city", "county") or _names_a_member(rest, place.end, by_start, bases):
            modifier, mod_start = rest, place.end
        else:
            return modifier, mod_start  # 沙河镇太白山旅游: the township says which one


def _place_bases(places: list[PlaceMention]) -> set[str]:
    """Village and township names without their suffix (万峰村 → 万峰)."""
    out = set()
    for p in places:
        if p.level in ("village", "township"):
            base = re.sub(r"(?:村|社区|嘎查|镇|乡|街道|苏木)$", "", p.name)
            if len(base) >= 2:
                out.add(base)
    return out


def _place_for(start: int, end: int, text: str, places: list[PlaceMention]) -> PlaceMention | None:
    inside = [p for p in places if start <= p.start and p.end <= end]
    if inside:
        return inside[-1]
    sentence_start = max(text.rfind(ch, 0, start) for ch in "。！？\n") + 1
    before = [p for p in places if p.end <= start]
    same_sentence = [p for p in before if p.start >= sentence_start]
    if same_sentence:
        return same_sentence[-1]
    return before[-1] if before and start - before[-1].end < 400 else None


# Modifiers that make no name, walked in order by _not_a_name: (name, test, reason, example).
_NOT_A_NAME = (
    ("type words", lambda mod, ctx: _is_generic(mod), "only words for a kind of alliance", "治理党建联盟"),
    ("bare industry", lambda mod, ctx: _is_industry(mod) or _is_product_kind(mod), "a product industry names a kind",
     "蔬菜产业联合党委"),
    ("theme", lambda mod, ctx: _is_descriptive(mod, ctx[0]), "an ordinary noun + one type word", "温泉康养党建联盟"),
    ("edge dash", lambda mod, ctx: mod.strip("—-－–·") != mod, "a dash or dot at an edge joins nothing", "—石桥党建联盟"),
    ("kind suffix", lambda mod, ctx: _is_kind(mod), "a kind of alliance, quoted or not", "资源共享型联村党委"),
    ("nickname", lambda mod, ctx: bool(_NICKNAME.fullmatch(mod)) and mod not in ctx[1], "a place's nickname", "寿光菜乡党建联盟"),
)


def _is_kind(modifier: str) -> bool:
    """产业牵引型, 村企合作类: words that end in a kind say what sort of alliance, not which."""
    return modifier.endswith(("型", "类", "式"))


def _not_a_name(modifier: str, ctx: tuple[frozenset[str], set[str]]) -> str | None:
    """The name of the first rule that rejects the modifier, else None."""
    for rule, test, _reason, _example in _NOT_A_NAME:
        if test(modifier, ctx):
            return rule
    return None


# a quoted pair of clauses is a motto (“强基固本，共建共享”党建联盟), never a name: names hold no comma
_SLOGAN = re.compile(r"[，,；;！!？?]")


def _is_motto(words: str) -> bool:
    """A pair of clauses (强基固本，共建共享) or of long phrases joined by a dot (结对共建聚合力·
    互促共赢启新程): a motto; a name's parts are short (松间明月·青山绿水)."""
    parts = words.split("·")
    return bool(_SLOGAN.search(words)) or (len(parts) == 2 and min(map(len, parts)) >= 6)


def _quoted_modifier(left: str, m_start: int) -> tuple[str, int] | None:
    """A quoted name before the noun (“稻香源”水稻产业, “茶香”); ('', -1) for a quoted kind."""
    quoted = _QUOTED.search(left)
    desc = None if quoted else _QUOTED_DESC.search(left)
    if desc and _is_descriptor(desc.group(2)) and not _is_generic(desc.group(1)):
        return desc.group(1) + desc.group(2), m_start - len(left) + desc.start()
    if quoted:
        if _is_generic(quoted.group(1)) or _is_kind(quoted.group(1)) or _is_motto(quoted.group(1)):
            return "", -1
        return quoted.group(1), m_start - len(left) + quoted.start()  # the span keeps the quote marks
    return None


def _plain_modifier(text: str, run: str, m_start: int, places: list[PlaceMention],
                    bases: frozenset[str]) -> tuple[str, int]:
    """The proper words right before the noun, read back from the run of name characters."""
    chain = _DASH_CHAIN.search(run)
    parts = re.split(r"([—\-－–])", chain.group()) if chain else []
    if chain and all(_joinable(part) for part in parts[2::2]):
        # 芹溪—际头—楼坪: each part is a name; only the first may carry a verb before it
        first = _from_base(parts[0], _trim_at_boundary(parts[0]), bases)
        modifier = first + "".join(parts[1:]) if first else ""
    else:
        tail = run[-_MAX_LEFT:]
        modifier = _from_type_word(tail, _from_base(tail, _trim_at_boundary(tail), bases))
    mod_start = m_start - len(modifier)
    # Never cut inside a place name (后岸村 is not 后 + 岸村).
    for p in _places_in(places, m_start - len(run), mod_start):
        if p.start < mod_start < p.end and p.start >= m_start - len(run):
            mod_start = p.start
            modifier = text[mod_start:m_start]
    # A name built on a village the article names (万峰村 → 万峰片区党委) keeps the whole
    # village name even where the word cut split it (组建万峰 → 组建/万/峰).
    for base in bases:
        if len(base) > len(modifier) and run.endswith(base):
            modifier, mod_start = base, m_start - len(base)
    return _strip_places(modifier, mod_start, places, bases)


# names listed before one shared noun: 甲片、乙片等3个联村党委 (a count or 等 must close the list)
_LIST_TAIL = re.compile(r"(?:等(?P<n1>[0-9一二两三四五六七八九十]{1,3})个|等|(?P<n2>[0-9一二两三四五六七八九十]{1,3})个)\Z")
_LIST_ITEMS = re.compile(r"(?:[\u4e00-\u9fff·]{2,14}、){1,9}[\u4e00-\u9fff·]{2,14}\Z")
_LIST_LEFT = 80


def _list_modifiers(text: str, m_start: int, places: list[PlaceMention], bases: frozenset[str],
                    ctx: tuple[frozenset[str], set[str]]) -> list[tuple[str, int, bool]] | None:
    """Each item of a list that shares the noun, or None when the left is no such list. An item
    that is no name, or a count that does not fit the items, makes the whole list unsure: []."""
    left = text[max(0, m_start - _LIST_LEFT):m_start]
    tail = _LIST_TAIL.search(left)
    items = tail and _LIST_ITEMS.search(left, 0, tail.start())
    if not items:
        return None
    parts = items.group().split("、")
    raw = tail.group("n1") or tail.group("n2")
    count = (int(raw) if raw.isdigit() else cn_numeral(raw)) if raw else None
    if raw and (count is None or count < len(parts) or (tail.group("n2") and count != len(parts))):
        return []
    base = m_start - len(left) + items.start()
    out, offset = [], 0
    for k, part in enumerate(parts):
        start = base + offset
        offset += len(part) + 1
        word = _trim_at_boundary(part) if k == 0 else part
        if not word or (k > 0 and not _name_rest(part)):
            return []  # a clause inside the list: only its first item may carry a verb
        modifier, mod_start = _strip_places(word, start + len(part) - len(word), places, bases)
        if _not_a_name(modifier, ctx):
            return []
        out.append((modifier, mod_start, False))
    return out


def _candidates(text: str, m: re.Match, places: list[PlaceMention], bases: frozenset[str],
                ctx: tuple[frozenset[str], set[str]]) -> list[tuple[str, int, bool]]:
    """(modifier, start, needs the _NOT_A_NAME rules) of each name that ends in the noun at m; a
    quoted name is a name by its quote marks once it holds more than type words."""
    listed = _list_modifiers(text, m.start(), places, bases, ctx)
    if listed is not None:
        return listed
    left = text[max(0, m.start() - _MAX_LEFT - 2):m.start()]
    quoted = _quoted_modifier(left, m.start())
    if quoted is not None:
        return [quoted + (False,)] if quoted[0] else []
    run = _NAME_CHARS.search(left)
    if not run:
        return []
    opened = left[run.start() - 1:run.start()]
    if opened in _OPEN_QUOTES and text[m.end():m.end() + 1] == _OPEN_QUOTES[opened] and len(run.group()) <= 15:
        # the whole name in quote marks (“仙侠共富联盟”): a name by its quotes once it holds
        # more than type words, as a quoted modifier is
        modifier, mod_start = _strip_places(run.group(), m.start() - len(run.group()), places, bases)
        if modifier and _joinable(modifier):  # no verb of forming, no function word: one name
            if _is_generic(modifier) or _is_kind(modifier) or _is_product_kind(modifier):
                return []
            return [(modifier, mod_start, False)]
        # a quoted headline (“某县成立…联盟”) is read as plain words
    return [_plain_modifier(text, run.group(), m.start(), places, bases) + (True,)]


def _mention(text: str, name: str, start: int, end: int, places: list[PlaceMention],
             head_end: int) -> AllianceMention:
    """The row of a name; its place is read over its own words (head_end: a listed name's item)."""
    sent_start = max(text.rfind(ch, 0, start) for ch in "。！？\n") + 1
    sent_end_candidates = [i for i in (text.find(ch, end) for ch in "。！？\n") if i != -1]
    sent_end = min(sent_end_candidates) + 1 if sent_end_candidates else len(text)
    place = _place_for(start, head_end, text, places)
    return AllianceMention(name=name, start=start, end=end, evidence=text[sent_start:sent_end].strip(),
                           place=place.name if place else None, place_code=place.code if place else None)


def find_alliances(text: str, places: list[PlaceMention] | None = None) -> list[AllianceMention]:
    places = sorted(places or [], key=lambda p: p.start)
    bases = frozenset(_place_bases(places))
    ctx = (bases, {p.name for p in places})
    found: dict[str, AllianceMention] = {}
    nouns: dict[str, str] = {}  # name -> its organisation noun
    spans: dict[str, list[tuple[int, int]]] = {}  # name -> the spans of its mentions
    for m in ORG_NOUN.finditer(text):
        for modifier, mod_start, check in _candidates(text, m, places, bases, ctx):
            name = modifier + m.group()
            if name in found:
                spans[name].append((mod_start, m.end()))
                continue
            if check and _not_a_name(modifier, ctx):
                continue
            # a name is the text at its offsets, quote marks dropped, never pieced together (a
            # listed name: its item opens the span, the shared noun closes it)
            span = _QUOTE_MARKS.sub("", text[mod_start:m.end()])
            if span != name and not (span.startswith(modifier) and "\n" not in span):
                continue
            nouns[name] = m.group()
            spans[name] = [(mod_start, m.end())]
            head_end = m.end() if span == name else mod_start + len(modifier)
            found[name] = _mention(text, name, mod_start, m.end(), places, head_end)
    short = _short_forms(nouns)
    for name, long in short.items():
        if long is not None:
            spans[long].extend(spans[name])  # a shortened mention is a mention of the long name
    out = [a for name, a in found.items() if name not in short]
    add_records(text, out, {a.name: spans[a.name] for a in out}, places)
    return out


def _core(name: str, noun: str) -> str:
    """The proper words of a name: its modifier without type words (颜集镇盆景产业 → 颜集镇盆景)."""
    return _TYPE_RE.sub("", name[: -len(noun)])


def _short_forms(nouns: dict[str, str]) -> dict[str, str | None]:
    """Names that are a shortened mention of a longer name the article gives for the same
    organisation noun: '▲ 某乡：“稻乡”联合党委' beside 民乐稻乡联合党委, a heading's 盆景联合党委 beside
    颜集镇盆景产业联合党委. The short one's proper words end the long one's (a leading place or
    qualifier dropped, type words aside). Each maps to the longest such name that is itself no
    short form, or None when two such names could be meant (its mentions then link to neither)."""
    out: dict[str, list[str]] = {}
    cores = {name: _core(name, noun) for name, noun in nouns.items()}
    kinds = {name: _noun_kind(noun) for name, noun in nouns.items()}
    for a in nouns:
        ca = cores[a]
        if len(ca) < 2:
            continue
        for b in nouns:
            longer = len(cores[b]) > len(ca) or (len(cores[b]) == len(ca) and len(b) > len(a))
            if b != a and kinds[b] == kinds[a] and longer and cores[b].endswith(ca):
                out.setdefault(a, []).append(b)  # 团结联村党总支 beside 团结联村党总支部: one body
    linked: dict[str, str | None] = {}
    for a, longs in out.items():
        heads = {b for b in longs if b not in out}
        # the heads of one chain are one name (稻乡 < 民乐稻乡 < 县民乐稻乡 has one head)
        linked[a] = heads.pop() if len(heads) == 1 else None
    return linked


# full forms of a party body and their short form: one organisation, two ways to write it
_BODY_FORMS = (("党总支部委员会", "党总支"), ("总支部委员会", "党总支"), ("党总支部", "党总支"),
               ("党支部委员会", "党支部"), ("支部委员会", "党支部"), ("党委员会", "党委"))


def _noun_kind(noun: str) -> str:
    """The noun with its party body in short form (联合总支部委员会 → 联合党总支)."""
    for full, short in _BODY_FORMS:
        if noun.endswith(full):
            return noun[: -len(full)] + short
    return noun


# ---------------------------------------------------------------- records: founded, members, lead
#
# Read in the sentences that name the alliance and no other alliance, from its first mention on;
# the first sentence that gives a field gives it. A field the words do not tie to the alliance
# stays None: a wrong founding date or member list is worse than none.

_SENT_STOPS = "。！？!?\n"
_CLAUSE_STOPS = "，,；;：:。！？!?\n"
_FORMING_VERB = r"(?:组建|成立|建立|建成|组成|创建|筹建|设立|挂牌|揭牌|联建)"
_DIGIT = "0-9０-９"
# a calendar date as written: 2021年, 2021年3月, 2021年3月18日 (a year of four digits)
_DATE = re.compile(rf"(?<![{_DIGIT}])(?P<y>(?:19|20)[{_DIGIT}]{{2}})年(?:(?P<m>[{_DIGIT}]{{1,2}})月(?:(?P<d>[{_DIGIT}]{{1,2}})[日号])?)?")
# words right after a date that make it a period or a limit, not a day of founding
_DATE_NOT_AT = re.compile(r"(?:以来|来|起|开始|以前|以后|之前|之后|前|后|至|到|—|-|－|~|～|度|间|末以来|底以来|初以来)")
_DATE_WITHIN = re.compile(r"(?:份|初|底|末|上旬|中旬|下旬|上半年|下半年)?")
_DATE_LIMIT_BEFORE = ("截至", "截止", "到", "至", "直至", "直到")
# a clause that is only a date (2021年3月，甲镇成立…; 早在2019年，…)
_DATE_ONLY = re.compile(r"(?:早在|早于|于|在|是)?\s*(?P<date>.+?)\s*\Z")
# not done yet: a plan's date is no founding date
_PLANNED = re.compile(r"计划|拟|将|准备|预计|力争|争取|筹备|即将|有望|打算")


_STOPS_CACHE: dict[tuple[int, str], tuple[str, list[int], list[int]]] = {}


def _stops(text: str) -> tuple[list[int], list[int]]:
    """Offsets of the sentence stops and of the clause stops, found once per text."""
    key = (id(text), text[:32])
    hit = _STOPS_CACHE.get(key)
    if hit is None or hit[0] is not text:
        sent = [m.start() for m in re.finditer(f"[{_SENT_STOPS}]", text)]
        clause = [m.start() for m in re.finditer(f"[{_CLAUSE_STOPS}]", text)]
        _STOPS_CACHE.clear()
        hit = _STOPS_CACHE[key] = (text, sent, clause)
    return hit[1], hit[2]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    sent = _stops(text)[0]
    i = bisect_left(sent, start)
    j = bisect_left(sent, end)
    return (sent[i - 1] + 1 if i else 0), (sent[j] + 1 if j < len(sent) else len(text))


def _clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    clause = _stops(text)[1]
    i = bisect_left(clause, start)
    j = bisect_left(clause, end)
    s = max(clause[i - 1] + 1, lo) if i and clause[i - 1] >= lo else lo
    e = clause[j] if j < len(clause) and clause[j] < hi else hi
    return s, e


def _to_int(digits: str) -> int:
    return int(digits.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _date_value(m: re.Match, text: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD for a date that can be a day of founding, else None."""
    after = text[m.end():m.end() + 4]
    within = _DATE_WITHIN.match(after)
    rest = after[within.end():]
    if _DATE_NOT_AT.match(rest) or (not m.group("m") and rest[:1] in "1234567890一二三四五六七八九十"):
        return None  # 2021年以来, 2021年起, 2020年至2022年, 2021年度
    if text[max(0, m.start() - 2):m.start()].endswith(_DATE_LIMIT_BEFORE):
        return None  # 截至2023年: a limit
    y = _to_int(m.group("y"))
    if not 1949 <= y <= 2035:
        return None
    if not m.group("m"):
        return f"{y:04d}"
    mo = _to_int(m.group("m"))
    if not 1 <= mo <= 12:
        return None
    if not m.group("d"):
        return f"{y:04d}-{mo:02d}"
    d = _to_int(m.group("d"))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 else None


def _only_dates(clause: str, offset: int, text: str) -> list[re.Match]:
    return list(_DATE.finditer(text, offset, offset + len(clause)))


# what may stand between a verb of forming and the alliance it forms (成立了由甲村、乙村组成的X)
_GAP_FORMED = re.compile(r"(?:了|起|的|一个|首个|全新的)*(?:由[^，,。；;]{2,120}?(?:组成|构成|组建)的)?[“\"「]?")
# words between a date and the verb that make the date another event's
_BETWEEN_NOT = re.compile(r"的|获|评|被|实现|完成|达|增|突破|开展|举办|召开|启动|印发|出台")
# what may follow the verb when the alliance is its subject (X于2021年成立, X成立于2021年)
_AFTER_FORMED = re.compile(r"(?:成立|组建)?(?:了|以来|之后|后|时|于.*|并.*|运行.*|运转.*)?")


def _founded(text: str, ms: int, me: int, lo: int, hi: int,
             places: list[PlaceMention]) -> tuple[str, int, int] | None:
    """The date the alliance mentioned at [ms, me) was formed, when one clause ties a date to a
    verb of forming that has the alliance as its object or subject:
    2021年3月，甲镇组建X / 甲镇于2021年3月成立了X / X于2021年成立 / X成立于2021年5月."""
    cs, ce = _clause_bounds(text, ms, me, lo, hi)
    before, after = text[cs:ms], text[me:ce]
    verbs_before = list(re.finditer(_FORMING_VERB, before))
    verb_after = re.search(_FORMING_VERB, after)
    dates: list[re.Match] = []
    if verbs_before:
        v = verbs_before[-1]
        if _PLANNED.search(before[:v.start()]):
            return None
        if not _gap(text, cs + v.end(), ms, places, _GAP_FORMED):
            return None  # 成立产业园并依托X: the verb has another object
        dates = list(_DATE.finditer(text, cs, cs + v.start()))
        if dates and _BETWEEN_NOT.search(text, dates[-1].end(), cs + v.start()):
            return None  # 2021年获评示范村的甲村牵头成立X: the date is another event's
        if not dates and cs - 1 > lo:
            # the clause before is a date and nothing else (2021年3月，甲镇成立X)
            ps, pe = _clause_bounds(text, cs - 2, cs - 1, lo, hi)
            prev = text[ps:pe]
            only = _DATE_ONLY.fullmatch(prev)
            d = _DATE.fullmatch(text, ps + only.start("date"), ps + only.end("date")) if only else None
            if d is None and only:
                # 2021年3月初 / 2021年底: the date plus a word inside it
                d = _DATE.match(text, ps + only.start("date"))
                if d and not _DATE_WITHIN.fullmatch(text, d.end(), ps + only.end("date")):
                    d = None
            dates = [d] if d else []
    elif verb_after:
        if _PLANNED.search(after[:verb_after.start()]) or not _AFTER_FORMED.fullmatch(after[verb_after.end():]):
            return None  # X于2022年建成产业园: the verb has another object
        # X于2021年成立 (a date before the verb) or X成立于2021年 (right after it)
        dates = list(_DATE.finditer(text, me, me + verb_after.start()))
        if not dates:
            d = _DATE.match(text, me + verb_after.end() + 1) if after[verb_after.end():verb_after.end() + 1] == "于" else None
            dates = [d] if d else []
    if len(dates) != 1:
        return None
    value = _date_value(dates[0], text)
    return (value, dates[0].start(), dates[0].end()) if value else None


# a party body after a member or a lead (甲村党支部): the village is the member
_BODY_TAIL = re.compile(r"(?:党总支部|党总支|党支部|党组织|党委|支部|两委|村委会)\Z")
_VILLAGE_SUFFIX = re.compile(r"(?:村|社区|嘎查|居委会)\Z")
_UNIT_SUFFIX = re.compile(r"(?:有限责任公司|有限公司|股份公司|公司|专业合作社|股份经济合作社|经济合作社|合作社|联合社|集团|供销社|信用社"
                          r"|协会|商会|学校|中学|小学|医院|卫生院|银行|农商行|农场|林场|茶厂|酒厂|工厂|厂)\Z")
# words that describe villages rather than name one (周边村, 薄弱村, 三个村)
_GENERIC_CORE = re.compile(r"周边|附近|邻近|相邻|周围|毗邻|贫困|薄弱|重点|示范|先进|后进|软弱|涣散|行政|自然|中心|空壳|经济|集体"
                           r"|龙头|骨干|相关|有关|辖区|驻地|驻村|本地|当地|其他|其余|其它|所有|多个|若干|一批|部分|全部|各类"
                           rf"|[各全本该这那此每个等的和与及了在是把被为将0-9０-９{re.escape(CN_DIGITS)}]")
_UNIT_CHARS = re.compile(r"[\u4e00-\u9fff·（）()]+\Z")


def _place_name(p: PlaceMention) -> str:
    """The place as the places table names it: the division's official name when it resolves
    (温岭 is 温岭市, as extractors/cases.py renames places later)."""
    if p.code:
        from extractors.gazetteer import load_gazetteer

        d = load_gazetteer().by_code(p.code)
        if d is not None:
            return d.name
    return p.name


def _places_in(places: list[PlaceMention], a: int, b: int) -> list[PlaceMention]:
    """The places (sorted by start) that start in [a, b)."""
    return places[bisect_left(places, a, key=_start):bisect_left(places, b, key=_start)]


def _start(p: PlaceMention) -> int:
    return p.start


def _place_at(places: list[PlaceMention], start: int, end: int) -> PlaceMention | None:
    for p in _places_in(places, start, start + 1):
        if p.start == start and p.end == end:
            return p
    return None


def _unit(text: str, start: int, end: int, places: list[PlaceMention], bare_villages: bool) -> str | None:
    """The name of a village or unit written at [start, end), or None when the words are no
    single named unit. A party body after it goes (甲村党支部 → 甲村); a place is named as in the
    places table (a bare village in a list of 村 gets its 村)."""
    words = text[start:end]
    body = _BODY_TAIL.search(words)
    if body and body.start() > 0:
        end, words = start + body.start(), words[:body.start()]
    if not words or not _UNIT_CHARS.match(words):
        return None
    place = _place_at(places, start, end)
    if place is not None:
        return _place_name(place)
    village = _VILLAGE_SUFFIX.search(words)
    if village:
        core = words[:village.start()]
        if 1 <= len(core) <= 4 and not _GENERIC_CORE.search(core) and not _TYPE_RE.search(core):
            return words  # a village the gazetteer does not hold (上山村, 下坝村)
        return None
    unit = _UNIT_SUFFIX.search(words)
    if unit:
        core = words[:unit.start()]
        led = any(p.end <= start + len(core) for p in _places_in(places, start, start + 1))
        plain = _TYPE_RE.sub("", core)
        if (led or len(core) >= 4) and len(plain) >= 2 and not _GENERIC_CORE.search(plain):
            return words  # 某某茶业有限公司, 甲村股份经济合作社
        return None
    if bare_villages and 2 <= len(words) <= 4 and not _GENERIC_CORE.search(words) and not _TYPE_RE.search(words):
        return words + "村"  # 下辖甲、乙、丙3个村
    return None


_COUNT = rf"[0-9{re.escape(CN_DIGITS)}十]{{1,3}}"
_MEMBER_NOUN = r"(?:个(?:行政村|自然村|村居|村（社区）|村\(社区\)|村|社区|嘎查|单位|党支部|党组织)|家(?:企业|单位|公司))(?:党组织|党支部)?"
# the close of a member list: 等 / N个村 / 等N个村 (the count, when given, must fit)
_LIST_CLOSE = re.compile(rf"(?P<etc>等)?(?:(?P<n>{_COUNT})(?P<noun>{_MEMBER_NOUN}))?")
_LIST_SEPS = re.compile(r"、|以及|和|与|及")


def _member_list(text: str, start: int, end: int, places: list[PlaceMention]) -> list[str] | None:
    """The units listed in text[start:end] (甲村、乙村和丙村 / 甲、乙、丙3个村 / 甲村等5个村), or None
    when any item is no named unit or the count does not fit the items."""
    words = text[start:end]
    close = None
    for m in re.finditer(rf"等?{_COUNT}{_MEMBER_NOUN}\Z|等\Z", words):
        close = m
        break
    items_end = start + (close.start() if close else len(words))
    etc = bool(close and close.group().startswith("等"))
    count_m = re.match(rf"等?(?P<n>{_COUNT})(?P<noun>{_MEMBER_NOUN})", close.group()) if close else None
    bare = bool(count_m and "村" in count_m.group("noun"))
    # split at 、 and at a joining word that no place mention covers
    cuts, pos = [], start
    covered = [(p.start, p.end) for p in _places_in(places, start, items_end) if p.end <= items_end]
    for sep in _LIST_SEPS.finditer(text, start, items_end):
        if any(a < sep.end() and sep.start() < b for a, b in covered):
            continue  # 和平村: the word is the place's
        if sep.group() != "、" and not any(p_end == sep.start() for _, p_end in covered) and \
                not text[sep.start() - 1:sep.start()] in ("村", "区", "司", "社"):
            continue  # a joining word only after a unit's end
        cuts.append((pos, sep.start()))
        pos = sep.end()
    cuts.append((pos, items_end))
    if len(cuts) > 12:
        return None
    out = []
    for a, b in cuts:
        unit = _unit(text, a, b, places, bare)
        if unit is None:
            return None
        out.append(unit)
    if count_m:
        raw = count_m.group("n")
        n = _to_int(raw) if raw.isdigit() or raw[0] in "０１２３４５６７８９" else cn_numeral(raw)
        if n is None or n < len(out) or (not etc and n != len(out)):
            return None
    return out or None


# a forming verb after a list of members: 甲村、乙村(等N个村)(党支部)(共同|联合)组建…
_JOINT_VERB = rf"(?:共同|联合|一起|携手)?{_FORMING_VERB}"
_MEMBERS_BY = re.compile(rf"由(?P<list>[^，,。；;：:！？!?\n“”]{{2,120}}?)(?:共同|联合|一起)?(?:组成|组建|成立|联建|构成|发起成立|组合而成)")
_MEMBERS_WITH = re.compile(rf"(?:联合|联同|整合|携手|吸纳)(?P<list>[^，,。；;：:！？!?\n“”]{{2,120}}?){_JOINT_VERB}")
_ADMIN_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,6}(?:镇|乡|县|区|市|街道|苏木)")
_MEMBERS_JOINTLY = re.compile(rf"(?P<list>[^，,。；;：:！？!?\n“”]{{2,120}}?)(?:党总支部|党总支|党支部|党组织)?(?:联合|共同|携手){_FORMING_VERB}")
_MEMBERS_OF = re.compile(r"(?:下辖|覆盖|涵盖|包括|包含|囊括|吸纳|成员包括|成员单位包括|成员有|成员为)(?P<list>[^，,。；;：:！？!?\n“”]{2,120})")
# the words between the alliance and a phrase about it: nothing, or a comma and an adverb
_GAP_AFTER = re.compile(r"(?:[^，,。；;]{0,12}?(?:成立|组建|挂牌|建立)[^，,。；;]{0,12})?[，,]?(?:目前|现已|现|已|共|主要|成员|成员单位|范围|正式)*\Z")
_GAP_BEFORE = re.compile(r"(?:了|起|的|一个|首个|全新的|[“\"「])*\Z")


def _gap(text: str, a: int, b: int, places: list[PlaceMention], pattern: re.Pattern) -> bool:
    """text[a:b] holds only places and the filler words of `pattern`."""
    if b < a:
        return False
    words, pos = [], a
    for p in _places_in(places, a, b):
        if a <= p.start and p.end <= b and p.start >= pos:
            words.append(text[pos:p.start])
            pos = p.end
    words.append(text[pos:b])
    return bool(pattern.fullmatch("".join(words)))


def _members(text: str, ms: int, me: int, lo: int, hi: int,
             places: list[PlaceMention]) -> tuple[list[str], int, int, int | None] | None:
    """(members, phrase start, phrase end, where the word before 联合 ends) of the alliance
    mentioned at [ms, me), from a phrase tied to it:
    X由甲村、乙村组成 / 由甲村、乙村组成的X / 联合甲村、乙村成立X / X下辖甲、乙、丙3个村."""
    for m in _MEMBERS_BY.finditer(text, lo, hi):
        if _gap(text, me, m.start(), places, _GAP_AFTER) or _gap(text, m.end(), ms, places, _GAP_BEFORE):
            got = _member_list(text, m.start("list"), _strip_body(text, m.start("list"), m.end("list")), places)
            if got:
                return got, m.start(), m.end(), None
    for m in _MEMBERS_WITH.finditer(text, lo, ms):
        if _gap(text, m.end(), ms, places, _GAP_BEFORE):
            got = _member_list(text, m.start("list"), _strip_body(text, m.start("list"), m.end("list")), places)
            if got:
                return got, m.start(), m.end(), m.start()
    # 甲镇甲村、乙村联合成立X: the list opens the clause (after its places of higher level)
    cs, _ce = _clause_bounds(text, ms, me, lo, hi)
    pos = cs
    for p in _places_in(places, cs, ms):
        if p.start == pos and p.level in ("province", "city", "county", "township"):
            pos = p.end
        elif pos < p.start <= pos + 8 and p.level == "village" and _ADMIN_PREFIX.fullmatch(text, pos, p.start):
            pos = p.start  # a township the gazetteer did not read here (某镇甲村、乙村…)
    m = _MEMBERS_JOINTLY.match(text, pos, ms)
    if m and _gap(text, m.end(), ms, places, _GAP_BEFORE):
        got = _member_list(text, m.start("list"), m.end("list"), places)
        if got and len(got) >= 2:
            return got, m.start(), m.end(), None
    for m in _MEMBERS_OF.finditer(text, me, hi):
        if not _gap(text, me, m.start(), places, _GAP_AFTER):
            continue
        list_end = m.end("list")
        close = re.match(rf"[^等]*?等(?:{_COUNT}{_MEMBER_NOUN})?|[^等]*?{_COUNT}{_MEMBER_NOUN}", text[m.start("list"):list_end])
        if close:
            list_end = m.start("list") + close.end()
        got = _member_list(text, m.start("list"), list_end, places)
        if got:
            return got, m.start(), list_end, None
    return None


def _strip_body(text: str, start: int, end: int) -> int:
    """The end of a list before a party body all its items share (甲村、乙村党支部 → 甲村、乙村)."""
    body = _BODY_TAIL.search(text, start, end)
    return body.start() if body and body.start() > start else end


_LEAD_AS = re.compile(r"(?<![可所加予难得足用据])以(?P<u>[^，,。；;：:！？!?\n、“”]{2,30}?)为(?:核心|龙头|中心|引领|主体|轴心|牵引|主导|领头雁|引擎|带头|牵头|龙头村|中心村|核心村)")
_LEAD_BY = re.compile(r"由(?P<u>[^，,。；;：:！？!?\n、“”]{2,30}?)(?:牵头|领衔|带头|主导|挂帅)")
# a village before 牵头 or before 联合周边: 甲村牵头成立X, 甲村联合周边5个村
_LEAD_VERB = re.compile(r"(?:党总支部|党总支|党支部|党委|党组织)?(?:牵头|领衔|(?:联合|携手|联手|带动)(?:周边|附近|邻近|周围|相邻))")


def _lead(text: str, lo: int, hi: int, places: list[PlaceMention],
          joined_at: int | None) -> tuple[str, int, int] | None:
    """The leading unit named in the sentence [lo, hi): 以甲村为核心, 由甲村牵头, 甲村牵头成立,
    甲村联合周边…, 甲村联合乙村、丙村成立X (joined_at: where that 联合 starts)."""
    for pattern in (_LEAD_AS, _LEAD_BY):
        for m in pattern.finditer(text, lo, hi):
            unit = _unit(text, m.start("u"), m.end("u"), places, False)
            if unit:
                return unit, m.start(), m.end()
    ends = {}
    for p in _places_in(places, lo, hi):
        if lo <= p.start and p.end <= hi and p.level == "village":
            ends[p.end] = p
    for m in _LEAD_VERB.finditer(text, lo, hi):
        p = ends.get(m.start())
        if p is not None:
            return _place_name(p), p.start, m.end()
    if joined_at is not None:
        body = re.search(r"(?:党总支部|党总支|党支部|党委|党组织)?\Z", text[max(lo, joined_at - 6):joined_at])
        p = ends.get(joined_at - len(body.group()))
        if p is not None:
            return _place_name(p), p.start, joined_at + 2
    return None


_WINDOW = 200


def add_records(text: str, alliances: list[AllianceMention], spans: dict[str, list[tuple[int, int]]],
                places: list[PlaceMention]) -> None:
    """Set mentions, founded, members and lead on each alliance (in place)."""
    sentence_names: dict[tuple[int, int], set[str]] = {}
    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    for a in alliances:
        a.mentions = len(set(spans[a.name]))
        for span in spans[a.name]:
            b = _sentence_bounds(text, *span)
            bounds[span] = b
            sentence_names.setdefault(b, set()).add(a.name)
    for a in alliances:
        for ms, me in sorted(set(spans[a.name])):
            lo, hi = bounds[(ms, me)]
            if len(sentence_names[(lo, hi)]) != 1:
                continue  # two alliances in one sentence: whose date or members is unsure
            # read a window around the mention: a phrase about it is near (and the cost per
            # mention stays bounded on a page without full stops)
            lo, hi = max(lo, ms - _WINDOW), min(hi, me + _WINDOW)
            if a.founded is None:
                got = _founded(text, ms, me, lo, hi, places)
                if got:
                    a.founded, a.founded_start, a.founded_end = got
            joined_at = None
            if a.members is None:
                got = _members(text, ms, me, lo, hi, places)
                if got:
                    a.members, a.members_start, a.members_end, joined_at = got
            if a.lead is None:
                got = _lead(text, lo, hi, places, joined_at)
                if got:
                    a.lead, a.lead_start, a.lead_end = got
            if a.founded is not None and a.members is not None and a.lead is not None:
                break


class AlliancesComponent(Component):
    """spaCy component: reads doc._.places, sets doc._.alliances."""

    def __call__(self, doc: Doc) -> Doc:
        alliances = find_alliances(doc._.text, doc._.places)
        for a in alliances:
            a.extractor = self.extractor_id
        doc._.alliances = alliances
        return doc


@Language.factory("partybuild_alliances", default_config={}, assigns=["doc._.alliances"], requires=["doc._.places"])
def make_alliances(nlp: Language, name: str) -> AlliancesComponent:
    return AlliancesComponent()

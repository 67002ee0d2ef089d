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
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.component import Component
from extractors.numbers import CN_DIGITS, CN_UNITS, cn_numeral
from extractors.records import AllianceMention, PlaceMention
from extractors.vocab import ALLIANCE_NAME_NOUN

NAME, VERSION = "alliances", "1.6.1"

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
    跨界 毗邻 边界 集聚区 开发区 高新区 示范区
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
                         r"|联合体|共同体|联盟)$")


# a verb of doing and its result (建强, 做大, 抓实): '建强联村党组织' is a task, not a name
_DOING = set("建做抓办用管育搞夯壮配选")
_RESULTS = set("强大好实优活牢硬细精")


@lru_cache(maxsize=4096)
def _trim_at_boundary(run: str) -> str:
    """The right part of the run that can belong to a name, read word by word from the right.

    Stops at function words (by part of speech), verbs of forming (组建, 成立…), organisations
    (…中心, …公司) and two-character verbs; a two-character verb between nouns stays, because
    slogan names are built that way (艺术振兴乡村, 科技兴农).
    """
    import jieba.posseg as posseg

    words = [(w.word, w.flag) for w in posseg.cut(run, HMM=False)]
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
    by_start = {p.start: p for p in places}
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
    ("bare industry", lambda mod, ctx: _is_industry(mod), "a product industry names a kind", "蔬菜产业联合党委"),
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


def _quoted_modifier(left: str, m_start: int) -> tuple[str, int] | None:
    """A quoted name before the noun (“稻香源”水稻产业, “茶香”); ('', -1) for a quoted kind."""
    quoted = _QUOTED.search(left)
    desc = None if quoted else _QUOTED_DESC.search(left)
    if desc and _is_descriptor(desc.group(2)) and not _is_generic(desc.group(1)):
        return desc.group(1) + desc.group(2), m_start - len(left) + desc.start()
    if quoted:
        if _is_generic(quoted.group(1)) or _is_kind(quoted.group(1)):
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
    for p in places:
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
    return [_plain_modifier(text, run.group(), m.start(), places, bases) + (True,)] if run else []


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
    for m in ORG_NOUN.finditer(text):
        for modifier, mod_start, check in _candidates(text, m, places, bases, ctx):
            name = modifier + m.group()
            if name in found or (check and _not_a_name(modifier, ctx)):
                continue
            # a name is the text at its offsets, quote marks dropped, never pieced together (a
            # listed name: its item opens the span, the shared noun closes it)
            span = _QUOTE_MARKS.sub("", text[mod_start:m.end()])
            if span != name and not (span.startswith(modifier) and "\n" not in span):
                continue
            nouns[name] = m.group()
            head_end = m.end() if span == name else mod_start + len(modifier)
            found[name] = _mention(text, name, mod_start, m.end(), places, head_end)
    short = _short_forms(nouns)
    return [a for name, a in found.items() if name not in short]


def _core(name: str, noun: str) -> str:
    """The proper words of a name: its modifier without type words (颜集镇盆景产业 → 颜集镇盆景)."""
    return _TYPE_RE.sub("", name[: -len(noun)])


def _short_forms(nouns: dict[str, str]) -> set[str]:
    """Names that are a shortened mention of a longer name the article gives for the same
    organisation noun: '▲ 某乡：“稻乡”联合党委' beside 民乐稻乡联合党委, a heading's 盆景联合党委 beside
    颜集镇盆景产业联合党委. The short one's proper words end the long one's (a leading place or
    qualifier dropped, type words aside)."""
    out = set()
    cores = {name: _core(name, noun) for name, noun in nouns.items()}
    kinds = {name: _noun_kind(noun) for name, noun in nouns.items()}
    for a in nouns:
        ca = cores[a]
        if len(ca) < 2:
            continue
        for b in nouns:
            longer = len(cores[b]) > len(ca) or (len(cores[b]) == len(ca) and len(b) > len(a))
            if b != a and kinds[b] == kinds[a] and longer and cores[b].endswith(ca):
                out.add(a)  # 团结联村党总支 beside 团结联村党总支部: one body, the full form stays
                break
    return out


# full forms of a party body and their short form: one organisation, two ways to write it
_BODY_FORMS = (("党总支部委员会", "党总支"), ("总支部委员会", "党总支"), ("党总支部", "党总支"),
               ("党支部委员会", "党支部"), ("支部委员会", "党支部"), ("党委员会", "党委"))


def _noun_kind(noun: str) -> str:
    """The noun with its party body in short form (联合总支部委员会 → 联合党总支)."""
    for full, short in _BODY_FORMS:
        if noun.endswith(full):
            return noun[: -len(full)] + short
    return noun


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

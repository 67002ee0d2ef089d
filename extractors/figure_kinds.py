"""Which kind of figure a number is: the word lists and the decisions, as pure functions.

A figure is a number + the words around it in its clause. Money (…元) is income, funding or
neither (assets, prices, rents, costs) by the nearest naming word before it; a count (…个) is an
alliance count when an alliance noun follows or precedes it, and a village coverage when a
village noun does *and* the clause says the villages belong to / are covered by alliances.
"""

from __future__ import annotations

import re

from extractors.numbers import CN_DIGITS
from extractors.gated import GatedPattern
from extractors.vocab import ALLIANCE_NOUN, JOIN_VERB, SPAM_STRONG

_ALLIANCE_RE = re.compile(ALLIANCE_NOUN)
# N个 [modifiers] alliance-noun ; modifiers hold no digit, punctuation, 的, or village/people nouns,
# but may open with a 以…为…的 phrase (8个以产业为纽带的党建联盟); other 的-phrases name what N
# counts (3个省份的…, 20个重点项目的…, 5个成员单位的…)
_OF_PHRASE = (r"(?P<of>以(?:(?!成员|单位|企业|主体|部门|支部|党组织|合作社|党员|农户|群众|小组)"
              r"[^\d，。、；,;：:！？!?\s个家村镇乡户人名嘎的]){1,8}为[^\d，。、；,;：:！？!?\s个的]{1,6}的)?")
ALLIANCE_AFTER = re.compile(
    rf"^{_OF_PHRASE}(?:[“\"]?(?:跨村|联村|跨镇|跨乡|村企|村级))?"
    # the words between the count and the noun: a modifier, never a verb phrase or the members'
    # own organs (三个村级党组织成立联合党委 counts villages)
    rf"(?:(?!成立|组建|建立|组成|形成|成为|联建为|党组织|党支部|党总支)[^\d，。、；,;：:！？!?\s个家的村镇乡户人名嘎（()）来看是为在对把将让了着过与和及等]){{0,6}}?"
    rf"(?P<noun>{ALLIANCE_NOUN})(?!成员|单位|书记|副书记|委员|章程|会议|办公室|阵地|内|里)"
)
# N个片区 + one alliance formed in each (12个片区各成立一个联合党委, 分为3个片区，分别组建片区党委): N
# alliances; the zone noun follows the count, the forming verb follows 各/分别/每个片区
ZONE_AFTER = re.compile(r"(?:党建|联建|治理)?(?:片区|网格|区域|组团|联建区)")
PER_ZONE_FORMED = re.compile(  # used with match(text, pos): no ^ (it would anchor at 0)
    r"[”\"]?\s*[，,]?\s*(?:并|再|随后|然后)?(?:在)?(?:各|分别|每个片区|每片区|每个区域|每个网格|每个组团|各片区)"
    rf"(?:都|均|各)?(?:成立|组建|建立|设立|组成|设置|建成)(?:了)?(?:一个|1个)?[“\"]?(?P<noun>{ALLIANCE_NOUN})"
)
# villages divided into zones (把28个村划分为6个片区): with PER_ZONE_FORMED after, alliances cover them
ZONES_SPLIT = re.compile(r"[^，。；;！？!?]{0,12}?(?:划分为|划分成|分为|分成|划为|划成|编为|整合为|组成)(?P<n>[0-9一二两三四五六七八九十]{1,3})个")
# 12家党建联盟创始单位 / 联合党委成员单位: the number counts the members the noun phrase ends in
MEMBERS_AFTER_ALLIANCE = re.compile(
    r"[”\"]?的?(?:创始|首批|核心|骨干|合作|共建|发起|理事|牵头|参与|加盟)?(?:合伙|成员|会员)?"
    r"(?:单位|企业|成员|会员|伙伴|合伙人)"
)
# a label written before its number: 数量/总数 and a colon as in a table line ("联盟数量：12个")
_LABEL_TAIL = r"(?:数量|总数|个数|数)?(?:已达到?|达到?|共有?|有|增至|总数达?|为)?\s*[:：]?\s*"
# alliance-noun [”] [数量] [达|共|有] [：] N个 (the number's start is the end of this text)
ALLIANCE_BEFORE = re.compile(rf"(?P<noun>{ALLIANCE_NOUN})[”\"』」]?{_LABEL_TAIL}$")
# N家/支/座 after an alliance noun ("党建联盟23家", "“共富联盟”12支"): a count of alliances only
# where the measure word ends the phrase (not "联盟成员23家企业")
MEASURE_UNITS = frozenset({"家", "支", "座"})
MEASURE_END = re.compile(r"^(?:[、。；;！!？?）)”」』\s]|$)")
# N个 + a noun it measures: the number counts that noun, not the alliance written before it
# ("联盟8个村共同…", "联合党委12个成员单位")
COUNTED_NOUN_AFTER = re.compile(
    r"^(?:行政村|村|社区|嘎查|成员|单位|企业|项目|支部|党支部|党组织|党小组|合作社|基地|产业|党员|农户|部门|小组|专班)"
)

# the last character of an alliance noun (联盟, 党委, 共同体…): 纳入联盟的村达到35个
_ALLIANCE_NOUN_END = "[盟委部织体支]"
_VILLAGE_NOUN = r"行政村|村[（(]社区[)）]|村社区|村社|村庄|村子|村落|社区|嘎查村|嘎查|村"
# 村 followed by these is a village's organ or people, not villages (10个村书记, 村集体, 2个村企联建党委)
_NOT_VILLAGE = (r"(?!级|民|干部|委|党|两委|集体(?!经济(?:股份)?合作社)|书记|主干|务|规|小组|医|办|容|貌|史|内|里|均|财|官|宅|口|企"
                # the name of a company or venture that holds 村 (4个强村公司, 3个兴村合作社)
                r"|公司|集团|合作社|联社|工厂|车间|品牌|超市|商城)")
# a kind of village between the count and 村 (18个示范村, 6个重点村): villages of a kind, which an
# alliance covers only where a cover verb says so
VILLAGE_KIND_MOD = re.compile(r"示范|重点|中心|精品|样板|明星|先进|后进|薄弱|试点|贫困|空壳|软弱|标杆|达标")
VILLAGE_AFTER = re.compile(
    rf"^[^\d，。、；,;：:！？!?\s个家村镇乡户人名]{{0,10}}?(?P<noun>{_VILLAGE_NOUN}){_NOT_VILLAGE}"
)
# village-noun [数量] [达|共|有] [：] N个; a bare 村 only right after a cover verb (覆盖村120个; not
# 联合村, a common village name)
VILLAGE_BEFORE = re.compile(
    rf"(?P<noun>行政村|村[（(]社区[)）]|村庄|联建村|嘎查村|嘎查|成员村|(?<={_ALLIANCE_NOUN_END}的)村"
    r"|(?:(?<=覆盖)|(?<=涵盖)|(?<=囊括)|(?<=联结)|(?<=纳入)|(?<=吸纳)|(?<=包括)|(?<=包含))"
    r"[^\d，。、；,;：:！？!?\s个家村镇乡户人名的]{0,3}?村)"
    rf"{_LABEL_TAIL}$"
)

# N个 [modifiers] 村党组织 (9个产茶村党组织纳入某联合党委): the villages' party organisations join an
# alliance, so the villages are its members; only with a member verb (纳入/加入/吸纳) and an alliance
VILLAGE_ORG_AFTER = re.compile(
    r"^[^\d，。、；,;：:！？!?\s个家村镇乡户人名]{0,6}?(?P<noun>(?:行政)?村)(?:[（(]社区[)）])?级?(?:党组织|党支部|党总支|党委)(?!书记|副书记|负责人|委员|成员|班子)"
)
MEMBER_VERB = re.compile(JOIN_VERB)

# villages that are the subject of a money statement (9个村村集体经济收入全部超过10万元): a
# threshold or income sentence about the group, not how many villages an alliance covers
VILLAGE_AS_SUBJECT = re.compile(
    r"^(?:村|嘎查)?(?:集体经济|集体|经济|年?收入|总收入|人均|户均|村均|产值|销售|营业|经营|分红)"
)

# a clause that says villages belong to / are covered by / form alliances
COVER_CUE = re.compile(
    r"覆盖|涵盖|囊括|联合|整合|组建|成立|建立|联建|共建|抱团|牵头|加入|纳入|吸纳|结成|组成|结盟|串联|联结|连片|联村"
)
# influence, beneficiaries, targets: villages reached, not members
COVER_BLOCK = re.compile(r"辐射|惠及|受益|带动|帮扶|结对|示范|覆盖率|试点")

_INCOME = (
    r"营业收入|经营性?收入|经营性?收益|销售收入|进出口额|出口总额|出口额|出口创汇|外贸额|营收|收入|增收|创收|营业额|销售额|零售额|交易额|成交额|产值|生产总值|"
    r"分红资金|分红金|分红|盈利|利润|纯收益|收益|效益|进账|销售|卖出|售出|赚|集体经济"
)
_FUNDING = (
    r"注册资金|投资|投入|资金|争取|筹措|筹集|募集|捐赠|捐款|捐资|拨付|下拨|奖补|补助|补贴|奖励|融资|贷款|"
    r"出资|注资|撬动|引资|招商|扶持|援建|财政|基金|经费|(?:社会|工商|民间|外来|金融)资本"
)
# money that is neither: assets, prices, rents, costs, savings, debts, capital
_OTHER = (
    r"总资产|资产|存款|余额|价格|单价|均价|售价|租金|地租|承包费|流转费|租赁费|房租|成本|债务|负债|欠款|"
    r"市值|估值|注册资本|注册资金|罚款|节约|节省|亏损|工资|薪|彩票|股票|配资|授信|每亩|亩均|每平方米|每吨|每斤|"
    r"税收|纳税|缴税|税金|税费|"
    # money held or a cap, not raised or earned: 流动资金有, 现有资金, 每户可贷, 最高可获
    r"流动资金|现有资金|账面|结余|可贷|最高可|最多可|"
    # a unit price: 收购价/出栏价/批发价, or a quantity unit right before the money (每公斤40元)
    r"(?:收购|出栏|出厂|批发|零售|市场|收储|挂牌|成交|保护|保底|指导|地头|田头|上市|平均|终端)价|"
    r"每(?:一)?(?:公斤|千克|克|件|头|只|箱|盒|瓶|袋|包|株|棵|筐|立方米?|方|份|张|套|晚|间|桌|台|辆|枚|条|双|公里)"
)
MONEY_WORD = re.compile(rf"(?P<other>{_OTHER})|(?P<funding>{_FUNDING})|(?P<income>{_INCOME})")
# a money word right after the amount, after at most a short modifier (800万元项目资金, 50万元专项资金)
_MONEY_WORD_AFTER = re.compile(rf"[^\d，。、；,;：:！？!?\s]{{0,6}}?(?:(?P<other>{_OTHER})|(?P<funding>{_FUNDING})|(?P<income>{_INCOME}))")
# modifiers kept with a money word in its label: 村集体经济收入, 农村电商营业额, 争取各类资金
_LABEL_MOD = re.compile(
    r"(?:村集体经济|村级集体经济|集体经济|村集体|集体|经营性?|网络|农村电商|电商|年|月|村民|农民|"
    r"争取各类|争取|各类|项目|财政|专项|扶持|总|分红|股金)*$"
)

# A sentence naming spam carries no figure: the cleaner's unambiguous spam words, plus money lures
# a sentence of news never writes. Not bare 365 / 澳门 / 彩票 / 股市: 投资365万元, 销往澳门 and
# 体育彩票公益金 are news.
SPAM = GatedPattern(re.compile(
    SPAM_STRONG.pattern + r"|日入过?[\d百千万]|客服微信|【广告】|彩票网|彩票平台|购彩|股票代码|操盘|炒股|赌博|赌球",
    re.I,
))

PER_MARKERS = re.compile(
    r"(?P<village>村均|每(?:个)?(?:行政)?村|各(?:联建)?村|联建村均|各联建村)|(?P<capita>人均|每人)"
    r"|(?P<household>户均|每户)|(?P<other>平均|每\d+|每(?:个|家|亩)"
    # one production unit (一个大棚年收入5万元, 每座温室): the amount is per unit, not the village's
    r"|(?:每|一)(?:个|座|栋|间|口|张|亩)?(?:大棚|温室|鱼塘|养殖池|网箱|圈舍|猪舍|牛舍|羊舍|鸡舍|棚))"
    # a share of the villages (70%的村, 八成以上的行政村) as the subject: what each of them reached
    r"|(?P<share>(?:\d+(?:\.\d+)?[%％]|百分之[\d一二三四五六七八九十]+|[一二三四五六七八九]成)(?:以上|左右)?的(?:行政)?村(?!民))"
)


def money_kind(before: str, after: str, sent_before: str) -> tuple[str | None, int | None, int | None]:
    """(kind, label start, label end) for money: income / funding / None (not a figure).

    The naming word nearest before the number in its clause decides; else a word right after it
    (500万元资金); else the nearest one earlier in the sentence. Offsets are into `before`, into
    `after` shifted by len(before) + gap (caller's job), or into `sent_before` (negative: None).
    """
    last = None
    for m in MONEY_WORD.finditer(before):
        last = m
    if last is not None:
        return last.lastgroup if last.lastgroup != "other" else None, last.start(), last.end()
    m = _MONEY_WORD_AFTER.match(after.lstrip("的"))
    if m:
        return (m.lastgroup if m.lastgroup != "other" else None), None, None
    for m in MONEY_WORD.finditer(sent_before):
        last = m
    if last is not None and last.lastgroup != "other":
        return last.lastgroup, None, None
    return None, None, None


_YEAR_DIGITS = set("0123456789０１２３４５６７８９" + CN_DIGITS)


def money_label(before: str, kw_start: int, kw_end: int) -> tuple[int, str]:
    """Label start and text: the money word plus the modifiers glued before it."""
    m = _LABEL_MOD.search(before, 0, kw_start)
    start = m.start() if m else kw_start
    if before.startswith("年", start) and start > 0 and before[start - 1] in _YEAR_DIGITS:
        start += 1  # 2023年村集体经济收入: the 年 closes the year, it is no 年收入
    return start, before[start:kw_end]


# 12个村集体收入均突破50万元: 均/都 as an adverb right before the amount's verb, with villages in the
# plural as the subject, says each village reached it (not 人均/户均/平均, which PER_MARKERS reads)
_EACH_VILLAGE_SUBJECT = re.compile(
    r"(?:[\d一二两三四五六七八九十百]+个(?:行政)?村(?!民)|[各所有全部]+(?:行政)?村(?!民)|"
    r"全[镇乡县市区](?:所有)?(?:行政)?村(?!民))"
)
_EACH_ADVERB = re.compile(
    r"(?:(?<![人户村亩平])[均都]|全部|全都)(?:已经|已|可以|可|能|将|有望)?(?:突破|超过|超|达到|达|过|实现|在|破)?了?$")


def each_village(before: str) -> bool:
    """The amount is reached by each of the villages the clause names (…个村…均达到)."""
    m = _EACH_ADVERB.search(before)
    return m is not None and _EACH_VILLAGE_SUBJECT.search(before, 0, m.start()) is not None


# whose average a bare 平均 is: the unit named just before it (成员村集体经济收入平均, 农户平均增收)
_AVERAGED = re.compile(r"(?P<household>农户|家庭|户)|(?P<capita>农民|村民|群众|居民|脱贫人口)|(?P<village>村(?!民))")


# a total shared out or summed after the marker (各村分摊, 每村…合计): the amount is no one unit's
_SHARED_OUT = re.compile(r"分摊|分担|合计|共计|总计|累计")
# 年均/月均 after the unit it averages (村民年均纯收入, 农户月均增收): per that unit; alone (年均增长) nothing
_YEARLY_AVERAGE = re.compile(r"(?P<household>农户|家庭|户)|(?P<capita>农牧民|农民|牧民|村民|群众|居民|脱贫人口)")


_YEAR_OR_MONTH_AVERAGE = re.compile(r"[年月]均")


def _yearly_average(before: str) -> str | None:
    m = None
    for m in _YEAR_OR_MONTH_AVERAGE.finditer(before):
        pass
    if m is None:
        return None
    unit = None
    for unit in _YEARLY_AVERAGE.finditer(before, max(0, m.start() - 6), m.start()):
        pass
    return unit.lastgroup if unit is not None and unit.end() >= m.start() - 2 else None


def per_of(before: str) -> str | None:
    """village / capita / household / other from the nearest marker before the number."""
    last = None
    for m in PER_MARKERS.finditer(before):
        last = m
    if last is None:
        return _yearly_average(before)
    if _SHARED_OUT.search(before, last.end()):
        return None  # 各村依据人口比重分摊750万元: a total shared out, not what each village has
    if last.group() == "平均":
        unit = None
        for u in _AVERAGED.finditer(before, max(0, last.start() - 12), last.start()):
            unit = u
        if unit is not None:
            return unit.lastgroup
    return "village" if last.lastgroup == "share" else last.lastgroup


def has_alliance(s: str) -> bool:
    return _ALLIANCE_RE.search(s) is not None

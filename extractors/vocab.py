"""The domain's word classes, defined once: every extractor and cleaner reads them from here.

A word class is a regex alternation (a string) or a compiled pattern; the rules that use them
live beside their algorithm (places, figures, alliances), the words live here.
"""

from __future__ import annotations

import re

from extractors.gated import GatedPattern

# ---------------------------------------------------------------- organisations

# Alliance-like organisations (a bare 党委/党支部 is not one: it is a single village's).
ALLIANCE_NOUN = (
    r"(?:跨村联建|联村|联建村?|联合|片区|跨村)党(?:委|总支|支部|组织)|片区(?:联合)?党工委|片区联合党委"
    r"|片区党?总支部委员会|中心村党(?:委|总支)|跨区域党(?:工)?委|跨区域党[（(]工[)）]委"
    # a joint committee written with its other name in brackets (中心村（片区）党委)
    r"|(?:片区|中心村|联村)[（(](?:片区|中心村|联村)[)）]党(?:委|总支)"
    # a zone's big committee and a joint-building zone (片区大党委, 跨村党建联建片区)
    r"|大党委|(?:党建)?联建片区"
    r"|(?:党建)?大?联盟|(?:党建)?共同体|(?:党建)?联合体|党建综合体"
)

# The party body of a joint organisation, full forms first (总支部委员会 = 党总支部 = 党总支).
PARTY_BODY = r"(?:党(?:工委|委员会|委|总支部委员会|总支部|总支|支部委员会|支部|组织)|总支部委员会|支部委员会)"
# Nouns that end a named alliance (alliances.py): stricter than ALLIANCE_NOUN, since a name is
# proper words + one of these; a bare 联盟/联合体 ends a name only after 产业 (茶叶产业联盟).
ALLIANCE_NAME_NOUN = (
    r"党建大?联盟|党建(?:联合体|共同体|综合体)|(?:乡村振兴|党组织|共富)联合体|联合委员会|红盟|红联体"
    rf"|(?:联合|联村|联建){PARTY_BODY}|(?:片区大?|中心村)(?!党组织){PARTY_BODY}|大党委"
    rf"|(?<!党建)联盟{PARTY_BODY}|(?<=产业|共富|发展|振兴)联盟"
)

# ---------------------------------------------------------------- verbs

# a unit joins an alliance (9个村党组织纳入某联合党委, 5个村党支部联建为片区党委): its members are counted
JOIN_VERB = r"纳入|加入|吸纳|并入|编入|划入|整合进|联合|联建为|组建为|合并为|整合为|组成|共同成立|共同组建"
# a subject gathers members under it (甲村联合周边5个村, 联盟覆盖12个村): the subject leads them
GATHER_VERB = r"联合|整合|吸纳|涵盖|覆盖|囊括|串联|联结|纳入|组织|带领"

# ---------------------------------------------------------------- villages and things

# kinds of village, never a name (中心村, 示范村, 经济薄弱村)
VILLAGE_KINDS = ("自然村", "行政村", "中心村", "示范村", "专业村", "重点村", "贫困村", "经济薄弱村",
                 "新农村", "空壳村", "软弱涣散村", "精品村", "样板村", "明星村")
# words that point at a place without naming it (全县, 本镇, 各村, 两村)
DETERMINERS = "全本该各每此我其这那邻外两几多"
# products a place name brands (德化黑兔, 洛川苹果, 涪陵榨菜)
PRODUCTS = (
    r"(?:白条党参|党参|当归|黄芪|人参|枸杞|红枣|大枣|核桃|板栗|苹果|脐橙|蜜桔|蜜橘|柑橘|脆李|水蜜桃|猕猴桃|"
    r"葡萄|西瓜|甜瓜|香梨|荔枝|龙眼|芒果|杨梅|蜜柚|白茶|绿茶|红茶|黑茶|毛尖|大米|香米|贡米|小米|米粉|米线|"
    r"挂面|榨菜|泡菜|辣椒|花椒|生姜|大蒜|山药|莲藕|马铃薯|黑兔|黑猪|黑山羊|麻鸭|板鸭|烤鸭|羊肉|牛肉|腊肉|"
    r"火腿|牦牛|滩羊|肉羊|豆干|蜂蜜|木耳|香菇|银耳|白酒|黄酒|老醋|陈醋|腐乳)"
)

# County and city short forms that are ordinary words first (jieba tags them ns, yet 平原 is "a
# plain", 惠民 "benefiting the people", 温泉 "a hot spring", 青山 of 绿水青山): such a short form
# names its county only beside its city or the county's full name.
SHORT_FORMS_THAT_ARE_WORDS = frozenset(
    "平原 惠民 商城 江山 甘泉 安宁 安康 方正 温泉 龙门 清河 和顺 东海 青山 长寿 宝山 新华 太和 灵山".split()
)

# ---------------------------------------------------------------- spam

# Spam that rides on news pages: gambling, porn, stock tips. SPAM_STRONG words name spam and
# nothing else; _SPAM_WEAK words are also ordinary Chinese (久久为功, 成人教育, 激情, 彩票公益金,
# 涨停板) and count only beside other spam words.
SPAM_STRONG = GatedPattern(re.compile(
    r"无码|色欲|人妖|黄网|片在线|一区二区|中文字幕|"
    r"博彩|娱乐城|百家乐|六合彩|时时彩|赌场|老虎机|日博|bet365|365网|葡京|威尼斯人|"
    r"真人娱乐|开户送|荐股|牛股|股票推荐|代开发票|"
    # Lures: sign-up bonuses, jackpots, stock-tip "teachers".
    r"彩金|天天中|(?:注册|首充|充值|开户|下载)(?:即|就)?(?:送|领|得)|首充|最高可领\d|线上娱乐|"
    r"跟着老师|老师带|带你赚|稳赚|日赚|躺赚|包赚|翻倍收益|收益翻倍|"
    # Side-job lures: 添加客服微信 / 立领88元红包 / 足不出户月入过万.
    r"(?:添?加|联系)客服|立领\d|领取?\d+元红包|足不出户.{0,4}(?:日|月)?(?:赚|入)",
    re.I,
))

"""The domain's word classes, defined once: every extractor and cleaner reads them from here.

A word class is a regex alternation (a string) or a compiled pattern; the rules that use them
live beside their algorithm (places, figures, alliances), the words live here.
"""

from __future__ import annotations

import re

from extractors.gated import GatedPattern

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

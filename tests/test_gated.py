"""GatedPattern: a regex searched only where one of its required words occurs gives the
regex's own answers, and refuses a branch that has no anchor word."""

import random
import re

import pytest

from extractors.figure_kinds import SPAM
from extractors.gated import GatedPattern, required_words
from pipeline.stages.text_clean import _JUNK_LINE, _NOTICE_LINE, _SPAM_WEAK, SPAM_STRONG


def test_required_words_respect_groups_classes_escapes_and_optional_parts():
    assert required_words(re.compile(r"a(?:b|c)d|[|x]yz|d\|e|f?gh")) == ("a", "d|e", "gh", "yz")
    # a required group of alternatives when no literal run is longer: 注册/首充 送
    assert required_words(re.compile(r"(?:注册|首充)(?:即|就)?(?:送|领)")) == ("注册", "首充")
    # the words of a case-folding pattern are lowercase, as the gate's view of the line is
    assert required_words(re.compile(r"BET365|ICP证", re.I)) == ("bet365", "icp证")


def test_a_branch_without_an_anchor_is_refused():
    with pytest.raises(ValueError, match="no anchor word"):
        GatedPattern(re.compile(r"版权所有|\d+(?:\.\d+)?"))


GATED = [SPAM_STRONG, _SPAM_WEAK, _JUNK_LINE, _NOTICE_LINE, SPAM]


def _invented_lines(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["某县", "联村党委", "收入", "12:30/45:00", "版权所有", "Copyright", "ICP备", "注册即送", "BET365",
             "开户", "客服", "关注公众号微信", "下载新闻客户端", "上一篇：", "【广告】", "分享给朋友", "编辑：",
             "久久", "成人", "彩票", "投注", "彩金", "日入过万", "，", "。", "2023年", "86万元", "足不出户月赚"]
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(n)]


@pytest.mark.parametrize("gated", GATED, ids=lambda g: g.pattern[:12])
def test_the_gate_never_changes_the_answer(gated):
    for line in _invented_lines(400, len(gated.pattern)):
        assert (gated.search(line) is None) == (gated.rx.search(line) is None)
        assert gated.findall(line) == gated.rx.findall(line)
        k = len(line) // 3
        got = gated.search(line, k, len(line) - 1)
        want = gated.rx.search(line, k, len(line) - 1)
        assert (got and got.span()) == (want and want.span())


def test_positions_are_read_as_re_reads_them():
    line = "上一篇：某县某镇组建联村党委"
    for pos, endpos in ((-3, None), (0, -1), (2, 100), (0, 3)):
        got = _JUNK_LINE.search(line, pos, len(line) if endpos is None else endpos)
        want = _JUNK_LINE.rx.search(line, pos, len(line) if endpos is None else endpos)
        assert (got and got.span()) == (want and want.span())


def test_one_line_is_scanned_once_for_every_pattern_and_answers_stay_right():
    from extractors.gated import _GATES

    line = "版权所有 未经授权不得转载"
    assert _NOTICE_LINE.search(line) and not SPAM_STRONG.search(line)
    assert _GATES._last[0] is line  # the second pattern used the first one's scan
    assert _NOTICE_LINE.search("某村成立党建联盟") is None

"""Character-level repairs (pipeline/stages/repair.py) on invented text."""

import time

from pipeline.stages.repair import (
    fix_digits,
    fix_entities,
    realign_gbk,
    remove_noise,
    remove_pinyin,
    repair,
    strip_controls,
)


def test_bidi_and_format_controls_around_a_number_are_removed():
    for mark in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
                 "\u200e", "\u200f", "\u200b", "\ufeff", "\u00ad"):
        assert strip_controls(f"全村增收4{mark}60万元") == "全村增收460万元", repr(mark)
    assert strip_controls("\u2067460\u2069万元") == "460万元"


def test_c0_c1_controls_and_terminal_escapes_are_removed_newline_and_tab_kept():
    text = "\x1b[2J\x1b[1;31m某县联村党委\x1b[0m\x07成立\x00\x1b]0;title\x07\t覆盖\x9b1m8个村\n第二段\x85第三段"
    assert strip_controls(text) == "某县联村党委成立\t覆盖8个村\n第二段\n第三段"


def test_pinyin_readings_after_characters_are_removed():
    text = "石岭乡组建联(lián)合党(dǎng)委，覆盖(gài)12个行政村(cūn)，带动增收(shōu)的(de)效果明显"
    assert remove_pinyin(text) == "石岭乡组建联合党委，覆盖12个行政村，带动增收的效果明显"
    # several syllables, full-width brackets, a reading cut off by the end of the text
    assert remove_pinyin("村民齐心协力(qíxīnxiélì)建设（jiànshè）家园(jiāyu") == "村民齐心协力建设家园"


def test_brackets_that_are_not_pinyin_stay():
    assert remove_pinyin("引进某公司(abc)项目，实现(GDP)增长") == "引进某公司(abc)项目，实现(GDP)增长"
    # an untoned reading counts only on a page that also has toned ones
    assert remove_pinyin("成立了理事会(he)组织") == "成立了理事会(he)组织"
    assert remove_pinyin("成立(lì)了理事(shì)会(he)组织") == "成立了理事会组织"
    assert remove_pinyin("某村(2023年)收入") == "某村(2023年)收入"


def test_a_reading_whose_character_was_lost_goes_too():
    assert remove_pinyin("来源:东湖晚?bào) 作者") == "来源:东湖晚 作者"


def test_entities_with_a_lost_ampersand_and_tag_remnants():
    assert fix_entities("以“联建共富?rdquo;为主题") == "以“联建共富”为主题"
    assert fix_entities("村集体增收。?/p>下一段") == "村集体增收。下一段"
    assert fix_entities("问题?abcde;不是实体") == "问题?abcde;不是实体"


def _lose_quote_byte(text: str) -> str:
    raw = text.encode("gbk")
    i = raw.index("”".encode("gbk"))
    return (raw[:i] + raw[i + 1:]).decode("gbk", errors="replace")


def _read_one_byte_late(text: str) -> str:
    """GBK text read from one byte too late at a full stop: "?!" and then the shifted run."""
    raw = text.encode("gbk")
    i = raw.index("。".encode("gbk"))
    return raw[:i].decode("gbk") + "?" + raw[i + 1:].decode("gbk", errors="replace")


def test_gbk_text_that_lost_a_quote_byte_is_read_in_step_again():
    broken = _read_one_byte_late("大家都满意。”青松村党支部书记说\\这是实话")
    assert broken.startswith("大家都满意?！")
    assert realign_gbk(broken) == "大家都满意。”青松村党支部书记说\\这是实话"
    # one letter glued between the run and a bracketed reading ends the shifted run too
    for original in ("好得很！”石橋鄉(xiāng)黨委", "好得很！”青山鄉(xiāng)黨委"):
        assert realign_gbk(_lose_quote_byte(original)) == original
    assert realign_gbk(_lose_quote_byte("收入翻番！”青松村\\组织")) == "收入翻番！”青松村\\组织"
    # a character whose byte went with the decode error stays lost; the rest is read in step
    assert realign_gbk(_lose_quote_byte("收入翻番！”河口乡(xiāng)组织")) == "收入翻番！”河口\ufffd(xiāng)组织"


def test_ordinary_text_with_marks_is_not_re_read():
    for text in ("好消息!本B超室开诊", "真方便!”日前,某县", "如何推进?笔者跟随调研。北京Plus", "全面完成。本月A组",
                 "真好！按照片區規劃(2023)推進", "完成。按照規劃推進"):
        assert realign_gbk(text) == text


def test_anti_scraping_noise_is_removed_and_letter_lists_stay():
    assert remove_noise("q# m2 Z; k& 7b W- 今年全村") == "今年全村"
    assert remove_noise("收入增加。3 j] P8 x! r5 M") == "收入增加。"
    assert remove_noise("分为A B C D E五档") == "分为A B C D E五档"
    assert remove_noise("名次1 2 3 4 5依次") == "名次1 2 3 4 5依次"


def test_digits_written_as_letters_or_full_stops():
    assert fix_digits("成立了8o余家公司，创收33o万元，实现营收约2。35亿元") == "成立了80余家公司，创收330万元，实现营收约2.35亿元"
    assert fix_digits("Hello Bob。2023年") == "Hello Bob。2023年"


def test_repairs_are_linear():
    unit = "联(lián)村党委覆盖(gài)8个村，好！ab。3 j] P8 x! r5 M\u202e"
    def cost(n):
        text = unit * n
        t0 = time.perf_counter()
        repair(text)
        return time.perf_counter() - t0
    small, big = min(cost(500) for _ in range(3)), min(cost(5000) for _ in range(3))
    assert big < 20 * small + 0.05

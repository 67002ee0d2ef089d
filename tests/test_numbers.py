"""extractors.numbers: one parser for Arabic/Chinese numerals, magnitudes, qualifiers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from extractors.numbers import cn_numeral, find_numbers, parse_number

N = None


@pytest.mark.parametrize(
    "s, value, vmin, vmax, qual",
    [
        ("三个", 3, 3, 3, "exact"),
        ("两个", 2, 2, 2, "exact"),
        ("十余个", 10, 10, 20, "over"),
        ("一千二百万元", 1.2e7, 1.2e7, 1.2e7, "exact"),
        ("1.3亿", 1.3e8, 1.3e8, 1.3e8, "exact"),
        ("29.3亿元", 2.93e9, 2.93e9, 2.93e9, "exact"),
        ("千万", 1e7, 1e7, 1e7, "exact"),
        ("近亿", 1e8, N, 1e8, "approx"),
        ("2190多万元", 2.19e7, 2.19e7, 2.2e7, "over"),
        ("超千万元", 1e7, 1e7, N, "over"),
        ("6万余元", 6e4, 6e4, 7e4, "over"),
        ("10万余元", 1e5, 1e5, 1.1e5, "over"),
        ("10余万元", 1e5, 1e5, 2e5, "over"),
        ("1,200万", 1.2e7, 1.2e7, 1.2e7, "exact"),
        ("100 个", 100, 100, 100, "exact"),
        ("3—5个", 4, 3, 5, "approx"),
        ("1000-2000人", 1500, 1000, 2000, "approx"),
        ("百万", 1e6, 1e6, 1e6, "exact"),
        ("两千余", 2000, 2000, 3000, "over"),
        ("〇", 0, 0, 0, "exact"),
        ("零", 0, 0, 0, "exact"),
        ("１２０个", 120, 120, 120, "exact"),
        ("３.５万元", 35000, 35000, 35000, "exact"),
        ("约50万元", 5e5, N, N, "approx"),
        ("50万元左右", 5e5, N, N, "approx"),
        ("将近800万元", 8e6, N, 8e6, "approx"),
        ("不足10万元", 1e5, N, 1e5, "under"),
        ("不到5个", 5, N, 5, "under"),
        ("200元以上", 200, 200, N, "over"),
        ("突破5亿元", 5e8, 5e8, N, "over"),
        ("逾3亿元", 3e8, 3e8, N, "over"),
        ("超过5000人", 5000, 5000, N, "over"),
        ("2600多元", 2600, 2600, 2700, "over"),
        ("三十多万", 3e5, 3e5, 4e5, "over"),
        ("1.5万余户", 15000, 15000, 16000, "over"),
        ("一亿二千万", 1.2e8, 1.2e8, 1.2e8, "exact"),
        ("两万三千", 23000, 23000, 23000, "exact"),
        ("一百零五", 105, 105, 105, "exact"),
        ("一千二", 1200, 1200, 1200, "exact"),
        ("二〇二三", 2023, 2023, 2023, "exact"),
        ("近百个", 100, N, 100, "approx"),
        ("12.6万名", 126000, 126000, 126000, "exact"),
    ],
)
def test_parse_number(s, value, vmin, vmax, qual):
    p = parse_number(s)
    assert p is not None
    assert p.value == pytest.approx(value)
    assert (p.value_min is None) == (vmin is None) and (p.value_max is None) == (vmax is None)
    if vmin is not None:
        assert p.value_min == pytest.approx(vmin)
    if vmax is not None:
        assert p.value_max == pytest.approx(vmax)
    assert p.qualifier == qual


@pytest.mark.parametrize("s", ["", "abc", "个", "联村党组织", "——", "多元化"])
def test_parse_number_none(s):
    assert parse_number(s) is None


def test_cn_numeral_rejects_runs():
    assert cn_numeral("三五") is None
    assert cn_numeral("abc") is None
    assert cn_numeral("十二") == 12


def test_find_numbers_units_and_offsets():
    t = "覆盖周边2个乡镇的7个行政村,经营收入近亿元,游客超百万人次,100 个村,2190多万元。"
    ms = find_numbers(t)
    got = [(t[m.start:m.end], m.value, m.unit) for m in ms]
    assert ("2个", 2, "个") in got
    assert ("7个", 7, "个") in got
    assert ("近亿元", 1e8, "元") in got
    assert ("超百万人次", 1e6, "人次") in got
    assert ("100 个", 100, "个") in got
    assert ("2190多万元", 2.19e7, "元") in got


@pytest.mark.parametrize(
    "t",
    ["千村引领、万村振兴", "千万工程", "统一包装、统一销售", "三门县", "一把手", "第一书记", "几个村", "数十次",
     "已有个联村党组织"],
)
def test_find_numbers_words_are_not_numbers(t):
    assert [m for m in find_numbers(t) if m.unit in ("个", "村", "元")] == []


def test_find_numbers_full_width_keeps_offsets():
    t = "投资１２００万元"
    (m,) = find_numbers(t)
    assert t[m.start:m.end] == "１２００万元" and m.value == 1.2e7


def test_find_numbers_units_filter():
    t = "36个项目,投资500万元,2018年"
    assert [m.unit for m in find_numbers(t, {"元"})] == ["元"]


_alphabet = st.sampled_from(list("0123456789０１２３一二两三十百千万亿零〇余多超近约个元万村年%.,—- 以上下左右不足"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=20) | st.text(max_size=30))
def test_never_raises(s):
    p = parse_number(s)
    assert p is None or p.value == p.value  # not NaN
    for m in find_numbers(s):
        assert 0 <= m.start < m.end <= len(s)
        assert m.start <= m.num_start < m.num_end <= m.end
        if m.value_min is not None and m.value_max is not None:
            assert m.value_min <= m.value_max


@pytest.mark.parametrize(
    "text, value, vmin, vmax",
    [
        ("收入20万元至50万元之间", 35e4, 20e4, 50e4),
        ("每户6个至9个", 7.5, 6, 9),
        ("投入1000万元—3000万元", 2e7, 1e7, 3e7),
    ],
)
def test_range_with_unit_said_twice(text, value, vmin, vmax):
    (n,) = find_numbers(text, {"元", "个"})
    assert (n.value, n.value_min, n.value_max, n.qualifier, n.is_range) == (value, vmin, vmax, "approx", True)
    assert text[n.start:n.end].endswith(("元", "个"))


def test_no_range_across_a_change_or_different_units():
    # 由…提高到… is a change, not a range; different units stay apart
    assert len(find_numbers("由400元提高到800元", {"元"})) == 2
    assert len(find_numbers("5个至8元", {"元", "个"})) == 2
    assert len(find_numbers("50万元至30万元", {"元"})) == 2  # falling: two numbers


def test_a_lone_capital_numeral_is_a_name():
    assert find_numbers("陆家嘴和伍家台都有柒村") == []
    assert [(n.value, n.unit) for n in find_numbers("捐款壹佰万元,伍万元")] == [(1e6, "元"), (5e4, "元")]


def test_numbers_in_other_unicode_digits_are_read():
    # \d matches every decimal digit: the mathematical bold digits of styled social posts, Arabic-Indic
    from extractors.numbers import find_numbers

    got = find_numbers("村集体收入𝟓𝟎万元，共有𝟏𝟐个村，另有٣٤户。", {"元", "个", "户", None})
    assert [(n.value, n.unit) for n in got] == [(500000.0, "元"), (12.0, "个"), (34.0, "户")]

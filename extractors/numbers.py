"""One parser for the numbers in Chinese news: Arabic and Chinese numerals, magnitudes, qualifiers.

Forms: 三个, 十余个, 一千二百万元, 1.3亿, 29.3亿元, 千万, 近亿, 2190多万元, 超千万元, 6万余元,
1,200万, "100 个", 3—5个, 两千余, 〇/零, full-width ０-９.

Interval convention (value_min / value_max), chosen so that every form is read the same way:
- exact: min = max = value.
- 余/多 *before* the magnitude or unit (10余万, 2190多万, 30余个, 两千余): the remainder is
  below the place of the last non-zero digit of the mantissa, times the magnitude:
  10余万 -> [10万, 20万); 2190多万 -> [2190万, 2200万) (一百九十多 = 191..199); 两千余 -> [2000, 3000).
- 余/多 *after* the magnitude (6万余, 10万余, 1.5万余): the remainder is below one unit of the
  magnitude (or of the last decimal): 6万余 -> [6万, 7万); 1.5万余 -> [1.5万, 1.6万).
  max is exclusive in meaning; we store the bound itself.
- over by word (超, 超过, 突破, 逾, 以上): min = value, max = None.
- near (近, 将近, 接近): min = None, max = value (the figure falls short of it).
- about (约, 大约, 左右, 上下): min = max = None (the text gives no bound; we do not invent ±10%).
- under (不足, 不到, 以下, 未满, 以内): min = None, max = value.
- a range (3—5个, 1000-2000人, 20万元至50万元 with the unit said twice): qualifier approx,
  min/max the ends, value the midpoint.

cn2an was measured (tools/measure_number_libs.py) and rejects most of these forms; its
strict/normal modes are right on plain Chinese numerals but slow (regex validation per call), so
the small numeral reader below is used; it agrees with cn2an on every plain numeral we tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["ParsedNumber", "NumberMatch", "parse_number", "find_numbers", "cn_numeral", "NUMBER_RE", "CN_DIGITS", "CN_UNITS"]

# Full-width digits and a few look-alikes map 1:1 to ASCII, so offsets survive normalisation.
_FW = str.maketrans("０１２３４５６７８９．％～", "0123456789.%~")

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4,
             "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MAG = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
CN_DIGITS = "".join(_CN_DIGIT)  # Chinese numeral digits, plain and financial (〇一…九, 壹…玖)
CN_UNITS = "".join(_CN_UNIT)  # 十百千 and their financial forms
_CN_CHARS = CN_DIGITS + CN_UNITS + "万亿"

_PRE_QUAL = {"将近": "near", "接近": "near", "近": "near", "大约": "about", "约": "about",
             "超过": "over", "超出": "over", "超": "over", "突破": "over", "逾": "over",
             "不足": "under", "不到": "under", "未满": "under", "未达": "under", "低于": "under", "少于": "under"}
_POST_QUAL = {"左右": "about", "上下": "about", "以上": "over", "多": "over", "余": "over",
              "以下": "under", "以内": "under"}
# Units recognised right after a number (longest first so 人次 wins over 人).
_UNITS = ["个百分点", "百分点", "平方公里", "平方千米", "平方米", "人次", "公里", "千米", "公顷", "公斤",
          "千克", "小时", "分钟", "美元", "港元", "元", "%", "‰", "个", "家", "村", "人", "名", "户", "亩",
          "项", "条", "件", "次", "所", "处", "间", "座", "支", "批", "套", "台", "辆", "头", "只", "吨",
          "斤", "米", "年", "月", "日", "号", "天", "岁", "倍", "位", "期", "届", "轮", "组", "种", "场",
          "棵", "株", "份", "篇", "块", "亿元", "镇", "乡", "县", "省", "市", "区", "片", "宗", "笔", "单"]
_UNITS = sorted(set(_UNITS), key=len, reverse=True)

_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_CN = f"[{_CN_CHARS}]+"
# 过 reads "over" only before a bare magnitude (过万元, 过百户, 过亿): before digits, and after
# 通/经/超…, it is a verb (通过3个, 经过5年)
_OVER_BARE = "(?<![通经超越不错度穿跨路])过(?=[十百千万亿])"
_PRE = "|".join(sorted(_PRE_QUAL, key=len, reverse=True)) + "|" + _OVER_BARE
_UNIT = "|".join(re.escape(u) for u in _UNITS)
_BODY = (
    rf"(?:(?P<pre>{_PRE})了?)?"
    rf"(?<![A-Za-z0-9_.@/\\])(?P<num>{_AR}|{_CN})"
    r"(?:[ \t]?(?P<mid>[余多](?!元化|元素|样|种|少|方|彩)))?(?:[ \t]?(?P<mag>[十百千万亿]+))?(?P<post>[余多](?!元化|元素|样|种|少|方|彩))?"
    rf"(?:[ \t]*(?P<sep>[-—–~～至到])[ \t]*(?P<num2>{_AR}|{_CN})(?P<mag2>[十百千万亿]+)?)?"
    rf"(?![A-Za-z@_])(?:[ \t\u3000]?(?P<unit>{_UNIT}))?"
)
_TAIL = r"(?P<tail>左右|上下|以上|以下|以内)?"
# Every match starts with a qualifier word or a numeral. Said as a lookahead on one character
# class, it lets re skip to the next such character (the pattern itself opens with an optional
# group, so re tried it at every character): the whole-text scan runs 3.4x faster.
_FIRST = "(?=[过" + "".join(sorted({w[0] for w in _PRE_QUAL})) + r"\d" + _CN_CHARS + "])"  # \d as in _AR
NUMBER_RE = re.compile(_FIRST + _BODY + _TAIL)
# the same, but only numbers with a unit or ending in 万/亿: the scan that figures need, with far
# fewer matches to handle in Python (统一, 三门县, 第一 never match)
_UNIT_OR_MAG_RE = re.compile(_FIRST + _BODY + r"(?(unit)|(?<=[万亿]))" + _TAIL)


@dataclass
class ParsedNumber:
    value: float
    value_min: float | None
    value_max: float | None
    qualifier: str  # exact / approx / over / under


@dataclass
class NumberMatch(ParsedNumber):
    start: int  # span of the whole expression: qualifier words, number, magnitude, unit
    end: int
    unit: str | None
    num_start: int  # span of the numeral itself
    num_end: int
    is_range: bool = False
    text: str = ""


def cn_numeral(s: str) -> int | None:
    """Chinese numeral to int (一千二百万, 两千, 十, 二〇二〇); None if it is not one."""
    if not s or any(c not in _CN_CHARS for c in s):
        return None
    if all(c in _CN_DIGIT for c in s) and len(s) > 1:
        # digit-by-digit (二〇二〇, 一九九八); 三五 / 七八 mean "three or five", no single number
        if len(s) < 3 and "〇" not in s and "零" not in s:
            return None
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, section, num = 0, 0, 0
    prev = ""
    for c in s:
        if c in _CN_DIGIT:
            if prev in _CN_DIGIT and _CN_DIGIT[prev]:  # 三五: two digits in a row is no numeral
                return None
            num = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            section += (num or 1) * _CN_UNIT[c]
            num = 0
        elif c == "万":
            total += ((section + num) or 1) * 10**4
            section = num = 0
        else:  # 亿
            total = ((total + section + num) or 1) * 10**8
            section = num = 0
        prev = c
    # colloquial 一千二 = 1200: a digit right after 百/千 counts one place lower
    if num and len(s) >= 2 and s[-2] in _CN_UNIT and _CN_UNIT[s[-2]] >= 100:
        num *= _CN_UNIT[s[-2]] // 10
    return total + section + num


def _mantissa(s: str) -> tuple[Decimal, Decimal] | None:
    """(value, place of the last non-zero digit) of an Arabic or Chinese numeral."""
    if s[0].isdigit():
        try:
            d = Decimal(s.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        v = cn_numeral(s)
        if v is None:
            return None
        d = Decimal(v)
    if d == 0:
        return d, Decimal(1)
    t = d.normalize().as_tuple()
    exp = t.exponent if isinstance(t.exponent, int) else 0
    return d, Decimal(10) ** exp


def _mag_value(s: str | None) -> int:
    m = 1
    for c in s or "":
        m *= _MAG[c]
    return m


def _build(m: re.Match, base: int = 0, bare_ok: bool = True) -> NumberMatch | None:
    num = m.group("num")
    is_cn = not num[0].isdigit()
    pre, mid, post, tail, unit = m.group("pre"), m.group("mid"), m.group("post"), m.group("tail"), m.group("unit")
    mag = m.group("mag") or ""
    if is_cn and not any(c in _CN_DIGIT for c in num):
        # a bare magnitude (万, 千万, 百) is a number only when a qualifier or money makes it one:
        # 超千万元, 近亿, 近百个; not 万村振兴, 千村, 千万工程
        # 资金万元 (its digits lost in the page) is no amount: a lone 万/亿 needs a qualifier
        if not bare_ok and not (pre or mid or post or (len(num) >= 2 and unit)):
            return None
    mt = _mantissa(num)
    if mt is None:
        return None
    value, place = mt
    magv = _mag_value(mag)
    full = value * magv
    qual, vmin, vmax = "exact", full, full
    rem = mid or post
    if rem:
        step = place * magv if mid else min(place, Decimal(1)) * magv
        qual, vmin, vmax = "over", full, full + step
    kind = ("over" if pre == "过" else _PRE_QUAL.get(pre or "")) or _POST_QUAL.get(tail or "")
    if kind == "over":
        qual, vmin, vmax = "over", full, (vmax if rem else None)
    elif kind == "near":
        qual, vmin, vmax = "approx", None, full
    elif kind == "about":
        qual, vmin, vmax = "approx", None, None
    elif kind == "under":
        qual, vmin, vmax = "under", None, full
    is_range = False
    if m.group("num2"):
        mt2 = _mantissa(m.group("num2"))
        if mt2 is None:
            return None
        mag2 = _mag_value(m.group("mag2")) if m.group("mag2") else magv
        lo = full if mag else value * mag2  # 3—5万: the magnitude of the upper end covers both
        hi = mt2[0] * mag2
        if hi <= lo:
            return None  # 2018-08 or 12-3: not a range
        full, vmin, vmax, qual, is_range = (lo + hi) / 2, lo, hi, "approx", True
    if not full.is_finite() or full > _LARGEST:
        return None  # 50,000 nines: no amount or count any article reports
    f = float
    start = m.start() + base
    return NumberMatch(
        value=f(full), value_min=None if vmin is None else f(vmin), value_max=None if vmax is None else f(vmax),
        qualifier=qual, start=start, end=m.end() + base, unit=unit,
        num_start=m.start("num") + base, num_end=m.end("num") + base, is_range=is_range, text=m.group(0),
    )


def parse_number(s: str) -> ParsedNumber | None:
    """Parse one number expression at the start of s ("近亿元", "10余万元", "3—5个"); None if none."""
    try:
        if not isinstance(s, str):
            return None
        t = s.strip().translate(_FW)
        m = NUMBER_RE.match(t)
        if not m:
            return None
        r = _build(m)
        if r is None:
            return None
        return ParsedNumber(r.value, r.value_min, r.value_max, r.qualifier)
    except Exception:  # never raise on odd input: a number we cannot read is no number
        return None


_VAGUE_BEFORE = set("第数几若每")  # 第一 is an ordinal; 数十/几个/若干 are not figures
# one capital numeral alone is a name, not a number (伍家台, 陆家嘴, 柒村): amounts in capitals are
# written out in full (壹佰万元)
_CAPITAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")


_HAS_FW = re.compile("[０-９．％～]")
# a full-width comma between full-width digits groups thousands (１，２００元): ASCII for the parse
_FW_THOUSANDS = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
# Larger than any amount in yuan or count an article reports (10^16); beyond it a number is junk.
_LARGEST = Decimal(10) ** 16


def _broken_left(t: str, s: int) -> bool:
    """The numeral at s continues digits just before it, across a space or a comma (3 500万元,
    1, 200元, 1，200元 in ASCII digits, 350 万元 read as 万元): which number is meant is unsure."""
    i = s - 1
    while i >= 0 and s - i <= 3 and t[i] in " \t\u3000,，余多":
        i -= 1
    return i < s - 1 and i >= 0 and t[i].isdigit()


def find_numbers(text: str, units: set[str] | frozenset[str] | None = None) -> list[NumberMatch]:
    """Every number expression in text, with its qualifier words, magnitude and unit.

    units: keep only numbers with one of these units (a cheap filter before parsing).
    """
    if not text or not isinstance(text, str):
        return []
    t = text
    if _HAS_FW.search(text):
        t = _FW_THOUSANDS.sub(",", text).translate(_FW)  # 1:1, so offsets stay
    out: list[NumberMatch] = []
    rx = _UNIT_OR_MAG_RE if units is not None else NUMBER_RE
    for m in rx.finditer(t):
        if units is not None and m.group("unit") not in units:
            continue
        try:
            num = m.group("num")
            is_cn = not num[0].isdigit()
            s = m.start("num")
            if _broken_left(t, s):
                continue
            if is_cn:
                prev = t[s - 1] if s else ""
                if prev in _VAGUE_BEFORE and not m.group("pre"):
                    continue
                if len(num) == 1 and num in _CAPITAL and not m.group("mag"):
                    continue
                if len(num) == 1 and m.group("unit") == "元" and not (m.group("mag") or m.group("pre") or m.group("post") or m.group("mid")):
                    continue  # 三元朱村, 五元村: a name; a few yuan in characters is no figure anyway
                # a Chinese numeral with neither unit nor qualifier is a word (统一, 三门县, 一把手)
                if not (m.group("unit") or m.group("pre") or m.group("mid") or m.group("post")):
                    continue
            elif s and t[s - 1] == "第":
                continue
            r = _build(m, bare_ok=False)
        except Exception:
            r = None
        if r is not None:
            out.append(r)
    return _merge_ranges(t, out)


_RANGE_GAP = re.compile(r"[ \t]*[-—–~至][ \t]*")


def _merge_ranges(t: str, nums: list[NumberMatch]) -> list[NumberMatch]:
    """20万元至50万元, 5个至8个: two numbers with the same unit joined by 至/— are one range."""
    out: list[NumberMatch] = []
    for n in nums:
        a = out[-1] if out else None
        if (a is not None and a.unit and a.unit == n.unit and not a.is_range and not n.is_range
                and a.qualifier == n.qualifier == "exact" and n.value > a.value
                and _RANGE_GAP.fullmatch(t, a.end, n.start)):
            out[-1] = NumberMatch(
                value=(a.value + n.value) / 2, value_min=a.value, value_max=n.value, qualifier="approx",
                start=a.start, end=n.end, unit=a.unit, num_start=a.num_start, num_end=a.num_end,
                is_range=True, text=t[a.start : n.end],
            )
            continue
        out.append(n)
    return out

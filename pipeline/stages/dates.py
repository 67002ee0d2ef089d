"""Normalise the dates found in Chinese news (datelines, meta tags, script data) to ISO form.

Shared by the HTML cleaner and the plain-text metadata stage, so both read dates the same way.
Returns "YYYY-MM-DD", or "YYYY-MM" when only a month is given, or None.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from extractors.numbers import cn_numeral

# digit by digit, for years (二○二三); months and days are numerals (十二, 二十六)
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CHINA = timezone(timedelta(hours=8))  # timestamps are read in China time, where the news is

# Year, month, optional day, with 年月日 or one of - / . as separators (full-width too).
_YMD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?"
    r"|([-/.－／])\s*(\d{1,2})\s*\4\s*(\d{1,2})(?!\d))"
)
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_TIMESTAMP = re.compile(r"^\s*(\d{10}|\d{13})(?:\.\d+)?\s*$")
_CN_YMD = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([十一二三四五六七八九]{1,3})月(?:([十一二三四五六七八九]{1,3})[日号])?")


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        datetime(y, m, d)
    except ValueError:
        return False
    return True


def _fmt(y: int, m: int, d: int | None) -> str:
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def from_timestamp(value: str | int | float) -> str | None:
    """A unix timestamp in seconds or milliseconds, read in China time."""
    try:
        t = float(value)
    except (TypeError, ValueError):
        return None
    if t > 1e12:
        t /= 1000
    if not 3e8 < t < 4.2e9:  # 1979 .. 2103: anything else is not a publication time
        return None
    return datetime.fromtimestamp(t, _CHINA).strftime("%Y-%m-%d")


def normalise_date(s: str | int | float | None) -> str | None:
    """The first date in `s`, as YYYY-MM-DD (or YYYY-MM when no day is given), else None."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return from_timestamp(s)
    m = _TIMESTAMP.match(s)
    if m:
        return from_timestamp(m.group(1))
    for m in _YMD.finditer(s):
        y = int(m.group(1))
        if m.group(2):
            mo, d = int(m.group(2)), (int(m.group(3)) if m.group(3) else None)
        else:
            mo, d = int(m.group(5)), int(m.group(6))
        if _valid(y, mo, d):
            return _fmt(y, mo, d)
    m = _CN_YMD.search(s)
    if m:
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        mo, d = cn_numeral(m.group(2)) or 0, (cn_numeral(m.group(3)) or 0 if m.group(3) else None)
        if _valid(y, mo, d):
            return _fmt(y, mo, d)
    for m in _COMPACT.finditer(s):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d):
            return _fmt(y, mo, d)
    return None

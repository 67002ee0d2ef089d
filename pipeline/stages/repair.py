"""Character-level repairs of scraped text, before any line is judged or any metadata read.

Each repair removes something that was never part of the article and that no extractor may see:

- control and format characters (C0/C1 controls, bidi embeddings and isolates, zero-width marks)
  and terminal escape sequences: they hide inside numbers (3<U+202E>50万元) and titles;
- pinyin readings that mirror sites insert after characters (党建联(lián)盟): a parenthesised
  group right after a Han character that is a run of valid pinyin syllables;
- HTML entities whose ``&`` a bad decode turned into ``?`` (``?rdquo;``) and tag remnants (``?/p>``);
- GBK text that lost one byte (a quote mark's first byte): the characters after it are read
  off by one byte until an ASCII byte resynchronises (``!敝戈栢l`` for ``！”指阳乡``); re-read
  with the lost byte put back;
- anti-scraping noise (``k! s* U8 c& r( Y- B``): runs of one- or two-character ASCII tokens
  (``remove_noise``, applied by the cleaner to lines that hold spaces);
- digits that OCR or a spinner wrote as letters or full stops (9o余家, 1。52亿元).

All are single regex passes: linear in the text.
"""

from __future__ import annotations

import html.entities
import re
from functools import lru_cache

# ---------------------------------------------------------------- controls

# C0 controls but tab and newline (CR is folded by the line splitter), DEL, C1 controls, the
# soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width and directional marks,
# bidi embeddings / overrides / isolates, invisible operators, BOM, interlinear annotation marks.
_FORMAT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Terminal escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), two-byte escapes.
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_LINE_BREAKS = re.compile("[\x0b\x0c\u2028\u2029\x85]")
_ANY_CONTROL = re.compile(_FORMAT.pattern[:-1] + "\x0b\x0c\u2028\u2029\x85\x1b]")


def strip_controls(text: str) -> str:
    """Remove terminal escapes and control / format characters other than newline and tab."""
    if all(part.isprintable() for part in text.replace("\t", " ").split("\n")):
        return text  # C scans: most texts hold no control or format character
    if _ANY_CONTROL.search(text) is None:
        return text
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    return _FORMAT.sub("", text)


# ---------------------------------------------------------------- pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = "aaaaeeeeiiiioooouuuuvvvvnnnm"
_DETONE = str.maketrans(_TONED + "üÜ", _PLAIN + "vv")
_PY_LETTERS = f"a-zü{_TONED}"
# A parenthesised reading right after a Han character (ASCII or full-width brackets); the
# reading may be cut off by the end of the text. A lone "?" may stand for the character and its
# opening bracket that a bad decode lost (日?bào)).
_PINYIN_GROUP = re.compile(
    rf"([(（?])([{_PY_LETTERS}]{{1,40}}(?: [{_PY_LETTERS}]{{1,12}}){{0,5}})([)）]|$)"
)
_TONE_MARK = re.compile(f"[{_TONED}]")
_SYLLABLES = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|"
    r"ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v)|ng|hm|m|n)+r?"
)


@lru_cache(maxsize=4096)
def _reading(reading: str) -> tuple[bool, bool]:
    """(is a run of pinyin syllables, carries a tone mark); readings repeat (联(lián) …)."""
    pinyin = all(_SYLLABLES.fullmatch(w) for w in reading.translate(_DETONE).split())
    return pinyin, pinyin and _TONE_MARK.search(reading) is not None


def remove_pinyin(text: str) -> str:
    """Drop the pinyin readings a mirror site inserted after characters (联(lián)盟 → 联盟).

    A reading without tone marks ((de), (le)) counts only on a page that has toned readings too:
    a lowercase word in brackets after a character is otherwise rare but possible."""
    if not _has_reading(text):
        return text
    groups = [m for m in _PINYIN_GROUP.finditer(text) if _reading_place(text, m)]
    if not groups:
        return text
    kinds = [_reading(m.group(2)) for m in groups]
    untoned_ok = sum(1 for _, toned in kinds if toned) >= 2
    out, pos = [], 0
    for m, (pinyin, toned) in zip(groups, kinds):
        if pinyin and (toned or untoned_ok):
            out.append(text[pos:m.start()])
            pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_READING_START = frozenset(f"abcdefghijklmnopqrstuvwxyzü{_TONED}")


def _has_reading(text: str) -> bool:
    """Whether a bracket (or a "?") is followed by a lowercase letter anywhere: str.find scans
    in C, where a regex over every character of the text costs far more."""
    for opener in ("(", "（", "?"):
        i = text.find(opener)
        while i != -1:
            if text[i + 1:i + 2] in _READING_START:
                return True
            i = text.find(opener, i + 1)
    return False


def _reading_place(text: str, m: re.Match) -> bool:
    """A reading stands right after a Han character, or (its character and bracket lost) as
    ?reading) with its closing bracket."""
    if m.group(1) == "?":
        return m.group(3) in (")", "）")
    return m.start() > 0 and "\u3400" <= text[m.start() - 1] <= "\u9fff"


# ---------------------------------------------------------------- entities and tag remnants

_ENTITY_NAMES = sorted({k.rstrip(";") for k in html.entities.html5 if k.endswith(";") and len(k) >= 4}, key=len, reverse=True)
# an entity whose & became ? or was lost before a letter run (?rdquo; / &amp;rdquo;)
_BROKEN_ENTITY = re.compile(r"[?？&]((?:amp;)?)([A-Za-z]{3,8});")
_TAG_REMNANT = re.compile(r"[?？]/?(?:p|br|div|span|strong|em|b|i|a|font|td|tr|li|h[1-6])\s*/?>", re.I)


def _entity(m: re.Match) -> str:
    name = m.group(2)
    char = html.entities.html5.get(name + ";")
    return char if char is not None else m.group(0)


def fix_entities(text: str) -> str:
    if ";" not in text and ">" not in text:
        return text
    if ";" in text:
        text = _BROKEN_ENTITY.sub(_entity, text)
    if ">" in text:
        text = _TAG_REMNANT.sub("", text)
    return text


# ---------------------------------------------------------------- GBK read off by one byte

# The mark before a shifted run: a full stop or exclamation / question mark ("?!" where the
# quote's lost byte also took the mark with it), then a run of two-byte characters.
_QUOTES = "“”‘’"
_QUOTE_LEADS = {bytes([b]) for b in (0xAE, 0xAF, 0xB0, 0xB1)}  # “ ” ‘ ’ are A1B0 A1B1 A1AE A1AF


def _quote_lead_chars() -> str:
    """The characters whose GBK lead byte is one of _QUOTE_LEADS: only they can start a run
    that 0xA1 turns back into a quote mark."""
    chars = []
    for lead in (0xAE, 0xAF, 0xB0, 0xB1):
        for trail in range(0x40, 0xFF):
            try:
                chars.append(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(set(chars)))


_LEAD_CHARS = frozenset(_quote_lead_chars())
_MARKS = "!?！？"
_MAX_RUN = 40


def _common(text: str) -> int:
    """Characters of GB2312's first level (the 3,755 common hanzi), read in simplified script:
    a shifted reading turns common characters into rare ones, and re-reading it back into
    common ones; re-reading ordinary text does the opposite."""
    import zhconv_rs

    n = 0
    for ch in zhconv_rs.zhconv(text, "zh-cn", False):
        try:
            b = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        n += len(b) == 2 and 0xB0 <= b[0] <= 0xD7
    return n


def _realign(text: str, mark: str, start: int) -> tuple[str, int] | None:
    """(repaired text, end of the span it replaces) for a shifted run at text[start:], or None.

    The shifted reading ends one of three ways: a character took an ASCII byte as its trail
    (盵 = b1 5b: the reading is back in step after it); the next character is ASCII, the trail
    byte read on its own (栢l → 鄉); or a "?" / U+FFFD stands for a lead byte whose trail was lost.
    """
    try:
        first = text[start].encode("gbk")
    except UnicodeEncodeError:
        return None
    if first[:1] not in _QUOTE_LEADS:
        return None  # 0xA1 and this lead byte read as no quote mark: not a shifted quote
    raw = bytearray(b"\xa1")
    stop = start
    sign = mark == "?!"  # a sign of the shift besides the quote it restores
    while stop < len(text) and stop - start < _MAX_RUN:
        ch = text[stop]
        if ch < "\x80" or ch == "\ufffd":
            break
        try:
            b = ch.encode("gbk")
        except UnicodeEncodeError:
            return None
        if len(b) != 2:
            return None
        raw += b
        stop += 1
        if b[1] < 0x80:  # trail byte in ASCII range: the reading is back in step
            sign = sign or not chr(b[1]).isalnum()
            break
    else:
        return None
    if stop == start:
        return None
    nxt = text[stop:stop + 1]
    if raw[-1] < 0x80:
        pass
    elif "@" <= nxt <= "~" and not (text[stop + 1:stop + 2].isascii() and text[stop + 1:stop + 2].isalpha()):
        raw += nxt.encode("ascii")
        # a symbol, or one letter glued between characters and a bracket (栢l(xiāng)), ends the run
        sign = sign or not nxt.isalnum() or text[stop + 1:stop + 2] in ("(", "（")
        stop += 1
    elif nxt in ("?", "\ufffd"):
        raw = raw[:-1]
        sign = sign or nxt == "\ufffd"
    else:
        return None
    try:
        fixed = bytes(raw).decode("gbk")
    except UnicodeDecodeError:
        return None
    if not fixed or fixed[0] not in _QUOTES or "\ufffd" in fixed:
        return None
    # Ordinary text re-read the same way can start with a quote too (！按照… → “凑…, ！本B超…):
    # the re-reading must make the run more common, or as common with a second sign of the
    # shift (the "?!", a symbol or a bracketed reading ending the run, a lost byte).
    before, after = _common(text[start:stop]), _common(fixed)
    if not (after > before or after == before and sign):
        return None
    return ("。" if mark == "?!" else mark) + fixed, stop


def realign_gbk(text: str) -> str:
    """Re-read GBK text that a lost byte put out of step (``!敝戈栢l`` → ``！”指阳乡``)."""
    # str.find is a C scan; a regex over every character of a large page costs ten times more
    hits = []
    for mark in _MARKS:
        i = text.find(mark)
        while i != -1:
            if text[i + 1:i + 2] in _LEAD_CHARS:
                hits.append(i)
            i = text.find(mark, i + 1)
    if not hits:
        return text
    hits.sort()
    out, pos = [], 0
    for i in hits:
        start, mark = i, text[i]
        if mark in "!！" and start > 0 and text[start - 1] == "?":
            start, mark = start - 1, "?!"  # the "?!" a lost quote byte leaves
        if start < pos:
            continue
        got = _realign(text, mark, i + 1)
        if got is None:
            continue
        out.append(text[pos:start])
        out.append(got[0])
        pos = got[1]
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------- noise and digits

# Five or more tokens of one or two printable ASCII characters separated by single spaces,
# standing apart from other ASCII words; at least one token holds a symbol or mixes a letter
# and a digit, so that "A B C D E" or "1 2 3 4 5" stays.
_NOISE = re.compile(r"(?:[!-~]{1,2} ){3,}[!-~]{1,2}(?![!-~]) ?")
_NOISE_MARK = re.compile(r"[!-/:-@\[-`{-~]|[A-Za-z]\d|\d[A-Za-z]")


def _noise(m: re.Match) -> str:
    if m.start() > 0 and "!" <= m.string[m.start() - 1] <= "~":
        return m.group(0)  # the end of a longer ASCII word
    tokens = m.group(0).split()
    marked = sum(1 for t in tokens if _NOISE_MARK.search(t))
    return "" if marked >= 2 and marked * 3 >= len(tokens) else m.group(0)


def remove_noise(text: str) -> str:
    if text.count(" ") < 4:
        return text
    return _NOISE.sub(_noise, text)


# 9o余家, 66o万元, 1oo万: a letter o between or after digits before a count or unit; 1。52亿元: a
# full stop between digits before a magnitude.
_BAD_DIGIT = re.compile(r"[oO]+(?=[oO\d]*(?:[万亿千百余多个家元%]|$))|。(?=\d{1,3}[万亿千百])")


def _digit(m: re.Match) -> str:
    s = m.group(0)
    if m.start() == 0 or not m.string[m.start() - 1].isdigit():
        return s
    return "." if s == "。" else "0" * len(s)


def _after_digit(text: str, char: str) -> bool:
    i = text.find(char, 1)
    while i != -1:
        if text[i - 1].isdigit():
            return True
        i = text.find(char, i + 1)
    return False


def fix_digits(text: str) -> str:
    if not (_after_digit(text, "。") or _after_digit(text, "o") or _after_digit(text, "O")):
        return text
    return _BAD_DIGIT.sub(_digit, text)


_LAST: list[str] = ["", ""]  # the last input and its repair: metadata and cleaning ask in turn


def repair(text: str) -> str:
    """The character-level repairs of cleaning, in the order they depend on each other.
    (realign_gbk runs in the decode stage, before script conversion changes the characters.)
    The metadata finder and the cleaner repair the same text one after the other; the second
    call gets the first one's answer (a pure function: same text, same repair)."""
    if text is _LAST[0] or len(text) == len(_LAST[0]) and text == _LAST[0]:
        return _LAST[1]
    original = text
    text = _repair(text)
    _LAST[0], _LAST[1] = original, text
    return text


def _repair(text: str) -> str:
    text = strip_controls(text)
    text = fix_entities(text)
    text = remove_pinyin(text)
    return fix_digits(text)

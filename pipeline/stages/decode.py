"""Decode an article's bytes: trust the bytes over what the file claims.

Order: a PDF is refused by name; a page saved as MHTML is its HTML part; a byte-order mark;
UTF-16 without a BOM (many NUL bytes, or CJK running text in either byte order); a clean UTF-8
decode; UTF-8 with a paragraph pasted in GB18030 (decoded line by line); the charset the page
declares; statistical detection (chardet 7 tells GBK/GB18030/Big5 apart where older detectors
fail). GB2312 and GBK are read as GB18030, their superset, so that rare characters outside
GB2312 survive. Last, GBK text that lost a quote mark's byte upstream is re-read in step
(repair.realign_gbk), before script conversion changes its characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import chardet
import numpy as np

from pipeline.stages.repair import realign_gbk


class InputError(ValueError):
    """An input file that cannot become an article; the message is meant for a researcher."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str

    def __post_init__(self) -> None:
        # GBK text that lost a byte upstream (a quote mark's first byte) reads out of step until
        # an ASCII byte; re-read it here, before script conversion changes the characters.
        object.__setattr__(self, "text", realign_gbk(self.text))


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Declared or detected names mapped to the codec that reads them best.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def normalise_codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name if name not in ("gb18030", "big5hkscs") else name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, lowercased, or None."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\s0-9A-Za-z，。、“”：；！？]")


def _cjk_utf16(data: bytes) -> str | None:
    """CJK-heavy UTF-16 without a BOM has few NULs: the byte order whose reading is running
    Chinese text (asked only of bytes that are no UTF-8)."""
    if len(data) % 2 or len(data) < 4:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:2000]
        if len(_CJK_OR_PUNCT.findall(head)) >= 0.9 * len(head) and re.search(r"[\u4e00-\u9fff]", head):
            return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has a NUL in every other byte; CJK-heavy UTF-16 has few NULs, so
    # also accept a text that decodes cleanly and is mostly CJK.
    for codec, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > 0.3 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    return None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _bad_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(text)


_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe][\x40-\xfe]")


def _gb_or_big5(data: bytes) -> str | None:
    """GB18030 or Big5 for bytes that decode strictly as both, by where their characters fall:
    the 3,755 common hanzi of GB2312 (lead 0xB0-0xD7, trail 0xA1-0xFE) cover nearly all of a GB
    text, the 5,401 common hanzi of Big5 (lead 0xA4-0xC6) nearly all of a Big5 text, and each
    text read the other way lands there only about half the time. None when it is not clear-cut
    (chardet decides then, at about 2 ms a file against 0.05 ms here)."""
    pairs = np.frombuffer(b"".join(_DOUBLE_BYTE.findall(data[:200_000])), dtype=np.uint8)
    if len(pairs) < 100:
        return None
    lead, trail = pairs[0::2], pairs[1::2]
    gb = float(((lead >= 0xB0) & (lead <= 0xD7) & (trail >= 0xA1)).mean())
    big5 = float(((lead >= 0xA4) & (lead <= 0xC6)).mean())
    # Big5 puts about 45% of its second bytes in 0x40-0x7E; EUC-JP and EUC-KR (whose kana and
    # hangul rows also fall in 0xA4-0xC6) never do: without them, chardet decides
    low_trail = float((trail <= 0x7E).mean())
    if gb >= 0.85 and gb - big5 >= 0.25:
        return "gb18030"
    if big5 >= 0.85 and big5 - gb >= 0.25 and low_trail >= 0.15:
        return "big5hkscs"
    return None


_MIME = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){0,40}?content-type:\s*multipart/", re.I)


def is_mime(data: bytes) -> bool:
    """A MIME multipart document (a page saved as MHTML / .mht): headers, then a multipart type."""
    return bool(_MIME.match(data[:8192]))


def mime_html_part(data: bytes) -> tuple[bytes, str | None] | None:
    """The first text/html part of a MIME multipart document, its transfer encoding (quoted-printable
    or base64) undone, and the charset its part header names; None when it is no MIME or holds no
    HTML part."""
    if not is_mime(data):
        return None
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True) or b"", part.get_content_charset()
    return None


def _by_segment(data: bytes) -> str | None:
    """UTF-8 text with a paragraph pasted in GB18030 (or Big5): each line decoded on its own.
    None unless most lines are UTF-8 and every other line decodes strictly."""
    lines = data.split(b"\n")
    out, foreign = [], 0
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        for codec in ("gb18030", "big5hkscs"):
            try:
                out.append(line.decode(codec))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
        foreign += 1
    if foreign == 0 or foreign * 2 > len(lines):
        return None
    return "\n".join(out)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode bytes into text, naming the encoding used. Raises InputError for non-text."""
    if not data:
        raise InputError("the file is empty (0 bytes)")
    if data[:5] == b"%PDF-" or data[:1024].lstrip()[:5] == b"%PDF-":
        raise InputError("this is a PDF, not a web page or text: save the page as HTML or its text as .txt")
    mime = mime_html_part(data)
    if mime is not None:
        # the part header's charset names the bytes of the part; a meta tag inside them may be the
        # original page's, from before the browser re-encoded it
        data, declared = mime[0], mime[1] or declared_charset(mime[0])
    elif is_mime(data):
        raise InputError("this MIME (MHTML) file holds no HTML part: save the page again as .mhtml or .html")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec.replace("-sig", ""), errors="replace")
            return Decoded(text, codec)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None and _bad_ratio(utf16) < 0.01:
        return Decoded(utf16, "utf-16")
    try:
        utf8, utf8_error = data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8, utf8_error = None, exc
    if utf8 is None:
        utf16 = _cjk_utf16(data)
        if utf16 is not None:
            return Decoded(utf16, "utf-16")
    if _looks_binary(data):
        raise InputError("the file holds binary data, not text (is it an image, PDF or archive?)")
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    # Mostly UTF-8 with a few broken bytes (a file cut inside a character, a bad splice):
    # text in another encoding read as UTF-8 breaks on nearly every Chinese character.
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(8, len(lenient) // 100):
        return Decoded(lenient, "utf-8 (invalid bytes replaced)")
    # A paragraph in another encoding pasted into a UTF-8 page: decode line by line.
    mixed = _by_segment(data) if "\ufffd" in lenient and len(lenient) > 2 * lenient.count("\ufffd") else None
    if mixed is not None:
        return Decoded(mixed, "utf-8 + gb18030 (by line)")
    codec = normalise_codec(declared)
    if codec and codec != "utf-8":
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass
    # GBK/GB18030 bytes are rarely valid Big5: when only one of the two decodes strictly, it is
    # the answer, and chardet (about 10 ms a file, whatever its size) is spared.
    strict = [c for c in ("gb18030", "big5hkscs") if _decodes(data, c)]
    if len(strict) == 1:
        return Decoded(data.decode(strict[0]), strict[0])
    if strict:
        codec = _gb_or_big5(data)
        if codec:
            return Decoded(data.decode(codec), codec)
    guess = chardet.detect(data[:200_000])
    codec = normalise_codec(guess.get("encoding"))
    if codec:
        text = data.decode(codec, errors="replace")
        if _bad_ratio(text) < 0.01:
            return Decoded(text, codec)
    raise InputError(
        f"cannot tell the file's text encoding: not UTF-8 (invalid byte at {utf8_error.start}),"
        " and neither GB18030, Big5 nor UTF-16 decodes it cleanly"
    )

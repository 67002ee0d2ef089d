"""Script detection and traditional→simplified conversion.

zhconv-rs was chosen by measurement: about 50 M chars/s here (opencc-python-reimplemented: 0.5 M),
and its zh-cn table gets 著/着 right in context. Only traditional (or mixed) text is converted:
a t2s pass over simplified text corrupts proper names (乾炳村 → 干炳村).
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick_rs
import numpy as np
import zhconv_rs

_TARGET = "zh-cn"


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def count_cjk(text: str, first: int = 0x3400) -> int:
    """Characters from `first` (Extension A by default; 0x4E00 for the basic block) to U+9FFF,
    counted on the code points (vectorised: a regex findall builds a list of them)."""
    points = _codepoints(text)
    return int(np.count_nonzero((points >= first) & (points <= 0x9FFF)))


def _count_changed(text: str, target: str) -> int:
    """How many characters a conversion to ``target`` changes (vectorised: this runs per article)."""
    converted = zhconv_rs.zhconv(text, target, False)
    if len(converted) != len(text):  # phrase tables rarely change length; then count the excess too
        n = min(len(text), len(converted))
        return abs(len(converted) - len(text)) + int(np.count_nonzero(_codepoints(text[:n]) != _codepoints(converted[:n])))
    return int(np.count_nonzero(_codepoints(text) != _codepoints(converted)))


def detect_script(text: str) -> str:
    """'traditional', 'simplified' or 'mixed', from the characters each conversion changes."""
    sample = text[:20000]
    cjk = count_cjk(sample, 0x4E00)
    if cjk == 0:
        return "simplified"
    trad = _count_changed(sample, _TARGET)  # characters only traditional script writes
    if trad < max(2, 0.005 * cjk):
        return "simplified"
    simp = _count_changed(sample, "zh-hant")  # characters only simplified script writes
    if simp < max(2, 0.2 * trad):
        return "traditional"
    return "mixed"


@lru_cache(maxsize=1)
def _protected_names() -> dict[str, str]:
    """Gazetteer names that conversion would corrupt: converted form → real name."""
    try:
        from extractors.gazetteer import load_gazetteer
    except ImportError:
        return {}
    return load_gazetteer().conversion_protected_names()


def to_simplified(text: str) -> str:
    """Convert traditional text to simplified, then restore place names conversion corrupted.

    A name is restored only where the original text wrote the character the real name has
    (乾炳村 stays 乾炳村; a 干江镇 the original wrote with 干 stays 干江镇).
    """
    converted = zhconv_rs.zhconv(text, _TARGET, False)
    protected = _protected_names()
    if not protected or len(converted) != len(text):
        return converted
    automaton, pairs = _protected_automaton()
    hits = sorted(automaton.find_matches_as_indexes(converted, overlapping=True))  # by name, then place
    if not hits:
        return converted
    out = list(converted)
    for i, start, end in hits:
        wrong, right = pairs[i]
        original = text[start:end]
        fixed = "".join(r if o == r else c for c, o, r in zip(wrong, original, right))
        if fixed == right:
            out[start:end] = right
    return "".join(out)


@lru_cache(maxsize=1)
def _protected_automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[tuple[str, str]]]:
    """One pass finds every corrupted name (a find per name cost 0.25 ms a traditional article)."""
    pairs = list(_protected_names().items())
    return ahocorasick_rs.AhoCorasick([w for w, _ in pairs]), pairs


def normalise_script(text: str) -> tuple[str, str]:
    """Return (script, simplified text); simplified input passes through unchanged."""
    script = detect_script(text)
    if script == "simplified":
        return script, text
    return script, to_simplified(text)

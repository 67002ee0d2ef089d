"""The one sentence splitter: every extractor and the tokenizer cut sentences here.

A sentence ends at a full stop, exclamation or question mark, a semicolon (Chinese or ASCII;
articles use ； between complete statements), or a line break; a closing quote right after the
mark stays with its sentence. The spans tile the text.
"""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?；;\n"
_SENT = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』\"]?|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; the spans tile the text."""
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.end() > m.start()]


def sentence_start(text: str, pos: int) -> int:
    """Offset where the sentence holding ``pos`` starts."""
    return max(text.rfind(ch, 0, pos) for ch in SENTENCE_END) + 1

"""A regex searched only where one of its required words occurs.

Python's re tries every branch of a long alternation (版权所有|不得转载|ICP备|…) at every
character of a line; most lines of a news article hold none of those words. One Aho-Corasick
pass (ahocorasick-rs) over the line finds whether any branch could match at all, and the regex
runs only then. The answer is the regex's own: the gate only skips lines where it cannot match.

Each branch of the pattern must contain one of the anchors as a required word; the constructor
checks that every top-level branch's source holds one, so a branch added without its anchor
fails at import rather than going silently unsearched (it cannot tell a required word from an
optional one: ``(?:分享)?给`` would pass, so choose anchors outside optional groups). Make gated
patterns at module level: each one joins the shared automaton for good. The gate matches on the
lowercased line; re.IGNORECASE also folds a few non-ASCII letters (ı, ſ) onto ASCII ones, which
news text does not use in these words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick_rs


def top_level_branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source (escapes and groups respected)."""
    out, depth, cur, i, in_class = [], 0, "", 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur += pattern[i : i + 2]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
            i += 1
            continue
        cur += ch
        i += 1
    return [*out, cur]


class _Gates:
    """One automaton over the anchors of every GatedPattern: a line is scanned once, however
    many patterns ask about it (the cleaner asks four about each line). Matching is on the
    lowercased line for all of them: for a case-sensitive pattern that only lets the regex run
    on a few more lines, never fewer."""

    def __init__(self) -> None:
        self.owners: list[int] = []  # anchor index → pattern index
        self.anchors: list[str] = []
        self.count = 0
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        self._last: tuple[str | None, frozenset[int]] = (None, frozenset())  # one tuple: read whole

    def add(self, anchors: tuple[str, ...]) -> int:
        number = self.count
        self.count += 1
        self.anchors += [a.lower() for a in anchors]
        self.owners += [number] * len(anchors)
        self._automaton, self._last = None, (None, frozenset())
        return number

    def hits(self, s: str) -> frozenset[int]:
        """The patterns with an anchor word in s (the last answer is kept: callers ask in turn)."""
        last, hits = self._last
        if s is not last:
            automaton = self._automaton
            if automaton is None:
                automaton = self._automaton = ahocorasick_rs.AhoCorasick(self.anchors)
            found = automaton.find_matches_as_indexes(s.lower(), overlapping=True)
            hits = frozenset(self.owners[i] for i, _, _ in found)
            self._last = (s, hits)
        return hits


_GATES = _Gates()


class GatedPattern:
    """``rx`` behind a gate of anchor words."""

    def __init__(self, rx: re.Pattern, anchors: Iterable[str]):
        self.rx = rx
        self.anchors = tuple(anchors)
        fold = bool(rx.flags & re.IGNORECASE)
        for branch in top_level_branches(rx.pattern):
            source = branch.lower() if fold else branch
            if not any(a in source for a in self.anchors):
                raise ValueError(f"no anchor word in the branch {branch!r} of {rx.pattern[:40]!r}…")
        self._number = _GATES.add(self.anchors)

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def may_match(self, s: str) -> bool:
        """False when no anchor word is in s (then the regex cannot match)."""
        return self._number in _GATES.hits(s)

    def search(self, s: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        pos = max(pos, 0)  # as re does: a negative position is the start, not the tail
        end = len(s) if endpos is None else min(max(endpos, 0), len(s))
        if not self.may_match(s[pos:end] if pos or end < len(s) else s):
            return None
        return self.rx.search(s, pos, end)

    def findall(self, s: str) -> list:
        return self.rx.findall(s) if self.may_match(s) else []

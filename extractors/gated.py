"""A regex searched only where one of its required words occurs.

Python's re tries every branch of a long alternation (版权所有|不得转载|ICP备|…) at every
character of a line; most lines of a news article hold none of those words. One Aho-Corasick
pass (ahocorasick-rs) over the line finds whether any branch could match at all, and the regex
runs only then. The answer is the regex's own: the gate only skips lines where it cannot match.

The anchor words are read off the pattern itself (``required_words``): for each top-level
branch, the longest run of literal characters every match of it holds, or a set of alternatives
one of which it holds (``(?:注册|首充|充值)送``). A branch with neither (``\d+``) cannot be gated,
and the constructor says so at import. Make gated patterns at module level: each one joins the
shared automaton for good. The gate matches on the lowercased line; re.IGNORECASE also folds a
few non-ASCII letters (ı, ſ) onto ASCII ones, which news text does not use in these words.
"""

from __future__ import annotations

import re
import re._constants as _c  # re's own parser (Python 3.11+; the project requires 3.11), read only
import re._parser as _parser

import ahocorasick_rs


def required_words(rx: re.Pattern) -> tuple[str, ...]:
    """Words one of which every match of rx holds (lowercased when rx ignores case); ValueError
    when a top-level branch of rx has none. Read from the parsed pattern (re's own parser)."""
    top = list(_parser.parse(rx.pattern, rx.flags))
    branches = top[0][1][1] if len(top) == 1 and top[0][0] is _c.BRANCH else [top]
    words: set[str] = set()
    for branch in branches:
        found = _required(list(branch))
        if not found:
            raise ValueError(f"no anchor word in a branch of {rx.pattern[:40]!r}…: nothing every match of it holds")
        words |= found
    return tuple(sorted(w.lower() for w in words) if rx.flags & re.IGNORECASE else sorted(words))


def _required(items: list) -> set[str] | None:
    """The best set of words one of which a sequence of parsed items always holds: the longest
    shortest word, then the fewest words."""
    best: tuple[tuple[int, int], set[str]] | None = None
    run = ""

    def offer(words: set[str] | None) -> None:
        nonlocal best
        if words:
            score = (min(map(len, words)), -len(words))
            if best is None or score > best[0]:
                best = (score, words)

    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        offer({run} if run else None)  # anything else ends a run of literal characters
        run = ""
        if op is _c.SUBPATTERN:
            offer(_required(list(av[-1])))
        elif op is _c.BRANCH:
            alternatives = [_required(list(alt)) for alt in av[1]]
            offer(set().union(*alternatives) if all(alternatives) else None)
        elif op in _REPEATS and av[0] >= 1:
            offer(_required(list(av[2])))
        elif op is _c.IN and all(o is _c.LITERAL for o, _ in av):
            offer({chr(v) for _, v in av})  # a class of single characters: (?:让|给) is parsed as [让给]
    offer({run} if run else None)
    return best[1] if best else None


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


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
    """``rx`` behind a gate of the words its matches must hold."""

    def __init__(self, rx: re.Pattern):
        self.rx = rx
        self.anchors = required_words(rx)
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

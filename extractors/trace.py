"""What the rules decided, for `explain`, and what failed, for the articles row's warnings.

Rules call ``note`` (cheap: one context-variable read when nobody listens) and a crashing rule
calls ``rule_failed``; ``tracing()`` collects the notes of one article, ``collecting()`` its
warnings. Both are per process and per thread of control, so workers never mix articles.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


@dataclass
class Note:
    stage: str  # places / alliances / figures
    rule: str  # the named rule that decided
    start: int
    end: int
    decision: str  # kept / dropped / placed
    detail: str = ""


_NOTES: ContextVar[list[Note] | None] = ContextVar("partybuild_notes", default=None)
_WARNINGS: ContextVar[list[str] | None] = ContextVar("partybuild_warnings", default=None)


def note(stage: str, rule: str, start: int, end: int, decision: str, detail: str = "") -> None:
    notes = _NOTES.get()
    if notes is not None:
        notes.append(Note(stage, rule, start, end, decision, detail))


def active() -> bool:
    return _NOTES.get() is not None


def rule_failed(rule: str, at: int, exc: BaseException) -> None:
    """A rule raised: the article keeps its other rows and gets a warning naming the rule."""
    message = f"rule {rule} failed at offset {at}: {type(exc).__name__}: {exc}"
    warnings = _WARNINGS.get()
    if warnings is not None and message not in warnings:
        warnings.append(message)
    note(rule.split(".")[0], rule, at, at, "failed", f"{type(exc).__name__}: {exc}")


@contextmanager
def tracing() -> Iterator[list[Note]]:
    notes: list[Note] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


@contextmanager
def collecting() -> Iterator[list[str]]:
    warnings: list[str] = []
    token = _WARNINGS.set(warnings)
    try:
        yield warnings
    finally:
        _WARNINGS.reset(token)

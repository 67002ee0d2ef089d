"""Why the extractors wrote what they wrote: every candidate place and number of a text, with the
named rule that kept or dropped it, each figure's place and how it was chosen.

Used by `python -m pipeline explain` (a sentence, a file, or an extracted figure's id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors import trace
from pipeline.stages.article import Options, read_article
from pipeline.stages.nlp import load_nlp
from pipeline.stages.script import normalise_script
from pipeline.stages.text_clean import clean_text


@dataclass
class Explanation:
    text: str
    notes: list[trace.Note] = field(default_factory=list)
    places: list = field(default_factory=list)
    alliances: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def explain_text(text: str, clean: bool = True, config: str | None = None) -> Explanation:
    """Run the extractors on text (converted and cleaned as extract does, unless clean=False)."""
    if clean:
        text = clean_text(normalise_script(text)[1])
    with trace.tracing() as notes, trace.collecting() as warnings:
        doc = load_nlp(config)(text)
    return Explanation(text, list(notes), list(doc._.places or []), list(doc._.alliances or []),
                       list(doc._.figures or []), list(warnings))


def explain_file(path: Path, config: str | None = None) -> Explanation:
    """A file read exactly as extract reads it (decode, page cleaning, script, text cleaning)."""
    row = read_article(path.name, path.read_bytes(), {}, Options())
    return explain_text(row["text"], clean=False, config=config)


def _quote(text: str, start: int, end: int, width: int = 40) -> str:
    s = text[start:end].replace("\n", " ")
    return "«" + (s if len(s) <= width else s[: width - 1] + "…") + "»"


def format_explanation(ex: Explanation, window: tuple[int, int] | None = None) -> list[str]:
    """Plain lines: places, alliances, numbers, each with its rule; only inside window if given."""
    lo, hi = window or (0, len(ex.text))
    inside = lambda a, b: a < hi and b > lo  # noqa: E731
    lines = []
    place_notes = [n for n in ex.notes if n.stage == "places" and inside(n.start, n.end)]
    lines.append(f"places: {sum(1 for p in ex.places if inside(p.start, p.end))} kept")
    for n in place_notes:
        lines.append(f"  {n.decision:8} {_quote(ex.text, n.start, n.end)} by rule {n.rule}")
    for p in ex.places:
        if inside(p.start, p.end):
            where = " / ".join(x for x in (p.province, p.city, p.county) if x)
            lines.append(f"  place    {p.name} ({p.level}) code {p.code or '-'}{'  in ' + where if where else ''}")
    lines.append(f"alliances: {sum(1 for a in ex.alliances if inside(a.start, a.end))}")
    for a in ex.alliances:
        if inside(a.start, a.end):
            lines.append(f"  kept     {a.name}  at {a.start}-{a.end}, place {a.place or '-'}")
    numbers = [n for n in ex.notes if n.stage == "figures" and inside(n.start, n.end)]
    lines.append(f"numbers: {len(numbers)} candidates, {sum(1 for f in ex.figures if inside(f.start, f.end))} figures after de-duplication")
    for n in numbers:
        if n.decision == "kept":
            lines.append(f"  kept     {_quote(ex.text, n.start, n.end)} as {n.rule}: {n.detail}")
        else:
            lines.append(f"  {n.decision:8} {_quote(ex.text, n.start, n.end)} by rule {n.rule}{': ' + n.detail if n.detail else ''}")
    for f in ex.figures:
        if inside(f.start, f.end):
            src = f.extras.get("place_src", "-")
            lines.append(f"  figure   {f.kind} {f.value:g} ({f.qualifier}{', per ' + f.per if f.per else ''}) "
                         f"label {f.label or '-'}, place {f.place or '-'} chosen by {src}  {_quote(ex.text, f.start, f.end)}")
    for w in ex.warnings:
        lines.append(f"warning: {w}")
    return lines

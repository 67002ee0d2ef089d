"""Cases: one per place an article anchors alliances or figures to.

A case gathers, for one place of one article, the alliances named there and the figures
reported for it. Figures and alliances without a place form the article's unanchored case
(place null), so nothing an article reports is left out of the cases table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from extractors.component import Component
from extractors.records import AllianceMention, FigureRecord, PlaceMention

NAME, VERSION = "cases", "1.0.0"


@dataclass
class Case:
    place: str | None
    place_code: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    alliances: list[str] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)

    def largest(self, kind: str) -> float | None:
        values = [f.value for f in self.figures if f.kind == kind]
        return max(values) if values else None


def build_cases(
    places: list[PlaceMention], alliances: list[AllianceMention], figures: list[FigureRecord]
) -> list[Case]:
    by_name = {}
    for p in places:
        by_name.setdefault(p.name, p)
    cases: dict[str | None, Case] = {}

    def case_for(name: str | None) -> Case:
        if name not in cases:
            p = by_name.get(name) if name else None
            cases[name] = Case(
                place=name,
                place_code=p.code if p else None,
                level=p.level if p else None,
                province=p.province if p else None,
                city=p.city if p else None,
                county=p.county if p else None,
            )
        return cases[name]

    for a in alliances:
        case = case_for(a.place)
        if a.name not in case.alliances:
            case.alliances.append(a.name)
    for f in figures:
        case_for(f.place).figures.append(f)
    return list(cases.values())


class CasesComponent(Component):
    """spaCy component: reads places, alliances and figures, sets doc._.cases."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cases = build_cases(doc._.places or [], doc._.alliances or [], doc._.figures or [])
        return doc


@Language.factory("partybuild_cases", default_config={}, assigns=["doc._.cases"],
                  requires=["doc._.places", "doc._.alliances", "doc._.figures"])
def make_cases(nlp: Language, name: str) -> CasesComponent:
    return CasesComponent()

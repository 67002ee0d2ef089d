"""Cases: one per place an article anchors alliances or figures to.

A case gathers, for one place of one article, the alliances named there and the figures
reported for it. Figures and alliances without a place form the article's unanchored case
(place null), so nothing an article reports is left out of the cases table.

Before cases are built every place gets one name: a place resolved to a division code is named
by the division's official name (温岭 and 温岭市 are both 温岭市) in places, alliances and figures
alike, so a GROUP BY over any table never splits one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from extractors.component import Component
from extractors.gazetteer import load_gazetteer
from extractors.records import AllianceMention, FigureRecord, PlaceMention

NAME, VERSION = "cases", "1.1.1"


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


def one_name_per_place(places: list[PlaceMention], alliances: list[AllianceMention],
                       figures: list[FigureRecord]) -> None:
    """Rename every place with a division code to the division's official name, in place."""
    g = load_gazetteer()
    official: dict[str, str] = {}
    for p in places:
        if p.code and p.code not in official:
            d = g.by_code(p.code)
            name = d.name if d else p.name
            # a village whose name itself ends in 村 (向阳村村): the table may drop the second 村
            official[p.code] = p.name if p.name == name + "村" else name
    if not official:
        return
    for p in places:
        p.name = official.get(p.code, p.name)
    for a in alliances:
        a.place = official.get(a.place_code, a.place) if a.place_code else a.place
    for f in figures:
        f.place = official.get(f.place_code, f.place) if f.place_code else f.place


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
        one_name_per_place(doc._.places or [], doc._.alliances or [], doc._.figures or [])
        doc._.cases = build_cases(doc._.places or [], doc._.alliances or [], doc._.figures or [])
        return doc


@Language.factory("partybuild_cases", default_config={}, assigns=["doc._.cases", "doc._.places", "doc._.alliances", "doc._.figures"],
                  requires=["doc._.places", "doc._.alliances", "doc._.figures"])
def make_cases(nlp: Language, name: str) -> CasesComponent:
    return CasesComponent()

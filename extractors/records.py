"""What the extractor components add to a Doc: plain records with character offsets.

Offsets point into ``doc.text``, the clean simplified article text (``articles.text``).
Components store them on ``doc._.places``, ``doc._.alliances`` and ``doc._.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PlaceMention:
    name: str  # as written, suffix kept when the text gives it; 村 appended to bare listed villages
    level: str  # province / city / county / township / village
    start: int
    end: int
    code: str | None = None  # 12-digit code when the place resolves to one division
    province: str | None = None
    city: str | None = None
    county: str | None = None
    extractor: str = ""


@dataclass
class AllianceMention:
    name: str
    start: int  # its first mention
    end: int
    evidence: str = ""
    place: str | None = None
    place_code: str | None = None
    extractor: str = ""
    mentions: int = 1  # how often the article names it (a shortened form of the name included)
    founded: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD as the text writes it
    founded_start: int | None = None  # the date's span
    founded_end: int | None = None
    members: list[str] | None = None  # villages or units the text lists as its members
    members_start: int | None = None  # the phrase that lists them
    members_end: int | None = None
    lead: str | None = None  # the leading village, company or agency
    lead_start: int | None = None  # the phrase that names it
    lead_end: int | None = None


@dataclass
class FigureRecord:
    kind: str  # alliance_count / village_coverage / income / funding
    value: float
    start: int  # evidence span: doc.text[start:end]
    end: int
    value_min: float | None = None
    value_max: float | None = None
    qualifier: str = "exact"  # exact / approx / over / under
    per: str | None = None  # None / village / capita / household / other
    year: int | None = None
    label: str | None = None
    measure: str | None = None  # income / funding: what it measures (extractors/measures.py)
    place: str | None = None
    place_code: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    extractor: str = ""
    extras: dict = field(default_factory=dict)

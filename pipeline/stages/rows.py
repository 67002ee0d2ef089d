"""Run the spaCy extraction pipeline on one clean article and turn its records into rows."""

from __future__ import annotations

import hashlib

from extractors import trace
from extractors.cases import Case
from extractors.records import FigureRecord
from pipeline.stages.nlp import load_nlp
from pipeline.stages.article import ArticleRows


def _short_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def figure_row(article_id: str, f: FigureRecord, text: str) -> dict:
    return {
        "figure_id": _short_id(article_id, f.kind, f.start, f.end),
        "article_id": article_id,
        "kind": f.kind,
        "value": float(f.value),
        "value_min": f.value_min,
        "value_max": f.value_max,
        "qualifier": f.qualifier,
        "per": f.per,
        "year": f.year,
        "label": f.label,
        "measure": f.measure,
        "place": f.place,
        "place_code": f.place_code,
        "evidence": text[f.start:f.end],
        "start": f.start,
        "end": f.end,
        "sentence_start": f.sentence_start,
        "sentence_end": f.sentence_end,
        "extractor": f.extractor,
    }


def _figure_struct(f: dict) -> dict:
    keys = ("figure_id", "value", "qualifier", "per", "year", "label", "measure", "evidence")
    return {k: f[k] for k in keys}


def case_row(article_id: str, case: Case, figure_rows: dict[int, dict]) -> dict:
    figs = [figure_rows[id(f)] for f in case.figures]
    return {
        "case_id": _short_id(article_id, case.place),
        "article_id": article_id,
        "place": case.place,
        "place_code": case.place_code,
        "level": case.level,
        "province": case.province,
        "city": case.city,
        "county": case.county,
        "alliances": list(case.alliances),
        "alliance_count": case.largest("alliance_count"),
        "village_coverage": case.largest("village_coverage"),
        "income": [_figure_struct(f) for f in figs if f["kind"] == "income"],
        "funding": [_figure_struct(f) for f in figs if f["kind"] == "funding"],
        "figure_ids": [f["figure_id"] for f in figs],
    }


def extract_rows(article: dict, config: str | None = None) -> ArticleRows:
    nlp = load_nlp(config)
    text = article["text"]
    with trace.collecting() as warnings:
        doc = nlp(text)
    article["warnings"] = warnings or None
    aid = article["article_id"]
    rows = ArticleRows()
    distinct: dict[tuple, dict] = {}
    for p in doc._.places or []:
        key = (p.name, p.level, p.code)
        if key in distinct:
            distinct[key]["mentions"] += 1
            continue
        distinct[key] = {
            "article_id": aid, "name": p.name, "level": p.level, "code": p.code,
            "province": p.province, "city": p.city, "county": p.county,
            "start": p.start, "end": p.end, "mentions": 1, "extractor": p.extractor,
        }
    rows.places = list(distinct.values())
    rows.alliances = [
        {
            "article_id": aid, "name": a.name, "place": a.place, "place_code": a.place_code,
            "start": a.start, "end": a.end, "evidence": a.evidence, "mentions": a.mentions,
            "founded": a.founded, "founded_start": a.founded_start, "founded_end": a.founded_end,
            "members": a.members, "members_start": a.members_start, "members_end": a.members_end,
            "lead": a.lead, "lead_start": a.lead_start, "lead_end": a.lead_end,
            "extractor": a.extractor,
        }
        for a in doc._.alliances or []
    ]
    by_record: dict[int, dict] = {}
    for f in doc._.figures or []:
        row = figure_row(aid, f, text)
        by_record[id(f)] = row
        rows.figures.append(row)
    rows.cases = [case_row(aid, c, by_record) for c in doc._.cases or []]
    return rows

"""The case database's column contract (see docs/schema.md), as pyarrow schemas.

Every table is written with exactly these columns, in this order, even when it is empty.
A column's description lives in its field metadata so that docs and code cannot drift.
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, typ: pa.DataType, doc: str) -> pa.Field:
    return pa.field(name, typ, metadata={"doc": doc})


FIGURE_STRUCT = pa.struct(
    [
        ("figure_id", pa.string()),
        ("value", pa.float64()),
        ("qualifier", pa.string()),
        ("per", pa.string()),
        ("year", pa.int32()),
        ("label", pa.string()),
        ("measure", pa.string()),
        ("evidence", pa.string()),
    ]
)

REVIEW_DOC = ("a researcher's decision (corpus/corrections.jsonl): confirmed / corrected / added / rejected,"
              " or null when unreviewed; the default views leave rejected rows out")


def _extracted(fields: list[tuple[str, pa.DataType]]) -> pa.DataType:
    return pa.struct(fields)


ARTICLES = pa.schema(
    [
        _f("article_id", pa.string(), "stable id: first 16 hex digits of the sha256 of the file's bytes"),
        _f("path", pa.string(), "file path relative to the corpus folder"),
        _f("title", pa.string(), "headline, or null"),
        _f("title_from", pa.string(), "where the title came from (h1, meta, og:title, text, given…)"),
        _f("source", pa.string(), "original publisher (a 来源 line), else the hosting site, or null"),
        _f("source_from", pa.string(), "where the source came from"),
        _f("published", pa.string(), "publication date, YYYY-MM-DD or YYYY-MM, or null"),
        _f("published_from", pa.string(), "where the date came from"),
        _f("url", pa.string(), "the article's URL when known, or null"),
        _f("script", pa.string(), "traditional / simplified / mixed, as detected in the raw text"),
        _f("encoding", pa.string(), "the encoding the file's bytes were decoded with"),
        _f("format", pa.string(), "text, html or mhtml"),
        _f("text", pa.string(), "the clean simplified text that every offset points into"),
        _f("chars", pa.int64(), "length of text in characters"),
        _f("status", pa.string(), "ok or error"),
        _f("error", pa.string(), "what went wrong, in words, or null"),
        _f("warnings", pa.list_(pa.string()), "rules that failed on this article (it keeps its other rows), or null"),
        _f("cluster_id", pa.string(), "reprint cluster: articles telling the same story share it"),
        _f("sha256", pa.string(), "sha256 of the file's bytes"),
        _f("pipeline_version", pa.string(), "version of the stages and extractors that made the row"),
    ]
)

PLACES = pa.schema(
    [
        _f("article_id", pa.string(), "the article"),
        _f("name", pa.string(), "the official name of the resolved division (温岭 is 温岭市); as the text names it when unresolved"),
        _f("level", pa.string(), "province / city / county / township / village"),
        _f("code", pa.string(), "12-digit statistical division code, or null when ambiguous or unknown"),
        _f("province", pa.string(), "province of the resolved place, or null"),
        _f("city", pa.string(), "prefecture-level city of the resolved place, or null"),
        _f("county", pa.string(), "county-level unit of the resolved place, or null"),
        _f("start", pa.int64(), "offset of its first mention in articles.text"),
        _f("end", pa.int64(), "end offset of that mention"),
        _f("mentions", pa.int32(), "how often the article names it"),
        _f("extractor", pa.string(), "name@version of the component that found it"),
        _f("review", pa.string(), REVIEW_DOC),
        _f("extracted", _extracted([("name", pa.string()), ("level", pa.string()), ("code", pa.string()),
                                    ("province", pa.string()), ("city", pa.string()), ("county", pa.string())]),
           "the row as the extractors made it, when a decision was applied (else null)"),
    ]
)

ALLIANCES = pa.schema(
    [
        _f("article_id", pa.string(), "the article"),
        _f("name", pa.string(), "the alliance's name, quote marks dropped"),
        _f("place", pa.string(), "the place it belongs to, named as in places (one name per place), or null"),
        _f("place_code", pa.string(), "that place's code, or null"),
        _f("start", pa.int64(), "offset of its first mention in articles.text"),
        _f("end", pa.int64(), "end offset of that mention"),
        _f("evidence", pa.string(), "the sentence that names it"),
        _f("mentions", pa.int32(), "how often the article names it, a shortened form of the name (“稻乡”联合党委 beside"
                                   " 民乐稻乡联合党委) included"),
        _f("founded", pa.string(), "when it was formed, as precise as the text writes it: YYYY, YYYY-MM or YYYY-MM-DD;"
                                   " null when no date is tied to a verb of forming it (2021年3月，甲镇成立X / X成立于2019年),"
                                   " for periods and limits (2021年以来, 截至2023年), relative dates (去年) and plans"),
        _f("founded_start", pa.int64(), "offset of the date in articles.text (text[founded_start:founded_end]), or null"),
        _f("founded_end", pa.int64(), "end offset of the date, or null"),
        _f("members", pa.list_(pa.string()), "the villages or units the text lists as its members (由甲村、乙村组成, 联合甲村、乙村成立,"
                                             " 下辖甲、乙、丙3个村, 覆盖甲村、乙村), in the text's order, named as in places; a party"
                                             " body after a village is dropped (甲村党支部 → 甲村); only the listed ones when the text"
                                             " adds 等N个村; null when any item is no named unit or a count does not fit the list"),
        _f("members_start", pa.int64(), "start offset of the phrase that lists the members, or null"),
        _f("members_end", pa.int64(), "end offset of that phrase, or null"),
        _f("lead", pa.string(), "the leading village, company or unit (以甲村为核心/龙头, 由甲村牵头, 甲村牵头成立,"
                                " 甲村联合周边…), named as in places; null when the words name no single unit"),
        _f("lead_start", pa.int64(), "start offset of the phrase that names the lead, or null"),
        _f("lead_end", pa.int64(), "end offset of that phrase, or null"),
        _f("extractor", pa.string(), "name@version of the component that found it"),
        _f("review", pa.string(), REVIEW_DOC),
        _f("extracted", _extracted([("name", pa.string()), ("place", pa.string()), ("place_code", pa.string())]),
           "the row as the extractors made it, when a decision was applied (else null)"),
    ]
)

FIGURES = pa.schema(
    [
        _f("figure_id", pa.string(), "stable id: article_id, kind and offsets"),
        _f("article_id", pa.string(), "the article"),
        _f("kind", pa.string(), "alliance_count / village_coverage / income / funding"),
        _f("value", pa.float64(), "the number; yuan for money"),
        _f("value_min", pa.float64(), "lower bound the wording allows (or null)"),
        _f("value_max", pa.float64(), "upper bound the wording allows (or null)"),
        _f("qualifier", pa.string(), "exact / approx / over / under"),
        _f("per", pa.string(), "null / village / capita / household / other"),
        _f("year", pa.int32(), "the year the figure is for, when the text says it"),
        _f("label", pa.string(), "the words that name the figure"),
        _f("measure", pa.string(), "income: collective_income / farmer_income / dividend / revenue / output_value / other;"
                                   " funding: grant / loan / investment / other; null for counts (extractors/measures.py)"),
        _f("place", pa.string(), "the place the figure belongs to, named as in places (one name per place), or null"),
        _f("place_code", pa.string(), "that place's code, or null"),
        _f("evidence", pa.string(), "exact quote of the text around the number: text[start:end]"),
        _f("start", pa.int64(), "start offset of evidence in articles.text"),
        _f("end", pa.int64(), "end offset of evidence in articles.text"),
        _f("sentence_start", pa.int64(), "start offset of the sentence holding the evidence"),
        _f("sentence_end", pa.int64(), "end offset of that sentence"),
        _f("extractor", pa.string(), "name@version of the component that produced it (review: added by a researcher)"),
        _f("review", pa.string(), REVIEW_DOC),
        _f("extracted_value", pa.float64(), "the value the extractors gave (beside a corrected value), null for added figures"),
        _f("extracted", _extracted([("kind", pa.string()), ("value", pa.float64()), ("value_min", pa.float64()),
                                    ("value_max", pa.float64()), ("qualifier", pa.string()), ("per", pa.string()),
                                    ("year", pa.int32()), ("label", pa.string()), ("measure", pa.string()),
                                    ("place", pa.string()), ("place_code", pa.string())]),
           "the row as the extractors made it, when a decision was applied (else null)"),
    ]
)

CASES = pa.schema(
    [
        _f("case_id", pa.string(), "stable id: article_id and place"),
        _f("article_id", pa.string(), "the article"),
        _f("place", pa.string(), "the place the case is anchored to, named as in places, or null for the article as a whole"),
        _f("place_code", pa.string(), "that place's code, or null"),
        _f("level", pa.string(), "that place's level"),
        _f("province", pa.string(), "that place's province, or null"),
        _f("city", pa.string(), "that place's prefecture city, or null"),
        _f("county", pa.string(), "that place's county-level unit, or null"),
        _f("alliances", pa.list_(pa.string()), "named alliances of this place"),
        _f("alliance_count", pa.float64(), "largest alliance count reported for the place, or null"),
        _f("village_coverage", pa.float64(), "largest village coverage reported for the place, or null"),
        _f("income", pa.list_(FIGURE_STRUCT), "income figures of the place"),
        _f("funding", pa.list_(FIGURE_STRUCT), "funding figures of the place"),
        _f("figure_ids", pa.list_(pa.string()), "ids of all figures gathered into the case"),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "places": PLACES,
    "alliances": ALLIANCES,
    "figures": FIGURES,
    "cases": CASES,
}

"""A researcher's corrections: data of the corpus, applied to the tables on every run.

Decisions live in ``CORPUS/corrections.jsonl``, one JSON object a line, appended in the order
they were made; the last line for a key wins. A key names what the extractors found (or the
researcher added) without any id the pipeline makes, so that it survives re-extraction,
``--full`` and extractor version changes:

    target   figure / alliance / place
    sha256   the article file's sha256 (articles.sha256)
    start, end, evidence   the span in articles.text and the words in it (text[start:end])
    kind     figures: the kind as extracted (or as added); alliances and places: their name

A line's ``decision`` is ``confirmed`` (the row is right), ``corrected`` (``fields`` holds the
right values), ``rejected`` (the row is wrong: left out of the default views and exports),
``added`` (a figure the extractors missed, its values in ``fields``) or ``cleared`` (forget the
earlier decisions for the key). Other keys (``at``, ``by``, ``path``, ``note``) are for people.

Applying is a pure function of the tables and the decisions (``apply_tables``): every row first
gets its extracted values back (from ``extracted``), rows the researcher added are dropped, then
the decisions are applied again and the cases of the articles they touch are rebuilt. So applying
twice changes nothing, and a cleared decision restores the extractors' row. A decision finds its row
again by its span and kind (name), else by overlapping words (``match``, shared with the review
page). A decision whose
article changed or vanished, whose words are no longer in the text, or whose row the extractors
no longer report is *orphaned*: listed (``orphans``, ``review --orphans``, the extract summary,
the review page), never dropped from the file.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import getpass
import hashlib
import json
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run.schema import TABLES

log = logging.getLogger("pipeline")

FILE_NAME = "corrections.jsonl"
LOCK_NAME = ".corrections.lock"
TARGETS = ("figure", "alliance", "place")
DECISIONS = ("confirmed", "corrected", "rejected", "added", "cleared")
TABLE_OF = {"figure": "figures", "alliance": "alliances", "place": "places"}
FIGURE_KINDS = ("alliance_count", "village_coverage", "income", "funding")
QUALIFIERS = ("exact", "approx", "over", "under")
PERS = (None, "village", "capita", "household", "other")
# what a researcher may change, per target (the rest of a row is the extractors')
EDITABLE = {
    "figure": ("kind", "value", "value_min", "value_max", "qualifier", "per", "year", "label", "measure", "place",
               "place_code"),
    "alliance": ("name", "place", "place_code"),
    "place": ("name", "level", "code", "province", "city", "county"),
}
LEVELS = ("province", "city", "county", "township", "village")
REVIEWED_TABLES = ("figures", "alliances", "places")


class CorrectionError(ValueError):
    """A decision that cannot be recorded (unknown target, bad value…), in words."""


def measure_vocabulary() -> dict[str, tuple[str, ...]]:
    """figure kind → the measures it may have (extractors/measures.py; counts have none)."""
    from extractors.measures import MEASURES  # imported when needed: the extractors' package loads spaCy

    return MEASURES


def check_measure(kind: str | None, measure: str | None) -> None:
    """CorrectionError unless `measure` fits a figure of `kind` (null always does)."""
    if measure is None or kind is None:
        return
    allowed = measure_vocabulary().get(kind, ())
    if measure not in allowed:
        raise CorrectionError(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} figure has no measure {measure!r}" + (
            f" (measures of {kind}: {', '.join(allowed)})" if allowed else " (counts have no measure: leave it empty)"))


def _measure_after_kind(kind: str, measure: str | None) -> str | None:
    """A figure whose kind was corrected (its measure not): the measure where it fits the new
    kind, else `other` for money and null for counts."""
    allowed = measure_vocabulary().get(kind, ())
    if not allowed:
        return None
    return measure if measure in allowed else "other"


def corrections_file(corpus: str | Path) -> Path:
    return Path(corpus) / FILE_NAME


def _short_id(*parts: object) -> str:  # the same ids as pipeline.stages.rows
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- reading and writing the file


def read_decisions(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(decisions in file order, unreadable lines as {"line", "text", "reason"})."""
    decisions, bad = [], []
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError("not a JSON object")
            validate(d)
        except (ValueError, CorrectionError) as exc:
            bad.append({"line": n, "text": line, "reason": str(exc)})
            continue
        d["_line"] = n
        decisions.append(d)
    return decisions, bad


def key(d: dict[str, Any]) -> tuple:
    return (d["target"], d["sha256"], int(d["start"]), int(d["end"]), d["kind"])


def latest(decisions: list[dict[str, Any]]) -> dict[tuple, dict[str, Any]]:
    """The decision in force for each key (the last line wins; cleared keys are left out)."""
    out: dict[tuple, dict[str, Any]] = {}
    for d in decisions:
        out[key(d)] = d
    return {k: d for k, d in out.items() if d["decision"] != "cleared"}


def _check_fields(target: str, fields: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(fields, dict):
        raise CorrectionError("fields must be an object")
    unknown = set(fields) - set(EDITABLE[target])
    if unknown:
        raise CorrectionError(f"a {target} has no editable field {', '.join(sorted(unknown))} (editable: {', '.join(EDITABLE[target])})")
    out = dict(fields)
    for name in ("value", "value_min", "value_max"):
        if out.get(name) is not None:
            try:
                out[name] = float(out[name])
            except (TypeError, ValueError):
                raise CorrectionError(f"{name} must be a number, not {out[name]!r}") from None
            if out[name] != out[name] or out[name] < 0:
                raise CorrectionError(f"{name} must be a number of at least 0")
    if "value" in out and out["value"] is None:
        raise CorrectionError("a figure needs a value")
    if out.get("kind") is not None and out["kind"] not in FIGURE_KINDS:
        raise CorrectionError(f"kind must be one of {', '.join(FIGURE_KINDS)}")
    if "kind" in out and out["kind"] is None:
        raise CorrectionError("a figure needs a kind")
    if out.get("qualifier") is not None and out["qualifier"] not in QUALIFIERS:
        raise CorrectionError(f"qualifier must be one of {', '.join(QUALIFIERS)}")
    if out.get("measure") is not None:
        every = sorted({m for ms in measure_vocabulary().values() for m in ms})
        if out["measure"] not in every:
            raise CorrectionError(f"measure must be one of {', '.join(every)} or null")
        check_measure(out.get("kind"), out["measure"])
    if "per" in out and out["per"] not in PERS:
        raise CorrectionError("per must be village, capita, household, other or null")
    if out.get("year") is not None:
        try:
            out["year"] = int(out["year"])
        except (TypeError, ValueError):
            raise CorrectionError(f"year must be a whole number, not {out['year']!r}") from None
        if not 1900 <= out["year"] <= 2100:
            raise CorrectionError("year must lie between 1900 and 2100")
    if target == "place" and out.get("level") is not None and out["level"] not in LEVELS:
        raise CorrectionError(f"level must be one of {', '.join(LEVELS)}")
    for name in ("code", "place_code"):
        if out.get(name) is not None and not (isinstance(out[name], str) and out[name].isdigit() and len(out[name]) == 12):
            raise CorrectionError(f"{name} must be a 12-digit division code")
    for name in ("label", "place", "name", "province", "city", "county"):
        if out.get(name) is not None:
            if not isinstance(out[name], str):
                raise CorrectionError(f"{name} must be text")
            out[name] = out[name].strip() or None
    if target != "figure" and "name" in out and not out["name"]:
        raise CorrectionError(f"a {target} needs a name")
    return out


def validate(d: dict[str, Any]) -> dict[str, Any]:
    """The decision, checked and normalised; CorrectionError says what is wrong."""
    if d.get("target") not in TARGETS:
        raise CorrectionError(f"target must be one of {', '.join(TARGETS)}")
    if d.get("decision") not in DECISIONS:
        raise CorrectionError(f"decision must be one of {', '.join(DECISIONS)}")
    sha = d.get("sha256")
    if not (isinstance(sha, str) and len(sha) == 64):
        raise CorrectionError("sha256 must be the article file's 64-digit sha256 (articles.sha256)")
    try:
        start, end = int(d["start"]), int(d["end"])
    except (KeyError, TypeError, ValueError):
        raise CorrectionError("start and end must be offsets into articles.text") from None
    if not 0 <= start < end:
        raise CorrectionError("the span must hold at least one character (0 <= start < end)")
    if not isinstance(d.get("evidence"), str) or len(d["evidence"]) != end - start:
        raise CorrectionError("evidence must be the text of the span, text[start:end]")
    if not isinstance(d.get("kind"), str) or not d["kind"]:
        raise CorrectionError("kind must name the figure kind (figures) or the name (alliances, places)")
    if d["target"] == "figure" and d["kind"] not in FIGURE_KINDS:
        raise CorrectionError(f"a figure's kind must be one of {', '.join(FIGURE_KINDS)}")
    if d["decision"] == "added" and d["target"] != "figure":
        raise CorrectionError("only figures can be added")
    d["fields"] = _check_fields(d["target"], d.get("fields") or {})
    if d["decision"] == "added":
        d["fields"].setdefault("kind", d["kind"])
        if d["fields"].get("value") is None:
            raise CorrectionError("an added figure needs a value")
    if d["decision"] in ("confirmed", "rejected", "cleared") and d["fields"]:
        raise CorrectionError(f"a {d['decision']} decision takes no fields (use corrected)")
    return d


@contextmanager
def locked(corpus: Path) -> Iterator[None]:
    """Exclusive lock on the corrections of `corpus` (two review pages write in turn)."""
    corpus.mkdir(parents=True, exist_ok=True)
    with open(corpus / LOCK_NAME, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def record(corpus: str | Path, decisions: list[dict[str, Any]] | dict[str, Any]) -> list[dict[str, Any]]:
    """Append decisions to CORPUS/corrections.jsonl, atomically and under the lock.

    The file is read afresh under the lock, the lines appended, and the whole written to a
    temporary file that replaces it: a crash leaves the old file or the new one, never half a
    line, and two writers never lose each other's lines."""
    corpus = Path(corpus)
    items = [decisions] if isinstance(decisions, dict) else list(decisions)
    now = _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    lines = []
    checked = []
    for d in items:
        d = {k: v for k, v in d.items() if not k.startswith("_")}
        d = validate(d)
        d.setdefault("at", now)
        d.setdefault("by", _user())
        if d["decision"] in ("confirmed", "rejected", "cleared"):
            d.pop("fields", None)
        checked.append(d)
        lines.append(json.dumps(d, ensure_ascii=False, sort_keys=False))
    path = corrections_file(corpus)
    with locked(corpus):
        old = path.read_bytes() if path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(old + "".join(line + "\n" for line in lines).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    return checked


def _user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container
        return None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- applying


@dataclass
class Applied:
    """What applying the decisions did: counts per review state, and the orphans."""

    counts: dict[str, int] = field(default_factory=dict)
    orphans: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    decisions: int = 0

    def line(self) -> str:
        parts = [f"{n} {state}" for state, n in sorted(self.counts.items()) if n]
        text = f"{sum(self.counts.values())} of {self.decisions} corrections applied ({', '.join(parts) or 'none'})"
        if self.orphans:
            text += f"; {len(self.orphans)} orphaned (python -m pipeline review --orphans lists them)"
        if self.unreadable:
            text += f"; {len(self.unreadable)} unreadable lines in {FILE_NAME}"
        return text


def _restore(row: dict[str, Any], target: str) -> dict[str, Any] | None:
    """The row as the extractors made it; None for a row a researcher added."""
    if row.get("review") == "added":
        return None
    ext = row.get("extracted")
    if row.get("review") is not None and ext:
        for name in EDITABLE[target]:
            if name == "measure" and ext.get(name) is None and ext.get("kind") in ("income", "funding"):
                continue  # tables written before `extracted` held the measure (money always has one)
            row[name] = ext.get(name)
    row["review"] = None
    row["extracted"] = None
    return row


def _locate(text: str, d: dict[str, Any]) -> tuple[int, int] | None:
    """The decision's span in today's text: where it was, else the nearest place its words are."""
    start, end, words = int(d["start"]), int(d["end"]), d["evidence"]
    if text[start:end] == words:
        return start, end
    best, pos = None, text.find(words)
    while pos >= 0:
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
        pos = text.find(words, pos + 1)
    return None if best is None else (best, best + len(words))


def _name(target: str, row: dict[str, Any]) -> str | None:
    """What a key names besides the span: a figure's kind, an alliance's or a place's name."""
    return row["kind"] if target == "figure" else row["name"]


@dataclass
class Match:
    """What a decision in force is about today: its article, its span in today's text and the
    extractors' row (None for an added figure the extractors still miss)."""

    article_id: str
    span: tuple[int, int]
    row: dict[str, Any] | None


def match(rows: dict[str, dict[str, list[dict[str, Any]]]], current: dict[tuple, dict[str, Any]],
          articles: list[dict[str, Any]]) -> tuple[dict[tuple, Match], list[dict[str, Any]]]:
    """The row each decision in force is about, or why it is orphaned. Pure; `rows` (table name →
    article_id → rows as the extractors made them) is not changed.

    A row is claimed by one decision at most, in three rounds, each in file order: the same span
    and kind (or name); else the same kind (name) overlapping the span most (an extractor that now
    quotes a word more or less); else, for a correction of the kind (name), a row overlapping the
    span that the extractors now report under the corrected kind (name) — they found meanwhile
    what the researcher wrote (a cut alliance name now extracted whole)."""
    by_sha = {a["sha256"]: a for a in articles if a["sha256"]}
    paths = {a["path"] for a in articles}
    located: dict[tuple, tuple[dict[str, Any], str, tuple[int, int]]] = {}
    orphans: list[dict[str, Any]] = []
    for k, d in sorted(current.items(), key=lambda kv: kv[1].get("_line", 0)):
        art = by_sha.get(d["sha256"])
        if art is None:
            reason = ("the article's file changed since the decision (its sha256 differs)" if d.get("path") in paths
                      else "the article is no longer in the corpus")
            orphans.append(_orphan(d, reason))
            continue
        span = _locate(art["text"] or "", d)
        if span is None:
            orphans.append(_orphan(d, "its words are no longer in the article's text"))
            continue
        located[k] = (d, art["article_id"], span)
    claimed: set[int] = set()
    found: dict[tuple, dict[str, Any]] = {}

    def overlap(r: dict[str, Any], span: tuple[int, int]) -> int:
        return min(span[1], r["end"]) - max(span[0], r["start"])

    def claim(pick) -> None:
        for k, (d, aid, span) in located.items():
            if k in found:
                continue
            target = d["target"]
            free = [r for r in rows[TABLE_OF[target]].get(aid, []) if id(r) not in claimed]
            r = pick(d, target, span, free)
            if r is not None:
                found[k] = r
                claimed.add(id(r))

    def exact(d, target, span, free):
        return next((r for r in free if _name(target, r) == d["kind"] and (r["start"], r["end"]) == span), None)

    def by_overlap(wanted):
        def pick(d, target, span, free):
            name = wanted(d, target)
            near = [(overlap(r, span), r) for r in free if name is not None and _name(target, r) == name]
            near = [(o, r) for o, r in near if o > 0]
            return max(near, key=lambda x: (x[0], -x[1]["start"]))[1] if near else None
        return pick

    claim(exact)
    claim(by_overlap(lambda d, target: d["kind"]))
    claim(by_overlap(lambda d, target: (d.get("fields") or {}).get("kind" if target == "figure" else "name")))
    out: dict[tuple, Match] = {}
    for k, (d, aid, span) in located.items():
        row = found.get(k)
        if row is None and d["decision"] != "added":
            orphans.append(_orphan(d, f"the extractors no longer report this {d['target']} at these words"))
            continue
        out[k] = Match(aid, span, row)
    orphans.sort(key=lambda o: o.get("line") or 0)
    return out, orphans


def _money_bounds(row: dict[str, Any], fields: dict[str, Any]) -> None:
    """A corrected value or qualifier without its own bounds gets the bounds its wording allows."""
    if ("value" in fields or "qualifier" in fields) and not ({"value_min", "value_max"} & set(fields)):
        v, q = row["value"], row.get("qualifier") or "exact"
        row["value_min"], row["value_max"] = {"exact": (v, v), "over": (v, None), "under": (None, v)}.get(q, (None, None))


def _place_code(places: list[dict[str, Any]], name: str | None) -> str | None:
    for p in places:
        if p["name"] == name and p.get("review") != "rejected":
            return p["code"]
    return None


def _orphan(d: dict[str, Any], reason: str) -> dict[str, Any]:
    keep = ("target", "decision", "sha256", "path", "kind", "start", "end", "evidence", "fields", "at", "by")
    return {"line": d.get("_line"), "reason": reason, **{k: d.get(k) for k in keep if k in d}}


def apply_tables(tables: dict[str, pa.Table], decisions: list[dict[str, Any]]) -> tuple[dict[str, pa.Table], Applied]:
    """Tables with the decisions in force applied (see the module docstring). Pure."""
    result = Applied()
    current = latest(decisions)
    result.decisions = len(current)
    figures = tables["figures"]
    touched_before = set()
    for name in REVIEWED_TABLES:
        t = tables[name]
        if "review" in t.column_names and t.num_rows:
            reviewed = [a for a, r in zip(t.column("article_id").to_pylist(), t.column("review").to_pylist()) if r is not None]
            touched_before.update(reviewed)
    if not current and not touched_before:
        # nothing reviewed, now or before: only the extracted value beside the value
        if figures.num_rows:
            i = figures.schema.get_field_index("extracted_value")
            figures = figures.set_column(i, TABLES["figures"].field("extracted_value"), figures.column("value"))
        return {**tables, "figures": figures}, result

    articles = tables["articles"].select(["article_id", "sha256", "path", "text", "status"]).to_pylist()
    text_of = {a["article_id"]: a["text"] or "" for a in articles}
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}  # table → article_id → rows
    for name in REVIEWED_TABLES:
        by_article: dict[str, list[dict[str, Any]]] = {}
        target = name[:-1]
        for r in tables[name].to_pylist():
            r = _restore(r, target)
            if r is not None:
                by_article.setdefault(r["article_id"], []).append(r)
        rows[name] = by_article

    touched = set(touched_before)
    matched, result.orphans = match(rows, current, articles)
    # places first, so that a figure or alliance moved to a place finds its corrected code
    order = {"place": 0, "alliance": 1, "figure": 2}
    for k in sorted(matched, key=lambda k: (order[current[k]["target"]], current[k].get("_line", 0))):
        d, m = current[k], matched[k]
        aid, span, row = m.article_id, m.span, m.row
        fields = d.get("fields") or {}
        if d["decision"] == "added":
            if row is None:
                row = _added_row(aid, d, span, text_of[aid])
                rows["figures"].setdefault(aid, []).append(row)
                state = "added"
            else:  # the extractors found it meanwhile: the researcher's values correct theirs
                state = None
        else:
            state = d["decision"]
        if state != "added":
            row["extracted"] = {n: row.get(n) for n in EDITABLE[d["target"]]}
            changed = False
            for n, v in fields.items():
                if row.get(n) != v:
                    changed = True
                row[n] = v
            if d["target"] == "figure":
                if "place" in fields and "place_code" not in fields:
                    row["place_code"] = _place_code(rows["places"].get(aid, []), row["place"])
                if "kind" in fields and "measure" not in fields:
                    row["measure"] = _measure_after_kind(row["kind"], row.get("measure"))
                _money_bounds(row, fields)
            if d["target"] == "alliance" and "place" in fields and "place_code" not in fields:
                row["place_code"] = _place_code(rows["places"].get(aid, []), row["place"])
            if state is None:
                state = "corrected" if changed else "confirmed"
            if state == "corrected" and not changed:
                state = "confirmed"
            row["review"] = state
        result.counts[state] = result.counts.get(state, 0) + 1
        touched.add(aid)

    out = dict(tables)
    for name in REVIEWED_TABLES:
        flat = []
        # keep the tables' article order; added rows sit among their article's rows by offset
        seen = []
        for aid in tables[name].column("article_id").to_pylist():
            if not seen or seen[-1] != aid:
                seen.append(aid)
        extra = [a for a in rows[name] if a not in set(seen)]
        for aid in _dedupe(seen + sorted(extra, key=lambda a: _article_rank(a, articles))):
            rs = rows[name].get(aid, [])
            if name == "figures":
                rs = sorted(rs, key=lambda r: (r["start"], r["end"]))
            flat.extend(rs)
        if name == "figures":
            for r in flat:
                r["extracted_value"] = None if r.get("review") == "added" else (
                    r["extracted"]["value"] if r.get("extracted") else r["value"])
        out[name] = pa.Table.from_pylist(flat, schema=TABLES[name])
    out["cases"] = _rebuild_cases(tables["cases"], touched, rows)
    return out, result


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _article_rank(aid: str, articles: list[dict[str, Any]]) -> int:
    for i, a in enumerate(articles):
        if a["article_id"] == aid:
            return i
    return len(articles)


def _added_row(aid: str, d: dict[str, Any], span: tuple[int, int], text: str) -> dict[str, Any]:
    f = d["fields"]
    s, e = span
    row = {
        "figure_id": _short_id(aid, f["kind"], s, e),
        "article_id": aid,
        "kind": f["kind"],
        "value": f["value"],
        "value_min": f.get("value_min"),
        "value_max": f.get("value_max"),
        "qualifier": f.get("qualifier") or "exact",
        "per": f.get("per"),
        "year": f.get("year"),
        "label": f.get("label"),
        "measure": f.get("measure"),
        "place": f.get("place"),
        "place_code": f.get("place_code"),
        "evidence": text[s:e],
        "start": s,
        "end": e,
        "sentence_start": _sentence_start(text, s),
        "sentence_end": _sentence_end(text, e),
        "extractor": "review",
        "review": "added",
        "extracted": None,
    }
    if "value_min" not in f and "value_max" not in f:
        _money_bounds(row, {"value": row["value"]})
    return row


_STOPS = "。！？!?；;\n"


def _sentence_start(text: str, s: int) -> int:
    i = s
    while i > 0 and text[i - 1] not in _STOPS:
        i -= 1
    return i


def _sentence_end(text: str, e: int) -> int:
    i = e
    while i < len(text) and text[i] not in _STOPS:
        i += 1
    return min(len(text), i + 1) if i < len(text) and text[i] != "\n" else i


def _figure_struct(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in ("figure_id", "value", "qualifier", "per", "year", "label", "measure", "evidence")}


def _rebuild_cases(cases: pa.Table, touched: set[str], rows: dict[str, dict[str, list[dict[str, Any]]]]) -> pa.Table:
    """Cases of the touched articles built again from their reviewed rows, as the extractors'
    cases component builds them (extractors/cases.py): one per place, alliances then figures."""
    if not touched:
        return cases
    keep = [r for r in cases.to_pylist()]
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    order = []
    for r in keep:
        if r["article_id"] not in order:
            order.append(r["article_id"])
    order += sorted(a for a in touched if a not in order)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in keep:
        by_article.setdefault(r["article_id"], []).append(r)
    for aid in order:
        if aid in done:
            continue
        done.add(aid)
        if aid not in touched:
            out.extend(by_article.get(aid, []))
            continue
        live = lambda rs: [r for r in rs if r.get("review") != "rejected"]  # noqa: E731
        places = live(rows["places"].get(aid, []))
        alliances = live(rows["alliances"].get(aid, []))
        figures = live(sorted(rows["figures"].get(aid, []), key=lambda r: (r["start"], r["end"])))
        by_name: dict[str, dict[str, Any]] = {}
        for p in sorted(places, key=lambda p: p["start"]):
            by_name.setdefault(p["name"], p)
        built: dict[Any, dict[str, Any]] = {}

        def case_for(name: str | None) -> dict[str, Any]:
            if name not in built:
                p = by_name.get(name) if name else None
                built[name] = {
                    "case_id": _short_id(aid, name), "article_id": aid, "place": name,
                    "place_code": p["code"] if p else None, "level": p["level"] if p else None,
                    "province": p["province"] if p else None, "city": p["city"] if p else None,
                    "county": p["county"] if p else None, "alliances": [], "figs": [],
                }
            return built[name]

        for a in sorted(alliances, key=lambda a: a["start"]):
            c = case_for(a["place"])
            if a["name"] not in c["alliances"]:
                c["alliances"].append(a["name"])
        for f in figures:
            case_for(f["place"])["figs"].append(f)
        for c in built.values():
            figs = c.pop("figs")
            for kind in ("alliance_count", "village_coverage"):
                values = [f["value"] for f in figs if f["kind"] == kind]
                c[kind] = max(values) if values else None
            c["income"] = [_figure_struct(f) for f in figs if f["kind"] == "income"]
            c["funding"] = [_figure_struct(f) for f in figs if f["kind"] == "funding"]
            c["figure_ids"] = [f["figure_id"] for f in figs]
            out.append(c)
    return pa.Table.from_pylist(out, schema=TABLES["cases"])


# ---------------------------------------------------------------- on folders


def read_tables(folder: Path) -> dict[str, pa.Table]:
    out = {}
    for name, schema in TABLES.items():
        t = pq.read_table(folder / f"{name}.parquet")
        for f in schema:  # tables of an older version: the review columns, empty
            if f.name not in t.column_names:
                t = t.append_column(f, pa.nulls(t.num_rows, f.type))
        out[name] = t.select(schema.names).cast(schema)
    return out


def apply_to_folder(corpus: Path, folder: Path, names: tuple[str, ...] = ("figures", "alliances", "places", "cases")) -> tuple[Applied, dict[str, Path]]:
    """Apply the corpus's decisions to the tables in `folder`; the rewritten tables are written
    beside them as NAME.reviewed.parquet. Returns (what it did, table name → new file)."""
    decisions, bad = read_decisions(corrections_file(corpus))
    tables = read_tables(folder)
    new, applied = apply_tables(tables, decisions)
    applied.unreadable = bad
    written = {}
    for name in names:
        if new[name] is tables[name]:
            continue
        path = folder / f"{name}.reviewed.parquet"
        pq.write_table(new[name], path, compression="zstd")
        written[name] = path
    return applied, written


def apply_to_staging(corpus: Path, staging: Path) -> Applied:
    """The runner's hook: apply the decisions to the staged tables before they are committed."""
    applied, written = apply_to_folder(corpus, staging)
    for name, path in written.items():
        os.replace(path, staging / f"{name}.parquet")
    if applied.decisions or applied.orphans or applied.unreadable:
        log.info("%s", applied.line())
    for o in applied.orphans[:20]:
        log.warning("orphaned correction (line %s of %s): %s: %s %s %r", o.get("line"), FILE_NAME,
                    o["reason"], o["decision"], o["kind"], o["evidence"])
    for b in applied.unreadable[:20]:
        log.warning("unreadable line %s of %s: %s", b["line"], FILE_NAME, b["reason"])
    return applied


def apply_to_output(corpus: Path, out: Path, wait: bool = True) -> Applied:
    """Apply the decisions to the committed tables in `out` (the review page, after each
    decision): under the output folder's lock, through the store's journal, so readers see the
    old tables or the new ones, never a mix."""
    from pipeline.run.runner import OutputLock
    from pipeline.run import store

    with OutputLock(out, wait=wait):
        store.recover(out)
        applied, written = apply_to_folder(corpus, out)
        if written:
            moves = {str(p): str(out / f"{n}.parquet") for n, p in written.items()}
            for src in moves:
                store._fsync(Path(src))
            journal = out / store.JOURNAL
            tmp = journal.with_suffix(".tmp")
            tmp.write_text(json.dumps(moves), encoding="utf-8")
            store._fsync(tmp)
            os.replace(tmp, journal)
            store._fsync_dir(out)
            store.recover(out)
    return applied


def status(corpus: Path, out: Path) -> Applied:
    """What applying the decisions to the tables in `out` does, without writing anything."""
    decisions, bad = read_decisions(corrections_file(corpus))
    _, applied = apply_tables(read_tables(out), decisions)
    applied.unreadable = bad
    return applied


def review_filter(name: str, columns: list[str]) -> str:
    """The WHERE clause of a default view: rejected rows left out (query.connect)."""
    if name in REVIEWED_TABLES and "review" in columns:
        return " where review is distinct from 'rejected'"
    return ""

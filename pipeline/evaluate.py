"""Score an output folder against the gold fixtures (tests/fixtures/gold), by GUIDELINES.md's rules.

- places: names compared without their administrative suffix; precision/recall/F1 over
  (article, name) pairs, and level accuracy on the matched ones;
- alliances: names compared without quote marks;
- figures: matched by kind and value within 0.5 %; a prediction matching an optional gold item
  neither rewards nor punishes; place attribution and qualifier accuracy on matched pairs;
- cleaning: share of must_contain quotes kept and of must_not_contain quotes dropped;
- metadata: title, source and date agreement on gold articles that give them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gold"
FIGURE_KINDS = ("alliance_count", "village_coverage", "income", "funding")
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|县|区|旗|盟|乡|镇|街道|村|社区)$")
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


def place_key(name: str | None) -> str | None:
    if not name:
        return None
    return _SUFFIX.sub("", name) or name


def alliance_key(name: str) -> str:
    return _QUOTES.sub("", name)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 1.0


@dataclass
class Scores:
    prf: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    ratios: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    misses: list[str] = field(default_factory=list)

    def flat(self) -> dict[str, float]:
        out = {}
        for name, s in sorted(self.prf.items()):
            out[f"{name}.precision"] = round(s.precision, 4)
            out[f"{name}.recall"] = round(s.recall, 4)
            out[f"{name}.f1"] = round(s.f1, 4)
        for name, r in sorted(self.ratios.items()):
            out[name] = round(r.value, 4)
        return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def _match_figures(gold: list[dict], pred: list[dict], scores: Scores, article: str) -> None:
    used: set[int] = set()
    for kind in FIGURE_KINDS:
        g_items = [g for g in gold if g["kind"] == kind]
        p_items = [(i, p) for i, p in enumerate(pred) if p["kind"] == kind]
        prf = scores.prf[f"figures.{kind}"]
        # Required gold first, so an optional item never takes a prediction a required one needs.
        for g in sorted(g_items, key=lambda g: bool(g.get("optional"))):
            match = next((i for i, p in p_items if i not in used and _close(p["value"], float(g["value"]))), None)
            if match is None:
                if not g.get("optional"):
                    prf.fn += 1
                    scores.misses.append(f"{article}: missed {kind} {g['value']:g} «{g['evidence']}»")
                continue
            used.add(match)
            if g.get("optional"):
                continue
            prf.tp += 1
            p = pred[match]
            att = scores.ratios["figures.place_attribution"]
            att.total += 1
            if place_key(p["place"]) == place_key(g.get("place")):
                att.hit += 1
            else:
                scores.misses.append(f"{article}: {kind} {g['value']:g} placed at {p['place']}, gold {g.get('place')}")
            q = scores.ratios["figures.qualifier"]
            q.total += 1
            q.hit += p["qualifier"] == g.get("qualifier", "exact")
        for i, p in p_items:
            if i not in used:
                prf.fp += 1
                scores.misses.append(f"{article}: extra {kind} {p['value']:g} «{p['evidence']}»")
    total = scores.prf["figures.all"]
    total.tp = sum(scores.prf[f"figures.{k}"].tp for k in FIGURE_KINDS)
    total.fp = sum(scores.prf[f"figures.{k}"].fp for k in FIGURE_KINDS)
    total.fn = sum(scores.prf[f"figures.{k}"].fn for k in FIGURE_KINDS)


def _rows_by_article(out: Path, table: str) -> dict[str, list[dict]]:
    rows = pq.read_table(out / f"{table}.parquet").to_pylist()
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        grouped[r["article_id"]].append(r)
    return grouped


def evaluate(out: Path, gold_dir: Path = GOLD_DIR) -> Scores:
    out = Path(out)
    scores = Scores()
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    by_name = {Path(a["path"]).name: a for a in articles}
    places = _rows_by_article(out, "places")
    alliances = _rows_by_article(out, "alliances")
    figures = _rows_by_article(out, "figures")
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold["article"]
        art = by_name.get(name)
        if art is None or art["status"] != "ok":
            scores.misses.append(f"{name}: not in the output (or an error row)")
            scores.ratios["articles.ok"].total += 1
            continue
        scores.ratios["articles.ok"].total += 1
        scores.ratios["articles.ok"].hit += 1
        aid = art["article_id"]
        text = art["text"]
        # Cleaning.
        for q in gold.get("must_contain", []):
            r = scores.ratios["cleaning.kept"]
            r.total += 1
            r.hit += q in text
            if q not in text:
                scores.misses.append(f"{name}: clean text lost «{q}»")
        for q in gold.get("must_not_contain", []):
            r = scores.ratios["cleaning.dropped"]
            r.total += 1
            r.hit += q not in text
            if q in text:
                scores.misses.append(f"{name}: clean text kept junk «{q}»")
        # Metadata and script.
        for key in ("title", "source", "published", "script"):
            if gold.get(key) is not None:
                r = scores.ratios[f"metadata.{key}"]
                r.total += 1
                r.hit += art.get(key) == gold[key]
                if art.get(key) != gold[key]:
                    scores.misses.append(f"{name}: {key} {art.get(key)!r}, gold {gold[key]!r}")
        # Places.
        gold_places = {place_key(p["name"]): p["level"] for p in gold.get("places", [])}
        pred_places: dict[str, str] = {}
        for p in places.get(aid, []):
            pred_places.setdefault(place_key(p["name"]), p["level"])
        prf = scores.prf["places"]
        level = scores.ratios["places.level"]
        for key, lvl in gold_places.items():
            if key in pred_places:
                prf.tp += 1
                level.total += 1
                level.hit += pred_places[key] == lvl
                if pred_places[key] != lvl:
                    scores.misses.append(f"{name}: place {key} level {pred_places[key]}, gold {lvl}")
            else:
                prf.fn += 1
                scores.misses.append(f"{name}: missed place {key}")
        for key in pred_places:
            if key not in gold_places:
                prf.fp += 1
                scores.misses.append(f"{name}: extra place {key}")
        # Alliances.
        g_all = {alliance_key(a) for a in gold.get("alliances", [])}
        p_all = {alliance_key(a["name"]) for a in alliances.get(aid, [])}
        prf = scores.prf["alliances"]
        prf.tp += len(g_all & p_all)
        prf.fn += len(g_all - p_all)
        prf.fp += len(p_all - g_all)
        scores.misses += [f"{name}: missed alliance {a}" for a in sorted(g_all - p_all)]
        scores.misses += [f"{name}: extra alliance {a}" for a in sorted(p_all - g_all)]
        # Figures.
        _match_figures(gold.get("figures", []), figures.get(aid, []), scores, name)
    return scores


def format_report(scores: Scores, html_scores: dict | None = None) -> str:
    lines = [f"{'kind':<28}{'precision':>10}{'recall':>10}{'f1':>10}{'tp':>6}{'fp':>6}{'fn':>6}"]
    order = ["places", "alliances"] + [f"figures.{k}" for k in FIGURE_KINDS] + ["figures.all"]
    for name in order:
        s = scores.prf.get(name)
        if s is None:
            continue
        lines.append(f"{name:<28}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>10.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    lines.append("")
    for name, r in sorted(scores.ratios.items()):
        lines.append(f"{name:<28}{r.value:>10.3f}   ({r.hit}/{r.total})")
    if html_scores:
        lines.append("")
        lines.append("saved web pages (tests/fixtures/html):")
        for key, value in html_scores.items():
            unit = " ms" if key.endswith("ms") or "ms_" in key else ""
            lines.append(f"  html.{key:<24}{value:>10.3f}{unit}")
    return "\n".join(lines)

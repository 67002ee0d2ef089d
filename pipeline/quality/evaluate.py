"""Score an output folder against the gold fixtures (tests/fixtures/gold), by GUIDELINES.md's rules.

- places: names compared without their administrative suffix (黔东南州 = 黔东南, 潍坊市 = 潍坊) but
  with its level where both carry one (槐店乡 ≠ 槐店村); precision/recall/F1 over matched
  (article, place) pairs, and level accuracy on the matched ones;
- alliances: names compared without quote marks;
- figures: matched by kind and value within 0.5 %; a prediction matching an optional gold item
  neither rewards nor punishes; place attribution and qualifier accuracy on matched pairs, and
  measure accuracy on matched income and funding pairs (the gold's label and evidence mapped to a
  measure by extractors/measures.py);
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

from extractors.measures import measure_of

GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "gold"
FIGURE_KINDS = ("alliance_count", "village_coverage", "income", "funding")
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")

# The 55 minority nationalities, as they appear before 自治区 / 自治州 / 自治县 / 自治旗 / 族乡.
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|"
    "纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
    "德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
# Autonomous units: the suffix and the nationalities before it go together (广西壮族自治区 → 广西,
# 黔东南苗族侗族自治州 → 黔东南, 新疆维吾尔自治区 → 新疆); ethnic townships (民族乡, 回族乡) likewise.
_AUTONOMOUS = re.compile(rf"(?:(?:{_ETHNIC})族|维吾尔)*(?:自治区|自治州|自治县|自治旗)$|(?:(?:{_ETHNIC})族)+(?:乡|镇|苏木)$|民族(?:乡|镇|苏木)$")
# Administrative suffixes (GUIDELINES.md "Settled cases"), longest first, each mapped to the
# levels it can mean: 市 is a prefecture-level city or a county-level one.
_SUFFIX_LEVELS: dict[str, frozenset[str]] = {
    "特别行政区": frozenset({"province"}),
    "自治区": frozenset({"province"}),
    "自治州": frozenset({"city"}),
    "自治县": frozenset({"county"}),
    "自治旗": frozenset({"county"}),
    "街道办事处": frozenset({"township"}),
    "街道": frozenset({"township"}),
    "社区": frozenset({"village"}),
    "地区": frozenset({"city"}),
    "林区": frozenset({"county"}),
    "苏木": frozenset({"township"}),
    "嘎查": frozenset({"village"}),
    "省": frozenset({"province"}),
    "市": frozenset({"city", "county"}),
    "州": frozenset({"city"}),
    "盟": frozenset({"city"}),
    "县": frozenset({"county"}),
    "区": frozenset({"county"}),
    "旗": frozenset({"county"}),
    "乡": frozenset({"township"}),
    "镇": frozenset({"township"}),
    "村": frozenset({"village"}),
}
_SUFFIX = re.compile("(?:" + "|".join(sorted(_SUFFIX_LEVELS, key=len, reverse=True)) + ")$")


def split_place(name: str | None) -> tuple[str | None, frozenset[str] | None]:
    """(base name, levels its suffix can mean) -- levels None when the name carries no suffix.

    One suffix is removed, and never when it would leave a one-character base: 杭州 and 余村
    are names, not 杭 + 州 or 余 + 村 (杭州市 → 杭州, which then equals 杭州).
    """
    if not name:
        return None, None
    name = _QUOTES.sub("", name)
    m = _AUTONOMOUS.search(name)
    if m and len(name) - len(m.group()) >= 2:
        suffix = re.search(r"自治区|自治州|自治县|自治旗|乡|镇|苏木", m.group()).group()
        levels = _SUFFIX_LEVELS.get(suffix) or frozenset({"township"})
        return name[: m.start()], levels
    m = _SUFFIX.search(name)
    if m and len(name) - len(m.group()) >= 2:
        return name[: m.start()], _SUFFIX_LEVELS[m.group()]
    return name, None


def place_key(name: str | None) -> str | None:
    """A place name without its administrative suffix (潍坊市 → 潍坊, 黔东南州 → 黔东南)."""
    return split_place(name)[0] or None


def same_place(a: str | None, b: str | None) -> bool:
    """Names of one place: the same base, and suffixes (where both have one) of a common level.

    潍坊 = 潍坊市 = 潍坊 and 黔东南州 = 黔东南, but 槐店乡 (a township) ≠ 槐店村 (a village).
    """
    if not a or not b:
        return not a and not b
    if _QUOTES.sub("", a) == _QUOTES.sub("", b):
        return True
    (ka, la), (kb, lb) = split_place(a), split_place(b)
    if ka != kb:
        return False
    return la is None or lb is None or bool(la & lb)


def match_places(gold: list[tuple[str, str]], pred: list[tuple[str, str]]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold and predicted (name, level) places: identical names first, then same_place ones,
    preferring a predicted place of the gold level. Returns (pairs, unmatched gold, unmatched pred);
    a predicted place that only repeats a matched one under another suffix (潍坊 beside 潍坊市) is
    left out of the unmatched list: names are compared without their suffix.
    """
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    norm = lambda s: _QUOTES.sub("", s)  # noqa: E731
    for gi, (gname, _) in enumerate(gold):
        pi = next((pi for pi, (pname, _) in enumerate(pred) if pi not in used_p and norm(pname) == norm(gname)), None)
        if pi is not None:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    for same_level in (True, False):
        for gi, (gname, glevel) in enumerate(gold):
            if gi in used_g:
                continue
            pi = next((
                pi for pi, (pname, plevel) in enumerate(pred)
                if pi not in used_p and same_place(pname, gname) and (plevel == glevel or not same_level)
            ), None)
            if pi is not None:
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
    matched_names = [gold[gi][0] for gi, _ in pairs]
    extra = [
        pi for pi, (pname, _) in enumerate(pred)
        if pi not in used_p and not any(same_place(pname, m) for m in matched_names)
    ]
    missed = [gi for gi in range(len(gold)) if gi not in used_g]
    return pairs, missed, extra


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
            if same_place(p["place"], g.get("place")):
                att.hit += 1
            else:
                scores.misses.append(f"{article}: {kind} {g['value']:g} placed at {p['place']}, gold {g.get('place')}")
            q = scores.ratios["figures.qualifier"]
            q.total += 1
            q.hit += p["qualifier"] == g.get("qualifier", "exact")
            if p["qualifier"] != g.get("qualifier", "exact"):
                scores.misses.append(f"{article}: {kind} {g['value']:g} qualifier {p['qualifier']}, gold {g.get('qualifier', 'exact')}"
                                     f" «{g['evidence']}»")
            if kind in ("income", "funding") and "measure" in p:
                # gold carries words, not measures: its label and evidence are mapped by the same
                # documented table (extractors/measures.py), so this scores the words we pick
                want = measure_of(kind, g.get("label"), g.get("evidence") or "")
                m = scores.ratios["figures.measure"]
                m.total += 1
                m.hit += p["measure"] == want
                if p["measure"] != want:
                    scores.misses.append(f"{article}: {kind} {g['value']:g} measure {p['measure']}, gold words give {want}")
        for i, p in p_items:
            if i not in used:
                prf.fp += 1
                scores.misses.append(f"{article}: extra {kind} {p['value']:g} «{p['evidence']}»")
    total = scores.prf["figures.all"]
    total.tp = sum(scores.prf[f"figures.{k}"].tp for k in FIGURE_KINDS)
    total.fp = sum(scores.prf[f"figures.{k}"].fp for k in FIGURE_KINDS)
    total.fn = sum(scores.prf[f"figures.{k}"].fn for k in FIGURE_KINDS)


def _distinct_places(rows: list[dict]) -> list[tuple[str, str]]:
    """(name, level) once a name, the first level given winning."""
    seen: dict[str, str] = {}
    for r in rows:
        seen.setdefault(r["name"], r["level"])
    return list(seen.items())


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
        gold_places = _distinct_places(gold.get("places", []))
        pred_places = _distinct_places(places.get(aid, []))
        pairs, missed, extra = match_places(gold_places, pred_places)
        prf = scores.prf["places"]
        level = scores.ratios["places.level"]
        for gi, pi in pairs:
            (gname, glevel), (pname, plevel) = gold_places[gi], pred_places[pi]
            prf.tp += 1
            level.total += 1
            level.hit += plevel == glevel
            if plevel != glevel:
                scores.misses.append(f"{name}: place {pname} level {plevel}, gold {gname} {glevel}")
        for gi in missed:
            prf.fn += 1
            scores.misses.append(f"{name}: missed place {gold_places[gi][0]}")
        for pi in extra:
            prf.fp += 1
            scores.misses.append(f"{name}: extra place {pred_places[pi][0]}")
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

"""Scores on the held-out sets: tests/fixtures/heldout_*/ (articles + gold/), each written by an
annotator who did not read the rules, from provinces and sites the development gold lacks.

The development gold (tests/fixtures/gold) shows the phenomena; these sets say how well the rules
generalise. Each was blind when it arrived and its first scores are recorded in its README; once
its misses were fixed (by phenomenon) it guards against regressions instead. Each set is extracted into a temporary folder and scored by the same rules as
``make eval``; the pooled column adds up every set's counts (micro-averaged). Floors per set and
pooled live in tests/heldout_floors.json and, like the development floors, only go up.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.quality.evaluate import Scores, evaluate

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FLOORS = ROOT / "tests" / "heldout_floors.json"
POOLED = "pooled"

# (metric in Scores.flat(), column label) in the order the table prints them
METRICS = [
    ("places.f1", "places F1"),
    ("alliances.f1", "alliances F1"),
    ("figures.all.f1", "figures F1"),
    ("figures.alliance_count.f1", "  alliance_count"),
    ("figures.village_coverage.f1", "  village_coverage"),
    ("figures.income.f1", "  income"),
    ("figures.funding.f1", "  funding"),
    ("figures.place_attribution", "place attribution"),
    ("figures.qualifier", "qualifier"),
    ("figures.measure", "measure"),
    ("cleaning.kept", "cleaning kept"),
    ("cleaning.dropped", "cleaning dropped"),
    ("metadata.title", "title"),
    ("metadata.published", "date"),
    ("metadata.source", "source"),
]


# Real web pages with gold that the team develops against (no longer blind; first scores in
# their README), scored beside the held-out sets.
DEV_SETS = ("realdev",)


def heldout_sets(root: Path = FIXTURES) -> list[Path]:
    """Every tests/fixtures/heldout_* folder and development set (DEV_SETS) that has a gold/ folder."""
    found = sorted(p for p in root.glob("heldout_*") if (p / "gold").is_dir())
    return found + [root / n for n in DEV_SETS if (root / n / "gold").is_dir()]


def score_set(folder: Path, workers: int | None = 1) -> Scores:
    """Extract one held-out set into a temporary folder and score it against its gold."""
    from pipeline.run.runner import extract

    with tempfile.TemporaryDirectory(prefix="partybuild-heldout-") as tmp:
        extract(folder, Path(tmp) / "out", workers=workers)
        return evaluate(Path(tmp) / "out", folder / "gold")


def pooled(all_scores: list[Scores]) -> Scores:
    """One Scores holding the summed counts of every set (micro-averaged metrics)."""
    total = Scores()
    for s in all_scores:
        for key, prf in s.prf.items():
            t = total.prf[key]
            t.tp, t.fp, t.fn = t.tp + prf.tp, t.fp + prf.fp, t.fn + prf.fn
        for key, ratio in s.ratios.items():
            t = total.ratios[key]
            t.hit, t.total = t.hit + ratio.hit, t.total + ratio.total
        total.misses.extend(s.misses)
    return total


def score_all(sets: list[Path], workers: int | None = 1, progress: Callable[[str], None] | None = None) -> dict[str, Scores]:
    """Scores per set name, plus the pooled scores under POOLED."""
    out: dict[str, Scores] = {}
    for folder in sets:
        if progress:
            progress(folder.name)
        out[folder.name] = score_set(folder, workers)
    # pooled over the held-out sets only: a development set would hide their drift
    out[POOLED] = pooled([s for n, s in out.items() if n not in DEV_SETS])
    return out


def format_table(scores: dict[str, Scores]) -> str:
    names = list(scores)
    flats = {n: scores[n].flat() for n in names}
    width = max(12, *(len(n) for n in names)) + 2
    lines = ["held-out sets (annotated by people who did not read the rules; once a set's misses are"
             " fixed it is no longer blind: its README records its first, blind scores);"
             f" {', '.join(DEV_SETS)}: real web pages, a development set",
             f"{'metric':20}" + "".join(f"{n:>{width}}" for n in names)]
    for key, label in METRICS:
        cells = "".join(f"{flats[n][key]:>{width}.3f}" if key in flats[n] else f"{'-':>{width}}" for n in names)
        lines.append(f"{label:20}" + cells)
    return "\n".join(lines)


def load_floors(path: Path = FLOORS) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def below_floors(scores: dict[str, Scores], floors: dict[str, dict[str, float]]) -> list[str]:
    """'set metric: value < floor' for every score under its floor (a missing set fails too)."""
    failed = []
    for name, metrics in floors.items():
        if name not in scores:
            failed.append(f"{name}: the set is missing from tests/fixtures")
            continue
        flat = scores[name].flat()
        for key, floor in metrics.items():
            value = flat.get(key, 0.0)
            if value + 1e-9 < floor:
                failed.append(f"{name} {key}: {value:.3f} < floor {floor:.3f}")
    return failed

"""`eval --reviewed`: how well the extractors do on a research group's own corpus, scored against
the researchers' decisions in CORPUS/corrections.jsonl (pipeline.run.corrections).

For every kind of figure, for alliances and for places, over the rows a researcher decided on:

- precision: found rows that are real (confirmed or corrected) over all decided found rows
  (confirmed + corrected + rejected);
- exact: found rows right in every field (confirmed) over the same;
- recall: real rows found (confirmed + corrected) over those plus the rows researchers added
  (figures only; alliances and places cannot be added, so their recall is not measured);
- the fields corrections changed (value, place, kind…), and how much of the table was reviewed.

Recall counts only what the researchers saw: additions are made in the articles they read, so
it is the recall on reviewed articles, not on the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.run import corrections as C


@dataclass
class Score:
    confirmed: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    rows: int = 0  # rows the extractors found (reviewed or not)
    fields: dict[str, int] = field(default_factory=dict)  # field → corrections that changed it

    @property
    def decided(self) -> int:
        return self.confirmed + self.corrected + self.rejected

    def precision(self) -> float | None:
        return (self.confirmed + self.corrected) / self.decided if self.decided else None

    def exact(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None

    def recall(self, measured: bool) -> float | None:
        real = self.confirmed + self.corrected + self.added
        return (self.confirmed + self.corrected) / real if measured and real else None

    def as_dict(self, measured: bool) -> dict[str, Any]:
        p, r = self.precision(), self.recall(measured)
        f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
        return {"rows": self.rows, "decided": self.decided, "confirmed": self.confirmed, "corrected": self.corrected,
                "rejected": self.rejected, "added": self.added, "precision": p, "exact": self.exact(), "recall": r,
                "f1": f1, "fields_corrected": dict(sorted(self.fields.items(), key=lambda kv: (-kv[1], kv[0])))}


def score(corpus: Path, out: Path) -> dict[str, Any]:
    """Scores per figure kind (figures.KIND), for all figures, alliances and places."""
    decisions, bad = C.read_decisions(C.corrections_file(corpus))
    tables, applied = C.apply_tables(C.read_tables(out), decisions)
    groups: dict[str, Score] = {}

    def group(name: str) -> Score:
        return groups.setdefault(name, Score())

    for target in C.TARGETS:
        t = tables[C.TABLE_OF[target]]
        for r in t.select(["review", "extracted", *C.EDITABLE[target]]).to_pylist():
            review = r["review"]
            names = [C.TABLE_OF[target]]
            if target == "figure":
                kind = (r["extracted"] or {}).get("kind") or r["kind"]
                names.append(f"figures.{kind}")
            for name in names:
                g = group(name)
                if review != "added":
                    g.rows += 1
                if review in ("confirmed", "corrected", "rejected", "added"):
                    setattr(g, review, getattr(g, review) + 1)
                if review == "corrected" and r["extracted"]:
                    ext = r["extracted"]
                    for f in C.EDITABLE[target]:
                        if ext.get(f) == r.get(f) or f in ("value_min", "value_max", "place_code"):
                            continue  # bounds and codes follow the value and the place
                        if f == "measure" and ext.get("kind") != r.get("kind"):
                            continue  # a measure follows a corrected kind: the kind was wrong
                        g.fields[f] = g.fields.get(f, 0) + 1
    order = ["figures", *[f"figures.{k}" for k in C.FIGURE_KINDS], "alliances", "places"]
    result = {name: groups.get(name, Score()).as_dict(measured=name.startswith("figures")) for name in order}
    return {"scores": result, "decisions": applied.decisions, "orphans": len(applied.orphans), "unreadable": len(bad),
            "file": str(C.corrections_file(corpus))}


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def format_report(s: dict[str, Any]) -> str:
    lines = [f"scored against {s['decisions']} decisions in {s['file']}"
             + (f" ({s['orphans']} orphaned, left out: python -m pipeline review --orphans)" if s["orphans"] else ""),
             "",
             f"{'':<26}{'rows':>6}{'decided':>9}{'✓':>6}{'✎':>6}{'✗':>6}{'+':>6}{'precision':>11}{'exact':>8}{'recall':>8}{'F1':>7}  fields corrected"]
    for name, g in s["scores"].items():
        fields = ", ".join(f"{k} {v}" for k, v in g["fields_corrected"].items())
        lines.append(f"{name:<26}{g['rows']:>6}{g['decided']:>9}{g['confirmed']:>6}{g['corrected']:>6}{g['rejected']:>6}"
                     f"{g['added']:>6}{_pct(g['precision']):>11}{_pct(g['exact']):>8}{_pct(g['recall']):>8}{_pct(g['f1']):>7}  {fields}")
    lines += ["",
              "precision: real among decided found rows (✓ confirmed + ✎ corrected over ✓ ✎ ✗ rejected); exact: ✓ alone;",
              "recall: found among real rows (✓ ✎ over ✓ ✎ + added), on the articles researchers reviewed"]
    return "\n".join(lines)


def run_cli(args) -> int:
    """`eval --reviewed`: the table (or JSON) of scores; exit 2 without a database or decisions."""
    import sys

    from pipeline.research.query import MissingDatabase, connect

    corpus, out = Path(args.corpus), Path(args.out)
    try:
        connect(out)
    except MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not C.corrections_file(corpus).exists():
        print(f"error: {C.corrections_file(corpus)} does not exist: review some rows first"
              f" (python -m pipeline review --corpus {corpus} --out {out})", file=sys.stderr)
        return 2
    s = score(corpus, out)
    if args.format == "json":
        import json

        print(json.dumps(s, ensure_ascii=False, indent=2))
    else:
        print(format_report(s))
    return 0

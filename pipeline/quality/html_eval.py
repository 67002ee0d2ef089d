"""Score the HTML cleaner against gold pages: `python -m pipeline.quality.html_eval [pages_dir gold_dir]`.

keep  = share of must_contain quotes found in the clean text,
drop  = share of must_not_contain quotes absent from it,
title / date / source = share of pages whose field equals the gold value.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

from pipeline.stages.decode import declared_charset, decode_bytes
from pipeline.stages.html_clean import HtmlArticle, clean_html

_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    """Collapse whitespace the way the gold quotes were made."""
    return _WS.sub(" ", s).strip()


def _same(a: str | None, b: str | None) -> bool:
    return (norm(a) if a else None) == (norm(b) if b else None)


def score_page(art: HtmlArticle, gold: dict) -> dict:
    text = norm(art.text)
    kept = [q for q in gold["must_contain"] if norm(q) in text]
    leaked = [q for q in gold["must_not_contain"] if norm(q) in text]
    return {
        "keep": (len(kept), len(gold["must_contain"])),
        "drop": (len(gold["must_not_contain"]) - len(leaked), len(gold["must_not_contain"])),
        "missed": [q for q in gold["must_contain"] if q not in kept],
        "leaked": leaked,
        "title": _same(art.title, gold.get("title")),
        "date": art.published == gold.get("published"),
        "source": _same(art.source, gold.get("source")),
    }


def score_pages(pages_dir: str | Path, gold_dir: str | Path) -> dict:
    """Per-page results and totals for every gold/<stem>.json with a matching page."""
    pages: dict[str, dict] = {}
    times: list[float] = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        data = (Path(pages_dir) / gold["article"]).read_bytes()
        html = decode_bytes(data, declared_charset(data)).text
        t0 = time.perf_counter()
        art = clean_html(html)
        times.append((time.perf_counter() - t0) * 1000)
        res = score_page(art, gold)
        res["article"], res["ms"], res["kb"] = art, times[-1], len(data) / 1024
        pages[gold_path.stem] = res
    n = max(len(pages), 1)

    def ratio(key: str) -> float:
        got = sum(p[key][0] for p in pages.values())
        return got / max(sum(p[key][1] for p in pages.values()), 1)

    totals = {
        "keep": ratio("keep"),
        "drop": ratio("drop"),
        "title": sum(p["title"] for p in pages.values()) / n,
        "date": sum(p["date"] for p in pages.values()) / n,
        "source": sum(p["source"] for p in pages.values()) / n,
        "median_ms": statistics.median(times) if times else 0.0,
        "ms_per_100kb": 100 * sum(times) / max(sum(p["kb"] for p in pages.values()), 1e-9),
    }
    return {"pages": pages, "totals": totals}


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "html"
    pages_dir = Path(argv[0]) if argv else here
    gold_dir = Path(argv[1]) if len(argv) > 1 else pages_dir / "gold"
    res = score_pages(pages_dir, gold_dir)
    print(f"{'page':<14}{'keep':>6}{'drop':>6}  T D S {'ms':>6}  title / date / source")
    for stem, p in res["pages"].items():
        a = p["article"]
        flags = " ".join("." if p[k] else "x" for k in ("title", "date", "source"))
        print(f"{stem:<14}{p['keep'][0]}/{p['keep'][1]:<4}{p['drop'][0]}/{p['drop'][1]:<4} {flags} {p['ms']:6.1f}"
              f"  {a.title!r} ({a.title_from}) / {a.published} ({a.published_from}) / {a.source} ({a.source_from})")
        for q in p["missed"]:
            print(f"{'':14}  missed: {q}")
        for q in p["leaked"]:
            print(f"{'':14}  leaked: {q}")
    t = res["totals"]
    print(f"\nkeep {t['keep']:.3f}  drop {t['drop']:.3f}  title {t['title']:.3f}  date {t['date']:.3f}"
          f"  source {t['source']:.3f}  median {t['median_ms']:.1f} ms/page  {t['ms_per_100kb']:.1f} ms/100KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

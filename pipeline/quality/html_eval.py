"""Score the page cleaner against gold pages, beside a trafilatura baseline.

`python -m pipeline.quality.html_eval [pages_dir [gold_dir]] [--baseline trafilatura|none] [--realdev DIR]`

keep  = share of must_contain quotes found in the clean text,
drop  = share of must_not_contain quotes absent from it,
title / date / source = share of pages whose field equals the gold value.

The baseline (trafilatura.extract with its defaults, JSON output with metadata) reads the same
decoded page and is scored by the same measures; its row is computed when asked for: by this
command (default auto: when trafilatura, pinned in requirements.lock, is installed) and by
``python -m pipeline eval --baseline trafilatura``, never gated by a floor; the scoring functions
run no baseline unless told, so a plain ``make eval`` pays nothing for it. Speed is
pages per second of extraction alone: our ``clean_html`` and trafilatura's ``extract`` on the same
decoded string. ``--realdev`` also scores both on a set of text pages (tests/fixtures/realdev by
default) by the rules of ``make eval``: ours through the whole reading stage, trafilatura on the
text wrapped one ``<p>`` a line, its output put into simplified script as ours is. ``compare_sets``
gives both sets' rows at once (``python -m pipeline eval --baseline trafilatura`` prints them).
docs/cleaning.md records the measured table.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.stages.decode import declared_charset, decode_bytes
from pipeline.stages.html_clean import HtmlArticle, clean_html

_WS = re.compile(r"\s+")
ROOT = Path(__file__).resolve().parents[2]
HTML_DIR = ROOT / "tests" / "fixtures" / "html"
REALDEV_DIR = ROOT / "tests" / "fixtures" / "realdev"
BASELINES = ("trafilatura",)
MEASURES = ("keep", "drop", "title", "date", "source")


def norm(s: str) -> str:
    """Collapse whitespace the way the gold quotes were made."""
    return _WS.sub(" ", s).strip()


def _same(a: str | None, b: str | None) -> bool:
    return (norm(a) if a else None) == (norm(b) if b else None)


@dataclass
class Extracted:
    """What a baseline extractor gives for one page, in the fields the scores read."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    title_from = published_from = source_from = "trafilatura"


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def trafilatura_extract(page: str) -> Extracted:
    """trafilatura.extract with its default settings, metadata included (title, date, site name)."""
    import trafilatura

    raw = trafilatura.extract(page, output_format="json", with_metadata=True)
    if not raw:
        return Extracted(text="")
    got = json.loads(raw)
    return Extracted(text=got.get("text") or "", title=got.get("title"), published=got.get("date"),
                     source=got.get("source-hostname"))


def text_as_html(text: str) -> str:
    """A text page as the HTML a baseline reads: one <p> a non-empty line."""
    body = "".join(f"<p>{html_lib.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def score_page(art: HtmlArticle | Extracted, gold: dict) -> dict:
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


def _ratio(pages: list[dict], key: str) -> float:
    got = sum(p[key][0] for p in pages)
    return got / max(sum(p[key][1] for p in pages), 1)


def _share(pages: list[dict], key: str) -> float:
    return sum(bool(p[key]) for p in pages) / max(len(pages), 1)


def _pages_per_s(ms: list[float]) -> float:
    return len(ms) / max(sum(ms) / 1000, 1e-9)


def _resolve(baseline: str | None) -> str | None:
    """'auto' means trafilatura when it is installed; None or 'none' means no baseline."""
    if baseline in (None, "none"):
        return None
    if baseline == "auto":
        return "trafilatura" if trafilatura_available() else None
    if baseline not in BASELINES:
        raise ValueError(f"unknown baseline {baseline!r} (known: {', '.join(BASELINES)})")
    return baseline


# simplified and traditional lines: the script converter loads its tables on first use
_WARM_TEXT = ("热身页面\n来源：某某网 2024-01-01\n这一段只为让两个提取器在计时之前装好各自的模块和缓存，不计入分数。\n"
              "這一段是繁體字，讓轉換器先載入它的詞表，鄉村振興聯合黨委。")
_WARM_PAGE = text_as_html(_WARM_TEXT)


def _warm_up(baseline: str | None) -> None:
    """One untimed run of each extractor: imports and first-call caches are not page time."""
    clean_html(_WARM_PAGE)
    if baseline:
        trafilatura_extract(_WARM_PAGE)


def score_pages(pages_dir: str | Path, gold_dir: str | Path, baseline: str | None = None) -> dict:
    """Per-page results and totals for every gold/<stem>.json with a matching page.

    With a baseline, every page also carries ``res["baseline"]`` (the same measures for the
    baseline's output) and the totals gain ``<baseline>.<measure>`` and pages per second for both.
    """
    baseline = _resolve(baseline)
    _warm_up(baseline)
    pages: dict[str, dict] = {}
    times: list[float] = []
    base_times: list[float] = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        data = (Path(pages_dir) / gold["article"]).read_bytes()
        html = decode_bytes(data, declared_charset(data)).text
        t0 = time.perf_counter()
        art = clean_html(html)
        times.append((time.perf_counter() - t0) * 1000)
        res = score_page(art, gold)
        res["article"], res["ms"], res["kb"] = art, times[-1], len(data) / 1024
        if baseline:
            t0 = time.perf_counter()
            other = trafilatura_extract(html)
            base_times.append((time.perf_counter() - t0) * 1000)
            res["baseline"] = score_page(other, gold)
            res["baseline"]["article"], res["baseline"]["ms"] = other, base_times[-1]
        pages[gold_path.stem] = res
    rows = list(pages.values())
    totals = {
        "keep": _ratio(rows, "keep"),
        "drop": _ratio(rows, "drop"),
        "title": _share(rows, "title"),
        "date": _share(rows, "date"),
        "source": _share(rows, "source"),
        "median_ms": statistics.median(times) if times else 0.0,
        "ms_per_100kb": 100 * sum(times) / max(sum(p["kb"] for p in rows), 1e-9),
    }
    if baseline:
        totals["pages_per_s"] = _pages_per_s(times)
        base = [p["baseline"] for p in rows]
        totals.update({f"{baseline}.{k}": (_ratio if k in ("keep", "drop") else _share)(base, k) for k in MEASURES})
        totals[f"{baseline}.pages_per_s"] = _pages_per_s(base_times)
        totals[f"{baseline}.median_ms"] = statistics.median(base_times) if base_times else 0.0
    return {"pages": pages, "totals": totals, "baseline": baseline}


def _score_like_eval(row: dict | Extracted, gold: dict) -> dict:
    """One text page by the rules of `make eval` (pipeline.quality.evaluate): quotes by plain
    containment, each metadata field only where the gold gives it."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    text = get("text") or ""
    res = {
        "keep": (sum(q in text for q in gold.get("must_contain", [])), len(gold.get("must_contain", []))),
        "drop": (sum(q not in text for q in gold.get("must_not_contain", [])), len(gold.get("must_not_contain", []))),
    }
    for key, field in (("title", "title"), ("date", "published"), ("source", "source")):
        if gold.get(field) is not None:
            res[key] = (int(get(field) == gold[field]), 1)
    return res


def score_text_set(folder: str | Path, baseline: str | None = None) -> dict:
    """Ours (the whole reading stage: decode, script, metadata, clean) and the baseline on a set of
    pages with gold in ``folder/gold`` (the realdev format), measured as `make eval` measures them."""
    from pipeline.stages.article import Options, looks_like_html, read_article
    from pipeline.stages.decode import InputError
    from pipeline.stages.script import normalise_script

    baseline = _resolve(baseline)
    _warm_up(baseline)
    read_article("warm.txt", _WARM_TEXT.encode(), {}, Options())
    folder = Path(folder)
    ours: list[dict] = []
    theirs: list[dict] = []
    times: list[float] = []
    base_times: list[float] = []
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold["article"]
        data = (folder / name).read_bytes()
        t0 = time.perf_counter()
        try:
            row = read_article(name, data, {}, Options())
        except InputError:
            row = {"text": ""}
        times.append((time.perf_counter() - t0) * 1000)
        ours.append(_score_like_eval(row, gold))
        if baseline:
            decoded = decode_bytes(data, declared_charset(data)).text
            page = decoded if looks_like_html(name, data) else text_as_html(decoded)
            t0 = time.perf_counter()
            other = trafilatura_extract(page)
            base_times.append((time.perf_counter() - t0) * 1000)
            # gold quotes are simplified: put the baseline's output into the script ours gives
            other.text = normalise_script(other.text)[1]
            other.title = normalise_script(other.title)[1] if other.title else other.title
            theirs.append(_score_like_eval(other, gold))

    def totals(rows: list[dict], ms: list[float]) -> dict:
        out = {k: sum(r[k][0] for r in rows if k in r) / max(sum(r[k][1] for r in rows if k in r), 1) for k in MEASURES}
        out["pages_per_s"] = _pages_per_s(ms)
        out["median_ms"] = statistics.median(ms) if ms else 0.0
        return out

    result = {"pages": len(ours), "ours": totals(ours, times), "baseline": baseline}
    if baseline:
        result[baseline] = totals(theirs, base_times)
    return result


def comparison_rows(html_res: dict, text_res: dict | None = None, html_label: str = "html") -> list[tuple]:
    """(set, extractor, keep, drop, title, date, source, pages/s, median ms) rows, ours first, then
    the baseline."""
    t = html_res["totals"]
    n = len(html_res["pages"])
    rows = [(f"{html_label} ({n})", "ours", *(t[k] for k in MEASURES), t.get("pages_per_s"), t["median_ms"])]
    b = html_res.get("baseline")
    if b:
        rows.append((f"{html_label} ({n})", b, *(t[f"{b}.{k}"] for k in MEASURES), t[f"{b}.pages_per_s"],
                     t[f"{b}.median_ms"]))
    if text_res:
        label = f"realdev ({text_res['pages']})"
        for who in ("ours", text_res.get("baseline")):
            if who:
                r = text_res[who]
                rows.append((label, who, *(r[k] for k in MEASURES), r["pages_per_s"], r["median_ms"]))
    return rows


class BaselineMissing(RuntimeError):
    """A baseline was asked for and its package is not installed."""


def require_baseline(baseline: str) -> str:
    """The baseline's name when it can run; ``BaselineMissing`` (a message for a researcher) when
    its package is not installed, ValueError for an unknown name."""
    name = _resolve(baseline)
    if name == "trafilatura" and not trafilatura_available():
        raise BaselineMissing(
            "the trafilatura baseline needs the trafilatura package, which is pinned in requirements.lock:"
            " run `make extract` once (it installs the lock into .venv) or `.venv/bin/pip install -r requirements.lock`,"
            " and run the command with .venv/bin/python")
    return name


def compare_sets(baseline: str, html_dir: str | Path = HTML_DIR, realdev_dir: str | Path | None = REALDEV_DIR,
                 html_label: str = "html") -> tuple[dict, dict | None, list[tuple]]:
    """Ours and the baseline on the saved pages (``html_dir``, gold in its gold/) and on a text-page
    set (``realdev_dir``, None to skip): (score_pages result, score_text_set result, comparison rows)."""
    baseline = require_baseline(baseline)
    html_res = score_pages(html_dir, Path(html_dir) / "gold", baseline=baseline)
    text_res = score_text_set(realdev_dir, baseline=baseline) if realdev_dir else None
    return html_res, text_res, comparison_rows(html_res, text_res, html_label=html_label)


def format_comparison(rows: list[tuple]) -> str:
    lines = [f"{'set':<16}{'extractor':<13}" + "".join(f"{k:>8}" for k in MEASURES) + f"{'pages/s':>10}{'median ms':>11}"]
    for label, who, *vals, speed, median in rows:
        speed_cell = f"{speed:>10.1f}" if speed is not None else f"{'-':>10}"
        lines.append(f"{label:<16}{who:<13}" + "".join(f"{v:>8.3f}" for v in vals) + speed_cell + f"{median:>11.1f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.quality.html_eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("pages_dir", nargs="?", default=str(HTML_DIR), help="folder of saved pages (default: tests/fixtures/html)")
    ap.add_argument("gold_dir", nargs="?", default=None, help="folder of gold JSON (default: PAGES_DIR/gold)")
    ap.add_argument("--baseline", choices=["auto", "none", *BASELINES], default="auto",
                    help="baseline row beside ours (default auto: trafilatura when installed)")
    ap.add_argument("--realdev", nargs="?", const=str(REALDEV_DIR), default=None,
                    help="also score ours and the baseline on a text-page set (default: tests/fixtures/realdev)")
    args = ap.parse_args(argv)
    if args.baseline not in ("auto", "none"):
        try:
            require_baseline(args.baseline)
        except BaselineMissing as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    pages_dir = Path(args.pages_dir)
    gold_dir = Path(args.gold_dir) if args.gold_dir else pages_dir / "gold"
    res = score_pages(pages_dir, gold_dir, baseline=args.baseline)
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
    text_res = score_text_set(args.realdev, baseline=args.baseline) if args.realdev else None
    print()
    print(format_comparison(comparison_rows(res, text_res, html_label=pages_dir.name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

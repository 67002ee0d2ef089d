"""`report`: one self-contained HTML file; rendered in a real headless browser where one exists."""

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.research import report
from pipeline.cli import main

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


@pytest.fixture(scope="module")
def page(seed_db_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--out", str(seed_db_dir), "--output", str(path)]) == 0
    return path


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_page_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    # no external fetches: no src/href to a network location, no @import, no remote url()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)
    assert "<link" not in html
    assert html.count("<svg") >= 3


def test_headline_numbers_and_evidence_data(page, seed_db_dir):
    html = page.read_text(encoding="utf-8")
    assert re.search(r"<b>5</b><span>articles</span>", html)
    data = _data(html)
    assert data["cases"], "the seed corpus yields cases"
    for case in data["cases"]:
        for fid in case["figures"]:
            fig = data["figures"][fid]
            para = data["paragraphs"][fig["p"]]
            s, e = fig["e"]
            assert 0 <= s < e <= len(para)
            assert fig["s"][0] <= s and e <= fig["s"][1]


def test_story_counted_once_when_reprinted(seed_db_dir, tmp_path):
    # Copy the database and make article 2 a reprint of article 1: stories drop by one.
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "db"
    shutil.copytree(seed_db_dir, out)
    t = pq.read_table(out / "articles.parquet")
    ids = t.column("article_id").to_pylist()
    clusters = [ids[0] if i == 1 else c for i, c in enumerate(t.column("cluster_id").to_pylist())]
    t = t.set_column(t.schema.get_field_index("cluster_id"), t.schema.field("cluster_id"), pa.array(clusters, pa.string()))
    pq.write_table(t, out / "articles.parquet")
    h = report.headline(report.query.connect(out))
    assert h["articles"] == 5 and h["stories"] == 4 and h["reprint_clusters"] == 1


def _browser() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def _png_is_blank(path: Path) -> bool:
    """True when every pixel of an 8-bit RGB(A) PNG has one colour (decoded with zlib only)."""
    data = path.read_bytes()
    pos, idat, width, channels = 8, b"", 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4}.get(ctype, 4)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    # filter bytes differ per row; compare the unfiltered first row's pixels and the rest's variety
    rows = {raw[i + 1:i + stride] for i in range(0, len(raw), stride)}
    return len(rows) <= 2 and len(set(raw[1:stride])) <= channels


def _run_browser(browser: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
         *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp)},
    )


def test_renders_in_a_headless_browser(page, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (chromium / google-chrome) installed; install one to render the report")
    shot = tmp_path / "report.png"
    _run_browser(browser, tmp_path, f"--screenshot={shot}", "--window-size=1400,3000", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000, "no screenshot"
    assert not _png_is_blank(shot), "the screenshot is blank"

    dom = _run_browser(browser, tmp_path, "--dump-dom", "--virtual-time-budget=3000", page.as_uri()).stdout

    class Counter(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: dict[str, int] = {}
            self.sections: set[str] = set()

        def handle_starttag(self, tag, attrs):
            self.tags[tag] = self.tags.get(tag, 0) + 1
            ident = dict(attrs).get("id") or ""
            if ident.startswith("chart-"):
                self.sections.add(ident)

    c = Counter()
    c.feed(dom)
    assert c.sections == {"chart-province", "chart-coverage", "chart-income", "chart-years"}
    assert c.tags.get("svg", 0) >= 3
    # the script ran: header cells and one table row per shown case were built
    assert c.tags.get("th", 0) >= 10
    assert c.tags.get("tr", 0) >= 2
    assert re.search(r'id="count">\d+ of \d+ cases<', dom)


def test_a_case_link_opens_its_evidence_in_the_browser(page, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (chromium / google-chrome) installed; install one to render the report")
    data = _data(page.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["figures"])
    fig = data["figures"][case["figures"][0]]
    para = data["paragraphs"][fig["p"]]
    quote = para[fig["e"][0]:fig["e"][1]]
    dom = _run_browser(browser, tmp_path, "--dump-dom", "--virtual-time-budget=3000", f"{page.as_uri()}#case={case['id']}").stdout
    detail = dom[dom.index('id="detail"'):dom.index('<table id="cases"')]
    assert '<mark class="ev">' in detail and quote in detail

"""Build extractors/data/divisions.parquet from the china-division@2.7.0 CSV files.

Rerun (outside the repo, then point at the unpacked package's dist/ folder):

    mkdir -p /tmp/cd && cd /tmp/cd && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python tools/build_divisions.py /tmp/cd/package/dist

Output columns: code (12-digit string), name, level (province/city/county/township/village),
parent (12-digit code or null), official_suffix.

`name` is the form articles write: official village and township names are shortened
('后岸村民委员会' → '后岸村', 'XX村村委会' → 'XX村', 'XX社区居委会'/'XX居委会' → 'XX社区',
'XX街道办事处' → 'XX街道'). The official name is
`name` without its trailing 村/社区/街道 + `official_suffix` (null when name is official), e.g.
'后岸' + '村民委员会'. Storing the written form keeps loading free of string rewriting.

Odd rows of the source are normalised so that the parent chain is the real hierarchy:
- city rows "市辖区"/"县" of the municipalities (北京/天津/上海/重庆) and the
  "省直辖县级行政区划"/"自治区直辖县级行政区划" rows are dropped; their counties hang
  directly under the province;
- the pseudo-county rows of cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市), whose
  name repeats the city's, are dropped; their townships hang directly under the city.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PSEUDO_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "divisions.parquet"


def pad(code: str) -> str:
    return code.ljust(12, "0")


# official ending → (written ending, official_suffix)
_SHORTEN = (
    ("村民委员会", "村"),
    ("村委会", "村"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("街道办事处", "街道"),
)


def written_form(official: str) -> tuple[str, str | None]:
    """('后岸村民委员会') → ('后岸村', '村民委员会'); names without a long ending are kept."""
    for long, short in _SHORTEN:
        if official.endswith(long) and len(official) > len(long):
            base = official[: -len(long)]
            if base.endswith(short):
                return base, official[len(base) - len(short):]
            return base + short, long
    return official, None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(dist: Path, out: Path = OUT) -> pa.Table:
    codes: list[str] = []
    names: list[str] = []
    levels: list[str] = []
    parents: list[str | None] = []
    suffixes: list[str | None] = []

    def add(code: str, name: str, level: str, parent: str | None) -> None:
        codes.append(pad(code))
        written, suffix = written_form(name) if level in ("township", "village") else (name, None)
        names.append(written)
        suffixes.append(suffix)
        levels.append(level)
        parents.append(pad(parent) if parent else None)

    for r in _rows(dist / "provinces.csv"):
        add(r["code"], r["name"], "province", None)

    city_name: dict[str, str] = {}
    pseudo_city: set[str] = set()
    for r in _rows(dist / "cities.csv"):
        if r["name"] in PSEUDO_CITIES:
            pseudo_city.add(r["code"])
            continue
        city_name[r["code"]] = r["name"]
        add(r["code"], r["name"], "city", r["provinceCode"])

    pseudo_area: dict[str, str] = {}  # dropped county code -> city code
    for r in _rows(dist / "areas.csv"):
        city = r["cityCode"]
        if city_name.get(city) == r["name"]:
            pseudo_area[r["code"]] = city
            continue
        parent = r["provinceCode"] if city in pseudo_city else city
        add(r["code"], r["name"], "county", parent)

    for r in _rows(dist / "streets.csv"):
        area = r["areaCode"]
        add(r["code"], r["name"], "township", pseudo_area.get(area, area))

    for r in _rows(dist / "villages.csv"):
        add(r["code"], r["name"], "village", r["streetCode"])

    order = sorted(range(len(codes)), key=codes.__getitem__)
    table = pa.table(
        {
            "code": pa.array([codes[i] for i in order], pa.string()),
            "name": pa.array([names[i] for i in order], pa.string()),
            "level": pa.array([levels[i] for i in order], pa.string()).dictionary_encode(),
            "parent": pa.array([parents[i] for i in order], pa.string()),
            "official_suffix": pa.array([suffixes[i] for i in order], pa.string()).dictionary_encode(),
        }
    )
    pq.write_table(
        table,
        out,
        compression="zstd",
        compression_level=19,
        # sorted codes share long prefixes: delta strings beat dictionaries for them
        use_dictionary=["level", "name", "official_suffix"],
        column_encoding={"code": "DELTA_BYTE_ARRAY", "parent": "DELTA_BYTE_ARRAY"},
        row_group_size=1 << 20,
    )
    return table


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    t = build(Path(sys.argv[1]))
    print(f"{t.num_rows} rows -> {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")

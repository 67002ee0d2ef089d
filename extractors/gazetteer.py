"""The 2023 statistical division table (extractors/data/divisions.parquet) as a lookup structure.

Memory-conscious: names stay in an Arrow array, codes and parents in numpy arrays; the main
index is one dict key → key id plus numpy CSR arrays key id → rows. Entries (`Division`) are built on demand.

Keys: every name as the table writes it (villages and townships in their written form, see
data/build_divisions.py: 'XX村民委员会' → 'XX村', 'XX居委会' → 'XX社区', 'XX街道办事处' → 'XX街道';
`rows()` maps official long forms given to it the same way), plus aliases and short forms:
- ethnic townships 'XX彝族乡' → also 'XX乡'; 'XX嘎查村' → also 'XX嘎查';
- committee names the table leaves long ('XX嘎查村委员会', 'XX村村委员会', 'XX社区居民委会',
  'XX牧委会') → their written form (XX嘎查, XX村, XX社区, XX村), see `committee_key`;
- province/city/county short forms without the suffix (浙江, 内蒙古, 台州, 慈溪, 延边, 峨边)
  kept in a separate dict, since they are only usable bare for those three levels.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DATA = Path(__file__).resolve().parent / "data" / "divisions.parquet"
LEVELS = ("province", "city", "county", "township", "village")
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

_ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
# 新疆维吾尔自治区 writes its people without 族
_ETHNIC_RE = re.compile(
    "(?:" + "|".join(sorted([e + "族" for e in _ETHNIC] + ["维吾尔"], key=len, reverse=True)) + ")+$"
)
_HIGH_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|县|区|旗|盟|州)$")

# Committee names the build left in their long form ('XX嘎查村委员会', 'XX村村委员会',
# 'XX社区居民委会', 'XX牧委会' → 'XX村'): the written form an article uses.
_COMMITTEE_RULES = (
    (r"^(.+嘎查)(?:村)?(?:人民|牧民)?(?:委员会|委会)$", r"\1"),
    (r"^(.+?)村?(?:牧委会|牧民委员会)$", r"\1村"),  # 青海/西藏: 'XX牧委会' is written 'XX村'
    (r"^(.+社区)(?:居民|居委|居)?(?:管理)?(?:委员会|委会)$", r"\1"),
    (r"^(.+?村)(?:村|村民|民|村名)?(?:民)?(?:村)?(?:委员会|委会)$", r"\1"),
    (r"^(.+?)(?:（居）)?(?:村委员会|村委会)$", r"\1村"),
)

_VILLAGE_RULES = (
    (r"^(.+村)(?:村民委员会|村委会)$", r"\1"),
    (r"^(.+)(?:村民委员会|村委会)$", r"\1村"),
    (r"^(.+社区)(?:居民委员会|居委会)$", r"\1"),
    (r"^(.+)(?:居民委员会|居委会)$", r"\1社区"),
)


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # official name in its written form (see Gazetteer.written_name)
    level: str
    province: str | None
    city: str | None  # municipalities' descendants get the municipality here
    county: str | None
    township: str | None = None


def short_form(name: str, level: str) -> str | None:
    """浙江省→浙江, 内蒙古自治区→内蒙古, 台州市→台州, 延边朝鲜族自治州→延边; None if too short."""
    if level not in ("province", "city", "county"):
        return None
    base = _HIGH_SUFFIX.sub("", name)
    if "自治" in name or base.endswith("族"):
        base = _ETHNIC_RE.sub("", base)
    return base if len(base) >= 2 and base != name else None


_TOWNSHIP_END = re.compile(r"(?:镇|乡|街道|苏木)$")


def _own_name(name: str, county: str) -> str | None:
    """'濮阳县徐镇镇' → '徐镇镇': a township the table writes after its county's name (濮阳县,
    当阳市) is written on its own in text, beside or without that name; None otherwise."""
    if not county or not name.startswith(county):
        return None
    rest = name[len(county):]
    if not _TOWNSHIP_END.search(rest) or len(_TOWNSHIP_END.sub("", rest)) < 1 or len(rest) > 6:
        return None
    return rest if "政府" not in rest else None


def committee_key(name: str) -> str:
    """'斯布扣嘎查村委员会' → '斯布扣嘎查', '长青村村委员会' → '长青村', '连辉社区委员会' → '连辉社区'."""
    for pat, rep in _COMMITTEE_RULES:
        new = re.sub(pat, rep, name)
        if new != name:
            return new
    return name


def village_key(name: str) -> str:
    """The key a village/township official name is indexed by (its usual written form)."""
    for pat, rep in _VILLAGE_RULES:
        new = re.sub(pat, rep, name)
        if new != name:
            return new
    if name.endswith("街道办事处"):
        return name[:-3]
    return name


class Gazetteer:
    def __init__(self, path: Path = DATA) -> None:
        # ParquetFile.read without threads: read_table's dataset path costs ~3x the memory
        t = pq.ParquetFile(path, memory_map=True).read(
            columns=["code", "name", "level", "parent"], use_threads=False
        )
        self.names: pa.Array = t.column("name").combine_chunks()
        lv = t.column("level").combine_chunks()
        if isinstance(lv.type, pa.DictionaryType):
            lv = lv.dictionary_decode()
        self.level = np.zeros(len(lv), dtype=np.int8)
        for i, name in enumerate(LEVELS):
            self.level[pc.equal(lv, name).to_numpy(zero_copy_only=False)] = i
        self._code_int = pc.cast(t.column("code"), pa.int64()).to_numpy()  # codes as int64
        parent = pc.cast(t.column("parent").combine_chunks(), pa.int64()).fill_null(-1).to_numpy()
        pidx = np.searchsorted(self._code_int, parent).astype(np.int32)
        pidx[parent < 0] = -1
        self.parent = pidx
        self._parent_arr = array("i", pidx.tobytes())  # plain-int indexing: ~5x faster per item
        self.levels = array("b", self.level.tobytes())  # the same, for per-item reads
        del t, lv, parent

        # Main index, CSR-style: key → key id (one dict), key id → rows via numpy arrays.
        enc = self.names.dictionary_encode()
        ids = enc.indices.to_numpy()
        self._key_id: dict[str, int] = dict(zip(enc.dictionary.to_pylist(), range(len(enc.dictionary))))
        self._order = np.argsort(ids, kind="stable").astype(np.int32)
        self._offsets = np.concatenate(([0], np.cumsum(np.bincount(ids, minlength=len(enc.dictionary)))))
        self._offsets = self._offsets.astype(np.int32)
        del enc, ids
        pa.default_memory_pool().release_unused()

        # Small extra indexes: aliases of full names, and high-level short forms.
        self._alias: dict[str, list[int]] = {}
        self._short: dict[str, list[int]] = {}
        gacha = np.flatnonzero(pc.ends_with(self.names, "嘎查村").to_numpy(zero_copy_only=False))
        for i, name in zip(gacha.tolist(), self.names.take(pa.array(gacha)).to_pylist()):
            self._alias.setdefault(name[:-1], []).append(i)  # 'XX嘎查' is the usual form
        committee = np.flatnonzero(
            pc.match_substring_regex(self.names, "委(?:员)?会$").to_numpy(zero_copy_only=False) & (self.level >= 3)
        )
        for i, name in zip(committee.tolist(), self.names.take(pa.array(committee)).to_pylist()):
            alias = committee_key(name)
            if alias != name and len(alias) >= 2:
                self._alias.setdefault(alias, []).append(i)
        high = np.flatnonzero(self.level <= 3)
        upper: dict[int, str] = {}  # names of the province/city/county rows (a row's parent comes first)
        for i, name in zip(high.tolist(), self.names.take(pa.array(high)).to_pylist()):
            lvl = LEVELS[self.level[i]]
            if lvl != "township":
                upper[i] = name
            else:
                if name.endswith("族乡"):  # 小凉山彝族乡 is also written 小凉山乡
                    base = _ETHNIC_RE.sub("", name[:-1])
                    if len(base) >= 2:
                        self._alias.setdefault(base + "乡", []).append(i)
                rest = _own_name(name, upper.get(int(self.parent[i]), ""))
                if rest:
                    self._alias.setdefault(rest, []).append(i)
                continue
            s = short_form(name, lvl)
            if s:
                self._short.setdefault(s, []).append(i)
                if "自治" in name and name[-1] in "县州旗":  # 峨边彝族自治县 is also written 峨边县
                    self._alias.setdefault(s + name[-1], []).append(i)
        pa.default_memory_pool().release_unused()
        # Caches of per-row look-ups; bounded by the rows articles name (a few thousand).
        self._name_cache: dict[int, str] = {}
        self._division_cache: dict[int, Division] = {}
        self._rows_cache: dict[str, tuple[int, ...]] = {}
        self._tails: dict[str, tuple[int, ...]] | None = None
        self._ancestors_cache: dict[int, tuple[int, ...]] = {}

    # -- rows -----------------------------------------------------------------------------
    def level_of(self, i: int) -> str:
        return LEVELS[self.levels[i]]

    def ancestors(self, i: int) -> tuple[int, ...]:
        """Row ids of i's parent, grandparent, … up to the province (cached)."""
        hit = self._ancestors_cache.get(i)
        if hit is None:
            if len(self._ancestors_cache) > 500_000:
                self._ancestors_cache.clear()
            out = []
            parent = self._parent_arr
            p = parent[i]
            while p >= 0:
                out.append(p)
                p = parent[p]
            hit = self._ancestors_cache[i] = tuple(out)
        return hit

    def name(self, i: int) -> str:
        """The official name of row i (cached: a pyarrow scalar costs microseconds)."""
        name = self._name_cache.get(i)
        if name is None:
            name = self._name_cache[i] = self.names[i].as_py()
        return name

    def division(self, i: int) -> Division:
        hit = self._division_cache.get(i)
        if hit is None:
            hit = self._division_cache[i] = self._division(i)
        return hit

    def written_name(self, i: int) -> str:
        """The name as articles write it: the official name, but a committee form the table kept
        ('某某嘎查村委员会') in its written form (某某嘎查) and a township the table writes after its
        county ('某某县某镇') on its own."""
        name = self.name(i)
        if self.levels[i] < 3:
            return name
        if self.levels[i] == 3 and self._parent_arr[i] >= 0:
            own = _own_name(name, self.name(self._parent_arr[i]))
            if own:
                return own
        return committee_key(name) if name.endswith("会") else name

    def _division(self, i: int) -> Division:
        chain = {LEVELS[self.levels[j]]: self.written_name(j) for j in [i, *self.ancestors(i)]}
        prov = chain.get("province")
        city = chain.get("city")
        if city is None and prov in MUNICIPALITIES and self.level[i] > 0:
            city = prov
        return Division(
            code=f"{self._code_int[i]:012d}",
            name=chain[LEVELS[self.level[i]]],
            level=LEVELS[self.level[i]],
            province=prov,
            city=city,
            county=chain.get("county"),
            township=chain.get("township"),
        )

    # -- lookups --------------------------------------------------------------------------
    def rows_full(self, key: str) -> list[int]:
        """Rows whose official name, usual written form or alias is exactly `key`."""
        hit = self._rows_cache.get(key)
        if hit is None:
            if len(self._rows_cache) > 200_000:  # keys come from text: keep a long run's memory flat
                self._rows_cache.clear()
            hit = self._rows_cache[key] = tuple(self._rows_full(key))
        return list(hit)

    def _rows_full(self, key: str) -> list[int]:
        k = self._key_id.get(key)
        out = [] if k is None else self._order[self._offsets[k] : self._offsets[k + 1]].tolist()
        alias = self._alias.get(key)
        return out + alias if alias else out

    def rows_short(self, key: str) -> list[int]:
        """Province/city/county rows whose short form (浙江, 台州, 慈溪) is `key`."""
        return list(self._short.get(key, ()))

    def has_full(self, key: str) -> bool:
        return key in self._key_id or key in self._alias

    def lengths_by_tail(self) -> dict[str, tuple[int, ...]]:
        """Last three characters → lengths (longest first) of the full names and aliases ending
        with them.

        The place scan asks, at every 村/镇/乡…, whether the 2-10 characters before it are a
        name; this index rules out most lengths without a look-up (built once, ~0.4 s)."""
        if self._tails is None:
            keys = pa.array([*self._key_id, *self._alias], pa.string())
            length = pc.utf8_length(keys)
            keep = pc.greater(length, 2)
            keys, length = keys.filter(keep), length.filter(keep)
            tail = pc.utf8_slice_codeunits(keys, start=-3)
            grouped = pa.table({"tail": tail, "n": length}).group_by("tail").aggregate([("n", "distinct")])
            self._tails = {t: tuple(sorted(ns, reverse=True))
                           for t, ns in zip(grouped.column("tail").to_pylist(), grouped.column("n_distinct").to_pylist())}
        return self._tails

    def rows(self, name: str, short: bool = True) -> list[int]:
        """Row ids a written name may denote (official names, usual forms, short forms)."""
        out = self.rows_full(name)
        if not out and village_key(name) != name:
            out = self.rows_full(village_key(name))
        return out + self.rows_short(name) if short else out

    def lookup(self, name: str) -> list[Division]:
        return [self.division(i) for i in self.rows(name)]

    def by_code(self, code: str) -> Division | None:
        code = code.ljust(12, "0")
        i = int(np.searchsorted(self._code_int, int(code)))
        if i < len(self._code_int) and self._code_int[i] == int(code):
            return self.division(i)
        return None

    def high_level_keys(self) -> list[tuple[str, bool]]:
        """(key, is_short) for every province/city/county full name, alias and short form."""
        if getattr(self, "_high_keys", None) is None:
            self._high_keys = self._high_level_keys()
        return list(self._high_keys)

    def _high_level_keys(self) -> list[tuple[str, bool]]:
        high = np.flatnonzero(self.level <= 2)
        out = [(k, False) for k in set(self.names.take(pa.array(high)).to_pylist())]
        out += [(k, False) for k, v in self._alias.items() if self.level[v[0]] <= 2]
        out += [(k, True) for k in self._short]
        return out

    def conversion_protected_names(self) -> dict[str, str]:
        """Names whose t2s conversion differs: converted form → real name (乾炳村 ← 干炳村)."""
        return _protected(self)


@lru_cache(maxsize=1)
def _protected(g: Gazetteer) -> dict[str, str]:
    import zhconv_rs

    keys = list(g._key_id) + list(g._alias)
    joined = "\n".join(keys)
    conv = zhconv_rs.zhconv(joined, "zh-cn", False).split("\n")
    if len(conv) != len(keys):
        return {}
    out: dict[str, str] = {}
    for k, c in zip(keys, conv):
        if c != k and not g.has_full(c):  # a real name of its own is never "corrupt"
            out.setdefault(c, k)
    return out


def _build_gazetteer() -> Gazetteer:
    g = Gazetteer()
    g.lengths_by_tail()  # part of what the start-up cache keeps
    g.high_level_keys()
    return g


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from extractors.startup_cache import cached

    return cached("gazetteer", [DATA, Path(__file__)], _build_gazetteer)

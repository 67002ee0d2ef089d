"""The start-up cache: hits when inputs are unchanged, rebuilds when one changes or the entry is
torn, and can be turned off."""

from __future__ import annotations

import os

from extractors import startup_cache
def test_hit_miss_and_invalidation(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYBUILD_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "table.txt"
    source.write_text("v1")
    calls = []

    def build():
        calls.append(1)
        return {"value": source.read_text()}

    assert startup_cache.cached("thing", [source], build) == {"value": "v1"}
    assert startup_cache.cached("thing", [source], build) == {"value": "v1"}
    assert len(calls) == 1  # the second call read the cache
    source.write_text("v2 longer")  # a changed input is a new key
    os.utime(source, ns=(1, 1))
    assert startup_cache.cached("thing", [source], build) == {"value": "v2 longer"}
    assert len(calls) == 2
    entries = list((tmp_path / "cache").glob("thing-*.pickle"))
    assert len(entries) == 2  # another checkout may still use the first entry
    for n in range(startup_cache.KEEP + 2):  # but old entries do not pile up
        source.write_text("v" * (n + 3))
        startup_cache.cached("thing", [source], build)
    assert len(list((tmp_path / "cache").glob("thing-*.pickle"))) == startup_cache.KEEP


def test_torn_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYBUILD_CACHE", str(tmp_path))
    source = tmp_path / "in.txt"
    source.write_text("x")
    startup_cache.cached("torn", [source], lambda: [1, 2, 3])
    entry = next(tmp_path.glob("torn-*.pickle"))
    entry.write_bytes(entry.read_bytes()[:5])
    assert startup_cache.cached("torn", [source], lambda: [4]) == [4]


def test_off_and_unwritable(tmp_path, monkeypatch):
    source = tmp_path / "in.txt"
    source.write_text("x")
    monkeypatch.setenv("PARTYBUILD_CACHE", "off")
    assert startup_cache.cached("off", [source], lambda: 7) == 7
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PARTYBUILD_CACHE", str(blocker / "cache"))
    assert startup_cache.cached("nowhere", [source], lambda: 8) == 8


def test_cached_gazetteer_answers_like_a_fresh_one(tmp_path, monkeypatch):
    from extractors.gazetteer import Gazetteer, _build_gazetteer

    monkeypatch.setenv("PARTYBUILD_CACHE", str(tmp_path))
    from extractors.gazetteer import DATA

    first = startup_cache.cached("gaz", [DATA], _build_gazetteer)
    again = startup_cache.cached("gaz", [DATA], lambda: Gazetteer())
    assert isinstance(again, Gazetteer)
    for name in ("温岭市", "新河镇", "后岸村", "浙江"):
        assert again.rows(name) == first.rows(name)
    assert again.lengths_by_tail() == first.lengths_by_tail()

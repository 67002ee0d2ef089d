"""Place rules as data: tests/cases/places.tsv, one invented sentence per line, with the places
that must be found (name:level, name:level:code prefix, or name:level:- for no code) and the names that must not be."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.places import find_places

CASES = Path(__file__).parent / "cases" / "places.tsv"


def _cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rule, text, present, absent, why = (line.split("\t") + [""] * 5)[:5]
        yield pytest.param(text, present, absent, id=rule)


@pytest.mark.parametrize("text,present,absent", _cases())
def test_place_case(text, present, absent):
    found = find_places(text)
    got = {(p.name, p.level) for p in found}
    names = {p.name for p in found}
    for item in filter(None, present.split("|")):
        name, level, *code = item.split(":")  # name:level, or name:level:code prefix
        assert (name, level) in got, (text, item, sorted(got))
        if code == ["-"]:  # found, and resolved to no row of the table
            assert any(p.name == name and not p.code for p in found), (text, item)
        elif code:
            assert any(p.name == name and (p.code or "").startswith(code[0]) for p in found), (text, item)
    for name in filter(None, absent.split("|")):
        assert name not in names, (text, name, sorted(got))
    for p in found:  # offsets point at the text (a bare listed name, or X村 of X村村, gets its suffix)
        assert p.name.startswith(text[p.start:p.end]), (p.name, text[p.start:p.end])


def test_cases_file_is_well_formed():
    rows = [line.split("\t") for line in CASES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert rows and all(len(r) == 5 for r in rows)
    assert len({r[0] for r in rows}) == len(rows)  # rule ids are unique

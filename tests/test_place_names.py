"""One name per place: every table names a resolved place by its division's official name."""

from __future__ import annotations

from pipeline.stages.article import Options, process_article

TEXT = ("浙江省台州市温岭市组建联村党委12个。\n"
        "温岭以党建联盟带动产业，温岭村集体经济收入超过20万元的村达到80个。\n"
        "温岭共组建党建共同体6个，覆盖行政村35个。").encode("utf-8")


def test_short_and_full_forms_are_one_place_everywhere():
    rows = process_article("a.txt", TEXT, {}, Options())
    wenling = [p for p in rows.places if p["code"] == "331081000000"]
    assert [p["name"] for p in wenling] == ["温岭市"] and wenling[0]["mentions"] >= 2
    assert {f["place"] for f in rows.figures if f["place_code"] == "331081000000"} == {"温岭市"}
    assert all(f["place"] == "温岭市" for f in rows.figures if f["kind"] in ("alliance_count", "village_coverage"))
    assert len([c for c in rows.cases if c["place_code"] == "331081000000"]) == 1

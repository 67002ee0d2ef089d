"""The division table through Gazetteer: real data, no mocks."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from extractors.gazetteer import DATA, load_gazetteer, short_form


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def _one(g, name):
    found = g.lookup(name)
    assert len(found) == 1, (name, found)
    return found[0]


def test_table_shape():
    t = pq.read_table(DATA)
    assert {"code", "name", "level", "parent"} <= set(t.column_names)
    assert t.num_rows > 600_000
    assert DATA.stat().st_size < 4.5e6
    codes = t.column("code").to_pylist()[:1000]
    assert all(len(c) == 12 and c.isdigit() for c in codes)


@pytest.mark.parametrize(
    "name,level,province,city,county",
    [
        ("浙江", "province", "浙江省", None, None),
        ("内蒙古", "province", "内蒙古自治区", None, None),
        ("广西", "province", "广西壮族自治区", None, None),
        ("台州", "city", "浙江省", "台州市", None),
        ("潍坊", "city", "山东省", "潍坊市", None),
        ("延边", "city", "吉林省", "延边朝鲜族自治州", None),
        ("慈溪", "county", "浙江省", "宁波市", "慈溪市"),
        ("余姚", "county", "浙江省", "宁波市", "余姚市"),
        ("温岭市", "county", "浙江省", "台州市", "温岭市"),
        ("鄂托克旗", "county", "内蒙古自治区", "鄂尔多斯市", "鄂托克旗"),
        ("峨边县", "county", "四川省", "乐山市", "峨边彝族自治县"),
        ("普格县", "county", "四川省", "凉山彝族自治州", "普格县"),
        ("海淀区", "county", "北京市", "北京市", "海淀区"),
        ("桐屿街道", "township", "浙江省", "台州市", "路桥区"),
        ("雅雀村", "village", "浙江省", "台州市", "温岭市"),
    ],
)
def test_lookup_levels_and_chain(g, name, level, province, city, county):
    d = _one(g, name)
    assert (d.level, d.province, d.city, d.county) == (level, province, city, county)
    assert len(d.code) == 12


def test_municipality_districts_hang_under_the_municipality(g):
    d = _one(g, "万州区")
    assert d.province == "重庆市" and d.city == "重庆市" and d.code.startswith("5001")


def test_province_level_counties_have_no_city(g):
    d = _one(g, "济源市")  # 省直辖县级行政区划 in Henan
    assert d.level == "county" and d.province == "河南省" and d.city is None


def test_cities_without_counties(g):
    d = _one(g, "东莞市")
    assert d.level == "city"
    towns = [x for x in g.lookup("虎门镇") if x.city == "东莞市"]
    assert towns and towns[0].county is None


def test_official_long_forms_map_to_written_forms(g):
    assert g.lookup("后岸村") and {d.code for d in g.lookup("后岸村民委员会")} <= {d.code for d in g.lookup("后岸村")}
    assert any(d.county == "东城区" for d in g.lookup("多福巷社区居委会"))
    assert any(d.county == "东城区" for d in g.lookup("多福巷社区"))


def test_same_name_in_many_places(g):
    found = g.lookup("新河镇")
    assert len(found) > 3 and {d.level for d in found} == {"township"}
    assert {"河北省", "浙江省"} <= {d.province for d in found}


def test_short_forms():
    assert short_form("新疆维吾尔自治区", "province") == "新疆"
    assert short_form("黔东南苗族侗族自治州", "city") == "黔东南"
    assert short_form("双江拉祜族佤族布朗族傣族自治县", "county") == "双江"
    assert short_form("锡林郭勒盟", "city") == "锡林郭勒"
    assert short_form("阿克苏地区", "city") == "阿克苏"
    assert short_form("新河镇", "township") is None


def test_by_code(g):
    assert g.by_code("331081").name == "温岭市"
    assert g.by_code("999999999999") is None


def test_conversion_protected_names(g):
    prot = g.conversion_protected_names()
    assert prot.get("干炳村") == "乾炳村"
    assert "后岸村" not in prot


@pytest.mark.parametrize("official,written", [
    ("斯布扣嘎查村委员会", "斯布扣嘎查"),
    ("哈沙图嘎查委员会", "哈沙图嘎查"),
    ("阿拉坦花嘎查委会", "阿拉坦花嘎查"),
    ("长青村村委员会", "长青村"),
    ("茅店村民委会", "茅店村"),
    ("连辉社区委员会", "连辉社区"),
    ("古店社区居民委会", "古店社区"),
    ("拉智牧委会", "拉智村"),
    ("东关一街街道委员会", "东关一街街道委员会"),  # not a village form: left alone
])
def test_committee_key(official, written):
    from extractors.gazetteer import committee_key

    assert committee_key(official) == written


def test_committee_names_are_found_by_written_form(g):
    # the table writes these 乌审旗 gacha as 'XX嘎查村委员会'; articles write 'XX嘎查'
    assert [d.county for d in g.lookup("乌审召嘎查")] == ["乌审旗"]
    assert "乌审旗" in {d.county for d in g.lookup("斯布扣嘎查")}  # beside 鄂托克旗's
    assert {d.level for d in g.lookup("沙尔利格嘎查")} == {"village"}


def test_fast_arrays_agree_with_numpy(g):
    import numpy as np

    rows = np.random.default_rng(0).integers(0, len(g.level), 2000)
    for r in rows.tolist():
        assert g.levels[r] == g.level[r]
        assert g._parent_arr[r] == g.parent[r]


def test_township_written_after_its_county_is_also_indexed_on_its_own(g):
    # the table writes some counties' townships after the county's name (濮阳县徐镇镇, 当阳市河溶镇);
    # text writes them on their own
    d = _one(g, "徐镇镇")
    assert (d.level, d.county) == ("township", "濮阳县")
    assert _one(g, "河溶镇").county == "当阳市"
    assert _one(g, "濮阳县徐镇镇").code == d.code  # the official form still resolves


def test_division_names_are_written_forms(g):
    # a committee form the table kept, and a township written after its county, are named as
    # articles write them
    d = _one(g, "徐镇镇")
    assert d.name == "徐镇镇" and d.township == "徐镇镇"
    gacha = [r for r in g.rows_full("查汉庙嘎查") + g.rows_full("梅林庙嘎查") if g.name(r).endswith("委员会")]
    assert gacha
    for r in gacha:
        assert g.division(r).name.endswith("嘎查") and g.division(r).name == g.written_name(r)

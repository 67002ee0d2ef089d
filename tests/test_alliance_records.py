"""Alliance records: when an alliance was formed, its members and its lead, each with the span
of the words it comes from; and how often the article names it. Sentences of our own, with real
places from provinces the development sets do not cover; a field the words do not tie to the
alliance stays None (a wrong value is worse than none)."""

import pytest

from extractors.alliances import find_alliances
from extractors.places import find_places


def records(text):
    return {a.name: a for a in find_alliances(text, find_places(text))}


def one(text):
    found = list(records(text).values())
    assert len(found) == 1, [a.name for a in found]
    return found[0]


# ---------------------------------------------------------------- founded

@pytest.mark.parametrize("text,date", [
    ("2021年3月，湖南省浏阳市沙市镇成立赤马联村党委，统筹发展。", "2021-03"),
    ("湖南省浏阳市沙市镇于2020年11月组建了赤马联村党委。", "2020-11"),
    ("赤马联村党委成立于2019年8月，现有党员120名。", "2019-08"),
    ("赤马联村党委于2022年5月18日正式挂牌成立。", "2022-05-18"),
    ("早在2018年，沙市镇就探索成立赤马联村党委。", "2018"),
    ("2023年初，沙市镇组建赤马联村党委。", "2023"),
])
def test_founded_as_precise_as_written(text, date):
    a = one(text)
    assert a.founded == date
    span = text[a.founded_start:a.founded_end]
    assert span.startswith(date[:4]) and "年" in span


@pytest.mark.parametrize("text", [
    "2021年以来，湖南省浏阳市沙市镇成立赤马联村党委。",      # a period, not a day
    "截至2023年底，浏阳市沙市镇已组建赤马联村党委。",        # a limit
    "去年8月，浏阳市沙市镇成立赤马联村党委。",              # relative: the article's date is not read
    "浏阳市沙市镇计划于2025年成立赤马联村党委。",            # a plan
    "赤马联村党委于2022年建成烤烟育苗基地。",                # the verb forms something else
    "2022年，沙市镇引进烤烟企业，依托赤马联村党委带动农户。",  # no verb of forming the alliance
    "2021年3月，沙市镇以赤马村为核心，联合秧田村成立赤马联村党委。",  # the date is two clauses away
    "2020年获评示范村的赤马村牵头成立赤马联村党委。",        # the date is another event's
])
def test_no_founding_date_when_unsure(text):
    assert one(text).founded is None


# ---------------------------------------------------------------- members

@pytest.mark.parametrize("text,members", [
    ("浏阳市沙市镇赤马联村党委由赤马村、秧田村、东门村组成。", ["赤马村", "秧田村", "东门村"]),
    ("沙市镇联合赤马村、秧田村和东门村成立赤马联村党委。", ["赤马村", "秧田村", "东门村"]),
    ("浏阳市沙市镇赤马联村党委下辖赤马、秧田、东门3个村。", ["赤马村", "秧田村", "东门村"]),
    ("浏阳市沙市镇成立赤马联村党委，覆盖赤马村、秧田村。", ["赤马村", "秧田村"]),
    ("沙市镇由赤马村、秧田村等5个村党支部联合组建赤马联村党委。", ["赤马村", "秧田村"]),
    ("沙市镇赤马村、秧田村党支部共同成立了赤马联村党委。", ["赤马村", "秧田村"]),
    ("沙市镇成立了由赤马村、秧田村组成的赤马联村党委。", ["赤马村", "秧田村"]),
])
def test_members_listed_by_name(text, members):
    a = one(text)
    assert a.members == members
    phrase = text[a.members_start:a.members_end]
    assert all(m.rstrip("村") in phrase for m in members)


@pytest.mark.parametrize("text", [
    "浏阳市沙市镇赤马联村党委下辖赤马、秧田、东门4个村。",    # the count does not fit the list
    "浏阳市沙市镇赤马联村党委覆盖周边村、秧田村。",          # 周边村 names no village
    "浏阳市沙市镇赤马联村党委覆盖全镇12个村。",             # a count, no names
    "沙市镇下辖赤马村、秧田村，近年成立赤马联村党委。",       # the township's villages, not the alliance's
    "沙市镇组建赤马联村党委和秧田联村党委，覆盖赤马村、秧田村。",  # two alliances: whose members?
])
def test_no_members_when_unsure(text):
    assert all(a.members is None for a in records(text).values())


def test_a_company_among_the_members():
    text = "赤马联村党委成员包括赤马村、秧田村和浏阳市沙市镇赤马烤烟专业合作社。"
    assert one(text).members == ["赤马村", "秧田村", "浏阳市沙市镇赤马烤烟专业合作社"]


# ---------------------------------------------------------------- lead

@pytest.mark.parametrize("text,lead", [
    ("浏阳市沙市镇以赤马村为核心，组建赤马联村党委。", "赤马村"),
    ("沙市镇赤马联村党委由秧田村党支部牵头，统一规划。", "秧田村"),
    ("沙市镇赤马村牵头成立赤马联村党委。", "赤马村"),
    ("沙市镇赤马村联合周边4个村组建赤马联村党委。", "赤马村"),
    ("沙市镇赤马村联合秧田村、东门村成立赤马联村党委。", "赤马村"),
    ("沙市镇以浏阳市赤马烤烟有限公司为龙头，成立赤马产业党建联盟。", "浏阳市赤马烤烟有限公司"),
])
def test_lead(text, lead):
    a = one(text)
    assert a.lead == lead
    assert lead.rstrip("村") in text[a.lead_start:a.lead_end]


@pytest.mark.parametrize("text", [
    "浏阳市沙市镇以党建为引领，组建赤马联村党委。",          # a theme, no unit
    "沙市镇赤马联村党委由镇党委牵头组建。",                 # an organ with no name of its own
    "沙市镇联合赤马村、秧田村成立赤马联村党委。",            # the township organises; no lead named
    "沙市镇以龙头企业为核心，成立赤马产业党建联盟。",         # a kind of company, not one
])
def test_no_lead_when_unsure(text):
    assert one(text).lead is None


# ---------------------------------------------------------------- mentions

def test_mentions_count_every_naming_and_the_short_form():
    text = ("湖北省恩施市芭蕉侗族乡组建芭蕉高拱桥茶旅联合党委。\n"
            "“高拱桥茶旅”联合党委统一收购鲜叶。芭蕉高拱桥茶旅联合党委还带动农户增收。")
    found = records(text)
    assert list(found) == ["芭蕉高拱桥茶旅联合党委"]
    assert found["芭蕉高拱桥茶旅联合党委"].mentions == 3


def test_one_mention():
    assert one("浏阳市沙市镇组建赤马联村党委。").mentions == 1


# ---------------------------------------------------------------- rows and offsets

def test_rows_carry_the_records():
    from pipeline.stages.rows import extract_rows

    text = "2021年3月，湖南省浏阳市沙市镇联合秧田村、东门村成立赤马联村党委，以赤马村为核心。"
    rows = extract_rows({"article_id": "a1", "text": text})
    [row] = rows.alliances
    assert row["founded"] == "2021-03" and text[row["founded_start"]:row["founded_end"]] == "2021年3月"
    assert row["members"] == ["秧田村", "东门村"]
    assert row["lead"] == "赤马村" and text[row["lead_start"]:row["lead_end"]] == "以赤马村为核心"
    assert row["mentions"] == 1


def test_every_offset_points_into_the_text():
    text = ("2020年5月，湖南省浏阳市沙市镇以赤马村为核心，由赤马村、秧田村、东门村组成赤马联村党委。"
            "赤马联村党委成立以来，带动村集体增收。")
    for a in find_alliances(text, find_places(text)):
        for field in ("founded", "members", "lead"):
            s, e = getattr(a, f"{field}_start"), getattr(a, f"{field}_end")
            if getattr(a, field) is None:
                assert s is None and e is None
            else:
                assert 0 <= s < e <= len(text)


def test_members_and_lead_are_named_as_in_places():
    from pipeline.stages.rows import extract_rows

    text = "湖南省浏阳市沙市镇以赤马村为核心，联合秧田、东门2个村成立赤马联村党委。"
    rows = extract_rows({"article_id": "a2", "text": text})
    names = {p["name"] for p in rows.places}
    [row] = rows.alliances
    assert row["members"] == ["秧田村", "东门村"] and set(row["members"]) <= names
    assert row["lead"] in names

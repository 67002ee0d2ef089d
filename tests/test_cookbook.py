"""Every SQL block in docs/cookbook.md runs against a real database built from the seed corpus."""

import re
from pathlib import Path

import pytest

from pipeline.research import query
COOKBOOK = Path(__file__).resolve().parent.parent / "docs" / "cookbook.md"
RECIPES = re.findall(r"```sql\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), re.S)


def test_the_cookbook_has_recipes():
    assert len(RECIPES) >= 6


@pytest.mark.parametrize("sql", RECIPES, ids=[f"recipe{i}" for i in range(len(RECIPES))])
def test_recipe_runs(seed_db_dir, sql):
    table = query.run_sql(query.connect(seed_db_dir), sql)
    assert table.num_columns > 0


def test_the_seed_corpus_answers_the_main_questions(seed_db_dir):
    con = query.connect(seed_db_dir)
    by_heading = {}
    for heading, body in re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", COOKBOOK.read_text(encoding="utf-8"), re.S | re.M):
        by_heading[heading] = re.findall(r"```sql\n(.*?)```", body, re.S)
    for heading in ["Alliances formed per province", "The largest figures, with their evidence", "Counting stories once"]:
        assert any(query.run_sql(con, sql).num_rows for sql in by_heading[heading]), heading


def test_villages_per_county_returns_counties_only(seed_db_dir):
    con = query.connect(seed_db_dir)
    body = re.search(r"^## Villages covered per county\n(.*?)(?=^## )", COOKBOOK.read_text(encoding="utf-8"), re.S | re.M).group(1)
    sql = re.findall(r"```sql\n(.*?)```", body, re.S)[0]
    rows = query.run_sql(con, sql).to_pylist()
    assert rows
    counties = {r["county"] for r in query.run_sql(con, "select county from cases where level = 'county'").to_pylist()}
    below = query.run_sql(con, "select count(*) as n from cases where level in ('township', 'village') and village_coverage is not null")
    assert below.to_pylist()[0]["n"], "the seed has townships and villages with coverage, which the recipe must leave out"
    for r in rows:
        assert r["county"] in counties
    # the largest coverage per county equals the one of its county-level case
    expected = query.run_sql(con, "select county, max(village_coverage) as v from cases where level = 'county' and village_coverage is not null group by county").to_pylist()
    assert {r["county"]: r["villages_covered"] for r in rows} == {r["county"]: r["v"] for r in expected}

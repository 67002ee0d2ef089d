"""docs/schema.md documents exactly the columns of pipeline/run/schema.py, and every column has a doc."""

import re
from pathlib import Path

from pipeline.run.schema import TABLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def documented() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## `(\w+)`", line)
        if m:
            current = tables.setdefault(m.group(1), [])
            continue
        m = re.match(r"^\| `(\w+)` \|", line)
        if m and current is not None:
            current.append(m.group(1))
    return tables


def test_every_column_is_documented_and_every_documented_column_exists():
    docs = documented()
    assert set(docs) == set(TABLES), "tables in docs/schema.md differ from pipeline/run/schema.py"
    for name, schema in TABLES.items():
        missing = [c for c in schema.names if c not in docs[name]]
        extra = [c for c in docs[name] if c not in schema.names]
        assert not missing and not extra, (
            f"{name}: undocumented {missing}, documented but missing {extra}; run `python docs/gen_schema.py`"
        )


def test_every_field_carries_a_doc():
    for name, schema in TABLES.items():
        for field in schema:
            assert (field.metadata or {}).get(b"doc"), f"{name}.{field.name} has no doc in pipeline/run/schema.py"


def test_schema_md_is_what_the_generator_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_schema", DOC.parent / "gen_schema.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert DOC.read_text(encoding="utf-8") == gen.render(), "docs/schema.md is stale: run `python docs/gen_schema.py`"

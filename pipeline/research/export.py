"""Export formats for statistics packages: Stata (.dta, version 118, Unicode) and Parquet.

Both take the same flat tables the spreadsheet export writes (`pipeline.commands.export.tables`):
one row per case and one per figure, lists already joined into text, so that Stata, R and
pandas read the same columns as Excel does.

Files are written as the other exports are (pipeline.commands.errors.replacing): beside their
place under a temporary name, synced, then renamed into it, all of one export together, so a
failure (a full disk, an interrupt, a value the writer refuses) leaves the previous files whole and
no temporary file behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run.schema import TABLES

STATA_STR_MAX = 2045  # bytes a Stata str# column holds; longer text goes into a strL
STATA_LABEL_MAX = 80  # characters of a variable label
STATA_NAME_MAX = 32

# Labels of the columns the export computes; the others come from the schema's docs.
EXTRA_LABELS = {
    "cases": {
        "evidence": "the sentences of the case's figures, joined by ‖",
        "alliances": "named alliances of the place, joined by ；",
        "income": "income figures as text: value qualifier per year label, joined by ；",
        "funding": "funding figures as text: value qualifier per year label, joined by ；",
        "figure_ids": "ids of the case's figures, space separated",
    },
    "figures": {"sentence": "the whole sentence holding the evidence",
                "review": "researcher's decision: confirmed / corrected / added, or empty (rejected rows are left out)"},
}


def column_labels(name: str) -> dict[str, str]:
    """Column → description for export table `name`: its own computed columns, then the docs of
    its table in the schema, then those of articles (the joined article columns)."""
    labels: dict[str, str] = dict(EXTRA_LABELS.get(name, {}))
    for schema in [TABLES.get(name), TABLES["articles"]]:
        for field in schema or []:
            doc = (field.metadata or {}).get(b"doc", b"").decode("utf-8")
            if doc:
                labels.setdefault(field.name, doc)
    return labels


# Words Stata (Mata) reserves; a column so named gets a leading _ (figures.end → _end).
STATA_RESERVED = {
    "aggregate", "array", "boolean", "break", "byte", "case", "catch", "class", "colvector", "complex",
    "const", "continue", "default", "delegate", "delete", "do", "double", "else", "eltypedef", "end",
    "enum", "explicit", "export", "external", "float", "for", "friend", "function", "global", "goto",
    "if", "inline", "int", "local", "long", "NULL", "pragma", "protected", "quad", "rowvector", "short",
    "typedef", "typename", "virtual", "_all", "_N", "_skip", "_b", "_pi", "str#", "in", "_pred",
    "strL", "_coef", "_rc", "using", "_cons", "_se", "with", "_n",
}


def stata_name(name: str) -> str:
    """A valid Stata variable name: letters, digits and _, at most 32, not starting with a
    digit, not a reserved word (those get a leading _, as pandas does: end → _end)."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name)[:STATA_NAME_MAX]
    if clean[:1].isdigit() or clean in STATA_RESERVED:
        clean = "_" + clean[: STATA_NAME_MAX - 1]
    return clean


def write_dta(table: pa.Table, path: Path, name: str) -> Path:
    """One table as a Stata 118 file (see _dta), written beside and renamed."""
    with _replacing(path) as (tmp,):
        _dta(table, tmp, name)
    return path


def write_parquet(table: pa.Table, path: Path, name: str) -> Path:
    """One table as Parquet (see _parquet), written beside and renamed."""
    with _replacing(path) as (tmp,):
        _parquet(table, tmp, name)
    return path


def _dta(table: pa.Table, path: Path, name: str) -> None:
    """One table as a Stata 118 file (UTF-8 strings, so Chinese stays readable in Stata 14+).

    Text longer than Stata's 2045-byte str limit goes into strL columns; integers with missing
    values become doubles (Stata's missing is `.`), missing text becomes "" (Stata has no null
    string). Each variable carries its description from docs/schema.md as its label.
    """
    import pandas as pd

    df = table.to_pandas()
    rename = {c: stata_name(c) for c in df.columns}
    df = df.rename(columns=rename)
    strl = []
    for col in df.columns:
        if pd.api.types.is_bool_dtype(df[col]):
            df[col] = df[col].astype("int8")
        elif not pd.api.types.is_numeric_dtype(df[col]):
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
            longest = int(df[col].map(lambda s: len(s.encode("utf-8"))).max()) if len(df) else 0
            if longest > STATA_STR_MAX:
                strl.append(col)
    labels = column_labels(name)
    var_labels = {}
    for orig, new in rename.items():
        text = labels.get(orig, "")
        if text:
            var_labels[new] = text if len(text) <= STATA_LABEL_MAX else text[: STATA_LABEL_MAX - 1] + "…"
    df.to_stata(path, write_index=False, version=118, convert_strl=strl, variable_labels=var_labels,
                data_label=f"party-building alliance case database: {name}"[:STATA_LABEL_MAX])


def _parquet(table: pa.Table, path: Path, name: str) -> None:
    """One table as Parquet (zstd), column descriptions kept in the field metadata ("doc")."""
    labels = column_labels(name)
    fields = [f.with_metadata({"doc": labels[f.name]}) if labels.get(f.name) else f for f in table.schema]
    table = table.cast(pa.schema(fields))
    pq.write_table(table, path, compression="zstd")


WRITERS = {"dta": _dta, "parquet": _parquet}


@contextmanager
def _replacing(*paths: Path) -> Iterator[list[Path]]:
    from pipeline.commands.errors import replacing

    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
    with replacing(*paths) as temps:
        yield temps


def write_all(data: dict[str, pa.Table], folder: Path, fmt: str) -> list[Path]:
    """Every table of `data` into `folder` as NAME.dta or NAME.parquet, renamed into place
    together once all are written: the previous files stay whole if any of them fails."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    paths = [folder / f"{n}.{fmt}" for n in data]
    with _replacing(*paths) as temps:
        for (n, t), tmp in zip(data.items(), temps):
            WRITERS[fmt](t, tmp, n)
    return paths

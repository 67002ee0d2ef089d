"""SQL over the case database: one DuckDB view per Parquet table, plus helpers to print results.

The views read the Parquet files lazily, so a query over millions of rows streams from disk;
nothing is copied into the connection. Formatting helpers live here (not in the CLI) because
`query`, `show`, `report` and `export` all need the same cell rendering.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run.schema import TABLES

if TYPE_CHECKING:  # duckdb is imported where a query runs: extract never loads it
    import duckdb


class MissingDatabase(FileNotFoundError):
    """The output folder holds no case database (extract has not run there)."""


class DamagedDatabase(MissingDatabase):
    """A table of the output folder is not a whole Parquet file (truncated, overwritten)."""


def rebuild_hint(out: Path) -> str:
    return f"`python -m pipeline extract --full --out {out}` rebuilds the database from the corpus"


def check_tables(out: Path) -> None:
    """Each table that exists must be a whole Parquet file (its footer is read, nothing more);
    a table that is missing reads as empty, with a warning naming it."""
    for name in TABLES:
        path = out / f"{name}.parquet"
        if not path.exists():
            logging.getLogger("pipeline").warning("%s is missing, so the %s view is empty; %s", path, name, rebuild_hint(out))
            continue
        try:
            pq.read_metadata(path)
        except (OSError, pa.ArrowException) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DamagedDatabase(f"{path} is damaged ({reason}); {rebuild_hint(out)}") from None


def connect(out: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table of the database in `out`."""
    out = Path(out)
    finish_interrupted_commit(out)
    if not (out / "articles.parquet").exists():
        raise MissingDatabase(f"{out} holds no articles.parquet; run `python -m pipeline extract --out {out}` first")
    check_tables(out)
    import duckdb

    con = duckdb.connect()
    for name, schema in TABLES.items():
        path = out / f"{name}.parquet"
        if path.exists():
            quoted = str(path.resolve()).replace("'", "''")
            # figures, alliances, places: rejected rows (corpus/corrections.jsonl) are left out of the
            # view; NAME_all holds every row, with its review
            from pipeline.run.corrections import review_filter

            where = review_filter(name, pq.read_schema(path).names)
            con.execute(f"create view {name} as select * from read_parquet('{quoted}'){where}")
            if where:
                con.execute(f"create view {name}_all as select * from read_parquet('{quoted}')")
        else:
            # A table missing from an old or partial folder still answers, empty but typed,
            # so that a cookbook query fails only if the data really lacks what it asks for.
            con.register(f"_empty_{name}", schema.empty_table())
            con.execute(f"create view {name} as select * from _empty_{name}")
            if name in ("figures", "alliances", "places"):
                con.execute(f"create view {name}_all as select * from _empty_{name}")
    return con


def finish_interrupted_commit(out: Path) -> None:
    """A run killed while it swapped its tables in leaves a journal: finish the swap before
    reading, so a query never sees old and new tables mixed. If an extraction is running, its
    swap takes milliseconds: wait for the run to let go of the folder."""
    from pipeline.run.runner import OutputLock, RunLocked
    from pipeline.run.store import JOURNAL, recover

    if not (out / JOURNAL).exists():
        return
    try:
        with OutputLock(out):
            recover(out)
    except RunLocked:
        with OutputLock(out, wait=True):
            recover(out)


# ---------------------------------------------------------------- no writes into the database


class QueryRefused(ValueError):
    """SQL that would write into the output folder (its tables are extract's alone)."""


_TOKEN = re.compile(r"""
    (?P<space>\s+) | (?P<line>--[^\n]*) | (?P<block>/\*.*?(?:\*/|\Z))
  | (?P<str>[eE]?'(?:[^']|'')*(?:'|\Z)) | (?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?(?:\$(?P=tag)\$|\Z))
  | (?P<qid>"(?:[^"]|"")*(?:"|\Z)) | (?P<word>[A-Za-z_][A-Za-z_0-9]*) | (?P<other>.)
""", re.S | re.X)


def _tokens(sql: str) -> list[tuple[str, str]]:
    """(kind, text) of each token, comments and spaces dropped; strings and quoted names unquoted."""
    out = []
    for m in _TOKEN.finditer(sql):
        kind = m.lastgroup if m.lastgroup != "tag" else "dollar"
        text = m.group(kind)
        if kind in ("space", "line", "block"):
            continue
        if kind == "str":
            body = text[1:] if text[0] in "eE" else text
            text = body[1:-1 if body.endswith("'") and len(body) > 1 else None].replace("''", "'")
        elif kind == "dollar":
            kind, text = "str", text[len(m.group("tag")) + 2:]
            text = text[: -(len(m.group("tag")) + 2)] if text.endswith(f"${m.group('tag')}$") else text
        elif kind == "qid":
            text = text[1:-1].replace('""', '"')
        out.append((kind, text))
    return out


def _inside(candidate: str, folder: Path, cwd: Path) -> bool:
    text = candidate.strip()
    if text.lower().startswith("file://"):
        text = text[7:]
    if not text or text in (":memory:",) or "://" in text or text.lower() in ("stdout", "stdin", "/dev/stdout"):
        return False
    path = Path(os.path.expanduser(text))
    path = (cwd / path) if not path.is_absolute() else path
    try:
        path = path.resolve()
    except OSError:
        return False
    return path == folder or folder in path.parents


def _copy_target(tokens: list[tuple[str, str]]) -> tuple[str, str] | None:
    """("to" or "from", the file) of a COPY statement."""
    i, depth = 1, 0
    while i < len(tokens):
        kind, text = tokens[i]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0 and kind == "word" and text.lower() in ("to", "from") and i + 1 < len(tokens):
            return text.lower(), tokens[i + 1][1]
        i += 1
    return None


def refuse_writes(sql: str, out: str | Path, cwd: str | Path | None = None) -> None:
    """Raise QueryRefused when a statement of `sql` would write into the output folder `out`.

    Reading anything stays allowed (SELECT, DESCRIBE, SHOW, FROM 'file.csv', COPY … FROM). A
    COPY … TO, EXPORT or ATTACH whose file lies in `out`, and any other statement that is not a
    query (CREATE, INSERT, SET, INSTALL, LOAD, PRAGMA, CALL …) naming a path in `out`, is
    refused. Paths are taken as DuckDB takes them: relative to the working folder, ~ expanded.
    """
    import duckdb

    folder = Path(out).resolve()
    cwd = Path(cwd or os.getcwd()).resolve()
    for statement in duckdb.extract_statements(sql):
        kind = statement.type.name
        if kind == "SELECT":
            continue
        tokens = _tokens(statement.query)
        if kind == "COPY":
            target = _copy_target(tokens)
            if target and target[0] == "from":
                continue  # COPY table FROM file reads the file
            names = [target[1]] if target else [text for k, text in tokens if k in ("str", "qid")]
            if target and (cwd == folder or folder in cwd.parents) and not Path(target[1]).is_absolute():
                names.append(".")
        else:
            names = [text for k, text in tokens if k in ("str", "qid")]
        for name in names:
            if _inside(name, folder, cwd):
                word = statement.query.strip().split(None, 1)[0].upper() if statement.query.strip() else kind
                raise QueryRefused(
                    f"query only reads the database: {word} would write into the output folder {out}"
                    f" ({name!r}), whose tables extract alone writes; write the result elsewhere"
                    " (--output FILE, or COPY … TO a file outside it)"
                )


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pa.Table:
    """Result of `sql` as an Arrow table (empty, no columns, for statements that return nothing)."""
    rel = con.sql(sql, params=params) if params else con.sql(sql)
    if rel is None:
        return pa.table({})
    # DuckDB renamed arrow() to to_arrow_table() in 1.4; accept either.
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
    return fetch()


# ---------------------------------------------------------------- cell rendering


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float (inf, -inf, nan) replaced by None, at any depth:
    JSON has no such numbers, and a browser rejects a whole document holding one."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def dumps(value: Any, **kw: Any) -> str:
    """json.dumps that always writes valid JSON: non-finite numbers become null."""
    kw.setdefault("ensure_ascii", False)
    kw.setdefault("default", str)
    return json.dumps(json_safe(value), allow_nan=False, **kw)


def cell_text(value: Any) -> str:
    """One value as text for CSV, spreadsheets and terminals: lists and structs as JSON.

    A non-finite number is an empty cell: no spreadsheet or JSON reader takes inf or nan."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, dict)):
        return dumps(value)
    return str(value)


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut `text` to at most `width` terminal columns, ending in … when cut."""
    text = text.replace("\r", " ").replace("\n", " ⏎ ").replace("\t", " ")
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def _shown(value: Any) -> str:
    """A cell on a terminal: as cell_text, but inf and nan spelled out (no file format holds them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return cell_text(value)


def format_table(table: pa.Table, max_width: int = 40, max_rows: int = 100) -> str:
    """An aligned text table; numbers right-aligned, long cells cut, at most max_rows rows."""
    names = table.column_names
    if not names:
        return "(no result)"
    rows = table.slice(0, max_rows).to_pylist() if max_rows > 0 else table.to_pylist()
    numeric = [pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t) for t in table.schema.types]
    # NULL spelled out, as DuckDB's own shell does: an empty string and a missing value differ.
    cells = [[truncate("NULL" if r[n] is None else _shown(r[n]), max_width) for n in names] for r in rows]
    heads = [truncate(n, max_width) for n in names]
    widths = [max([display_width(h)] + [display_width(c[i]) for c in cells]) for i, h in enumerate(heads)]
    lines = [" │ ".join(_pad(h, w, False) for h, w in zip(heads, widths))]
    lines.append("─┼─".join("─" * w for w in widths))
    for row in cells:
        lines.append(" │ ".join(_pad(c, w, num) for c, w, num in zip(row, widths, numeric)))
    shown = len(rows)
    footer = f"({table.num_rows} row{'s' if table.num_rows != 1 else ''})"
    if shown < table.num_rows:
        footer = f"({table.num_rows} rows, first {shown} shown; --max-rows 0 for all, or --format csv)"
    lines.append(footer)
    return "\n".join(line.rstrip() for line in lines)


def to_csv(table: pa.Table, bom: bool = False) -> str:
    """CSV text; nested values as JSON. With bom, Excel opens it as UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow([cell_text(v) for v in row.values()])
    return ("\ufeff" if bom else "") + buf.getvalue()


def to_json(table: pa.Table) -> str:
    """A JSON array of row objects, one row a line (diff- and grep-friendly)."""
    rows = [dumps(r) for r in table.to_pylist()]
    return "[\n" + ",\n".join(rows) + ("\n]\n" if rows else "]\n")


def to_parquet_bytes(table: pa.Table) -> bytes:
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue().to_pybytes()


# ---------------------------------------------------------------- evidence in context


def paragraph_context(text: str, start: int, end: int, sentence_start: int | None = None,
                      sentence_end: int | None = None) -> dict[str, Any]:
    """The paragraph (a line of articles.text) around [start, end), with offsets into it.

    Returns {"paragraph", "offset", "sentence": [s, e], "evidence": [s, e]}, offsets relative
    to the paragraph, so a reader can highlight the sentence and the quoted span inside it.
    A sentence that crosses a line break widens the "paragraph" to hold it whole.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    s_start = start if sentence_start is None else max(0, min(sentence_start, start))
    s_end = end if sentence_end is None else min(len(text), max(sentence_end, end))
    while s_end > s_start and text[s_end - 1] == "\n":  # a sentence ending in its line break
        s_end -= 1
    p_start = text.rfind("\n", 0, s_start) + 1
    p_end = text.find("\n", s_end)
    p_end = len(text) if p_end < 0 else p_end
    return {
        "paragraph": text[p_start:p_end],
        "offset": p_start,
        "sentence": [s_start - p_start, s_end - p_start],
        "evidence": [start - p_start, end - p_start],
    }

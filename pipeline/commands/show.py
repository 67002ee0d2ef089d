"""`show`: one case, figure or article, with every figure's sentence highlighted in its paragraph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any


from pipeline.research import query

from pipeline.commands import options
if TYPE_CHECKING:  # duckdb is imported where a query runs: extract never loads it
    import duckdb

# (table, id column) in the order an ambiguous prefix is reported.
KINDS = [("cases", "case_id"), ("figures", "figure_id"), ("articles", "article_id")]
FIGURE_FACTS = ["kind", "value", "value_min", "value_max", "qualifier", "per", "year", "label", "measure", "place", "place_code", "extractor"]
CASE_FACTS = ["place", "level", "place_code", "province", "city", "county", "alliances", "alliance_count", "village_coverage"]
ARTICLE_FACTS = ["path", "title", "source", "published", "url", "script", "encoding", "format", "chars", "status", "error", "cluster_id"]


class Style:
    """ANSI on a terminal; 【…】 markers elsewhere so that piped output still shows the span."""

    def __init__(self, color: bool):
        self.color = color

    def head(self, s: str) -> str:
        return f"\033[1m{s}\033[0m" if self.color else s

    def dim(self, s: str) -> str:
        return f"\033[2m{s}\033[0m" if self.color else s

    def highlight(self, ctx: dict[str, Any]) -> str:
        """The paragraph with its sentence marked, and the quoted evidence marked inside it."""
        p = ctx["paragraph"]
        (ss, se), (es, ee) = ctx["sentence"], ctx["evidence"]
        if self.color:
            # sentence bold, evidence bold yellow-on-default and underlined
            return (p[:ss] + "\033[1m" + p[ss:es] + "\033[1;4;33m" + p[es:ee] + "\033[0;1m"
                    + p[ee:se] + "\033[0m" + p[se:])
        return p[:ss] + "【" + p[ss:se] + "】" + p[se:]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="print a case, figure or article with its evidence in context",
        description=(
            "Print one case (case_id), figure (figure_id) or article (article_id) from --out: its"
            " facts, each figure's sentence highlighted inside its paragraph, and the article's path,"
            " title, source and date. A unique prefix of an id is enough."
        ),
        epilog="example: python -m pipeline show 1a2b3c  (ids: python -m pipeline query \"select case_id, place from cases\")",
    )
    p.add_argument("id", help="case_id, figure_id or article_id, or a unique prefix of one")
    options.out(p)
    p.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="ANSI highlighting (default: auto, on a terminal)")
    p.set_defaults(func=run)


def find(con: duckdb.DuckDBPyConnection, ident: str) -> list[tuple[str, str]]:
    """(table, id) of every row whose id equals `ident`, else of every row it prefixes."""
    exact, prefixed = [], []
    for table, col in KINDS:
        rows = con.execute(f"select {col} from {table} where starts_with({col}, ?) limit 21", [ident]).fetchall()
        for (value,) in rows:
            (exact if value == ident else prefixed).append((table, value))
    if exact or not prefixed:
        return exact
    # "abc" matching article "abc1" and case "abc1-x": the reader meant the shortest one.
    shortest = min(prefixed, key=lambda m: len(m[1]))
    if all(value.startswith(shortest[1]) for _, value in prefixed):
        return [shortest]
    return prefixed


def _one(con: duckdb.DuckDBPyConnection, table: str, col: str, value: str) -> dict[str, Any]:
    return query.run_sql(con, f"select * from {table} where {col} = ?", [value]).to_pylist()[0]


def _figures(con: duckdb.DuckDBPyConnection, where: str, params: list) -> list[dict[str, Any]]:
    sql = f"select * from figures where {where} order by article_id, start"
    return query.run_sql(con, sql, params).to_pylist()


def collect(con: duckdb.DuckDBPyConnection, table: str, ident: str) -> dict[str, Any]:
    """Everything `show` prints, as plain data (also the --format json output)."""
    if table == "figures":
        item = _one(con, "figures", "figure_id", ident)
        figures = [item]
    elif table == "cases":
        item = _one(con, "cases", "case_id", ident)
        ids = list(item.get("figure_ids") or [])
        figures = _figures(con, "list_contains(?, figure_id)", [ids]) if ids else []
    else:
        item = _one(con, "articles", "article_id", ident)
        figures = _figures(con, "article_id = ?", [ident])
    article = _one(con, "articles", "article_id", item["article_id"])
    text = article.get("text") or ""
    for f in figures:
        f["context"] = query.paragraph_context(text, f["start"], f["end"], f.get("sentence_start"), f.get("sentence_end"))
    extra: dict[str, Any] = {}
    if table == "articles":
        extra["cases"] = query.run_sql(
            con, "select case_id, place, level, alliance_count, village_coverage from cases where article_id = ? order by case_id", [ident]
        ).to_pylist()
        extra["reprints"] = query.run_sql(
            con, "select article_id, path, source, published from articles where cluster_id = ? and article_id <> ? order by path",
            [article.get("cluster_id"), ident],
        ).to_pylist()
    article.pop("text", None)
    if table == "articles":
        item = article
    return {"type": table[:-1], "id": ident, "item": item, "article": article, "figures": figures, **extra}


def _fact_lines(row: dict[str, Any], keys: list[str], always: tuple[str, ...] = ("path", "title", "source", "published")) -> list[str]:
    """Known facts; the article's path, title, source and date even when unknown (as —)."""
    return [f"  {k:<17} {query.cell_text(row.get(k)) or '—'}" for k in keys if row.get(k) not in (None, [], "") or k in always]


def render(data: dict[str, Any], style: Style) -> str:
    item, article = data["item"], data["article"]
    lines = [style.head(f"{data['type']} {data['id']}")]
    keys = {"case": CASE_FACTS, "figure": FIGURE_FACTS, "article": ARTICLE_FACTS}[data["type"]]
    lines += _fact_lines(item, keys)
    if data["type"] != "article":
        lines.append(style.head("article"))
        lines += _fact_lines(article, ["article_id", "path", "title", "source", "published", "cluster_id"])
    for case in data.get("cases", []):
        if case is data["cases"][0]:
            lines.append(style.head("cases"))
        lines.append(f"  {case['case_id']}  {query.cell_text(case['place']) or '(article)'} {query.cell_text(case['level'])}")
    for rep in data.get("reprints", []):
        if rep is data["reprints"][0]:
            lines.append(style.head("reprints of the same story (cluster_id)"))
        lines.append(f"  {rep['article_id']}  {rep['path']}  {query.cell_text(rep['source'])} {query.cell_text(rep['published'])}")
    if data["figures"]:
        lines.append(style.head("evidence"))
    for f in data["figures"]:
        qual = "" if f.get("qualifier") in (None, "exact") else f" ({f['qualifier']})"
        per = f" per {f['per']}" if f.get("per") else ""
        lines.append(style.dim(f"  [{f['kind']}] {query.cell_text(f['value'])}{qual}{per} · {query.cell_text(f.get('place'))} · {f['figure_id']}"))
        lines.append("    " + style.highlight(f["context"]))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        con = query.connect(Path(args.out))
    except query.MissingDatabase as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    import duckdb

    try:
        found = find(con, args.id)
        data = collect(con, *found[0]) if len(found) == 1 else None
    except duckdb.Error as exc:
        out = Path(args.out)
        print(f"error: reading the database in {out} failed: {str(exc).splitlines()[0]}; {query.rebuild_hint(out)}",
              file=sys.stderr)
        return 2
    if not found:
        print(f"error: no case, figure or article id starts with {args.id!r}", file=sys.stderr)
        print(f"find ids with a query, for example:\n"
              f"  python -m pipeline query --out {args.out} \"select case_id, place, alliance_count from cases limit 20\"\n"
              f"  python -m pipeline query --out {args.out} \"select figure_id, kind, value, evidence from figures order by value desc limit 20\"\n"
              f"  python -m pipeline query --out {args.out} \"select article_id, path, title from articles\"\n"
              f"or open the report (python -m pipeline report) or the review page (python -m pipeline review)",
              file=sys.stderr)
        return 1
    if len(found) > 1:
        print(f"error: {args.id!r} is ambiguous; it starts:", file=sys.stderr)
        for table, value in found[:20]:
            print(f"  {table[:-1]:<8} {value}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(query.dumps(data, indent=2))
        return 0
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(render(data, Style(color)))
    return 0

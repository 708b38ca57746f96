"""Query results as text: an aligned table for people, standard formats for programs.

CSV, TSV, JSON and XML of SELECT results are the W3C SPARQL result formats (pyoxigraph
writes them), so other tools read them unchanged; the table is for reading on a terminal:
IRIs shortened with the known prefixes, one line per row, wide cells truncated.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import IO

import pyoxigraph as ox

from newskg.format_names import RESULT_FORMATS
from newskg.graph.rdf.formats import FORMATS, Format

#: Widest table cell, in characters, before it is cut with an ellipsis.
MAX_CELL = 48


class OutputError(Exception):
    """A result cannot be written in the requested format."""


def default_format(result: object, interactive: bool) -> str:
    """Table on a terminal; otherwise the standard format of the result's kind."""
    if interactive:
        return "table"
    if isinstance(result, ox.QueryTriples):
        return "turtle"
    return "csv"


def write_result(
    result: object,
    fmt: str,
    output: IO[bytes],
    prefixes: Mapping[str, str] | None = None,
    max_cell: int = MAX_CELL,
) -> None:
    """Write a pyoxigraph query result (solutions, triples or boolean) in ``fmt``."""
    prefixes = dict(prefixes or {})
    if isinstance(result, ox.QueryBoolean):
        _write_boolean(result, fmt, output)
    elif isinstance(result, ox.QueryTriples):
        _write_triples(result, fmt, output, prefixes, max_cell)
    elif isinstance(result, ox.QuerySolutions):
        _write_solutions(result, fmt, output, prefixes, max_cell)
    else:
        raise OutputError(f"cannot write a {type(result).__name__}")


def _standard(fmt: str, kind: str) -> Format | None:
    """The registry's format for ``--format fmt`` when it is one of ``newskg query``'s of
    ``kind`` ("results" or "rdf"); None for the table and for the other kind."""
    found = FORMATS.get(fmt) if fmt in RESULT_FORMATS else None
    return found if found is not None and found.kind == kind else None


def _write_solutions(
    result: ox.QuerySolutions, fmt: str, output: IO[bytes], prefixes: dict, max_cell: int
) -> None:
    written = _standard(fmt, "results")
    if written is not None:
        result.serialize(output, written.pyoxigraph)
        return
    if fmt != "table":
        raise OutputError(
            f"--format {fmt} is for CONSTRUCT/DESCRIBE results; a SELECT gives "
            "table, csv, tsv, json or xml"
        )
    header = [v.value for v in result.variables]
    rows = [
        [cell_text(solution[v], prefixes) for v in result.variables] for solution in result
    ]
    output.write(render_table(header, rows, max_cell).encode("utf-8"))


def _write_triples(
    result: ox.QueryTriples, fmt: str, output: IO[bytes], prefixes: dict, max_cell: int
) -> None:
    written = _standard(fmt, "rdf")
    if written is not None:
        ox.serialize(result, output, written.pyoxigraph, prefixes=prefixes)
        return
    if fmt != "table":
        raise OutputError(
            f"--format {fmt} is for SELECT results; a graph result gives "
            "table, turtle, ntriples or jsonld"
        )
    rows = [
        [cell_text(t.subject, prefixes), cell_text(t.predicate, prefixes),
         cell_text(t.object, prefixes)]
        for t in result
    ]
    output.write(render_table(["subject", "predicate", "object"], rows, max_cell).encode())


def _write_boolean(result: ox.QueryBoolean, fmt: str, output: IO[bytes]) -> None:
    if fmt in ("json", "xml"):
        result.serialize(output, FORMATS[fmt].pyoxigraph)
    elif fmt in ("table", "csv", "tsv"):
        output.write(b"true\n" if bool(result) else b"false\n")
    else:
        raise OutputError(f"--format {fmt} is for graph results; an ASK gives table, json, xml")


def cell_text(term: object, prefixes: Mapping[str, str]) -> str:
    """A term as a person reads it: prefixed IRI, bare literal value, empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, prefixes)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def compact_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """``prefix:local`` with the longest matching namespace, else the IRI in angle brackets."""
    best = ""
    best_ns = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best_ns):
            best, best_ns = prefix, namespace
    if best_ns and len(iri) > len(best_ns):
        return f"{best}:{iri[len(best_ns):]}"
    return f"<{iri}>"


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]], max_cell: int) -> str:
    """An aligned plain-text table; line breaks shown as ⏎, long cells cut with …."""
    cleaned = [[_fit(cell, max_cell) for cell in row] for row in rows]
    widths = [len(h) for h in header]
    for row in cleaned:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    out = io.StringIO()
    out.write(_line(header, widths))
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cleaned:
        out.write(_line(row, widths))
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def _fit(cell: str, max_cell: int) -> str:
    flat = cell.replace("\r\n", "⏎").replace("\n", "⏎").replace("\t", " ")
    if len(flat) > max_cell:
        return flat[: max_cell - 1] + "…"
    return flat


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"


def render_query_list(queries: Sequence) -> str:
    """The canned queries as a table: name, title, parameters (``?`` marks optional ones)."""
    rows = [
        [q.name, q.title, ", ".join(p.name + ("" if p.required else "?") for p in q.params)]
        for q in queries
    ]
    return render_table(["name", "title", "parameters"], rows, 72)


def render_stats(counts: Mapping) -> str:
    """``newskg stats`` for reading: one count a line, actors broken down by type."""
    actors = counts["actors"]
    lines = [
        f"documents   {counts['documents']}",
        f"statements  {counts['statements']}",
        f"actors      {sum(actors.values())}",
        *(f"  {kind:<22}{actors.get(kind, 0)}"
          for kind in ("person", "organization", "country_or_government", "media", "other")),
        f"graphs      {counts['graphs']}",
        f"triples     {counts['triples']}",
    ]
    return "\n".join(lines) + "\n"

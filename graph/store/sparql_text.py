"""SPARQL as text: a small lexer, and binding parameters as a VALUES block of RDF terms.

pyoxigraph exposes no query algebra, so the places that must look inside a query without
evaluating it (the server's guard against SERVICE and foreign graphs, the remote store's
parameter binding) share this lexer: it knows where strings, IRIs and comments are, so that
keywords and braces inside them are never mistaken for the query's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

# One alternative per token kind; order matters (long strings before short ones).
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w\-.\u00B7-\uFFFF]*)?:(?:[\w\-.:%\\\u00B7-\uFFFF]*[\w\-:%\u00B7-\uFFFF])?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    kind: str  # "string", "iri", "var", "pname", "word" or "other"
    text: str
    start: int = 0  # offset in the query text


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def where_brace(sparql: str) -> int | None:
    """Offset of the ``{`` that opens the query's WHERE group, or None."""
    depth = 0
    form = None
    after_where = False
    for token in tokens(sparql):
        word = token.text.upper() if token.kind == "word" else ""
        if token.text == "{" and token.kind == "other":
            if depth == 0 and (after_where or form in ("SELECT", "ASK", "DESCRIBE")):
                return token.start
            depth += 1
        elif token.text == "}" and token.kind == "other":
            depth -= 1
        elif depth == 0 and word in QUERY_FORMS and not form:
            form = word
        elif depth == 0 and word == "WHERE":
            after_where = True
    return None


def with_values(sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``sparql`` with a VALUES block binding the parameters, first in its WHERE group.

    First in the outermost group, the values join every pattern and FILTER of the query, as
    pyoxigraph's substitutions do; the terms are pyoxigraph's serialisations, never text
    pasted from a request. Raises ValueError for a blank node or a query without WHERE.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for name in names:
        if isinstance(bindings[name], ox.BlankNode):
            raise ValueError(  # noqa: TRY004 - a bad value of the right type
                f"parameter {name!r}: a blank node cannot be bound in query text"
            )
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(str(bindings[name]) for name in names)
    position = where_brace(sparql)
    if position is None:
        raise ValueError("cannot bind parameters: the query has no WHERE group")
    block = f" VALUES ({variables}) {{ ({values}) }}"
    return f"{sparql[:position + 1]}{block}{sparql[position + 1:]}"


def write_in(sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str | None:
    """``sparql`` with the parameters written in as terms, or None where that cannot be done.

    Each bound variable becomes its term (pyoxigraph's serialisation, never request text) in
    the patterns and expressions, leaves the sub-queries' projections, GROUP BY and ORDER BY,
    and is bound once by a BIND at the end of the outermost group, which the outer
    projection reads, so the answer keeps its column. This
    answers as pyoxigraph's substitution does, but Oxigraph plans with the constant: the
    canned queries with a speaker ran 5–15× faster at a million triples than with
    substitution (bench/RESULTS.md), and VALUES is slower still. None for a query that
    assigns a parameter itself (``BIND(… AS ?param)``) or where the result does not parse.
    """
    if not bindings or any(isinstance(t, ox.BlankNode) for t in bindings.values()):
        return None
    out: list[str] = []
    position = 0
    mode, previous, depth, outer_end = "body", "", 0, None
    for token in tokens(sparql):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SELECT":
            mode = "projection" if depth else "outer-projection"
        elif word == "WHERE" or (token.text == "{" and token.kind == "other"):
            mode = "body"
        elif word == "BY" and previous in ("GROUP", "ORDER"):
            mode = "modifier"
        elif word in ("HAVING", "LIMIT", "OFFSET", "VALUES"):
            mode = "body"
        if token.kind == "other" and token.text == "{":
            depth += 1
        elif token.kind == "other" and token.text == "}":
            depth -= 1
            mode = "body"
            if depth == 0 and outer_end is None:
                outer_end = token.start
        previous = word
        if token.kind != "var" or token.text[1:] not in bindings or mode == "outer-projection":
            continue  # the outer projection keeps the column, bound by the BIND below
        if outer_end is not None:
            return None  # a parameter after the WHERE group (ORDER BY of the outer query)
        out.append(sparql[position:token.start])
        out.append("" if mode in ("projection", "modifier")
                   else str(bindings[token.text[1:]]))
        position = token.start + len(token.text)
    if outer_end is None:
        return None
    binds = " ".join(f"BIND({bindings[name]} AS ?{name})" for name in sorted(bindings))
    out.append(f"{sparql[position:outer_end]} {binds} {sparql[outer_end:]}")
    text = _EMPTY_MODIFIER.sub(" ", "".join(out))
    try:
        ox.Store().query(text)  # parses; over an empty store nothing is evaluated of note
    except SyntaxError:
        return None
    return text


_EMPTY_MODIFIER = re.compile(
    r"\b(?:GROUP|ORDER)\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|\}|$)", re.IGNORECASE)

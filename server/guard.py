"""Checks a SPARQL request before anything evaluates it.

pyoxigraph exposes no query algebra, and evaluating a query is what makes it fetch a
``SERVICE`` URL, so the decisions here come from a small lexer that knows where strings,
IRIs and comments are. It finds the query form, whether the text is an update, every
``SERVICE`` target and every ``FROM``/``FROM NAMED`` graph. Grammar errors beyond that are
left to pyoxigraph's parser, whose message reaches the client as a 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import urljoin

from newskg.graph.store.sparql_text import QUERY_FORMS, Token, tokens


class QueryRejected(ValueError):
    """The request is refused; the message says why, for a 400 response."""


UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                   "WITH")

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass
class QueryInfo:
    """What the guard learned about a request's SPARQL text."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE
    services: list[str] = field(default_factory=list)  # resolved IRIs of SERVICE targets
    from_graphs: list[str] = field(default_factory=list)  # FROM <g>
    from_named_graphs: list[str] = field(default_factory=list)  # FROM NAMED <g>
    loads: list[str] = field(default_factory=list)  # LOAD <url> (updates only)


class _Prologue:
    """PREFIX and BASE declarations seen so far, to resolve prefixed names and relative IRIs."""

    def __init__(self) -> None:
        self.base = ""
        self.prefixes: dict[str, str] = {}

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)),
                                      token.text[1:-1])
            return urljoin(self.base, iri) if self.base else iri
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                raise QueryRejected(f"undeclared prefix '{prefix}:'")
            return self.prefixes[prefix] + local.replace("\\", "")
        return None


def inspect(text: str) -> QueryInfo:
    """Lex ``text`` and report its form, SERVICE targets, dataset clauses and LOADs."""
    toks = list(tokens(text))
    prologue = _Prologue()
    info: QueryInfo | None = None
    services: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        upper = tok.text.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if upper == "BASE" and nxt is not None and nxt.kind == "iri":
            prologue.base = prologue.resolve(nxt) or ""
            i += 2
            continue
        if upper == "PREFIX" and nxt is not None and nxt.kind == "pname" and i + 2 < len(toks):
            iri = prologue.resolve(toks[i + 2]) if toks[i + 2].kind == "iri" else None
            if iri is not None:
                prologue.prefixes[nxt.text[:-1]] = iri
            i += 3
            continue
        if info is None and upper in QUERY_FORMS:
            info = QueryInfo(form=upper)
        elif info is None and upper in UPDATE_KEYWORDS:
            info = QueryInfo(form="UPDATE")
        if upper == "SERVICE":
            target = _next_term(toks, i + 1, skip=("SILENT",))
            if target is None or target.kind == "var":
                raise QueryRejected("SERVICE with a variable target is not allowed")
            services.append(prologue.resolve(target) or "")
        elif upper == "FROM" and info is not None:
            target = _next_term(toks, i + 1, skip=("NAMED",))
            named = nxt is not None and nxt.text.upper() == "NAMED"
            if target is not None:
                iri = prologue.resolve(target) or ""
                (info.from_named_graphs if named else info.from_graphs).append(iri)
        elif upper == "LOAD" and info is not None:
            target = _next_term(toks, i + 1, skip=("SILENT",))
            if target is not None:
                info.loads.append(prologue.resolve(target) or "")
        i += 1
    if info is None:
        raise QueryRejected("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    info.services = services
    return info


def _next_term(toks: list[Token], start: int, skip: tuple[str, ...]) -> Token | None:
    """The first IRI, prefixed name or variable at ``start``, after optional keywords."""
    j = start
    while j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() in skip:
        j += 1
    if j < len(toks) and toks[j].kind in ("iri", "pname", "var"):
        return toks[j]
    return None


def check_query(
    text: str,
    own_graphs: Callable[[], Collection[str]],
    service_allowlist: Collection[str] = (),
    default_graph_uris: Collection[str] = (),
    named_graph_uris: Collection[str] = (),
) -> QueryInfo:
    """Refuse updates, foreign SERVICE targets and dataset clauses naming foreign graphs.

    ``own_graphs`` is called only when the request names graphs at all.
    """
    info = inspect(text)
    if info.form == "UPDATE":
        raise QueryRejected("SPARQL updates are not accepted here; send them to /update")
    _check_services(info, service_allowlist)
    named = [*info.from_graphs, *info.from_named_graphs, *default_graph_uris, *named_graph_uris]
    if named:
        _check_graphs(named, own_graphs())
    return info


def check_update(text: str, service_allowlist: Collection[str] = ()) -> QueryInfo:
    """Refuse non-updates, LOAD (it fetches URLs) and foreign SERVICE targets in an update."""
    info = inspect(text)
    if info.form != "UPDATE":
        raise QueryRejected("not a SPARQL update; send queries to /sparql")
    if info.loads:
        raise QueryRejected(f"LOAD is not allowed (it would fetch {info.loads[0]})")
    _check_services(info, service_allowlist)
    return info


def _check_services(info: QueryInfo, allowlist: Collection[str]) -> None:
    for target in info.services:
        if target not in allowlist:
            raise QueryRejected(
                f"SERVICE <{target}> is not allowed: this endpoint makes no outbound requests"
            )


def _check_graphs(graphs: list[str], own_graphs: Collection[str]) -> None:
    own = set(own_graphs)
    for graph in graphs:
        if graph not in own:
            raise QueryRejected(
                f"graph <{graph}> is not in this dataset; FROM, FROM NAMED, default-graph-uri "
                "and named-graph-uri may only name the store's own graphs"
            )

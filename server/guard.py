"""Checks a SPARQL request on a real parse before anything evaluates it.

The text is parsed by rdflib's SPARQL 1.1 grammar (``parseQuery`` / ``parseUpdate``, which
process ``\\u`` escapes first, as the standard and pyoxigraph do); the syntax tree is walked
for every ``SERVICE`` target, dataset clause (``FROM``, ``FROM NAMED``), ``LOAD``, ``USING``
and ``WITH``, with prefixed names and relative IRIs resolved by the query's own ``PREFIX``
and ``BASE``. A text the parser cannot read is refused: the guard never guesses.

pyoxigraph may still read a text differently from rdflib; that is why the processes that
evaluate queries cannot open network sockets at all (``sandbox.py``): the guard decides
what a query may name, the operating system makes sure nothing is fetched anyway.

Parsing costs milliseconds for a typical query and grows fast with size (rdflib's parser is
pure Python), so ``/sparql`` runs the guard inside the query worker, under the time limit.

rdflib is imported inside the functions that read a parse, not at the top: its SPARQL
grammar adds ~0.1-0.16 s of CPU and 6-10 MiB to the server process (measured), which
parses only updates (the workers preload it, ``workers.py``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from newskg.server.quick_guard import quick_form


class QueryRejected(ValueError):
    """The request is refused; the message says why, for a 400 response."""


class QuerySyntaxError(QueryRejected):
    """The parser cannot read the text."""


QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
               "DescribeQuery": "DESCRIBE"}


@dataclass
class QueryInfo:
    """What the guard learned about a request's SPARQL text."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE
    services: list[str] = field(default_factory=list)  # resolved IRIs of SERVICE targets
    from_graphs: list[str] = field(default_factory=list)  # FROM <g>
    from_named_graphs: list[str] = field(default_factory=list)  # FROM NAMED <g>
    loads: list[str] = field(default_factory=list)  # LOAD <url> (updates only)
    using_graphs: list[str] = field(default_factory=list)  # USING / USING NAMED / WITH


class _Prologue:
    """PREFIX and BASE declarations, to resolve prefixed names and relative IRIs."""

    def __init__(self) -> None:
        self.base = ""
        self.prefixes: dict[str, str] = {}

    def read(self, declarations) -> None:
        for decl in declarations:
            name = getattr(decl, "name", None)
            if name == "Base":
                self.base = self.iri(decl["iri"])
            elif name == "PrefixDecl":
                prefix = str(decl["prefix"]) if "prefix" in decl else ""
                self.prefixes[prefix] = self.iri(decl["iri"])

    def iri(self, term) -> str:
        """The absolute IRI of a parsed IRI or prefixed name; QueryRejected for a variable."""
        # late: rdflib stays out of the server process's start (module docstring)
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.term import URIRef, Variable

        if isinstance(term, CompValue) and term.name == "pname":
            prefix = str(term["prefix"]) if "prefix" in term else ""
            if prefix not in self.prefixes:
                raise QueryRejected(f"undeclared prefix '{prefix}:'")
            local = str(term["localname"]) if "localname" in term else ""
            return self.prefixes[prefix] + _unescape_local(local)
        if isinstance(term, Variable):
            raise QueryRejected(f"a variable (?{term}) where an IRI is needed")
        if isinstance(term, URIRef):
            text = str(term)
            return urljoin(self.base, text) if self.base else text
        raise QueryRejected(f"cannot read the IRI {term!r}")


def _unescape_local(local: str) -> str:
    out, i = [], 0
    while i < len(local):
        if local[i] == "\\" and i + 1 < len(local):
            out.append(local[i + 1])
            i += 2
        else:
            out.append(local[i])
            i += 1
    return "".join(out)


def _nodes(root) -> Iterator:
    """Every parse-tree node under ``root`` (iteratively: trees can be deep)."""
    # late: rdflib stays out of the server process's start (module docstring)
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        if isinstance(node, CompValue):
            seen.add(id(node))
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            seen.add(id(node))
            stack.extend(node)
        elif isinstance(node, dict):
            seen.add(id(node))
            stack.extend(node.values())


#: Recursion depth and stack size the parser gets (it recurses once per grammar level).
#: Measured: 64 MiB of stack and 100 000 frames read a 6 000-triple pattern (215 KB, 4 s) and
#: 3 000 nested groups; deeper nesting may overflow the stack and end the worker (replaced).
PARSE_RECURSION_LIMIT = 100_000
PARSE_STACK_BYTES = 64 * 1024 * 1024


def _parse(text: str, update: bool):
    # late: rdflib stays out of the server process's start (module docstring)
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return (parseUpdate if update else parseQuery)(text)
    except RecursionError:
        raise QuerySyntaxError("the text nests too deeply for the parser") from None
    except Exception as err:  # noqa: BLE001 - pyparsing, ValueError of an escape, anything
        message = " ".join(str(err).split())[:300]
        raise QuerySyntaxError(message or type(err).__name__) from None


def parse_deep(text: str, update: bool):
    """Parse in a thread with a large stack, so that a long query is read, not refused.

    For processes of their own (the query workers): the recursion limit is raised for the
    whole process.
    """
    if sys.getrecursionlimit() < PARSE_RECURSION_LIMIT:
        sys.setrecursionlimit(PARSE_RECURSION_LIMIT)
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("ok", _parse(text, update)))
        except BaseException as err:  # noqa: BLE001 - handed back to the caller
            outcome.append(("error", err))

    old = threading.stack_size()
    threading.stack_size(PARSE_STACK_BYTES)
    try:
        thread = threading.Thread(target=run, name="sparql-parse", daemon=True)
        thread.start()
    except RuntimeError:  # no memory for the stack: parse on this thread's own
        run()
    else:
        thread.join()
    finally:
        threading.stack_size(old)
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def inspect(text: str, deep: bool = False, quick: bool = True) -> QueryInfo:
    """Parse ``text`` as a query and report its form, SERVICE targets and dataset clauses.

    An update is reported as form UPDATE (so that /sparql can say where to send it). With
    ``quick``, a text that provably cannot name a SERVICE, a dataset or a LOAD skips the parse
    (``quick_guard``: rdflib's parse costs 10–50 ms, more than most queries); pyoxigraph's
    parser then has the last word on its syntax. Without it (a remote store, whose parser is
    not pyoxigraph's) every text is parsed.
    """
    form = quick_form(text) if quick else None
    if form is not None:
        return QueryInfo(form=form)
    try:
        tree = parse_deep(text, update=False) if deep else _parse(text, update=False)
    except QuerySyntaxError as err:
        try:  # a valid update sent to /sparql deserves the clearer message
            update = parse_deep(text, update=True) if deep else _parse(text, update=True)
        except QueryRejected:
            raise err from None
        return _update_info(update)
    prologue = _Prologue()
    prologue.read(tree[0])
    body = tree[1]
    info = QueryInfo(form=QUERY_FORMS.get(body.name, body.name))
    for node in _nodes(body):
        if node.name == "ServiceGraphPattern":
            info.services.append(_service_target(prologue, node))
        elif node.name == "DatasetClause":
            if "default" in node:
                info.from_graphs.append(prologue.iri(node["default"]))
            if "named" in node:
                info.from_named_graphs.append(prologue.iri(node["named"]))
    return info


def inspect_in_worker(_store, text: str) -> tuple[str, QueryInfo | str]:
    """``inspect`` without the shortcut, for a query worker (``ProcessPool.call``), so that
    the parse of a query bound for a remote store runs under the time limit and the memory
    ceiling: ("ok", QueryInfo), or ("syntax" | "guard", message)."""
    try:
        return "ok", inspect(text, deep=True, quick=False)
    except QuerySyntaxError as err:
        return "syntax", str(err)
    except QueryRejected as err:
        return "guard", str(err)


def _service_target(prologue: _Prologue, node) -> str:
    # late: rdflib stays out of the server process's start (module docstring)
    from rdflib.term import Variable

    # CompValue.get returns the key itself for a missing key, so membership is tested.
    term = node["term"] if "term" in node else None  # noqa: SIM401
    if isinstance(term, Variable):
        raise QueryRejected("SERVICE with a variable target is not allowed")
    return prologue.iri(term)


def inspect_update(text: str, deep: bool = False) -> QueryInfo:
    """Parse ``text`` as an update: every LOAD, SERVICE, USING and WITH IRI."""
    tree = parse_deep(text, update=True) if deep else _parse(text, update=True)
    return _update_info(tree)


def _update_info(tree) -> QueryInfo:
    info = QueryInfo(form="UPDATE")
    prologue = _Prologue()
    prologues = tree["prologue"] if "prologue" in tree else []  # noqa: SIM401
    requests = tree["request"] if "request" in tree else []  # noqa: SIM401
    for index, request in enumerate(requests):
        if index < len(prologues):
            prologue.read(prologues[index])
        for node in _nodes(request):
            if node.name == "Load":
                info.loads.append(prologue.iri(node["iri"]))
            elif node.name == "ServiceGraphPattern":
                info.services.append(_service_target(prologue, node))
            elif node.name == "UsingClause":
                for key in ("default", "named"):
                    if key in node:
                        info.using_graphs.append(prologue.iri(node[key]))
            if node.name == "Modify" and "withClause" in node:
                info.using_graphs.append(prologue.iri(node["withClause"]))
    return info


def check_query(
    text: str,
    own_graphs: Callable[[], Collection[str]],
    service_allowlist: Collection[str] = (),
    default_graph_uris: Collection[str] = (),
    named_graph_uris: Collection[str] = (),
    deep: bool = False,
    quick: bool = True,
    info: QueryInfo | None = None,
) -> QueryInfo:
    """Refuse updates, foreign SERVICE targets and dataset clauses naming foreign graphs.

    ``own_graphs`` is called only when the request names graphs at all. ``info`` is the
    text's parse when it was made elsewhere (``inspect_in_worker``, for a remote store).
    """
    if info is None:
        info = inspect(text, deep=deep, quick=quick)
    if info.form == "UPDATE":
        raise QueryRejected("SPARQL updates are not accepted here; send them to /update")
    _check_services(info, service_allowlist)
    named = [*info.from_graphs, *info.from_named_graphs, *default_graph_uris, *named_graph_uris]
    if named:
        _check_graphs(named, own_graphs())
    return info


def check_update(text: str, service_allowlist: Collection[str] = ()) -> QueryInfo:
    """Refuse non-updates, LOAD (it fetches URLs) and foreign SERVICE targets in an update."""
    try:
        info = inspect_update(text)
    except QuerySyntaxError as err:
        try:
            query = inspect(text)
        except QueryRejected:
            raise err from None
        if query.form != "UPDATE":
            raise QueryRejected("not a SPARQL update; send queries to /sparql") from None
        raise
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

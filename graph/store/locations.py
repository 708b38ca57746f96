"""Where a remote store's endpoints are: parsed from its URL and the URL's options.

See ``remote.py`` for the URL forms (layouts of Oxigraph server, Fuseki, Virtuoso, or any
layout given path by path).
"""

from __future__ import annotations

import base64
import urllib.parse
from dataclasses import dataclass

from newskg.graph.store.base import StoreError

#: Endpoint paths (relative to the base URL) by layout name.
LAYOUTS = {
    "oxigraph": {"query": "query", "update": "update", "data": "store"},
    "fuseki": {"query": "sparql", "update": "update", "data": "data"},
    "virtuoso": {"query": "sparql", "update": "sparql", "data": "sparql-graph-crud"},
}
#: Graphs a server keeps for itself, never newskg's: left out of graphs, counts and dumps.
SYSTEM_GRAPHS = {
    "virtuoso": ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/sparql"),
}
#: Layouts whose data endpoint answers a Graph Store GET of the whole dataset as N-Quads
#: (the others are read graph by graph with CONSTRUCT queries).
DATASET_READS = ("oxigraph", "fuseki")
DEFAULT_TIMEOUT = 120.0
#: Servers that stop a query at a limit given with the request (Oxigraph server only has a
#: server-wide --timeout-s; Virtuoso's ``timeout`` returns partial results, so it is not
#: used: set MaxQueryExecutionTime); the parameter's name and how many of its units a second is.
TIMEOUT_PARAMETERS = {"fuseki": ("timeout", 1.0)}
_OPTIONS = ("layout", "query", "update", "data", "timeout")


@dataclass(frozen=True)
class RemoteLocation:
    """Where a remote store's endpoints are, parsed from its URL."""

    query: str
    update: str
    data: str
    timeout: float
    shown: str  # the URL without its password, for messages
    auth: dict[str, str]  # an Authorization header when the URL has user:password@
    layout: str = "oxigraph"


def parse_location(url: str) -> RemoteLocation:
    """Endpoint URLs, timeout and credentials from a store URL and its query-string options."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) store URL: {url}")
    host = parts.netloc.rpartition("@")[2]
    shown = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))
    try:
        options = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True,
                                              strict_parsing=bool(parts.query)))
    except ValueError:
        raise StoreError(f"{shown}: options must be NAME=VALUE pairs") from None
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise StoreError(f"{shown}: unknown option {unknown[0]!r}; known: {', '.join(_OPTIONS)}")
    layout = options.get("layout", "oxigraph")
    if layout not in LAYOUTS:
        raise StoreError(f"{shown}: unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    base = urllib.parse.urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))
    paths = {name: options.get(name, path).lstrip("/") for name, path in LAYOUTS[layout].items()}
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        if not 0 < timeout < float("inf"):
            raise ValueError
    except ValueError:
        raise StoreError(f"{shown}: timeout must be a positive number of seconds") from None
    auth = {}
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        auth = {"Authorization": f"Basic {token}"}
    query, update, data = (f"{base}/{paths[n]}" if paths[n] else base for n in LAYOUTS[layout])
    return RemoteLocation(query, update, data, timeout, shown, auth, layout)

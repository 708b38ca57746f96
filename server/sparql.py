"""SPARQL 1.1 Protocol at /sparql (queries) and /update (updates behind a bearer token).

A query is read from the request, checked by ``guard`` (no updates, no foreign SERVICE,
no foreign graphs), its format negotiated by ``conneg``, then evaluated by the app's
evaluator (worker processes with a time limit). Status codes:

* 200 the whole result; 206 with ``X-Result-Truncated: <limit>`` when cut at max-results;
* 400 malformed or refused query, 406 no acceptable format, 413 body too large,
  415 wrong request media type, 503 with ``X-Query-Stopped: time-limit`` when stopped.
"""

from __future__ import annotations

import hmac
import re

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from newskg.graph.rdf.formats import FORMATS, W3C_FORMATS
from newskg.graph.store.base import StoreError
from newskg.server import conneg
from newskg.server.editor import render_editor
from newskg.server.guard import QueryRejected, check_update
from newskg.server.limits import retry_after_header
from newskg.server.ops import dataset_version
from newskg.server.search import search_index_for
from newskg.server.tasks import QueryFailed, QueryTask

bp = Blueprint("sparql", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORM_MEDIA = "application/x-www-form-urlencoded"


def _error(status: int, message: str, **headers: str) -> Response:
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers)
    return response


#: pyoxigraph's "error at 1:8" and rdflib's "(line:1, col:8)".
_POSITION = re.compile(r"\berror at (\d+):(\d+)|\(line:(\d+), col:(\d+)\)")


def error_position(message: str) -> dict[str, str]:
    """The parser's line and column (1-based) as headers, for an editor to mark the spot."""
    found = _POSITION.search(message)
    if not found:
        return {}
    line, column = (found.group(1), found.group(2)) if found.group(1) else (
        found.group(3), found.group(4))
    return {"X-Error-Line": line, "X-Error-Column": column}


def _reject(reason: str, status: int, message: str, **headers: str) -> Response:
    current_app.extensions["newskg_metrics"].count("rejected", reason)
    return _error(status, message, **headers)


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _read_operation(field: str, direct_media: str) -> tuple[str | None, list[str], list[str]]:
    """The operation text and the dataset parameters, by the protocol's three ways of sending.

    ``field`` is "query" or "update"; ``direct_media`` the media type of a direct POST.
    """
    graph_params = ("default-graph-uri", "named-graph-uri") if field == "query" else (
        "using-graph-uri", "using-named-graph-uri")
    if request.method in ("GET", "HEAD"):
        values, source = request.args.getlist(field), request.args
    else:
        media, params = request.mimetype, request.mimetype_params
        if media == FORM_MEDIA:
            values, source = request.form.getlist(field), request.form
            values += request.args.getlist(field)
        elif media == direct_media:
            charset = params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise _BadRequest(415, f"{direct_media} must be UTF-8, not {charset}")
            try:
                values = [request.get_data(cache=False).decode("utf-8")]
            except UnicodeDecodeError as err:
                raise _BadRequest(400, f"the request body is not valid UTF-8: {err}") from None
            source = request.args
        elif not media:
            raise _BadRequest(415, f"a POST needs Content-Type {FORM_MEDIA} or {direct_media}")
        else:
            raise _BadRequest(
                415, f"unsupported Content-Type {media}; use {FORM_MEDIA} or {direct_media}"
            )
    if len(values) > 1:
        raise _BadRequest(400, f"more than one '{field}' parameter")
    text = values[0] if values else None
    defaults = source.getlist(graph_params[0]) + (
        request.args.getlist(graph_params[0]) if source is not request.args else [])
    named = source.getlist(graph_params[1]) + (
        request.args.getlist(graph_params[1]) if source is not request.args else [])
    return text, defaults, named


@bp.route("/sparql", methods=["GET", "POST"])
def query_endpoint():
    """The SPARQL 1.1 query operation."""
    settings = current_app.config["NEWSKG"]
    try:
        text, defaults, named = _read_operation("query", "application/sparql-query")
    except _BadRequest as err:
        return _reject("request", err.status, str(err))
    if text is None:
        if request.args.getlist("update") or request.form.getlist("update"):
            return _reject("update", 400, "updates are not accepted at /sparql; use /update")
        if request.method in ("GET", "HEAD"):
            return _describe_service()
        return _reject("request", 400, "no 'query' parameter or body")
    if not text.strip():
        return _reject("syntax", 400, "the query is empty")
    if (request.method in ("GET", "HEAD") and not request.args.getlist("format")
            and conneg.wants_html(request.headers.get("Accept"))):
        # A shared link opened in a browser: the editor, filled with the query and run.
        return _editor_page(text)
    protocol_dataset = bool(defaults or named)
    search_index = search_index_for(text)
    task = QueryTask(
        query=text, max_results=settings.max_results,
        default_graphs=defaults if protocol_dataset else None,
        named_graphs=named if protocol_dataset else None,
        accept=request.headers.get("Accept"), format_args=request.values.getlist("format"),
        service_allowlist=tuple(settings.service_allowlist), search_index=search_index,
    )
    return _run(task)


def client_address() -> str:
    """Who the fairness limits count a request against: the peer address.

    Behind a reverse proxy, configure waitress's trusted proxy so that this is the client's.
    """
    return request.remote_addr or "-"


def query_failure(err: QueryFailed) -> Response:
    """The response for a query that did not finish (shared with the API and the pages)."""
    settings = current_app.config["NEWSKG"]
    metrics = current_app.extensions["newskg_metrics"]
    if err.kind == "syntax":
        return _reject("syntax", 400, f"query syntax error: {err}", **error_position(str(err)))
    if err.kind == "guard":
        return _reject("guard", 400, f"query refused: {err}")
    if err.kind == "conneg":
        return _reject("conneg", 406, str(err))
    if err.kind == "timeout":
        metrics.count("timeouts")
        return _error(503, f"{err}; narrow the query or add a LIMIT",
                      **{"X-Query-Stopped": f"time-limit={settings.query_timeout:g}s"})
    if err.kind == "memory":
        metrics.count("rejected", "memory")
        return _error(503, f"{err}; narrow the query",
                      **{"X-Query-Stopped": f"memory-limit={settings.worker_memory_mb}MiB"})
    if err.kind == "budget":
        metrics.count("rate_limited")
        return _error(429, str(err), **{"Retry-After": retry_after_header(err.retry_after)})
    if err.kind in ("busy", "died"):
        return _error(503, str(err), **{"Retry-After": retry_after_header(err.retry_after)})
    return _error(400, f"query evaluation failed: {err}")


def _run(task: QueryTask) -> Response:
    app = current_app
    settings = app.config["NEWSKG"]
    metrics = app.extensions["newskg_metrics"]
    try:
        outcome = app.extensions["newskg_evaluator"].run(
            task, dataset_version(app), settings.query_timeout, client_address()
        )
    except QueryFailed as err:
        return query_failure(err)
    fmt = FORMATS[outcome.format_name]
    response = Response(outcome.chunks, status=200, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Result-Count"] = str(outcome.count)
    if outcome.size is not None:
        response.headers["Content-Length"] = str(outcome.size)
    if outcome.truncated:
        metrics.count("truncated")
        response.status_code = 206
        response.headers["X-Result-Truncated"] = str(settings.max_results)
    return response


def _describe_service() -> Response:
    """SPARQL 1.1 Service Description for a GET without a query (HTML → the editor)."""
    accept = request.headers.get("Accept")
    if conneg.wants_html(accept):
        return _editor_page()
    fmt = conneg.negotiate("DESCRIBE", accept, request.args.getlist("format"))
    if fmt is None:
        return _reject("request", 400, "no 'query' parameter; ask with an RDF Accept for the "
                                       "service description")
    data = ox.serialize(_service_triples(), format=fmt.pyoxigraph,
                        prefixes={"sd": SD, "formats": W3C_FORMATS})
    response = Response(data, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _service_triples() -> list[ox.Triple]:
    endpoint = ox.NamedNode(request.base_url)
    sd = lambda local: ox.NamedNode(SD + local)
    service = ox.BlankNode()
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("feature"), sd("BasicFederatedQuery"))
        if current_app.config["NEWSKG"].service_allowlist else None,
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
    ]
    if current_app.config["NEWSKG"].update_token:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for fmt in (*conneg.RESULTS, *conneg.GRAPHS):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(fmt.iri)))
    for graph in current_app.extensions["newskg_store"].graphs():
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return [t for t in triples if t is not None]


def _editor_page(query: str | None = None) -> Response:
    """The SPARQL editor (a colleague's page); with ``query`` it opens filled in and runs it."""
    return Response(render_editor(query), mimetype="text/html")


@bp.route("/update", methods=["POST"])
def update_endpoint():
    """SPARQL 1.1 Update, only with ``Authorization: Bearer <token>`` and a writable store."""
    settings = current_app.config["NEWSKG"]
    token = settings.update_token
    if not token or getattr(settings, "read_only", False):
        return _reject("update", 403, "updates are disabled on this server")
    auth = request.headers.get("Authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given:
        return _reject("update", 401, "an update needs 'Authorization: Bearer <token>'",
                       **{"WWW-Authenticate": 'Bearer realm="newskg-update"'})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return _reject("update", 403, "wrong update token",
                       **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
    try:
        text, using, using_named = _read_operation("update", "application/sparql-update")
    except _BadRequest as err:
        return _reject("request", err.status, str(err))
    if text is None or not text.strip():
        return _reject("request", 400, "no 'update' parameter or body")
    if using or using_named:
        return _reject("request", 400, "using-graph-uri / using-named-graph-uri are not supported")
    try:
        check_update(text, settings.service_allowlist)
    except QueryRejected as err:
        return _reject("guard", 400, f"update refused: {err}")
    store = current_app.extensions["newskg_store"]
    try:
        store.update(text)
    except SyntaxError as err:
        return _reject("syntax", 400, f"update syntax error: {err}")
    except (OSError, ValueError, StoreError) as err:
        return _error(400, f"update failed: {err}")
    current_app.extensions["newskg_updates"] += 1
    return Response(status=204)

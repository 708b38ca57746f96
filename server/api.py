"""The canned-query API: list the questions, answer one, describe it all in OpenAPI, ingest.

Every answer comes from the catalog in ``newskg.queries``; nothing here knows a query's text.
Parameter values become RDF terms through ``CannedQuery.bind`` and never enter query text.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from newskg.graph.ingest.reader import IngestError, Metadata, parse_published, text_document
from newskg.graph.model import KINDS
from newskg.graph.rdf.formats import Format
from newskg.graph.rdf.iris import doc_id_for
from newskg.graph.store.base import StoreError
from newskg.graph.store.sparql_text import write_in
from newskg.server import conneg
from newskg.server.cache import cached
from newskg.server.limits import retry_after_header
from newskg.server.ops import dataset_version
from newskg.server.tasks import QueryFailed, QueryTask

from newskg import queries as catalog

bp = Blueprint("api", __name__)

#: Query-string names the API itself uses; they are never passed to a canned query.
RESERVED_ARGS = ("format", "download")


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


def _store():
    return current_app.extensions["newskg_store"]


def _settings():
    return current_app.config["NEWSKG"]


@bp.get("/api/queries")
def queries_index() -> Response:
    """The catalog: every canned question with its metadata and parameters."""
    return jsonify({"queries": [q.to_dict() for q in catalog.list_queries()]})


@bp.get("/api/queries/<name>")
@cached
def query_results(name: str) -> Response:
    """Run one canned query with the parameters from the query string."""
    try:
        query = catalog.get_query(name)
    except catalog.UnknownQuery:
        return _error(404, f"no canned query named {name!r}; GET /api/queries lists them")
    fmt = conneg.results_format(request.headers.get("Accept"), request.args.get("format"))
    if fmt is None:
        wanted = request.args.get("format")
        names = ", ".join(f.name for f in conneg.RESULTS)
        return _error(400, f"unknown format {wanted!r}; use one of: {names}")
    raw = {k: v for k, v in request.args.items() if k not in RESERVED_ARGS}
    try:
        bindings = query.bind(raw)
    except catalog.ParameterError as err:
        return _error(400, str(err))
    response = _evaluate(name, query.sparql, bindings, fmt)
    if request.args.get("download") and response.status_code in (200, 206):
        filename = f"{name}.{fmt.extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _evaluate(name: str, sparql: str, bindings: dict, fmt: Format) -> Response:
    """Run a canned query under the server's time and row limits (as /sparql does)."""
    settings = _settings()
    evaluator = current_app.extensions.get("newskg_evaluator")
    if evaluator is None:  # an app without the worker pool: evaluate in this thread
        body = _store().query(sparql, bindings).serialize(format=fmt.pyoxigraph)
        return Response(body, content_type=fmt.content_type)
    written = write_in(sparql, bindings)  # planned with the constants: fastest
    task = QueryTask(query=written or sparql, form="SELECT", format_name=fmt.name,
                     max_results=settings.max_results,
                     substitutions=None if written else dict(bindings))
    try:
        outcome = evaluator.run(task, dataset_version(current_app), settings.query_timeout,
                                request.remote_addr or "-")
    except QueryFailed as err:
        if err.kind == "timeout":
            response = _error(503, f"the canned query {name!r} was stopped: {err}")
            response.headers["X-Query-Stopped"] = f"time-limit={settings.query_timeout:g}s"
            return response
        if err.kind == "memory":
            response = _error(503, f"the canned query {name!r} was stopped: {err}")
            response.headers["X-Query-Stopped"] = f"memory-limit={settings.worker_memory_mb}MiB"
            return response
        if err.kind in ("busy", "budget", "died"):
            response = _error(429 if err.kind == "budget" else 503, str(err))
            response.headers["Retry-After"] = retry_after_header(err.retry_after)
            return response
        current_app.logger.error("canned query %s failed: %s", name, err)
        return _error(500, f"the canned query {name!r} could not be evaluated: {err}")
    response = Response(outcome.chunks, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Result-Count"] = str(outcome.count)
    if outcome.size is not None:
        response.headers["Content-Length"] = str(outcome.size)
    if outcome.truncated:
        response.status_code = 206
        response.headers["X-Result-Truncated"] = str(settings.max_results)
    return response


@bp.get("/api/openapi.json")
def openapi() -> Response:
    """An OpenAPI 3 description of this API, one path per canned query."""
    return jsonify(openapi_document(catalog.list_queries(), request.host_url.rstrip("/")))


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.post("/api/ingest")
def ingest() -> Response:
    """Ingest one pasted article; only when an update token is configured, only with it."""
    settings = _settings()
    if not settings.update_token:
        return _error(403, "updates are disabled on this server (no update token configured)")
    token = _bearer_token()
    if token is None:
        response = _error(401, "send the update token as 'Authorization: Bearer <token>'")
        response.headers["WWW-Authenticate"] = 'Bearer realm="newskg"'
        return response
    if not hmac.compare_digest(token.encode(), settings.update_token.encode()):
        return _error(403, "the update token is wrong")
    if request.content_length and request.content_length > settings.max_body_bytes:
        return _error(413, f"the article is larger than {settings.max_body_bytes} bytes")
    fields = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(fields, dict) and not hasattr(fields, "get"):
        return _error(400, "send a JSON object or a form with the field 'text'")
    # Late: the pipeline (numpy, SoMaJo, HanTa) would add ~0.2 s of CPU and 15 MiB to every
    # server's start (measured); only a server that takes articles needs it.
    from newskg.graph.ingest.writer import ingest_documents

    try:
        document = document_from_fields(fields)
        summaries = ingest_documents(_store(), [document], settings.data_base)
    except (IngestError, ValueError) as err:
        return _error(400, f"the article could not be ingested: {err}")
    except StoreError as err:
        current_app.logger.error("ingest failed: %s", err)
        return _error(503, f"the store refused the change: {err}")
    body = {"document": summaries[0].iri, "id": summaries[0].document,
            "statements": summaries[0].statements, "actors": summaries[0].actors,
            "triples": summaries[0].triples}
    response = jsonify(body)
    response.status_code = 201
    return response


def document_from_fields(fields) -> object:
    """A validated pipeline ``Document`` from posted fields, by the same rules as a text file
    on the command line (first line = headline unless a title is given; no HTML; size limit).
    """
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError("the field 'text' is missing or empty")
    values = {}
    for key in ("published", "source", "title", "id"):
        value = fields.get(key)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"the field {key!r} must be a string")
        values[key] = value.strip() if value and value.strip() else None
    published = parse_published(values["published"], "published") if values["published"] else None
    metadata = Metadata(published=published, source=values["source"], title=values["title"])
    document = text_document(text.replace("\r\n", "\n").encode("utf-8"), "the posted article",
                             None, metadata)
    if values["id"]:
        document.id = doc_id_for(given_id=values["id"])
    return document


_PARAM_SCHEMAS = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
}


def _param_schema(param) -> dict:
    """The JSON schema of one canned-query parameter."""
    kind = getattr(param, "type", "string")
    if kind == "kind":
        return {"type": "string", "enum": list(KINDS)}
    schema = dict(_PARAM_SCHEMAS.get(kind, {"type": "string"}))
    default = getattr(param, "default", None)
    if default is not None:
        schema["default"] = default
    return schema


def _query_operation(query) -> dict:
    parameters = [
        {
            "name": p.name,
            "in": "query",
            "required": not getattr(p, "optional", False) and getattr(p, "default", None) is None,
            "description": (getattr(p, "label", None) or p.name)
            + (f" (choices: GET /api/queries/{p.choices})" if getattr(p, "choices", None) else ""),
            "schema": _param_schema(p),
        }
        for p in query.params
    ]
    parameters.append({"$ref": "#/components/parameters/format"})
    parameters.append({"$ref": "#/components/parameters/download"})
    return {
        "summary": query.title,
        "description": query.description,
        "operationId": "query_" + query.name.replace("-", "_"),
        "tags": ["canned queries"],
        "x-chart": query.chart,
        "parameters": parameters,
        "responses": {
            "200": {"$ref": "#/components/responses/Results"},
            "400": {"$ref": "#/components/responses/Error"},
        },
    }


def openapi_document(queries: list, server_url: str) -> dict:
    """OpenAPI 3.0 for the API, built from the catalog so it never drifts from the queries."""
    error = {"description": "What was wrong", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict = {
        "/api/queries": {"get": {
            "summary": "List the canned queries with their parameters",
            "operationId": "list_queries",
            "responses": {"200": {"description": "The catalog", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "queries": {"type": "array", "items": {"type": "object"}}}}}}}},
        }},
        "/api/queries/{name}": {"get": {
            "summary": "Run any canned query by name (parameters as in its catalog entry)",
            "operationId": "run_query",
            "parameters": [
                {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
                {"$ref": "#/components/parameters/format"},
                {"$ref": "#/components/parameters/download"},
            ],
            "responses": {"200": {"$ref": "#/components/responses/Results"},
                          "400": {"$ref": "#/components/responses/Error"},
                          "404": error},
        }},
        "/api/ingest": {"post": {
            "summary": "Ingest one article (only when the server has an update token)",
            "operationId": "ingest",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Article"}},
                "application/x-www-form-urlencoded": {
                    "schema": {"$ref": "#/components/schemas/Article"}}}},
            "responses": {"201": {"description": "Ingested; the document IRI and counts",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "400": error, "401": error, "403": error, "413": error},
        }},
    }
    for query in queries:
        paths[f"/api/queries/{query.name}"] = {"get": _query_operation(query)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "newskg query API", "version": "1",
                 "description": "Canned questions over the newskg knowledge graph of who said "
                                "what, when, about whom. Results are SPARQL 1.1 results."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "parameters": {
                "format": {"name": "format", "in": "query", "required": False,
                           "description": "Result format; overrides the Accept header",
                           "schema": {"type": "string",
                                      "enum": [f.name for f in conneg.RESULTS]}},
                "download": {"name": "download", "in": "query", "required": False,
                             "description": "Any value: answer as a file attachment",
                             "schema": {"type": "string"}},
            },
            "responses": {
                "Results": {"description": "SPARQL 1.1 query results", "content": {
                    fmt.media_type: {"schema": {"type": "string"}}
                    for fmt in conneg.RESULTS}},
                "Error": error,
            },
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {
                    "error": {"type": "string"}, "status": {"type": "integer"}}},
                "Article": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "description": "First line is the headline"},
                    "published": {"type": "string", "format": "date"},
                    "title": {"type": "string"}, "source": {"type": "string"},
                    "id": {"type": "string"}}},
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }

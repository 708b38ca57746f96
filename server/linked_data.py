"""Linked data: newskg's IRIs resolve, the ontology documents itself, dumps and VoID are served.

``<data base>X`` is answered at ``/id/X`` (HTML for browsers, RDF by content negotiation),
the ontology at ``/ontology``, gzip dumps at ``/dumps/newskg.{ttl,nt,nq}.gz`` and the dataset
description at ``/.well-known/void``.
"""

from __future__ import annotations

import functools
import hashlib

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.rdf.formats import Format
from newskg.graph.store.base import StoreError
from newskg.graph.store.embedded import EmbeddedStore
from newskg.ontology import ontology_path
from newskg.server import conneg, describe, ontology_docs
from newskg.server.cache import cached
from newskg.server.dumps import DUMPS, WRITE_DUMP, dump_path
from newskg.server.ops import dataset_version as app_version
from newskg.server.sparql import query_failure
from newskg.server.tasks import QueryFailed
from newskg.server.void import VOID_TRIPLES

bp = Blueprint("linked_data", __name__)
#: The worker function behind /id/... (``resource_payload``), as a worker is told it.
RESOURCE_PAYLOAD = "newskg.server.linked_data:resource_payload"

def negotiate() -> conneg.Offer | None:
    """The syntax (or the HTML page) for this request: ``?format=`` first, then ``Accept``."""
    return conneg.choose(conneg.PAGES, request.headers.get("Accept"),
                         request.args.getlist("format"))


def _not_acceptable() -> Response:
    cause = "that format" if request.args.getlist("format") else "the types in the Accept header"
    offered = ", ".join(offer.media_type for offer in conneg.PAGES)
    text = f"406 Not Acceptable: cannot produce {cause}. Available: {offered}\n"
    response = Response(text, status=406, mimetype="text/plain")
    response.vary.add("Accept")
    return response


def _rdf_response(triples, syntax: Format) -> Response:
    # Sorted by subject, so that Turtle groups each subject's triples under it once.
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    body = ox.serialize(ordered, format=syntax.pyoxigraph, prefixes=describe.prefixes())
    response = Response(body, mimetype=syntax.media_type)
    response.vary.add("Accept")
    return response


def _settings():
    return current_app.config["NEWSKG"]


def _store():
    return current_app.extensions["newskg_store"]


def _page(template: str, status: int = 200, **context) -> Response:
    response = Response(render_template(template, **context), status=status,
                        mimetype=conneg.HTML.media_type)
    response.vary.add("Accept")
    return response


def _not_found(message: str, offer: conneg.Offer) -> Response:
    if offer is conneg.HTML:
        return _page("resource.html", status=404, view=None, message=message)
    response = Response(f"404 Not Found: {message}\n", status=404, mimetype="text/plain")
    response.vary.add("Accept")
    return response


# --- /id/... ---------------------------------------------------------------------------------


@bp.get("/id/<path:local>")
@cached
def resource(local: str) -> Response:
    """One of newskg's own resources, ``<data base><local>``."""
    offer = negotiate()
    if offer is None:
        return _not_acceptable()
    iri = _settings().data_base + local
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _not_found(f"{local!r} is not a valid resource path", offer)
    try:
        payload = _in_worker(RESOURCE_PAYLOAD, iri, _settings().data_base,
                             offer is conneg.HTML)
    except QueryFailed as err:
        return _page_failure(err)
    if payload is None:
        return _not_found(f"no resource <{iri}> in this dataset", offer)
    if offer is conneg.HTML:
        return _page("resource.html", view=payload, message=None)
    return _rdf_response(payload, offer)


def resource_payload(store, iri: str, data_base: str, html: bool):
    """In a worker: the resource's page view (``html``) or its triples; None if unknown."""
    if not describe.resource_exists(store, iri):
        return None
    if html:
        return describe.resource_view(store, iri, data_base)
    return describe.describe_triples(store, iri)


def _in_worker(function: str, *args, timeout: float | None = None):
    """``function(store, *args)`` under the query limits: a worker, the time limit, the budget.

    Raises QueryFailed like a query.
    """
    settings = _settings()
    evaluator = current_app.extensions["newskg_evaluator"]
    return evaluator.call(function, args, app_version(current_app),
                          timeout or settings.query_timeout, request.remote_addr or "-")


def _page_failure(err: QueryFailed) -> Response:
    response = query_failure(err)
    response.vary.add("Accept")
    return response


# --- the ontology ----------------------------------------------------------------------------


def ontology_turtle() -> bytes | None:
    """The shipped ontology file, or None when the package lacks it."""
    try:
        return ontology_path().read_bytes()
    except OSError:
        return None


@bp.get("/ontology")
def ontology() -> Response:
    """The ontology: the Turtle file as shipped, other RDF syntaxes, or its documentation."""
    offer = negotiate()
    if offer is None:
        return _not_acceptable()
    turtle = ontology_turtle()
    if turtle is None:
        return Response("503: the ontology file is not installed\n", 503, mimetype="text/plain")
    if offer is conneg.HTML:
        return _page("ontology.html", doc=_ontology_view(turtle))
    if offer.name == "turtle":
        response = Response(turtle, mimetype=offer.media_type)
        response.vary.add("Accept")
        return response
    triples = [q.triple for q in ox.parse(turtle, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)]
    return _rdf_response(triples, offer)


@functools.lru_cache(maxsize=2)
def _ontology_view(turtle: bytes):
    """The documentation of the shipped file: built once per process, not per request."""
    return ontology_docs.ontology_view(turtle)


@bp.get("/kind/")
@bp.get("/kind/<name>")
def kind(name: str = "") -> Response:
    """Statement kinds are SKOS concepts documented with the ontology."""
    anchor = f"#kind-{name}" if name else "#kinds"
    if name and not name.isidentifier():
        return Response(f"404 Not Found: no kind {name!r}\n", 404, mimetype="text/plain")
    return redirect("/ontology" + anchor, code=303)


# --- dumps -----------------------------------------------------------------------------------


@bp.get("/dumps/")
def dumps_index() -> Response:
    """Where the dumps are (their description lives in the VoID)."""
    return redirect("/.well-known/void", code=303)


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A gzip dump of the whole dataset, generated once per dataset version."""
    if name not in DUMPS:
        known = ", ".join(DUMPS)
        return Response(f"404 Not Found: no dump {name!r}; there are {known}\n", 404,
                        mimetype="text/plain")
    store = _store()
    version = dataset_version(store)
    try:
        path = dump_path(current_app, name, version, lambda partial: _in_worker(
            WRITE_DUMP, partial, name, version, timeout=_settings().dump_timeout))
    except QueryFailed as err:
        return _page_failure(err)
    except (StoreError, OSError) as err:
        current_app.logger.error("dump %s failed: %s", name, err)
        return Response(f"503: the dump could not be written: {err}\n", 503,
                        mimetype="text/plain")
    if path is None:
        return Response("503: the dump is being written; try again shortly\n", 503,
                        mimetype="text/plain", headers={"Retry-After": "5"})
    response = send_file(
        path,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=name,
        etag=version,
        conditional=True,
    )
    response.headers["X-Dataset-Version"] = version
    return response


# --- VoID ------------------------------------------------------------------------------------


@bp.get("/.well-known/void")
@cached
def void() -> Response:
    """The VoID/DCAT description of the dataset; Turtle unless the client prefers otherwise."""
    offer = negotiate()
    if offer is None:
        return _not_acceptable()
    store = _store()
    version = dataset_version(store)
    root = request.url_root
    # Counting scans the whole store: compute once per dataset version (and server address).
    key = (version, root, _settings().data_base)
    memo = current_app.extensions.get("newskg_void")
    if memo is None or memo[0] != key:
        try:
            computed = _in_worker(VOID_TRIPLES, root, _settings().data_base, version)
        except QueryFailed as err:
            return _page_failure(err)
        memo = (key, computed)
        current_app.extensions["newskg_void"] = memo
    triples, dataset_iri = memo[1]
    if offer is conneg.HTML:
        scratch = EmbeddedStore(None)
        scratch.replace_graph(dataset_iri, triples)
        view = describe.resource_view(scratch, dataset_iri, _settings().data_base)
        response = _page("resource.html", view=view, message=None)
    else:
        response = _rdf_response(triples, offer)
    response.headers["X-Dataset-Version"] = version
    return response


def dataset_version(store) -> str:
    """The store's version token; for a store that has none, a digest of its size."""
    version = getattr(store, "version", None)
    token = str(version()) if callable(version) else ""
    return token or hashlib.sha256(str(store.triple_count()).encode()).hexdigest()[:16]

"""Linked data: newskg's IRIs resolve, the ontology documents itself, dumps and VoID are served.

``<data base>X`` is answered at ``/id/X`` (HTML for browsers, RDF by content negotiation),
the ontology at ``/ontology``, gzip dumps at ``/dumps/newskg.{ttl,nt,nq}.gz`` and the dataset
description at ``/.well-known/void``.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import hashlib
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file
from newskg.graph.namespaces import ONTOLOGY_IRI, ONTOLOGY_NS
from newskg.graph.store.base import META_GRAPH, StoreError
from newskg.graph.store.embedded import EmbeddedStore
from newskg.ontology import ontology_path
from newskg.server import describe, ontology_docs
from newskg.server.cache import cached
from newskg.server.workers import QueryFailed

bp = Blueprint("linked_data", __name__)

HTML = "text/html"
#: RDF media types offered on every linked-data path; the first is the default for ``*/*``.
RDF_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: Other names clients use for the same syntaxes in ``Accept``.
MEDIA_TYPE_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}
#: Short names accepted in ``?format=``, for links and for clients that cannot set Accept.
FORMAT_NAMES = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}


class NotAcceptable(Exception):
    """The client asked for a syntax this path cannot produce."""


def negotiate(offers: list[str]) -> str:
    """Pick the media type to answer with: ``?format=`` first, then ``Accept`` with q-values."""
    name = request.args.get("format")
    if name is not None:
        chosen = FORMAT_NAMES.get(name.lower(), name.lower())
        if chosen not in offers:
            raise NotAcceptable(f"unknown format {name!r}")
        return chosen
    accept = request.accept_mimetypes
    if not accept:  # no Accept header means anything goes
        return offers[0]
    aliases = [a for a, canonical in MEDIA_TYPE_ALIASES.items() if canonical in offers]
    chosen = accept.best_match(offers + aliases)
    if chosen is None:
        raise NotAcceptable("none of the types in the Accept header")
    return MEDIA_TYPE_ALIASES.get(chosen, chosen)


def _not_acceptable(err: NotAcceptable, offers: list[str]) -> Response:
    text = f"406 Not Acceptable: cannot produce {err}. Available: {', '.join(offers)}\n"
    response = Response(text, status=406, mimetype="text/plain")
    response.vary.add("Accept")
    return response


def _rdf_response(triples, media_type: str) -> Response:
    # Sorted by subject, so that Turtle groups each subject's triples under it once.
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    body = ox.serialize(ordered, format=RDF_MEDIA_TYPES[media_type], prefixes=describe.prefixes())
    response = Response(body, mimetype=media_type)
    response.vary.add("Accept")
    return response


def _settings():
    return current_app.config["NEWSKG"]


def _store():
    return current_app.extensions["newskg_store"]


def _page(template: str, status: int = 200, **context) -> Response:
    response = Response(render_template(template, **context), status=status, mimetype=HTML)
    response.vary.add("Accept")
    return response


def _not_found(message: str, media_type: str) -> Response:
    if media_type == HTML:
        return _page("resource.html", status=404, view=None, message=message)
    response = Response(f"404 Not Found: {message}\n", status=404, mimetype="text/plain")
    response.vary.add("Accept")
    return response


# --- /id/... ---------------------------------------------------------------------------------


@bp.get("/id/<path:local>")
@cached
def resource(local: str) -> Response:
    """One of newskg's own resources, ``<data base><local>``."""
    offers = [*RDF_MEDIA_TYPES, HTML]
    try:
        media_type = negotiate(offers)
    except NotAcceptable as err:
        return _not_acceptable(err, offers)
    iri = _settings().data_base + local
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _not_found(f"{local!r} is not a valid resource path", media_type)
    try:
        payload = _in_worker("newskg.server.linked_data:resource_payload",
                             iri, _settings().data_base, media_type == HTML)
    except QueryFailed as err:
        return _page_failure(err)
    if payload is None:
        return _not_found(f"no resource <{iri}> in this dataset", media_type)
    if media_type == HTML:
        return _page("resource.html", view=payload, message=None)
    return _rdf_response(payload, media_type)


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
    from newskg.server.ops import dataset_version as app_version

    settings = _settings()
    evaluator = current_app.extensions["newskg_evaluator"]
    return evaluator.call(function, args, app_version(current_app),
                          timeout or settings.query_timeout, request.remote_addr or "-")


def _page_failure(err: QueryFailed) -> Response:
    from newskg.server.sparql import query_failure

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
    offers = [*RDF_MEDIA_TYPES, HTML]
    try:
        media_type = negotiate(offers)
    except NotAcceptable as err:
        return _not_acceptable(err, offers)
    turtle = ontology_turtle()
    if turtle is None:
        return Response("503: the ontology file is not installed\n", 503, mimetype="text/plain")
    if media_type == HTML:
        return _page("ontology.html", doc=_ontology_view(turtle))
    if media_type == "text/turtle":
        response = Response(turtle, mimetype="text/turtle")
        response.vary.add("Accept")
        return response
    triples = [q.triple for q in ox.parse(turtle, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)]
    return _rdf_response(triples, media_type)


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
        path = dump_path(current_app, store, name, version)
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
    offers = [*RDF_MEDIA_TYPES, HTML]
    try:
        media_type = negotiate(offers)
    except NotAcceptable as err:
        return _not_acceptable(err, offers)
    store = _store()
    version = dataset_version(store)
    root = request.url_root
    # Counting scans the whole store: compute once per dataset version (and server address).
    key = (version, root, _settings().data_base)
    cached = current_app.extensions.get("newskg_void")
    if cached is None or cached[0] != key:
        try:
            computed = _in_worker("newskg.server.linked_data:void_triples", root,
                                  _settings().data_base, version)
        except QueryFailed as err:
            return _page_failure(err)
        cached = (key, computed)
        current_app.extensions["newskg_void"] = cached
    triples, dataset_iri = cached[1]
    if media_type == HTML:
        scratch = EmbeddedStore(None)
        scratch.replace_graph(dataset_iri, triples)
        view = describe.resource_view(scratch, dataset_iri, _settings().data_base)
        response = _page("resource.html", view=view, message=None)
    else:
        response = _rdf_response(triples, media_type)
    response.headers["X-Dataset-Version"] = version
    return response


# --- dataset version, dump files, VoID triples ----------------------------------------------

#: Dump file name -> the syntax it is written in.
DUMPS = {
    "newskg.ttl.gz": ox.RdfFormat.TURTLE,
    "newskg.nt.gz": ox.RdfFormat.N_TRIPLES,
    "newskg.nq.gz": ox.RdfFormat.N_QUADS,
}
_dump_lock = threading.Lock()


def dataset_version(store) -> str:
    """The store's version token; for a store that has none, a digest of its size."""
    version = getattr(store, "version", None)
    token = str(version()) if callable(version) else ""
    return token or hashlib.sha256(str(store.triple_count()).encode()).hexdigest()[:16]


def dump_path(app, store, name: str, version: str) -> Path | None:
    """The gzip dump ``name`` of dataset ``version``, written by a worker on first request.

    None when another request is writing it (the caller answers 503 with Retry-After, so no
    request thread waits for a dump).
    """
    directory = app.extensions.get("newskg_dump_dir")
    if directory is None:
        directory = app.extensions["newskg_dump_dir"] = Path(tempfile.mkdtemp(prefix="newskg-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
    target = directory / f"{hashlib.sha256(version.encode()).hexdigest()[:16]}-{name}"
    if target.exists():
        return target
    if not _dump_lock.acquire(timeout=1.0):
        return None
    try:
        if not target.exists():
            for old in directory.glob(f"*-{name}"):
                old.unlink()
            partial = target.with_suffix(".part")
            _in_worker("newskg.server.linked_data:write_dump_file", str(partial), name, version,
                       timeout=app.config["NEWSKG"].dump_timeout)
            partial.replace(target)
    finally:
        _dump_lock.release()
    return target


def write_dump_file(store, path: str, name: str, version: str) -> None:
    """In a worker: write the gzip dump ``name`` to ``path``."""
    with gzip.open(path, "wb") as out:
        out.write(f"# newskg dataset version {version}\n".encode())
        write_dump(store, out, DUMPS[name])


def write_dump(store, out, syntax: ox.RdfFormat) -> None:
    """Quads keep their named graphs; triple syntaxes get the merge of all graphs."""
    table = describe.prefixes() if syntax == ox.RdfFormat.TURTLE else None
    store.dump(out, syntax, prefixes=table)


VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Every data triple: all named graphs except the store's bookkeeping graph.
DATA_TRIPLE = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{META_GRAPH}>)"
EXAMPLE_CLASSES = ("Document", "Statement", "Person", "Organization", "CountryOrGovernment")


def _count(store, sparql: str) -> int:
    rows = list(store.query(sparql))
    return int(rows[0]["n"].value) if rows else 0


def void_triples(store, root: str, data_base: str, version: str):
    """VoID and DCAT triples describing the dataset served at ``root``; and the dataset IRI."""
    dataset = ox.NamedNode(root + ".well-known/void#dataset")
    triples: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    add(dataset, DCTERMS + "title", ox.Literal("newskg", language="en"))
    add(dataset, DCTERMS + "description", ox.Literal(
        "Who said what, when, about whom: statements from news articles.", language="en"))
    add(dataset, OWL + "versionInfo", ox.Literal(version))
    add(dataset, DCAT + "version", ox.Literal(version))
    add(dataset, VOID + "uriSpace", ox.Literal(data_base))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(root + "sparql"))
    service = ox.NamedNode(root + "sparql")
    add(dataset, DCAT + "accessService", service)
    add(service, RDF + "type", ox.NamedNode(DCAT + "DataService"))
    add(service, DCAT + "endpointURL", service)
    add(service, DCAT + "servesDataset", dataset)

    distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {DATA_TRIPLE} }}"
    triple_count = _count(store, f"SELECT (COUNT(*) AS ?n) {{ {distinct} }}")
    add(dataset, VOID + "triples", integer(triple_count))
    for prop, var in (("distinctSubjects", "?s"), ("properties", "?p"), ("distinctObjects", "?o")):
        count = _count(store, f"SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {DATA_TRIPLE} }}")
        add(dataset, VOID + prop, integer(count))
    typed = DATA_TRIPLE.replace("?p ?o", "a ?c")
    count = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {typed} }}")
    add(dataset, VOID + "classes", integer(count))
    add(dataset, VOID + "documents", integer(len(store.graphs())))

    vocabularies = {ONTOLOGY_IRI}
    query = "SELECT ?p (COUNT(*) AS ?n) WHERE { { " + distinct + " } } GROUP BY ?p ORDER BY ?p"
    for row in store.query(query):
        vocabularies.add(_namespace(row["p"].value))
        part = ox.BlankNode()
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", row["p"])
        add(part, VOID + "triples", integer(int(row["n"].value)))
    query = f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c ORDER BY ?c"
    for row in store.query(query):
        if not isinstance(row["c"], ox.NamedNode):
            continue
        vocabularies.add(_namespace(row["c"].value))
        part = ox.BlankNode()
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", row["c"])
        add(part, VOID + "entities", integer(int(row["n"].value)))
    for vocabulary in sorted(vocabularies - {""}):
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))

    for local in EXAMPLE_CLASSES:
        query = f"SELECT ?x WHERE {{ ?x a <{ONTOLOGY_NS}{local}> }} ORDER BY ?x LIMIT 1"
        for row in store.query(query):
            add(dataset, VOID + "exampleResource", row["x"])

    for name, syntax in DUMPS.items():
        url = ox.NamedNode(f"{root}dumps/{name}")
        add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", url)
        add(url, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(url, DCAT + "downloadURL", url)
        add(url, DCAT + "mediaType", ox.NamedNode(IANA + syntax.media_type))
        add(url, DCAT + "compressFormat", ox.NamedNode(IANA + "application/gzip"))
        add(url, DCTERMS + "format", ox.NamedNode(syntax.iri))
        add(url, DCAT + "version", ox.Literal(version))
    return triples, dataset.value


IANA = "https://www.iana.org/assignments/media-types/"


def _namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: everything up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    namespace = iri[: cut + 1] if cut > len("https://") else ""
    return ONTOLOGY_IRI if namespace == ONTOLOGY_NS else namespace

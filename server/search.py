"""Full-text search over HTTP: ``GET /api/search?q=...`` and the index behind search:* SPARQL.

The index (``newskg.graph.search``) lives beside newskg in the per-user cache and is synced
with the store's dataset version before every answer, so it follows every ingest, re-ingest
and SPARQL Update. Answers are JSON: the hits ranked by bm25, each with an HTML snippet whose
every piece is escaped (hits in ``<mark>``) and the same snippet as segments for clients that
build the page with text nodes.
"""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, Response, current_app, jsonify, request
from newskg.graph.search.german import EmptyQuery, snippet_text
from newskg.graph.search.index import Filters, SearchIndex, text_stage_lemma
from newskg.graph.search.sparql import SEARCH_NS, uses_search

from newskg.config import search_index_path

bp = Blueprint("search", __name__)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LIMIT = 200


def search_index() -> SearchIndex:
    """The app's index, opened on first use and synced with the store."""
    app = current_app
    index = app.extensions.get("newskg_search")
    if index is None:
        store = app.extensions["newskg_store"]
        in_memory = getattr(store, "path", "") is None
        path = None if in_memory else search_index_path(app.config["NEWSKG"].store_location)
        index = SearchIndex(path, text_stage_lemma)
        app.extensions["newskg_search"] = index
    index.sync(app.extensions["newskg_store"])
    return index


def search_index_for(sparql: str) -> str | None:
    """The synced index file when a query calls the search functions, else None."""
    if not uses_search(sparql):
        return None
    return search_index().path


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


@bp.get("/api/search")
def search() -> Response:
    """Search statements and actors; filters: speaker, kind, document, since, until, type."""
    query = request.args.get("q", "").strip()
    if not query:
        return _error(400, "give a query: /api/search?q=words (\"phrase\", prefix*, OR, NOT)")
    for name in ("since", "until"):
        value = request.args.get(name)
        if value and not _DATE.match(value):
            return _error(400, f"{name}={value!r}: expected YYYY-MM-DD")
    kind_of = request.args.get("type") or None
    if kind_of not in (None, "statement", "actor"):
        return _error(400, "type must be statement or actor")
    try:
        limit = min(int(request.args.get("limit", 20)), MAX_LIMIT)
        offset = max(int(request.args.get("offset", 0)), 0)
    except ValueError:
        return _error(400, "limit and offset must be integers")
    filters = Filters(speaker=request.args.get("speaker") or None,
                      kind=request.args.get("kind") or None,
                      document=request.args.get("document") or None,
                      since=request.args.get("since") or None,
                      until=request.args.get("until") or None, type=kind_of)
    index = search_index()
    try:
        hits, total = index.search(query, filters, limit=max(limit, 1), offset=offset)
    except EmptyQuery as err:
        return _error(400, str(err))
    if request.args.get("format") == "csv":
        return _csv(hits)
    response = jsonify({"query": query, "total": total, "offset": offset,
                        "hits": [hit.to_dict() for hit in hits],
                        "sparql": {"namespace": SEARCH_NS,
                                   "functions": ["search:score", "search:snippet"]}})
    response.headers["X-Dataset-Version"] = index.version() or ""
    return response


def _csv(hits) -> Response:
    """The hits as CSV (snippet as plain text, hits in «guillemets»), as a download."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["iri", "type", "score", "snippet", "speaker", "speakerName", "kind",
                     "document", "title", "published"])
    for h in hits:
        writer.writerow([h.iri, h.type, f"{h.score:.4f}", snippet_text(h.segments), h.speaker,
                         h.speaker_name, h.kind, h.document, h.title, h.published])
    response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    if request.args.get("download"):
        response.headers["Content-Disposition"] = 'attachment; filename="search.csv"'
    return response

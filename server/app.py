"""The Flask application factory: configuration in one place, one blueprint per concern."""

from __future__ import annotations

import logging
import os
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, current_app, request
from newskg.graph.store.opener import open_store
from newskg.graph.store.remote import RemoteStore
from newskg.server import api, dashboard, linked_data, ops, search, sparql
from newskg.server.cache import ResponseCache
from newskg.server.evaluation import InlineEvaluator
from newskg.server.limits import FairScheduler, RateLimiter, body_too_large, retry_after_header
from newskg.server.remote_eval import RemoteEvaluator
from newskg.server.workers import ProcessPool
from werkzeug.exceptions import HTTPException

from newskg.config import Settings

#: Paths that change data: no CORS for them.
WRITE_PATHS = ("/update", "/api/ingest")
#: Every HTML page runs under this policy: scripts, styles, images and requests from this
#: server only (plotly.js and its stylesheet are served from here too, ``dashboard.py``), no
#: inline script or style, no eval, no plugins, no framing, no <base>.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: Paths the rate limit never applies to (probes and scrapers).
UNLIMITED_PATHS = ("/health", "/metrics")

log = logging.getLogger("newskg.server")


def create_app(settings: Settings | None = None, store=None) -> Flask:
    """Build the app over ``store`` (opened from ``settings`` when not given)."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["NEWSKG"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    if store is None:
        store = open_store(settings.store_location, read_only=settings.read_only)
    app.extensions["newskg_store"] = store
    app.extensions["newskg_evaluator"] = make_evaluator(store, settings)
    app.extensions["newskg_rate_limiter"] = RateLimiter(settings.rate_limit_per_minute)
    app.extensions["newskg_cache"] = ResponseCache(int(settings.cache_mb * 1024 * 1024))
    ops.install(app)
    _install_guards(app)

    app.register_blueprint(sparql.bp)
    app.register_blueprint(linked_data.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(dashboard.bp)
    return app


def _install_guards(app: Flask) -> None:
    """Rate limit, body size, CORS and plain-text errors for every route."""

    @app.before_request
    def _limit():
        if request.path in UNLIMITED_PATHS:
            return None
        wait = current_app.extensions["newskg_rate_limiter"].check(request.remote_addr or "-")
        if wait > 0:
            current_app.extensions["newskg_metrics"].count("rate_limited")
            return _plain(429, "too many requests from this address; slow down",
                          {"Retry-After": retry_after_header(wait)})
        limit = current_app.config["NEWSKG"].max_body_bytes
        if body_too_large(request.content_length, limit):
            return _plain(413, f"request body larger than {limit} bytes")
        return None

    @app.before_request
    def _utf8():
        problem = invalid_utf8()
        if problem:
            current_app.extensions["newskg_metrics"].count("rejected", "encoding")
            return _plain(400, f"invalid UTF-8 in the {problem}")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        page = response.mimetype == "text/html" and request.method != "OPTIONS"
        if page:
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        elif request.path not in WRITE_PATHS:
            # CORS on the data (not on pages, not on what writes): any site may read them.
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = (
                "ETag, X-Dataset-Version, X-Result-Truncated, X-Result-Count, X-Query-Stopped, "
                "Retry-After, X-Error-Line, X-Error-Column"
            )
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
                response.headers["Access-Control-Max-Age"] = "86400"
        return response

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        return _plain(err.code or 500, f"{err.name}: {err.description}")

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _plain(500, "internal error; the server log has the details")

    @app.teardown_appcontext
    def _noop(_exc):  # keeps Flask from tearing the store down between requests
        return None


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers=headers or {})


def invalid_utf8() -> str | None:
    """Where the request holds bytes that are not UTF-8 (path, query string, form), or None."""
    environ = request.environ
    checks = [("path", environ.get("PATH_INFO", "").encode("latin-1", "replace"), False),
              ("query string", environ.get("QUERY_STRING", "").encode("latin-1", "replace"),
               True)]
    if request.mimetype == "application/x-www-form-urlencoded":
        checks.append(("form body", request.get_data(cache=True), True))
    for where, raw, quoted in checks:
        try:
            (unquote_to_bytes(raw) if quoted else raw).decode("utf-8")
        except UnicodeDecodeError:
            return where
    return None


def make_evaluator(store, settings):
    """A process pool when the store lives on disk, forwarding for a remote store, else an
    inline evaluator."""
    size = settings.query_workers
    if isinstance(store, RemoteStore):
        # Workers without a store: they parse public queries for the guard, under the limits.
        return RemoteEvaluator(store, _pool(None, settings) if size > 0 else None)
    path = getattr(store, "path", None)
    # The raw pyoxigraph store: dataset arguments (default_graph, named_graphs) need it.
    inner = getattr(store, "ox_store", store)
    if path is not None and size > 0 and os.path.isdir(path):
        return _pool(str(path), settings)
    return InlineEvaluator(inner)


def _pool(path: str | None, settings) -> ProcessPool:
    size = settings.query_workers
    scheduler = FairScheduler(
        size, per_client=settings.client_concurrency, wait=settings.worker_wait,
        budget=settings.client_query_seconds, heavy_seconds=settings.heavy_client_seconds,
    )
    return ProcessPool(path, size, memory_limit=settings.worker_memory_mb << 20,
                       isolate=not settings.service_allowlist, scheduler=scheduler)

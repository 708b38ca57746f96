"""Operations: /health, Prometheus /metrics, one access-log line per request, ETags.

Every response carries the dataset version (``X-Dataset-Version`` and inside the ``ETag``),
so a cache or a client can tell when the data under a URL has changed.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict

from flask import Blueprint, Flask, Response, current_app, g, has_request_context, jsonify, request

bp = Blueprint("ops", __name__)
access_log = logging.getLogger("newskg.access")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """Counters and a latency histogram, thread-safe, rendered in Prometheus text format."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.bucket_counts: dict[str, list[int]] = {}
        self.latency_sum: dict[str, float] = defaultdict(float)
        self.latency_count: dict[str, int] = defaultdict(int)
        self.timeouts = 0
        self.rejected: dict[str, int] = defaultdict(int)
        self.truncated = 0
        self.rate_limited = 0

    def observe(self, method: str, endpoint: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, endpoint, status)] += 1
            buckets = self.bucket_counts.setdefault(endpoint, [0] * len(LATENCY_BUCKETS))
            for i, bound in enumerate(LATENCY_BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self.latency_sum[endpoint] += seconds
            self.latency_count[endpoint] += 1

    def count(self, name: str, reason: str | None = None) -> None:
        """Count one timeout, truncated result, rate-limited or rejected request."""
        with self._lock:
            if name == "rejected":
                self.rejected[reason or "other"] += 1
            else:
                setattr(self, name, getattr(self, name) + 1)

    def render(self, replacements: int, workers: int) -> str:
        lines = [
            "# HELP newskg_http_requests_total HTTP requests by method, endpoint and status.",
            "# TYPE newskg_http_requests_total counter",
        ]
        with self._lock:
            for (method, endpoint, status), n in sorted(self.requests.items()):
                lines.append(
                    f'newskg_http_requests_total{{method="{method}",endpoint="{endpoint}",'
                    f'status="{status}"}} {n}'
                )
            lines += [
                "# HELP newskg_http_request_duration_seconds Time to the response's first byte.",
                "# TYPE newskg_http_request_duration_seconds histogram",
            ]
            for endpoint, buckets in sorted(self.bucket_counts.items()):
                for bound, n in zip(LATENCY_BUCKETS, buckets, strict=True):
                    lines.append(
                        f'newskg_http_request_duration_seconds_bucket{{endpoint="{endpoint}",'
                        f'le="{bound}"}} {n}'
                    )
                total = self.latency_count[endpoint]
                label = f'endpoint="{endpoint}"'
                seconds = f"{self.latency_sum[endpoint]:.6f}"
                lines += [
                    f'newskg_http_request_duration_seconds_bucket{{{label},le="+Inf"}} {total}',
                    f"newskg_http_request_duration_seconds_sum{{{label}}} {seconds}",
                    f"newskg_http_request_duration_seconds_count{{{label}}} {total}",
                ]
            lines += [
                "# HELP newskg_query_timeouts_total Queries stopped at the time limit.",
                "# TYPE newskg_query_timeouts_total counter",
                f"newskg_query_timeouts_total {self.timeouts}",
                "# HELP newskg_queries_rejected_total Queries refused before evaluation.",
                "# TYPE newskg_queries_rejected_total counter",
            ]
            for reason, n in sorted(self.rejected.items()):
                lines.append(f'newskg_queries_rejected_total{{reason="{reason}"}} {n}')
            lines += [
                "# HELP newskg_results_truncated_total Results cut at the row limit.",
                "# TYPE newskg_results_truncated_total counter",
                f"newskg_results_truncated_total {self.truncated}",
                "# HELP newskg_rate_limited_total Requests answered 429.",
                "# TYPE newskg_rate_limited_total counter",
                f"newskg_rate_limited_total {self.rate_limited}",
            ]
        lines += [
            "# HELP newskg_query_worker_replacements_total Workers killed and replaced.",
            "# TYPE newskg_query_worker_replacements_total counter",
            f"newskg_query_worker_replacements_total {replacements}",
            "# HELP newskg_query_workers Query worker processes alive.",
            "# TYPE newskg_query_workers gauge",
            f"newskg_query_workers {workers}",
        ]
        return "\n".join(lines) + "\n"


def dataset_version(app: Flask) -> str:
    """The store's version (changes with the data); the server's update count as a fallback.

    Read once per request that cannot write (GET, HEAD, a query): the evaluator, the cache
    and the response stamp then agree on it, and the store is asked once, not three times.
    """
    memo = has_request_context() and (request.method in ("GET", "HEAD")
                                       or request.path == "/sparql")
    if memo and "newskg_version" in g:
        return g.newskg_version
    store = app.extensions["newskg_store"]
    version = getattr(store, "version", None)
    if callable(version):
        value = str(version())
    else:
        value = f"{app.extensions['newskg_updates']}-{store.triple_count()}"
    if memo:
        g.newskg_version = value
    return value


def representation_etag(version: str, content_type: str | None) -> str:
    """A weak ETag per dataset version and representation (Accept picks the latter)."""
    kind = hashlib.sha1((content_type or "").encode()).hexdigest()[:8]
    return f'W/"{version}-{kind}"'


def install(app: Flask) -> None:
    """Hook timing, the access log, version stamping and conditional GETs into ``app``."""
    app.extensions["newskg_metrics"] = Metrics()
    app.extensions.setdefault("newskg_updates", 0)
    app.register_blueprint(bp)

    @app.before_request
    def _start_timer() -> None:
        g.newskg_started = time.perf_counter()

    @app.after_request
    def _stamp(response: Response) -> Response:
        version = dataset_version(current_app)
        response.headers["X-Dataset-Version"] = version
        if response.status_code == 200 and "ETag" not in response.headers:
            response.headers["ETag"] = representation_etag(version, response.content_type)
        cache = current_app.extensions.get("newskg_cache")
        if response.status_code == 200 and cache is not None:
            response.last_modified = cache.last_modified(version)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and _not_modified(response)
        ):
            response.close()  # releases a query worker still holding the body
            not_modified = Response(status=304)
            for name in ("ETag", "Last-Modified", "X-Dataset-Version", "Vary",
                         "Access-Control-Allow-Origin"):
                if name in response.headers:
                    not_modified.headers[name] = response.headers[name]
            response = not_modified
        seconds = time.perf_counter() - g.get("newskg_started", time.perf_counter())
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        current_app.extensions["newskg_metrics"].observe(
            request.method, endpoint, response.status_code, seconds
        )
        access_log.info(
            "%s %s %d %.1fms %s",
            request.method, request.path, response.status_code, seconds * 1000,
            request.remote_addr or "-",
        )
        return response


def _not_modified(response: Response) -> bool:
    """The client's copy is current: its ETag matches, or (without If-None-Match) it is
    not older than Last-Modified (RFC 9110 §13.1.3: If-None-Match takes precedence)."""
    if "If-None-Match" in request.headers:
        return response.headers["ETag"] in request.headers["If-None-Match"]
    since = request.if_modified_since
    return since is not None and response.last_modified is not None and (
        response.last_modified <= since)


@bp.get("/health")
def health():
    """Liveness and the facts an operator checks first."""
    evaluator = current_app.extensions["newskg_evaluator"]
    return jsonify(
        status="ok",
        version=dataset_version(current_app),
        query_workers=len(evaluator.worker_pids()),
        worker_replacements=evaluator.replacements,
        memory_stops=evaluator.memory_stops,
        time_limit_enforced=evaluator.stoppable,
        outbound_network=current_app.extensions.get("newskg_outbound", "not restricted"),
        worker_outbound_network=evaluator.isolation,
    )


@bp.get("/metrics")
def metrics():
    evaluator = current_app.extensions["newskg_evaluator"]
    text = current_app.extensions["newskg_metrics"].render(
        evaluator.replacements, len(evaluator.worker_pids())
    )
    return Response(text, content_type="text/plain; version=0.0.4; charset=utf-8")

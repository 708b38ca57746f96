"""Answers that cost a lookup: responses kept per dataset version, and when that version began.

Canned-query results, resource pages, VoID and the service's other read-only pages are
the same bytes for everyone until the data changes, and every change to the data (an
ingest, ``/update``, a load) writes a new dataset version in the same transaction. So a
response is kept under (dataset version, request key) and is never stale: a new version
simply misses, and entries of older versions are dropped the first time a newer one is seen.

The cache lives in the server process, through which the answer of every query worker
passes, so all workers and request threads share it. It is bounded by bytes (least recently
used entries go first) and never holds a single answer larger than an eighth of the bound,
so one big result cannot flush everything else. Ad-hoc ``/sparql`` queries are not cached:
their cost is the query's, and the endpoint benchmark compares exactly that with Oxigraph.

``Last-Modified`` is when this server first saw the current version; it only ever moves
forward, by at least one second per version, so ``If-Modified-Since`` never gets a 304 for
a version the client has not seen.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Response, current_app, request
from newskg.server.ops import dataset_version

#: Headers a cached response keeps (the rest are added per request by the app's hooks).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Vary", "X-Result-Count",
                "X-Result-Truncated", "Link", "Content-Language")


@dataclass(frozen=True)
class Entry:
    """A finished response: status, the headers that belong to it, and the body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> Response:
        response = Response(self.body, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers["X-Cache"] = "hit"
        return response


class ResponseCache:
    """Responses per (dataset version, key), least recently used out beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max(0, max_bytes)
        self._entries: OrderedDict[tuple[str, str], Entry] = OrderedDict()
        self._bytes = 0
        self._version: str | None = None
        self._lock = threading.Lock()
        self._since: dict[str, int] = {}  # version -> Last-Modified (Unix seconds)
        self._last_modified = 0
        self.hits = 0
        self.misses = 0

    # -- Last-Modified -------------------------------------------------------------------

    def last_modified(self, version: str) -> int:
        """Unix seconds at which this server first saw ``version`` (strictly increasing)."""
        with self._lock:
            since = self._since.get(version)
            if since is None:
                since = max(int(time.time()), self._last_modified + 1)
                self._last_modified = since
                self._since = {version: since}  # only the current version matters
            return since

    # -- responses -----------------------------------------------------------------------

    def get(self, version: str, key: str) -> Entry | None:
        with self._lock:
            self._forget_older(version)
            entry = self._entries.get((version, key))
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end((version, key))
            self.hits += 1
            return entry

    def put(self, version: str, key: str, entry: Entry) -> bool:
        """Keep ``entry`` unless it is too big; False when it was not kept."""
        size = len(entry.body) + 64 * (1 + len(entry.headers))
        if size > self.max_bytes // 8:
            return False
        with self._lock:
            self._forget_older(version)
            old = self._entries.pop((version, key), None)
            if old is not None:
                self._bytes -= _size(old)
            self._entries[(version, key)] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= _size(dropped)
        return True

    def _forget_older(self, version: str) -> None:
        if version != self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version

    def stats(self) -> dict:
        with self._lock:
            return {"entries": len(self._entries), "bytes": self._bytes,
                    "max_bytes": self.max_bytes, "hits": self.hits, "misses": self.misses}

    # -- the view helper -----------------------------------------------------------------

    def respond(self, version: str, key: str, produce: Callable[[], Response]) -> Response:
        """The cached response for ``key`` at ``version``, else ``produce()`` kept for later.

        200 answers and 206 answers (cut at the row limit, with their X-Result-Truncated) are
        kept: both are the whole response this version of the data gives. An error or a
        stopped query is passed on untouched and asked again next time.
        """
        entry = self.get(version, key)
        if entry is not None:
            return entry.response()
        response = produce()
        if response.status_code not in (200, 206) or self.max_bytes == 0:
            return response
        body = b"".join(_body(response))
        headers = tuple((name, value) for name in KEPT_HEADERS
                        if (value := response.headers.get(name)) is not None)
        entry = Entry(response.status_code, headers, body)
        self.put(version, key, entry)
        fresh = entry.response()
        fresh.headers["X-Cache"] = "miss"
        return fresh


def _body(response: Response) -> Iterable[bytes]:
    """The whole body of ``response`` (a streamed one is read to its end and closed)."""
    try:
        for chunk in response.response:
            yield chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
    finally:
        response.close()


def _size(entry: Entry) -> int:
    return len(entry.body) + 64 * (1 + len(entry.headers))


def cached(view: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a read-only GET view: its answer is kept per dataset version.

    The key is the path with its query string and the ``Accept`` header (which picks the
    representation), so two requests that may differ in their answer never share an entry.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs) -> Response:
        cache = current_app.extensions.get("newskg_cache")
        if cache is None or request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        key = f"{request.full_path}\n{request.headers.get('Accept', '')}"
        return cache.respond(dataset_version(current_app), key, lambda: view(*args, **kwargs))

    return wrapper

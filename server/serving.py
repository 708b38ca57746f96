"""Production serving: the app under waitress, one process, a pool of request threads.

Why waitress (measured, docs/server.md): the embedded store is one RocksDB directory that
only one process may open read-write, so pre-forking servers (gunicorn's sync workers)
cannot each own it; pyoxigraph releases the GIL while it evaluates and serialises, so
threads in one process scale; and the time limit is enforced by the query worker processes
(``workers.py``), not by the HTTP server. waitress is pure Python, runs on every platform
and buffers slow clients itself: a connection holds a request thread only once its whole
request has arrived.

Its defaults do not survive idle or half-sent connections (measured: 101 of them left
everyone else unanswered, as ``connection_limit`` 100 stops accepting), so ``serve`` adds
(docs/server.md, "Threat model and limits"):

* a cap on open connections per client address (``connections_per_client``): beyond it a
  new connection is closed at once, so one address cannot fill the server;
* a request deadline (``header_timeout``): a connection that has not sent a whole request
  within it after its first byte (or after it was opened) is closed, however slowly it
  trickles; idle keep-alive connections go after ``idle_timeout``;
* a total of ``max_connections`` (poll(), not select(), so beyond 1024 descriptors), with
  the open-files limit raised to match.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import time

import waitress
from newskg.server import sandbox
from newskg.server.app import create_app

from newskg.config import Settings

log = logging.getLogger("newskg.server")


def _guarded_channel(base):
    """waitress's HTTPChannel with a per-address cap and a deadline for each request."""

    class GuardedChannel(base):
        newskg_ip = None

        def __init__(self, server, sock, addr, adj, map=None):
            ip = addr[0] if isinstance(addr, tuple) else str(addr)
            with server.newskg_lock:
                count = server.newskg_counts.get(ip, 0)
                refused = count >= server.newskg_per_client
                if not refused:
                    server.newskg_counts[ip] = count + 1
            if refused:
                server.newskg_refused += 1
                with contextlib.suppress(OSError):
                    sock.close()
                return
            self.newskg_ip = ip
            self.request_began = None
            super().__init__(server, sock, addr, adj, map)

        def received(self, data):
            if self.request is None and data:
                self.request_began = time.time()
            return super().received(data)

        def del_channel(self, map=None):
            ip, self.newskg_ip = self.newskg_ip, None
            if ip is not None:
                with self.server.newskg_lock:
                    left = self.server.newskg_counts.get(ip, 1) - 1
                    if left > 0:
                        self.server.newskg_counts[ip] = left
                    else:
                        self.server.newskg_counts.pop(ip, None)
            return super().del_channel(map)

    return GuardedChannel


def harden(server, settings: Settings) -> None:
    """Install the per-address cap and the request deadline on a waitress server."""
    server.newskg_counts = {}
    server.newskg_lock = threading.Lock()
    server.newskg_per_client = max(1, settings.connections_per_client)
    server.newskg_refused = 0
    server.channel_class = _guarded_channel(server.channel_class)
    deadline = settings.header_timeout
    original = server.maintenance

    def maintenance(now):
        original(now)  # idle keep-alive connections (channel_timeout)
        if deadline <= 0:
            return
        cutoff = now - deadline
        for channel in list(server.active_channels.values()):
            if channel.requests:  # a whole request is being served
                continue
            began = getattr(channel, "request_began", None)
            partial = channel.request is not None
            if (partial and began is not None and began < cutoff) or (
                    not partial and began is None and channel.creation_time < cutoff):
                channel.will_close = True

    server.maintenance = maintenance


def compact_in_background(app) -> threading.Thread | None:
    """Compact an on-disk store once, beside the first requests; workers then reopen it.

    ``newskg load`` leaves small files next to the bulk-loaded indexes (the version stamp,
    the ontology), and every lookup of every query also seeks in them. Compacting is a
    RocksDB background job that takes seconds per million triples the first time and
    nothing on a store that is compacted already; it is not done in ``load`` so that a load
    stays as fast as the bulk loader. Queries are answered meanwhile: the workers keep
    reading the files they have open (the OS keeps a deleted file readable for whoever
    holds it), a read that finds a file gone is retried on a fresh handle (as after any
    compaction, ``workers._worker_main``), and once done every worker reopens the store.
    """
    store = app.extensions["newskg_store"]
    if not callable(getattr(store, "optimize", None)) or getattr(store, "path", None) is None:
        return None
    evaluator = app.extensions["newskg_evaluator"]

    def run() -> None:
        started = time.monotonic()
        try:
            store.optimize()
        except Exception as err:  # noqa: BLE001 - an optimisation only; the store is intact
            log.warning("could not compact the store: %s", err)
            return
        reopen = getattr(evaluator, "reopen", None)
        if callable(reopen):
            reopen()
        log.info("store compacted in %.1f s", time.monotonic() - started)

    thread = threading.Thread(target=run, name="newskg-compact", daemon=True)
    thread.start()
    return thread


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Serve the app until SIGINT/SIGTERM; print the address to open first."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s",
                        stream=sys.stderr)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" noise
    files = sandbox.raise_open_files_limit()
    app = create_app(settings)
    server = waitress.create_server(
        app, host=host, port=port, threads=max(1, threads), ident="newskg",
        max_request_body_size=settings.max_body_bytes, clear_untrusted_proxy_headers=True,
        connection_limit=max(10, min(settings.max_connections, files - 64)),
        channel_timeout=settings.idle_timeout, cleanup_interval=1, asyncore_use_poll=True,
        backlog=1024,
    )
    harden(server, settings)
    # The listening socket is bound: from now on this process needs no new network socket.
    if settings.service_allowlist:
        outbound = "not restricted (a SERVICE allow-list is configured)"
    elif settings.store_location.lower().startswith(("http://", "https://")):
        outbound = "not restricted (the store itself is reached over the network)"
    else:
        outbound = sandbox.deny_outbound(single_threaded=False)
        if outbound == "none":
            log.warning("outbound connections could not be blocked on this platform; the "
                        "guard alone keeps queries from fetching URLs")
    app.extensions["newskg_outbound"] = outbound
    app.extensions["newskg_evaluator"].start()  # workers ready before the first request
    if not settings.read_only:
        compact_in_background(app)
    shown_host = host if ":" not in host else f"[{host}]"
    print(f"newskg serving on http://{shown_host}:{server.effective_port}/ "
          f"(SPARQL endpoint: http://{shown_host}:{server.effective_port}/sparql)", flush=True)

    def _stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["newskg_evaluator"].shutdown()
        store = app.extensions["newskg_store"]
        store.close()

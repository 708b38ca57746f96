"""Production serving: the app under waitress, one process, a pool of request threads.

Why waitress (measured, docs/server.md): the embedded store is one RocksDB directory that
only one process may open read-write, so pre-forking servers (gunicorn's sync workers)
cannot each own it; pyoxigraph releases the GIL while it evaluates and serialises, so
threads in one process scale; and the time limit is enforced by the query worker processes
(``workers.py``), not by the HTTP server. waitress is pure Python, runs on every platform
and buffers slow clients itself.
"""

from __future__ import annotations

import logging
import signal
import sys

import waitress
from newskg.server.app import create_app

from newskg.config import Settings


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Serve the app until SIGINT/SIGTERM; print the address to open first."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s",
                        stream=sys.stderr)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" noise
    app = create_app(settings)
    app.extensions["newskg_evaluator"].start()  # workers ready before the first request
    server = waitress.create_server(
        app, host=host, port=port, threads=max(1, threads), ident="newskg",
        max_request_body_size=settings.max_body_bytes, clear_untrusted_proxy_headers=True,
    )
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

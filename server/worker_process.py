"""The query worker's side: a process that opens the store read-only and answers tasks.

RocksDB allows read-only handles beside the server's own read-write one, and the OS page
cache is shared, so memory is not multiplied. A worker reopens the store when the dataset
version it is handed differs from the one it opened, so updates made by the server are seen.
It cannot open network sockets (``sandbox.deny_outbound``) unless a SERVICE allow-list is
configured, and ``sandbox.limit_memory`` is the backstop under the pool's watchdog.

The protocol over the pipe: the worker first sends ``("ready", means)``; then for each
``(task, version)`` either one ``("error", kind, message)``, a ``("value", value)`` for a
``CallTask``, or ``("ok", count, truncated, form, format_name, size)`` followed by the body in
byte chunks and an empty chunk.
"""

from __future__ import annotations

import tempfile
import time

import pyoxigraph as ox
from newskg.server import sandbox
from newskg.server.evaluation import (
    SPOOL_IN_MEMORY_BYTES,
    evaluate,
    prepare,
    read_chunks,
    resolve_function,
    store_view,
)
from newskg.server.tasks import CallTask, QueryFailed, QueryTask

MEMORY_MESSAGE = "the query needed more memory than allowed"


def open_read_only(store_path: str, attempts: int = 5) -> ox.Store:
    """Open the store read-only, retrying while the server's handle compacts files away."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(store_path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def worker_main(conn, store_path: str | None, isolate: bool, data_limit: int,
                version: str | None = None) -> None:
    """A worker's loop: receive (task, version); answer a header, then chunks, then b''."""
    means = sandbox.deny_outbound(single_threaded=True) if isolate else "off (allow-list)"
    sandboxed = isolate and means != "none"
    sandbox.limit_memory(data_limit)
    conn.send(("ready", means))
    store = None
    opened_version = None
    if version is not None and store_path is not None:  # open now, not at the first query
        try:
            store = open_read_only(store_path)
            opened_version = version
        except Exception:  # noqa: BLE001, S110 - the first task retries and reports it
            pass
    while True:
        try:
            task, version = conn.recv()
        except EOFError:
            return
        try:  # a pool without a store (``store_path`` None) only parses for a remote store
            if store_path is not None and (store is None or version != opened_version):
                store = None
                store = open_read_only(store_path)
                opened_version = version
        except Exception as err:  # noqa: BLE001 - reported to the client
            conn.send(("error", "evaluation", f"cannot open the store: {err}"))
            continue
        if isinstance(task, CallTask):
            _answer_call(conn, store, task)
        else:
            store = _answer_query(conn, store, store_path, task, sandboxed)


def _answer_call(conn, store: ox.Store | None, task: CallTask) -> None:
    try:
        value = resolve_function(task.function)(store_view(store), *task.args)
    except Exception as err:  # noqa: BLE001 - reported to the caller
        conn.send(("error", "evaluation", f"{type(err).__name__}: {err}"))
        return
    conn.send(("value", value))


def _answer_query(conn, store: ox.Store | None, store_path: str | None, task: QueryTask,
                  sandboxed: bool) -> ox.Store:
    """Guard, negotiate, evaluate and send one query; the store handle to keep using."""
    try:
        prepare(store, task, precise_syntax=sandboxed)
    except QueryFailed as err:
        conn.send(("error", err.kind, str(err)))
        return store
    except MemoryError:
        conn.send(("error", "memory", MEMORY_MESSAGE))
        return store
    except Exception as err:  # noqa: BLE001 - the guard must never take the worker down
        conn.send(("error", "guard", f"the query could not be checked: {err}"))
        return store
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
        try:
            try:
                count, truncated = evaluate(store, task, spool)
            except (OSError, RuntimeError):
                # A read-only handle can lose files to the server's compaction: reopen once.
                spool.seek(0)
                spool.truncate()
                store = open_read_only(store_path)
                count, truncated = evaluate(store, task, spool)
        except SyntaxError as err:
            conn.send(("error", "syntax", str(err)))
            return store
        except MemoryError:
            conn.send(("error", "memory", MEMORY_MESSAGE))
            return store
        except Exception as err:  # noqa: BLE001 - any failure is reported to the client
            conn.send(("error", "evaluation", f"{type(err).__name__}: {err}"))
            return store
        conn.send(("ok", count, truncated, task.form, task.format_name, spool.tell()))
        for chunk in read_chunks(spool):
            conn.send_bytes(chunk)
    conn.send_bytes(b"")
    return store

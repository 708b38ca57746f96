"""Gzip dumps of the whole dataset (``/dumps/newskg.{ttl,nt,nq}.gz``): one file per syntax
and dataset version, written by a query worker on first request and kept in a temporary
directory until the server exits."""

from __future__ import annotations

import atexit
import gzip
import hashlib
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from newskg.graph.rdf.formats import FORMATS, Format
from newskg.server import describe

#: The syntaxes a dump is offered in, by file name (``newskg.<extension>.gz``).
DUMPS: dict[str, Format] = {
    f"newskg.{FORMATS[name].extension}.gz": FORMATS[name]
    for name in ("turtle", "ntriples", "nquads")
}
#: The worker function that writes one (``write_dump_file``), as a worker is told it.
WRITE_DUMP = "newskg.server.dumps:write_dump_file"
_dump_lock = threading.Lock()


def dump_path(app: Flask, name: str, version: str,
              write: Callable[[str], None]) -> Path | None:
    """The gzip dump ``name`` of dataset ``version``; ``write(partial_path)`` makes it.

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
            write(str(partial))
            partial.replace(target)
    finally:
        _dump_lock.release()
    return target


def write_dump_file(store, path: str, name: str, version: str) -> None:
    """In a worker: write the gzip dump ``name`` to ``path``."""
    with gzip.open(path, "wb") as out:
        out.write(f"# newskg dataset version {version}\n".encode())
        write_dump(store, out, DUMPS[name])


def write_dump(store, out, syntax: Format) -> None:
    """Quads keep their named graphs; triple syntaxes get the merge of all graphs."""
    table = describe.prefixes() if syntax.name == "turtle" else None
    store.dump(out, syntax.pyoxigraph, prefixes=table)

"""Opening a store from its location: a directory for the embedded store, an http(s) URL for
a SPARQL 1.1 server; the command line and the server both open stores through here."""

from __future__ import annotations

from newskg.graph.store.base import Store
from newskg.graph.store.embedded import EmbeddedStore


def open_store(location: str, read_only: bool = False) -> Store:
    """Open the store at ``location``: a directory (embedded) or an http(s) SPARQL server."""
    if location.lower().startswith(("http://", "https://")):
        # Late: urllib.request and the SPARQL lexer cost ~35 ms (measured), a quarter of
        # the start of a command on a local store, which most runs are.
        from newskg.graph.store.remote import RemoteStore

        return RemoteStore(location, read_only=read_only)
    return EmbeddedStore(location, read_only=read_only)

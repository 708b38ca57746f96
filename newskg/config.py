"""Configuration in one place: where the store lives, the data IRI base, server limits.

Values come from keyword arguments first, then ``NEWSKG_*`` environment variables, then
the defaults below. Nothing else in newskg reads the environment.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from newskg.graph.namespaces import DEFAULT_DATA_BASE


def default_store_path() -> Path:
    """The per-user data directory (XDG) that holds the embedded store by default."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "newskg" / "store"


def search_index_path(store_location: str) -> Path:
    """Where the full-text index of a store lives: beside newskg, in the per-user cache
    (XDG), one file per store (directory or SPARQL server URL), so a read-only or remote
    store gets an index too. It is rebuilt from the store whenever the store changed."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    location = store_location
    if not location.startswith(("http://", "https://")):
        location = str(Path(location).expanduser().resolve())
    key = hashlib.sha256(location.encode("utf-8")).hexdigest()[:20]
    return Path(cache_home) / "newskg" / "search" / f"{key}.sqlite"


def _env_number(name: str, default: float, kind: type = int):
    """``NEWSKG_*`` number from the environment; a clear ValueError when it is not one."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        label = "an integer" if kind is int else "a number"
        raise ValueError(f"{name} must be {label}, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative, not {raw!r}")
    return value


@dataclass
class Settings:
    """Everything newskg can be configured with."""

    store: str = field(default_factory=lambda: os.environ.get("NEWSKG_STORE", ""))
    data_base: str = field(
        default_factory=lambda: os.environ.get("NEWSKG_BASE", DEFAULT_DATA_BASE)
    )
    # Server settings (see newskg.server).
    update_token: str | None = field(
        default_factory=lambda: os.environ.get("NEWSKG_UPDATE_TOKEN") or None
    )
    query_timeout: float = field(  # seconds; a query running longer is stopped
        default_factory=lambda: _env_number("NEWSKG_QUERY_TIMEOUT", 10.0, float)
    )
    max_results: int = 10_000  # rows of a SELECT, triples of a graph result
    max_body_bytes: int = 1_000_000
    service_allowlist: tuple[str, ...] = ()
    rate_limit_per_minute: int = field(  # requests per client address; 0 switches it off
        default_factory=lambda: _env_number("NEWSKG_RATE_LIMIT", 600)
    )
    read_only: bool = False  # open the store read-only; /update is then off
    cache_mb: float = field(  # answers kept per dataset version (server/cache.py); 0: none
        default_factory=lambda: _env_number("NEWSKG_CACHE_MB", 64.0, float)
    )
    query_workers: int = field(  # processes evaluating queries (killed, replaced on timeout)
        default_factory=lambda: _env_number("NEWSKG_QUERY_WORKERS", 2)
    )
    # Limits of the public endpoint (docs/server.md, "Threat model and limits").
    worker_memory_mb: int = field(  # resident memory of one query worker; 0 switches it off
        default_factory=lambda: _env_number("NEWSKG_WORKER_MEMORY_MB", 1024)
    )
    client_concurrency: int = field(  # queries of one client address evaluated at once
        default_factory=lambda: _env_number("NEWSKG_CLIENT_CONCURRENCY", 2)
    )
    client_query_seconds: float = field(  # worker time per client per minute; 0: no budget
        default_factory=lambda: _env_number("NEWSKG_CLIENT_QUERY_SECONDS", 30.0, float)
    )
    heavy_client_seconds: float = 2.0  # above this much recent use: not the last free worker
    worker_wait: float = field(  # seconds a request may wait for a worker before a 503
        default_factory=lambda: _env_number("NEWSKG_WORKER_WAIT", 5.0, float)
    )
    max_connections: int = field(  # open HTTP connections in all
        default_factory=lambda: _env_number("NEWSKG_MAX_CONNECTIONS", 1000)
    )
    connections_per_client: int = field(  # open HTTP connections of one client address
        default_factory=lambda: _env_number("NEWSKG_CONNECTIONS_PER_CLIENT", 32)
    )
    header_timeout: float = field(  # seconds a connection may take to send its request
        default_factory=lambda: _env_number("NEWSKG_HEADER_TIMEOUT", 10.0, float)
    )
    idle_timeout: float = 30.0  # seconds an idle keep-alive connection is kept
    dump_timeout: float = 300.0  # seconds a worker may take to write a dump

    @property
    def store_location(self) -> str:
        """The store to open: a directory, an http(s) URL, or the per-user default."""
        return self.store or str(default_store_path())

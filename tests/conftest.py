"""Shared fixtures: the seed article's graph in a real on-disk store, and live servers.

* ``seed_store_path`` (session): a store directory holding the ontology graph and the seed
  article's graph (built from the gold reading in ``seed_analysis.py`` by ``graph.rdf``);
  treat it as read-only, copy it with ``seed_store_copy`` to change it.
* ``seed_store`` : an open ``EmbeddedStore`` over a fresh copy, closed afterwards.
* ``live_server`` (session): a real ``newskg serve`` subprocess on a free 127.0.0.1 port
  over a copy of the seed store (update token ``LIVE_TOKEN``, query timeout
  ``LIVE_QUERY_TIMEOUT`` s), stopped by its pid.
* ``start_server``: a factory for a server with other options or environment.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newskg.graph.namespaces import DEFAULT_DATA_BASE
from seed_analysis import SEED_ID, seed_analysis

LIVE_TOKEN = "test-update-token"


def pytest_configure(config) -> None:
    """Keep the tagger's per-user cache file out of the tester's home during the suite."""
    import tempfile

    config._newskg_cache = tempfile.mkdtemp(prefix="newskg-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._newskg_cache


def pytest_unconfigure(config) -> None:
    cache = getattr(config, "_newskg_cache", None)
    if cache:
        shutil.rmtree(cache, ignore_errors=True)

LIVE_QUERY_TIMEOUT = 3.0
STARTUP_SECONDS = 60.0


def seed_document_iri() -> str:
    """The seed article's document IRI, which is also its named graph."""
    from newskg.graph.rdf.iris import document_iri

    return document_iri(SEED_ID, DEFAULT_DATA_BASE)


def build_seed_store(path: Path) -> Path:
    """Write the ontology graph and the seed article's graph into a new store at ``path``."""
    from newskg.graph.rdf.mapping import analysis_to_triples
    from newskg.graph.store.embedded import EmbeddedStore

    store = EmbeddedStore(path)
    try:
        store.ensure_ontology()
        store.replace_graph(seed_document_iri(),
                            analysis_to_triples(seed_analysis(), DEFAULT_DATA_BASE))
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("seed") / "store")


@pytest.fixture
def seed_store_copy(seed_store_path, tmp_path) -> Path:
    """A private copy of the seed store directory, free to change."""
    target = tmp_path / "store"
    shutil.copytree(seed_store_path, target)
    return target


@pytest.fixture
def seed_store(seed_store_copy):
    from newskg.graph.store.embedded import EmbeddedStore

    store = EmbeddedStore(seed_store_copy)
    yield store
    store.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def newskg_command() -> list[str]:
    """The installed ``newskg`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("newskg")
    if script.exists():
        return [str(script)]
    found = shutil.which("newskg")
    if found is None:
        raise RuntimeError("the newskg command is not installed (pip install -e .)")
    return [found]


@dataclass
class LiveServer:
    """A running ``newskg serve``; ``url`` has no trailing slash."""

    process: subprocess.Popen
    url: str
    store_path: Path
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server by its process id: SIGTERM, then SIGKILL if it does not go."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)


def start_live_server(store_path: Path, log_path: Path, *options: str,
                      env: dict[str, str] | None = None) -> LiveServer:
    """Start ``newskg --store DIR serve`` on a free port and wait until /health answers.

    The rate limit is off unless ``env`` sets NEWSKG_RATE_LIMIT: test suites are bursty.
    """
    port = free_port()
    command = [*newskg_command(), "--store", str(store_path), "serve",
               "--host", "127.0.0.1", "--port", str(port), *options]
    log = log_path.open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "NEWSKG_RATE_LIMIT": "0", **(env or {})})
    server = LiveServer(process, f"http://127.0.0.1:{port}", store_path, log_path)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"newskg serve exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url + "/health", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"newskg serve did not answer within {STARTUP_SECONDS} s:\n{server.log()}")


@pytest.fixture(scope="session")
def live_server(seed_store_path, tmp_path_factory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("live")
    store = root / "store"
    shutil.copytree(seed_store_path, store)
    server = start_live_server(
        store, root / "server.log", "--update-token", LIVE_TOKEN,
        "--query-timeout", str(LIVE_QUERY_TIMEOUT), "--threads", "8",
    )
    yield server
    server.stop()


@pytest.fixture
def start_server(seed_store_path, tmp_path):
    """Factory: ``start_server(*serve_options, env={...})`` over a fresh seed-store copy."""
    started: list[LiveServer] = []

    def _start(*options: str, env: dict[str, str] | None = None) -> LiveServer:
        root = tmp_path / f"server{len(started)}"
        root.mkdir()
        shutil.copytree(seed_store_path, root / "store")
        server = start_live_server(root / "store", root / "server.log", *options, env=env)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()

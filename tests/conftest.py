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
from collections.abc import Callable, Iterator
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


def installed_command(name: str, package: str) -> str:
    """The console script ``name`` of this interpreter's environment, else the one on PATH."""
    script = Path(sys.executable).with_name(name)
    found = str(script) if script.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"the {name} command is not installed (pip install {package})")
    return found


def newskg_command() -> list[str]:
    """The installed ``newskg`` console script of this interpreter's environment."""
    return [installed_command("newskg", "-e .")]


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


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM,
                 seconds: float = 20) -> None:
    """Stop a server by its process id: ``sig``, then SIGKILL if it does not go in time."""
    if process.poll() is None:
        os.kill(process.pid, sig)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)


def await_answer(process: subprocess.Popen, probe: str, what: str, seconds: float,
                 pause: float, details: Callable[[], str] = str) -> None:
    """Return once ``probe`` answers 200; raise when the process exits first or, after
    stopping it, when ``seconds`` pass (``details()`` is added to the message)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}{details()}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(pause)
    stop_process(process)
    raise RuntimeError(f"{what} did not answer within {seconds} s{details()}")


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
    await_answer(process, server.url + "/health", "newskg serve", STARTUP_SECONDS, 0.2,
                 lambda: ":\n" + server.log())
    return server


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

"""A real ``oxigraph serve`` on a free port as the remote store, and the CLI over it."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import await_answer, free_port, installed_command, newskg_command, stop_process

SEED = Path(__file__).resolve().parents[2] / "newskg" / "data" / "seed"
SEED_TEXT = SEED / "nordkorea-soldaten-russland.txt"
KIRBY = "https://w3id.org/newskg/id/actor/john-kirby"
STARTUP_SECONDS = 30.0


@dataclass
class OxigraphServer:
    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        stop_process(self.process)


def start_oxigraph(directory: Path, union: bool = True,
                   timeout_s: int | None = None) -> OxigraphServer:
    """``oxigraph serve`` on a free port; returns once its query endpoint answers."""
    port = free_port()
    command = [installed_command("oxigraph", "oxigraph"), "serve", "--location", str(directory),
               "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    log = (directory.parent / f"{directory.name}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = OxigraphServer(process, f"http://127.0.0.1:{port}")
    probe = server.url + "/query?query=" + urllib.request.quote("ASK {}")
    await_answer(process, probe, "oxigraph serve", STARTUP_SECONDS, 0.1)
    return server


def newskg(store: str | Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NEWSKG_STORE"}
    return subprocess.run([*newskg_command(), "--store", str(store), *args],
                          check=False, capture_output=True, env=env, timeout=300)


def ok(store: str | Path, *args: str) -> bytes:
    done = newskg(store, *args)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout

"""``newskg ingest --cluster`` against a real Dask cluster: a ``dask scheduler`` and two
``dask worker`` processes started here on free 127.0.0.1 ports, stopped by their pids.

The store a cluster run writes must be the store ``--jobs 1`` writes, with the same records,
the same reports of bad documents and the same skipping on a rerun.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from conftest import free_port, installed_command, stop_process
from helpers.cli import newskg
from helpers.ingest import fingerprint, synthetic

STARTUP_SECONDS = 60


def _wait_for_workers(address: str, count: int) -> None:
    probe = ("import sys\nfrom distributed import Client\n"
             f"with Client({address!r}, timeout=30) as c:\n"
             f"    c.wait_for_workers({count}, timeout={STARTUP_SECONDS})\n")
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=STARTUP_SECONDS + 30,
                   capture_output=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """A scheduler and two single-threaded workers (no nanny: one process each)."""
    logs = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}

    def start(name: str, *args: str) -> None:
        log = (logs / f"{name}.log").open("wb")
        processes.append(subprocess.Popen([installed_command("dask", "distributed"), *args], stdout=log,
                                          stderr=subprocess.STDOUT, env=env, cwd=logs))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
              "--dashboard-address", f"127.0.0.1:{free_port()}", "--no-show")
        deadline = time.monotonic() + STARTUP_SECONDS
        while b"Scheduler at" not in (logs / "scheduler.log").read_bytes():
            assert processes[0].poll() is None, (logs / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the Dask scheduler did not start"
            time.sleep(0.1)
        for number in (1, 2):
            start(f"worker{number}", "worker", address, "--nthreads", "1", "--no-nanny",
                  "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0")
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(processes):
            stop_process(process)


def test_a_cluster_run_writes_the_store_of_a_one_process_run(cluster, tmp_path):
    corpus = synthetic(tmp_path / "corpus.jsonl", 16, seed=7)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write('{"text": "no closing brace"\n')
        handle.write(json.dumps({"id": "leer", "text": " "}) + "\n")
    reference = tmp_path / "reference"
    one = newskg("--store", str(reference), "ingest", str(corpus), "--jobs", "1")
    assert one.returncode == 1  # the two bad lines
    store = tmp_path / "cluster"
    run = newskg("--store", str(store), "ingest", str(corpus), "--cluster", cluster)
    assert run.returncode == 1, run.err
    assert "16 ingested, 0 skipped, 2 failed" in run.err
    assert "on Dask cluster at" in run.err and "2 workers" in run.err
    errors = [line for line in run.err.splitlines() if line.startswith("newskg: error:")]
    assert [e.split(":")[3] for e in errors] == ["17", "18"]
    assert run.out == one.out
    assert fingerprint(store) == fingerprint(reference)
    again = newskg("--store", str(store), "ingest", str(corpus), "--cluster", cluster)
    assert "0 ingested, 16 skipped, 2 failed" in again.err, again.err


def test_jobs_and_cluster_together_are_refused(cluster, tmp_path):
    done = newskg("--store", str(tmp_path / "s"), "ingest", str(tmp_path), "--jobs", "2",
                  "--cluster", cluster)
    assert done.returncode == 1 and "not both" in done.err

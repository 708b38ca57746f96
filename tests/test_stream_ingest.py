"""Streaming ingest on real processes: bad documents reported while the run goes on, reruns
that skip what is stored, --strict, kill -9 at any point then a rerun, bounded memory."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.cli import newskg
from helpers.ingest import fingerprint, synthetic
from helpers.oxigraph import start_oxigraph
from newskg.graph.ingest.reader import seed_documents
from newskg.graph.ingest.work import extractor_version
from newskg.graph.ingest.writer import ingest_documents
from newskg.graph.namespaces import DEFAULT_DATA_BASE, ONTOLOGY_IRI
from newskg.graph.store.embedded import EmbeddedStore
from newskg.graph.store.records import all_records
from newskg.graph.store.remote import RemoteStore

BAD_LINES = [
    '{"text": oops}',
    json.dumps({"id": "markup", "text": "<p>Kirby sagte, es regne.</p>"}),
    json.dumps({"id": "leer", "text": "   "}),
    json.dumps({"id": "gross", "text": "Titel\n" + "Wort " * 1_100_000}),
    json.dumps({"id": "kurz-1", "text": "Doppelt\nKirby sagte, es regne."}),
]


def write_corpus(path: Path, bad: bool = True) -> Path:
    good = [json.dumps({"id": f"kurz-{i}", "text": f"Meldung {i}\nPeskow sagte am Montag, es "
                        f"schneie seit {i} Tagen."}) for i in range(1, 5)]
    lines = good[:2] + (BAD_LINES if bad else []) + good[2:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_documents_are_reported_with_their_line_and_the_run_goes_on(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    done = newskg("--store", str(tmp_path / "store"), "ingest", str(corpus), "--jobs", "1")
    assert done.returncode == 1, done.err
    assert [line.split(":")[0] for line in done.out.splitlines()] == [
        "kurz-1", "kurz-2", "kurz-3", "kurz-4"]
    errors = [line for line in done.err.splitlines() if line.startswith("newskg: error:")]
    assert [e.split(": ")[2].rsplit(":", 1)[1] for e in errors] == ["3", "4", "5", "6", "7"]
    for fragment in ("malformed JSON", "HTML markup", "empty", "too large",
                     "document id 'kurz-1' already given by"):
        assert sum(fragment in e for e in errors) == 1, (fragment, errors)
    assert "4 ingested, 0 skipped, 5 failed" in done.err.splitlines()[-1]
    quads, records = fingerprint(tmp_path / "store")
    assert len(records) == 4 and quads
    assert {r[1] for r in records.values()} == {extractor_version()}


def test_a_rerun_skips_what_is_stored_unchanged_and_redoes_what_changed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", bad=False)
    store = tmp_path / "store"
    assert newskg("--store", str(store), "ingest", str(corpus), "--jobs", "1").returncode == 0
    before = fingerprint(store)
    version = _version(store)
    again = newskg("--store", str(store), "ingest", str(corpus), "--jobs", "1")
    assert again.returncode == 0, again.err
    assert again.out.count("unchanged, skipped") == 4
    assert "0 ingested, 4 skipped, 0 failed" in again.err
    assert fingerprint(store) == before and _version(store) == version
    corpus.write_text(corpus.read_text(encoding="utf-8").replace("seit 3 Tagen",
                                                                 "seit 30 Tagen"), "utf-8")
    changed = newskg("--store", str(store), "ingest", str(corpus), "--jobs", "1")
    assert "1 ingested, 3 skipped, 0 failed" in changed.err, changed.err
    assert [line.split(":")[0] for line in changed.out.splitlines()
            if "unchanged" not in line] == ["kurz-3"]


def _version(store: Path) -> str:
    opened = EmbeddedStore(store, read_only=True)
    try:
        return opened.version()
    finally:
        opened.close()


def test_strict_writes_nothing_when_one_document_is_bad(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    store = tmp_path / "store"
    done = newskg("--store", str(store), "ingest", str(corpus), "--strict", "--jobs", "1")
    assert done.returncode == 1
    assert done.err.splitlines() == [(f"newskg: error: {corpus}:3: malformed JSON: Expecting "
                                     "value (column 10)")]
    assert fingerprint(store)[1] == {}


def _start(store: Path, corpus: Path, jobs: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    return subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", "--store", str(store), "ingest", str(corpus),
         "--jobs", jobs, "--batch-size", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)


def _kill_after_lines(process: subprocess.Popen, lines: int) -> int:
    """kill -9 the run (its whole process group: writer and workers) after ``lines`` written
    documents; 0 lines means during the first analyses, before any write."""
    seen = 0
    if lines == 0:
        _wait_for_workers(process.pid)
    while seen < lines:
        line = process.stdout.readline()
        if not line:
            break
        seen += 1
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    process.stdout.close()
    return seen


def _wait_for_workers(group: int, workers: int = 2) -> None:
    """Until the run's worker processes exist (its process group: writer, forkserver, workers)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        members = 0
        for entry in os.listdir("/proc"):
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except (OSError, ValueError):
                continue
            if entry.isdigit() and int(stat.rsplit(")", 1)[1].split()[2]) == group:
                members += 1
        if members >= 2 + workers:
            return
        time.sleep(0.05)
    raise AssertionError("the worker processes did not start")


@pytest.mark.parametrize("written_before_kill", [0, 6])
def test_kill_9_then_a_rerun_gives_the_store_of_an_uninterrupted_run(tmp_path,
                                                                     written_before_kill):
    corpus = synthetic(tmp_path / "corpus.jsonl", 24)
    reference = tmp_path / "reference"
    assert newskg("--store", str(reference), "ingest", str(corpus), "--jobs", "1").returncode == 0
    store = tmp_path / "killed"
    seen = _kill_after_lines(_start(store, corpus, "2"), written_before_kill)
    assert seen == written_before_kill
    _quads, records = fingerprint(store)  # every graph there is complete, with its record
    assert written_before_kill <= len(records) < 24
    rerun = newskg("--store", str(store), "ingest", str(corpus), "--jobs", "2")
    assert rerun.returncode == 0, rerun.err
    assert f"{24 - len(records)} ingested, {len(records)} skipped, 0 failed" in rerun.err
    assert fingerprint(store) == fingerprint(reference)


def test_peak_memory_is_bounded_by_the_batch_not_the_corpus(tmp_path):
    """2,000 documents peak within a small factor of 200 (the writer analyses, --jobs 1)."""
    peaks = {}
    for count in (200, 2000):
        corpus = tmp_path / f"tiny-{count}.jsonl"
        corpus.write_text("".join(
            json.dumps({"id": f"t{i}", "text": f"Meldung {i}\nPeskow sagte am Montag, es "
                        f"schneie seit {i} Tagen."}) + "\n" for i in range(count)), "utf-8")
        probe = ("import resource, sys\nfrom newskg.cli import main\n"
                 "if __name__ == '__main__':\n    code = main(sys.argv[1:])\n"
                 "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                 "file=sys.stderr)\n    sys.exit(code)\n")
        done = subprocess.run(
            [sys.executable, "-c", probe, "--store", str(tmp_path / f"store-{count}"),
             "ingest", str(corpus), "--jobs", "1", "--log-every", "0"],
            capture_output=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr.decode()
        peaks[count] = int(done.stderr.decode().splitlines()[-1])
    assert peaks[2000] < 1.5 * peaks[200], peaks


def test_ingest_documents_records_hash_and_version(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    try:
        (summary,) = ingest_documents(store, seed_documents(), DEFAULT_DATA_BASE)
        records = dict(all_records(store))
    finally:
        store.close()
    assert list(records) == [summary.iri]
    assert records[summary.iri].extractor == extractor_version()


def test_a_store_that_fails_stops_the_run_with_nothing_half_written(tmp_path):
    """Oxigraph server stopped in the middle of a run: one error line, exit 1; restarted, it
    holds only complete documents, and a rerun finishes the corpus."""
    corpus = synthetic(tmp_path / "corpus.jsonl", 24, seed=5)
    server = start_oxigraph(tmp_path / "oxigraph")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    run = subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", "--store", server.url, "ingest", str(corpus),
         "--jobs", "1", "--batch-size", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    for _ in range(3):
        assert run.stdout.readline()
    server.stop()
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1
    errors = err.decode().splitlines()
    assert len(errors) == 1 and errors[0].startswith("newskg: error:"), errors
    assert "Traceback" not in err.decode()
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        remote = RemoteStore(server.url)
        written = dict(all_records(remote))
        assert set(remote.graphs()) - {ONTOLOGY_IRI} == set(written)  # each one complete
        rerun = newskg("--store", server.url, "ingest", str(corpus), "--jobs", "1")
        assert rerun.returncode == 0, rerun.err
        skipped = int(re.search(r"(\d+) skipped", rerun.err).group(1))
        assert skipped == len(written) and 3 <= skipped < 24
        assert rerun.out.count("unchanged, skipped") == skipped
    finally:
        server.stop()

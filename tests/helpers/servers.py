"""A seeded store and a live ``newskg serve`` (or a bare app server) on a free port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from conftest import start_live_server, stop_process
from newskg.graph.ingest.reader import Metadata, read_text_file
from newskg.graph.ingest.writer import ingest_documents
from newskg.graph.model import Actor, Analysis, Document, Mention, Sentence, Span, Statement
from newskg.graph.namespaces import DEFAULT_DATA_BASE
from newskg.graph.rdf.iris import document_iri
from newskg.graph.rdf.mapping import analysis_to_triples
from newskg.graph.store.embedded import EmbeddedStore
from seed_analysis import seed_analysis

from helpers.cli import SEED

TOKEN = "test-token-for-ingest"


def seed_store(directory: Path, extra_documents=()) -> Path:
    """A store directory holding the seed article (and more), ingested by the real pipeline."""
    store = EmbeddedStore(directory)
    documents = [read_text_file(SEED, Metadata(published=date(2024, 10, 24)))]
    ingest_documents(store, documents + list(extra_documents), DEFAULT_DATA_BASE)
    store.close()
    del store  # pyoxigraph releases the directory lock when the store object goes
    return directory


@contextmanager
def live_server(store_dir: Path, token: str | None = None, *options: str) -> Iterator[str]:
    """`newskg serve` on the store (the shared ``start_live_server``); yields its base URL."""
    if token:
        options = (*options, "--update-token", token)
    server = start_live_server(store_dir, store_dir.parent / "server.log", "--threads", "4",
                               *options, env={"NEWSKG_UPDATE_TOKEN": "", "NEWSKG_RATE_LIMIT": "0"})
    try:
        yield server.url
    finally:
        server.stop()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]
BASE = DEFAULT_DATA_BASE
PROBE_ID = "script-probe"
HOSTILE_IRI = "javascript:alert(1)"
RDFS_SEE_ALSO = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
PROBE_TEXT = 'Ein Sprecher sagte, <script>alert("x")</script> sei nur Text.'
SERVER_SCRIPT = """
import sys
from waitress import create_server
from newskg.config import Settings
from newskg.server.app import create_app

app = create_app(Settings(store=sys.argv[1]))
server = create_server(app, host="127.0.0.1", port=0, threads=4)
print(server.effective_port, flush=True)
server.run()
"""


def probe_analysis() -> Analysis:
    """A one-statement document whose content holds markup that must stay text."""
    start = PROBE_TEXT.index("<script>")
    end = PROBE_TEXT.index(" sei")
    sentence = Sentence(0, 0, len(PROBE_TEXT), PROBE_TEXT)
    mention = Mention(0, 12, "Ein Sprecher", 0, "person", actor="Probe Sprecher")
    statement = Statement(
        speaker="Probe Sprecher", mention=mention, cue="sagte", cue_lemma="sagen",
        kind="assertion", direct_quote="none", content=Span(start, end),
        content_text=PROBE_TEXT[start:end], sentence=0,
    )
    document = Document(PROBE_ID, PROBE_TEXT, title="<b>Probe</b>", sentences=[sentence])
    actors = {"Probe Sprecher": Actor("Probe Sprecher", "person")}
    return Analysis(document=document, actors=actors, mentions=[mention], statements=[statement])


def build_store(path: Path) -> None:
    store = EmbeddedStore(path)
    for analysis in (seed_analysis(), probe_analysis()):
        iri = document_iri(analysis.document.id, BASE)
        triples = analysis_to_triples(analysis, BASE)
        if analysis.document.id == PROBE_ID:  # a valid IRI that must never become a link
            triples.append(ox.Triple(ox.NamedNode(iri), RDFS_SEE_ALSO, ox.NamedNode(HOSTILE_IRI)))
        store.replace_graph(iri, triples)
    store.close()


def start_server(store_path: Path, **env_vars: str) -> tuple[subprocess.Popen, str]:
    """A real server process over ``store_path``; returns it and its base URL."""
    env = {**os.environ, "NEWSKG_BASE": BASE, **env_vars}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT, str(store_path)],
        stdout=subprocess.PIPE, env=env, text=True,
    )
    line = process.stdout.readline().strip()
    if not line.isdigit():
        process.kill()
        raise RuntimeError(f"server did not start (said {line!r})")
    return process, f"http://127.0.0.1:{line}"


def stop_server(process: subprocess.Popen) -> None:
    """Interrupt (so the server's exit handlers remove its dump cache), kill if it lingers."""
    stop_process(process, signal.SIGINT, 10)

"""Synthetic corpora (bench/corpus.py) and a store's fingerprint, for ingest tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.store.embedded import EmbeddedStore
from newskg.graph.store.records import all_records

ROOT = Path(__file__).resolve().parents[2]


def synthetic(path: Path, articles: int, seed: int = 1) -> Path:
    """A corpus from bench/corpus.py (German-like articles made from the lexicons)."""
    subprocess.run([sys.executable, "-m", "bench.corpus", "--articles", str(articles),
                    "--seed", str(seed), "--output", str(path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    return path


def fingerprint(store: Path) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Every data quad (blank node labels masked) and every document record of a store."""
    opened = EmbeddedStore(store, read_only=True)
    try:
        quads = []
        for quad in opened.ox_store.quads_for_pattern(None, None, None):
            if quad.graph_name == ox.NamedNode("urn:newskg:meta"):
                continue
            quads.append(re.sub(r"_:\S+", "_:b", str(quad)))
        records = {g: (r.content_hash, r.extractor) for g, r in all_records(opened)}
        graphs = set(opened.graphs()) - {ONTOLOGY_IRI}
    finally:
        opened.close()
    assert graphs == set(records), "a graph without its record, or a record without its graph"
    return sorted(quads), records

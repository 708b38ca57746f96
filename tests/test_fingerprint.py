"""The pipeline fingerprint that shows a refactoring changed no triple (on the seed only:
tests never read the Wikinews corpus)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from newskg.graph.evaluation.fingerprint import (
    EXTRACTOR_MARK,
    corpus_documents,
    fingerprint,
)
from newskg.graph.ingest.reader import seed_documents


def test_seed_fingerprint_is_stable_and_hashes_the_listing():
    listing = io.StringIO()
    first = fingerprint(seed_documents(), dump=listing)
    assert first == fingerprint(seed_documents())
    lines = listing.getvalue().splitlines()
    assert lines[0].startswith("# ") and len(lines) > 100
    assert not any(line.startswith("ERROR") for line in lines)
    # the extractor version hashes the source files: a fixed mark stands for it
    assert any(f'"{EXTRACTOR_MARK}"' in line for line in lines)


def test_corpus_fingerprint_from_the_command_line(tmp_path):
    seed = seed_documents()[0]
    corpus = tmp_path / "split.jsonl"
    corpus.write_text(json.dumps({"id": "a1", "text": seed.text, "published": "2024-10-24"})
                      + "\n\n", encoding="utf-8")
    [document] = corpus_documents(corpus)
    assert document.id == "a1" and document.published.isoformat() == "2024-10-24"
    run = subprocess.run(
        [sys.executable, "-m", "newskg.graph.evaluation.fingerprint", str(corpus)],
        capture_output=True, text=True, check=True,
    )
    digest, name = run.stdout.split()
    assert name == "split.jsonl" and digest == fingerprint(corpus_documents(corpus))

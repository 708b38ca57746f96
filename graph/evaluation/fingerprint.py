"""One hash of everything the pipeline says about a corpus, to show a refactoring changed nothing.

Each document of the corpus is analysed and mapped to triples exactly as ``newskg ingest``
does; its triples are written as sorted N-Triples under a ``# <id>`` line and the whole
listing is hashed (SHA-256). The extractor version (a hash of the pipeline's own files) is
written as a fixed mark. Two checkouts that print the same hash for a split produce
byte-identical graphs for it. A document the pipeline fails on contributes an ``ERROR`` line
naming the exception, so a new failure changes the hash too.

Run ``python -m newskg.graph.evaluation.fingerprint [--seed] [--dump DIR] [CORPUS.jsonl ...]``
(``scripts/pipeline-fingerprint`` does), before and after a change; ``--dump`` writes the
listings too, to diff when the hashes differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from newskg.graph.ingest.reader import seed_documents
from newskg.graph.model import Document
from newskg.graph.namespaces import DEFAULT_DATA_BASE
from newskg.graph.pipeline import analyze
from newskg.graph.rdf.mapping import analysis_to_triples

#: Stands for the extractor version, which hashes the pipeline's source files and so differs
#: after any edit, even one that changes no output.
EXTRACTOR_MARK = "extractor"


def document_lines(document: Document, base: str = DEFAULT_DATA_BASE) -> Iterator[str]:
    """The ``# id`` header and the document's sorted N-Triples lines (or one ERROR line)."""
    yield f"# {document.id}"
    try:
        analysis = analyze(document)
        if analysis.extractor:
            analysis.extractor = EXTRACTOR_MARK
        rows = sorted(str(triple) for triple in analysis_to_triples(analysis, base))
    except Exception as err:  # noqa: BLE001 - a failure is part of the fingerprint
        rows = [f"ERROR {type(err).__name__}: {err}"]
    yield from rows


def fingerprint(
    documents: Iterable[Document], base: str = DEFAULT_DATA_BASE, dump: TextIO | None = None
) -> str:
    """SHA-256 (hex) of the listing of every document's triples, in the order given; the
    listing itself goes to ``dump`` when given (to diff two checkouts that differ)."""
    digest = hashlib.sha256()
    for document in documents:
        for line in document_lines(document, base):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
            if dump is not None:
                dump.write(line + "\n")
    return digest.hexdigest()


def corpus_documents(path: Path) -> Iterator[Document]:
    """The documents of a JSON Lines corpus (``id``, ``text``, optional ``published``, ``title``).

    Read as given, without the ingest reader's checks: a corpus article that ``newskg ingest``
    would refuse (a stray character reference, say) still exercises the pipeline.
    """
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            published = record.get("published")
            yield Document(
                id=str(record["id"]),
                text=record["text"],
                published=date.fromisoformat(published) if published else None,
                title=record.get("title"),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pipeline-fingerprint",
        description="Print one SHA-256 of the pipeline's triples per corpus (and the seed).",
    )
    parser.add_argument("corpora", nargs="*", type=Path, help="JSON Lines corpora")
    parser.add_argument("--seed", action="store_true", help="also the bundled seed article")
    parser.add_argument("--dump", type=Path, metavar="DIR",
                        help="also write each listing to DIR/<name>.nt.txt (to diff)")
    args = parser.parse_args(argv)
    if not args.seed and not args.corpora:
        parser.error("give --seed or at least one corpus")
    splits: list[tuple[str, Iterable[Document]]] = [("seed", seed_documents())] if args.seed \
        else []
    splits += [(path.name, corpus_documents(path)) for path in args.corpora]
    for name, documents in splits:
        if args.dump is None:
            digest = fingerprint(documents)
        else:
            args.dump.mkdir(parents=True, exist_ok=True)
            with (args.dump / f"{name}.nt.txt").open("w", encoding="utf-8") as dump:
                digest = fingerprint(documents, dump=dump)
        print(f"{digest}  {name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

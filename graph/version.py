"""The extractor version: which code, lexicons and trained models turned a text into triples.

The package version and a hash of the analysis modules, lexicons and model files. It is
stored with each document's graph (so a rerun of ``newskg ingest`` skips what is stored
exactly as it would be written) and on each statement (``nkg:extractorVersion``), so a
query can tell statements of an older extractor apart.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from newskg import __version__

#: The stages whose code or data decides a document's triples (storage, ingest and
#: evaluation do not); ``attribution`` holds the trained models.
EXTRACTOR_PARTS = ("text", "actors", "statements", "facts", "rdf", "lexicon", "attribution")
EXTRACTOR_FILES = ("pipeline.py", "model.py", "namespaces.py")
_SUFFIXES = (".py", ".tsv", ".toml", ".txt", ".json")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The package version and a hash of every file that decides a document's triples."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [root / name for name in EXTRACTOR_FILES]
    for part in EXTRACTOR_PARTS:
        files += sorted(p for p in (root / part).rglob("*") if p.is_file()
                        and p.suffix in _SUFFIXES)
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"

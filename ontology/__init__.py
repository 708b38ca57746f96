"""The ontology files (OWL and SHACL) shipped with newskg.

Callers ask here for the paths instead of building them, so that exports, validation and the
server all read the same installed files.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def ontology_path() -> Path:
    """The OWL Lite ontology in Turtle (``newskg.ttl``)."""
    return _HERE / "newskg.ttl"


def shapes_path() -> Path:
    """The SHACL shapes the data must conform to (``shapes.ttl``)."""
    return _HERE / "shapes.ttl"

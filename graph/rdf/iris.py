"""Deterministic IRIs for everything newskg mints (the table in docs/data-model.md).

The same article ingested twice must yield the same IRIs, and one actor named in two articles
must be one node, so every IRI is built here from names and offsets, never from counters kept
elsewhere.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from newskg.graph.namespaces import DEFAULT_DATA_BASE

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII form of ``text``: umlauts spelled out, accents dropped, runs of other
    characters turned into one ``-``.

    A text with no Latin letters or digits at all (e.g. only Cyrillic) slugs to
    ``u-<first 12 hex of SHA-256>`` so that it still gets a stable, non-empty IRI.
    """
    lowered = text.lower().translate(_UMLAUTS)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    result = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if result:
        return result
    if not text.strip():
        raise ValueError("cannot make an IRI slug from an empty name")
    return "u-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def doc_id_for(given_id: str | None = None, path: str | Path | None = None,
               text: str | None = None) -> str:
    """The document id: the given ``id``, else the file name without extension, else
    ``sha-<first 12 hex of SHA-256 of the text>``; always passed through :func:`slug`."""
    if given_id is not None and str(given_id).strip():
        return slug(str(given_id))
    if path is not None and str(path) not in ("", "-"):
        stem = Path(path).stem
        if stem.strip():
            return slug(stem)
    if text is None:
        raise ValueError("a document id needs an id, a file name or the text")
    return slug("sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12])


def _base(base: str | None) -> str:
    chosen = base or DEFAULT_DATA_BASE
    return chosen if chosen.endswith(("/", "#")) else chosen + "/"


def document_iri(doc_id: str, base: str | None = None) -> str:
    """The document, also the IRI of the named graph that holds its triples."""
    return f"{_base(base)}doc/{doc_id}"


def sentence_iri(doc_id: str, index: int, base: str | None = None) -> str:
    return f"{document_iri(doc_id, base)}/sentence/{index}"


def statement_iri(doc_id: str, index: int, base: str | None = None) -> str:
    """Statement ``index`` in text order (0-based)."""
    return f"{document_iri(doc_id, base)}/statement/{index}"


def span_iri(doc_id: str, start: int, end: int, base: str | None = None) -> str:
    return f"{document_iri(doc_id, base)}/span/{start}-{end}"


def time_iri(doc_id: str, index: int, base: str | None = None) -> str:
    """Date expression ``index`` (0-based, in the order the mapping numbers them)."""
    return f"{document_iri(doc_id, base)}/time/{index}"


def instant_iri(time: str, which: str) -> str:
    """The OWL-Time instant that begins (``which="begin"``) or ends a date expression."""
    if which not in ("begin", "end"):
        raise ValueError(f"an instant is 'begin' or 'end', not {which!r}")
    return f"{time}/{which}"


def quantity_iri(doc_id: str, start: int, end: int, base: str | None = None) -> str:
    return f"{document_iri(doc_id, base)}/quantity/{start}-{end}"


def event_iri(doc_id: str, index: int, base: str | None = None) -> str:
    return f"{document_iri(doc_id, base)}/event/{index}"


def actor_iri(name: str, base: str | None = None) -> str:
    """An actor, keyed by its canonical name across all documents."""
    return f"{_base(base)}actor/{slug(name)}"


def post_iri(title: str, organization: str | None = None, base: str | None = None) -> str:
    """A post (role), qualified by its organization when one is known."""
    iri = f"{_base(base)}post/{slug(title)}"
    return f"{iri}--{slug(organization)}" if organization else iri


def place_iri(name: str, base: str | None = None) -> str:
    return f"{_base(base)}place/{slug(name)}"

"""Inputs to ``Document``s (``writer.py`` and ``stream.py`` put them into the store).

Reading validates every input before anything is written, so a bad file among many leaves
the store unchanged: empty, binary, non-UTF-8, HTML, over-long articles, malformed JSON
Lines, invalid dates and duplicate document ids are refused with one line naming the file
(and line). HTML is refused rather than stripped because character offsets in the graph
point into the text exactly as ingested; stripping would make them point into a text the
user never had.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from newskg.graph.model import Document
from newskg.graph.rdf.iris import doc_id_for

#: Longest article accepted, in bytes of UTF-8 (a news article is a few kB).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md", "")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
INPUT_FORMATS = ("text", "jsonl")
#: The bundled seed article (newskg/data/seed/) and its publication date (see its README).
SEED_FILE = "nordkorea-soldaten-russland.txt"
SEED_PUBLISHED = date(2024, 10, 24)

#: Plain text is an allow-list: anything that a browser or an XML parser would read as markup
#: (a tag or end tag, a comment, a doctype or CDATA, a processing instruction, a character or
#: entity reference) is refused, whatever its name, and so are control characters other
#: than tab and line breaks.
_MARKUP = re.compile(
    r"<\s*[A-Za-z/!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_JSONL_KEYS = ("text", "id", "published", "source", "title")


class IngestError(Exception):
    """An input cannot be ingested; the one-line message names the file (and line)."""


@dataclass(frozen=True)
class IngestSummary:
    """What one ingested document contributed to the store."""

    document: str  # document id
    iri: str  # the document IRI, also its named graph
    statements: int
    actors: int
    triples: int
    warnings: tuple[str, ...] = ()  # what the pipeline found odd about the text

    def line(self) -> str:
        return (
            f"{self.document}: {self.statements} statements, {self.actors} actors, "
            f"{self.triples} triples"
        )


@dataclass(frozen=True)
class Metadata:
    """Command-line metadata: fills in what an input does not say itself."""

    published: date | None = None
    source: str | None = None
    title: str | None = None


# -- reading --------------------------------------------------------------------------------


def read_inputs(
    paths: Sequence[str],
    metadata: Metadata = Metadata(),
    input_format: str | None = None,
    stdin: BinaryIO | None = None,
) -> list[Document]:
    """Every document named by ``paths`` (files, directories of .txt, ``-``), all validated."""
    if not paths:
        raise IngestError("nothing to ingest: give a file, a directory or - for standard input")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise IngestError(f"unknown input format {input_format!r} (expected text or jsonl)")
    documents: list[Document] = []
    origins: dict[str, str] = {}
    for raw in paths:
        for origin, doc in _read_path(raw, metadata, input_format, stdin):
            if doc.id in origins:
                raise IngestError(
                    f"{origin}: document id {doc.id!r} already given by {origins[doc.id]}"
                )
            origins[doc.id] = origin
            documents.append(doc)
    if metadata.title is not None and len(documents) > 1:
        raise IngestError(f"--title names one document, but {len(documents)} were given")
    return documents


def _read_path(
    raw: str, metadata: Metadata, input_format: str | None, stdin: BinaryIO | None
) -> Iterable[tuple[str, Document]]:
    if raw == "-":
        data = _read_stream(stdin or sys.stdin.buffer, "<stdin>", input_format == "jsonl")
        if input_format == "jsonl":
            return read_jsonl_bytes(data, "<stdin>", metadata)
        return [("<stdin>", text_document(data, "<stdin>", None, metadata))]
    path = Path(raw)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.txt") if p.is_file())
        if not files:
            raise IngestError(f"{path}: directory holds no .txt files")
        return [(str(f), read_text_file(f, metadata)) for f in files]
    if not path.exists():
        raise IngestError(f"{path}: no such file or directory")
    fmt = input_format or format_from_suffix(path)
    if fmt == "jsonl":
        return read_jsonl_file(path, metadata)
    return [(str(path), read_text_file(path, metadata))]


def format_from_suffix(path: Path) -> str:
    """``jsonl`` or ``text`` from a file's extension, or an IngestError naming the file."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise IngestError(
        f"{path}: unsupported input format {suffix!r}: expected plain text (.txt) or "
        "JSON Lines (.jsonl); use --input-format to override"
    )


def read_text_file(path: Path, metadata: Metadata = Metadata()) -> Document:
    """A plain-text article: the whole file is the text, its first line the headline."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise IngestError(f"{path}: {_too_big(size)}")
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: cannot read: {err.strerror or err}") from err
    return text_document(data, str(path), path, metadata)


def text_document(
    data: bytes, origin: str, path: Path | None, metadata: Metadata = Metadata()
) -> Document:
    """A ``Document`` from the bytes of a plain-text article (validated)."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise IngestError(f"{origin}: {_too_big(len(data))}")
    text = _decode(data, origin)
    _check_text(text, origin)
    headline = text.lstrip().splitlines()[0].strip()
    return _document(text, origin, None, path, metadata.title or headline, metadata.published,
                     metadata.source)


def read_jsonl_file(path: Path, metadata: Metadata = Metadata()) -> list[tuple[str, Document]]:
    """Every article of a JSON Lines corpus (one object per line)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: cannot read: {err.strerror or err}") from err
    return read_jsonl_bytes(data, str(path), metadata)


def read_jsonl_bytes(
    data: bytes, origin: str, metadata: Metadata = Metadata()
) -> list[tuple[str, Document]]:
    """Parse a JSON Lines corpus: ``text``, optional ``id``, ``published``, ``source``, ``title``."""
    if b"\x00" in data:
        raise IngestError(f"{origin}: binary data (NUL bytes), not JSON Lines")
    out: list[tuple[str, Document]] = []
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        where = f"{origin}:{number}"
        try:
            line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            raise IngestError(f"{where}: not UTF-8 (byte {err.start + 1} of the line)") from err
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise IngestError(f"{where}: malformed JSON: {err.msg} (column {err.colno})") from err
        out.append((where, record_document(record, where, metadata)))
    if not out:
        raise IngestError(f"{origin}: empty: no JSON Lines records")
    return out


def record_document(record: object, where: str, metadata: Metadata) -> Document:
    """The ``Document`` of one parsed JSON Lines record (validated; ``where`` names the line)."""
    if not isinstance(record, dict):
        raise IngestError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for key in _JSONL_KEYS:
        value = record.get(key)
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            continue
        if value is not None and not isinstance(value, str):
            raise IngestError(f"{where}: {key!r} must be a string, got {type(value).__name__}")
    text = record.get("text")
    if text is None:
        raise IngestError(f"{where}: missing 'text'")
    encoded = len(text.encode("utf-8", "surrogatepass"))
    if encoded > MAX_ARTICLE_BYTES:
        raise IngestError(f"{where}: {_too_big(encoded)}")
    if "\x00" in text:
        raise IngestError(f"{where}: binary data (NUL characters) in 'text'")
    _check_text(text, where)
    published = record.get("published")
    given_id = record.get("id")
    return _document(
        text,
        where,
        None if given_id is None else str(given_id),
        None,
        record.get("title") or metadata.title,
        parse_published(published, where) if published else metadata.published,
        record.get("source") or metadata.source,
    )


def _document(
    text: str,
    origin: str,
    given_id: str | None,
    path: Path | None,
    title: str | None,
    published: date | None,
    source: str | None,
) -> Document:
    if source is not None:
        check_source(source, origin)
    try:
        doc_id = doc_id_for(given_id, path, text)
    except ValueError as err:
        raise IngestError(f"{origin}: no usable document id: {err}") from err
    return Document(
        id=doc_id,
        text=text,
        title=title.strip() if title and title.strip() else None,
        published=published,
        source=source,
    )


def _read_stream(stream: BinaryIO, origin: str, corpus: bool) -> bytes:
    limit = None if corpus else MAX_ARTICLE_BYTES + 1
    data = stream.read() if limit is None else stream.read(limit)
    if not corpus and len(data) > MAX_ARTICLE_BYTES:
        raise IngestError(f"{origin}: {_too_big(len(data))}")
    return data


def _decode(data: bytes, origin: str) -> str:
    if b"\x00" in data:
        raise IngestError(f"{origin}: binary file (NUL bytes), not a plain-text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{origin}: not UTF-8 (invalid byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it, e.g. with iconv -f latin1 -t utf-8"
        ) from err


def _check_text(text: str, origin: str) -> None:
    if not text.strip():
        raise IngestError(f"{origin}: empty: no text to ingest")
    tag = _MARKUP.search(text)
    if tag:
        around = text[tag.start():tag.start() + 20]
        raise IngestError(
            f"{origin}: HTML markup ({around!r}): refused, not stripped, because "
            "offsets must point into the text as given; convert it to plain text first"
        )
    control = _CONTROL.search(text)
    if control:
        raise IngestError(
            f"{origin}: control character U+{ord(control.group()):04X} at offset "
            f"{control.start()}: not plain text"
        )


def _too_big(size: int) -> str:
    return (
        f"too large for one article ({size / 1_048_576:.1f} MB > "
        f"{MAX_ARTICLE_BYTES // 1_048_576} MB): refused"
    )


def parse_published(value: str, where: str = "--published") -> date:
    """An ISO 8601 date (``2024-10-24``; a date-time keeps its date), or a clear error."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise IngestError(
            f"{where}: invalid date {value!r}: expected YYYY-MM-DD, e.g. 2024-10-24"
        ) from None


def check_source(source: str, where: str = "--source") -> str:
    """The source must be an absolute IRI (it becomes ``schema:url``)."""
    try:
        if not _IRI_SCHEME.match(source):
            raise ValueError("no scheme")
        ox.NamedNode(source)
    except ValueError:
        raise IngestError(
            f"{where}: invalid source {source!r}: expected an absolute URL such as "
            "https://example.org/article"
        ) from None
    return source


def seed_documents() -> list[Document]:
    """The bundled seed article; it states no date, and is ingested as of 2024-10-24."""
    seed = Path(str(resources.files("newskg").joinpath("data", "seed")))
    return read_inputs([str(seed / SEED_FILE)], Metadata(published=SEED_PUBLISHED))

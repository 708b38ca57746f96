"""Inputs as a stream of documents, one at a time, each good or failed on its own.

``read_inputs`` (reader.py) validates a whole corpus before anything is written: right for a
handful of articles, impossible for an archive larger than memory. Here a JSON Lines corpus is
read line by line and a directory file by file, so memory does not grow with the corpus, and a
bad document (malformed line, empty, markup, too large, a duplicate id) becomes an ``Item``
with its line or path and reason while the rest go on. Mistakes of the command line itself
(no such file, unknown format) are found by ``check_inputs`` before the first document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newskg.graph.ingest.reader import (
    INPUT_FORMATS,
    MAX_ARTICLE_BYTES,
    IngestError,
    Metadata,
    format_from_suffix,
    read_text_file,
    record_document,
    text_document,
)
from newskg.graph.model import Document

#: Longest JSON Lines line read whole: an article at the size limit with every character
#: escaped, plus its metadata. Longer lines are skipped unread and reported as too large.
MAX_LINE_BYTES = 6 * MAX_ARTICLE_BYTES + 65_536
_SKIP_CHUNK = 1 << 20
NO_METADATA = Metadata()


@dataclass(frozen=True)
class Item:
    """One input: its document, or why there is none; ``origin`` is its path or path:line."""

    origin: str
    document: Document | None = None
    error: str | None = None


def check_inputs(
    paths: Sequence[str], metadata: Metadata = NO_METADATA, input_format: str | None = None
) -> None:
    """Refuse a command line that cannot name documents, before any is read or written."""
    if not paths:
        raise IngestError("nothing to ingest: give a file, a directory or - for standard input")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise IngestError(f"unknown input format {input_format!r} (expected text or jsonl)")
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if path.is_dir():
            if not any(p.is_file() for p in path.glob("*.txt")):
                raise IngestError(f"{path}: directory holds no .txt files")
            continue
        if not path.exists():
            raise IngestError(f"{path}: no such file or directory")
        input_format or format_from_suffix(path)
    if metadata.title is not None and not _one_document(paths, input_format):
        raise IngestError("--title names one document, but several may be given")


def _one_document(paths: Sequence[str], input_format: str | None) -> bool:
    if len(paths) != 1:
        return False
    raw = paths[0]
    if raw == "-":
        return input_format != "jsonl"
    path = Path(raw)
    return not path.is_dir() and (input_format or format_from_suffix(path)) == "text"


def iter_items(
    paths: Sequence[str],
    metadata: Metadata = NO_METADATA,
    input_format: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Every input named by ``paths``, lazily; a repeated document id is a failed item."""
    check_inputs(paths, metadata, input_format)
    seen: dict[str, str] = {}
    for raw in paths:
        for item in _items_of(raw, metadata, input_format, stdin):
            doc = item.document
            if doc is not None:
                if doc.id in seen:
                    item = Item(item.origin, error=f"document id {doc.id!r} already given by "
                                                   f"{seen[doc.id]}")
                else:
                    seen[doc.id] = item.origin
            yield item


def _items_of(
    raw: str, metadata: Metadata, input_format: str | None, stdin: BinaryIO | None
) -> Iterator[Item]:
    if raw == "-":
        stream = stdin or sys.stdin.buffer
        if input_format == "jsonl":
            yield from jsonl_items(stream, "<stdin>", metadata)
        else:
            yield _guarded("<stdin>", lambda: _stdin_document(stream, metadata))
        return
    path = Path(raw)
    if path.is_dir():
        for file in sorted(p for p in path.glob("*.txt") if p.is_file()):
            yield _guarded(str(file), lambda f=file: read_text_file(f, metadata))
        return
    if (input_format or format_from_suffix(path)) == "jsonl":
        try:
            with path.open("rb") as handle:
                yield from jsonl_items(handle, str(path), metadata)
        except OSError as err:
            yield Item(str(path), error=f"cannot read: {err.strerror or err}")
        return
    yield _guarded(str(path), lambda: read_text_file(path, metadata))


def _guarded(origin: str, read) -> Item:
    try:
        return Item(origin, read())
    except IngestError as err:
        return Item(origin, error=_reason(str(err), origin))


def _reason(message: str, origin: str) -> str:
    """The message without the origin it starts with (the item carries the origin)."""
    return message.removeprefix(f"{origin}: ")


def _stdin_document(stream: BinaryIO, metadata: Metadata) -> Document:
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    return text_document(data, "<stdin>", None, metadata)


def jsonl_items(stream: BinaryIO, origin: str, metadata: Metadata = NO_METADATA) -> Iterator[Item]:
    """Each record of a JSON Lines stream as it is read; every bad line is its own failure."""
    number = 0
    records = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES)
        if not raw:
            break
        number += 1
        where = f"{origin}:{number}"
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield Item(where, error=f"too large for one article (a line over "
                                    f"{MAX_LINE_BYTES // 1_048_576} MB): refused")
            continue
        if not raw.strip():
            continue
        records += 1
        yield _line_item(raw, number, where, metadata)
    if not records:
        yield Item(origin, error="empty: no JSON Lines records")


def _skip_line(stream: BinaryIO) -> None:
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _line_item(raw: bytes, number: int, where: str, metadata: Metadata) -> Item:
    if b"\x00" in raw:
        return Item(where, error="binary data (NUL bytes), not JSON Lines")
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as err:
        return Item(where, error=f"not UTF-8 (byte {err.start + 1} of the line)")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Item(where, error=f"malformed JSON: {err.msg} (column {err.colno})")
    return _guarded(where, lambda: record_document(record, where, metadata))


def estimate_total(paths: Sequence[str], input_format: str | None = None) -> int | None:
    """How many documents the inputs hold (lines of JSON Lines counted), None for stdin."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            total += sum(1 for p in path.glob("*.txt") if p.is_file())
        elif (input_format or format_from_suffix(path)) == "jsonl":
            total += _count_lines(path)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_SKIP_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")

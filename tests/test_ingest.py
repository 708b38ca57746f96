"""Reading inputs into Documents (every bad input refused, naming the file) and ingesting them."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from newskg.graph.ingest.reader import (
    MAX_ARTICLE_BYTES,
    IngestError,
    Metadata,
    parse_published,
    read_inputs,
)
from newskg.graph.ingest.writer import ingest_documents
from newskg.graph.namespaces import DEFAULT_DATA_BASE, ONTOLOGY_IRI
from newskg.graph.store.embedded import EmbeddedStore

DATA = Path(__file__).parent / "data"
SEED = DATA / "nordkorea-soldaten-russland.txt"
SEED_DOC = DEFAULT_DATA_BASE + "doc/nordkorea-soldaten-russland"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_text_file_headline_id_and_metadata(tmp_path):
    article = write(tmp_path / "Kirby über Soldaten.txt",
                    "Kirby: Soldaten in Russland\nKirby sagte, es seien 3.000.\n")
    (doc,) = read_inputs([str(article)], Metadata(published=date(2024, 10, 24),
                                                  source="https://example.org/a"))
    assert doc.id == "kirby-ueber-soldaten"
    assert doc.title == "Kirby: Soldaten in Russland"
    assert doc.text == "Kirby: Soldaten in Russland\nKirby sagte, es seien 3.000.\n"
    assert (doc.published, doc.source) == (date(2024, 10, 24), "https://example.org/a")
    (titled,) = read_inputs([str(article)], Metadata(title="Eigener Titel"))
    assert titled.title == "Eigener Titel"


def test_directory_stdin_and_jsonl(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder / "b.txt", "Zweiter Artikel\nText.")
    write(folder / "a.txt", "Erster Artikel\nText.")
    write(folder / "notes.md", "not part of the directory corpus")
    docs = read_inputs([str(folder)])
    assert [d.id for d in docs] == ["a", "b"]

    (piped,) = read_inputs(["-"], stdin=io.BytesIO("Überschrift\nText.".encode()))
    assert piped.id.startswith("sha-") and piped.title == "Überschrift"

    lines = [
        {"id": "Artikel 1", "text": "Eins.", "published": "2024-10-24", "title": "T1"},
        {"text": "Zwei.", "source": "https://example.org/2"},
        {"id": 3, "text": "Drei.", "published": "2024-10-22T08:00:00+02:00"},
    ]
    corpus = write(tmp_path / "corpus.jsonl",
                   "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    docs = read_inputs([str(corpus)], Metadata(published=date(2024, 1, 1)))
    assert [d.id for d in docs][::2] == ["artikel-1", "3"]
    assert docs[1].id.startswith("sha-")
    assert [d.published for d in docs] == [date(2024, 10, 24), date(2024, 1, 1),
                                           date(2024, 10, 22)]
    assert [d.title for d in docs] == ["T1", None, None]
    assert docs[1].source == "https://example.org/2"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: empty"),
        ("blank.txt", b" \n\t\n", "blank.txt: empty"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary.txt: binary file"),
        ("latin1.txt", "Gerüchte".encode("latin-1"), "latin1.txt: not UTF-8"),
        ("page.txt", b"<html><body><p>Kirby sagte</p></body></html>", "page.txt: HTML markup"),
        ("article.pdf", b"%PDF-1.4", "article.pdf: unsupported input format '.pdf'"),
        ("bad.jsonl", b'{"text": "ok"}\n{"text": "kaputt"\n', r"bad.jsonl:2: malformed JSON"),
        ("list.jsonl", b'{"text": "ok"}\n[1, 2]\n', r"list.jsonl:2: expected a JSON object"),
        ("notext.jsonl", b'{"id": "x"}\n', r"notext.jsonl:1: missing 'text'"),
        ("number.jsonl", b'{"text": 5}\n', r"number.jsonl:1: 'text' must be a string"),
        ("date.jsonl", b'{"text": "a", "published": "24.10.2024"}', r"date.jsonl:1: invalid date"),
        ("nodate.jsonl", b'{"text": "a", "published": "2024-02-30"}', "invalid date"),
        ("src.jsonl", b'{"text": "a", "source": "not a url"}', r"src.jsonl:1: invalid source"),
        ("nul.jsonl", b'{"text": "a\\u0000b"}\n', r"nul.jsonl:1: binary data"),
        ("html.jsonl", b'{"text": "<div>x</div>"}\n', r"html.jsonl:1: HTML markup"),
        ("latin1.jsonl", '{"text": "Gerüchte"}'.encode("latin-1"), r"latin1.jsonl:1: not UTF-8"),
        ("empty.jsonl", b"\n\n", "empty.jsonl: empty"),
    ],
)
def test_bad_inputs_are_refused_naming_the_file(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(IngestError, match=message) as caught:
        read_inputs([str(path)])
    assert "\n" not in str(caught.value)


def test_huge_article_is_refused(tmp_path):
    huge = write(tmp_path / "huge.txt", b"Titel\n" + b"a" * MAX_ARTICLE_BYTES)
    with pytest.raises(IngestError, match="huge.txt: too large for one article"):
        read_inputs([str(huge)])
    with pytest.raises(IngestError, match="<stdin>: too large"):
        read_inputs(["-"], stdin=io.BytesIO(huge.read_bytes()))
    line = json.dumps({"text": "a" * (MAX_ARTICLE_BYTES + 1)})
    corpus = write(tmp_path / "huge.jsonl", '{"text": "klein"}\n' + line)
    with pytest.raises(IngestError, match="huge.jsonl:2: too large"):
        read_inputs([str(corpus)])


def test_problems_across_inputs(tmp_path):
    one = write(tmp_path / "one.txt", "Eins\nText.")
    folder = tmp_path / "more"
    folder.mkdir()
    write(folder / "one.txt", "Noch eins\nText.")
    with pytest.raises(IngestError, match="document id 'one' already given by"):
        read_inputs([str(one), str(folder)])
    with pytest.raises(IngestError, match="--title names one document, but 2"):
        read_inputs([str(one), str(write(tmp_path / "two.txt", "Zwei"))], Metadata(title="T"))
    with pytest.raises(IngestError, match="missing.txt: no such file"):
        read_inputs([str(tmp_path / "missing.txt")])
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    with pytest.raises(IngestError, match="holds no .txt files"):
        read_inputs([str(empty_dir)])
    with pytest.raises(IngestError, match="nothing to ingest"):
        read_inputs([])


def test_published_dates():
    assert parse_published("2024-10-24") == date(2024, 10, 24)
    assert parse_published("2024-10-24T23:30:00Z") == date(2024, 10, 24)
    for bad in ("24.10.2024", "2024-13-01", "gestern", ""):
        with pytest.raises(IngestError, match="expected YYYY-MM-DD"):
            parse_published(bad)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store with the seed article ingested once (the pipeline is the slow part)."""
    path = tmp_path_factory.mktemp("ingest") / "store"
    store = EmbeddedStore(path)
    docs = read_inputs([str(SEED)], Metadata(published=date(2024, 10, 24)))
    summaries = ingest_documents(store, docs, DEFAULT_DATA_BASE)
    yield store, summaries
    store.close()


def test_ingest_seed_writes_its_graph_and_the_ontology(seeded):
    store, (summary,) = seeded
    assert summary.document == "nordkorea-soldaten-russland"
    assert summary.iri == SEED_DOC
    assert summary.statements >= 10 and summary.actors >= 5
    assert summary.line().startswith("nordkorea-soldaten-russland: ")
    assert set(store.graphs()) == {SEED_DOC, ONTOLOGY_IRI}
    in_graph = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SEED_DOC}> {{ ?s ?p ?o }} }}")
    assert int(next(iter(in_graph))["n"].value) == summary.triples
    published = store.query(
        f"SELECT ?d WHERE {{ <{SEED_DOC}> <https://schema.org/datePublished> ?d }}")
    assert [r["d"].value for r in published] == ["2024-10-24"]


def test_ingesting_again_changes_nothing_but_the_version(seeded):
    store, (summary,) = seeded
    before = (store.triple_count(), store.version())
    docs = read_inputs([str(SEED)], Metadata(published=date(2024, 10, 24)))
    (again,) = ingest_documents(store, docs, DEFAULT_DATA_BASE)
    assert again == summary
    assert store.triple_count() == before[0]
    assert store.version() != before[1]

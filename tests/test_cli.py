"""The ``newskg`` command, run as a real subprocess on real stores in temporary directories."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from helpers.cli import SEED, assert_one_line_error, newskg
from newskg.graph.store.embedded import EmbeddedStore
from rdflib.compare import to_isomorphic

from newskg.output import render_table

STATEMENT_COLUMNS = [
    "statement", "speaker", "speakerName", "speakerType", "mention", "cue", "kind",
    "directQuote", "content", "dateText", "dateBegin", "dateEnd", "document", "sentence",
    "charStart", "charEnd", "confidence", "speakerConfidence", "extractor",
]
INJECTION = 'x" } ; DROP ALL ; #'
SUBCOMMANDS = ("ingest", "load", "query", "export", "validate", "stats", "serve", "evaluate",
               "train")


def stats(store: Path) -> dict:
    done = newskg("--store", str(store), "stats", "--json")
    assert done.returncode == 0, done.err
    return json.loads(done.out)


def snapshot(store: Path) -> tuple[int, str]:
    """Triple count and version, read in-process (the store is not held while no one runs)."""
    opened = EmbeddedStore(store)
    try:
        return opened.triple_count(), opened.version()
    finally:
        opened.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A store holding the seed article, ingested through the command once."""
    store = tmp_path_factory.mktemp("cli") / "store"
    done = newskg("--store", str(store), "ingest", str(SEED), "--published", "2024-10-24")
    assert done.returncode == 0, done.err
    assert done.out.startswith("nordkorea-soldaten-russland: ")
    assert " statements, " in done.out and done.out.endswith(" triples\n")
    return store


@pytest.fixture()
def store_copy(seeded, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(seeded, copy)
    return copy


def test_every_subcommand_has_help():
    done = newskg("--help")
    assert done.returncode == 0
    for command in SUBCOMMANDS:
        assert command in done.out
        sub = newskg(command, "--help")
        assert sub.returncode == 0, sub.err
        assert sub.out.startswith(f"usage: newskg {command}")


def test_statements_csv_has_the_columns_and_offsets_point_into_the_text(seeded):
    done = newskg("--store", str(seeded), "query", "statements", "--format", "csv")
    assert done.returncode == 0, done.err
    rows = list(csv.reader(io.StringIO(done.out)))
    assert rows[0] == STATEMENT_COLUMNS
    text = SEED.read_text(encoding="utf-8")
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(records) >= 10
    for record in records:
        start, end = int(record["charStart"]), int(record["charEnd"])
        assert text[start:end] == record["content"]
    assert {r["speakerName"] for r in records} >= {"John Kirby", "Lloyd Austin"}


def test_stats_counts_the_seed(seeded):
    counts = stats(seeded)
    assert counts["documents"] == 1
    assert counts["statements"] >= 10
    assert counts["actors"].get("person", 0) >= 4
    assert counts["graphs"] == 2  # the document and the ontology
    assert counts["triples"] > 1000
    table = newskg("--store", str(seeded), "stats")
    assert table.returncode == 0
    assert f"triples     {counts['triples']}" in table.out


def test_ingesting_the_same_article_twice_keeps_the_count(store_copy):
    before = stats(store_copy)["triples"]
    done = newskg("--store", str(store_copy), "ingest", str(SEED), "--published", "2024-10-24")
    assert done.returncode == 0, done.err
    assert stats(store_copy)["triples"] == before


def test_corpus_and_stdin_ingest(store_copy, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "kurz-1", "text": "Kurz\nKirby sagte, es regne.",
                    "published": "2024-10-25"}) + "\n"
        + json.dumps({"id": "kurz-2", "text": "Kurz\nPeskow sagte, es schneie."}) + "\n",
        encoding="utf-8",
    )
    done = newskg("--store", str(store_copy), "ingest", str(corpus), "--progress")
    assert done.returncode == 0, done.err
    assert [line.split(":")[0] for line in done.out.splitlines()] == ["kurz-1", "kurz-2"]
    assert "2/2" in done.err  # the progress bar
    piped = newskg("--store", str(store_copy), "ingest", "-", "--title", "Von stdin",
                   stdin=b"Zeile eins\nKirby sagte, es sei kalt.")
    assert piped.returncode == 0, piped.err
    assert piped.out.startswith("sha-")
    assert stats(store_copy)["documents"] == 4


BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "latin1.txt": "Gerüchte über Truppen".encode("latin-1"),
    "page.txt": b"<html><body><p>Kirby sagte</p></body></html>",
    "corpus.jsonl": b'{"text": "Gut\\nKirby sagte, es regne."}\n{"text": oops}\n',
}


@pytest.mark.parametrize(
    ("args", "fragment", "code"),
    [
        (["ingest", "{tmp}/empty.txt"], "empty.txt: empty", 1),
        (["ingest", "{tmp}/binary.txt"], "binary.txt: binary file", 1),
        (["ingest", "{tmp}/latin1.txt"], "latin1.txt: not UTF-8", 1),
        (["ingest", "{tmp}/page.txt"], "page.txt: HTML markup", 1),
        (["ingest", "{tmp}/corpus.jsonl", "--strict"], "corpus.jsonl:2: malformed JSON", 1),
        (["ingest", "{seed}", "{tmp}/empty.txt", "--strict"], "empty.txt: empty", 1),
        (["ingest", "{seed}", "--published", "2024-13-01"], "invalid date", 1),
        (["ingest", "{seed}", "--source", "not a url"], "invalid source", 1),
        (["ingest", "{tmp}/article.pdf"], "unsupported input format '.pdf'", 1),
        (["load", "{tmp}/data.xyz"], "unknown RDF syntax ('.xyz')", 1),
        (["load", "{tmp}/broken.ttl"], "broken.ttl: not valid Turtle", 1),
        (["export", "--format", "xyz"], "invalid choice: 'xyz'", 2),
        (["query", "statements", "--format", "pdf"], "invalid choice: 'pdf'", 2),
        (["query", "no-such-query"], "no canned query 'no-such-query'", 1),
        (["query", "--sparql", "SELEKT nonsense"], "SPARQL syntax error", 1),
        (["query", "--sparql", "DROP ALL"], "this is a SPARQL update", 1),
        (["query", "actors-by-kind", "--param", f"kind={INJECTION}"], "not a statement kind", 1),
        (["query", "denials", "--param", f"speaker={INJECTION}"], "not an absolute IRI", 1),
        (["query", "statements", "--param", "nope=1"], "has no parameter 'nope'", 1),
        (["query", "statements", "--format", "turtle"], "for CONSTRUCT/DESCRIBE", 1),
        (["export", "--graph", "http://example.org/none"], "no graph", 1),
        (["ingest"], "the following arguments are required", 2),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_store_unchanged(
    seeded, tmp_path_factory, args, fragment, code
):
    tmp = tmp_path_factory.mktemp("bad")
    for name, content in BAD_INPUTS.items():
        (tmp / name).write_bytes(content)
    (tmp / "article.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp / "data.xyz").write_text("<a> <b> <c> .", encoding="utf-8")
    (tmp / "broken.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n<x", "utf-8")
    before = snapshot(seeded)
    filled = [a.replace("{tmp}", str(tmp)).replace("{seed}", str(SEED)) for a in args]
    done = newskg("--store", str(seeded), *filled)
    assert_one_line_error(done, fragment, code)
    assert snapshot(seeded) == before


@pytest.mark.parametrize("below", [False, True])
def test_unreadable_store_path(tmp_path, below):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x", encoding="utf-8")
    target = not_a_dir / "store" if below else not_a_dir
    done = newskg("--store", str(target), "ingest", str(SEED), "--published", "2024-10-24")
    assert_one_line_error(done, "cannot open store at", 1)
    assert not_a_dir.read_text(encoding="utf-8") == "x"


def test_store_held_by_a_running_server(store_copy):
    before = snapshot(store_copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", "--store", str(store_copy), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
    )
    try:
        ready, _, _ = select.select([server.stdout], [], [], 120)
        assert ready, "the server printed no address"
        line = server.stdout.readline()
        assert "newskg serving on http://127.0.0.1:" in line
        address = line.split("serving on ")[1].split()[0].rstrip("/")
        with urllib.request.urlopen(address + "/health") as response:
            assert response.status == 200
        done = newskg("--store", str(store_copy), "ingest", str(SEED))
        assert_one_line_error(done, "in use by another process", 1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert snapshot(store_copy) == before


def test_turtle_export_parses_identically_in_rapper_rdflib_and_pyoxigraph(
    seeded, tmp_path, monkeypatch
):
    out = tmp_path / "dump.ttl"
    done = newskg("--store", str(seeded), "export", "--format", "turtle", "--output", str(out))
    assert done.returncode == 0, done.err
    text = out.read_text(encoding="utf-8")
    assert "@prefix nkg: <https://w3id.org/newskg/ontology#> ." in text
    # rdflib must keep lexical forms as written, or it would hide differences.
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    by_rdflib = rdflib.Graph().parse(str(out), format="turtle")
    rapper_bin = shutil.which("rapper")
    assert rapper_bin, "rapper (Debian package raptor2-utils) is needed"
    rapper = subprocess.run([rapper_bin, "-q", "-i", "turtle", "-o", "ntriples", str(out)],
                            capture_output=True, check=True)
    by_rapper = rdflib.Graph().parse(data=rapper.stdout.decode("ascii"), format="nt")
    oxi = ox.serialize(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE),
                       format=ox.RdfFormat.N_TRIPLES)
    by_pyoxigraph = rdflib.Graph().parse(data=oxi.decode("utf-8"), format="nt")
    assert len(by_rdflib) == len(by_rapper) == len(by_pyoxigraph) == stats(seeded)["triples"]
    assert to_isomorphic(by_rdflib) == to_isomorphic(by_rapper) == to_isomorphic(by_pyoxigraph)


def test_export_formats_round_trip(seeded, tmp_path):
    expected = stats(seeded)["triples"]
    for fmt, suffix in (("nquads", "nq"), ("trig", "trig")):
        out = tmp_path / f"dump.{suffix}"
        assert newskg("--store", str(seeded), "export", "--format", fmt,
                      "--output", str(out)).returncode == 0
        fresh = tmp_path / f"fresh-{suffix}"
        loaded = newskg("--store", str(fresh), "load", str(out))
        assert loaded.returncode == 0, loaded.err
        assert loaded.out == f"{out}: {expected} triples added\n"
        assert stats(fresh)["triples"] == expected
    doc = "https://w3id.org/newskg/id/doc/nordkorea-soldaten-russland"
    for fmt, syntax in (("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML),
                        ("ntriples", ox.RdfFormat.N_TRIPLES)):
        done = newskg("--store", str(seeded), "export", "--format", fmt, "--graph", doc)
        assert done.returncode == 0, done.err
        subjects = {q.subject for q in ox.parse(done.stdout, syntax)}
        assert ox.NamedNode(doc) in subjects


def test_load_adds_triples(store_copy, tmp_path):
    before = stats(store_copy)["triples"]
    data = tmp_path / "extra.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ex:b , ex:c .\n", "utf-8")
    done = newskg("--store", str(store_copy), "load", str(data), "--graph",
                  "http://example.org/extra")
    assert done.returncode == 0, done.err
    assert done.out == f"{data}: 2 triples added\n"
    assert stats(store_copy)["triples"] == before + 2


def test_string_parameter_injection_is_only_a_value(seeded):
    before = snapshot(seeded)
    done = newskg("--store", str(seeded), "query", "conflicting-numbers", "--param",
                  f"unit={INJECTION}", "--format", "csv")
    assert done.returncode == 0, done.err
    assert len(done.out.splitlines()) == 1  # the header, no rows
    assert snapshot(seeded) == before


def test_query_list_table_and_json(seeded):
    done = newskg("query", "--list", env={"NEWSKG_STORE": str(seeded)})
    assert done.returncode == 0, done.err
    assert done.out.splitlines()[0].split() == ["name", "title", "parameters"]
    assert any(line.startswith("statements ") for line in done.out.splitlines())
    listed = json.loads(newskg("query", "--list", "--format", "json").out)
    assert "statements" in {q["name"] for q in listed}


def test_query_table_is_aligned_and_a_file_query_works(seeded, tmp_path):
    query = tmp_path / "speakers.rq"
    query.write_text(
        "# title: Speakers by name\n# param: name; type=string; optional\n"
        "PREFIX nkg: <https://w3id.org/newskg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?speaker ?name WHERE { ?s nkg:speaker ?speaker . "
        "?speaker rdfs:label ?label . BIND(STR(?label) AS ?name) } ORDER BY ?name\n",
        encoding="utf-8",
    )
    done = newskg("--store", str(seeded), "query", str(query), "--format", "table")
    assert done.returncode == 0, done.err
    lines = done.out.splitlines()
    assert lines[0].split() == ["speaker", "name"]
    column = lines[0].index("name")
    assert set(lines[1][: column]) <= {"-", " "}
    assert all(line[column - 2 : column] == "  " for line in lines[2:-1])
    assert "id:actor/john-kirby" in done.out  # IRIs shortened for reading
    assert lines[-1] == f"({len(lines) - 3} rows)"
    one = newskg("--store", str(seeded), "query", str(query), "--param", "name=John Kirby",
                 "--format", "csv")
    assert one.out.splitlines() == [
        "speaker,name", "https://w3id.org/newskg/id/actor/john-kirby,John Kirby"]


def test_render_table_truncates_and_flattens_cells():
    table = render_table(["a", "b"], [["x" * 30, "eins\nzwei"], ["kurz", ""]], max_cell=10)
    lines = table.splitlines()
    assert lines[0] == "a           b"
    assert lines[2] == "xxxxxxxxx…  eins⏎zwei"
    assert lines[3] == "kurz"
    assert lines[-1] == "(2 rows)"


def test_default_store_is_seeded_on_first_use(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    first = newskg("stats", "--json", env=env)
    assert first.returncode == 0, first.err
    assert "creating the store" in first.err
    counts = json.loads(first.out)
    assert counts["documents"] == 1 and counts["statements"] >= 10
    assert (tmp_path / "data" / "newskg" / "store").is_dir()
    again = newskg("query", "documents", "--format", "csv", env=env)
    assert again.err == ""
    assert ",2024-10-24," in again.out


def test_validate_passes_on_the_seed(seeded):
    done = newskg("--store", str(seeded), "validate")
    assert done.returncode == 0, done.out + done.err
    assert "conforms" in done.out


def test_text_that_is_not_german_news_is_ingested_with_a_warning(store_copy, tmp_path):
    english = tmp_path / "english.txt"
    english.write_text(
        "Markets today\nThe minister said on Monday that the markets were doing well and that "
        "the government would keep its plans for the rest of the year, as it had promised.\n",
        encoding="utf-8",
    )
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("\n".join(str(n) for n in range(500)) + "\n", encoding="utf-8")
    in_a_row = tmp_path / "in-a-row.txt"  # "… 100 101 102 …" is no number in groups of three
    in_a_row.write_text(" ".join(str(n) for n in range(2000)) + "\n", encoding="utf-8")
    done = newskg("--store", str(store_copy), "ingest", str(english), str(numbers),
                  str(in_a_row))
    assert done.returncode == 0, done.err
    assert "newskg: warning: english: text does not look German" in done.err
    assert "newskg: warning: numbers: text is mostly numbers" in done.err
    assert "newskg: warning: in-a-row: text is mostly numbers" in done.err
    assert "english: 0 statements" in done.out


def test_serve_of_a_remote_store_that_is_not_running_is_one_line():
    done = newskg("--store", "http://127.0.0.1:9/", "serve", "--port", "0")
    assert_one_line_error(done, "connection refused", 1)


@pytest.mark.parametrize("command", [["query", "statements"], ["stats"], ["export"],
                                     ["validate"], ["serve", "--port", "0"]])
def test_read_commands_do_not_create_a_store(tmp_path, command):
    missing = tmp_path / "typo" / "store"
    done = newskg("--store", str(missing), *command)
    assert done.returncode != 0
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newskg: error: no store at "), done.err
    assert not missing.exists() and not missing.parent.exists()

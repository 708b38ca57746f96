"""The command line's conventions: global options anywhere, inline SPARQL, --version,
--format json for every table, shell completion. Real subprocesses on a real store."""

from __future__ import annotations

import json
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
from helpers.cli import SEED, assert_one_line_error, newskg
from newskg.graph.rdf.formats import FORMATS, RDF_SYNTAXES

from newskg import cli

BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The seed article ingested with --store and --published AFTER the subcommand."""
    path = tmp_path_factory.mktemp("conventions") / "store"
    done = newskg("ingest", str(SEED), "--store", str(path), "--published", "2024-10-24",
                  "--format", "json")
    assert done.returncode == 0, done.err
    (summary,) = json.loads(done.out)
    assert summary["statements"] == 14 and summary["document"].startswith(
        "https://w3id.org/newskg/id/doc/")
    return path


def test_global_options_before_or_after_the_subcommand(store, tmp_path):
    before = newskg("--store", str(store), "stats", "--format", "json")
    after = newskg("stats", "--store", str(store), "--json")
    assert before.returncode == after.returncode == 0, before.err + after.err
    assert json.loads(before.out) == json.loads(after.out)
    assert json.loads(after.out)["statements"] == 14
    # given twice, the one after the subcommand wins
    empty = tmp_path / "other"
    both = newskg("--store", str(empty), "stats", "--store", str(store), "--format", "json")
    assert json.loads(both.out)["statements"] == 14
    # --base after the subcommand mints the data IRIs under it
    based = tmp_path / "based"
    done = newskg("ingest", str(SEED), "--base", BASE, "--store", str(based), "--format", "json")
    assert json.loads(done.out)[0]["document"].startswith(BASE + "doc/"), done.err
    assert_one_line_error(newskg("stats", "--base", "no-iri", "--store", str(store)),
                          "--base", 1)


def test_inline_sparql_is_recognised_and_iris_are_kept_whole(store):
    query = ("PREFIX nkg: <https://w3id.org/newskg/ontology#>\n"
             "SELECT ?s WHERE { ?s a nkg:Statement } ORDER BY ?s LIMIT 2")
    done = newskg("query", query, "--store", str(store), "--format", "csv")
    assert done.returncode == 0, done.err
    rows = done.out.splitlines()
    assert rows[0] == "s" and rows[1].startswith("https://w3id.org/newskg/id/doc/")
    asked = newskg("query", "ASK { ?s ?p ?o }", "--store", str(store), "--format", "json")
    assert json.loads(asked.out)["boolean"] is True
    done = newskg("query", "which statements are there", "--store", str(store))
    assert_one_line_error(done, "--sparql", 1)


def test_version():
    done = newskg("--version")
    assert done.returncode == 0 and done.out.strip() == f"newskg {version('newskg')}"


def test_every_table_has_json(store):
    listed = newskg("query", "--list", "--format", "json")
    assert {q["name"] for q in json.loads(listed.out)} >= {"statements", "overview"}
    rows = newskg("query", "speakers", "--store", str(store), "--format", "json")
    assert json.loads(rows.out)["results"]["bindings"]
    # the formats the parser offers are formats of the registry the writers use
    assert set(cli.RESULT_FORMATS) - {"table"} <= set(FORMATS)
    assert set(cli.EXPORT_FORMATS) <= {f.name for f in RDF_SYNTAXES}


def test_completion_scripts_name_every_subcommand(tmp_path):
    done = newskg("completion", "bash")
    assert done.returncode == 0, done.err
    script = tmp_path / "newskg.bash"
    script.write_text(done.out, encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    for word in ("ingest", "query", "export", "serve", "evaluate", "--store", "--format"):
        assert word in done.out
    zsh = newskg("completion", "zsh")
    assert zsh.returncode == 0 and zsh.out.startswith("#compdef newskg")

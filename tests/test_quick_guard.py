"""The guard's shortcut: only texts that cannot name a SERVICE or a dataset skip the parse."""

from __future__ import annotations

import pytest
from newskg.server.quick_guard import quick_form

PLAIN = "PREFIX nkg: <https://w3id.org/newskg/ontology#>\nSELECT ?s WHERE { ?s a nkg:Statement }"


@pytest.mark.parametrize(("text", "form"), [
    (PLAIN, "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <urn:x>", "DESCRIBE"),
    ('SELECT * WHERE { ?s ?p "SELECT" }', "SELECT"),
])
def test_plain_queries_need_no_parse(text, form):
    assert quick_form(text) == form


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }",
    "SELECT * FROM <http://evil/> WHERE { ?s ?p ?o }",
    "SELECT * fRoM NAMED <http://evil/> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { \\u0053ERVICE <http://evil/> { ?s ?p ?o } }",  # escapes: parse
    'SELECT * WHERE { ?s ?p "from the text" }',  # harmless, but the parse decides
    "SELECT * WHERE { ?s <urn:service> ?o }",
    "SELECT * # from a comment\nWHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x>",  # no form at all
])
def test_anything_that_could_name_something_foreign_is_parsed(text):
    assert quick_form(text) is None

"""The guard's shortcut: only texts that cannot name a SERVICE or a dataset skip the parse."""

from __future__ import annotations

import pytest
from helpers.hostile import graph_naming_updates, hostile_queries, hostile_updates
from newskg.server.guard import QueryRejected, inspect
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
    # the other words of the argument, in any case, anywhere
    "SELECT * WHERE { GRAPH <urn:g> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "without" }',
    "SELECT * WHERE { ?s <urn:Load> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # USING",
    # Unicode case mapping: rdflib reads a long s (U+017F) or a dotless i as S and I
    "SELECT * WHERE { \u017fERVICE <http://evil/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\u0131CE <http://evil/> { ?s ?p ?o } }",
    "SELECT * \ufb00rom <http://evil/> WHERE { ?s ?p ?o }",  # the ligature ff
    r"SELECT * WHERE { ?s ?p ?o } \U00000046ROM",  # a codepoint escape anywhere
    r"SELECT * WHERE { ?s ?p '\u0073' }",
])
def test_anything_that_could_name_something_foreign_is_parsed(text):
    assert quick_form(text) is None


def _case_variants(text: str) -> list[str]:
    """``text`` with its keywords' letters swapped for characters some parsers fold to them."""
    swaps = {"s": "\u017f", "S": "\u017f", "i": "\u0131", "I": "\u0131", "k": "\u212a",
             "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "st": "\ufb06"}
    variants = [text, text.lower(), text.upper()]
    for old, new in swaps.items():
        variants.append(text.replace(old, new))
    return variants


def test_whatever_the_shortcut_passes_rdflib_finds_nothing_foreign_in():
    """The shortcut's argument checked on the hostile corpus and on variants
    of it (tests/helpers/hostile.py) with Unicode letters that fold to ASCII: for every text it lets through, rdflib's
    full parse (which folds them) finds no SERVICE, no dataset clause and no update."""
    corpus = hostile_queries(1) + hostile_updates(1) + graph_naming_updates(1)
    for text in (v for t in corpus for v in _case_variants(t)):
        if quick_form(text) is None:
            continue
        try:
            info = inspect(text, quick=False)
        except QueryRejected:
            continue  # rdflib cannot read it; pyoxigraph refuses it too
        assert info.form != "UPDATE" and not info.services, text
        assert not info.from_graphs and not info.from_named_graphs, text
    long_s = "SELECT * WHERE { \u017fERVICE <http://evil/> { ?s ?p ?o } }"
    assert quick_form(long_s) is None
    assert inspect(long_s, quick=False).services == ["http://evil/"]

"""What the endpoint benchmark asks: an ad-hoc researcher mix and the dashboard's canned queries.

Parameters are drawn (deterministically) from the data itself through the reference server,
so every request asks about something that exists: popular and rare speakers, organisations,
date ranges, topic words of the quotes. Each query of the mix has its own list of parameter
sets; requests cycle through them, so repeated requests are not all the same question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from newskg.graph.store.sparql_text import tokens, with_values, write_in

from bench.synthetic_graph import TOPICS
from newskg import queries as catalog

PREFIXES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: The researcher mix: name -> query text with {placeholders} filled from the parameter pools.
AD_HOC = {
    "speaker-lookup": """SELECT ?statement ?content ?document WHERE {
  ?speaker rdfs:label "{name}"@de .
  ?statement nkg:speaker ?speaker ; nkg:content ?content ; nkg:inDocument ?document }""",
    "date-range": """SELECT ?document ?headline ?date WHERE {
  ?document a nkg:Document ; schema:datePublished ?date ; schema:headline ?headline .
  FILTER(?date >= "{day}"^^xsd:date && ?date < "{until}"^^xsd:date) } ORDER BY ?date""",
    "counts-per-organisation": """SELECT ?org (COUNT(DISTINCT ?statement) AS ?statements) WHERE {
  ?statement nkg:speaker ?org . ?org a nkg:Organization }
GROUP BY ?org ORDER BY DESC(?statements) ?org LIMIT 20""",
    "conflicting-claims": """SELECT ?statement ?value ?other ?otherValue ?unit WHERE {
  ?statement nkg:speaker <{speaker}> ; nkg:quantity ?q .
  ?q nkg:unit ?unit ; nkg:value ?value .
  ?q2 nkg:unit ?unit ; nkg:value ?otherValue .
  ?other nkg:quantity ?q2 ; nkg:speaker ?otherSpeaker .
  FILTER(?otherSpeaker != <{speaker}> && ?otherValue > ?value * 2) } LIMIT 200""",
    "text-contains": """SELECT ?statement ?content WHERE {
  ?statement nkg:content ?content . FILTER(CONTAINS(LCASE(?content), "{word}")) }""",
    "text-regex": """SELECT ?statement ?content WHERE {
  ?statement nkg:content ?content . FILTER(REGEX(?content, "^(Die|Der|Das) .*{Word}", "i")) }""",
    "construct-speaker": """CONSTRUCT { ?statement nkg:speaker ?speaker ; nkg:content ?content ;
  nkg:kind ?kind } WHERE { ?speaker rdfs:label "{name}"@de .
  ?statement nkg:speaker ?speaker ; nkg:content ?content ; nkg:kind ?kind }""",
    "kinds-per-year": """SELECT ?kind ?year (COUNT(?statement) AS ?statements) WHERE {
  ?statement nkg:kind ?kind ; nkg:inDocument ?document .
  ?document schema:datePublished ?date . BIND(YEAR(?date) AS ?year) }
GROUP BY ?kind ?year ORDER BY ?year ?kind""",
    "co-speakers-path": """SELECT DISTINCT ?other WHERE {
  <{speaker}> ^nkg:speaker/nkg:inDocument/^nkg:inDocument/nkg:speaker ?other .
  FILTER(?other != <{speaker}>) }""",
    "ask-denial": """ASK { ?statement nkg:speaker <{speaker}> ;
  nkg:kind <https://w3id.org/newskg/kind/denial> }""",
    "describe-speaker": "DESCRIBE <{speaker}>",
}

#: Canned queries with the parameters the dashboard sends (None: the query's own defaults).
CANNED = {
    "overview": [None], "kinds": [None], "speakers": [None], "units": [None],
    "roles": [None], "actors-by-kind": ["kind"], "documents": [None],
    "statements": ["speaker"], "direct-quotes": ["speaker"], "denials": ["speaker"],
    "timeline": ["speaker"], "mentions-network": ["speaker"], "conflicting-numbers": ["unit"],
    "events": [None], "provenance": ["statement"], "statement-choices": [None],
}
KIND_CHOICES = ("assertion", "claim", "denial", "announcement", "demand")


@dataclass(frozen=True)
class Request:
    """One request of a mix: its name, the SPARQL text, and the canned API path if any."""

    name: str
    sparql: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    api_path: str | None = None  # /api/queries/<name>?params for newskg's canned API
    params: tuple[tuple[str, str], ...] = ()  # the canned query's raw parameters


def _first_form(sparql: str) -> str:
    for token in tokens(sparql):
        if token.kind == "word" and token.text.upper() in ("SELECT", "ASK", "CONSTRUCT",
                                                            "DESCRIBE"):
            return token.text.upper()
    return "SELECT"


def parameter_pools(ask, seed: int, size: int = 12) -> dict[str, list]:
    """Speakers (IRI, label), organisations, units and statements drawn from the data."""
    rng = random.Random(seed)
    # Counted and labelled separately: a speaker's type and label repeat once per document
    # graph, so joining them with every statement would grow with the square of its documents.
    speakers = ask(PREFIXES + """SELECT ?speaker (MIN(?label) AS ?name) ?n WHERE {
        { SELECT ?speaker (COUNT(?statement) AS ?n)
          WHERE { ?statement nkg:speaker ?speaker } GROUP BY ?speaker }
        { SELECT DISTINCT ?speaker WHERE { ?speaker a nkg:Person } }
        ?speaker rdfs:label ?label } GROUP BY ?speaker ?n ORDER BY DESC(?n) ?speaker""")
    popular, rest = speakers[:size // 2], speakers[size // 2:]
    chosen = popular + rng.sample(rest, min(len(rest), size - len(popular)))
    units = [row["unit"] for row in ask(PREFIXES + "SELECT DISTINCT ?unit WHERE { ?q nkg:unit "
                                                   "?unit } ORDER BY ?unit")]
    statements = [row["statement"] for row in ask(
        PREFIXES + f"SELECT ?statement WHERE {{ ?statement nkg:speaker <{chosen[0]['speaker']}> }}"
        " ORDER BY ?statement LIMIT 12")]
    return {"speakers": chosen, "units": units[:size], "statements": statements,
            "rng_seed": [seed]}


def ad_hoc_requests(pools: dict, seed: int) -> dict[str, list[Request]]:
    """Per query of the mix, its parameter sets as ready requests."""
    rng = random.Random(seed)
    out: dict[str, list[Request]] = {}
    for name, template in AD_HOC.items():
        requests = []
        for i, speaker in enumerate(pools["speakers"]):
            year = 2015 + rng.randrange(10)
            month = 1 + rng.randrange(10)
            word = TOPICS[(i * 7 + len(name)) % len(TOPICS)]
            values = {"name": speaker["name"], "speaker": speaker["speaker"],
                      "day": f"{year}-{month:02d}-01", "until": f"{year}-{month + 2:02d}-01",
                      "word": word.lower(), "Word": word}
            text = PREFIXES + _fill(template, values)
            requests.append(Request(name, text, _first_form(text)))
        out[name] = requests
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def canned_requests(pools: dict) -> dict[str, list[Request]]:
    """Per canned query, the dashboard's requests: the API path and the equivalent text."""
    out: dict[str, list[Request]] = {}
    for name, params in CANNED.items():
        query = catalog.get_query(name)
        sets: list[dict[str, str]] = []
        for param in params:
            if param is None:
                sets.append({})
            elif param == "speaker":
                sets += [{"speaker": s["speaker"]} for s in pools["speakers"]]
            elif param == "kind":
                sets += [{"kind": k} for k in KIND_CHOICES]
            elif param == "unit":
                sets += [{"unit": u} for u in pools["units"]]
            elif param == "statement":
                sets += [{"statement": s} for s in pools["statements"]]
        requests = []
        for raw in sets:
            bound = query.bind(raw)
            text = substituted(query.sparql, bound)
            path = f"/api/queries/{name}" + (f"?{urlencode(raw)}" if raw else "")
            requests.append(Request(name, text, _first_form(text), path, tuple(raw.items())))
        out[name] = requests
    return out


def substituted(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """``sparql`` with the parameters written in (``sparql_text.write_in``), as newskg's API
    evaluates it; for a query that assigns a parameter itself, the parameters joined as
    VALUES, the form a user of a server without substitution would write."""
    if not bindings:
        return sparql
    return write_in(sparql, bindings) or with_values(sparql, bindings)

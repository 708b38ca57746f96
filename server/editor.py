"""The SPARQL editor page, shown when a browser opens /sparql.

The /sparql view calls ``render_editor`` for an HTML request: without a query it shows the
example query; with one (a shared link) it shows the editor holding that query and runs it.
The project's prefixes are declared implicitly: the editor folds a query's PREFIX lines that
say what the site's table says and adds the declarations a query uses when it runs it, so
what is sent (and shared) is always complete SPARQL. Completion offers the ontology's classes
and properties and the prefixes (``completion_terms``).

Why the project's own editor and not CodeMirror 6 or YASGUI: it is three scripts of 23 kB in
all (unminified) with no build step, CSP-clean (no inline styles: the only styles set from
script go through the CSSOM), and does what the page needs (highlighting, completion, the
error marker, labels); CodeMirror 6 with a SPARQL mode, completion and lint would bring node,
npm and a bundler into every install and every CI run, for features the page does not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from flask import current_app, render_template
from newskg.graph.store.base import ontology_file
from newskg.server.describe import prefixes

from newskg import queries as catalog

#: Namespaces the editor declares first, in this order; the rest follow alphabetically.
LEADING_PREFIXES = ("nkg", "kind", "rdf", "rdfs", "xsd", "skos", "prov", "schema", "nif")
STARTER_QUERY = """# Who said what: the first 25 statements (prefixes such as nkg: are declared for you)
SELECT ?statement ?speaker ?kind ?content WHERE {
  ?statement a nkg:Statement ;
             nkg:speaker ?speaker ;
             nkg:kind ?kind ;
             nkg:content ?content .
}
LIMIT 25
"""


@dataclass
class Example:
    """A canned query offered as a worked example."""

    name: str
    title: str
    sparql: str


def prefix_block() -> str:
    """``PREFIX`` lines for the project's namespaces, the commonly used first."""
    table = prefixes()
    order = [p for p in LEADING_PREFIXES if p in table]
    order += sorted(p for p in table if p not in order)
    return "".join(f"PREFIX {p}: <{table[p]}>\n" for p in order)


def examples() -> list[Example]:
    """The canned queries from the catalog; none if the catalog cannot be read."""
    try:
        listed = catalog.list_queries()
    except (AttributeError, OSError, ValueError) as err:
        current_app.logger.warning("no canned queries for the editor: %s", err)
        return []
    return [Example(q.name, q.title, q.sparql) for q in listed]


@lru_cache(maxsize=1)
def completion_terms() -> list[dict[str, str]]:
    """The ontology's classes, properties and statement kinds as completions: the prefixed
    name, what it is, and its English label."""
    owl = "http://www.w3.org/2002/07/owl#"
    kinds = {owl + "Class": "class", owl + "ObjectProperty": "property",
             owl + "DatatypeProperty": "property", owl + "AnnotationProperty": "property",
             "http://www.w3.org/2004/02/skos/core#Concept": "kind"}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    table = prefixes()
    found: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    for triple in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
        s, p, o = triple.subject, triple.predicate, triple.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p.value == RDF_TYPE and o.value in kinds:
            name = _prefixed(s.value, table)
            if name:
                found[s.value] = {"name": name, "kind": kinds[o.value]}
        elif p.value == label and isinstance(o, ox.Literal) and o.language in ("en", None):
            labels.setdefault(s.value, o.value)
    for iri, term in found.items():
        term["label"] = labels.get(iri, "")
    return sorted(found.values(), key=lambda t: t["name"].lower())


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _prefixed(iri: str, table: dict[str, str]) -> str | None:
    for prefix, namespace in sorted(table.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
            return f"{prefix}:{local}"
    return None


def render_editor(query: str | None = None) -> str:
    """The editor page; with ``query`` it is filled in and run as soon as the page loads."""
    return render_template(
        "editor.html",
        query=query if query else STARTER_QUERY,
        autorun=bool(query),
        examples=examples(),
        data_base=current_app.config["NEWSKG"].data_base,
        prefixes=prefixes(),
        terms=completion_terms(),
    )

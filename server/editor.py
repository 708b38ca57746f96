"""The SPARQL editor page, shown when a browser opens /sparql.

The /sparql view calls ``render_editor`` for an HTML request: without a query it shows the
editor with the ontology's prefixes filled in; with one (a shared link) it shows the editor
holding that query and runs it on load.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from newskg.server.describe import prefixes

from newskg import queries as catalog

#: Namespaces the editor declares first, in this order; the rest follow alphabetically.
LEADING_PREFIXES = ("nkg", "kind", "rdf", "rdfs", "xsd", "skos", "prov", "schema", "nif")
STARTER_QUERY = """SELECT ?statement ?speaker ?kind ?content WHERE {
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


def render_editor(query: str | None = None) -> str:
    """The editor page; with ``query`` it is filled in and run as soon as the page loads."""
    return render_template(
        "editor.html",
        query=query if query else prefix_block() + "\n" + STARTER_QUERY,
        autorun=bool(query),
        examples=examples(),
        data_base=current_app.config["NEWSKG"].data_base,
        prefixes=prefixes(),
    )

"""Validation of a store's data: SHACL shapes and OWL RL consistency.

``newskg validate`` calls :func:`validate_dataset`. The data is the union of the store's graphs
(the ontology graph left out: the shipped ontology is always used instead), so what is checked
is what queries see.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pyoxigraph as ox
import rdflib
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.ontology import ontology_path, shapes_path
from pyshacl import validate as shacl_validate
from rdflib.namespace import OWL, RDF

#: Where owlrl records the inconsistencies it finds (its own choice of vocabulary).
_OWLRL_ERROR = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_OWLRL_ERROR_TEXT = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
_MAX_LISTED = 20
#: OWL RL reasons over batches of whole graphs of at most this many triples.
UNION_REASONING_LIMIT = 20_000
_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class ValidationReport:
    """The outcome: ``conforms`` is False when anything is wrong; ``text`` says what."""

    conforms: bool
    text: str
    violations: int


def _data_graphs(store) -> dict[str, set[ox.Triple]]:
    """The store's triples by graph name (the ontology graph left out)."""
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    graphs: dict[str, set[ox.Triple]] = {}
    for quad in ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if name != ONTOLOGY_IRI:
            graphs.setdefault(name, set()).add(quad.triple)
    return graphs


def _to_rdflib(triples: set[ox.Triple]) -> rdflib.Graph:
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")


def _load(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(str(path), format="turtle")


def shacl_check(data: rdflib.Graph, ontology: rdflib.Graph) -> tuple[bool, int, int, str]:
    """pyshacl over ``data`` with the shipped shapes.

    Returns (conforms, violations, warnings, report text); warnings do not break conformance.
    """
    conforms, results, text = shacl_validate(
        data,
        shacl_graph=_load(shapes_path()),
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    severities = [results.value(r, _SH.resultSeverity)
                  for r in results.subjects(RDF.type, _SH.ValidationResult)]
    violations = sum(1 for s in severities if s == _SH.Violation)
    return bool(conforms), violations, len(severities) - violations, str(text)


def owl_rl_check(data: rdflib.Graph, ontology: rdflib.Graph) -> list[str]:
    """Inconsistencies found by OWL RL reasoning over data plus ontology (owlrl's messages,
    and any resource inferred to be an owl:Nothing)."""
    closure = rdflib.Graph()
    for triple in data:
        closure.add(triple)
    for triple in ontology:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    problems = sorted(str(closure.value(node, _OWLRL_ERROR_TEXT))
                      for node in closure.subjects(RDF.type, _OWLRL_ERROR))
    problems += sorted(f"{node} is inferred to be an owl:Nothing (unsatisfiable)"
                       for node in closure.subjects(RDF.type, OWL.Nothing))
    return problems


def _batches(graphs: dict[str, set[ox.Triple]], limit: int) -> list[list[str]]:
    """Graph names in order, grouped so that each group holds at most ``limit`` triples
    (a bigger graph stands alone)."""
    batches: list[list[str]] = []
    size = 0
    for name in sorted(graphs):
        if batches and size + len(graphs[name]) <= limit:
            batches[-1].append(name)
            size += len(graphs[name])
        else:
            batches.append([name])
            size = len(graphs[name])
    return batches or [[]]


def validate_dataset(store, reasoning: bool = True,
                     union_limit: int = UNION_REASONING_LIMIT) -> ValidationReport:
    """Check the store's data against the SHACL shapes and, unless ``reasoning`` is False,
    for OWL RL consistency with the ontology.

    owlrl's closure grows faster than linearly, so above ``union_limit`` triples it reasons
    over batches of whole document graphs of about that size (each graph holds everything
    about its statements and the actors they name); a clash spread over two documents in
    different batches is then not seen.
    """
    graphs = _data_graphs(store)
    union = set().union(*graphs.values())
    data = _to_rdflib(union)
    ontology = _load(ontology_path())
    conforms, violations, warnings, shacl_text = shacl_check(data, ontology)
    verdict = "conforms" if conforms else f"{violations} violation(s)"
    if warnings:
        verdict += f", {warnings} warning(s)"
    lines = [f"SHACL: {verdict} ({len(data)} triples checked)"]
    if not conforms or warnings:
        lines.append(shacl_text.strip())
    if reasoning:
        batches = _batches(graphs, union_limit)
        problems = []
        for batch in batches:
            triples = set().union(*(graphs[name] for name in batch))
            graph = data if len(batches) == 1 else _to_rdflib(triples)
            found = owl_rl_check(graph, ontology)
            where = "" if len(batches) == 1 else f"{', '.join(f'<{n}>' for n in batch)}: "
            problems += [f"{where}{p}" for p in found]
        scope = ("the union of all graphs" if len(batches) == 1
                 else f"{len(batches)} batches of whole graphs")
        violations += len(problems)
        conforms = conforms and not problems
        verdict = "consistent" if not problems else f"{len(problems)} problem(s)"
        lines.append(f"OWL RL: {verdict} (reasoning over {scope})")
        lines += [f"  - {p}" for p in problems[:_MAX_LISTED]]
        if len(problems) > _MAX_LISTED:
            lines.append(f"  ... and {len(problems) - _MAX_LISTED} more")
    return ValidationReport(conforms=conforms, text="\n".join(lines), violations=violations)

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
from newskg.ontology import ontology_path, shapes_path
from pyshacl import validate as shacl_validate
from rdflib.namespace import OWL, RDF

from newskg.config import ONTOLOGY_IRI

#: Where owlrl records the inconsistencies it finds (its own choice of vocabulary).
_OWLRL_ERROR = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_OWLRL_ERROR_TEXT = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
_MAX_LISTED = 20
_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class ValidationReport:
    """The outcome: ``conforms`` is False when anything is wrong; ``text`` says what."""

    conforms: bool
    text: str
    violations: int


def store_union_graph(store) -> rdflib.Graph:
    """The union of the store's data graphs as one rdflib graph (each triple once)."""
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    triples = {quad.triple for quad in ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)
               if quad.graph_name != ontology}
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


def validate_dataset(store, reasoning: bool = True) -> ValidationReport:
    """Check the store's data against the SHACL shapes and, unless ``reasoning`` is False,
    for OWL RL consistency with the ontology."""
    data = store_union_graph(store)
    ontology = _load(ontology_path())
    conforms, violations, warnings, shacl_text = shacl_check(data, ontology)
    verdict = "conforms" if conforms else f"{violations} violation(s)"
    if warnings:
        verdict += f", {warnings} warning(s)"
    lines = [f"SHACL: {verdict} ({len(data)} triples checked)"]
    if not conforms or warnings:
        lines.append(shacl_text.strip())
    if reasoning:
        problems = owl_rl_check(data, ontology)
        violations += len(problems)
        conforms = conforms and not problems
        lines.append(f"OWL RL: {'consistent' if not problems else f'{len(problems)} problem(s)'}")
        lines += [f"  - {p}" for p in problems[:_MAX_LISTED]]
        if len(problems) > _MAX_LISTED:
            lines.append(f"  ... and {len(problems) - _MAX_LISTED} more")
    return ValidationReport(conforms=conforms, text="\n".join(lines), violations=violations)

"""What the server says about one resource: its triples in both directions, and a view of them.

The RDF answer (``describe_triples``) is what linked-data clients get; the HTML view
(``resource_view``) is the same triples with labels, local links and, for statements,
sentences and spans, the piece of document text they point into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_IRI, ONTOLOGY_NS
from newskg.graph.rdf.mapping import PREFIXES

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Namespaces the server names besides the mapping's own (dataset descriptions).
EXTRA_PREFIXES = {"void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#"}

#: Predicates that name a thing, best first.
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/headline",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title",
)
LANGUAGE_PREFERENCE = ("en", "", "de")  # the interface is English; German data labels stay


def prefixes() -> dict[str, str]:
    """The project's prefix table (the RDF mapping's) plus the dataset-description ones."""
    return {**PREFIXES, **EXTRA_PREFIXES}


def compact(iri: str, table: dict[str, str] | None = None) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI itself."""
    best = ""
    for prefix, ns in (table or prefixes()).items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best and _is_simple_local(iri[len(best) :]):
        return f"{name}:{iri[len(best):]}"
    return iri


def _is_simple_local(local: str) -> bool:
    return all(c.isalnum() or c in "_-." for c in local) and not local.endswith(".")


def local_href(iri: str, data_base: str) -> str | None:
    """Where a browser should go for ``iri``: the local page for newskg's own IRIs.

    Only http(s) IRIs become links: an IRI such as ``javascript:...`` is valid RDF but must
    never be clickable.
    """
    if iri.startswith(data_base):
        return "/id/" + iri[len(data_base) :]
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS) :]
    if iri.startswith(KIND_NS):
        return "/ontology#kind-" + iri[len(KIND_NS) :]
    return iri if iri.lower().startswith(("http://", "https://")) else None


# --- RDF -------------------------------------------------------------------------------------

DESCRIBE_QUERY = """
CONSTRUCT { $r ?p ?o . ?s ?q $r . ?b ?bp ?bo }
WHERE {
  { $r ?p ?o }
  UNION { ?s ?q $r }
  UNION { $r ?p1 ?b . FILTER(isBlank(?b)) ?b ?bp ?bo }
}
"""


def resource_exists(store, iri: str) -> bool:
    """Whether any triple has ``iri`` as its subject or object."""
    result = store.query("ASK { { $r ?p ?o } UNION { ?s ?q $r } }", {"r": ox.NamedNode(iri)})
    return bool(result)


def describe_triples(store, iri: str) -> list[ox.Triple]:
    """Every triple about ``iri`` in both directions, plus its blank-node values' triples."""
    seen: dict[ox.Triple, None] = {}
    for triple in store.query(DESCRIBE_QUERY, {"r": ox.NamedNode(iri)}):
        seen.setdefault(triple, None)
    return list(seen)


# --- HTML view -------------------------------------------------------------------------------


@dataclass
class TermView:
    """One RDF term as a page shows it."""

    kind: str  # "iri", "literal" or "bnode"
    value: str
    label: str
    href: str | None = None
    language: str | None = None
    datatype: str | None = None  # compact name, for typed literals other than xsd:string
    details: list[tuple[TermView, TermView]] = field(default_factory=list)  # a blank node's


@dataclass
class PropertyView:
    predicate: TermView
    values: list[TermView]


@dataclass
class TextSegment:
    text: str
    in_sentence: bool
    in_span: bool
    in_cue: bool = False


@dataclass
class TextContext:
    """Where a statement, sentence or span sits in its document's text."""

    document: TermView
    segments: list[TextSegment]


@dataclass
class ResourceView:
    iri: str
    label: str
    compact: str
    types: list[TermView]
    outgoing: list[PropertyView]
    incoming: list[PropertyView]
    context: TextContext | None = None


class _Labeller:
    """Labels for IRIs, looked up once per page."""

    def __init__(self, store, data_base: str) -> None:
        self.store = store
        self.data_base = data_base
        self.table = prefixes()
        self.labels: dict[str, str] = {}

    def load_neighbours(self, iri: str) -> None:
        """Fetch labels of the resource and everything one step away, in one query."""
        values = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
        query = f"""
            SELECT $r ?x ?p ?l WHERE {{
              {{ BIND($r AS ?x) }} UNION {{ $r ?any ?x }} UNION {{ ?x ?any $r }}
              UNION {{ $r ?any ?y . FILTER(isBlank(?y)) ?y ?any2 ?x }}
              VALUES ?p {{ {values} }}
              ?x ?p ?l .
              FILTER(isLiteral(?l))
            }}"""
        ranked: dict[str, tuple[int, str]] = {}
        for row in self.store.query(query, {"r": ox.NamedNode(iri)}):
            x, p, lit = row["x"], row["p"], row["l"]
            if not isinstance(x, ox.NamedNode):
                continue
            rank = _label_rank(p.value, lit)
            if x.value not in ranked or rank < ranked[x.value][0]:
                ranked[x.value] = (rank, lit.value)
        self.labels.update({k: v for k, (_, v) in ranked.items()})

    def label(self, iri: str) -> str:
        """The resource's own label, else its path under the data base, else a compact name."""
        if iri in self.labels:
            return self.labels[iri]
        if iri.startswith(self.data_base) and len(iri) > len(self.data_base):
            return iri[len(self.data_base) :]
        return compact(iri, self.table)

    def term(self, node) -> TermView:
        if isinstance(node, ox.NamedNode):
            return TermView(
                "iri", node.value, self.label(node.value), local_href(node.value, self.data_base)
            )
        if isinstance(node, ox.Literal):
            datatype = node.datatype.value
            shown = None
            if not node.language and not datatype.endswith("#string"):
                shown = compact(datatype, self.table)
            return TermView("literal", node.value, node.value, None, node.language, shown)
        return TermView("bnode", str(node), "(blank node)")


def _label_rank(predicate: str, literal: ox.Literal) -> int:
    lang = literal.language or ""
    lang_rank = LANGUAGE_PREFERENCE.index(lang) if lang in LANGUAGE_PREFERENCE else 2
    return LABEL_PREDICATES.index(predicate) * 10 + lang_rank


def resource_view(store, iri: str, data_base: str) -> ResourceView:
    """The page model of ``iri``: labels, types, properties both ways, text context."""
    labeller = _Labeller(store, data_base)
    labeller.load_neighbours(iri)
    node = ox.NamedNode(iri)
    outgoing: dict[str, list] = {}
    incoming: dict[str, list] = {}
    bnode_details: dict[str, list[tuple[TermView, TermView]]] = {}
    for triple in describe_triples(store, iri):
        if triple.subject == node:
            outgoing.setdefault(triple.predicate.value, []).append(triple.object)
        elif triple.object == node:
            incoming.setdefault(triple.predicate.value, []).append(triple.subject)
        else:
            pair = (labeller.term(triple.predicate), labeller.term(triple.object))
            bnode_details.setdefault(str(triple.subject), []).append(pair)

    def properties(table: dict[str, list]) -> list[PropertyView]:
        views = []
        for predicate in sorted(table, key=lambda p: compact(p, labeller.table)):
            values = []
            for value in sorted(table[predicate], key=_sort_key):
                term = labeller.term(value)
                if term.kind == "bnode":  # IRI-valued details first: they say what it is
                    details = bnode_details.get(term.value, [])
                    term.details = sorted(details, key=lambda d: (d[1].kind != "iri", d[0].label))
                values.append(term)
            # Blank nodes (e.g. VoID partitions) in the order of what they describe.
            values.sort(key=lambda t: [d[1].label for d in t.details] if t.details else [])
            name = compact(predicate, labeller.table)
            shown = TermView("iri", predicate, name, local_href(predicate, data_base))
            views.append(PropertyView(shown, values))
        return views

    types = [labeller.term(t) for t in sorted(outgoing.pop(RDF_TYPE, []), key=_sort_key)]
    return ResourceView(
        iri=iri,
        label=labeller.label(iri),
        compact=compact(iri, labeller.table),
        types=types,
        outgoing=properties(outgoing),
        incoming=properties(incoming),
        context=text_context(store, iri, labeller),
    )


def _sort_key(node) -> tuple[int, str]:
    if isinstance(node, ox.Literal):
        return (1, node.value)
    return (0, str(node))


# --- the resource's place in its document ---------------------------------------------------

CONTEXT_QUERY = f"""
PREFIX nif: <{NIF}>
PREFIX nkg: <{ONTOLOGY_NS}>
SELECT $r ?doc ?text ?sb ?se ?cb ?ce WHERE {{
  OPTIONAL {{ $r nkg:inSentence ?sent . ?sent nif:beginIndex ?sb ; nif:endIndex ?se }}
  OPTIONAL {{ $r nkg:sentenceIndex ?ix ; nif:beginIndex ?sb ; nif:endIndex ?se }}
  OPTIONAL {{ $r nkg:contentSpan ?span . ?span nif:beginIndex ?cb ; nif:endIndex ?ce }}
  OPTIONAL {{ $r nif:beginIndex ?cb ; nif:endIndex ?ce
             FILTER NOT EXISTS {{ $r nkg:sentenceIndex ?i2 }} }}
  OPTIONAL {{ $r nkg:inDocument ?doc1 }}
  OPTIONAL {{ $r nif:referenceContext ?doc2 }}
  OPTIONAL {{ $r nkg:inSentence ?s3 . ?s3 nif:referenceContext ?doc3 }}
  BIND(COALESCE(?doc1, ?doc2, ?doc3) AS ?doc)
  ?doc nif:isString ?text .
  FILTER(BOUND(?sb) || BOUND(?cb))
}} LIMIT 1
"""


CUE_QUERY = f"""
SELECT $r ?b ?e WHERE {{
  $r <{ONTOLOGY_NS}cueSpan> ?cue . ?cue <{NIF}beginIndex> ?b ; <{NIF}endIndex> ?e
}}"""


def text_context(store, iri: str, labeller: _Labeller) -> TextContext | None:
    """The document text split so that the sentence and the content span can be marked."""
    rows = list(store.query(CONTEXT_QUERY, {"r": ox.NamedNode(iri)}))
    if not rows:
        return None
    row = rows[0]
    text = row["text"].value
    sentence = _range(row["sb"], row["se"], len(text))
    span = _range(row["cb"], row["ce"], len(text))
    cues = [_range(c["b"], c["e"], len(text)) for c in store.query(CUE_QUERY, {"r": row["r"]})]
    segments = split_text(text, sentence, span, [c for c in cues if c])
    return TextContext(labeller.term(row["doc"]), segments)


def _range(begin, end, length: int) -> tuple[int, int] | None:
    if begin is None or end is None:
        return None
    try:
        start, stop = int(begin.value), int(end.value)
    except ValueError:
        return None
    if not 0 <= start <= stop <= length:
        return None
    return (start, stop)


def split_text(
    text: str,
    sentence: tuple[int, int] | None,
    span: tuple[int, int] | None,
    cues: list[tuple[int, int]] = (),
) -> list[TextSegment]:
    """Cut ``text`` at the sentence's, the span's and the cues' boundaries; flag each piece."""
    cuts = {0, len(text)}
    for rng in (sentence, span, *cues):
        if rng:
            cuts.update(rng)
    segments = []
    for start, stop in pairwise(sorted(cuts)):
        piece = (start, stop)
        segments.append(TextSegment(
            text[start:stop], _covers(sentence, piece), _covers(span, piece),
            any(_covers(cue, piece) for cue in cues),
        ))
    return segments


def _covers(outer: tuple[int, int] | None, inner: tuple[int, int]) -> bool:
    return bool(outer and outer[0] <= inner[0] and inner[1] <= outer[1])

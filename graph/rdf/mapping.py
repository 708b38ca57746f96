"""The RDF mapping: the one module that knows ontology terms.

``analysis_to_triples`` turns what the pipeline found in one document into triples in the
newskg ontology (docs/data-model.md). The caller stores them in the named graph
``document_iri(...)``. The mapping is deterministic: the same Analysis gives the same triples
in the same order, so re-ingesting an article reproduces its graph exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from newskg.graph.model import (
    ACTOR_TYPES,
    KINDS,
    QUOTE_FORMS,
    Actor,
    Analysis,
    Event,
    Quantity,
    Span,
    Statement,
    TimeExpression,
)
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_NS
from newskg.graph.rdf import iris

#: The prefixes of the ontology, for exports, resource pages and the SPARQL editor.
PREFIXES: dict[str, str] = {
    "nkg": ONTOLOGY_NS,
    "kind": KIND_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
}

_RDF, _RDFS, _XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"]
_SKOS, _SCHEMA, _FOAF = PREFIXES["skos"], PREFIXES["schema"], PREFIXES["foaf"]
_TIME, _NIF = PREFIXES["time"], PREFIXES["nif"]

#: The most specific ontology class of each actor type (model.ACTOR_TYPES).
ACTOR_CLASS = {
    "person": "Person",
    "organization": "Organization",
    "country_or_government": "CountryOrGovernment",
    "media": "Media",
    "other": "Actor",
}

#: Mention types that are no actor type but may name an actor: a region or city that holds a
#: post ("Ministerpräsident von Bayern") or speaks stands for its government.
ACTOR_TYPE_OF_MENTION = {"place": "country_or_government"}

#: The ontology class of each event kind (model.EVENT_KINDS).
EVENT_CLASS = {
    "treaty": "TreatySigning",
    "agreement": "TreatySigning",
    "visit": "Visit",
    "briefing": "Briefing",
    "meeting": "Meeting",
    "other": "Event",
}


class MappingError(ValueError):
    """The Analysis holds a value the ontology has no term for; the message names it."""


def _nkg(local: str) -> ox.NamedNode:
    return ox.NamedNode(ONTOLOGY_NS + local)


def _iri(namespace: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + local)


_TYPE = _iri(_RDF, "type")
_LABEL = _iri(_RDFS, "label")


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _german(value: str, language: str = "de") -> ox.Literal:
    return ox.Literal(value, language=language or "de")


def _typed(value: str, xsd_local: str) -> ox.Literal:
    return ox.Literal(value, datatype=_iri(_XSD, xsd_local))


def _offset(value: int) -> ox.Literal:
    # xsd:integer, not xsd:nonNegativeInteger: Oxigraph stores derived integer types as
    # xsd:integer, and the mapping's output should be exactly what a store gives back.
    return _typed(str(value), "integer")


def _date(value: date) -> ox.Literal:
    return _typed(value.isoformat(), "date")


def _decimal(value: float) -> ox.Literal:
    number = Decimal(str(value))
    if not number.is_finite():
        raise MappingError(f"quantity value {value!r} is not a finite number")
    text = format(number.normalize(), "f") if number == number.to_integral() else str(number)
    return _typed(text, "decimal")


@dataclass
class _Graph:
    """An ordered set of triples: insertion order makes the output deterministic."""

    triples: dict[ox.Triple, None] = field(default_factory=dict)

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj) -> None:
        self.triples[ox.Triple(subject, predicate, obj)] = None


class _Mapper:
    """Maps one Analysis; holds the document's IRIs so helpers stay short."""

    def __init__(self, analysis: Analysis, base: str) -> None:
        self.analysis = analysis
        self.document = analysis.document
        self.base = base
        self.doc_id = iris.slug(self.document.id)
        self.doc = ox.NamedNode(iris.document_iri(self.doc_id, base))
        self.language = self.document.language or "de"
        self.out = _Graph()
        self.times: list[TimeExpression] = []
        self.sentence_bounds = {s.index: (s.start, s.end) for s in self.document.sentences}
        self.sentence_order = sorted(self.sentence_bounds.items())

    # ---- documents and text -------------------------------------------------------------
    def document_triples(self) -> None:
        doc, text = self.doc, self.document.text
        self.out.add(doc, _TYPE, _nkg("Document"))
        self.out.add(doc, _nkg("documentId"), _text(self.doc_id))
        self.out.add(doc, _iri(_NIF, "isString"), _text(text))
        self.out.add(doc, _iri(_NIF, "beginIndex"), _offset(0))
        self.out.add(doc, _iri(_NIF, "endIndex"), _offset(len(text)))
        self.out.add(doc, _iri(_SCHEMA, "inLanguage"), _text(self.language))
        title = self.document.title
        self.out.add(doc, _LABEL, _german(title or self.doc_id, self.language))
        if title:
            self.out.add(doc, _iri(_SCHEMA, "headline"), _german(title, self.language))
        if self.document.published is not None:
            self.out.add(doc, _iri(_SCHEMA, "datePublished"), _date(self.document.published))
        if self.document.source:
            self.out.add(doc, _iri(_SCHEMA, "url"), _typed(self.document.source, "anyURI"))
        for sentence in self.document.sentences:
            self.sentence(sentence.index)

    def sentence(self, index: int) -> ox.NamedNode:
        node = ox.NamedNode(iris.sentence_iri(self.doc_id, index, self.base))
        self.out.add(node, _TYPE, _nkg("Sentence"))
        self.out.add(node, _nkg("sentenceIndex"), _typed(str(index), "integer"))
        self.out.add(node, _iri(_NIF, "referenceContext"), self.doc)
        if index in self.sentence_bounds:
            start, end = self.sentence_bounds[index]
            self._offsets(node, start, end)
        return node

    def _offsets(self, node: ox.NamedNode, start: int, end: int) -> None:
        self.out.add(node, _iri(_NIF, "beginIndex"), _offset(start))
        self.out.add(node, _iri(_NIF, "endIndex"), _offset(end))
        self.out.add(node, _iri(_NIF, "anchorOf"), _text(self.document.text[start:end]))

    def _sentence_at(self, offset: int, fallback: int | None) -> int | None:
        for index, (start, end) in self.sentence_order:
            if start <= offset < end:
                return index
        return fallback

    def span(self, span: Span, sentence: int | None) -> ox.NamedNode:
        text = self.document.text
        if not 0 <= span.start < span.end <= len(text):
            raise MappingError(
                f"span {span.start}-{span.end} is empty or outside the text of "
                f"document {self.doc_id!r} ({len(text)} characters)"
            )
        node = ox.NamedNode(iris.span_iri(self.doc_id, span.start, span.end, self.base))
        self.out.add(node, _TYPE, _nkg("TextSpan"))
        self._offsets(node, span.start, span.end)
        self.out.add(node, _iri(_NIF, "referenceContext"), self.doc)
        index = self._sentence_at(span.start, sentence)
        if index is not None:
            self.out.add(node, _nkg("inSentence"), self.sentence(index))
        return node

    # ---- actors, posts, places ------------------------------------------------------------
    def actor(self, name: str, actor_type: str | None = None) -> ox.NamedNode:
        """The actor's node; one that the Analysis does not describe gets a type and a label."""
        node = ox.NamedNode(iris.actor_iri(name, self.base))
        known = self.analysis.actors.get(name)
        chosen = known.type if known is not None else (actor_type or "other")
        chosen = ACTOR_TYPE_OF_MENTION.get(chosen, chosen)
        if chosen not in ACTOR_CLASS:
            raise MappingError(f"actor {name!r} has unknown type {chosen!r}; "
                               f"expected one of {', '.join(ACTOR_TYPES)}")
        self.out.add(node, _TYPE, _nkg("Actor"))
        self.out.add(node, _TYPE, _nkg(ACTOR_CLASS[chosen]))
        self.out.add(node, _LABEL, _german(name, self.language))
        self.out.add(node, _iri(_SKOS, "prefLabel"), _german(name, self.language))
        if chosen == "person":
            self.out.add(node, _iri(_FOAF, "name"), _text(name))
        return node

    def actor_details(self, actor: Actor) -> None:
        node = self.actor(actor.name)
        for alias in sorted(actor.aliases - {actor.name}):
            self.out.add(node, _iri(_SKOS, "altLabel"), _german(alias, self.language))
        for role in actor.roles:
            self.out.add(node, _nkg("holdsPost"), self.post(role.title, role.organization))
        if actor.part_of:
            self.out.add(node, _nkg("partOf"), self.actor(actor.part_of, "organization"))
        if actor.country:
            self.out.add(
                node, _nkg("country"), self.actor(actor.country, "country_or_government")
            )

    def post(self, title: str, organization: str | None) -> ox.NamedNode:
        node = ox.NamedNode(iris.post_iri(title, organization, self.base))
        self.out.add(node, _TYPE, _nkg("Post"))
        label = f"{title} ({organization})" if organization else title
        self.out.add(node, _LABEL, _german(label, self.language))
        self.out.add(node, _nkg("roleTitle"), _text(title))
        if organization:
            self.out.add(node, _nkg("postIn"), self.actor(organization, "organization"))
        return node

    def place(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(iris.place_iri(name, self.base))
        self.out.add(node, _TYPE, _nkg("Place"))
        self.out.add(node, _LABEL, _german(name, self.language))
        self.out.add(node, _iri(_SKOS, "prefLabel"), _german(name, self.language))
        return node

    # ---- dates and numbers --------------------------------------------------------------
    def time(self, expression: TimeExpression) -> ox.NamedNode:
        for index, known in enumerate(self.times):
            if known == expression:
                return ox.NamedNode(iris.time_iri(self.doc_id, index, self.base))
        self.times.append(expression)
        node = ox.NamedNode(iris.time_iri(self.doc_id, len(self.times) - 1, self.base))
        self.out.add(node, _TYPE, _nkg("DateExpression"))
        if expression.text and not expression.carried_over:
            self.out.add(node, _nkg("dateText"), _text(expression.text))
        self.out.add(node, _nkg("granularity"), _text(expression.granularity))
        self.out.add(node, _nkg("carriedOver"),
                     _typed("true" if expression.carried_over else "false", "boolean"))
        begin, end = expression.begin, expression.end_date
        if begin is not None and end is None:
            end = begin
        if begin is not None and end is not None:
            if end < begin:
                raise MappingError(f"date expression {expression.text!r} ends before it begins")
            self.out.add(node, _nkg("dateBegin"), _date(begin))
            self.out.add(node, _nkg("dateEnd"), _date(end))
            for which, day, link in (("begin", begin, "hasBeginning"), ("end", end, "hasEnd")):
                instant = ox.NamedNode(iris.instant_iri(node.value, which))
                self.out.add(node, _iri(_TIME, link), instant)
                self.out.add(instant, _TYPE, _iri(_TIME, "Instant"))
                self.out.add(instant, _iri(_TIME, "inXSDDate"), _date(day))
        has_span = expression.start is not None and expression.end is not None
        if has_span and not expression.carried_over:
            span = Span(expression.start, expression.end)
            self.out.add(node, _nkg("textSpan"), self.span(span, expression.sentence))
        return node

    def quantity(self, quantity: Quantity) -> ox.NamedNode:
        node = ox.NamedNode(iris.quantity_iri(self.doc_id, quantity.start, quantity.end,
                                              self.base))
        self.out.add(node, _TYPE, _nkg("Quantity"))
        self.out.add(node, _nkg("value"), _decimal(quantity.value))
        if quantity.unit:
            self.out.add(node, _nkg("unit"), _text(quantity.unit))
        if quantity.qualifier:
            self.out.add(node, _nkg("qualifier"), _text(quantity.qualifier))
        self._offsets(node, quantity.start, quantity.end)
        self.out.add(node, _iri(_NIF, "referenceContext"), self.doc)
        return node

    # ---- statements and events ------------------------------------------------------------
    def statement(self, index: int, statement: Statement) -> None:
        if statement.kind not in KINDS:
            raise MappingError(f"statement kind {statement.kind!r} is not one of the ten kinds")
        if statement.direct_quote not in QUOTE_FORMS:
            raise MappingError(f"quote status {statement.direct_quote!r} is not one of "
                               f"{', '.join(QUOTE_FORMS)}")
        node = ox.NamedNode(iris.statement_iri(self.doc_id, index, self.base))
        speaker = self.actor(statement.speaker)
        content = statement.content.text_of(self.document.text)
        self.out.add(node, _TYPE, _nkg("Statement"))
        self.out.add(node, _LABEL,
                     _german(f"{statement.speaker}: {statement.cue}", self.language))
        self.out.add(node, _nkg("speaker"), speaker)
        self.out.add(node, _nkg("speakerMention"), _text(statement.mention.text))
        self.out.add(node, _nkg("cue"), _text(statement.cue))
        if statement.cue_lemma:
            self.out.add(node, _nkg("cueLemma"), _text(statement.cue_lemma))
        self.out.add(node, _nkg("kind"), ox.NamedNode(KIND_NS + statement.kind))
        self.out.add(node, _nkg("quoteStatus"), _text(statement.direct_quote))
        if self.analysis.extractor:
            self.out.add(node, _nkg("extractorVersion"), _text(self.analysis.extractor))
        for prop, value in (("confidence", statement.confidence),
                            ("speakerConfidence", statement.speaker_confidence)):
            if value is not None:
                self.out.add(node, _nkg(prop), _decimal(round(value, 4)))
        self.out.add(node, _nkg("content"), _text(content))
        self.out.add(node, _nkg("contentSpan"), self.span(statement.content, statement.sentence))
        for cue_span in statement.cue_spans:
            self.out.add(node, _nkg("cueSpan"), self.span(cue_span, statement.sentence))
        self.out.add(node, _nkg("inSentence"), self.sentence(statement.sentence))
        self.out.add(node, _nkg("inDocument"), self.doc)
        if statement.addressee:
            self.out.add(node, _nkg("addressee"), _text(statement.addressee))
        if statement.time is not None:
            self.out.add(node, _nkg("date"), self.time(statement.time))
        for quantity in statement.quantities:
            self.out.add(node, _nkg("quantity"), self.quantity(quantity))
        for name in statement.mentioned:
            self.out.add(node, _nkg("mentions"), self.actor(name))

    def event(self, index: int, event: Event) -> None:
        node = ox.NamedNode(iris.event_iri(self.doc_id, index, self.base))
        self.out.add(node, _TYPE, _nkg("Event"))
        if EVENT_CLASS.get(event.kind, "Event") != "Event":
            self.out.add(node, _TYPE, _nkg(EVENT_CLASS[event.kind]))
        self.out.add(node, _LABEL, _german(event.label, self.language))
        for name in event.participants:
            self.out.add(node, _nkg("participant"), self.actor(name))
        if event.place:
            self.out.add(node, _nkg("place"), self.place(event.place))
        if event.time is not None:
            self.out.add(node, _nkg("date"), self.time(event.time))
        self.out.add(node, _nkg("inSentence"), self.sentence(event.sentence))
        self.out.add(node, _nkg("inDocument"), self.doc)
        self.out.add(node, _nkg("textSpan"), self.span(event.span, event.sentence))

    def map(self) -> list[ox.Triple]:
        self.document_triples()
        for actor in sorted(self.analysis.actors.values(), key=lambda a: a.name):
            self.actor_details(actor)
        for expression in self.analysis.times:
            self.time(expression)
        for quantity in self.analysis.quantities:
            self.quantity(quantity)
        for name in sorted(set(self.analysis.places)):
            self.place(name)
        for index, statement in enumerate(statements_in_text_order(self.analysis.statements)):
            self.statement(index, statement)
        for index, event in enumerate(self.analysis.events):
            self.event(index, event)
        for name, type_hint in sorted(self._named_actors().items()):
            self.out.add(self.doc, _iri(_SCHEMA, "mentions"), self.actor(name, type_hint))
        return list(self.out.triples)

    def _named_actors(self) -> dict[str, str | None]:
        """Every actor named in the document, with the type its mentions suggest."""
        names: dict[str, str | None] = dict.fromkeys(self.analysis.actors)
        for mention in self.analysis.mentions:
            if mention.actor and names.get(mention.actor) is None:
                names[mention.actor] = mention.type if mention.type in ACTOR_CLASS else None
        for statement in self.analysis.statements:
            names.setdefault(statement.speaker, None)
            names.update((name, names.get(name)) for name in statement.mentioned)
        return names


def statements_in_text_order(statements: Iterable[Statement]) -> list[Statement]:
    """Statements ordered as their IRIs are numbered: by content offsets, then cue sentence."""
    return sorted(statements, key=lambda s: (s.content.start, s.content.end, s.sentence))


def analysis_to_triples(analysis: Analysis, base: str) -> list[ox.Triple]:
    """All triples for one document; the caller puts them in ``document_iri(doc_id, base)``.

    Raises MappingError (a ValueError) when the Analysis holds a value the ontology cannot
    express, such as an unknown kind or a span outside the text.
    """
    return _Mapper(analysis, base).map()

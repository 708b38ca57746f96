"""Plain data exchanged between pipeline stages.

Every stage of the pipeline is a function over these dataclasses, so each stage can be
tested without RDF and the RDF mapping can be tested without NLP. Character offsets are
0-based, end-exclusive code-point offsets into ``Document.text`` exactly as ingested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: The ten statement kinds (SKOS concepts in the ontology).
KINDS = (
    "assertion",
    "claim",
    "denial",
    "speculation",
    "report",
    "announcement",
    "warning",
    "demand",
    "question",
    "other",
)

#: Actor types, as the ``speakerType`` column of the ``statements`` query spells them.
ACTOR_TYPES = ("person", "organization", "country_or_government", "media", "other")

#: How much of a statement's content is quoted verbatim.
QUOTE_FORMS = ("none", "partial", "full")

#: The actor of statements whose cue names nobody ("heißt es", "wurde berichtet, dass …"):
#: one honest placeholder of type "other" rather than a guessed speaker.
UNNAMED_SOURCE = "unbenannte Quelle"

#: Kinds of events the pipeline recognises.
EVENT_KINDS = ("treaty", "agreement", "visit", "briefing", "meeting", "other")


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of the document text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Token:
    text: str
    start: int
    end: int
    pos: str = ""  # STTS tag from HanTa, e.g. "NE", "VVFIN"
    lemma: str = ""
    index: int = 0  # position in its sentence
    actor: bool = False  # part of a mention of a person, organization, state or medium


@dataclass
class Sentence:
    index: int  # 0-based position in the document
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Document:
    """An article as ingested: ``text`` is the whole input (headline line included)."""

    id: str  # stable slug; the document's IRI is derived from it
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    language: str = "de"
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Role:
    """A post held by a person, e.g. "Verteidigungsminister" of "USA"."""

    title: str
    organization: str | None = None  # canonical name of the organization/state actor


@dataclass
class Actor:
    """A person, organization, state/government or medium, keyed by canonical name."""

    name: str  # canonical name, e.g. "Lloyd Austin", "Nordkorea", "NIS"
    type: str  # one of ACTOR_TYPES
    aliases: set[str] = field(default_factory=set)  # other surface forms seen
    roles: list[Role] = field(default_factory=list)
    part_of: str | None = None  # canonical name of a parent organization
    country: str | None = None  # canonical name of the state it belongs to


@dataclass
class Mention:
    """A stretch of text that names something: an actor, a place, a date or a number."""

    start: int
    end: int
    text: str
    sentence: int
    type: str  # one of ACTOR_TYPES, or "place", "date", "number", "pronoun", "description"
    actor: str | None = None  # canonical name of the actor it refers to, once resolved


@dataclass
class Quantity:
    """A number with its unit noun and qualifier: "mindestens 3.000 Soldaten"."""

    value: float
    start: int
    end: int
    text: str
    sentence: int
    unit: str | None = None  # e.g. "Soldaten"
    qualifier: str | None = None  # e.g. "mindestens", "rund", "bis zu", "mehr als"


@dataclass
class TimeExpression:
    """A date expression and its resolution against the publication date.

    ``begin == end`` for a single day; ``begin < end`` for an interval (both inclusive).
    Unresolvable expressions keep ``begin``/``end`` as None.
    """

    text: str
    start: int | None  # None for a date carried over from an earlier statement
    end: int | None
    sentence: int | None
    begin: date | None = None
    end_date: date | None = None
    granularity: str = "day"  # "day", "week", "month", "year", "interval"
    carried_over: bool = False


@dataclass
class Statement:
    """An attributed statement: who said what, how, when, to whom."""

    speaker: str  # canonical name of the speaking actor
    mention: Mention  # how the speaker is named at this place ("Er", "die Agentur" ...)
    cue: str  # cue as written, discontinuous parts joined by " ... ": "fügte ... hinzu"
    cue_lemma: str  # e.g. "hinzufügen", "laut"
    kind: str  # one of KINDS
    direct_quote: str  # one of QUOTE_FORMS
    content: Span
    content_text: str
    sentence: int  # index of the sentence holding the cue
    cue_spans: list[Span] = field(default_factory=list)
    addressee: str | None = None  # as written, e.g. "Reportern"
    time: TimeExpression | None = None
    quantities: list[Quantity] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)  # canonical actor names in the content
    cue_kind: str = ""  # the kind the cue lexicon proposed, before the kind decision
    #: Probability the learned ranker gives the chosen speaker phrase among the candidates
    #: (None when no model decided: the rules' choice alone).
    speaker_confidence: float | None = None
    #: Probability that the statement is an attributed statement at all (None: rules only).
    confidence: float | None = None
    #: Where the rules' own speaker phrase stood, when the ranker chose another: a frame's
    #: source ("laut X") bounds its message whoever the speaker turns out to be.
    proposed: Span | None = None


@dataclass
class Event:
    """Something that happened (competency question 10)."""

    kind: str  # one of EVENT_KINDS
    label: str  # e.g. "Vertrag über eine umfassende strategische Partnerschaft"
    sentence: int
    span: Span
    participants: list[str] = field(default_factory=list)  # canonical actor names
    place: str | None = None
    time: TimeExpression | None = None


@dataclass
class Analysis:
    """Everything the pipeline found in one document; the input of the RDF mapping."""

    document: Document
    actors: dict[str, Actor] = field(default_factory=dict)  # by canonical name
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extractor: str = ""  # what produced it: package version and model digests

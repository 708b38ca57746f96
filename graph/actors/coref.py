"""Speakers to canonical actors: names, pronouns and definite descriptions.

A statement's speaker is first found as a noun phrase ("Sprecher John Kirby", "er", "die
Agentur"). Here each becomes the canonical name of an actor, so that one IRI is minted per
actor: names through the mentions of :mod:`newskg.graph.actors.mentions` (which also maps surnames
to full names), pronouns to the most recent compatible speaker, descriptions to the most
recent actor of a matching type and role ("die Agentur" -> NIS, "der Minister" -> the last
minister). Lexicons: ``lexicon/pronouns.tsv`` and ``lexicon/descriptions.tsv``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newskg.graph.actors.gazetteer import nominative, org_of_prefix
from newskg.graph.actors.names import (
    affiliated_person,
    phrase_name,
    source_compound_holder,
    source_holder,
)
from newskg.graph.actors.roles import read_title
from newskg.graph.model import UNNAMED_SOURCE, Actor, Document, Mention, Role, Statement
from newskg.graph.statements.continuations import introduced_speaker

_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines"}


@dataclass(frozen=True)
class Description:
    noun: str
    types: tuple[str, ...]
    keywords: tuple[str, ...]


def _read_tsv(name: str) -> list[dict[str, str]]:
    source = resources.files("newskg.graph").joinpath(f"lexicon/{name}")
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def pronoun_types() -> dict[str, set[str]]:
    """Pronoun form -> the actor types it may refer to."""
    table: dict[str, set[str]] = {}
    for row in _read_tsv("pronouns.tsv"):
        table.setdefault(row["form"], set()).update(row["types"].split(","))
    return table


@lru_cache(maxsize=1)
def descriptions() -> dict[str, Description]:
    """Head noun -> the description rule ("Agentur" -> organizations and media)."""
    table = {}
    for row in _read_tsv("descriptions.tsv"):
        keywords = tuple(k for k in (row["keywords"] or "").split(",") if k)
        table[row["noun"]] = Description(row["noun"], tuple(row["types"].split(",")), keywords)
    return table


def _actor_words(actor: Actor) -> str:
    parts = [actor.name, *actor.aliases, *(r.title for r in actor.roles)]
    return " ".join(parts).lower()


def _matches(actor: Actor, rule: Description) -> bool:
    if actor.type not in rule.types:
        return False
    if not rule.keywords:
        return True
    words = _actor_words(actor)
    return any(k in words for k in rule.keywords)


def name_from_tokens(document: Document, mention: Mention) -> tuple[str, str] | None:
    """A canonical name from the tagged speaker phrase: the trailing run of proper names
    after any title ("Bürgermeister Karl Muster" -> "Karl Muster", a person), else the
    phrase without its article ("Ukrainische Medien")."""
    if not 0 <= mention.sentence < len(document.sentences):
        return None
    tokens = [t for t in document.sentences[mention.sentence].tokens
              if mention.start <= t.start and t.end <= mention.end]
    for k in range(1, len(tokens) - 1):  # an apposition, a second speaker ("und die …")
        if tokens[k].text == "," or tokens[k].text in ("und", "sowie", "als") and \
                tokens[k + 1].pos in ("ART", "PPOSAT", "PDAT", "ADV"):
            tokens = tokens[:k]
            break
    if tokens and tokens[0].text.lower() == "sowohl":
        tokens = tokens[1:]
    while tokens and tokens[-1].pos == "$(":
        tokens = tokens[:-1]  # a quoted title: „Der Morgenbote“ is the Morgenbote
    while tokens and tokens[0].pos in ("ART", "PPOSAT", "PDAT", "PIAT", "$("):
        tokens = tokens[1:]
    tokens = source_holder(tokens)  # "Angaben des Verbandes": the Verband holds them
    if len(tokens) == 1 and (held := source_compound_holder(tokens[0].text)) is not None:
        return held  # "Polizeiangaben": the police
    named = phrase_name(tokens)  # "Deutscher Krankenhausgesellschaft", "Verbandes"
    if named is not None:
        return named
    if not tokens:
        return None
    names = [k for k, t in enumerate(tokens) if t.pos in ("NE", "FM", "XY")]
    run: list = []
    if names:
        first = last = names[-1]
        while first > 0 and (tokens[first - 1].pos in ("NE", "FM", "XY")
                             or tokens[first - 1].text == "-"):
            first -= 1
        while last + 1 < len(tokens) and tokens[last + 1].pos == "NN" and \
                tokens[last + 1].lemma == tokens[last + 1].text:
            last += 1  # a surname HanTa reads as a noun: "Anna Beispiel"
        run = tokens[first : last + 1]
    text = document.text
    if run and (len(run) >= 2 or len(run) < len(tokens)):
        name = text[run[0].start : run[-1].end]
        return name, ("person" if len(run) >= 2 and run[0].text[:1].isupper() else "other")
    name = text[tokens[0].start : tokens[-1].end]
    name = name[:1].upper() + name[1:]
    return name, ("person" if len(tokens) == 1 and tokens[0].pos == "NE" else "other")


def guess_name(phrase: str) -> tuple[str, str]:
    """A canonical name and actor type for a speaker phrase no mention covers.

    The trailing run of capitalised words after any title is taken as a name ("Sprecher
    Hans Meier" -> "Hans Meier"); a phrase without one keeps its words minus the article.
    """
    words = phrase.replace("(", " ( ").split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    if not words:
        return phrase, "other"
    name: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and not word.endswith(("er", "in", "ent")):
            name.insert(0, word)
        else:
            break
    if len(name) >= 2 and len(name) < len(words):
        return " ".join(name), "person"
    text = " ".join(words)
    return text[:1].upper() + text[1:], "other"


def _phrase_tokens(document: Document, mention: Mention) -> list:
    if not 0 <= mention.sentence < len(document.sentences):
        return []
    return [t for t in document.sentences[mention.sentence].tokens
            if mention.start <= t.start and t.end <= mention.end]


def _affiliated_person(
    document: Document, statement: Statement, mentions: list[Mention], actors: dict[str, Actor]
) -> str | None:
    """A person named only by a post in an organisation ("ein Patientenschützer der Deutschen
    Stiftung Patientenschutz"): a person actor holding that post, not the organisation."""
    phrase = statement.mention
    inside = [m for m in mentions if m.actor and phrase.start <= m.start and m.end <= phrase.end]
    if any(m.type == "person" for m in inside):
        return None
    found = affiliated_person(_phrase_tokens(document, phrase),
                              lambda word: read_title(word, org_of_prefix))
    if found is None:
        return None
    name, title, genitive = found
    article = name[len(title) + 1 :].split(" ", 1)[0]
    org_mention = next((m for m in inside if m.type in ("organization", "media",
                                                         "country_or_government")), None)
    if org_mention is not None:
        organization = org_mention.actor
    else:
        organization = nominative(genitive, article) or genitive
        actors.setdefault(organization, Actor(name=organization, type="organization"))
    person = actors.setdefault(name, Actor(name=name, type="person"))
    role = Role(title=name, organization=organization)
    if role not in person.roles:
        person.roles.append(role)
    return name


def _covering_mention(statement: Statement, mentions: list[Mention]) -> Mention | None:
    """The actor mention inside the speaker phrase, preferring the longest, or the first of
    coordinated speakers ("Karl Muster und Anna Beispiel erklärten")."""
    phrase = statement.mention
    inside = [m for m in mentions if m.actor is not None
              and m.type not in ("place", "date", "number")
              and phrase.start <= m.start and m.end <= phrase.end]
    if not inside:
        return None
    comma = phrase.text.find(", ")
    if comma > 0:  # "Eugen Brysch, Patientenschützer der …": the name before the apposition
        head = [m for m in inside if m.end <= phrase.start + comma]
        inside = head or inside
    best = max(inside, key=lambda m: m.end - m.start)
    first = min(inside, key=lambda m: m.start)
    between = phrase.text[first.end - phrase.start : best.start - phrase.start].split()
    if first.end <= best.start and {"und", "sowie", "auch"} & set(between):
        return first
    return best


def _subject_before(
    document: Document, statement: Statement, mentions: list[Mention], actors: dict[str, Actor]
) -> str | None:
    """The named subject of the sentence before ("Die Polizei legte einen Bericht vor.
    Demnach …"), as a canonical name, for a pronoun with no earlier speaker."""
    if statement.sentence <= 0 or not document.sentences:
        return None
    previous = document.sentences[statement.sentence - 1]
    subject = introduced_speaker(document, previous)
    if subject is None:
        return None
    covering = next((m for m in mentions if m.actor and subject.start <= m.start
                     and m.end <= subject.end), None)
    if covering is not None:
        return covering.actor
    named = name_from_tokens(document, subject)
    if named is None or named[0].lower() in pronoun_types():
        return None
    actors.setdefault(named[0], Actor(name=named[0], type=named[1]))
    return named[0]


def _widen_to_mention(document: Document, statement: Statement, mentions: list[Mention]) -> None:
    """Stretch the speaker phrase over an actor mention that begins inside it and runs on
    ("Hauptmann Abraham" + "Abraham Sipe")."""
    span = statement.mention
    for mention in mentions:
        if (mention.actor and span.start <= mention.start < span.end < mention.end
                and mention.type in ("person", "organization", "country_or_government", "media")):
            span.end = mention.end
            span.text = document.text[span.start : span.end]


#: Determiners that make a source the sentence subject's own ("nach eigenen Angaben").
_OWN_WORDS = {"eigenen", "eigener", "seinen", "seiner", "ihren", "ihrer"}


def _own_holder(statement: Statement, mentions: list[Mention]) -> str | None:
    """The actor a source "of its own" belongs to: the actor named nearest before it in
    its sentence ("Die Kommission will nach eigenen Angaben …"), else the first after it
    ("Nach eigenen Angaben hat die Polizei …")."""
    phrase = statement.mention
    named = [m for m in mentions if m.sentence == phrase.sentence and m.actor is not None
             and m.type not in ("place", "date", "number")]
    before = [m for m in named if m.end <= phrase.start]
    after = [m for m in named if m.start >= phrase.end]
    if before:
        return before[-1].actor
    return after[0].actor if after else None


def _previous_actor(
    position: int,
    statements: list[Statement],
    mentions: list[Mention],
    actors: dict[str, Actor],
    accept: Callable[[Actor], bool],
) -> str | None:
    """The latest speaker before ``position`` that ``accept`` takes, else the latest mention."""
    for statement in reversed(statements):
        if (statement.mention.start < position and statement.speaker in actors
                and statement.speaker != UNNAMED_SOURCE and accept(actors[statement.speaker])):
            return statement.speaker
    for mention in reversed(mentions):
        if mention.end <= position and mention.actor in actors and accept(actors[mention.actor]):
            return mention.actor
    return None


def resolve_speakers(
    document: Document,
    statements: list[Statement],
    mentions: list[Mention],
    actors: dict[str, Actor],
) -> list[str]:
    """Set each statement's ``speaker`` to a canonical actor name; returns warnings.

    Actors found only here (no mention covered the phrase) are added to ``actors``.
    """
    warnings: list[str] = []
    mentions = sorted(mentions, key=lambda m: m.start)
    done: list[Statement] = []
    surnames: dict[str, str] = {
        name.split()[-1]: name for name, a in actors.items() if a.type == "person" and " " in name
    }
    for statement in statements:
        phrase = statement.mention.text
        words = phrase.split()
        low = phrase.lower()
        if not statement.cue_lemma and done and statement.mention is done[-1].mention:
            statement.speaker = done[-1].speaker  # a continuation of the statement before
            done.append(statement)
            continue
        if phrase == UNNAMED_SOURCE and statement.mention.start == statement.mention.end:
            actors.setdefault(UNNAMED_SOURCE, Actor(name=UNNAMED_SOURCE, type="other"))
            statement.speaker = statement.mention.actor = UNNAMED_SOURCE
            done.append(statement)
            continue
        speaker: str | None = None
        mention_type = "other"
        if low in pronoun_types():
            types = pronoun_types()[low]
            speaker = _previous_actor(statement.mention.start, done, mentions, actors,
                                      lambda a, t=types: a.type in t)
            mention_type = "pronoun"
        elif words and words[0].lower() in _OWN_WORDS:  # "nach eigenen Angaben"
            speaker = _own_holder(statement, mentions)
        elif words and words[0].lower() in _ARTICLES and words[-1] in descriptions():
            rule = descriptions()[words[-1]]
            speaker = _previous_actor(statement.mention.start, done, mentions, actors,
                                      lambda a, r=rule: _matches(a, r))
            mention_type = "description"
        _widen_to_mention(document, statement, mentions)
        if speaker is None:
            speaker = _affiliated_person(document, statement, mentions, actors)
            mention_type = "person" if speaker is not None else mention_type
        if speaker is None:
            covering = _covering_mention(statement, mentions)
            if covering is not None:
                speaker, mention_type = covering.actor, covering.type
        if speaker is None:
            if mention_type == "pronoun":
                named = [d.speaker for d in done if d.speaker != UNNAMED_SOURCE]
                speaker = named[-1] if named else _subject_before(
                    document, statement, mentions, actors
                )
                if speaker is None:
                    speaker = phrase
                    warnings.append(f"unresolved pronoun speaker {phrase!r}")
            else:
                speaker, actor_type = name_from_tokens(document, statement.mention) or \
                    guess_name(phrase)
                speaker = surnames.get(speaker, speaker)
                if speaker not in actors:
                    actors[speaker] = Actor(name=speaker, type=actor_type)
                if actor_type == "person" and " " in speaker:
                    surnames[speaker.split()[-1]] = speaker
                mention_type = actors[speaker].type if mention_type == "other" else mention_type
        statement.speaker = speaker
        statement.mention.actor = speaker
        statement.mention.type = mention_type
        done.append(statement)
    return warnings

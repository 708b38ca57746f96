"""Pronouns and definite descriptions as speakers: the person or body they refer to.

"sagte der SPD-Politiker" two sentences after "Gesundheitsminister Karl Lauterbach (SPD)"
is Lauterbach, not the SPD; "sagte er" after "Ein Sprecher des Ministeriums wies die Kritik
zurück" is that spokesman; "Nach Angaben des Verbandes" after "Die Deutsche
Krankenhausgesellschaft warnte …" is the Krankenhausgesellschaft. Each earlier actor (the
speakers of earlier statements and the actors named before) is scored as the referent of
such a speaker phrase by what the text says: the kind of actor the noun or pronoun can
name (a person noun never names a party), gender, the party or organisation a compound
states ("SPD-Politiker" names a member of the SPD), the role noun ("die Ministerin" a
minister), and recency (the speaker just before, the sentences between). The corpus marks
speaker phrases, not what they refer to, so these weights are set by hand, not learned;
the learned ranker (:mod:`newskg.graph.attribution.decide`) chooses the phrase itself.
A person noun with a body in the genitive and no name ("ein Sprecher des Ministeriums")
is a person of that body, not the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from newskg.graph.actors.coref import UNNAMED_SOURCE, descriptions
from newskg.graph.actors.gazetteer import gazetteer
from newskg.graph.actors.roles import read_title
from newskg.graph.model import Actor, Document, Mention, Role, Statement, Token
from newskg.graph.statements.lexicon import agent_endings

#: Nouns that name a body (organisation), so a description with one refers to a body.
BODY_NOUNS = ("verband", "verbandes", "verbands", "gesellschaft", "organisation", "stiftung",
              "gewerkschaft", "partei", "behörde", "ministerium", "ministeriums", "institut",
              "instituts", "unternehmen", "unternehmens", "konzern", "konzerns", "verein",
              "vereins", "amt", "amtes", "agentur", "polizei", "regierung", "kommission",
              "klinik", "bündnis", "bündnisses", "gericht", "gerichts")
#: Bodies of the state and bodies of society: a description of one never names the other
#: ("der Verband" is not the ministry named before it).
STATE_BODIES = ("ministerium", "ministeriums", "amt", "amtes", "regierung", "gericht",
                "gerichts", "behörde", "polizei", "kommission")
_PERSON_PRONOUNS = {"er": "m", "ihm": "m", "ihn": "m", "dieser": "m", "sie": "f", "diese": "f"}
_ARTICLES = frozenset(("der", "die", "das", "des", "dem", "den", "diese", "dieser", "dieses"))
#: How far back (in sentences) a referent is looked for.
WINDOW = 6


@dataclass
class Phrase:
    """What a speaker phrase says about its referent."""

    kind: str  # "pronoun", "person" (a person noun) or "body" (an organisation noun)
    gender: str | None  # "m", "f" or None (unknown)
    affiliation: str | None  # the party/organisation a compound or genitive names
    role: str | None  # a role noun's lower-case stem ("minister", "sprecher")
    first: int  # token index of the head noun (or pronoun)


def _org_of_prefix(prefix: str) -> str | None:
    entry = gazetteer().surface.get(prefix)
    return entry.name if entry is not None and entry.type != "place" else None


def _noun_gender(noun: str, article: str) -> str | None:
    if noun.endswith(("in", "innen")) and not noun.endswith(("Jährige", "jährige")):
        return "f"
    if noun.endswith(("Jährige", "jährige")):
        return {"der": "m", "die": "f", "dem": "m", "den": "m"}.get(article)
    return "m"


def read_phrase(tokens: list[Token], mention: Mention) -> Phrase | None:
    """The description or pronoun a speaker phrase is, or None for a name or anything else."""
    words = [t for t in tokens if mention.start <= t.start and t.end <= mention.end]
    if not words or any(t.pos in ("NE", "FM", "XY") for t in words):
        return None
    low = words[0].text.lower()
    if len(words) == 1 and low in _PERSON_PRONOUNS:
        return Phrase("pronoun", _PERSON_PRONOUNS[low], None, None, tokens.index(words[0]))
    if words[0].text in ("Angaben", "Informationen", "Aussage", "Ansicht", "Darstellung") and \
            len(words) >= 3:
        words = words[1:]  # "Angaben des Verbandes": the description after the source noun
        low = words[0].text.lower()
    if low not in _ARTICLES and not (low.startswith("ein") and len(words) >= 2):
        return None
    heads = [k for k, t in enumerate(words) if t.pos == "NN" or (
        t.pos == "ADJA" and t.text.endswith(("Jährige", "Jährigen")))]
    if not heads:
        return None
    head = words[heads[0]]
    genitive = words[heads[0] + 1 :]
    prefix, sep, rest = head.text.partition("-")
    noun = rest if sep and rest[:1].isupper() else head.text
    affiliation = _org_of_prefix(prefix) if sep else None
    if noun.lower().endswith(BODY_NOUNS):
        return Phrase("body", None, affiliation, noun.lower(), tokens.index(head))
    titled = read_title(noun, _org_of_prefix)
    person = titled is not None or noun.lower().endswith(agent_endings()) or \
        noun.endswith(("Jährige", "Jährigen")) or \
        any(r.types == ("person",) for r in [descriptions().get(noun)] if r)
    if not person:
        return None
    if genitive and genitive[0].text.lower() in ("des", "der") and affiliation is None:
        covered = [t for t in genitive if t.actor]
        affiliation = "genitive" if covered else None
    role = (titled[0] if titled else noun).lower()
    role = role[:-2] if role.endswith("in") and _noun_gender(noun, low) == "f" else role
    return Phrase("person", _noun_gender(noun, low), affiliation, role, tokens.index(head))


def actor_gender(actor: Actor) -> str | None:
    """What the text told of a person's gender, through the role nouns it gave them."""
    for role in actor.roles:
        if role.title == "Mitglied":
            continue
        return "f" if role.title.endswith("in") else "m"
    return None


def _member_of(actor: Actor, organisation: str) -> bool:
    return any(r.organization == organisation for r in actor.roles) or \
        actor.part_of == organisation


def _body_group(name: str) -> str | None:
    """"state" or "society" by the body nouns in a name, None when it has none."""
    words = [w.lower() for w in name.split()]
    if any(w.endswith(STATE_BODIES) for w in words):
        return "state"
    return "society" if any(w.endswith(BODY_NOUNS) for w in words) else None


def score(phrase: Phrase, actor: Actor, recency: int, spoke_last: bool) -> float | None:
    """How well ``actor`` fits as the referent; None when it cannot be (wrong kind)."""
    if actor.name == UNNAMED_SOURCE:
        return None
    if phrase.kind == "body":
        body_like = actor.type in ("organization", "media", "country_or_government") or \
            actor.name.lower().endswith(BODY_NOUNS)
        if not body_like or actor.type == "person":
            return None
        group = _body_group(actor.name)
        if phrase.role and group and group != _body_group(phrase.role):
            return None
        value = 1.0 if phrase.role and phrase.role[:6] in actor.name.lower() else 0.0
    else:
        if actor.type != "person" and phrase.kind == "person":
            return None
        if actor.type not in ("person", "organization", "media", "country_or_government") \
                and phrase.kind == "pronoun":
            return None
        if phrase.kind == "pronoun" and phrase.gender == "m" and actor.type != "person":
            return None
        gender = actor_gender(actor) if actor.type == "person" else None
        if phrase.gender and gender and gender != phrase.gender:
            return None
        value = 0.0
        if phrase.affiliation and phrase.affiliation != "genitive":
            if not _member_of(actor, phrase.affiliation):
                return None
            value += 3.0
        if phrase.role and any(phrase.role in r.title.lower() for r in actor.roles):
            value += 2.0
        if actor.type == "person":
            value += 0.5
    value += 2.0 if spoke_last else 0.0
    return value - 0.5 * recency


def _referent(
    document: Document, statement: Statement, phrase: Phrase, earlier: list[Statement],
    mentions: list[Mention], actors: dict[str, Actor],
) -> str | None:
    """The best-scoring earlier actor for the phrase, or None when none fits."""
    seen: dict[str, tuple[int, bool]] = {}
    last_speaker = next((s.speaker for s in reversed(earlier) if s.speaker != UNNAMED_SOURCE),
                        None)
    for mention in mentions:
        if mention.actor and mention.end <= statement.mention.start and \
                statement.sentence - mention.sentence <= WINDOW and \
                not statement.mention.start <= mention.start < statement.mention.end:
            seen[mention.actor] = (statement.sentence - mention.sentence, False)
    for other in earlier[-4:]:
        if other.speaker in actors and statement.sentence - other.sentence <= WINDOW:
            seen[other.speaker] = (statement.sentence - other.sentence,
                                   other.speaker == last_speaker)
    best: tuple[float, str] | None = None
    for name, (recency, spoke_last) in seen.items():
        value = score(phrase, actors[name], recency, spoke_last) if name in actors else None
        if value is not None and (best is None or value > best[0]):
            best = (value, name)
    return best[1] if best else None


def _person_of_body(document: Document, statement: Statement, phrase: Phrase,
                    actors: dict[str, Actor], body: str) -> str:
    """An unnamed person of a body ("Ein Sprecher des Ministeriums") as an actor."""
    text = statement.mention.text
    words = text.split()
    if words and words[0].lower() in _ARTICLES | {"ein", "eine", "einer", "eines"}:
        text = " ".join(words[1:])
    actor = actors.setdefault(text, Actor(name=text, type="person"))
    if not actor.roles and phrase.role:
        title = words[1] if len(words) > 1 else phrase.role
        actor.roles.append(Role(title=title, organization=body))
    return text


def resolve_referents(
    document: Document, statements: list[Statement], mentions: list[Mention],
    actors: dict[str, Actor],
) -> None:
    """Re-resolve pronoun and description speakers to the actor they refer to."""
    ordered = sorted((m for m in mentions if m.actor), key=lambda m: m.start)
    for index, statement in enumerate(statements):
        mention = statement.mention
        if mention.start >= mention.end or not 0 <= mention.sentence < len(document.sentences):
            continue
        earlier = statements[:index]
        if earlier and not statement.cue_lemma and mention is earlier[-1].mention:
            statement.speaker = earlier[-1].speaker  # a continuation: the same speaker
            continue
        phrase = read_phrase(document.sentences[mention.sentence].tokens, mention)
        if phrase is None:
            continue
        if phrase.kind == "person" and phrase.affiliation == "genitive":
            body = actors.get(statement.speaker)
            if body is not None and body.type != "person":
                statement.speaker = _person_of_body(document, statement, phrase, actors,
                                                    body.name)
                mention.actor = statement.speaker
            continue
        found = _referent(document, statement, phrase, earlier, ordered, actors)
        if found is not None:
            statement.speaker = mention.actor = found

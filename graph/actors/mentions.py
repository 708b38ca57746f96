"""Mentions of persons, organizations, media, states and places, and the actors they name.

Gazetteers (``lexicon/*.tsv``) list states with their capitals, adjectives and compound
prefixes, organizations, media, places, first names and titles. Metonyms resolve to the state
("Pjöngjang hat … zurückgewiesen" → Nordkorea), unless the capital is a place ("in Pjöngjang").
Persons come from ``persons.py``, the gazetteers from ``gazetteer.py``, roles from
``roles.py``; this module runs them over each sentence, adding to one ``MentionBuilder``
(``builder.py``), and keeps the actors.
"""

from __future__ import annotations

import re
from functools import cache

from newskg.graph.actors import persons, roles
from newskg.graph.actors.builder import MentionBuilder
from newskg.graph.actors.gazetteer import (
    Entry,
    country_of_adjective,
    country_of_genitive,
    gazetteer,
    gazetteer_matches,
    org_nouns,
    org_of_prefix,
)
from newskg.graph.actors.names import named_organization
from newskg.graph.model import Actor, Document, Mention, Sentence

_LOCATIVE = {"in", "nach", "aus", "bei", "nahe", "um", "vor", "über", "durch", "im", "Richtung"}
_COMPASS = ("Nordost", "Nordwest", "Südost", "Südwest", "Nord", "Süd", "Ost", "West", "Zentral")
_REGION_NOUNS = "Norden|Süden|Osten|Westen|Nordosten|Nordwesten|Südosten|Südwesten|Zentrum"
_ENDING = {"pl": "e", "f": "e", "n": "es", "m": "er"}
_REGION = re.compile(rf"\b(?:{_REGION_NOUNS})\s+(?:(\w+s)|(?:der|des)\s+([A-ZÄÖÜ][\w-]+))\b")
_COMPASS_PREFIX = re.compile(rf"\b(?:{'|'.join(_COMPASS)})(\w+)\b")
_NOUN_BEFORE = re.compile(r"(?:(?P<gen>\w+s)\s+|(?P<adj>\w+)\s+)?(?P<noun>\w+)\s+$")
_SPACES = re.compile(r"\s+")


# The patterns built from the noun tables, compiled once (they were built per sentence).


@cache
def _group_patterns() -> tuple[re.Pattern, re.Pattern]:
    nouns = "|".join(org_nouns()["group_nouns"])
    return (re.compile(rf"\b(\w+?)(e|en|er|es|em)\s+({nouns})\b"),
            re.compile(rf"(?<![\w-])([\w]+)-({nouns})(s)?\b"))


@cache
def _institution_pattern() -> re.Pattern:
    ends = "|".join(org_nouns()["institution_ends"])
    return re.compile(rf"\b(\w+?)(e|en|er|es|em)\s+((?=[A-ZÄÖÜ])\w*?(?i:{ends}))(es|s)?\b")


@cache
def _named_org_pattern() -> re.Pattern:
    ends = "|".join(org_nouns()["naming_noun_ends"])
    return re.compile(
        rf"\b(?:(?P<gen>\w+s)\s+|(?P<adj>\w+)\s+)?(?P<noun>(?=[A-ZÄÖÜ])\w*?(?i:{ends}))\s+"
        r"(?:[„\"»](?P<quoted>[^“”\"«„]{2,60})[“”\"«]|(?P<acro>[A-Z][A-Z0-9]{1,7})\b)"
    )


@cache
def _local_institution_pattern() -> re.Pattern:
    nouns = "|".join(
        re.escape(n) for n in sorted(org_nouns()["local_institutions"]["nouns"], key=len,
                                     reverse=True)
    )
    town = r"[A-ZÄÖÜ][\w-]+"
    return re.compile(
        rf"\b(?:(?P<adj>{town}er)\s+(?P<noun1>{nouns})|(?P<noun2>{nouns})\s+(?P<town>{town}))\b")


def find_mentions(document: Document) -> tuple[list[Mention], dict[str, Actor]]:
    """Mentions in text order and the actors they name, keyed by canonical name."""
    builder = MentionBuilder(document)
    for sentence in document.sentences:
        first = len(builder.mentions)
        _gazetteer_mentions(builder, sentence)
        _group_mentions(builder, sentence)
        _institution_mentions(builder, sentence)
        _named_org_mentions(builder, sentence)
        _local_institution_mentions(builder, sentence)
        _named_after_noun(builder, sentence)
        _head_noun_mentions(builder, sentence, builder.mentions[first:])
        persons.cover(builder, sentence, builder.mentions[first:])
        persons.find_persons(builder, sentence)
    persons.merge_short_person_names(builder)
    persons.backfill_surnames(builder, document.sentences)
    mentions = _drop_nested(builder.mentions)
    for actor in builder.actors.values():
        actor.roles = roles.merge_roles(actor.roles)
    return mentions, referenced_actors(builder.actors, mentions)


def referenced_actors(actors: dict[str, Actor], mentions: list[Mention]) -> dict[str, Actor]:
    """The actors a kept mention names, and those their roles, parents and states name."""
    wanted = [m.actor for m in mentions if m.actor in actors]
    kept: dict[str, Actor] = {}
    while wanted:
        name = wanted.pop()
        if name in kept or name not in actors:
            continue
        actor = kept[name] = actors[name]
        wanted.extend(r.organization for r in actor.roles if r.organization)
        wanted.extend(n for n in (actor.part_of, actor.country) if n)
    return {name: actor for name, actor in actors.items() if name in kept}


def place_name(mention: Mention) -> str | None:
    """The canonical name of a place mention ("Donbass" → Donezk), or None for other mentions.

    Place mentions carry no ``actor``: places are not actors (the data model gives them
    ``nkg:Place`` nodes of their own), so the name comes from the gazetteer or the text.
    """
    if mention.type != "place":
        return None
    entry = gazetteer().surface.get(mention.text)
    return entry.name if entry is not None else mention.text


def place_names(mentions: list[Mention]) -> list[str]:
    """Canonical names of the places mentioned, first mention first."""
    names: list[str] = []
    for mention in mentions:
        name = place_name(mention)
        if name is not None and name not in names:
            names.append(name)
    return names


def _gazetteer_mentions(builder: MentionBuilder, sentence: Sentence) -> None:
    gaz = gazetteer()
    text = sentence.text
    for match in gazetteer_matches(text):
        form = match.group(0)
        entry = gaz.surface[form]
        start, end = sentence.start + match.start(), sentence.start + match.end()
        before = text[max(0, match.start() - 40) : match.start()].split()
        previous = before[-1] if before else ""
        if entry.type == "place" and previous in ("Stadt", "Gemeinde", "Landeshauptstadt"):
            name = f"{previous} {entry.name}"
            start = sentence.start + text.rfind(previous, 0, match.start())
            city = builder.actor(name, "organization", f"{previous} {form}")
            if entry.country:
                city.country = entry.country
                builder.actor(entry.country, "country_or_government")
            builder.add(start, end, sentence.index, "organization", name)
            continue
        if entry.type == "place":
            if entry.capital_of and previous not in _LOCATIVE and not form.endswith("-"):
                builder.actor(entry.capital_of, "country_or_government", form)
                builder.add(start, end, sentence.index, "country_or_government", entry.capital_of)
            else:
                builder.add(start, end, sentence.index, "place", None)
            continue
        start = _org_noun_start(builder, sentence, match.start(), entry) or start
        builder.actor(entry.name, entry.type, form)
        builder.add(start, end, sentence.index, entry.type, entry.name)
    gaz = gazetteer()
    for match in _REGION.finditer(text):
        if match.group(1):
            country = country_of_genitive(match.group(1))  # "Osten Russlands"
        else:
            entry = gaz.surface.get(match.group(2))  # "Süden der Ukraine"
            country = entry.name if entry and entry.type == "country_or_government" else None
        if country:
            builder.add(sentence.start + match.start(), sentence.start + match.end(),
                        sentence.index, "place", None)
    for match in _COMPASS_PREFIX.finditer(text):
        rest = match.group(1)
        if rest[:1].islower() and rest.capitalize() in gaz.surface:
            entry = gaz.surface[rest.capitalize()]
            if entry.type == "country_or_government":
                builder.add(sentence.start + match.start(), sentence.start + match.end(),
                            sentence.index, "place", None)


def _org_noun_start(builder, sentence: Sentence, offset: int, entry: Entry) -> int | None:
    """Extend an organization's mention over "Südkoreas Geheimdienst" before its name."""
    if entry.type not in ("organization", "media"):
        return None
    base = max(0, offset - 120)
    before = sentence.text[base:offset]
    match = _NOUN_BEFORE.search(before)
    if not match or match.group("noun") not in org_nouns()["org_nouns"]:
        return None
    country = None
    start = match.start("noun")
    if match.group("gen") and country_of_genitive(match.group("gen")):
        country = country_of_genitive(match.group("gen"))
        start = match.start("gen")
    elif match.group("adj") and country_of_adjective(match.group("adj")):
        country = country_of_adjective(match.group("adj"))
        start = match.start("adj")
    actor = builder.actor(entry.name, entry.type)
    if country and not actor.country:
        actor.country = country
        builder.actor(country, "country_or_government")
    if country:
        actor.aliases.add(_SPACES.sub(" ", before[start:].strip()))
    return sentence.start + base + start


def _add_state_body(builder: MentionBuilder, sentence: Sentence, match: re.Match, country: str,
                    type_: str, name: str) -> None:
    """A body of a state ("Ukrainische Medien", "US-Regierung"); a government is the state."""
    start, end = sentence.start + match.start(), sentence.start + match.end()
    if type_ == "country_or_government":
        builder.actor(country, type_, match.group(0))
        builder.add(start, end, sentence.index, type_, country)
        return
    builder.actor(name, type_, match.group(0)).country = country
    builder.actor(country, "country_or_government")
    builder.add(start, end, sentence.index, type_, name)


def _group_mentions(builder: MentionBuilder, sentence: Sentence) -> None:
    """"Ukrainische Medien", "die russische Regierung": a state adjective and a group noun."""
    group_nouns = org_nouns()["group_nouns"]
    adjective_noun, prefix_noun = _group_patterns()
    for match in adjective_noun.finditer(sentence.text):
        country = country_of_adjective(match.group(1) + match.group(2))
        if country is None:
            continue
        gender, type_ = group_nouns[match.group(3)]
        name = f"{match.group(1).capitalize()}{_ENDING[gender]} {match.group(3)}"
        _add_state_body(builder, sentence, match, country, type_, name)
    for match in prefix_noun.finditer(sentence.text):
        country = org_of_prefix(match.group(1))  # "US-Regierung", "US-Medien"
        entry = gazetteer().surface.get(country or "")
        if entry is None or entry.type != "country_or_government":
            continue
        _, type_ = group_nouns[match.group(2)]
        _add_state_body(builder, sentence, match, country, type_,
                        f"{match.group(1)}-{match.group(2)}")


def _institution_mentions(builder: MentionBuilder, sentence: Sentence) -> None:
    """"des norwegischen Fischereiministeriums" → Norwegisches Fischereiministerium (Norwegen)."""
    table = org_nouns()["institution_ends"]
    for match in _institution_pattern().finditer(sentence.text):
        country = country_of_adjective(match.group(1) + match.group(2))
        noun = match.group(3)
        if country is None or noun in org_nouns()["group_nouns"]:
            continue
        gender, type_ = next(v for end, v in table.items() if noun.lower().endswith(end))
        name = f"{match.group(1).capitalize()}{_ENDING[gender]} {noun}"
        _add_state_body(builder, sentence, match, country, type_, name)


def _named_org_mentions(builder: MentionBuilder, sentence: Sentence) -> None:
    """"die Zeitung „Nordkurier Abendblatt“", "die Umweltorganisation GLX": a naming noun and a
    name in quotes or an acronym."""
    naming = org_nouns()["naming_noun_ends"]
    gaz = gazetteer()
    for match in _named_org_pattern().finditer(sentence.text):
        name = (match.group("quoted") or match.group("acro")).strip()
        noun = match.group("noun")
        type_ = next(t for end, t in naming.items() if noun.lower().endswith(end))
        if noun.lower().endswith("agentur") and not noun.startswith("Nachrichten"):
            type_ = "organization"
        entry = gaz.surface.get(name)
        if entry is not None and entry.type in ("organization", "media"):
            name, type_ = entry.name, entry.type
        elif entry is not None:
            continue
        country = None
        start = match.start("noun")
        if match.group("gen") and country_of_genitive(match.group("gen")):
            country, start = country_of_genitive(match.group("gen")), match.start("gen")
        elif match.group("adj") and country_of_adjective(match.group("adj")):
            country, start = country_of_adjective(match.group("adj")), match.start("adj")
        actor = builder.actor(name, type_)
        if country and not actor.country:
            actor.country = country
            builder.actor(country, "country_or_government")
        builder.add(sentence.start + start, sentence.start + match.end(), sentence.index, type_,
                    name)


def _named_after_noun(builder: MentionBuilder, sentence: Sentence) -> None:
    """"die schwedische Firma Varnholt Solar": a naming noun and a run of unknown names."""
    naming = org_nouns()["naming_noun_ends"]
    gaz = gazetteer()
    tokens = sentence.tokens
    for i, token in enumerate(tokens[:-1]):
        low = token.text.lower()
        if not token.text[:1].isupper() or not low.endswith(tuple(naming)):
            continue
        k = i + 1
        while (k < len(tokens) and k - i <= 3 and tokens[k].pos in ("NE", "FM")
               and tokens[k].text[:1].isupper() and tokens[k].text not in gaz.surface):
            k += 1
        if k == i + 1 or (k < len(tokens) and tokens[k].text[:1].isupper()
                          and tokens[k].pos in ("NN", "NE")):
            continue
        type_ = next(t for end, t in naming.items() if low.endswith(end))
        name = sentence.text[tokens[i + 1].start - sentence.start : tokens[k - 1].end
                             - sentence.start]
        start = token.start
        if i > 0 and country_of_adjective(tokens[i - 1].text):
            country = country_of_adjective(tokens[i - 1].text)
            builder.actor(name, type_).country = country
            builder.actor(country, "country_or_government")
            start = tokens[i - 1].start
        builder.actor(name, type_)
        builder.add(start, tokens[k - 1].end, sentence.index, type_, name)


def _head_noun_mentions(builder: MentionBuilder, sentence: Sentence, found: list[Mention]) -> None:
    """"Laut Deutscher Krankenhausgesellschaft", "des Bayerischen Landesamtes für Statistik":
    capitalised adjectives and an organisation's head noun, named in the nominative."""
    tokens = sentence.tokens
    for i in range(1, len(tokens)):
        named = named_organization(tokens, i)
        if named is None:
            continue
        first, last, name, type_ = named
        start, end = tokens[first].start, tokens[last].end
        if any(m.start < end and start < m.end for m in found):
            continue  # a gazetteer name or a state body already covers it
        known = gazetteer().surface.get(name)
        if known is not None and known.type != "place":
            name, type_ = known.name, known.type
        builder.actor(name, type_, builder.document.text[start:end])
        found.append(builder.add(start, end, sentence.index, type_, name))


def _local_institution_mentions(builder: MentionBuilder, sentence: Sentence) -> None:
    """"die Staatsanwaltschaft Kassel", "die Kieler Polizei": an institution of a town."""
    gaz = gazetteer()
    for match in _local_institution_pattern().finditer(sentence.text):
        if match.group("adj"):
            town_name = match.group("adj")[:-2]
            entry = gaz.surface.get(town_name) or gaz.surface.get(town_name + "en")
            if entry is None or entry.type != "place":
                continue
        else:
            entry = gaz.surface.get(match.group("town"))
            if entry is None or entry.type != "place":
                continue
        name = match.group(0)
        builder.actor(name, "organization")
        if entry.country:
            builder.actors[name].country = entry.country
            builder.actor(entry.country, "country_or_government")
        builder.add(sentence.start + match.start(), sentence.start + match.end(), sentence.index,
                    "organization", name)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Text order; a mention inside a longer one ("Russlands" in "Osten Russlands") goes."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in ordered:
        if kept and mention.start >= kept[-1].start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept

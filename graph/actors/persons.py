"""Persons in a tokenised sentence: first name + surname, title + name, and later surnames.

"US-Verteidigungsminister Lloyd Austin", "die Vorsitzende des Imkerverbandes, Edda Krummholz",
"Renate Schmidt (SPD)"; a surname alone ("Austin") resolves to the full name seen earlier.
The mention covers the title phrase before the name; roles go to the person's actor.
"""

from __future__ import annotations

import bisect
import re

from newskg.graph.actors import roles
from newskg.graph.actors.builder import MentionBuilder
from newskg.graph.actors.gazetteer import (
    country_of_adjective,
    country_of_genitive,
    gazetteer,
    nominative,
    org_of_prefix,
)
from newskg.graph.model import Actor, Mention, Role, Sentence, Token

_NOT_NAMES = {
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Er", "Sie", "Es", "Der", "Die", "Das", "Den", "Dem",
}
#: Ends of common nouns, which a second part of a hyphenated first name never has.
_NOUN_ENDS = ("partei", "ung", "heit", "keit", "schaft", "romanen", "roman", "regierung",
              "anhänger", "lager", "gruppe", "plan", "effekt", "ära", "zeit")
_PARTICLES = {"von", "van", "de", "der", "da", "di", "bin", "al", "el", "ibn", "zu", "du", "la"}


def _covered(builder: MentionBuilder, token: Token) -> bool:
    """True when a mention found before persons were looked for covers the token."""
    return token.start in builder.covered


def cover(builder: MentionBuilder, sentence: Sentence, mentions: list[Mention]) -> None:
    """Note the tokens of ``sentence`` that its ``mentions`` cover (one linear pass)."""
    spans = sorted((m.start, m.end) for m in mentions)
    builder.covered = set()
    k = 0
    for token in sentence.tokens:
        while k < len(spans) and spans[k][1] <= token.start:
            k += 1
        if k < len(spans) and spans[k][0] <= token.start:
            builder.covered.add(token.start)


_ARABIC_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|asch|ibn|bin|abu|ben)-[A-ZÄÖÜ]\w+")
_LETTERS_AND_JOINERS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _is_name_part(token: Token) -> bool:
    if _ARABIC_PARTICLE_NAME.fullmatch(token.text):
        return True  # "Samira el-Hassan", "Baschar al-Assad"
    return (
        token.text[:1].isupper()
        and token.text not in _NOT_NAMES
        and _LETTERS_AND_JOINERS.fullmatch(token.text) is not None
        and token.pos in ("NE", "FM", "NN", "ADJA", "ADJD", "NNA", "XY")
        and len(token.text) > 1
    )


def _is_first_name(word: str) -> bool:
    """A listed first name, or two joined by a hyphen ("Hans-Peter", "Jean-Noël" counts by its
    first part, but "Harry-Potter-Romanen" and "Hans-Partei" do not)."""
    names = gazetteer().first_names
    if word in names:
        return True
    parts = word.split("-")
    return (len(parts) == 2 and parts[0] in names and parts[1][:1].isupper()
            and (parts[1] in names or not parts[1].lower().endswith(_NOUN_ENDS)))


def find_persons(builder: MentionBuilder, sentence: Sentence) -> None:
    """Add the persons of ``sentence`` to ``builder``: names, their title phrases, surnames."""
    tokens = sentence.tokens
    gaz = gazetteer()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _covered(builder, token) or not _is_name_part(token):
            i += 1
            continue
        end = None
        known = token.text in gaz.surface
        if _is_first_name(token.text):
            end = _name_end(builder, tokens, i)
        elif not known and i > 0 and _name_after_title(builder, token) and roles.read_title(
            tokens[i - 1].text, org_of_prefix
        ):
            end = _name_end(builder, tokens, i) or i  # "Vatikansprecher Ortega-Pinto"
        elif not known and _after_title_phrase(tokens, i):
            end = _name_end(builder, tokens, i)  # "die Vorsitzende des X, Edda Krummholz"
        if end is not None and (end > i or not _is_first_name(token.text)):
            _add_person(builder, sentence, i, end)
            i = end + 1
            continue
        surname = token.text if token.text in builder.surnames else token.text[:-1]
        if surname in builder.surnames and token.text[:-1] != "" and (
            token.text == surname or token.text.endswith("s")
        ):
            full = builder.surnames[surname]
            builder.actor(full, "person", surname)
            builder.add(token.start, token.end, sentence.index, "person", full)
        i += 1


def _name_after_title(builder: MentionBuilder, token: Token) -> bool:
    """Whether a word after a title can be a name: tagged as one (or a hyphenated name), not
    a title itself ("Vorsitzende Richter X"), not a known person's genitive ("Sprecher
    Putins" is someone else)."""
    looks_like_name = token.pos in ("NE", "FM") or re.fullmatch(
        r"[A-ZÄÖÜ][^\W\d_]+-[A-ZÄÖÜ][^\W\d_]+", token.text) is not None
    if not looks_like_name or roles.read_title(token.text, org_of_prefix) is not None:
        return False
    return not (token.text.endswith("s") and token.text[:-1] in builder.surnames)


def _after_title_phrase(tokens: list[Token], first: int) -> bool:
    """True for a name after "<title> des/der <organization>," ("der Leiter der WHO, X Y")."""
    return roles.title_phrase_before_comma(tokens, first, org_of_prefix) is not None


def _name_end(builder: MentionBuilder, tokens: list[Token], first: int) -> int | None:
    """Index of the last token of the name that starts with a first name at ``first``."""
    gaz = gazetteer()
    k = first
    while k + 1 < len(tokens) and _is_first_name(tokens[k + 1].text) and k - first < 2:
        k += 1
    parts = 0
    while k + 1 < len(tokens) and parts < 3:
        nxt = tokens[k + 1]
        particles = 0
        while k + 1 + particles < len(tokens) and tokens[k + 1 + particles].text in _PARTICLES:
            particles += 1
        after = k + 1 + particles
        if 0 < particles < 3 and parts == 0 and after < len(tokens) and tokens[after].pos in (
            "NE", "FM"
        ):  # "Ursula von der Leyen", but not "Lena Vogt von der Sorbonne"
            k += particles
            continue
        if re.fullmatch(r"[A-Z]\.", nxt.text) and k + 2 < len(tokens):
            k += 1  # a middle initial: "George W. Bush"
            continue
        if not _is_name_part(nxt) or nxt.text in gaz.surface or _covered(builder, nxt):
            break
        if parts and nxt.pos not in ("NE", "FM"):
            break  # "Klaus Meier Zeitung": only the first surname part may look common
        k += 1
        parts += 1
    return k if k > first else None


def _add_person(builder: MentionBuilder, sentence: Sentence, first: int, last: int) -> None:
    tokens = sentence.tokens
    text = builder.document.text
    name = text[tokens[first].start : tokens[last].end]
    if name.endswith("s") and name[:-1] in builder.actors:
        name = name[:-1]
    actor = builder.actor(name, "person")
    builder.surnames[tokens[last].text] = name
    start = tokens[first].start
    before = roles.title_before(
        tokens, first, org_of_prefix, country_of_adjective, _state_or_region_of_genitive
    )
    if before is not None:
        start = tokens[before[0]].start
        _give_role(builder, actor, before[1])
    phrase = roles.title_phrase_before_comma(tokens, first, org_of_prefix)
    if before is None and phrase is not None:
        start = tokens[phrase[0]].start
        title_end = tokens[first - 2].end
        _give_role(builder, actor, roles.role_of_phrase(
            text, tokens, phrase[1], title_end, org_of_prefix, nominative))
    if before is None and phrase is None:
        start = tokens[_adjectives_before(tokens, first)].start  # "der 41-jährige Jonas Wierzbicki"
    after = roles.apposition_after(
        text, tokens, last, org_of_prefix, country_of_adjective, nominative
    )
    if after is not None:
        _give_role(builder, actor, after[1])
    end = tokens[last].end
    party = _party_in_brackets(tokens, last)
    if party is not None:
        _give_role(builder, actor, Role(title="Mitglied", organization=party))
        end = tokens[last + 3].end  # "Renate Schmidt (SPD)"
    builder.add(start, end, sentence.index, "person", name)


def _state_or_region_of_genitive(word: str) -> str | None:
    """The state or region a genitive names before a title: "Frankreichs" → Frankreich,
    "Bayerns" → Bayern (a region: its post is one of the region's government)."""
    country = country_of_genitive(word)
    if country is not None or not word.endswith("s") or len(word) < 4:
        return country
    entry = gazetteer().surface.get(word[:-1])
    return entry.name if entry is not None and entry.type == "place" else None


def _adjectives_before(tokens: list[Token], first: int) -> int:
    """Where "der 33-jährige" before a name begins; ``first`` when no article opens it."""
    k = first - 1
    while k >= 0 and first - k <= 2 and tokens[k].pos == "ADJA" and not tokens[k].text[:1].isupper():
        k -= 1
    if k < first - 1:
        return roles.article_before(tokens, k, first)
    return first


def _party_in_brackets(tokens: list[Token], last: int) -> str | None:
    """The organization named in brackets right after a name: "(CDU)", "(Grüne)"."""
    if last + 3 >= len(tokens):
        return None
    if tokens[last + 1].text != "(" or tokens[last + 3].text != ")":
        return None
    entry = gazetteer().surface.get(tokens[last + 2].text)
    if entry is None or entry.type != "organization":
        return None
    return entry.name


def _give_role(builder: MentionBuilder, actor: Actor, role) -> None:
    if role.organization and role.organization not in builder.actors:
        fuller = _fuller_name(builder, role.organization)
        if fuller is not None:  # "der Krankenhausgesellschaft" after "Deutsche Krankenh…"
            role = Role(title=role.title, organization=fuller)
    actor.roles.append(role)
    if role.organization and role.organization not in builder.actors:
        entry = gazetteer().surface.get(role.organization)
        type_ = entry.type if entry else "organization"
        # a region or a city holding a post ("Ministerpräsident von Bayern") is its government
        builder.actor(role.organization, "country_or_government" if type_ == "place" else type_)


def _fuller_name(builder: MentionBuilder, name: str) -> str | None:
    """The one organisation named before whose name ends in ``name`` ("Deutsche
    Krankenhausgesellschaft" for "Krankenhausgesellschaft"), or None."""
    if " " in name:
        return None
    fuller = [n for n, a in builder.actors.items()
              if a.type in ("organization", "media") and n.endswith(" " + name)]
    return fuller[0] if len(fuller) == 1 else None


def _merge_genitive_names(builder: MentionBuilder) -> None:
    """"Barack Obamas" (a genitive) is "Barack Obama" when that name is known too."""
    for name, actor in list(builder.actors.items()):
        base = name[:-1]
        if actor.type == "person" and name.endswith("s") and base in builder.actors:
            builder.actors[base].aliases |= actor.aliases
            builder.actors[base].roles.extend(actor.roles)
            del builder.actors[name]
            for mention in builder.mentions:
                if mention.actor == name:
                    mention.actor = base


def merge_short_person_names(builder: MentionBuilder) -> None:
    """"Scholz" (named by title only) becomes "Olaf Scholz" once the full name is known."""
    _merge_genitive_names(builder)
    full_names = [n for n, a in builder.actors.items() if a.type == "person" and " " in n]
    for name, actor in list(builder.actors.items()):
        if actor.type != "person" or " " in name:
            continue
        full = next((f for f in full_names if f.split(" ")[-1] == name), None)
        if full is None:
            continue
        target = builder.actors[full]
        target.aliases |= actor.aliases | {name}
        target.roles.extend(actor.roles)
        del builder.actors[name]
        for mention in builder.mentions:
            if mention.actor == name:
                mention.actor = full


def backfill_surnames(builder: MentionBuilder, sentences: list[Sentence]) -> None:
    """A surname seen before its full name ("Scholz …" in the headline, "Olaf Scholz" later)
    also names that person."""
    if not builder.surnames:
        return
    covered = sorted((m.start, m.end) for m in builder.mentions)
    starts = [start for start, _ in covered]

    for sentence in sentences:
        for token in sentence.tokens:
            word = token.text
            surname = word if word in builder.surnames else word[:-1]
            if surname not in builder.surnames or token.pos not in ("NE", "FM"):
                continue  # a common noun taken for a surname must not spread
            k = bisect.bisect_right(starts, token.start) - 1
            if k >= 0 and covered[k][0] <= token.start < covered[k][1]:
                continue
            full = builder.surnames[surname]
            builder.actor(full, "person", surname)
            builder.add(token.start, token.end, sentence.index, "person", full)

"""Actors named as the text means them: the nominative of an inflected organisation name, the
organisation's type from its head noun, and the holder behind a source noun.

German inflects names: "Laut Deutscher Krankenhausgesellschaft", "des Bayerischen
Landesamtes für Statistik", "Nach Angaben des Verbandes". The canonical name is the
nominative ("Deutsche Krankenhausgesellschaft", "Bayerisches Landesamt für Statistik",
"Verband"), so that one actor gets one IRI however the text declines it, and the head noun
(Gesellschaft, Verband, Stiftung, Ministerium, Amt, Partei, Behörde …) says it is an
organisation. The head nouns and their genders are data: ``[name_heads]`` of
``lexicon/organization_nouns.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newskg.graph.actors.gazetteer import org_nouns
from newskg.graph.model import Token
from newskg.graph.statements.lexicon import source_kind, source_nouns

#: Nominative endings of an adjective in a canonical name, by the head noun's gender.
_NOMINATIVE = {"m": "er", "f": "e", "n": "es", "pl": "e"}
_ADJECTIVE_ENDINGS = ("isch", "sch", "lich", "ig", "al", "ell", "iv", "är", "ar", "an", "on")
_GENITIVE_WORDS = {"des", "der", "eines", "einer", "von", "vom"}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem"}


@dataclass(frozen=True)
class Head:
    """The head noun of an organisation name: its nominative form, gender and actor type."""

    noun: str
    gender: str
    type: str
    whole: bool  # the noun is the head itself ("Stiftung"), not a compound ("Landesamt")


@cache
def _heads() -> tuple[tuple[str, str, str], ...]:
    table = org_nouns()["name_heads"]
    return tuple(sorted(((end, g, t) for end, (g, t) in table.items()),
                        key=lambda row: len(row[0]), reverse=True))


def organization_head(word: str) -> Head | None:
    """The head-noun reading of a capitalised noun in any singular case ("Landesamtes" →
    Landesamt, neuter), or None when its ending names no organisation."""
    if not word[:1].isupper() or not word.replace("-", "").isalpha():
        return None
    low = word.lower()
    for end, gender, type_ in _heads():
        for suffix in ("", "es", "s") if gender in ("m", "n") else ("",):
            if low.endswith(end + suffix) and (not suffix or len(low) > len(end) + 1):
                noun = word[: len(word) - len(suffix)] if suffix else word
                if suffix == "s" and low.endswith(end + "ss"):
                    continue
                return Head(noun, gender, type_, noun.lower() == end)
    return None


def is_name_adjective(token: Token) -> bool:
    """A capitalised adjective of a name: "Deutscher", "Bayerischen", "Nationalen"."""
    word = token.text
    if not word[:1].isupper() or not word.isalpha():
        return False
    stem = _adjective_stem(word)
    if stem is None:
        return False
    if token.pos == "ADJA" or stem in org_nouns()["name_adjectives"]["stems"]:
        return True
    return stem.lower().endswith(_ADJECTIVE_ENDINGS)


def _adjective_stem(word: str) -> str | None:
    match = re.fullmatch(r"(\w{3,}?)(e|er|en|es|em)", word)
    return match.group(1) if match else None


def nominative_name(adjectives: list[str], head: Head, rest: list[str]) -> str:
    """The canonical name: adjectives in the nominative of the head's gender, the head noun
    without its genitive ending, the rest as written ("für Statistik", "Patientenschutz")."""
    ending = _NOMINATIVE[head.gender]
    words = [(_adjective_stem(a) or a) + ending for a in adjectives]
    return " ".join([*words, head.noun, *rest])


def named_organization(tokens: list[Token], i: int) -> tuple[int, int, str, str] | None:
    """(first, last token index, canonical name, actor type) of an organisation name whose
    head noun is token ``i``, opened by one to three capitalised adjectives; None otherwise."""
    head = organization_head(tokens[i].text)
    if head is None or tokens[i].pos not in ("NN", "NE"):
        return None
    first = i
    while first > 0 and i - first < 3 and is_name_adjective(tokens[first - 1]):
        first -= 1
    if first == i:
        return None
    last = i
    rest: list[str] = []
    if i + 2 < len(tokens) and tokens[i + 1].text == "für" and _name_noun(tokens[i + 2]):
        last = i + 2  # "Bayerisches Landesamt für Statistik"
        if last + 2 < len(tokens) and tokens[last + 1].text == "und" and \
                _name_noun(tokens[last + 2]):
            last += 2
        rest = [t.text for t in tokens[i + 1 : last + 1]]
    elif head.whole and i + 1 < len(tokens) and _name_noun(tokens[i + 1]) and not (
            i + 2 < len(tokens) and tokens[i + 2].pos in ("NN", "NE")):
        last = i + 1  # "Deutsche Stiftung Patientenschutz"
        rest = [tokens[i + 1].text]
    adjectives = [t.text for t in tokens[first:i]]
    return first, last, nominative_name(adjectives, head, rest), head.type


def _name_noun(token: Token) -> bool:
    return token.pos in ("NN", "NE") and token.text[:1].isupper() and token.text.isalpha()


def source_holder(tokens: list[Token]) -> list[Token]:
    """The tokens naming who holds a source: "Angaben des Verbandes" → "Verbandes"; the
    tokens themselves when they do not open with a source noun and a genitive."""
    if len(tokens) >= 3 and source_kind(tokens[0].text) is not None and \
            tokens[1].text.lower() in _GENITIVE_WORDS:
        rest = tokens[2:]
        while rest and rest[0].text.lower() in _ARTICLES:
            rest = rest[1:]
        return rest or tokens
    return tokens


def phrase_name(tokens: list[Token]) -> tuple[str, str] | None:
    """(canonical name, actor type) of a phrase that is an organisation by its head noun:
    "Verbandes" → Verband, "Deutscher Krankenhausgesellschaft" → Deutsche
    Krankenhausgesellschaft; None when the phrase is no such name."""
    if not tokens:
        return None
    if len(tokens) == 1:
        head = organization_head(tokens[0].text)
        return (head.noun, head.type) if head is not None else None
    for i in range(len(tokens) - 1, 0, -1):
        found = named_organization(tokens, i)
        if found is not None and found[0] == 0 and found[1] == len(tokens) - 1:
            return found[2], found[3]
    return None


def source_compound_holder(word: str) -> tuple[str, str] | None:
    """(name, actor type) of the holder a compound source noun names: "Polizeiangaben" →
    Polizei, "Regierungsangaben" → Regierung, "Medienberichten" → Medien; None for a plain
    source noun or a first part that names no organisation, medium or government."""
    words, suffixes = source_nouns()
    if word in words or not word[:1].isupper():
        return None
    for suffix in sorted(suffixes, key=len, reverse=True):
        if not word.endswith(suffix.lower()) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: len(word) - len(suffix)].rstrip("-")
        for candidate in (stem, stem[:-1] if stem.endswith("s") else None):
            if candidate:
                found = _holder_type(candidate)
                if found is not None:
                    return candidate, found
    return None


def _holder_type(noun: str) -> str | None:
    group = org_nouns()["group_nouns"].get(noun)
    if group is not None:
        return group[1]
    head = organization_head(noun)
    if head is not None and head.noun == noun:
        return head.type
    return None


#: Titles whose holder speaks for the organisation: "ein Sprecher des Ministeriums" is the
#: ministry speaking, while "ein Patientenschützer der Stiftung" is a person of it.
_SPOKESPERSON_ENDS = ("sprecher", "sprecherin")


def affiliated_person(tokens: list[Token], read_title) -> tuple[str, str, str] | None:
    """(person name, title, genitive phrase) of "ein Patientenschützer der Deutschen Stiftung
    Patientenschutz": a title and the organisation it holds a post in, no name. The name is
    the phrase without its article; None for a spokesperson or a phrase of another shape.
    ``read_title`` is :func:`newskg.graph.actors.roles.read_title` with its prefix map."""
    while tokens and tokens[0].text.lower() in _ARTICLES:
        tokens = tokens[1:]
    if len(tokens) < 3 or tokens[1].text not in ("des", "der", "von", "vom"):
        return None
    found = read_title(tokens[0].text)
    if found is None or tokens[0].text.lower().endswith(_SPOKESPERSON_ENDS):
        return None
    if not all(t.text[:1].isupper() or t.text in ("für", "und") for t in tokens[2:]):
        return None
    genitive = " ".join(t.text for t in tokens[2:])
    return f"{found[0]} {tokens[1].text} {genitive}", found[0], genitive

"""Roles of persons: titles before a name and appositions after it.

"US-Verteidigungsminister Lloyd Austin" holds the post Verteidigungsminister of the USA;
"John Kirby, Sprecher des Nationalen Sicherheitsrates des Weißen Hauses" holds that post in
the council. The title lexicon (``lexicon/titles.tsv``) names whole titles and the heads of
compound titles, so unseen compounds ("Gesundheitsminister") are recognised as well.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newskg.graph.model import Role, Token

ACADEMIC = {"Dr.", "Prof.", "Dr", "Prof", "med.", "h.c.", "Dipl.-Ing."}
ARTICLES = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "eines", "einem", "einen"}


@dataclass(frozen=True)
class TitleLexicon:
    titles: dict[str, str | None]  # title -> implied organization
    heads: tuple[str, ...]  # lower-case ends of compound titles, longest first


@cache
def title_lexicon() -> TitleLexicon:
    """The titles and compound heads of ``lexicon/titles.tsv``."""
    path = resources.files("newskg.graph") / "lexicon" / "titles.tsv"
    titles: dict[str, str | None] = {}
    heads: list[str] = []
    for row in csv.reader(_data_lines(path.read_text(encoding="utf-8")), delimiter="\t"):
        form, kind, org = (row + ["", "", ""])[:3]
        if kind == "head":
            heads.append(form.lower())
        else:
            titles[form] = org or None
    return TitleLexicon(titles, tuple(sorted(heads, key=len, reverse=True)))


def _data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _base_forms(word: str) -> list[str]:
    """The word and its forms without a case ending: Präsidenten → Präsident, Sprechers."""
    forms = [word]
    for ending in ("en", "es", "n", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            forms.append(word[: -len(ending)])
    return forms


def read_title(word: str, org_of_prefix) -> tuple[str, str | None] | None:
    """(title in base form, implied organization) of a token, or None when it is no title.

    ``org_of_prefix`` maps a compound's first part ("US", "Kreml") to a canonical
    organization or state name, or returns None.
    """
    if not word[:1].isupper():
        return None
    lex = title_lexicon()
    for form in _base_forms(word):
        if form in lex.titles:
            return form, lex.titles[form]
    prefix, sep, rest = word.partition("-")
    if sep and rest[:1].isupper():
        inner = read_title(rest, org_of_prefix)
        if inner is not None:
            return inner[0], org_of_prefix(prefix) or inner[1]
        return None
    for form in _base_forms(word):
        low = form.lower()
        for head in lex.heads:
            if low.endswith(head) and len(low) > len(head):
                stem = form[: len(form) - len(head)]
                return form, org_of_prefix(stem) or org_of_prefix(stem.rstrip("s"))
            if low == head:
                return form, None
    return None


def title_before(
    tokens: list[Token], first: int, org_of_prefix, country_of_adjective, country_of_genitive
) -> tuple[int, Role] | None:
    """The role written before the name starting at token ``first``, with the token index
    where the whole phrase (article, adjective, title) begins."""
    j = first - 1
    while j > 0 and tokens[j].text in ACADEMIC:
        j -= 1  # "Forscherin Dr. Ina Gerlach"
    if j < 0:
        return None
    found = read_title(tokens[j].text, org_of_prefix)
    if found is None:
        return None
    title, org = found
    start = j
    k = j - 1
    while k >= 0 and tokens[k].pos in ("ADJA", "ADJD", "NE", "NN") and k >= j - 3:
        word = tokens[k].text
        country = country_of_adjective(word) or country_of_genitive(word)
        if country is None and not (word[:1].islower() and tokens[k].pos == "ADJA"):
            break  # "der ehemalige ukrainische Präsident": other adjectives join the phrase
        org = org or country
        start = k
        k -= 1
    start = article_before(tokens, k, start)
    return start, Role(title=title, organization=org)


def article_before(tokens: list[Token], k: int, start: int) -> int:
    """``k`` when the token there is an article opening the phrase that starts at ``start``."""
    if k >= 0 and tokens[k].text.lower() in ARTICLES and tokens[k].pos in ("ART", "PDS", "PDAT"):
        return k
    return start


def apposition_after(
    text: str, tokens: list[Token], last: int, org_of_prefix, country_of_adjective, nominative
) -> tuple[int, Role] | None:
    """The role in an apposition after the name ending at token ``last`` ("…, Sprecher des X"),
    with the index of its last token. ``nominative`` turns the genitive organization phrase
    into the canonical organization name."""
    i = last + 1
    if i >= len(tokens) or tokens[i].text != ",":
        return None
    i += 1
    if i < len(tokens) and tokens[i].text.lower() in ("der", "die"):
        i += 1
    org = None
    if i < len(tokens) and tokens[i].pos in ("ADJA", "ADJD"):
        org = country_of_adjective(tokens[i].text)
        if org is None:
            return None
        i += 1
    if i >= len(tokens):
        return None
    found = read_title(tokens[i].text, org_of_prefix)
    if found is None:
        return None
    title, implied = found
    org = org or implied
    title_index = i
    end = i
    i += 1
    while i < len(tokens) and tokens[i].text in ("des", "der"):
        # A genitive phrase: capitalised words (adjectives and the noun; taggers differ on
        # capitalised adjectives, so the case of the words decides), the last is the noun.
        k = i + 1
        while k < len(tokens) and k - i <= 4 and _capitalised_word(tokens[k]):
            k += 1
        if k == i + 1:
            break
        end = k - 1
        i = k
    if end > title_index:
        genitive_phrase = text[tokens[title_index + 2].start : tokens[end].end]
        article = tokens[title_index + 1].text
        org = nominative(genitive_phrase, article) or org
        full_title = text[tokens[title_index].start : tokens[end].end]
        if title != tokens[title_index].text:
            full_title = title + text[tokens[title_index].end : tokens[end].end]
        return end, Role(title=full_title, organization=org)
    return end, Role(title=title, organization=org)


def title_phrase_before_comma(tokens: list[Token], first: int, org_of_prefix):
    """(phrase start, title index) of "die Vorsitzende des Imkerverbandes," before the
    name at ``first``, or None. Between title and comma only a genitive phrase may stand."""
    if first < 3 or tokens[first - 1].text != ",":
        return None
    for t in range(first - 2, max(-1, first - 10), -1):
        word = tokens[t]
        if read_title(word.text, org_of_prefix) is not None:
            between = tokens[t + 1 : first - 1]
            if between and between[0].text not in ("des", "der", "von", "vom"):
                return None
            start = t
            if t > 0 and tokens[t - 1].text.lower() in ARTICLES:
                start = t - 1
            return start, t
        if not (_capitalised_word(word) or word.text in ("des", "der", "von", "vom", "(", ")")
                or re.fullmatch(r"[A-ZÄÖÜ][\w-]*", word.text)):
            return None
    return None


def role_of_phrase(text: str, tokens: list[Token], title_index: int, end: int, org_of_prefix,
                   nominative) -> Role:
    """The role of a title phrase ending at character ``end``: "Leiter der WHO"."""
    title, implied = read_title(tokens[title_index].text, org_of_prefix)
    rest = text[tokens[title_index].end : end].strip()
    if not rest:
        return Role(title=title, organization=implied)
    words = rest.split(" ", 1)
    organization = nominative(words[1], words[0]) if len(words) == 2 else None
    return Role(title=f"{title} {rest}", organization=organization or implied)


def _capitalised_word(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.replace("-", "").isalpha()


def merge_roles(roles: list[Role]) -> list[Role]:
    """Distinct roles; a bare title is dropped when a longer one of the same head is known."""
    unique: list[Role] = []
    for role in roles:
        if role not in unique:
            unique.append(role)
    return [
        r
        for r in unique
        if not (
            r.organization is None
            and any(o is not r and o.title.startswith(r.title + " ") for o in unique)
        )
    ]

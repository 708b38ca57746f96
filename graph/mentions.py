"""Mentions of persons, organizations, media, states and places, and the actors they name.

Gazetteers (``lexicon/*.tsv``) list states with their capitals, adjectives and compound
prefixes, organizations, media, places, first names and titles. Metonyms resolve to the state
("Pjöngjang hat … zurückgewiesen" → Nordkorea), unless the capital is a place ("in Pjöngjang").
Persons are first name + surname, or title + name; a later surname alone ("Austin") resolves to
the full name seen earlier. Roles come from ``graph/roles.py``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from newskg.graph import roles
from newskg.graph.model import Actor, Document, Mention, Role, Sentence, Token

_LOCATIVE = {"in", "nach", "aus", "bei", "nahe", "um", "vor", "über", "durch", "im", "Richtung"}
_COMPASS = ("Nordost", "Nordwest", "Südost", "Südwest", "Nord", "Süd", "Ost", "West", "Zentral")
_REGION_NOUNS = "Norden|Süden|Osten|Westen|Nordosten|Nordwesten|Südosten|Südwesten|Zentrum"
#: Nouns after a state adjective: gender (for the nominative ending) and the actor type.
_GROUP_NOUNS = {
    "Medien": ("pl", "media"), "Staatsmedien": ("pl", "media"), "Presse": ("f", "media"),
    "Staatspresse": ("f", "media"), "Zeitungen": ("pl", "media"),
    "Nachrichtenagenturen": ("pl", "media"),
    "Regierung": ("f", "country_or_government"), "Staatsführung": ("f", "country_or_government"),
    "Führung": ("f", "country_or_government"),
    "Behörden": ("pl", "organization"), "Streitkräfte": ("pl", "organization"),
    "Armee": ("f", "organization"), "Militär": ("n", "organization"),
    "Polizei": ("f", "organization"), "Justiz": ("f", "organization"),
    "Opposition": ("f", "organization"), "Diplomaten": ("pl", "other"),
}
_ENDING = {"pl": "e", "f": "e", "n": "es", "m": "er"}
#: Ends of compound institution nouns after a state adjective ("britischen Umweltministeriums"):
#: gender and actor type; the genitive ending is removed for the canonical name.
_INSTITUTION_ENDS = (
    ("ministerium", "n", "organization"), ("amt", "n", "organization"),
    ("gericht", "n", "organization"), ("institut", "n", "organization"),
    ("parlament", "n", "organization"), ("behörde", "f", "organization"),
    ("behörden", "pl", "organization"), ("agentur", "f", "organization"),
    ("polizei", "f", "organization"), ("staatsanwaltschaft", "f", "organization"),
    ("marine", "f", "organization"), ("luftwaffe", "f", "organization"),
    ("dienst", "m", "organization"), ("rat", "m", "organization"),
    ("regierung", "f", "country_or_government"), ("sender", "m", "media"),
    ("zeitung", "f", "media"), ("fernsehen", "n", "media"),
)
#: Ends of nouns that introduce a name in quotes or an acronym: "die Zeitung „Le Monde“".
_NAMING_NOUN_ENDS = {
    "organisation": "organization", "partei": "organization", "gruppe": "organization",
    "konzern": "organization", "verband": "organization", "institut": "organization",
    "behörde": "organization", "dienst": "organization", "gewerkschaft": "organization",
    "unternehmen": "organization", "initiative": "organization", "bündnis": "organization",
    "zeitung": "media", "agentur": "media", "sender": "media", "magazin": "media",
    "zeitschrift": "media", "blatt": "media", "portal": "media", "dienstes": "organization",
}
#: Nouns that introduce an organization's name: "Südkoreas Geheimdienst NIS".
_ORG_NOUNS = {
    "Geheimdienst": "organization", "Nachrichtendienst": "organization",
    "Ministerium": "organization", "Behörde": "organization", "Partei": "organization",
    "Organisation": "organization", "Miliz": "organization", "Gruppe": "organization",
    "Konzern": "organization", "Unternehmen": "organization", "Verband": "organization",
    "Hilfsorganisation": "organization", "Menschenrechtsorganisation": "organization",
    "Nachrichtenagentur": "media", "Agentur": "media", "Zeitung": "media",
    "Tageszeitung": "media", "Zeitschrift": "media", "Magazin": "media", "Sender": "media",
    "Fernsehsender": "media", "Staatssender": "media", "Staatsfernsehen": "media",
}
_NOT_NAMES = {
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Er", "Sie", "Es", "Der", "Die", "Das", "Den", "Dem",
}
_PARTICLES = {"von", "van", "de", "der", "da", "di", "bin", "al", "el", "ibn", "zu", "du", "la"}


@dataclass(frozen=True)
class Entry:
    name: str
    type: str  # an actor type, or "place"
    country: str | None = None
    part_of: str | None = None
    capital_of: str | None = None  # set for a capital used as a metonym


@dataclass
class Gazetteer:
    surface: dict[str, Entry] = field(default_factory=dict)
    adjectives: list[tuple[str, str]] = field(default_factory=list)  # (stem, state)
    prefixes: dict[str, str] = field(default_factory=dict)  # compound prefix -> state
    first_names: set[str] = field(default_factory=set)
    pattern: re.Pattern[str] | None = None


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("newskg.graph") / "lexicon" / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(row + [""] * 6)[:6] for row in csv.reader(lines, delimiter="\t")]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _with_genitive(form: str) -> list[str]:
    if form.endswith(("s", "x", "z", "ß")) or not form[-1:].isalpha() or form.isupper():
        return [form]
    if " " in form:
        return [form]
    return [form, form + "s"]


@cache
def gazetteer() -> Gazetteer:
    """All gazetteers, indexed by surface form."""
    gaz = Gazetteer()

    def add(form: str, entry: Entry) -> None:
        gaz.surface.setdefault(form, entry)

    for name, aliases, capitals, adjectives, prefixes, _ in _rows("countries.tsv"):
        entry = Entry(name, "country_or_government")
        for form in [name, *_split(aliases)]:
            for inflected in _with_genitive(form):
                add(inflected, entry)
        for capital in _split(capitals):
            for inflected in _with_genitive(capital):
                add(inflected, Entry(capital, "place", country=name, capital_of=name))
        gaz.adjectives.extend((stem, name) for stem in _split(adjectives))
        for prefix in _split(prefixes):
            gaz.prefixes[prefix] = name
    for name, kind, aliases, country, part_of, _ in _rows("organizations.tsv"):
        entry = Entry(name, kind or "organization", country or None, part_of or None)
        for form in [name, *_split(aliases)]:
            for inflected in _with_genitive(form):
                add(inflected, entry)
    for name, aliases, country, *_ in _rows("media.tsv"):
        entry = Entry(name, "media", country or None)
        for form in [name, *_split(aliases)]:
            add(form, entry)
    for name, aliases, country, *_ in _rows("places.tsv"):
        entry = Entry(name, "place", country or None)
        for form in [name, *_split(aliases)]:
            add(form, entry)
    for row in _rows("first_names.tsv"):
        gaz.first_names.add(row[0])
    gaz.adjectives.sort(key=lambda item: len(item[0]), reverse=True)
    forms = sorted(gaz.surface, key=len, reverse=True)
    alternation = "|".join(re.escape(f) for f in forms)
    gaz.pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])")
    return gaz


def country_of_adjective(word: str) -> str | None:
    """The state of a state adjective in any inflection: "russischen" → Russland."""
    low = word.lower()
    for stem, country in gazetteer().adjectives:
        if low.startswith(stem.lower()) and re.fullmatch(r"(e|en|er|es|em)?", low[len(stem) :]):
            return country
    return None


def country_of_genitive(word: str) -> str | None:
    entry = gazetteer().surface.get(word)
    if entry and entry.type == "country_or_government" and word.endswith("s"):
        return entry.name
    return None


def org_of_prefix(prefix: str) -> str | None:
    """The state or organization a compound's first part names: "US" → USA, "Kreml"."""
    gaz = gazetteer()
    if prefix in gaz.prefixes:
        return gaz.prefixes[prefix]
    entry = gaz.surface.get(prefix)
    if entry is None:
        return None
    return entry.capital_of or (entry.name if entry.type != "place" else None)


def nominative(phrase: str) -> str | None:
    """The canonical organization named by a genitive phrase ("Nationalen Sicherheitsrates")."""
    gaz = gazetteer()
    if phrase in gaz.surface:
        return gaz.surface[phrase].name
    words = phrase.split(" ")
    head_end = next((i for i, w in enumerate(words) if w in ("des", "der")), len(words))
    head, rest = words[:head_end], words[head_end:]
    if not head:
        return None
    noun = head[-1]
    neuter = noun.endswith(("ums", "ments", "amts", "amtes", "hauses", "büros"))
    if noun.endswith("es") and not noun.endswith("ses") and len(noun) > 5:
        noun = noun[:-2]
    elif noun.endswith("s") and not noun.endswith("ss"):
        noun = noun[:-1]
    # Genitive singular with "des": the adjective's nominative ends in -er (masculine) or
    # -es (neuter); nouns in -um, -ment, -amt, -haus, -büro are neuter.
    adjectives = [w[:-2] + ("es" if neuter else "er") if w.endswith("en") else w for w in head[:-1]]
    return " ".join([*adjectives, noun, *rest])


class _Builder:
    """Collects mentions and actors for one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.mentions: list[Mention] = []
        self.actors: dict[str, Actor] = {}
        self.surnames: dict[str, str] = {}
        self.covered: set[int] = set()  # starts of tokens that mentions already cover

    def actor(self, name: str, type_: str, alias: str | None = None) -> Actor:
        actor = self.actors.get(name)
        if actor is None:
            actor = self.actors[name] = Actor(name=name, type=type_)
            entry = gazetteer().surface.get(name)
            if entry is not None and entry.name == name:
                self._link(actor, entry)
        if alias and alias != name:
            actor.aliases.add(alias)
        return actor

    def _link(self, actor: Actor, entry: Entry) -> None:
        if entry.country and entry.country != actor.name:
            actor.country = entry.country
            self.actor(entry.country, "country_or_government")
        if entry.part_of:
            actor.part_of = entry.part_of
            parent = gazetteer().surface.get(entry.part_of)
            self.actor(entry.part_of, parent.type if parent else "organization")

    def add(self, start: int, end: int, sentence: int, type_: str, actor: str | None) -> Mention:
        mention = Mention(start, end, self.document.text[start:end], sentence, type_, actor)
        self.mentions.append(mention)
        return mention


def find_mentions(document: Document) -> tuple[list[Mention], dict[str, Actor]]:
    """Mentions in text order and the actors they name, keyed by canonical name."""
    builder = _Builder(document)
    for sentence in document.sentences:
        first = len(builder.mentions)
        _gazetteer_mentions(builder, sentence)
        _group_mentions(builder, sentence)
        _institution_mentions(builder, sentence)
        _named_org_mentions(builder, sentence)
        _cover(builder, sentence, builder.mentions[first:])
        _person_mentions(builder, sentence)
    _merge_short_person_names(builder)
    mentions = _drop_nested(builder.mentions)
    for actor in builder.actors.values():
        actor.roles = roles.merge_roles(actor.roles)
    return mentions, _referenced(builder.actors, mentions)


def _referenced(actors: dict[str, Actor], mentions: list[Mention]) -> dict[str, Actor]:
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


def place_names(mentions: list[Mention]) -> list[str]:
    """Canonical names of the places mentioned, first mention first."""
    names: list[str] = []
    for mention in mentions:
        if mention.type == "place" and mention.actor and mention.actor not in names:
            names.append(mention.actor)
    return names


def _gazetteer_mentions(builder: _Builder, sentence: Sentence) -> None:
    gaz = gazetteer()
    text = sentence.text
    for match in gaz.pattern.finditer(text):
        form = match.group(0)
        entry = gaz.surface[form]
        start, end = sentence.start + match.start(), sentence.start + match.end()
        before = text[max(0, match.start() - 40) : match.start()].split()
        previous = before[-1] if before else ""
        if entry.type == "place" and previous in ("Stadt", "Gemeinde", "Landeshauptstadt"):
            name = f"{previous} {entry.name}"
            start = sentence.start + text.rfind(previous, 0, match.start())
            builder.actor(name, "organization", f"{previous} {form}")
            builder.add(start, end, sentence.index, "organization", name)
            continue
        if entry.type == "place":
            if entry.capital_of and previous not in _LOCATIVE and not form.endswith("-"):
                builder.actor(entry.capital_of, "country_or_government", form)
                builder.add(start, end, sentence.index, "country_or_government", entry.capital_of)
            else:
                builder.add(start, end, sentence.index, "place", entry.name)
            continue
        start = _org_noun_start(builder, sentence, match.start(), entry) or start
        builder.actor(entry.name, entry.type, form)
        builder.add(start, end, sentence.index, entry.type, entry.name)
    for match in re.finditer(rf"\b(?:{_REGION_NOUNS})\s+(\w+s)\b", text):
        country = country_of_genitive(match.group(1))
        if country:
            builder.add(sentence.start + match.start(), sentence.start + match.end(),
                        sentence.index, "place", match.group(0))
    compass = "|".join(_COMPASS)
    for match in re.finditer(rf"\b(?:{compass})(\w+)\b", text):
        rest = match.group(1)
        if rest[:1].islower() and rest.capitalize() in gaz.surface:
            entry = gaz.surface[rest.capitalize()]
            if entry.type == "country_or_government":
                builder.add(sentence.start + match.start(), sentence.start + match.end(),
                            sentence.index, "place", match.group(0))


def _org_noun_start(builder, sentence: Sentence, offset: int, entry: Entry) -> int | None:
    """Extend an organization's mention over "Südkoreas Geheimdienst" before its name."""
    if entry.type not in ("organization", "media"):
        return None
    base = max(0, offset - 120)
    before = sentence.text[base:offset]
    match = re.search(r"(?:(?P<gen>\w+s)\s+|(?P<adj>\w+)\s+)?(?P<noun>\w+)\s+$", before)
    if not match or match.group("noun") not in _ORG_NOUNS:
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
        actor.aliases.add(re.sub(r"\s+", " ", before[start:].strip()))
    return sentence.start + base + start


def _group_mentions(builder: _Builder, sentence: Sentence) -> None:
    """"Ukrainische Medien", "die russische Regierung": a state adjective and a group noun."""
    nouns = "|".join(_GROUP_NOUNS)
    for match in re.finditer(rf"\b(\w+?)(e|en|er|es|em)\s+({nouns})\b", sentence.text):
        country = country_of_adjective(match.group(1) + match.group(2))
        if country is None:
            continue
        gender, type_ = _GROUP_NOUNS[match.group(3)]
        start = sentence.start + match.start()
        end = sentence.start + match.end()
        if type_ == "country_or_government":
            builder.actor(country, type_, match.group(0))
            builder.add(start, end, sentence.index, type_, country)
            continue
        name = f"{match.group(1).capitalize()}{_ENDING[gender]} {match.group(3)}"
        actor = builder.actor(name, type_, match.group(0))
        actor.country = country
        builder.actor(country, "country_or_government")
        builder.add(start, end, sentence.index, type_, name)


def _institution_mentions(builder: _Builder, sentence: Sentence) -> None:
    """"des britischen Umweltministeriums" → Britisches Umweltministerium (Großbritannien)."""
    ends = "|".join(end for end, _, _ in _INSTITUTION_ENDS)
    pattern = rf"\b(\w+?)(e|en|er|es|em)\s+((?=[A-ZÄÖÜ])\w*?(?i:{ends}))(es|s)?\b"
    for match in re.finditer(pattern, sentence.text):
        country = country_of_adjective(match.group(1) + match.group(2))
        noun = match.group(3)
        if country is None or noun in _GROUP_NOUNS:
            continue
        gender, type_ = next(
            (g, t) for end, g, t in _INSTITUTION_ENDS if noun.lower().endswith(end)
        )
        start, end = sentence.start + match.start(), sentence.start + match.end()
        if type_ == "country_or_government":
            builder.actor(country, type_, match.group(0))
            builder.add(start, end, sentence.index, type_, country)
            continue
        name = f"{match.group(1).capitalize()}{_ENDING[gender]} {noun}"
        actor = builder.actor(name, type_, match.group(0))
        actor.country = country
        builder.actor(country, "country_or_government")
        builder.add(start, end, sentence.index, type_, name)


def _named_org_mentions(builder: _Builder, sentence: Sentence) -> None:
    """"die Nachrichtenagentur „Xinhua“", "die Umweltorganisation WWF": a naming noun and a
    name in quotes or an acronym."""
    ends = "|".join(_NAMING_NOUN_ENDS)
    pattern = (
        rf"\b(?:(?P<gen>\w+s)\s+|(?P<adj>\w+)\s+)?(?P<noun>(?=[A-ZÄÖÜ])\w*?(?i:{ends}))\s+"
        r"(?:[„\"»](?P<quoted>[^“”\"«„]{2,60})[“”\"«]|(?P<acro>[A-Z][A-Z0-9]{1,7})\b)"
    )
    gaz = gazetteer()
    for match in re.finditer(pattern, sentence.text):
        name = (match.group("quoted") or match.group("acro")).strip()
        noun = match.group("noun")
        type_ = next(t for end, t in _NAMING_NOUN_ENDS.items() if noun.lower().endswith(end))
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


def _covered(builder: _Builder, token: Token) -> bool:
    """True when a mention found before persons were looked for covers the token."""
    return token.start in builder.covered


def _cover(builder: _Builder, sentence: Sentence, mentions: list[Mention]) -> None:
    """Note the tokens of ``sentence`` that its ``mentions`` cover (one linear pass)."""
    spans = sorted((m.start, m.end) for m in mentions)
    builder.covered = set()
    k = 0
    for token in sentence.tokens:
        while k < len(spans) and spans[k][1] <= token.start:
            k += 1
        if k < len(spans) and spans[k][0] <= token.start:
            builder.covered.add(token.start)


def _is_name_part(token: Token) -> bool:
    return (
        token.text[:1].isupper()
        and token.text not in _NOT_NAMES
        and re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", token.text) is not None
        and token.pos in ("NE", "FM", "NN", "ADJA", "ADJD", "NNA", "XY")
        and len(token.text) > 1
    )


def _is_first_name(word: str) -> bool:
    names = gazetteer().first_names
    return word in names or ("-" in word and word.split("-")[0] in names)


def _person_mentions(builder: _Builder, sentence: Sentence) -> None:
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
        elif not known and i > 0 and roles.read_title(tokens[i - 1].text, org_of_prefix):
            end = _name_end(builder, tokens, i) or i  # "Vatikansprecher Navarro-Valls"
        elif not known and _after_title_phrase(tokens, i):
            end = _name_end(builder, tokens, i)  # "der Vorsitzende des X, Elmar Gesse"
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


def _after_title_phrase(tokens: list[Token], first: int) -> bool:
    """True for a name after "<title> des/der <organization>," ("der Leiter der WHO, X Y")."""
    return roles.title_phrase_before_comma(tokens, first, org_of_prefix) is not None


def _name_end(builder: _Builder, tokens: list[Token], first: int) -> int | None:
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
        if 0 < particles < 3 and after < len(tokens) and tokens[after].pos in ("NE", "FM"):
            k += particles
            continue
        if re.fullmatch(r"[A-Z]\.", nxt.text) and k + 2 < len(tokens):
            k += 1  # a middle initial: "George W. Bush"
            continue
        if not _is_name_part(nxt) or nxt.text in gaz.surface or _covered(builder, nxt):
            break
        if parts and nxt.pos not in ("NE", "FM"):
            break  # "Norbert Lammert Verzögerung": only the first surname part may look common
        k += 1
        parts += 1
    return k if k > first else None


def _add_person(builder: _Builder, sentence: Sentence, first: int, last: int) -> None:
    tokens = sentence.tokens
    text = builder.document.text
    name = text[tokens[first].start : tokens[last].end]
    if name.endswith("s") and name[:-1] in builder.actors:
        name = name[:-1]
    actor = builder.actor(name, "person")
    builder.surnames[tokens[last].text] = name
    start = tokens[first].start
    before = roles.title_before(
        tokens, first, org_of_prefix, country_of_adjective, country_of_genitive
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


def _give_role(builder: _Builder, actor: Actor, role) -> None:
    actor.roles.append(role)
    if role.organization and role.organization not in builder.actors:
        entry = gazetteer().surface.get(role.organization)
        builder.actor(role.organization, entry.type if entry else "organization")


def _merge_short_person_names(builder: _Builder) -> None:
    """"Scholz" (named by title only) becomes "Olaf Scholz" once the full name is known."""
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


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Text order; a mention inside a longer one ("Russlands" in "Osten Russlands") goes."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in ordered:
        if kept and mention.start >= kept[-1].start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept

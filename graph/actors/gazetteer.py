"""Gazetteers: states, capitals, organizations, media, places and first names by surface form.

The data lives in ``lexicon/*.tsv`` (written for newskg, with a header saying what each file
holds); this module indexes every surface form, including generated genitives ("Russlands"),
and answers the small questions the mention and role readers ask: which state an adjective
names ("russischen" → Russland), what a compound's first part stands for ("US-" → USA), and
the nominative of a genitive organization phrase.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


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


#: Stems of adjectives that open organization names ("Auswärtiges Amt", "Deutsche Bahn").
_ADJECTIVE_STEM = re.compile(
    r"^(?:[A-ZÄÖÜ][a-zäöüß]*(?:isch|ig|lich|al|iv|är|ell|an)|Deutsch|Weiß|Rot|Neu|Grün|Vereint)$")
#: Noun endings of feminine nouns, which take no genitive -s ("der Europäischen Kommission").
_FEMININE = ("ung", "ion", "heit", "keit", "schaft", "ei", "tät", "ik", "ur", "e", "in")


def _declensions(form: str) -> list[str]:
    """The other cases of a name that opens with an adjective: "Auswärtiges Amt" also as
    "Auswärtige Amt", "Auswärtigen Amt(e)s"; "Internationaler Währungsfonds" also as
    "Internationale …", "Internationalen …"."""
    words = form.split(" ")
    if len(words) < 2:
        return []
    match = re.match(r"^(.*?)(es|er|en|e)$", words[0])
    if match is None or not _ADJECTIVE_STEM.match(match.group(1)):
        return []
    stem, rest, last = match.group(1), words[1:-1], words[-1]
    out = []
    for ending in ("e", "en", "er", "es"):
        out.append(" ".join([stem + ending, *rest, last]))
    if not last[-1:].isalpha() or last.endswith(_FEMININE + ("en",)):
        genitives: tuple[str, ...] = ()  # feminine or plural: no genitive ending
    elif last.endswith(("s", "x", "z", "ß")):
        genitives = ("es",)  # "des Roten Kreuzes"
    else:
        genitives = ("s", "es")  # "des Auswärtigen Amts", "… Amtes"
    out.extend(" ".join([stem + "en", *rest, last + g]) for g in genitives)
    return [f for f in out if f != form]


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
            for declined in _declensions(form):
                add(declined, entry)
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


@cache
def _gazetteer_starts() -> tuple[re.Pattern, dict[str, list[str]]]:
    """Where a gazetteer name can start (not after a word character or hyphen, on a name's
    first letter), and the names by their first two letters, longest first."""
    names = sorted(gazetteer().surface, key=len, reverse=True)
    first = "".join(sorted({re.escape(name[0]) for name in names}))
    by_start: dict[str, list[str]] = {}
    for name in names:
        by_start.setdefault(name[:2], []).append(name)
    return re.compile(rf"(?<![\w-])[{first}]"), by_start


def gazetteer_matches(text: str) -> Iterator[re.Match]:
    """The matches of ``gazetteer().pattern`` in ``text``, as its ``finditer`` finds them,
    but tried only where a listed name (followed by a non-word character) starts: scanning
    the whole alternation at every position was most of the mentions stage."""
    starts, by_start = _gazetteer_starts()
    match = gazetteer().pattern.match
    pos = 0
    for start in starts.finditer(text):
        p = start.start()
        if p < pos:
            continue
        for name in by_start.get(text[p : p + 2], []) + by_start.get(text[p], []):
            end = p + len(name)
            if text.startswith(name, p) and (end == len(text) or not _word_char(text[end])):
                found = match(text, p)  # the pattern itself decides which name matches
                if found is not None:
                    yield found
                    pos = found.end()
                break


def _word_char(ch: str) -> bool:
    """``\\w`` of the ``re`` module for one character."""
    return ch.isalnum() or ch == "_"


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


def nominative(phrase: str, article: str = "des") -> str | None:
    """The canonical organization named by a genitive phrase: "(des) Nationalen
    Sicherheitsrates" → Nationaler Sicherheitsrat, "(der) Berliner Feuerwehr" → itself.

    A known name (or a known name the phrase starts with) wins; otherwise the adjectives
    before the head noun and the head noun lose their genitive endings.
    """
    gaz = gazetteer()
    phrase = re.sub(r"\s*\([^()]*\)$", "", phrase)  # "… Organisation (ABC)"
    if phrase in gaz.surface:
        return gaz.surface[phrase].name
    words = phrase.split(" ")
    for size in range(len(words) - 1, 0, -1):
        known = gaz.surface.get(" ".join(words[:size]))
        if known is not None and known.type != "place":
            return known.name  # "Internationalen Atomenergiebehörde IAEA"
    head = 0
    while head < len(words) - 1 and re.fullmatch(r"[A-ZÄÖÜ]\w*en", words[head]):
        head += 1  # adjectives: "Nationalen", "Statistischen"
    adjectives, noun, rest = words[:head], words[head], words[head + 1 :]
    if article != "des":
        # feminine or plural: the noun keeps its form, adjectives end in -e
        return " ".join([*(w[:-1] for w in adjectives), noun, *rest])
    neuter = noun.endswith(("ums", "ments", "amts", "amtes", "hauses", "büros", "werks",
                            "werkes", "instituts", "institutes", "zentrums"))
    if noun.endswith(("sses", "ses", "zes", "xes", "ßes")) or (
        noun.endswith("es") and len(noun) > 5
    ):
        noun = noun[:-2]
    elif noun.endswith("s") and not noun.endswith("ss"):
        noun = noun[:-1]
    ending = "es" if neuter else "er"
    return " ".join([*(w[:-2] + ending for w in adjectives), noun, *rest])


@cache
def org_nouns() -> dict:
    """The noun tables of ``lexicon/organization_nouns.toml``."""
    path = resources.files("newskg.graph") / "lexicon" / "organization_nouns.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))

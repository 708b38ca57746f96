"""Numbers in German notation with their unit noun and hedging qualifier.

"mindestens 3.000 Soldaten", "1,5 Millionen Euro", "zwei Dutzend", "zehntausend": sources
disagree on numbers (competency question 3), so each number keeps the noun it counts and
the qualifier that hedges it. Years, dates, clock times and ordinals are not quantities.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import cache
from importlib import resources

from newskg.graph.actors.gazetteer import gazetteer
from newskg.graph.model import Document, Quantity
from newskg.graph.text.tokens import sentence_windows

_QUOTE = "„“”\"‚‘’»«"


@cache
def number_lexicon() -> dict:
    """The number words, multipliers and qualifiers of ``lexicon/numbers.toml``."""
    path = resources.files("newskg.graph") / "lexicon" / "numbers.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def parse_number_word(word: str) -> int | None:
    """Value of a German cardinal word ("zwei", "zehntausend", "einundzwanzig"), else None."""
    word = word.lower()
    if not word:
        return None
    lex = number_lexicon()
    words: dict[str, int] = lex["words"]
    if word in words:
        return words[word]
    if "tausend" in word:
        head, _, tail = word.partition("tausend")
        high = parse_number_word(head) if head else 1
        low = parse_number_word(tail) if tail else 0
        if high is None or low is None:
            return None
        return high * 1000 + low
    if "hundert" in word:
        head, _, tail = word.partition("hundert")
        high = _small_part(head) if head else 1
        low = parse_number_word(tail) if tail else 0
        if high is None or low is None:
            return None
        return high * 100 + low
    if "und" in word:
        unit, _, ten = word.partition("und")
        unit_value = _small_part(unit)
        ten_value = words.get(ten)
        if unit_value is not None and ten_value is not None and ten_value % 10 == 0:
            return ten_value + unit_value
    return None


def _small_part(word: str) -> int | None:
    parts: dict[str, int] = number_lexicon()["units_in_compounds"]
    if word in parts:
        return parts[word]
    return number_lexicon()["words"].get(word)


def parse_digits(text: str) -> float:
    """Value of "3.000", "1,5", "10 000" in German notation."""
    return float(text.replace(".", "").replace("\u202f", "").replace(" ", "").replace(",", "."))


@cache
def _pattern() -> re.Pattern[str]:
    lex = number_lexicon()
    quals = sorted(lex["qualifiers"]["list"], key=len, reverse=True)
    qual_alt = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in quals)
    mults = sorted(lex["multipliers"], key=len, reverse=True)
    mult_alt = "|".join(re.escape(m) for m in mults)
    word_alt = r"[a-zäöüß]*(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zig|ßig" \
        r"|hundert|tausend)"
    digits = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u202f]\d{3}){1,4}(?:,\d+)?|\d+(?:,\d+)?"
    return re.compile(
        rf"(?<![\w.,])(?:(?P<qual>{qual_alt})\s+[{_QUOTE}]?\s*)?"
        rf"(?P<num>{digits}|(?<![A-Za-zäöüß]){word_alt}(?![a-zäöüß]))"
        rf"(?:\s+(?P<mult>{mult_alt})(?![\wäöüß]))?",
        re.IGNORECASE,
    )


_MONTHS = (
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember",
)
_NOT_UNITS = set(_MONTHS) | {"Uhr", "Jahre", "Jahren", "Jahr", "Jh"}
_ADJECTIVE = re.compile(r"[a-zäöüß][\w-]*(?:e|en|er|es|em)$")
#: Lower-case words ending like adjectives that are not: the unit search stops at them.
_NOT_ADJECTIVES = {
    "gegen", "zwischen", "neben", "binnen", "wegen", "oben", "unten", "hinten", "eben",
    "seiten", "unter", "über", "hinter", "wieder", "aber", "oder", "sondern", "immer",
    "nie", "sie", "ihre", "ihren", "ihrer", "ihrem", "seine", "seinen", "seiner", "seinem",
    "je", "pro", "ohne", "außer", "sowie", "ungefähr", "mehr", "weniger", "später", "früher",
    "die", "der", "den", "dem", "des", "eine", "einen", "einer", "einem", "eines", "keine",
    "keinen", "diese", "diesen", "dieser", "diesem", "jede", "jeden", "jeder", "jedem",
}
_NOUN = re.compile(r"[A-ZÄÖÜ][\w-]*$|%$|€$|\$$")


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    """The unit noun after ``pos`` (past quotes and up to two adjectives) and where it ends."""
    adjectives = 0
    for match in re.finditer(r"\s*([^\s]+)", text[pos : pos + 200]):
        raw = match.group(1)
        token = raw.strip(_QUOTE + ",.;:!?()")
        lead = len(raw) - len(raw.lstrip(_QUOTE))
        if not token:
            if raw.strip(_QUOTE):
                return None, pos
            continue
        if token in ("%", "Prozent"):
            return "Prozent", pos + match.start(1) + lead + len(token)
        if token in ("€", "Euro"):
            return "Euro", pos + match.start(1) + lead + len(token)
        place_adjective = token.endswith("er") and _is_name(token[:-2])  # "Hamburger"
        if (
            _NOUN.match(token) and token not in _NOT_UNITS and not _is_name(token)
            and not place_adjective
        ):
            return token, pos + match.start(1) + lead + len(token)
        adjective = (_ADJECTIVE.match(token) and token not in _NOT_ADJECTIVES) or place_adjective
        if adjectives < 2 and adjective and raw == raw.rstrip(",.;:!?"):
            adjectives += 1
            continue
        break
    return None, pos


#: Words after which a number is a reference, not a quantity: "Abs. 3", "Nr. 4", "§ 12".
_REFERENCE_WORDS = re.compile(r"(?:§|Abs\.|Nr\.|Art\.|Artikel|Satz|Paragraf|Paragraph|Kapitel|"
                              r"Seite|S\.|Platz|Rang|Folge|Version|Level|Stufe|Gleis)\s*$")


def _is_name(word: str) -> bool:
    """True for a state, place or organization name, which is not a unit ("3:1 gegen Bremen")."""
    return word in gazetteer().surface


def _is_calendar(text: str, match: re.Match[str]) -> bool:
    """True for years, dates, clock times, ordinals, scores, ages and references."""
    num = match.group("num")
    after = text[match.end("num") : match.end("num") + 40]
    before = text[max(0, match.start("num") - 12) : match.start("num")]
    if re.match(r"-?[A-Za-zÄÖÜäöüß]", after) and not match.group("mult"):
        return True  # part of a compound: "41-Jährige", "5G"
    if re.match(r"\s*:\s*\d", after) or re.search(r"\d\s*:\s*$", before):
        return True  # a score or ratio: "2 : 1", "1:2"
    if re.search(r"\(\s*$", before) and re.match(r"\s*\)", after):
        return True  # an age in brackets: "Meier (52)"
    if _REFERENCE_WORDS.search(before):
        return True
    if re.match(r"\.\s*(?:\d|" + "|".join(_MONTHS) + r")", after):
        return True  # "23. Oktober", "23.10.2024"
    if "." not in num and re.match(r"\.\s*\S", after):
        return True  # ordinal "der 3. Versuch" (a number ending a sentence is rare in news)
    if re.match(r"[.:]\d{2}\b|\s*Uhr\b", after) and not re.fullmatch(r"\d{1,3}(\.\d{3})+", num):
        return True  # "14.30 Uhr"
    # a year
    return bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", num)) and not match.group("mult")


#: Largest value read as one quantity (a trillion trillions); beyond it digits are a list.
MAX_QUANTITY = 1e24


def find_quantities(document: Document) -> list[Quantity]:
    """Every number in the document with its unit noun and qualifier, in text order."""
    found: list[Quantity] = []
    for sentence, offset, text in sentence_windows(document):
        for match in _pattern().finditer(text):
            num = match.group("num")
            if _is_calendar(text, match):
                continue
            if num[0].isdigit():
                value = parse_digits(num)
            else:
                word_value = parse_number_word(num)
                if word_value is None:
                    continue
                value = float(word_value)
            mult = match.group("mult")
            if mult:
                value *= number_lexicon()["multipliers"][_canonical_key(mult)]
            if not math.isfinite(value) or value > MAX_QUANTITY:
                continue  # "99 100 101 102 …": a list of numbers, not one in groups of three
            unit, unit_end = _unit_after(text, match.end())
            if not num[0].isdigit() and unit is None and not mult:
                continue  # a bare number word ("zwei") without a noun is rarely a quantity
            end = unit_end if unit else match.end()
            start = _balanced_start(text, match.start(), end)
            qual = match.group("qual")
            found.append(
                Quantity(
                    value=value,
                    start=offset + start,
                    end=offset + end,
                    text=text[start:end],
                    sentence=sentence,
                    unit=unit,
                    qualifier=re.sub(r"\s+", " ", qual.lower()) if qual else None,
                )
            )
    return found


_OPENING = "„‚»\""
_CLOSING = "“”‘’«\""


def _balanced_start(text: str, start: int, end: int) -> int:
    """Take in the opening quote mark right before ``start`` when the span closes a quotation
    it opened (``„mindestens 3.000“ nordkoreanische Soldaten``); a span that ends inside the
    quotation keeps its start, so no text carries half a pair of quote marks."""
    span = text[start:end]
    opened = sum(span.count(c) for c in "„‚»")
    closed = sum(span.count(c) for c in "“‘«")
    if closed > opened and start > 0 and text[start - 1] in _OPENING:
        return start - 1
    return start


def _canonical_key(mult: str) -> str:
    for key in number_lexicon()["multipliers"]:
        if key.lower() == mult.lower():
            return key
    raise KeyError(mult)

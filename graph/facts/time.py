"""Date expressions and their resolution against the publication date.

Own rules, no date-parsing library: German news dates events relative to the day the article
appeared ("am Mittwoch", "letzte Woche", "Anfang dieses Monats") or relative to the date
mentioned just before ("zwei Wochen später"). Each expression keeps its original text and
resolves to a day or an inclusive interval, or stays unresolved (begin/end None).
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from newskg.graph.facts.numbers import parse_number_word
from newskg.graph.model import Document, TimeExpression
from newskg.graph.text.tokens import sentence_windows


@cache
def time_lexicon() -> dict:
    """Weekdays, months and relative words of ``lexicon/time.toml``."""
    path = resources.files("newskg.graph") / "lexicon" / "time.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def calendar_words() -> frozenset[str]:
    """Weekday and month names as written ("Dienstag", "Sonnabend", "Jänner")."""
    lexicon = time_lexicon()
    return frozenset((*lexicon["weekdays"], *lexicon["weekday_aliases"], *lexicon["months"]))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    lex = time_lexicon()
    month = _alt(lex["months"])
    weekday = _alt(list(lex["weekdays"]) + list(lex["weekday_aliases"]))
    offset = _alt(lex["period_offsets"])
    part = _alt(lex["day_parts"])
    day_adjective = _alt(lex["day_adjectives"])
    num = r"\d+|[a-zäöüß]+"
    unit = r"Tag|Tage|Tagen|Woche|Wochen|Monat|Monate|Monaten|Jahr|Jahre|Jahren"
    rules = {
        "numeric": r"(?:am\s+)?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?!\d)",
        "day_month": rf"(?:am\s+)?(?P<d>\d{{1,2}})\.\s*(?P<month>{month})(?:\s+(?P<y>\d{{4}}))?",
        "part_of": rf"(?P<part>Anfang|Mitte|Ende)\s+(?:(?P<off>{offset}|des|der)\s+"
        rf"(?P<period>Woche|Monats|Jahres)|(?P<month>{month})(?:\s+(?P<y>\d{{4}}))?"
        rf"|(?P<year>\d{{4}}))",
        "offset_period": rf"(?:in\s+der\s+|im\s+)?(?P<off>{offset})\s+(?P<period>Woche|Monat|Jahr)",
        "month": rf"(?:(?:im|seit|bis|Im)\s+)?(?P<month>{month})(?:\s+(?P<y>\d{{4}}))?",
        "year": r"(?:im\s+Jahre?\s+)(?P<year>\d{4})",
        "ago": rf"vor\s+(?P<n>{num}|einem|einer)\s+(?P<unit>{unit})",
        "relative": rf"(?P<n>{num}|einen|eine|einem)\s+(?P<unit>{unit})\s+"
        r"(?P<dir>später|danach|darauf|zuvor|vorher|früher)",
        "next_day": r"(?:am\s+(?:folgenden|nächsten)\s+Tag|tags\s+darauf|am\s+Vortag)",
        "weekday": rf"(?:(?:später|früher)\s+)?(?:am\s+|seit\s+|bis\s+)?"
        rf"(?:(?P<off>{offset})\s+|(?P<rel>{day_adjective})\s+)?"
        rf"(?P<wd>{weekday})(?P<part>{part})?(?:\s+(?:Morgen|Vormittag|Mittag|Nachmittag|Abend))?",
        "day_word": r"(?:(?:seit|bis)\s+)?(?P<w>vorgestern|gestern|heute|übermorgen|(?-i:morgen))"
        r"(?:\s+(?:Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht|früh))?",
    }
    return [
        (name, re.compile(rf"(?<![\w.]){rx}(?!\w)", re.IGNORECASE)) for name, rx in rules.items()
    ]


@dataclass
class _Found:
    kind: str
    start: int
    end: int
    match: re.Match[str]


def _scan(text: str) -> list[_Found]:
    candidates = [
        _Found(kind, m.start(), m.end(), m)
        for kind, pattern in _patterns()
        for m in pattern.finditer(text)
    ]
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[_Found] = []
    for cand in candidates:
        if chosen and cand.start < chosen[-1].end:
            continue
        chosen.append(cand)
    return chosen


def find_time_expressions(document: Document) -> list[TimeExpression]:
    """Every date expression of the document in text order, resolved where possible."""
    found: list[TimeExpression] = []
    previous: TimeExpression | None = None
    for sentence, offset, text in sentence_windows(document):
        for hit in _scan(text):
            if hit.kind == "month" and not _month_is_date(hit.match):
                continue
            begin, end, granularity = _safe_resolve(hit.kind, hit.match, document.published,
                                                    previous)
            expr = TimeExpression(
                text=hit.match.group(0),
                start=offset + hit.start,
                end=offset + hit.end,
                sentence=sentence,
                begin=begin,
                end_date=end,
                granularity=granularity,
            )
            found.append(expr)
            if begin is not None:
                previous = expr
    return found


def _month_is_date(match: re.Match[str]) -> bool:
    """A bare month name needs "im", "seit", "bis" or a year: "Mai" alone may be a name."""
    return match.group(0)[0].islower() or match.group(0).startswith("Im") or bool(match.group("y"))


def _safe_resolve(kind, match, published, anchor):
    """``_resolve``, with dates outside the calendar ("im Jahr 0", "vor 10000000 Jahren") left
    unresolved instead of raising."""
    try:
        return _resolve(kind, match, published, anchor)
    except (ValueError, OverflowError):
        return None, None, "day"


def _resolve(kind, match, published, anchor):
    lex = time_lexicon()
    group = match.groupdict()
    if kind == "numeric":
        year = int(group["y"])
        year = year + 2000 if year < 100 else year
        return _day(_safe_date(year, int(group["m"]), int(group["d"])))
    if kind == "relative":
        return _shift(anchor, published, _amount(group["n"]), group["unit"], group["dir"])
    if kind == "next_day":
        direction = "zuvor" if "Vortag" in match.group(0) else "später"
        return _shift(anchor, published, 1, "Tag", direction)
    if published is None and not group.get("y") and not group.get("year"):
        return None, None, "day"
    if kind == "day_month":
        month = lex["months"][_month_key(group["month"])]
        day = int(group["d"])
        if group["y"]:
            return _day(_safe_date(int(group["y"]), month, day))
        options = [_safe_date(published.year + k, month, day) for k in (-1, 0, 1)]
        options = [d for d in options if d is not None]
        return _day(min(options, key=lambda d: abs((d - published).days)) if options else None)
    if kind == "month":
        month = lex["months"][_month_key(group["month"])]
        year = int(group["y"]) if group["y"] else _year_not_after(published, month)
        return _month_span(year, month)
    if kind == "year":
        year = int(group["year"])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if kind == "offset_period":
        return _period(published, group["period"], lex["period_offsets"][group["off"].lower()])
    if kind == "part_of":
        return _part_of(group, published)
    if kind == "ago":
        amount = _amount(group["n"])
        if amount is None:
            return None, None, "day"
        return _ago(published, amount, group["unit"])
    if kind == "weekday":
        return _weekday(group, published)
    if kind == "day_word":
        days = lex["day_words"][group["w"].lower()]
        return _day(published + timedelta(days=days))
    return None, None, "day"


def _day(day: date | None) -> tuple[date | None, date | None, str]:
    return day, day, "day"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_key(name: str) -> str:
    return next(k for k in time_lexicon()["months"] if k.lower() == name.lower())


def _year_not_after(published: date, month: int) -> int:
    return published.year if month <= published.month else published.year - 1


def _month_span(year: int, month: int) -> tuple[date, date, str]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last), "month"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _period(published: date, period: str, offset: int) -> tuple[date, date, str]:
    if period.startswith("Woche"):
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6), "week"
    if period.startswith("Monat"):
        first = _add_months(published.replace(day=1), offset)
        return _month_span(first.year, first.month)
    year = published.year + offset
    return date(year, 1, 1), date(year, 12, 31), "year"


#: Anfang, Mitte, Ende as thirds of a month (days), a year (months) and a week (weekdays).
_THIRDS_OF_MONTH = {"anfang": (1, 10), "mitte": (11, 20), "ende": (21, 31)}
_THIRDS_OF_YEAR = {"anfang": (1, 4), "mitte": (5, 8), "ende": (9, 12)}
_THIRDS_OF_WEEK = {"anfang": (0, 1), "mitte": (2, 3), "ende": (4, 6)}


def _part_of(group: dict, published: date | None):
    part = group["part"].lower()
    lex = time_lexicon()
    if group.get("year"):
        return _year_part(int(group["year"]), part)
    if group.get("month"):
        month = lex["months"][_month_key(group["month"])]
        year = int(group["y"]) if group["y"] else _year_not_after(published, month)
        return _month_part(year, month, part)
    off_word = group["off"].lower()
    offset = 0 if off_word in ("des", "der") else lex["period_offsets"][off_word]
    begin, _, _ = _period(published, group["period"], offset)
    if group["period"].startswith("Woche"):
        first, last = _THIRDS_OF_WEEK[part]
        return begin + timedelta(days=first), begin + timedelta(days=last), "interval"
    if group["period"].startswith("Monat"):
        return _month_part(begin.year, begin.month, part)
    return _year_part(begin.year, part)


def _month_part(year: int, month: int, part: str):
    first, last = _THIRDS_OF_MONTH[part]
    last = min(last, calendar.monthrange(year, month)[1])
    return date(year, month, first), date(year, month, last), "interval"


def _year_part(year: int, part: str):
    first, last = _THIRDS_OF_YEAR[part]
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), "interval"


def _amount(word: str | None) -> int | None:
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    if word.lower() in ("ein", "eine", "einen", "einem", "einer"):
        return 1
    return parse_number_word(word)


def _ago(published: date, amount: int, unit: str):
    if unit.startswith("Tag"):
        return _day(published - timedelta(days=amount))
    if unit.startswith("Woche"):
        return _period(published - timedelta(weeks=amount), "Woche", 0)
    if unit.startswith("Monat"):
        return _period(_add_months(published, -amount), "Monat", 0)
    return _period(published.replace(year=published.year - amount, day=1), "Jahr", 0)


def _shift(anchor, published, amount, unit, direction):
    """Move the anchor's interval by the amount; a shift forward stops at the publication date."""
    if anchor is None or anchor.begin is None or amount is None:
        return None, None, "interval"
    sign = -1 if direction.lower() in ("zuvor", "vorher", "früher") else 1
    if unit.startswith(("Tag", "Woche")):
        delta = timedelta(days=amount * (7 if unit.startswith("Woche") else 1) * sign)
        begin, end = anchor.begin + delta, anchor.end_date + delta
    else:
        months = amount * (12 if unit.startswith("Jahr") else 1) * sign
        begin, end = _add_months(anchor.begin, months), _add_months(anchor.end_date, months)
    if sign > 0 and published is not None and anchor.end_date <= published < end:
        end = max(published, begin)
    granularity = anchor.granularity if begin == end or anchor.granularity == "day" else "interval"
    if begin == end:
        granularity = "day"
    return begin, end, granularity


def _weekday(group: dict, published: date):
    lex = time_lexicon()
    name = group["wd"].capitalize()
    aliases = {k.lower(): v for k, v in lex["weekday_aliases"].items()}
    if name.lower() in aliases:
        target = aliases[name.lower()]
    else:
        target = [w.lower() for w in lex["weekdays"]].index(name.lower())
    if group.get("rel"):
        # "am gestrigen Mittwoch": the day word decides; the weekday only confirms it
        return _day(published + timedelta(days=lex["day_adjectives"][group["rel"].lower()]))
    offset = lex["period_offsets"].get((group["off"] or "").lower())
    back = (published.weekday() - target) % 7
    if offset is not None and offset > 0:
        return _day(published + timedelta(days=(target - published.weekday()) % 7 or 7))
    if offset is not None and offset < 0 and back == 0:
        back = 7
    # Without a word before it, the weekday is the latest one on or before publication: online
    # news says "am Mittwoch" for the day it appears, too (44 of 235 "am <weekday>" in the
    # Wikinews training articles name their publication day).
    return _day(published - timedelta(days=back))

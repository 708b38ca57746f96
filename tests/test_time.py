"""Date expressions resolved against the publication date (graph/time.py)."""

import json
from datetime import date
from pathlib import Path

import pytest
from newskg.graph.facts.time import find_time_expressions
from newskg.graph.model import Document

DATA = Path(__file__).parent / "data"
PUBLISHED = date(2024, 10, 24)  # a Thursday


def iso(begin: date | None, end: date | None) -> str | None:
    if begin is None:
        return None
    return begin.isoformat() if begin == end else f"{begin.isoformat()}/{end.isoformat()}"


def resolved(text: str) -> tuple[date | None, date | None, str]:
    """(begin, end, granularity) of ``text`` found as one expression in a document of its own."""
    [expr] = find_time_expressions(Document(id="t", text=text, published=PUBLISHED))
    assert expr.text == text
    return expr.begin, expr.end_date, expr.granularity


def test_seed_gold_dates_resolve_as_in_the_gold():
    gold = json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))
    text = (DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8")
    found = find_time_expressions(Document(id="seed", text=text, published=PUBLISHED))
    by_text = {}
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        by_text.setdefault(expr.text, []).append(iso(expr.begin, expr.end_date))
    for statement in gold["statements"]:
        if statement["date_text"]:
            assert statement["date"] in by_text[statement["date_text"]], statement["date_text"]
    june = next(e for e in found if e.text == "im Juni")
    assert (june.begin, june.end_date, june.granularity) == (
        date(2024, 6, 1), date(2024, 6, 30), "month"
    )


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("heute", "2024-10-24", "day"),
        ("gestern", "2024-10-23", "day"),
        ("vorgestern", "2024-10-22", "day"),
        ("morgen", "2024-10-25", "day"),
        ("am Mittwoch", "2024-10-23", "day"),
        ("Mittwochnachmittag", "2024-10-23", "day"),
        ("am Donnerstag", "2024-10-24", "day"),
        ("am vergangenen Donnerstag", "2024-10-17", "day"),
        ("am kommenden Montag", "2024-10-28", "day"),
        ("am gestrigen Mittwoch", "2024-10-23", "day"),
        ("am heutigen Donnerstag", "2024-10-24", "day"),
        ("letzte Woche", "2024-10-14/2024-10-20", "week"),
        ("vergangene Woche", "2024-10-14/2024-10-20", "week"),
        ("diese Woche", "2024-10-21/2024-10-27", "week"),
        ("nächste Woche", "2024-10-28/2024-11-03", "week"),
        ("Anfang dieses Monats", "2024-10-01/2024-10-10", "interval"),
        ("Mitte letzten Monats", "2024-09-11/2024-09-20", "interval"),
        ("Ende dieses Monats", "2024-10-21/2024-10-31", "interval"),
        ("Ende Februar 2024", "2024-02-21/2024-02-29", "interval"),
        ("im Juni", "2024-06-01/2024-06-30", "month"),
        ("im November", "2023-11-01/2023-11-30", "month"),
        ("am 23. Oktober", "2024-10-23", "day"),
        ("23.10.2024", "2024-10-23", "day"),
        ("im Jahr 2023", "2023-01-01/2023-12-31", "year"),
        ("vor drei Tagen", "2024-10-21", "day"),
        ("vor zwei Wochen", "2024-10-07/2024-10-13", "week"),
    ],
)
def test_resolution(text, expected, granularity):
    begin, end, found_granularity = resolved(text)
    assert (iso(begin, end), found_granularity) == (expected, granularity)


def test_relative_to_previous_expression_is_shifted_and_clipped():
    text = "Anfang dieses Monats begann es. Zwei Wochen später kam die Antwort."
    found = find_time_expressions(Document(id="t", text=text, published=PUBLISHED))
    assert [e.text for e in found] == ["Anfang dieses Monats", "Zwei Wochen später"]
    assert iso(found[1].begin, found[1].end_date) == "2024-10-15/2024-10-24"
    earlier = "Am 10. Oktober war es ruhig, drei Tage zuvor nicht."
    found = find_time_expressions(Document(id="t", text=earlier, published=PUBLISHED))
    assert iso(found[1].begin, found[1].end_date) == "2024-10-07"


def test_without_publication_date_relative_words_stay_unresolved():
    found = find_time_expressions(Document(id="t", text="Er sagte am Mittwoch, im Jahr 2020 ..."))
    assert [(e.text, e.begin) for e in found] == [
        ("am Mittwoch", None),
        ("im Jahr 2020", date(2020, 1, 1)),
    ]


def test_words_that_only_look_like_dates_are_not_dates():
    text = "Der Morgen war kalt. Mai Thi Nguyen sprach."
    assert find_time_expressions(Document(id="t", text=text, published=PUBLISHED)) == []


@pytest.mark.parametrize(
    "text", ["im Jahr 0000", "vor 100000000 Tagen", "vor 99999 Jahren", "99.99.9999", "Anfang 0000"]
)
def test_dates_outside_the_calendar_stay_unresolved(text):
    assert resolved(text) == (None, None, "day")

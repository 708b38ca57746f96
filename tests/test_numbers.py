"""Numbers in German notation with unit noun and qualifier (graph/numbers.py)."""

import math
from pathlib import Path

import pytest
from newskg.graph.facts.numbers import find_quantities, parse_number_word
from newskg.graph.model import Document

SEED = Path(__file__).parent / "data" / "nordkorea-soldaten-russland.txt"


def quantities(text: str) -> list[tuple[float, str | None, str | None]]:
    return [(q.value, q.unit, q.qualifier) for q in find_quantities(Document(id="t", text=text))]


def test_seed_troop_numbers_with_units_and_qualifier():
    text = SEED.read_text(encoding="utf-8")
    found = find_quantities(Document(id="seed", text=text))
    soldiers = [(q.value, q.qualifier) for q in found if q.unit == "Soldaten"]
    assert soldiers == [(3000, None), (3000, "mindestens"), (10000, None), (1500, None)]
    quoted = next(q for q in found if q.qualifier == "mindestens")
    assert text[quoted.start : quoted.end] == quoted.text
    assert quoted.text == "„mindestens 3.000“ nordkoreanische Soldaten"  # quote marks in pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rund 1,5 Millionen Euro wurden gezahlt.", [(1_500_000, "Euro", "rund")]),
        ("Es kamen zwei Dutzend Menschen.", [(24, "Menschen", None)]),
        ("zehntausend Demonstranten zogen vorbei", [(10_000, "Demonstranten", None)]),
        ("bis zu 200 Polizisten", [(200, "Polizisten", "bis zu")]),
        ("mehr als 40 Prozent", [(40, "Prozent", "mehr als")]),
        ("knapp 3 000 Menschen", [(3000, "Menschen", "knapp")]),
        ("etwa 12 % der Stimmen", [(12, "Prozent", "etwa")]),
        ("einundzwanzig Schüsse", [(21, "Schüsse", None)]),
        ("mindestens „5.000 bewaffnete Kämpfer“", [(5000, "Kämpfer", "mindestens")]),
        ("Die 3 Hamburger Polizisten", [(3, "Polizisten", None)]),
        ("Kiel siegte 3:1 gegen Bremen, 7 gegen Bremen", [(7, None, None)]),
    ],
)
def test_german_notation(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "am 3. Oktober 2023 um 14.30 Uhr",
        "der 3. Versuch im Jahr 2019",
        "Am 23.10.2024 geschah es.",
        "Die Acht und die Elf sind Zahlen.",
        "Die 41-Jährige und Meier (52) spielten 3 : 1.",
        "nach § 12 Abs. 3, Nr. 4",
    ],
)
def test_years_dates_times_and_ordinals_are_skipped(text):
    assert quantities(text) == []


def test_number_words():
    assert parse_number_word("dreitausendfünfhundert") == 3500
    assert parse_number_word("zweihundertvierzig") == 240
    assert parse_number_word("Soldaten") is None


def test_a_list_of_numbers_is_not_one_number_in_groups_of_three():
    text = " ".join(str(i) for i in range(90, 400))
    values = [value for value, _, _ in quantities(text)]
    assert values and all(math.isfinite(v) and v < 1e24 for v in values)
    assert quantities("Die Stadt hat 1 250 000 Einwohner.") == [(1250000, "Einwohner", None)]

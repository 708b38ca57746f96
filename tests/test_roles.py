"""Roles from titles before names and appositions after them (graph/roles.py)."""

import json
from pathlib import Path

import pytest
from newskg.graph.actors.gazetteer import org_of_prefix
from newskg.graph.actors.mentions import find_mentions
from newskg.graph.actors.roles import merge_roles, read_title
from newskg.graph.model import Document, Role
from newskg.graph.text.tokens import tokenize_document

DATA = Path(__file__).parent / "data"


def actors_of(text: str):
    document = Document(id="t", text=text)
    tokenize_document(document)
    return find_mentions(document)[1]


def test_seed_persons_have_the_gold_roles():
    gold = json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))
    actors = actors_of((DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8"))
    persons = {name for name, actor in actors.items() if actor.type == "person"}
    assert persons == {p["name"] for p in gold["persons"]}
    for person in gold["persons"]:
        expected = [Role(r["title"], r["organization"]) for r in person["roles"]]
        assert actors[person["name"]].roles == expected, person["name"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("US-Verteidigungsminister", ("Verteidigungsminister", "USA")),
        ("Kremlsprecher", ("Kremlsprecher", "Kreml")),
        ("Präsidenten", ("Präsident", None)),
        ("Gesundheitsministerin", ("Gesundheitsministerin", None)),
        ("Bundeskanzler", ("Bundeskanzler", "Deutschland")),
        ("Pentagon-Sprecher", ("Pentagon-Sprecher", "Pentagon")),
        ("Soldaten", None),
        ("sagte", None),
    ],
)
def test_titles(word, expected):
    assert read_title(word, org_of_prefix) == expected


def test_apposition_with_feminine_genitive_and_adjective_before_title():
    actors = actors_of(
        "Maria Schmidt, Sprecherin der Europäischen Kommission, widersprach. "
        "Der polnische Außenminister Radosław Sikorski sagte nichts. "
        "Anna Berger, Chefin des Statistischen Bundesamtes, erklärte es."
    )
    assert actors["Maria Schmidt"].roles == [
        Role("Sprecherin der Europäischen Kommission", "Europäische Kommission")
    ]
    assert Role("Außenminister", "Polen") in actors["Radosław Sikorski"].roles
    assert actors["Anna Berger"].roles == [
        Role("Chefin des Statistischen Bundesamtes", "Statistisches Bundesamt")
    ]


def test_bare_title_gives_way_to_the_full_one():
    full = Role("Sprecher des Nationalen Sicherheitsrates", "Nationaler Sicherheitsrat")
    assert merge_roles([Role("Sprecher"), full, full]) == [full]


def test_names_after_titles_and_title_phrases_before_a_comma():
    actors = actors_of(
        "Die chilenische Präsidentin Xiomara Rojas Vidal kündigte Reformen an. "
        "Am Freitag äußerte sich Vatikansprecher Ortega-Pinto dazu. "
        "Danach sagte die Vorsitzende des Imkerverbandes, Edda Krummholz, ein paar Worte. "
        "Das sagte George W. Bush in Washington."
    )
    assert actors["Xiomara Rojas Vidal"].roles == [Role("Präsidentin", "Chile")]
    assert actors["Ortega-Pinto"].roles == [Role("Vatikansprecher", "Vatikan")]
    assert actors["Edda Krummholz"].roles == [
        Role("Vorsitzende des Imkerverbandes", "Imkerverband")
    ]
    assert actors["George W. Bush"].type == "person"


def test_party_in_brackets_is_a_membership():
    actors = actors_of("Das sagte die Bauministerin Klara Feldmann (SPD) am Montag.")
    assert Role("Mitglied", "SPD") in actors["Klara Feldmann"].roles
    assert Role("Bauministerin") in actors["Klara Feldmann"].roles


def test_genitive_organization_phrases_become_nominative():
    from newskg.graph.actors.gazetteer import nominative

    assert nominative("Bankenausschusses") == "Bankenausschuss"
    assert nominative("Bundesstaates New York") == "Bundesstaat New York"
    assert nominative("Obersten Gerichtshofes") == "Oberster Gerichtshof"
    assert nominative("Statistischen Bundesamtes") == "Statistisches Bundesamt"
    assert nominative("Europäischen Zentralbank", "der") == "Europäische Zentralbank"
    assert nominative("Internationalen Atomenergiebehörde IAEA", "der") == (
        "Internationale Atomenergiebehörde"
    )


def test_adjectives_before_a_title_or_name_belong_to_the_mention():
    document = Document(id="t", text=(
        "Das bestätigte der 41-jährige Jonas Wierzbicki am Telefon. "
        "Der ehemalige ukrainische Präsident Wiktor Juschtschenko sagte das."
    ))
    tokenize_document(document)
    mentions, actors = find_mentions(document)
    assert [m.text for m in mentions if m.type == "person"] == [
        "der 41-jährige Jonas Wierzbicki",
        "Der ehemalige ukrainische Präsident Wiktor Juschtschenko",
    ]
    assert actors["Wiktor Juschtschenko"].roles == [Role("Präsident", "Ukraine")]


def test_title_phrase_with_acronym_before_an_arabic_name():
    actors = actors_of(
        "Das sagte die Leiterin der Internationalen Atomenergie-Organisation (IAEO), "
        "Samira el-Hassan, am Montag. Baschar al-Assad schwieg."
    )
    assert actors["Samira el-Hassan"].roles == [Role(
        "Leiterin der Internationalen Atomenergie-Organisation (IAEO)",
        "Internationale Atomenergiebehörde",
    )]
    assert actors["Baschar al-Assad"].type == "person"


def test_common_nouns_and_genitives_after_a_title_are_no_names():
    actors = actors_of(
        "Wladimir Putin lobte das. Südkoreas Präsident Hilfen ankündigte nichts. "
        "Sprecher Putins widersprach."
    )
    assert {name for name, a in actors.items() if a.type == "person"} == {"Wladimir Putin"}

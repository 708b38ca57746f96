"""Mentions and actors over tokenised German news (graph/mentions.py)."""

import json
from pathlib import Path

import pytest
from newskg.graph.actors.gazetteer import gazetteer
from newskg.graph.actors.mentions import find_mentions, place_names
from newskg.graph.model import Document
from newskg.graph.text.tokens import tokenize_document

DATA = Path(__file__).parent / "data"


def analyse(text: str):
    document = Document(id="t", text=text)
    tokenize_document(document)
    return find_mentions(document)


@pytest.fixture(scope="module")
def seed():
    return analyse((DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold():
    return json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))


def test_seed_actors_have_the_gold_types(seed, gold):
    _, actors = seed
    for person in gold["persons"]:
        assert actors[person["name"]].type == "person"
        assert set(person["aliases"]) <= actors[person["name"]].aliases
    for org in gold["organizations"]:
        assert actors[org["name"]].type == org["type"], org["name"]
        if org.get("part_of"):
            assert actors[org["name"]].part_of == org["part_of"]
        if org.get("country"):
            assert actors[org["name"]].country == org["country"]
    for state in gold["countries_or_governments"]:
        actor = actors[state["name"]]
        assert actor.type == "country_or_government"
        assert set(state["aliases"]) - {"Südkoreas"} <= actor.aliases | {"Kiew"}


def test_seed_speaker_mentions_resolve_to_canonical_names(seed, gold):
    mentions, _ = seed
    found = {(m.text, m.actor) for m in mentions}
    for statement in gold["statements"]:
        if statement["mention"].lower() in ("er", "die agentur"):
            continue  # pronouns and descriptions are coreference, not mentions
        assert (statement["mention"], statement["speaker"]) in found, statement["mention"]


def test_seed_places_and_metonyms(seed, gold):
    mentions, _ = seed
    assert set(place_names(mentions)) == set(gold["places"])
    pjongjang = [m for m in mentions if m.text == "Pjöngjang"]
    # subject of "hat ... zurückgewiesen" is the state; "in Pjöngjang" is the place
    assert [m.type for m in pjongjang] == ["country_or_government", "country_or_government",
                                          "place"]
    for mention in mentions:
        assert mention.start < mention.end


def test_mentions_carry_exact_offsets(seed):
    mentions, _ = seed
    text = (DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8")
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_general_news_persons_media_and_governments():
    mentions, actors = analyse(
        "Bundeskanzler Olaf Scholz sagte am Montag in Berlin, die Bundesregierung werde helfen. "
        "Scholz betonte, Frankreichs Präsident Emmanuel Macron sei einverstanden. "
        "Laut der russischen Nachrichtenagentur TASS sagte Ursula von der Leyen nichts. "
        "Peking wies die Vorwürfe zurück, berichtete Reuters."
    )
    by_text = {m.text: m for m in mentions}
    assert by_text["Scholz"].actor == "Olaf Scholz"
    assert by_text["Bundesregierung"].actor == "Deutschland"
    assert by_text["Berlin"].type == "place"
    assert by_text["Peking"].actor == "China"
    assert by_text["Reuters"].type == "media"
    assert actors["TASS"].type == "media" and actors["TASS"].country == "Russland"
    assert actors["Ursula von der Leyen"].type == "person"
    assert actors["Emmanuel Macron"].type == "person"


def test_state_adjective_and_group_noun():
    mentions, actors = analyse("Russische Staatsmedien meldeten, die ukrainische Regierung schweige.")
    assert actors["Russische Staatsmedien"].type == "media"
    assert actors["Russische Staatsmedien"].country == "Russland"
    assert any(m.actor == "Ukraine" and m.type == "country_or_government" for m in mentions)


def test_gazetteers_are_generous():
    gaz = gazetteer()
    assert len([e for e in gaz.surface.values() if e.type == "country_or_government"]) > 150
    assert len(gaz.first_names) > 400
    for form in ("Washington", "Kiew", "Moskau", "DVRK", "dpa", "NATO", "Bundestag"):
        assert form in gaz.surface


def test_institutions_of_a_state_and_names_after_a_naming_noun():
    mentions, actors = analyse(
        "Eine Sprecherin des norwegischen Fischereiministeriums äußerte sich knapp. "
        "Die Zeitung „Nordkurier Abendblatt“ meldete es. Die Umweltschutzorganisation GLX warnte. "
        "Laut dem russischen Verteidigungsministerium ist das falsch."
    )
    ministry = actors["Norwegisches Fischereiministerium"]
    assert (ministry.type, ministry.country) == ("organization", "Norwegen")
    assert actors["Nordkurier Abendblatt"].type == "media"
    assert actors["GLX"].type == "organization"
    assert actors["Russisches Verteidigungsministerium"].country == "Russland"
    # the German ministry is not named here, so it is no actor of this text
    assert "Bundesministerium der Verteidigung" not in actors
    assert {m.actor for m in mentions} >= {
        "Nordkurier Abendblatt", "GLX", "Norwegisches Fischereiministerium"
    }


def test_a_very_long_line_without_full_stops_is_read_to_the_end():
    text = "Washington Moskau Kiew Peking und Olaf Scholz " * 3000
    mentions, actors = analyse(text)
    assert len(mentions) == 15000
    assert sorted(actors) == ["China", "Olaf Scholz", "Russland", "USA", "Ukraine"]
    assert mentions[-1].end == len(text.rstrip())


def test_text_that_is_not_german_news_yields_no_actors():
    _, actors = analyse("1 2 3 4 5 6 7 8 9 10\n<div><p>x</p></div>\n" * 50)
    assert actors == {}


def test_city_administration_and_broadcasters():
    mentions, actors = analyse("Die Stadt Leipzig lehnte den Antrag ab. Der NDR sendete die Debatte.")
    assert actors["Stadt Leipzig"].type == "organization"
    assert actors["NDR"].type == "media"
    assert [m.text for m in mentions] == ["Stadt Leipzig", "NDR"]


def test_local_institutions_and_names_after_naming_nouns():
    mentions, actors = analyse(
        "Die Staatsanwaltschaft Kassel ermittelt weiter. Laut Kieler Polizei blieb es ruhig. "
        "Im Herbst stellt die schwedische Firma Varnholt Solar ein Modell vor."
    )
    assert actors["Staatsanwaltschaft Kassel"].country == "Deutschland"
    assert actors["Kieler Polizei"].type == "organization"
    assert actors["Varnholt Solar"].country == "Schweden"
    assert "schwedische Firma Varnholt Solar" in [m.text for m in mentions]


def test_random_word_salad_keeps_offsets_exact():
    import random

    rng = random.Random(11)
    pieces = ["„", "“", "(", ")", ",", ".", "Dr.", "des", "der", "Sprecher", "Kreml", "Washington",
              "in", "Kiew", "Olaf", "Scholz", "(SPD)", "Firma", "Varnholt", "Stadt", "Berliner",
              "Polizei", "Südkoreas", "Geheimdienst", "NIS", "US-Verteidigungsminister", "von",
              "Osten", "Russlands", "ukrainische", "Medien", "George", "W.", "-", "Jean-Noël"]
    for _ in range(30):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        mentions, actors = analyse(text)
        for mention in mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.actor is None or mention.actor in actors
            assert (mention.type == "place") == (mention.actor is None)


def test_a_surname_before_the_full_name_names_the_person():
    mentions, _ = analyse(
        "Scholz reist nach Paris\nBundeskanzler Olaf Scholz besucht am Montag Paris."
    )
    assert [(m.text, m.actor) for m in mentions if m.type == "person"] == [
        ("Scholz", "Olaf Scholz"), ("Bundeskanzler Olaf Scholz", "Olaf Scholz")
    ]


def test_name_edges():
    mentions, actors = analyse(
        "Lena Vogt von der Sorbonne berichtete. Barack Obamas Regierung sagte. "
        "Barack Obama lachte. In den Harry-Potter-Romanen geht es um Magie. Hans-Peter Müller kam."
    )
    persons = {m.text: m.actor for m in mentions if m.type == "person"}
    assert persons == {"Lena Vogt": "Lena Vogt", "Barack Obamas": "Barack Obama",
                       "Barack Obama": "Barack Obama", "Hans-Peter Müller": "Hans-Peter Müller"}
    assert "Barack Obamas" not in actors


def test_places_are_not_actors_and_have_canonical_names():
    mentions, actors = analyse("Im Donbass und im Osten Russlands wurde gekämpft.")
    places = [m for m in mentions if m.type == "place"]
    assert [(m.text, m.actor) for m in places] == [("Donbass", None), ("Osten Russlands", None)]
    assert place_names(mentions) == ["Donezk", "Osten Russlands"]
    assert "Donezk" not in actors


def test_state_prefix_compounds():
    mentions, actors = analyse("Die US-Regierung widersprach. US-Medien berichteten darüber.")
    assert [(m.text, m.actor) for m in mentions] == [
        ("US-Regierung", "USA"), ("US-Medien", "US-Medien")
    ]
    assert (actors["US-Medien"].type, actors["US-Medien"].country) == ("media", "USA")


def test_regions_of_states():
    mentions, _ = analyse("Im Süden der Ukraine und im Osten Russlands wurde gekämpft.")
    assert place_names(mentions) == ["Süden der Ukraine", "Osten Russlands"]


def test_gazetteer_matches_are_the_patterns_own() -> None:
    from newskg.graph.actors.gazetteer import gazetteer_matches

    names = sorted(gazetteer().surface)
    sample = names[:: max(1, len(names) // 150)]
    joints = [" ", "-", "s ", ", ", "_", "x ", "  ", "„", "–", "."]
    texts = ["", "Kein Name hier.", *sample]
    for k, name in enumerate(sample):
        other = sample[(k * 7 + 3) % len(sample)]
        texts.append(f"{name}{joints[k % len(joints)]}{other} und {other}{name[:3]}")
        texts.append(f"Laut {name.lower()} und {name.upper()}: {name}er, Anti-{name} {name}")
    assert len(texts) > 300
    for text in texts:
        assert [m.span() for m in gazetteer_matches(text)] == \
            [m.span() for m in gazetteer().pattern.finditer(text)], text


def test_organization_names_opening_with_an_adjective_in_every_case() -> None:
    document = Document(id="t", text="Das Auswärtige Amt widersprach dem Internationalen "
                        "Währungsfonds und der Sprecher des Auswärtigen Amtes schwieg.")
    tokenize_document(document)
    mentions, _ = find_mentions(document)
    actors = [m.actor for m in mentions if m.type == "organization"]
    assert actors == ["Auswärtiges Amt", "Internationaler Währungsfonds", "Auswärtiges Amt"]

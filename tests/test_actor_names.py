"""Actors named as the text means them (issue 12, part 2): nominative names, organisation types
from the head noun, persons of an organisation with that affiliation, roles with their
qualifier, and places that hold posts. Every text here is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
from newskg.graph.model import Actor, Analysis, Document, Role
from newskg.graph.pipeline import analyze
from newskg.graph.rdf.mapping import PREFIXES, analysis_to_triples

BASE = "https://w3id.org/newskg/id/"
REFORM = Path(__file__).parent / "data" / "krankenhausreform.txt"


def _analyze(text: str) -> Analysis:
    return analyze(Document(id="t", text=text, published=date(2024, 5, 15)))


def _holds(actor: Actor, title: str, organization: str) -> bool:
    """The actor holds a post whose title opens with ``title`` (titles keep their genitive
    phrase, as "Sprecher des Nationalen Sicherheitsrates" does) in ``organization``."""
    return any(r.title.split(" ")[0] == title and r.organization == organization
               for r in actor.roles)


def _speaker(analysis: Analysis, cue: str) -> Actor:
    statement = next(s for s in analysis.statements if s.cue == cue)
    return analysis.actors[statement.speaker]


def test_laut_takes_the_nominative_of_an_organisation() -> None:
    analysis = _analyze("Laut Deutscher Krankenhausgesellschaft schreiben derzeit rund 70 "
                        "Prozent der Kliniken rote Zahlen.")
    actor = _speaker(analysis, "Laut")
    assert actor.name == "Deutsche Krankenhausgesellschaft"
    assert actor.type == "organization"


def test_organisation_type_comes_from_the_head_noun() -> None:
    for text, name in [
        (("Nach Angaben des Bayerischen Landesamtes für Statistik stieg die Zahl der "
         "Geburten im Mai deutlich."), "Bayerisches Landesamt für Statistik"),
        ("Der Deutsche Mieterbund forderte am Montag eine Mietpreisbremse für alle Städte.",
         "Deutscher Mieterbund"),
        ("Laut Europäischer Arzneimittelbehörde ist der Impfstoff sicher.",
         "Europäische Arzneimittelbehörde"),
    ]:
        analysis = _analyze(text)
        speaker = analysis.actors[analysis.statements[0].speaker]
        assert (speaker.name, speaker.type) == (name, "organization"), text


def test_source_noun_before_a_genitive_is_not_the_name() -> None:
    analysis = _analyze("Nach Angaben des Verbandes könnten bis 2030 mehr als 400 Häuser "
                        "schließen.")
    statement = analysis.statements[0]
    assert statement.speaker == "Verband"
    assert analysis.actors["Verband"].type == "organization"


def test_a_person_of_an_organisation_keeps_that_affiliation() -> None:
    analysis = _analyze("Ein Patientenschützer der Deutschen Stiftung Patientenschutz warnte "
                        "vor langen Wegen für ältere Menschen.")
    actor = _speaker(analysis, "warnte")
    assert actor.type == "person"
    assert _holds(actor, "Patientenschützer", "Deutsche Stiftung Patientenschutz")
    assert analysis.actors["Deutsche Stiftung Patientenschutz"].type == "organization"


def test_a_named_person_with_an_apposition_of_an_organisation() -> None:
    analysis = _analyze(REFORM.read_text(encoding="utf-8"))
    brysch = analysis.actors["Eugen Brysch"]
    assert _holds(brysch, "Patientenschützer", "Deutsche Stiftung Patientenschutz")
    gass = analysis.actors["Gerald Gaß"]
    assert _holds(gass, "Vorstand", "Deutsche Krankenhausgesellschaft")


def test_a_role_keeps_its_regional_qualifier() -> None:
    analysis = _analyze(REFORM.read_text(encoding="utf-8"))
    gerlach = analysis.actors["Judith Gerlach"]
    assert Role("Gesundheitsministerin", "Bayern") in gerlach.roles
    assert Role("Mitglied", "CSU") in gerlach.roles
    assert analysis.actors["Bayern"].type == "country_or_government"


def test_a_place_holding_a_post_maps_to_a_valid_actor_class() -> None:
    analysis = _analyze("Der FC Sonnenberg ist Meister. Damit hat es der Trainer der Bayern, "
                        "Felix Huber, geschafft, sagte ein Sprecher.")
    triples = analysis_to_triples(analysis, BASE)
    nkg = PREFIXES["nkg"]
    bayern = ox.NamedNode(BASE + "actor/bayern")
    classes = {t.object.value for t in triples if t.subject == bayern
               and t.predicate.value.endswith("#type")}
    assert nkg + "CountryOrGovernment" in classes


def test_a_place_typed_actor_in_an_analysis_is_mapped_not_refused() -> None:
    analysis = Analysis(document=Document(id="p", text="Bayern.", published=date(2024, 1, 1)))
    analysis.actors["Bayern"] = Actor(name="Bayern", type="place")
    triples = analysis_to_triples(analysis, BASE)
    assert any(t.object.value == PREFIXES["nkg"] + "CountryOrGovernment" for t in triples)

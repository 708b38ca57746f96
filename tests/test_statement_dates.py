"""Dates on statements (issue 12, part 4): the utterance's expression in its clause is the
statement's date, a time of the content stays the content's. Texts written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newskg.graph.evaluation.datescore import read_date_gold
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze

REFORM = Path(__file__).parent / "data" / "krankenhausreform.txt"
PUBLISHED = date(2024, 5, 15)  # a Wednesday


def _dates(text: str) -> list[tuple[str, str | None]]:
    analysis = analyze(Document(id="d", text=text, published=PUBLISHED))
    return [(s.cue, s.time.text if s.time else None) for s in analysis.statements]


def test_the_reform_article_dates_its_statements() -> None:
    analysis = analyze(Document(id="r", text=REFORM.read_text(encoding="utf-8"),
                                published=PUBLISHED))
    dated = {s.cue: s.time for s in analysis.statements if s.time is not None}
    assert dated["kündigte ... an"].text == "am Mittwoch"
    assert dated["forderte"].text == "am Mittwoch"  # "forderte am Mittwoch einen …"
    assert dated["forderte"].begin == date(2024, 5, 15)
    lauterbach = next(s for s in analysis.statements if s.content_text.startswith("Ob die"))
    assert lauterbach.time is not None and lauterbach.time.text == "am Mittwoch"


def test_an_interview_date_and_a_date_inside_the_content() -> None:
    assert _dates("Die Ministerin sagte in einem Interview am Dienstag, das Gesetz sei am "
                  "Freitag beschlossen worden.") == [("sagte", "am Dienstag")]
    assert _dates("Der Bürgermeister sagte, die Brücke sei am Montag gesperrt worden.") \
        == [("sagte", None)]


def test_a_date_in_a_relative_clause_of_another_verb_is_not_the_saying() -> None:
    text = ("Die Sprecherin, die im März ihr Amt angetreten hatte, bekräftigte, dass die "
            "Stadt nicht zahlen werde.")
    assert _dates(text) == [("bekräftigte", None)]


def test_durations_frames_and_later_dates_belong_to_the_content() -> None:
    assert _dates("Seit vergangenem Montag sind laut Polizei mehr als 40 Autos "
                  "beschädigt worden.") == [("laut", None)]
    assert _dates("Laut Polizei wurde der Mann am Dienstag festgenommen.") == [("Laut", None)]
    kinds = _dates("Für die Wahl am 18. September kündigte die Ministerin ihre Kandidatur an.")
    assert kinds == [("kündigte ... an", None)]


def test_the_hand_checked_sample_holds_ids_and_offsets_only() -> None:
    gold = read_date_gold()
    assert len(gold) >= 50 and {g.sample for g in gold} == {"A", "B", "C"}
    assert all(g.start < g.end for g in gold)
    assert all(g.time is None or g.time[0] < g.time[1] for g in gold)
    assert sum(g.time is not None for g in gold) >= 30

"""The whole pipeline: stages composed, dates carried over, and input that is not news."""

from datetime import date
from pathlib import Path

from newskg.graph.model import Document
from newskg.graph.pipeline import MAX_ANALYSED_CHARS, analyze, check_input

SEED = Path(__file__).parent / "data" / "nordkorea-soldaten-russland.txt"


def test_seed_analysis_has_every_stage() -> None:
    analysis = analyze(Document(id="seed", text=SEED.read_text(encoding="utf-8"),
                                published=date(2024, 10, 24)))
    assert len(analysis.document.sentences) == 17
    assert "John Kirby" in analysis.actors and analysis.mentions
    assert {q.value for q in analysis.quantities} >= {3000.0, 1500.0, 10000.0}
    assert analysis.times and analysis.warnings == []
    continued = next(s for s in analysis.statements if s.cue == "fügte ... hinzu"
                 and s.speaker == "Lloyd Austin")
    assert continued.time.carried_over and continued.time.start is None
    assert continued.time.begin == date(2024, 10, 23)
    nis = next(s for s in analysis.statements if s.speaker == "NIS" and s.cue == "behauptete")
    assert [q.value for q in nis.quantities] == [1500.0]
    assert "Nordkorea" in nis.mentioned and "NIS" not in nis.mentioned


def test_date_inside_the_content_does_not_date_the_statement() -> None:
    text = "Am Montag sagte Anna Kowalski, die Brücke sei am Freitag eingestürzt."
    analysis = analyze(Document(id="d", text=text, published=date(2024, 10, 24)))
    statement = analysis.statements[0]
    assert statement.time is not None and statement.time.text.endswith("Montag")


def test_english_text_is_flagged() -> None:
    text = "The minister said that the bridge would open in May, and the mayor agreed. " * 5
    analysis = analyze(Document(id="en", text=text))
    assert any("German" in w for w in analysis.warnings)


def test_numbers_markup_and_empty_input_give_warnings_not_errors() -> None:
    numbers = analyze(Document(id="n", text="\n".join(str(i * 7.5) for i in range(500))))
    assert any("numbers" in w for w in numbers.warnings)
    html = analyze(Document(id="h", text="<html><body>" + "<p>Hallo <b>Welt</b></p>" * 20
                            + "</body></html>"))
    assert any("markup" in w for w in html.warnings)
    one_word = analyze(Document(id="w", text="a" * 100_000))  # no spaces, no words: no hang
    assert one_word.statements == [] and one_word.warnings
    empty = analyze(Document(id="e", text="   \n"))
    assert empty.statements == [] and any("empty" in w for w in empty.warnings)


def test_five_megabyte_text_is_cut_with_a_warning() -> None:
    paragraph = ("Die Ministerin Anna Kowalski sagte am Montag, die neue Brücke werde im Mai "
                 "eröffnet. Der Verkehr solle dann schneller fließen.\n")
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    analysis = analyze(Document(id="big", text=text))
    assert any("only the first" in w for w in analysis.warnings)
    assert analysis.document.text == text  # the document keeps its whole text
    assert analysis.statements
    assert max(s.content.end for s in analysis.statements) <= MAX_ANALYSED_CHARS


def test_check_input_accepts_german_news() -> None:
    assert check_input(SEED.read_text(encoding="utf-8")) == []

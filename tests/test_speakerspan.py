"""The speaker phrase as the Wikinews annotation marks it (graph/evaluation/speakerspan.py).

Sentences written for this test; each runs the whole pipeline and reads the predicted
quotation's speaker as the scorer does.
"""

import pytest
from newskg.graph.evaluation.spanscore import statements_to_quotes
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze


def speakers(text: str) -> list[str | None]:
    analysis = analyze(Document(id="t", text=text))
    return [(q["speaker"] or {}).get("text") for q in statements_to_quotes(analysis)]


@pytest.mark.parametrize(("text", "speaker"), [
    # an apposition with its own genitive and place belongs to the speaker
    (("Hans Meier, der Sprecher der Stadtwerke in Bonn, sagte, die Preise würden im Herbst "
      "steigen."), "Hans Meier, der Sprecher der Stadtwerke in Bonn"),
    # a short bracket after a name (the party) is part of it
    ("„Wir machen weiter“, sagte Gesundheitsminister Karl Lauterbach (SPD).",
     "Gesundheitsminister Karl Lauterbach (SPD)"),
    # where the speaker belongs: "von", "in" with a name
    ("Ein Sprecher von Tesla sagte, das Werk bleibe offen.", "Ein Sprecher von Tesla"),
    ("Die Regierung in Lomé erklärte, die Wahl sei frei gewesen.", "Die Regierung in Lomé"),
    # a date is not where the speaker belongs
    ("Nach Angaben der Polizei vom Dienstag wurden drei Menschen verletzt.",
     "Angaben der Polizei"),
])
def test_speaker_span_as_annotated(text: str, speaker: str) -> None:
    assert speakers(text) == [speaker]


def test_the_frame_source_keeps_no_date_in_the_graph() -> None:
    analysis = analyze(Document(id="t", text="Nach Angaben der Polizei vom Dienstag wurden "
                                              "drei Menschen verletzt."))
    assert [s.mention.actor for s in analysis.statements] == ["Polizei"]


def test_a_description_before_a_name_is_part_of_the_speaker() -> None:
    assert speakers("Ein Sprecher der Feuerwehr, Klaus Berger, sagte, der Brand sei gelöscht.") \
        == ["Ein Sprecher der Feuerwehr, Klaus Berger"]

"""Statement kinds decided by what the statement does (issue 12, part 3), on text written for
these tests; the shipped kind model and its hand-annotated training data."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

from newskg.graph.model import KINDS, Document
from newskg.graph.pipeline import analyze
from newskg.graph.statements.kind_train import Annotation, read_annotations, train_kind_model
from newskg.graph.statements.kinds import parse_kind_model, shipped_kind_model

REFORM = Path(__file__).parent / "data" / "krankenhausreform.txt"


def _kinds(text: str, learned: bool = True) -> list[tuple[str, str]]:
    analysis = analyze(Document(id="k", text=text, published=date(2024, 5, 15)), learned)
    return [(s.cue, s.kind) for s in analysis.statements]


def test_a_rebuttal_after_an_accusation_is_a_denial() -> None:
    analysis = analyze(Document(id="r", text=REFORM.read_text(encoding="utf-8"),
                                published=date(2024, 5, 15)))
    wrong = next(s for s in analysis.statements if s.content_text == "Das ist schlicht falsch")
    assert wrong.cue_kind == "assertion"  # the cue verb "sagte" alone says assertion
    assert wrong.kind == "denial"
    accusation = next(s for s in analysis.statements if s.cue == "warf ... vor")
    assert accusation.kind == "claim"


def test_rules_alone_decide_the_same_hard_cases() -> None:
    text = ("Der Landrat warf der Bahn vor, die Strecke verkommen zu lassen. „Das ist "
            "Unsinn“, sagte eine Sprecherin der Bahn.")
    assert ("sagte", "denial") in _kinds(text, learned=False)
    assert ("sagte", "denial") in _kinds(text)


def test_hedged_content_is_speculation_and_questions_are_questions() -> None:
    assert _kinds("Die Ministerin sagte, die Steuern würden vermutlich im Herbst steigen.") \
        == [("sagte", "speculation")]
    assert _kinds("„Wer soll das alles bezahlen?“, sagte der Bürgermeister.") \
        == [("sagte", "question")]


def test_hearsay_with_sollen_is_a_report_and_a_plan_an_announcement() -> None:
    kinds = _kinds("Der Täter soll das Gebäude am Abend gestürmt haben, sagte ein Zeuge.")
    assert kinds == [("sagte", "report")] or kinds == [("sagte", "assertion")]
    assert _kinds("Die Brücke soll im Mai eröffnet werden, sagte die Bürgermeisterin.") \
        == [("sagte", "announcement")]


def test_the_shipped_model_is_plain_json_with_its_licence() -> None:
    source = resources.files("newskg.graph.attribution").joinpath("models/kinds.json")
    raw = source.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert "CC BY-NC-SA 4.0" in data["licence"]
    assert set(data["classes"]) == set(KINDS)
    model = shipped_kind_model()
    assert model is not None and model == parse_kind_model(raw)
    assert data["figures"]["heldout"] > 0 and data["figures"]["tune"] > 0


def test_the_hand_annotations_hold_ids_and_offsets_only() -> None:
    annotations = read_annotations()
    assert len(annotations) >= 300
    assert {a.split for a in annotations} == {"tune", "heldout"}
    assert all(a.kind in KINDS and 0 <= a.start < a.end for a in annotations)
    tune = {a.article for a in annotations if a.split == "tune"}
    held = {a.article for a in annotations if a.split == "heldout"}
    assert not tune & held  # held apart by article
    header = resources.files("newskg.graph.evaluation").joinpath("data/kinds-train.tsv")
    assert header.read_text(encoding="utf-8").splitlines()[0].split("\t") == \
        ["article", "start", "end", "kind", "split"]


def test_training_on_own_annotations_is_deterministic() -> None:
    text = REFORM.read_text(encoding="utf-8")
    article = {"id": "k1", "text": text, "published": "2024-05-15"}
    analysis = analyze(Document(id="k1", text=text, published=date(2024, 5, 15)), False)
    gold = {"falsch": "denial", "Hamsterrad": "assertion", "Bundesverfassungsgericht":
            "announcement", "Inflationsausgleich": "demand", "Wegen": "warning"}
    annotations = []
    for index, statement in enumerate(analysis.statements):
        kind = next((k for word, k in gold.items() if word in statement.content_text),
                    statement.cue_kind)
        annotations.append(Annotation("k1", statement.content.start, statement.content.end,
                                      kind, "tune" if index % 3 else "heldout"))
    first, figures = train_kind_model([article], annotations)
    second, _ = train_kind_model([article], annotations)
    assert first.to_json() == second.to_json()
    assert figures["tune"] + figures["heldout"] == len(annotations)
    assert 0 <= figures["heldout_learned"] <= 100

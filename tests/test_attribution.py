"""The learned layer over the rules: speakers of the issue-12 cases, the shipped model, and
``newskg train`` on a tiny corpus written for the project (never the Wikinews corpus)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from newskg.graph.attribution.model import (
    SPEAKER_MODEL,
    STATEMENT_MODEL,
    LinearModel,
    ModelFileError,
    load_model_file,
    parse_model,
    shipped_model,
)
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze
from newskg.graph.version import extractor_version

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny-corpus"


@pytest.fixture(scope="module")
def reform():
    """The hospital-reform article written for the project (issue 12's cases)."""
    text = (DATA / "krankenhausreform.txt").read_text(encoding="utf-8")
    return analyze(Document(id="reform", text=text, published=date(2024, 3, 12)))


def _speaker_of(analysis, content_start: str) -> str:
    found = [s for s in analysis.statements if s.content_text.startswith(content_start)]
    assert found, [s.content_text for s in analysis.statements]
    return found[0].speaker


def test_a_party_politician_is_the_person_named_before(reform):
    # "Bundesgesundheitsminister Karl Lauterbach (SPD)" … „…“, sagte der SPD-Politiker
    assert _speaker_of(reform, "Wir beenden") == "Karl Lauterbach"
    assert reform.actors["Karl Lauterbach"].type == "person"


def test_a_party_politician_of_another_party_is_the_other_person(reform):
    # "Judith Gerlach (CSU)" … kündigte die CSU-Politikerin an: Gerlach, not the CSU
    assert _speaker_of(reform, "Wir werden notfalls") == "Judith Gerlach"


def test_er_is_the_spokesman_of_the_sentence_before(reform):
    spokesman = _speaker_of(reform, "die Kritik")
    assert reform.actors[spokesman].type == "person"
    assert "Sprecher" in spokesman
    assert _speaker_of(reform, "Das ist schlicht falsch") == spokesman


def test_the_association_is_the_hospital_society_named_before(reform):
    speaker = _speaker_of(reform, "könnten bis 2030")
    assert "Krankenhausgesellschaft" in speaker
    assert "Angaben" not in speaker


def test_statements_carry_a_speaker_confidence_and_the_extractor(reform):
    assert reform.extractor == extractor_version()
    assert reform.extractor.startswith("0.") and "+" in reform.extractor
    for statement in reform.statements:
        assert statement.speaker_confidence is not None
        assert 0.0 < statement.speaker_confidence <= 1.0
        assert statement.confidence is not None and 0.0 < statement.confidence < 1.0


def test_the_shipped_model_loads_once_and_is_small():
    path = Path(__file__).parents[1] / "graph" / "attribution" / "models" / SPEAKER_MODEL
    assert path.stat().st_size < 3_000_000
    model = shipped_model()
    assert model is not None and model is shipped_model()  # read once
    assert len(model.weights) > 20
    assert "CC BY-NC-SA 4.0" in (path.parent / "LICENCE.md").read_text(encoding="utf-8")
    assert model.score({"origin=rule": 1.0}) != model.score({"none": 1.0})


def test_a_file_that_is_not_a_model_is_refused():
    with pytest.raises(ModelFileError):
        parse_model("[1, 2]", "x.json")
    with pytest.raises(ModelFileError):
        parse_model("not json", "x.json")
    model = parse_model(LinearModel({"a": 1.5}, 0.5).to_json(), "m.json")
    assert model.score({"a": 2.0}) == pytest.approx(3.5)


def _train(output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newskg.cli", "train", str(TINY), "--output", str(output)],
        capture_output=True, text=True, timeout=300, check=False,
    )


def test_train_on_a_tiny_corpus_writes_the_same_loadable_model_twice(tmp_path):
    first, second = _train(tmp_path / "a"), _train(tmp_path / "b")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "speaker" in first.stdout and "statement" in first.stdout
    a = (tmp_path / "a" / SPEAKER_MODEL).read_bytes()
    assert a == (tmp_path / "b" / SPEAKER_MODEL).read_bytes()  # deterministic
    model = load_model_file(tmp_path / "a" / SPEAKER_MODEL)
    assert model.weights and json.loads(a)["figures"]["statements"] > 0
    statement = tmp_path / "a" / STATEMENT_MODEL
    assert statement.read_bytes() == (tmp_path / "b" / STATEMENT_MODEL).read_bytes()
    load_model_file(statement)


def test_train_without_a_corpus_is_one_error_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "newskg.cli", "train", str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("newskg: error: no train.jsonl")
    assert len(done.stderr.splitlines()) == 1


def test_confidences_and_the_extractor_are_queryable_in_sparql(reform):
    import pyoxigraph as ox
    from newskg.graph.rdf.mapping import analysis_to_triples

    store = ox.Store()
    for triple in analysis_to_triples(reform, "https://example.org/id/"):
        store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    rows = list(store.query(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?s ?c ?v WHERE { ?s a nkg:Statement ; nkg:speakerConfidence ?c ; "
        "nkg:extractorVersion ?v FILTER(?c > 0.5) }"))
    assert len(rows) >= len(reform.statements) - 2
    assert {row["v"].value for row in rows} == {reform.extractor}

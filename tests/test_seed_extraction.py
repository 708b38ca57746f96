"""The seed article against its gold reading: the issue's quality targets for statements."""

import json
from datetime import date
from pathlib import Path

import pytest
from newskg.graph.model import Analysis, Document
from newskg.graph.pipeline import analyze

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> Analysis:
    text = (DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8")
    return analyze(Document(id="seed", text=text, published=date.fromisoformat(GOLD["published"])))


def _date(statement) -> str | None:
    time = statement.time
    if time is None or time.begin is None:
        return None
    if time.begin == time.end_date:
        return time.begin.isoformat()
    return f"{time.begin.isoformat()}/{time.end_date.isoformat()}"


def _match(seed: Analysis, gold: dict):
    """The statement with the gold's speaker and cue whose content overlaps the gold's."""
    text = seed.document.text
    start = text.find(gold["content"])
    for statement in seed.statements:
        overlaps = statement.content.start < start + len(gold["content"]) and \
            start < statement.content.end
        if statement.speaker == gold["speaker"] and statement.cue == gold["cue"] and overlaps:
            return statement
    return None


def test_every_gold_statement_with_speaker_kind_and_cue(seed: Analysis) -> None:
    for gold in GOLD["statements"]:
        statement = _match(seed, gold)
        assert statement is not None, gold["content"]
        assert statement.kind == gold["kind"], gold["content"]
        assert statement.direct_quote == gold["direct_quote"], gold["content"]


def test_content_spans_exact_for_at_least_twelve(seed: Analysis) -> None:
    exact = 0
    for gold in GOLD["statements"]:
        statement = _match(seed, gold)
        text = seed.document.text
        if statement and statement.content_text == gold["content"]:
            assert text[statement.content.start : statement.content.end] == gold["content"]
            exact += 1
    assert exact >= 12


def test_at_most_one_statement_the_gold_lacks(seed: Analysis) -> None:
    matched = {id(_match(seed, gold)) for gold in GOLD["statements"]}
    extra = [s for s in seed.statements if id(s) not in matched]
    assert len(extra) <= 1, [s.content_text for s in extra]


def test_dates_as_gold_including_carried_over(seed: Analysis) -> None:
    for gold in GOLD["statements"]:
        statement = _match(seed, gold)
        assert _date(statement) == gold["date"], gold["content"]
        if gold["date"] and not gold["date_text"]:
            assert statement.time.carried_over


def test_mentions_addressee_and_numbers(seed: Analysis) -> None:
    for gold in GOLD["statements"]:
        statement = _match(seed, gold)
        assert statement.mention.text == gold["mention"]
        assert statement.addressee == gold.get("addressee")
        values = sorted(q.value for q in statement.quantities)
        assert values == sorted(float(n["value"]) for n in gold["numbers"])


def test_not_statements_stay_out(seed: Analysis) -> None:
    for sentence in GOLD["not_statements"]:
        begin = seed.document.text.index(sentence)
        end = begin + len(sentence)
        assert not [s for s in seed.statements if begin <= s.content.start < end]

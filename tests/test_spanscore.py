"""The Wikinews span metric: token sets, the assignment, P/R/F1 and the diff."""

import itertools
import random

import numpy as np
from newskg.graph.evaluation.spanscore import (
    best_assignment,
    diff_article,
    role_tokens,
    score,
    statements_to_quotes,
    tokenize_spans,
)
from newskg.graph.model import Analysis, Document, Mention, Span, Statement

TEXT = (
    'Die Ministerin Anna Beispiel sagte, die Brücke werde im Mai fertig. '
    '„Wir sind im Plan“, betonte sie. Der Bürgermeister widersprach.'
)


def role(*parts: str) -> dict:
    spans = []
    for part in parts:
        begin = TEXT.index(part)
        spans.append([begin, begin + len(part)])
    return {"text": " ".join(parts), "spans": spans}


GOLD = {
    "id": "a1",
    "text": TEXT,
    "quotes": [
        {"nested": False, "quote": role("die Brücke werde im Mai fertig"),
         "speaker": role("Die Ministerin Anna Beispiel")},
        {"nested": False, "quote": role("„Wir sind im Plan“"), "speaker": role("sie")},
        {"nested": True, "quote": role("Wir sind"), "speaker": role("sie")},
    ],
}


def test_tokens_covered_by_spans() -> None:
    tokens = tokenize_spans("Er sagte: „Ja.“")
    assert [("Er sagte: „Ja.“"[b:e]) for b, e in tokens] == ["Er", "sagte", ":", "„", "Ja", ".", "“"]
    assert role_tokens({"spans": [[10, 13]]}, tokens) == frozenset({3, 4})
    assert role_tokens(None, tokens) == frozenset()


def test_assignment_is_optimal_against_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(40):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = np.array([[rng.randint(0, 9) for _ in range(cols)] for _ in range(rows)], float)
        pairs = best_assignment(weights)
        assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
        got = sum(weights[r, c] for r, c in pairs)
        best = 0.0
        for perm in itertools.permutations(range(max(rows, cols))):
            best = max(best, sum(weights[r, perm[r]] for r in range(rows) if perm[r] < cols))
        assert got == best


def test_perfect_prediction_scores_100_and_nested_gold_is_ignored() -> None:
    predicted = {"a1": [q for q in GOLD["quotes"] if not q["nested"]]}
    result = score([GOLD], predicted)
    assert result.message.f1 == 1.0 and result.joint.f1 == 1.0
    assert result.gold_quotations == 2 and result.paired == 2


def test_partial_overlap_counts_tokens() -> None:
    predicted = {"a1": [
        {"quote": role("die Brücke werde im Mai fertig."), "speaker": role("Anna Beispiel")},
        {"quote": role("Der Bürgermeister widersprach"), "speaker": None},
    ]}
    result = score([GOLD], predicted)
    # gold message tokens: 6 + 6 = 12; predicted 7 + 3 = 10; matched 6
    assert (result.message.matched, result.message.predicted, result.message.gold) == (6, 10, 12)
    # speaker: gold 4 + 1, predicted 2, matched 2
    assert (result.speaker.matched, result.speaker.predicted, result.speaker.gold) == (2, 2, 5)
    assert result.joint.matched == 8 and result.joint.gold == 17
    assert abs(result.message.precision - 0.6) < 1e-9
    rows = diff_article(GOLD, predicted["a1"])
    assert [r.status for r in rows] == ["pair", "missed", "spurious"]
    assert rows[1].gold_speaker == "sie"


def test_missing_article_prediction_is_all_recall_loss() -> None:
    result = score([GOLD], {})
    assert result.message.recall == 0.0 and result.message.gold == 12


def _quoted_statement(cue: str, cue_lemma: str) -> tuple[Analysis, Statement]:
    """The second sentence's quotation as a statement of "sie" with the given cue."""
    begin = TEXT.index("Wir sind im Plan")
    speaker_at = TEXT.index("sie.")
    statement = Statement(
        speaker="Anna Beispiel",
        mention=Mention(speaker_at, speaker_at + 3, "sie", 1, "pronoun", "Anna Beispiel"),
        cue=cue, cue_lemma=cue_lemma, kind="assertion", direct_quote="full",
        content=Span(begin, begin + 16), content_text="Wir sind im Plan", sentence=1,
    )
    return Analysis(document=Document(id="a1", text=TEXT), statements=[statement]), statement


def test_statement_conversion_adds_quote_marks_for_full_quotes() -> None:
    analysis, _ = _quoted_statement("betonte", "betonen")
    quotes = statements_to_quotes(analysis)
    assert quotes[0]["quote"]["text"] == "„Wir sind im Plan“"
    assert quotes[0]["speaker"]["text"] == "sie"
    result = score([GOLD], {"a1": quotes})
    assert result.paired == 1 and result.message.matched == 6


def test_a_medium_quoting_someone_is_a_nested_prediction_and_not_scored() -> None:
    analysis, statement = _quoted_statement("zitiert", "zitieren")
    quotes = statements_to_quotes(analysis)
    assert quotes[0]["nested"] is True
    result = score([GOLD], {"a1": quotes})
    assert result.message.predicted == 0 and result.paired == 0
    # the same statement with an ordinary cue is top-level and scored
    statement.cue_lemma = "betonen"
    assert score([GOLD], {"a1": statements_to_quotes(analysis)}).paired == 1

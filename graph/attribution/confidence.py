"""How sure newskg is that a statement it found is one: a small trained model.

Each statement the rules find gets a probability that the corpus's annotators would have
marked it as a quotation (its message overlapping a gold message by at least half of its
tokens). The features are what the rules know of it: the kind of cue and, for frequent
cues, the cue itself; whether the content is quoted; its length; whether a speaker is named;
whether it continues the statement before. The model is a logistic regression in the same
plain JSON format as the speaker ranker (``models/statement.json``), trained by
``newskg train`` with folds grouped by article.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from newskg.graph.attribution.features import cue_class
from newskg.graph.attribution.model import LICENCE_NOTE, STATEMENT_MODEL, LinearModel
from newskg.graph.evaluation.spanscore import _align, _top_level, statement_to_quote
from newskg.graph.model import Statement
from newskg.graph.text.quotes import QuoteIndex

C_VALUE = 1.0
#: A message pairs when at least this share of its tokens overlaps the gold message.
PAIRED = 0.5


def statement_features(statement: Statement, words: int) -> dict[str, float]:
    """The named features of one statement (``words``: its content's word count)."""
    cue = cue_class(statement)
    bucket = next((str(e) for e in (3, 6, 12, 25, 50) if words <= e), ">50")
    out = {
        f"cue={cue}": 1.0,
        f"lemma={statement.cue_lemma or '-'}": 1.0,
        f"quote={statement.direct_quote}": 1.0,
        f"quote={statement.direct_quote}&cue={cue}": 1.0,
        f"words={bucket}": 1.0,
        f"words={bucket}&cue={cue}": 1.0,
        f"kind={statement.kind}": 1.0,
    }
    if statement.mention.start == statement.mention.end:
        out["unnamed"] = 1.0
        out[f"unnamed&cue={cue}"] = 1.0
    if statement.addressee:
        out["addressee"] = 1.0
    return out


def confidence(model: LinearModel, statement: Statement) -> float:
    """The probability that ``statement`` is an attributed statement."""
    words = len(statement.content_text.split())
    value = model.score(statement_features(statement, words))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


def _rows(article: dict, analysis) -> list[tuple[dict[str, float], int]]:
    document = analysis.document
    quoted = QuoteIndex(document.text)
    rows = []
    quotes = [statement_to_quote(document, s, quoted) for s in analysis.statements]
    usable = [k for k, q in enumerate(quotes) if q.get("quote") and not q.get("nested")]
    pairs, gold_sets, pred_sets = _align(document.text, _top_level(article.get("quotes", [])),
                                         [quotes[k] for k in usable])
    good = {usable[p] for g, p in pairs
            if len(gold_sets[g]["quote"] & pred_sets[p]["quote"])
            >= PAIRED * max(1, len(pred_sets[p]["quote"]))}
    for k, statement in enumerate(analysis.statements):
        words = len(statement.content_text.split())
        rows.append((statement_features(statement, words), int(k in good)))
    return rows


def _fit(rows, seed: int) -> LinearModel:
    # Late: scikit-learn costs seconds to import (measured); only training fits a model.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    positive = sum(y for _, y in rows)
    if positive in (0, len(rows)):  # one class only (a tiny corpus): its smoothed log-odds
        return LinearModel({}, round(math.log((positive + 1) / (len(rows) - positive + 1)), 6),
                           "statement")
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([r for r, _ in rows])
    learner = LogisticRegression(C=C_VALUE, max_iter=3000, random_state=seed)
    learner.fit(matrix, [y for _, y in rows])
    weights = {name: round(float(w), 6) for name, w in
               zip(vectorizer.get_feature_names_out(), learner.coef_[0], strict=True) if abs(w) >= 1e-6}
    return LinearModel(weights, round(float(learner.intercept_[0]), 6), "statement")


def build_statement_model(data, out_dir: Path) -> dict:
    """Train the statement model, cross-validate it by article, write ``statement.json``."""
    per_article = [_rows(a, an) for a, an in zip(data.articles, data.analyses(), strict=True)]
    rows = [row for part in per_article for row in part]
    if not rows:
        raise ValueError("the rules find no statement in the corpus")
    order = np.random.default_rng(data.seed).permutation(len(per_article))
    folds = min(5, len(per_article))
    brier = right = total = 0.0
    for fold in range(folds):
        test = [row for n, k in enumerate(order) if n % folds == fold for row in per_article[k]]
        train = [row for n, k in enumerate(order) if n % folds != fold for row in per_article[k]]
        if not test or len({y for _, y in train}) < 2:
            continue
        model = _fit(train, data.seed)
        for features, label in test:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, model.score(features)))))
            brier += (p - label) ** 2
            right += int((p >= 0.5) == bool(label))
            total += 1
    model = _fit(rows, data.seed)
    figures = {"statements": len(rows), "paired_share": round(100 * sum(y for _, y in rows)
                                                              / len(rows), 2),
               "cv_accuracy": round(100 * right / max(1, total), 2),
               "cv_brier": round(brier / max(1, total), 4)}
    info = {"trained_on": f"train split, {len(data.articles)} articles", "seed": data.seed,
            "figures": figures, "licence": LICENCE_NOTE}
    final = LinearModel(model.weights, model.bias, "statement", info=info)
    (out_dir / STATEMENT_MODEL).write_text(final.to_json(), encoding="utf-8")
    return figures

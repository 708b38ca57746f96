"""Training the speaker ranker from the corpus's gold speakers (``newskg train``).

Every statement the rules find in a training article is paired with a gold quotation by
the shared task's alignment (:mod:`newskg.graph.evaluation.spanscore`); each of its
candidates is labelled by how well the speaker span it would give matches the gold
speaker's tokens, the best ones positive ("nobody named" is right when the gold has no
speaker). A conditional logit (a softmax over each statement's candidates) learns from
the candidates' features; its L2 penalty is chosen by cross-validation grouped by article
(so no article is in training and test at once), scored with the metric's own token
counts. It beat a logistic regression over single candidates (85.8 against 85.3 paired
speaker F1 in train CV) and gradient-boosted trees (84.8). Seeds are fixed
and weights rounded, so the same corpus gives the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from newskg.graph.attribution.candidates import Candidate
from newskg.graph.attribution.decide import follows, ranked
from newskg.graph.attribution.model import LICENCE_NOTE, SPEAKER_MODEL, LinearModel
from newskg.graph.evaluation.spanscore import (
    _align,
    _top_level,
    role_tokens,
    statement_to_quote,
    tokenize_spans,
)
from newskg.graph.evaluation.speakerspan import speaker_span
from newskg.graph.model import Analysis, Mention
from newskg.graph.text.quotes import QuoteIndex

#: L2 penalties tried by cross-validation.
PENALTIES = (0.3, 1.0, 3.0)
FOLDS = 5


@dataclass
class Group:
    """One statement paired with gold: its candidates' features and token outcomes."""

    article: int
    features: list[dict[str, float]]
    predicted: list[int]  # speaker tokens each candidate would give
    matched: list[int]  # of them, tokens of the gold speaker
    gold: int  # gold speaker tokens
    labels: list[int]


def _tokens_of(analysis: Analysis, statement, candidate: Candidate,
               tokens: list[tuple[int, int]]) -> frozenset[int]:
    if candidate.origin == "none":
        return frozenset()
    document = analysis.document
    mention = Mention(candidate.start, candidate.end, document.text[candidate.start:candidate.end],
                      candidate.sentence, "speaker")
    begin, end = speaker_span(document, replace(statement, mention=mention))
    return role_tokens({"spans": [[begin, end]]}, tokens)


def groups_of(article_index: int, article: dict, analysis: Analysis) -> list[Group]:
    """The labelled candidate groups of one article."""
    document = analysis.document
    statements = analysis.statements
    quoted = QuoteIndex(document.text)
    quotes = [statement_to_quote(document, s, quoted) for s in statements]
    usable = [k for k, q in enumerate(quotes) if q.get("quote") and not q.get("nested")]
    gold = _top_level(article.get("quotes", []))
    pairs, gold_sets, _ = _align(document.text, gold, [quotes[k] for k in usable])
    gold_of = {usable[p]: gold_sets[g]["speaker"] for g, p in pairs}
    tokens = tokenize_spans(document.text)
    groups: list[Group] = []
    best_of: dict[int, int] = {}

    def teacher(index: int, found: list[Candidate], feats) -> int:
        return best_of.get(index, 0)

    for index, found, feats in ranked(document, statements, analysis.mentions, teacher):
        if index not in gold_of or follows(statements, index):
            continue  # unpaired, or a continuation, which the ranker does not decide
        truth = gold_of[index]
        sets = [_tokens_of(analysis, statements[index], c, tokens) for c in found]
        if truth:
            quality = [2 * len(s & truth) / (len(s) + len(truth)) if s else 0.0 for s in sets]
        else:
            quality = [1.0 if not s else 0.0 for s in sets]
        top = max(quality)
        if top <= 0:
            continue
        labels = [int(q >= top - 1e-9) for q in quality]
        best_of[index] = labels.index(1)
        groups.append(Group(article_index, feats, [len(s) for s in sets],
                            [len(s & truth) for s in sets], len(truth), labels))
    return groups


def _fit(groups: list[Group], penalty: float, seed: int) -> LinearModel:
    """A conditional logit over each statement's candidates: the softmax of the scores
    within a group is fitted to the best candidates (uniform over ties), with an L2
    ``penalty``. Unlike a classifier of single candidates it learns only what separates
    candidates of the same statement, which is the decision to be made. Started from
    zero weights and solved by L-BFGS, so the result is deterministic (``seed`` unused)."""
    # Late: scikit-learn and SciPy cost seconds to import (measured); only training fits.
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([f for g in groups for f in g.features]).tocsr()
    bounds = np.cumsum([0] + [len(g.features) for g in groups])
    owner = np.repeat(np.arange(len(groups)), np.diff(bounds))
    target = np.concatenate([np.array(g.labels, float) / sum(g.labels) for g in groups])

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        scores = matrix @ weights
        top = np.maximum.reduceat(scores, bounds[:-1])[owner]
        exp = np.exp(scores - top)
        total = np.add.reduceat(exp, bounds[:-1])[owner]
        log_p = scores - top - np.log(total)
        value = -(target * log_p).sum() + penalty * weights @ weights
        return value, matrix.T @ (exp / total - target) + 2 * penalty * weights

    solved = minimize(loss, np.zeros(matrix.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    weights = {name: round(float(w), 6) for name, w in
               zip(vectorizer.get_feature_names_out(), solved.x, strict=True) if abs(w) >= 1e-6}
    return LinearModel(weights, 0.0)


def outcome(model: LinearModel, groups: list[Group]) -> dict[str, float]:
    """The metric's speaker counts (over paired statements) when the model chooses."""
    matched = predicted = gold = right = 0
    for group in groups:
        scores = [model.score(f) for f in group.features]
        best = max(range(len(scores)), key=lambda k: (scores[k], -k))
        matched += group.matched[best]
        predicted += group.predicted[best]
        gold += group.gold
        right += group.labels[best]
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"paired_speaker_f1": round(100 * f1, 2),
            "top1_accuracy": round(100 * right / max(1, len(groups)), 2)}


def rules_outcome(groups: list[Group]) -> dict[str, float]:
    """The same counts for the rules' own choice (the first candidate)."""
    return outcome(LinearModel({"origin=rule": 1.0}), groups)


def cross_validate(groups: list[Group], penalty: float, seed: int, folds: int = FOLDS) -> dict:
    """Scores of ``penalty`` over folds grouped by article (each article in one fold)."""
    articles = sorted({g.article for g in groups})
    order = np.random.default_rng(seed).permutation(len(articles))
    fold_of = {articles[k]: n % folds for n, k in enumerate(order)}
    pooled: list[tuple[LinearModel, list[Group]]] = []
    for fold in range(folds):
        train = [g for g in groups if fold_of[g.article] != fold]
        test = [g for g in groups if fold_of[g.article] == fold]
        if train and test:
            pooled.append((_fit(train, penalty, seed), test))
    matched = predicted = gold = right = total = 0
    for model, test in pooled:
        for group in test:
            scores = [model.score(f) for f in group.features]
            best = max(range(len(scores)), key=lambda k: (scores[k], -k))
            matched += group.matched[best]
            predicted += group.predicted[best]
            gold += group.gold
            right += group.labels[best]
            total += 1
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"paired_speaker_f1": round(100 * f1, 2),
            "top1_accuracy": round(100 * right / max(1, total), 2)}


def build_speaker_model(data, out_dir: Path) -> dict:
    """Train the ranker on ``data`` (:class:`newskg.graph.training.TrainingData`), choose C
    by grouped cross-validation, write ``speaker.json`` and return the figures."""
    groups: list[Group] = []
    for index, (article, analysis) in enumerate(zip(data.articles, data.analyses(), strict=True)):
        groups.extend(groups_of(index, article, analysis))
    if not groups:
        raise ValueError("no statement of the corpus pairs with a gold quotation")
    folds = min(FOLDS, len({g.article for g in groups}))
    results = {p: cross_validate(groups, p, data.seed, folds) for p in PENALTIES} if folds >= 2 \
        else {PENALTIES[0]: {}}
    best = max(results, key=lambda p: (results[p].get("paired_speaker_f1", 0.0), p))
    model = _fit(groups, best, data.seed)
    figures = {
        "statements": len(groups),
        "penalty": best,
        "cv_paired_speaker_f1": results[best].get("paired_speaker_f1"),
        "cv_top1_accuracy": results[best].get("top1_accuracy"),
        "rules_paired_speaker_f1": rules_outcome(groups)["paired_speaker_f1"],
    }
    info = {"trained_on": f"train split, {len(data.articles)} articles", "seed": data.seed,
            "fitted_as": "conditional logit over each statement's candidates",
            "figures": figures, "licence": LICENCE_NOTE}
    final = LinearModel(model.weights, model.bias, "speaker", info=info)
    (out_dir / SPEAKER_MODEL).write_text(final.to_json(), encoding="utf-8")
    return figures

"""Training and measuring the kind model on hand-annotated statements of the train split.

``graph/evaluation/data/kinds-train.tsv`` holds statements of the Wikinews training split
whose kind was decided by hand following ``docs/kinds.md``: article id, character offsets of
the content, the kind, and whether the statement is in the part used for tuning or in the
part held apart for measuring (split by article, set aside before any tuning). Only ids and
offsets: the corpus text (CC BY-NC-SA 4.0) stays outside the project and is read from the
path given. The model is a multinomial logistic regression fitted by full-batch gradient
descent from zero weights, so that every run writes the same file.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
from newskg.graph.model import KINDS, Document
from newskg.graph.pipeline import analyze
from newskg.graph.statements.kinds import (
    KIND_MODEL,
    RULED_KINDS,
    KindModel,
    decide_kinds,
    kind_features,
    rule_kind,
)
from sklearn.linear_model import LogisticRegression

#: The inverse L2 strengths tried by cross-validation on the tuning part.
C_GRID = (0.3, 1.0, 3.0)
#: Features seen in fewer examples of the training part are not learned.
MIN_COUNT = 2
#: The bias of a kind no training example has: never chosen.
ABSENT = -30.0
#: The licence note written into the model file.
LICENCE = ("derived from the German Wikinews quotation corpus (CC BY-NC-SA 4.0) and hand "
           "annotations of its train split; the code is MIT")


@dataclass(frozen=True)
class Annotation:
    article: str
    start: int
    end: int
    kind: str
    split: str  # "tune" or "heldout"


@dataclass
class Example:
    features: dict[str, float]
    gold: str
    cue_kind: str
    article: str
    split: str


def read_annotations(path: Path | None = None) -> list[Annotation]:
    """The hand annotations shipped in the package (or the file given)."""
    if path is None:
        source = resources.files("newskg.graph.evaluation").joinpath("data/kinds-train.tsv")
        text = source.read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t"):
        if row["kind"] not in KINDS:
            raise ValueError(f"kinds-train.tsv: unknown kind {row['kind']!r}")
        out.append(Annotation(row["article"], int(row["start"]), int(row["end"]), row["kind"],
                              row["split"]))
    return out


def _document(article: dict) -> Document:
    published = None
    if article.get("published"):
        try:
            published = date.fromisoformat(str(article["published"])[:10])
        except ValueError:
            published = None
    return Document(id=str(article["id"]), text=article["text"], published=published,
                    title=article.get("title"))


def examples(articles: list[dict], annotations: list[Annotation]) -> list[Example]:
    """Each annotation paired with the statement whose content overlaps it most (the
    extraction may have moved a boundary since the annotation), with its features."""
    by_article: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_article.setdefault(annotation.article, []).append(annotation)
    out: list[Example] = []
    for article in articles:
        wanted = by_article.get(str(article.get("id")))
        if not wanted:
            continue
        analysis = analyze(_document(article), learned=False)
        for annotation in wanted:
            best, overlap = None, 0
            for statement in analysis.statements:
                shared = min(statement.content.end, annotation.end) - \
                    max(statement.content.start, annotation.start)
                if shared > overlap:
                    best, overlap = statement, shared
            if best is None or overlap < 0.5 * (annotation.end - annotation.start):
                continue
            features = kind_features(analysis.document, best, best.cue_kind, analysis.actors)
            features[f"rule={rule_kind(features, best.cue_kind)}"] = 1.0
            out.append(Example(features, annotation.kind, best.cue_kind, annotation.article,
                               annotation.split))
    return out


def fit(train: list[Example], c: float, min_count: int = MIN_COUNT) -> KindModel:
    """A multinomial logistic regression (scikit-learn, lbfgs: deterministic) with inverse
    L2 strength ``c``; without examples, as in a fold without training articles, zero
    weights. Features seen in fewer than ``min_count`` examples are left out: they would
    only be learned by heart. A kind absent from the examples is never predicted."""
    if not train:
        return KindModel(tuple(KINDS), {k: {} for k in KINDS}, dict.fromkeys(KINDS, 0.0))
    counts = Counter(f for e in train for f in e.features)
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(train), len(names)))
    for row, example in enumerate(train):
        for f, v in example.features.items():
            if f in index:
                x[row, index[f]] = v
    golds = [e.gold for e in train]
    present = sorted(set(golds))
    weights: dict[str, dict[str, float]] = {k: {} for k in KINDS}
    bias = dict.fromkeys(KINDS, ABSENT)
    if len(present) == 1:
        bias[present[0]] = 0.0
        return KindModel(tuple(KINDS), weights, bias)
    learner = LogisticRegression(C=c, max_iter=5000).fit(x, golds)
    rows = learner.coef_ if len(present) > 2 else np.vstack([-learner.coef_[0],
                                                             learner.coef_[0]])
    offsets = learner.intercept_ if len(present) > 2 else np.array(
        [-learner.intercept_[0], learner.intercept_[0]])
    for kind, coef, offset in zip(learner.classes_, rows, offsets, strict=True):
        weights[kind] = {f: float(coef[i]) for f, i in index.items() if abs(coef[i]) > 1e-6}
        bias[kind] = float(offset)
    return KindModel(tuple(KINDS), weights, bias)


def accuracy(model: KindModel | None, items: list[Example]) -> float:
    """Share of items whose kind the model (None: the rules) gets right."""
    if not items:
        return 0.0
    right = 0
    for example in items:
        ruled = next(f[5:] for f in example.features if f.startswith("rule="))
        guess = ruled if model is None or ruled in RULED_KINDS else model.predict(example.features)
        right += guess == example.gold
    return right / len(items)


def cross_validate(items: list[Example], c: float, folds: int = 5) -> float:
    """Accuracy of fits on all but one fold of articles, on that fold, pooled."""
    articles = sorted({e.article for e in items})
    right = total = 0
    for fold in range(folds):
        held = set(articles[fold::folds])
        model = fit([e for e in items if e.article not in held], c)
        tested = [e for e in items if e.article in held]
        right += round(accuracy(model, tested) * len(tested))
        total += len(tested)
    return right / total if total else 0.0


def train_kind_model(articles: list[dict], annotations: list[Annotation] | None = None,
                     ) -> tuple[KindModel, dict]:
    """The kind model fitted on the tuning part (L2 by 5-fold cross-validation there) and
    its figures: accuracy of the cue lexicon, the rules and the model on the held-apart part."""
    items = examples(articles, annotations if annotations is not None else read_annotations())
    tune = [e for e in items if e.split == "tune"]
    held = [e for e in items if e.split == "heldout"]
    scored = {c: cross_validate(tune, c) for c in C_GRID}
    best = max(C_GRID, key=lambda c: (scored[c], -c))
    model = fit(tune, best)
    lexicon_right = sum(e.cue_kind == e.gold for e in held)
    figures = {
        "tune": len(tune), "heldout": len(held), "c": best,
        "cv_tune": round(100 * scored[best], 1),
        "heldout_lexicon": round(100 * lexicon_right / max(1, len(held)), 1),
        "heldout_rules": round(100 * accuracy(None, held), 1),
        "heldout_learned": round(100 * accuracy(model, held), 1),
    }
    return model, figures


def build_kind_model(data, out_dir: Path) -> dict:
    """The ``newskg train`` builder: fit, write ``kinds.json`` into ``out_dir``, return the
    figures. ``data`` has the corpus articles as ``data.articles``; a corpus without the
    annotated articles writes nothing (the shipped model stays)."""
    annotations = read_annotations()
    ids = {str(a.get("id")) for a in data.articles}
    if not any(a.article in ids and a.split == "tune" for a in annotations):
        # a corpus other than the Wikinews train split: nothing annotated to learn from
        return {"skipped": "no hand-annotated statement in this corpus"}
    model, figures = train_kind_model(list(data.articles), annotations)
    info = {"licence": LICENCE, "figures": figures}
    (out_dir / KIND_MODEL).write_text(model.to_json(info), encoding="utf-8")
    return figures


__all__ = ["build_kind_model", "decide_kinds", "read_annotations", "train_kind_model"]

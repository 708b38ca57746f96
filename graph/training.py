"""``newskg train CORPUS_DIR``: rebuild every learned model from an annotated corpus.

The rules propose and small learned models decide (speaker ranking, statement kinds, …).
Each model is rebuilt by one *builder*; this module is the one loop over them, so a new
model plugs in by adding a line to :data:`BUILDERS`. The corpus (the German Wikinews
quotation corpus, CC BY-NC-SA 4.0) stays outside the project: it is read from the
directory given (``train.jsonl`` in it), and only the derived models, small data files,
ship inside the package. Builders use fixed seeds, so two runs write identical files.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newskg.graph.model import Analysis, Document

#: Every model newskg learns: name -> "module:function". The function takes the
#: :class:`TrainingData` and the directory to write into, and returns a small dict of
#: figures (cross-validated on train) to print. Imported only when run, as training needs
#: scikit-learn and extraction does not.
BUILDERS: dict[str, str] = {
    "speaker": "newskg.graph.attribution.train:build_speaker_model",
    "statement": "newskg.graph.attribution.confidence:build_statement_model",
    "kinds": "newskg.graph.statements.kind_train:build_kind_model",
}

#: The seed every builder uses for shuffles, folds and learners.
SEED = 20261205


class TrainingError(Exception):
    """The corpus cannot be read; the message says which file and why."""


@dataclass
class TrainingData:
    """The training split, with the rules' analyses computed once for all builders."""

    articles: list[dict]
    seed: int = SEED
    _analyses: list[Analysis] | None = field(default=None, repr=False)

    def analyses(self) -> list[Analysis]:
        """The rules-only analysis of every article (no learned layer), in corpus order."""
        if self._analyses is None:
            # Late: the pipeline (SoMaJo, HanTa) costs ~1.3 s to import (measured) and every
            # command imports this module through newskg.commands; only training needs it.
            from newskg.graph.pipeline import analyze

            self._analyses = [analyze(article_document(a), learned=False) for a in self.articles]
        return self._analyses


def article_document(article: dict) -> Document:
    """A corpus article as the pipeline's Document (its date from ``published``)."""
    published = None
    if article.get("published"):
        try:
            published = date.fromisoformat(str(article["published"])[:10])
        except ValueError:
            published = None
    return Document(id=str(article["id"]), text=article["text"], published=published,
                    title=article.get("title"))


def read_corpus(corpus_dir: Path, split: str = "train") -> list[dict]:
    """The articles of ``corpus_dir/<split>.jsonl``; one JSON object with text and quotes a line."""
    path = corpus_dir / f"{split}.jsonl" if corpus_dir.is_dir() else corpus_dir
    if not path.is_file():
        raise TrainingError(f"no {split}.jsonl in {corpus_dir}")
    articles = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as err:
                raise TrainingError(f"{path} line {number} is not JSON: {err.msg}") from None
            if not isinstance(article, dict) or not isinstance(article.get("text"), str) \
                    or not isinstance(article.get("quotes"), list):
                raise TrainingError(f"{path} line {number}: an article needs text and quotes")
            article.setdefault("id", str(number))
            articles.append(article)
    if not articles:
        raise TrainingError(f"{path} holds no articles")
    return articles


def default_model_dir() -> Path:
    """Where the shipped models live: the package's ``attribution/models`` folder."""
    return Path(__file__).resolve().parent / "attribution" / "models"


def builder(name: str) -> Callable[[TrainingData, Path], dict]:
    module, function = BUILDERS[name].split(":")
    return getattr(importlib.import_module(module), function)


def train_all(
    corpus_dir: Path, out_dir: Path | None = None, only: list[str] | None = None,
    report: Callable[[str], None] = print,
) -> dict[str, dict]:
    """Rebuild the models named in ``only`` (default: all) into ``out_dir``; their figures."""
    unknown = sorted(set(only or []) - set(BUILDERS))
    if unknown:
        raise TrainingError(f"unknown model {unknown[0]!r} (known: {', '.join(BUILDERS)})")
    data = TrainingData(read_corpus(corpus_dir))
    target = out_dir or default_model_dir()
    target.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    for name in BUILDERS:
        if only and name not in only:
            continue
        report(f"training {name} on {len(data.articles)} articles …")
        results[name] = builder(name)(data, target)
        figures = ", ".join(f"{k} {v}" for k, v in results[name].items())
        report(f"  {name}: {figures}")
    return results

"""The trained speaker ranker: plain JSON weights, loaded once, scored with a dot product.

``models/speaker.json`` holds a logistic regression over the named features of
:mod:`newskg.graph.attribution.features` (``{"weights": {name: weight}, "bias": b, ...}``),
written by ``newskg train`` (:mod:`newskg.graph.attribution.train`). Plain JSON rather
than a pickle: loading it runs no code, and the file diffs readably. Without the file the
rules' choice stands, so extraction never depends on a model being present.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: The file name of each shipped model inside ``attribution/models``.
SPEAKER_MODEL = "speaker.json"
STATEMENT_MODEL = "statement.json"


class ModelFileError(Exception):
    """A model file is not a newskg model; the message says which and why."""


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over named features."""

    weights: dict[str, float]
    bias: float = 0.0
    name: str = "speaker"
    digest: str = ""  # first hex digits of the file's SHA-256, part of the extractor version
    info: dict = field(default_factory=dict, compare=False)

    def score(self, features: dict[str, float]) -> float:
        """The linear score (log-odds) of one feature dict."""
        weights = self.weights
        return self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())

    def to_json(self) -> str:
        payload = {"model": self.name, "kind": "logistic-regression", "bias": self.bias,
                   **self.info, "weights": dict(sorted(self.weights.items()))}
        return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def softmax(scores: list[float]) -> list[float]:
    """Probabilities from scores, stable for large values."""
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def parse_model(raw: str, name: str) -> LinearModel:
    """A model from the JSON text of its file; ModelFileError when it is not one."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ModelFileError(f"{name}: not JSON ({err.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise ModelFileError(f"{name}: not a newskg linear model (no weights)")
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    info = {k: v for k, v in data.items() if k not in ("weights", "bias", "model", "kind")}
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]
    return LinearModel(weights, float(data.get("bias", 0.0)), str(data.get("model", name)),
                       digest, info)


def load_model_file(path: Path) -> LinearModel:
    """A model from a file (``newskg train --output`` writes them elsewhere for checks)."""
    return parse_model(path.read_text(encoding="utf-8"), path.name)


@lru_cache(maxsize=4)
def shipped_model(filename: str = SPEAKER_MODEL) -> LinearModel | None:
    """The model shipped inside the package, read once; None when it is absent."""
    source = resources.files("newskg.graph.attribution").joinpath(f"models/{filename}")
    if not source.is_file():
        return None
    return parse_model(source.read_text(encoding="utf-8"), filename)


#: The licence note written into every trained model file.
LICENCE_NOTE = (
    "Weights derived from the corpus given to newskg train. The model shipped with newskg "
    "is derived from the German Wikinews quotation corpus (Petersen-Frey and Biemann, "
    "LREC-COLING 2024), licensed CC BY-NC-SA 4.0, and shared under that licence; the code "
    "that trains and reads it is MIT. See LICENCE.md beside the model."
)

"""The seed-format comparison: gold statements against an analysis, part by part.

Gold and predicted statements are paired one to one by content overlap (tokens), then each
pair is checked for speaker, the mention as written, kind, cue, quote form, date, exact
content and numbers; persons' roles and the actors by name and type are compared as sets.
The command around it is :mod:`newskg.graph.evaluation.evaluate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from newskg.graph.evaluation.spanscore import best_assignment
from newskg.graph.model import Analysis, Statement

#: Token F1 of two contents above which a predicted statement counts as the gold one.
MIN_CONTENT_OVERLAP = 0.5
_TOKEN = re.compile(r"\w+")


@dataclass
class Part:
    """Correct, predicted and gold counts of one compared part."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "correct": self.correct,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class SeedResult:
    parts: dict[str, Part] = field(default_factory=dict)
    diff: list[dict] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def content_overlap(a: str, b: str) -> float:
    """Token F1 of two texts (multiset overlap)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    rest = list(tb)
    common = 0
    for token in ta:
        if token in rest:
            rest.remove(token)
            common += 1
    return 2 * common / (len(ta) + len(tb))


def pair_statements(gold: list[dict], predicted: list[Statement]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) with the largest total content overlap."""
    if not gold or not predicted:
        return []
    weights = np.array(
        [[content_overlap(g["content"], p.content_text) for p in predicted] for g in gold]
    )
    return [
        (int(g), int(p))
        for g, p in best_assignment(weights)
        if weights[g, p] >= MIN_CONTENT_OVERLAP
    ]


def date_string(statement: Statement) -> str | None:
    """A statement's date as the gold writes it: a day, or "begin/end"."""
    time = statement.time
    if time is None or time.begin is None:
        return None
    if time.begin == time.end_date:
        return time.begin.isoformat()
    return f"{time.begin.isoformat()}/{time.end_date.isoformat()}"


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _numbers(items) -> set[tuple[float, str | None, str | None]]:
    return {(float(n["value"]), n.get("unit"), n.get("qualifier")) for n in items}


#: The fields compared on each pair: (part name, gold value, predicted value).
def _fields(g: dict, p: Statement) -> list[tuple[str, object, object]]:
    return [
        ("speaker", g["speaker"], p.speaker),
        ("mention", _norm(g.get("mention")), _norm(p.mention.text)),
        ("kind", g["kind"], p.kind),
        ("cue", _norm(g["cue"]), _norm(p.cue)),
        ("quote_form", g["direct_quote"], p.direct_quote),
        ("date", g.get("date"), date_string(p)),
        ("content_exact", _norm(g["content"]), _norm(p.content_text)),
        ("numbers", _numbers(g.get("numbers", [])),
         {(q.value, q.unit, q.qualifier) for q in p.quantities}),
    ]


def compare_seed(gold: dict, analysis: Analysis) -> SeedResult:
    """Parts and diff of an analysis against seed-format gold."""
    gold_statements = gold["statements"]
    predicted = analysis.statements
    pairs = pair_statements(gold_statements, predicted)
    result = SeedResult()
    names = ["statements", "speaker", "mention", "kind", "cue", "quote_form", "date",
             "content_exact", "numbers"]
    for name in names:
        result.parts[name] = Part(predicted=len(predicted), gold=len(gold_statements))
    result.parts["statements"].correct = len(pairs)
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    for g, p in sorted(pairs):
        errors = {}
        for name, want, got in _fields(gold_statements[g], predicted[p]):
            if want == got:
                result.parts[name].correct += 1
            else:
                errors[name] = {"gold": _show(want), "predicted": _show(got)}
        result.diff.append({"status": "pair", "gold": g, "predicted": p,
                            "content": gold_statements[g]["content"], "errors": errors})
    for g, statement in enumerate(gold_statements):
        if g not in paired_gold:
            result.diff.append({"status": "missed", "gold": g, "content": statement["content"],
                                "speaker": statement["speaker"]})
    for p, statement in enumerate(predicted):
        if p not in paired_pred:
            result.diff.append({"status": "spurious", "predicted": p,
                                "content": statement.content_text, "speaker": statement.speaker})
    result.parts["roles"] = _compare_roles(gold.get("persons", []), analysis)
    result.parts["actors"] = _compare_actors(gold, analysis)
    return result


def _compare_actors(gold: dict, analysis: Analysis) -> Part:
    """Actors by name and type: persons, organizations and media, states and governments."""
    want = {(p["name"], "person") for p in gold.get("persons", [])}
    want |= {(o["name"], o.get("type", "organization")) for o in gold.get("organizations", [])}
    want |= {(c["name"], "country_or_government")
             for c in gold.get("countries_or_governments", [])}
    got = {(a.name, a.type) for a in analysis.actors.values()}
    return Part(correct=len(want & got), predicted=len(got), gold=len(want))


def _show(value: object) -> object:
    if isinstance(value, set):
        return sorted(value, key=str)
    return value


def _compare_roles(persons: list[dict], analysis: Analysis) -> Part:
    want = {(p["name"], r["title"], r.get("organization")) for p in persons for r in p["roles"]}
    got = {
        (a.name, r.title, r.organization)
        for a in analysis.actors.values()
        if a.type == "person"
        for r in a.roles
    }
    return Part(correct=len(want & got), predicted=len(got), gold=len(want))

"""Statement kinds decided by what the statement does, not only by its cue verb.

The cue lexicon gives every statement a first kind ("sagte" → assertion, "wies zurück" →
denial). That kind is often wrong in context: „Das ist schlicht falsch“, sagte er, after an
accusation is a denial; "sollen" in a reported plan makes an announcement, in hearsay a
report; "sehr wahrscheinlich" makes speculation. The decision rules are written down in
``docs/kinds.md``. Here the rules propose (:func:`rule_kind`) and, when the package ships a
kind model (``attribution/models/kinds.json``, trained by :mod:`newskg.graph.statements.kind_train` on
hand-annotated statements of the Wikinews training split), a multinomial logistic regression
over the same named features decides. Plain JSON weights: loading runs no code.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newskg.graph.model import KINDS, Actor, Document, Statement

#: The file of the shipped kind model, inside ``graph/attribution/models`` with the others.
KIND_MODEL = "kinds.json"

#: Cue lemmas of frames ("laut X", "nach Angaben von X", "X zufolge", "so X").
FRAME_LEMMAS = {"laut", "nach", "zufolge", "gemäß", "so", "demnach", "zitieren"}

#: Kinds the rules decide alone: too rare in the annotations for the model to learn, and
#: plain in the text (a content that ends in a question mark asks; a rebuttal word or a
#: short negation after an accusation denies: every denial the rules gave on the tuning
#: part was right, the model's fewer).
RULED_KINDS = {"question", "denial"}

_WORD = re.compile(r"\w+", re.UNICODE)

#: The word classes of ``lexicon/kind_words.toml``: of the content, the sentence before and
#: the speaker's phrase.
KIND_WORDS = "kind_words.toml"


@cache
def word_classes() -> dict[str, dict[str, tuple[str, ...]]]:
    """``{"content": {class: patterns}, "before": …, "speaker": …}``, read once."""
    path = resources.files("newskg.graph") / "lexicon" / KIND_WORDS
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {part: {name: tuple(words) for name, words in classes.items()}
            for part, classes in data.items()}


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole words, prefixes) of a class, for fast matching of many words."""
    return (frozenset(p for p in patterns if not p.endswith("*")),
            tuple(p[:-1] for p in patterns if p.endswith("*")))


def _any_match(words: list[str], patterns: tuple[str, ...]) -> bool:
    whole, prefixes = _compiled(patterns)
    if not whole.isdisjoint(words):
        return True
    return bool(prefixes) and any(w.startswith(prefixes) for w in words)


def _classes(words: list[str], part: str = "content") -> set[str]:
    return {name for name, patterns in word_classes()[part].items()
            if _any_match(words, patterns)}


def kind_features(
    document: Document, statement: Statement, lexicon_kind: str, actors: dict[str, Actor]
) -> dict[str, float]:
    """The named features of one statement: the cue lexicon's kind, the cue, the speaker's
    type, the quote form and word classes of the content and of the sentence before."""
    content = statement.content_text
    words = [w.lower() for w in _WORD.findall(content)]
    lemma = statement.cue_lemma or "-"
    actor = actors.get(statement.speaker)
    features: dict[str, float] = {
        f"lex={lexicon_kind}": 1.0,
        f"lemma={lemma}": 1.0,
        f"speaker={actor.type if actor else 'other'}": 1.0,
        f"quote={statement.direct_quote}": 1.0,
    }
    if lemma in FRAME_LEMMAS:
        features["frame"] = 1.0
        features[f"frame&speaker={actor.type if actor else 'other'}"] = 1.0
    if lemma == "-":
        features[f"continued&lex={lexicon_kind}"] = 1.0
    for name in _classes(words[:60]):
        features[f"has={name}"] = 1.0
    speaker_type = actor.type if actor else "other"
    features[f"lex={lexicon_kind}&speaker={speaker_type}"] = 1.0
    if "has=soll" in features:
        # "soll … getötet worden sein" is hearsay; "soll … stattfinden" a plan
        hearsay = words[-1:] and words[-1] in ("haben", "sein", "gewesen", "worden")
        features["soll=hearsay" if hearsay else "soll=plan"] = 1.0
    if words[:1] and words[0] in ("ob", "wie", "warum", "wer", "was", "wann", "weshalb"):
        features["opens=question-word"] = 1.0
    if content.rstrip("“”\"« ").endswith("?"):
        features["ends=?"] = 1.0
    if content.rstrip("“”\"« ").endswith("!"):
        features["ends=!"] = 1.0
    if any(ch.isdigit() for ch in content):
        features["has=digits"] = 1.0
    if len(words) <= 8:
        features["short"] = 1.0
    # who speaks, beyond the actor type: a police force, an authority, a medium, a study,
    # an observer, a party, an office holder (the phrase as written and the actor's name)
    named = f"{statement.mention.text} {actor.name if actor else ''}"
    speaker_words = [w.lower() for w in _WORD.findall(named)]
    for name in _classes(speaker_words, "speaker"):
        features[f"speaker~{name}"] = 1.0
    before = _context_words(document, statement)
    if "answerable" in _classes(before, "before"):
        features["context=answerable"] = 1.0
        if "has=negation" in features or "has=denial" in features:
            features["context=answerable&negation"] = 1.0
    return features


def _context_words(document: Document, statement: Statement) -> list[str]:
    """Lower-case words of the sentence before and of the cue's sentence outside the
    content: where an accusation a statement answers is usually written."""
    text = document.text
    parts = []
    if 0 < statement.sentence < len(document.sentences) + 1:
        parts.append(document.sentences[statement.sentence - 1].text)
    if 0 <= statement.sentence < len(document.sentences):
        sentence = document.sentences[statement.sentence]
        parts.append(text[sentence.start : max(sentence.start, statement.content.start)])
        parts.append(text[min(sentence.end, statement.content.end) : sentence.end])
    return [w.lower() for w in _WORD.findall(" ".join(parts))]


def rule_kind(features: dict[str, float], lexicon_kind: str) -> str:
    """The kind the written rules of ``docs/kinds.md`` give, from the lexicon's kind and the
    features: rebuttals are denials, questions questions, hedged content speculation,
    figures and facts from a medium or an institution reports."""
    has = features.get
    if lexicon_kind in ("assertion", "other", "report") and (
            has("has=denial") or has("context=answerable&negation") and has("short")):
        return "denial"
    if has("ends=?"):
        return "question"
    if lexicon_kind in ("assertion", "other") and has("has=spec") and not has("has=must"):
        return "speculation"
    if lexicon_kind == "speculation" and not has("has=spec") and (
            has("lemma=ausgehen") or has("lemma=glauben")):
        return "assertion"
    if has("soll=hearsay") and lexicon_kind in ("assertion", "other", "report"):
        return "report"
    if has("soll=plan") and lexicon_kind in ("assertion", "other") and not has("has=spec"):
        return "announcement"
    if lexicon_kind == "report" and has("speaker=person") and not has("has=digits"):
        return "assertion"
    if lexicon_kind == "speculation" and has("has=digits") and (
            has("frame") or has("lemma=ausgehen") or has("lemma=schätzen")):
        return "report"  # "nach Schätzungen …", "geht von 12 Toten aus": figures
    if lexicon_kind == "assertion" and (has("speaker=media") or has("lemma=mitteilen") and
                                        has("speaker=organization")):
        return "report"
    if lexicon_kind == "other":
        # cues of kind "other" ("zeigte sich", "würdigte", verbs found by the mood of their
        # clause) mostly introduce content the speaker states as its own
        return "assertion"
    return lexicon_kind


@dataclass(frozen=True)
class KindModel:
    """A multinomial logistic regression: one weight vector and bias per kind."""

    classes: tuple[str, ...]
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        return {k: self.bias.get(k, 0.0) + sum(self.weights.get(k, {}).get(f, 0.0) * v
                                                for f, v in features.items())
                for k in self.classes}

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores.values())
        exps = {k: math.exp(s - top) for k, s in scores.items()}
        total = sum(exps.values())
        return {k: e / total for k, e in exps.items()}

    def predict(self, features: dict[str, float]) -> str:
        scores = self.scores(features)
        return max(self.classes, key=lambda k: (scores[k], -self.classes.index(k)))

    def to_json(self, info: dict | None = None) -> str:
        payload = {"model": "kinds", "kind": "multinomial-logistic-regression",
                   **(info or {}), "classes": list(self.classes),
                   "bias": {k: round(v, 6) for k, v in self.bias.items()},
                   "weights": {k: {f: round(w, 6) for f, w in sorted(ws.items()) if w}
                               for k, ws in self.weights.items()}}
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def parse_kind_model(raw: str) -> KindModel:
    """A kind model from its JSON text; ValueError when it is not one."""
    data = json.loads(raw)
    classes = tuple(data.get("classes", ()))
    if not classes or any(k not in KINDS for k in classes) or "weights" not in data:
        raise ValueError("not a newskg kind model")
    return KindModel(classes, {k: dict(v) for k, v in data["weights"].items()},
                     {k: float(v) for k, v in data.get("bias", {}).items()})


@cache
def shipped_kind_model() -> KindModel | None:
    """The kind model shipped in the package, read once; None when there is none."""
    source = resources.files("newskg.graph.attribution").joinpath(f"models/{KIND_MODEL}")
    if not source.is_file():
        return None
    return parse_kind_model(source.read_text(encoding="utf-8"))


def decide_kinds(
    document: Document,
    statements: list[Statement],
    actors: dict[str, Actor],
    model: KindModel | None = None,
    learned: bool = True,
) -> None:
    """Set each statement's kind: the model's choice when one is given or shipped (and
    ``learned``), else the rules'. The cue lexicon's kind, ``statement.kind`` as the
    statement finders set it, is kept in ``statement.cue_kind``."""
    if learned and model is None:
        model = shipped_kind_model()
    for statement in statements:
        statement.cue_kind = statement.cue_kind or statement.kind
        features = kind_features(document, statement, statement.cue_kind, actors)
        ruled = rule_kind(features, statement.cue_kind)
        if model is None or not learned:
            statement.kind = ruled
            continue
        if ruled in RULED_KINDS:
            statement.kind = ruled
            continue
        features[f"rule={ruled}"] = 1.0
        statement.kind = model.predict(features)

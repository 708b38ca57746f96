"""The learned layer over the rules: choose each statement's speaker phrase, then resolve.

The rules have found the statements and proposed a speaker for each
(:func:`newskg.graph.statements.extract.find_statements`). Here every candidate phrase
(:mod:`~newskg.graph.attribution.candidates`) is scored by the trained ranker
(:mod:`~newskg.graph.attribution.model`) and the best one becomes the statement's speaker
mention; the statements whose phrase changed are resolved again to canonical actors by
the coreference rules, and pronouns and descriptions then to the person or body they
refer to (:mod:`~newskg.graph.attribution.referents`). The probability of the chosen candidate among all candidates is kept as the
statement's speaker confidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from newskg.graph.actors.coref import UNNAMED_SOURCE, resolve_speakers
from newskg.graph.actors.mentions import referenced_actors
from newskg.graph.attribution.candidates import Candidate, candidates
from newskg.graph.attribution.confidence import confidence
from newskg.graph.attribution.features import Context, features
from newskg.graph.attribution.model import (
    STATEMENT_MODEL,
    LinearModel,
    shipped_model,
    softmax,
)
from newskg.graph.attribution.referents import resolve_referents
from newskg.graph.model import Actor, Document, Mention, Span, Statement
from newskg.graph.text.quotes import QuoteIndex


def ranked(
    document: Document, statements: list[Statement], mentions: list[Mention],
    chooser=None,
) -> Iterator[tuple[int, list[Candidate], list[dict[str, float]]]]:
    """For each statement in order: its index, candidates and their features.

    ``chooser(index, candidates, features)`` returns the index of the chosen candidate,
    which later statements see as the speaker before them; without it, the rules' choice.
    """
    context = Context(document, mentions, QuoteIndex(document.text))
    history: list[Candidate] = []
    for index, statement in enumerate(statements):
        found = candidates(document, statement, statements[:index], mentions, context.quoted)
        feats = [features(context, statement, c, history) for c in found]
        yield index, found, feats
        chosen = chooser(index, found, feats) if chooser else 0
        history.append(found[chosen])


def follows(statements: list[Statement], index: int,
            proposed: list[Mention] | None = None) -> bool:
    """Is the statement a continuation that the rules gave the voice of the one before
    (no cue of its own, the same speaker mention)? ``proposed``: the rules' mentions, when
    the statements' own have been replaced since."""
    mentions = proposed or [s.mention for s in statements]
    return index > 0 and not statements[index].cue_lemma and \
        mentions[index] is mentions[index - 1]


def _mention_of(document: Document, candidate: Candidate, statement: Statement,
                previous: Statement | None) -> Mention:
    if candidate.origin == "none":
        at = statement.cue_spans[0].start if statement.cue_spans else statement.mention.start
        return Mention(at, at, UNNAMED_SOURCE, statement.sentence, "other")
    if previous is not None and (previous.mention.start, previous.mention.end) == candidate.span:
        return previous.mention  # the same phrase as the statement before: one mention
    text = document.text[candidate.start : candidate.end]
    return Mention(candidate.start, candidate.end, text, candidate.sentence, "speaker")


def decide_speakers(
    document: Document, statements: list[Statement], mentions: list[Mention],
    actors: dict[str, Actor], model: LinearModel | None = None,
) -> dict[str, Actor]:
    """Choose every statement's speaker phrase with the model and resolve the changed ones.

    Returns the actors still referenced (an actor made only for a discarded phrase goes).
    Without a model (none shipped) the rules' speakers stay and confidences stay unset.
    """
    model = model or shipped_model()
    if not statements:
        return actors
    judge = shipped_model(STATEMENT_MODEL)
    if judge is not None:
        for statement in statements:
            statement.confidence = round(confidence(judge, statement), 4)
    if model is None:
        resolve_referents(document, statements, mentions, actors)
        return referenced_actors(actors, [*mentions, *(s.mention for s in statements)])
    choices: list[tuple[Candidate, float]] = []

    def choose(index: int, found: list[Candidate], feats: list[dict[str, float]]) -> int:
        probabilities = softmax([model.score(f) for f in feats])
        best = max(range(len(found)), key=lambda k: (probabilities[k], -k))
        choices.append((found[best], probabilities[best]))
        return best

    for _ in ranked(document, statements, mentions, choose):
        pass
    changed = False
    proposed = [s.mention for s in statements]  # the rules' own phrases
    # (a continuation's mention is its predecessor's object, so ``is`` tells them)
    for index, (statement, (candidate, probability)) in enumerate(zip(statements, choices, strict=True)):
        statement.speaker_confidence = round(probability, 4)
        previous = statements[index - 1] if index else None
        if follows(statements, index, proposed):
            # a continuation goes on in the voice of the statement before (and stays one
            # quotation with it), whichever phrase was chosen for that one
            statement.speaker_confidence = previous.speaker_confidence
            if previous.mention is not statement.mention:
                statement.mention, statement.speaker = previous.mention, previous.speaker
                changed = True
            continue
        if candidate.origin == "rule" or (candidate.origin == "none" and
                                          statement.mention.start == statement.mention.end):
            continue
        statement.proposed = Span(statement.mention.start, statement.mention.end)
        statement.mention = _mention_of(document, candidate, statement, previous)
        statement.speaker = statement.mention.text
        changed = True
    if changed:
        resolve_speakers(document, statements, mentions, actors)
    resolve_referents(document, statements, mentions, actors)
    return referenced_actors(actors, [*mentions, *(s.mention for s in statements)])

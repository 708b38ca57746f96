"""Statements framed by a noun of speech: "die Forderung der Gewerkschaft, die Löhne zu
erhöhen", "Berichte, wonach …", "mit dem Hinweis, man sei beschäftigt".

A noun of saying, demanding or reporting (``lexicon/cue_nouns.tsv``) followed by a comma and
a complement clause (dass, ob, wonach, a zu-infinitive, or a clause in the Konjunktiv) frames
that clause as what was said. The speaker is the noun's genitive or von-phrase ("der
Gewerkschaft", "von Amnesty"), else the subject of the sentence when it can speak and the
noun is not someone else's it answers, else nobody named. A relative clause (", die er stellte") is not a complement.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from newskg.graph.model import KINDS, Sentence, Token
from newskg.graph.statements.cues import CueHit
from newskg.graph.statements.frames import Located
from newskg.graph.statements.lexicon import Cue, is_agentive
from newskg.graph.text.clauses import REPORTING_MOODS, complement_mood, reported_clause
from newskg.graph.text.konjunktiv import is_subjunctive
from newskg.graph.text.phrases import BOUNDARY, FINITE_TAGS, noun_phrase_after
from newskg.graph.text.quotes import QuoteIndex

#: Words that open a complement clause of a noun of speech.
COMPLEMENT_OPENERS = {"dass", "daß", "ob", "wonach"}
_GENITIVE = {"des", "der", "eines", "einer"}
#: Prepositions that make the noun of speech someone else's ("reagierte auf die Forderung").
_ANSWERING = {"auf", "über", "gegen", "trotz", "wegen"}
_POSSESSIVES = {"sein", "seine", "seiner", "seinen", "seinem", "ihr", "ihre", "ihrer", "ihren",
                "ihrem", "deren", "dessen"}


@lru_cache(maxsize=1)
def cue_nouns() -> dict[str, str]:
    """Noun -> statement kind, read once from ``lexicon/cue_nouns.tsv``."""
    source = resources.files("newskg.graph").joinpath("lexicon/cue_nouns.tsv")
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        if row["kind"] not in KINDS:
            raise ValueError(f"cue_nouns.tsv: unknown kind {row['kind']!r}")
        table[row["noun"]] = row["kind"]
    return table


def noun_cues(sentence: Sentence, quoted: QuoteIndex, taken: set[int]) -> list[CueHit]:
    """Nouns of speech (not at indices in ``taken``) followed by a complement clause."""
    nouns = cue_nouns()
    tokens = sentence.tokens
    hits = []
    for i, token in enumerate(tokens):
        if i in taken or token.pos != "NN" or token.text not in nouns:
            continue
        if quoted.inside(token.start) or _in_reported_clause(tokens, i):
            continue
        _, boundary = _source(tokens, i)
        if boundary < len(tokens) and tokens[boundary].text == "," and \
                _complement_follows(tokens, boundary, quoted):
            hits.append(CueHit(Cue(token.text, nouns[token.text], "", "noun"), [i], i, i))
    return hits


def _in_reported_clause(tokens: list[Token], i: int) -> bool:
    """True when the noun at ``i`` stands in a clause whose verb is in the Konjunktiv ("dies
    sei nur Spekulation, es gebe …"): reported speech already, not a new speaker's."""
    start = next((k + 1 for k in range(i - 1, -1, -1) if tokens[k].text in BOUNDARY), 0)
    return any(t.pos in FINITE_TAGS and is_subjunctive(t) for t in tokens[start:i])


def noun_bounds(text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex) -> Located | None:
    """Content and speaker of a noun cue (found by :func:`noun_cues`)."""
    tokens = sentence.tokens
    source, boundary = _source(tokens, hit.head)
    clause = reported_clause(text, sentence, boundary, quoted)
    if clause is None:
        return None
    speaker = source or _subject(tokens, hit.head) or (hit.head, hit.head)
    return clause, speaker, None


def _source(tokens: list[Token], i: int) -> tuple[tuple[int, int] | None, int]:
    """The genitive or von-phrase after the noun at ``i`` and the index after it."""
    k = i + 1
    source = None
    if k < len(tokens) and tokens[k].text in ("von", "vom"):
        np = noun_phrase_after(tokens, k + 1)
        if np is not None:
            source, k = (np if is_agentive(tokens, np) else None), np[1]
    elif k < len(tokens) and (tokens[k].text in _GENITIVE or tokens[k].pos == "NE"):
        np = noun_phrase_after(tokens, k)
        if np is not None:
            source, k = (np if is_agentive(tokens, np) else None), np[1]
    if k + 1 < len(tokens) and tokens[k].pos in ("PTKVZ", "APPR") and tokens[k + 1].text == ",":
        k += 1  # "stellten die Theorie auf, dass …": the verb's particle closes the clause
    return source, k


def _subject(tokens: list[Token], noun: int) -> tuple[int, int] | None:
    """The sentence's subject before its first finite verb, when it can speak and the
    noun is its own ("Er wiederholte seine Forderung, …", "Forscher stellten die These
    auf, …"), not someone else's that it answers ("reagierte auf die Forderung, …")."""
    if noun == 0:
        return None
    if tokens[noun - 1].text.lower() not in _POSSESSIVES and any(
            t.text.lower() in _ANSWERING for t in tokens[:noun]):
        return None
    finite = next((k for k, t in enumerate(tokens) if t.pos in FINITE_TAGS), None)
    if finite is None or finite == 0:
        return None
    np = noun_phrase_after(tokens, 0)
    if np is None or np[1] != finite or not is_agentive(tokens, np):
        return None
    return np


def _complement_follows(tokens: list[Token], boundary: int, quoted: QuoteIndex) -> bool:
    """A dass/ob/wonach clause, a zu-infinitive or a clause in the Konjunktiv after the
    comma at ``boundary``; not a relative clause."""
    if boundary + 1 >= len(tokens):
        return False
    if tokens[boundary + 1].text.lower() in COMPLEMENT_OPENERS:
        return True
    return complement_mood(tokens, boundary, quoted) in REPORTING_MOODS

"""Who could have said it: the speaker candidates of one statement.

The rules pick one speaker phrase per statement; here every phrase that could be the
speaker is proposed, so that a learned model can choose among them
(:mod:`newskg.graph.attribution.model`). Candidates are the noun phrases of the cue's
sentence and of the sentences before it that can name someone who speaks (names, actor
mentions, pronouns, definite descriptions such as "der SPD-Politiker" or "der 45-Jährige",
sources such as "Angaben der Polizei"), the mentions of earlier statements' speakers, the
rules' own choice, and "nobody named". Phrases inside the statement's content are not
candidates: a speaker is never part of what is said.
"""

from __future__ import annotations

from dataclasses import dataclass

from newskg.graph.model import Document, Mention, Sentence, Statement, Token
from newskg.graph.statements.lexicon import agent_endings
from newskg.graph.text.phrases import noun_phrase_after
from newskg.graph.text.quotes import QuoteIndex

#: How many sentences before the cue's sentence are searched for candidates.
SENTENCES_BACK = 2
#: Pronouns that can name a speaker (lower case).
SPEAKER_PRONOUNS = frozenset(("er", "sie", "ich", "wir", "dieser", "diese", "man", "es"))
#: Nouns of a source that stand for their speaker ("Angaben der Polizei").
SOURCE_NOUNS = frozenset((
    "Angaben", "Informationen", "Ansicht", "Meinung", "Auskunft", "Darstellung",
    "Einschätzung", "Aussage", "Aussagen", "Worten", "Berichten", "Bericht", "Erklärung",
    "Mitteilung", "Schätzungen", "Schätzung", "Medienberichten", "Zeitungsberichten",
    "Studie", "Bericht", "Quellen", "Kreisen", "Sicht", "Auffassung", "Überzeugung",
))
_ARTICLES = frozenset(("der", "die", "das", "den", "dem", "des", "ein", "eine", "einer",
                       "eines", "einem", "einen"))


@dataclass
class Candidate:
    """A phrase that may be the speaker; ``start == end`` for "nobody named"."""

    start: int
    end: int
    sentence: int  # index of the sentence holding the phrase
    first: int  # token range of the phrase in its sentence
    last: int  # exclusive
    origin: str  # "rule", "phrase", "previous" (an earlier statement's speaker) or "none"
    mention_type: str  # "name", "pronoun", "description", "source", "actor", "other", "none"
    actor_type: str | None = None  # the covering actor mention's type, if any
    actor: str | None = None  # the covering actor mention's canonical name, if any

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _phrases(sentence: Sentence) -> list[tuple[int, int]]:
    """The maximal noun phrases of a sentence, left to right, as token ranges."""
    tokens = sentence.tokens
    found: list[tuple[int, int]] = []
    k = 0
    while k < len(tokens):
        phrase = noun_phrase_after(tokens, k)
        if phrase is None or phrase[1] <= k:
            k += 1
            continue
        found.append(phrase)
        k = phrase[1]
    return found


def mention_type(tokens: list[Token], first: int, last: int) -> str:
    """What kind of phrase names the speaker: a name, a pronoun, a description, a source."""
    words = tokens[first:last]
    if not words:
        return "none"
    if len(words) == 1 and words[0].text.lower() in SPEAKER_PRONOUNS:
        return "pronoun"
    if words[0].text.lower() in ("dessen", "deren") or any(
            t.text in SOURCE_NOUNS for t in words[:2]):
        return "source"
    if any(t.pos in ("NE", "FM", "XY") for t in words):
        return "name"
    heads = [t for t in words if t.pos == "NN"]
    if heads and words[0].text.lower() in _ARTICLES | {"dieser", "diese", "dieses"}:
        return "description"
    if words[-1].pos == "ADJA" and words[0].pos == "ART":
        return "description"  # "der 45-Jährige"
    return "other"


def _speakerlike(tokens: list[Token], first: int, last: int) -> bool:
    """Can the phrase name someone who speaks (so that it is worth scoring)?"""
    words = tokens[first:last]
    if any(t.actor or t.pos in ("NE", "FM", "XY") for t in words):
        return True
    if len(words) == 1 and words[0].text.lower() in SPEAKER_PRONOUNS:
        return True
    if any(t.text in SOURCE_NOUNS for t in words[:2]):
        return True
    heads = [t.text.lower() for t in words if t.pos == "NN"]
    if heads and heads[0].endswith(agent_endings()):
        return True
    return bool(words[-1].text.endswith(("Jährige", "jährige")) and words[0].pos == "ART")


def _covering(mentions: list[Mention], start: int, end: int) -> Mention | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.actor
              and m.type not in ("place", "date", "number")]
    return max(inside, key=lambda m: m.end - m.start) if inside else None


def _token_range(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    tokens = sentence.tokens
    first = next((k for k, t in enumerate(tokens) if t.end > start), len(tokens))
    last = next((k for k, t in enumerate(tokens) if t.start >= end), len(tokens))
    return first, max(last, first)


def _make(
    document: Document, sentence: Sentence, first: int, last: int, origin: str,
    mentions: list[Mention],
) -> Candidate:
    tokens = sentence.tokens
    start, end = tokens[first].start, tokens[last - 1].end
    covering = _covering(mentions, start, end)
    return Candidate(start, end, sentence.index, first, last, origin,
                     mention_type(tokens, first, last),
                     covering.type if covering else None, covering.actor if covering else None)


def _from_mention(document: Document, mention: Mention, origin: str,
                  mentions: list[Mention]) -> Candidate | None:
    if mention.start >= mention.end or not 0 <= mention.sentence < len(document.sentences):
        return None
    sentence = document.sentences[mention.sentence]
    if not sentence.start <= mention.start < sentence.end:
        return None
    first, last = _token_range(sentence, mention.start, mention.end)
    if first >= last:
        return None
    return _make(document, sentence, first, last, origin, mentions)


def candidates(
    document: Document, statement: Statement, earlier: list[Statement],
    mentions: list[Mention], quoted: QuoteIndex,
) -> list[Candidate]:
    """Every candidate speaker of ``statement``, the rules' choice first, "nobody" last.

    ``earlier`` holds the statements before it (their speaker phrases already chosen).
    """
    found: dict[tuple[int, int], Candidate] = {}
    rule = _from_mention(document, statement.mention, "rule", mentions)
    if rule is not None:
        found[rule.span] = rule
    for previous in reversed(earlier[-3:]):
        candidate = _from_mention(document, previous.mention, "previous", mentions)
        if candidate is not None and candidate.span not in found and \
                candidate.sentence <= statement.sentence:
            found[candidate.span] = candidate
    content = statement.content
    low = max(0, statement.sentence - SENTENCES_BACK)
    for index in range(statement.sentence, low - 1, -1):
        if index >= len(document.sentences):
            continue
        sentence = document.sentences[index]
        tokens = sentence.tokens
        for first, last in _phrases(sentence):
            start, end = tokens[first].start, tokens[last - 1].end
            if (start, end) in found or (content.start <= start < content.end) or \
                    (start <= content.start < end) or not _speakerlike(tokens, first, last):
                continue
            if quoted.inside(start) and index != statement.sentence:
                continue  # a name inside an earlier quotation is not its speaker
            found[(start, end)] = _make(document, sentence, first, last, "phrase", mentions)
    none = Candidate(statement.mention.start, statement.mention.start, statement.sentence,
                     0, 0, "none", "none")
    return [*found.values(), none]

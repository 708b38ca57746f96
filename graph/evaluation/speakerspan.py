"""The speaker phrase as the Wikinews annotation marks it.

The pipeline's speaker mention is the phrase that names the actor ("Hans Meier"); the
annotation marks more: a frame noun before it ("Angaben der Polizei"), an apposition
after it ("Hans Meier, Sprecher der Polizei"), an attachment with "von", "aus" or "in"
("ein Sprecher von Tesla", "das Parlament in Mexiko-Stadt"). The scorer and the speaker
ranker's training labels both read a statement's speaker through :func:`speaker_span`, so
what the ranker learns to choose is what the metric counts.
"""

from __future__ import annotations

from newskg.graph.facts.time import calendar_words
from newskg.graph.model import Document, Sentence, Statement, Token
from newskg.graph.statements.lexicon import agent_endings
from newskg.graph.text.phrases import FINITE_TAGS, noun_phrase_after

#: Words that attach a phrase naming where the speaker belongs ("ein Sprecher von Tesla").
ATTACHING = frozenset(("von", "vom", "aus", "in", "im"))
#: Tags that can start an apposition ("Hans Meier, der Sprecher der Polizei").
APPOSITION_STARTS = frozenset(("ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PIS", "FM"))
#: Appositions are short; a longer stretch after a comma is a clause of its own.
APPOSITION_MAX = 14
#: Nouns of time which, besides weekdays and months, make "vom …" a date, not a speaker's
#: body ("Angaben der Polizei vom Dienstag", "die Erklärung vom Wochenende").
TIME_NOUNS = frozenset(("Wochenende", "Vortag", "Abend", "Morgen", "Nachmittag",
                        "Vormittag", "Jahr", "Woche", "Monat"))

#: Nouns that the annotation counts as part of a framed speaker ("Angaben der Polizei").
FRAME_NOUNS = {"Angaben", "Informationen", "Ansicht", "Meinung", "Auskunft", "Darstellung",
               "Einschätzung", "Aussage", "Aussagen", "Worten", "Berichten", "Bericht"}


def _sentence_of(document: Document, statement: Statement) -> Sentence | None:
    if 0 <= statement.sentence < len(document.sentences):
        return document.sentences[statement.sentence]
    return None


def speaker_span(document: Document, statement: Statement) -> tuple[int, int]:
    """The speaker as the annotation marks it: with a frame noun before ("Angaben der
    Polizei") and an apposition after ("Hans Meier, Sprecher der Polizei")."""
    begin, end = statement.mention.start, statement.mention.end
    sentence = _sentence_of(document, statement)
    held = statement.mention.sentence  # a speaker named in an earlier sentence
    if 0 <= held < len(document.sentences) and \
            document.sentences[held].start <= begin < document.sentences[held].end:
        sentence = document.sentences[held]
    if sentence is None or statement.mention.text.lower() in ("er", "sie", "ich", "wir"):
        return begin, end
    tokens = sentence.tokens
    first = next((i for i, t in enumerate(tokens) if t.start >= begin), None)
    last = next((i for i, t in enumerate(tokens) if t.end >= end), None)
    if first is None or last is None:
        return begin, end
    k = first - 1
    if k >= 0 and tokens[k].text == "von":
        k -= 1
    if k >= 0 and tokens[k].text in FRAME_NOUNS:
        begin = tokens[k].start
    elif first >= 2 and tokens[first - 1].text == "," and \
            any(t.pos in ("NE", "FM") for t in tokens[first:last + 1]):
        opening = _description_before(tokens, first - 1)
        if opening is not None and statement.content.start not in range(
                tokens[opening].start, begin):
            begin = tokens[opening].start  # "Ein Sprecher der Polizei, Randy Henderson"
    after = last + 1
    after = _bracket_end(tokens, after)
    if after < len(tokens) and tokens[after].text in ATTACHING:
        stop = _attachment_end(tokens, after)
        if stop is not None:
            end, after = tokens[stop - 1].end, _bracket_end(tokens, stop)
    end = tokens[after - 1].end if after > last + 1 else end
    if after + 1 < len(tokens) and tokens[after].text == ",":
        stop = _apposition_end(tokens, after + 1)
        if stop is not None and statement.content.start not in range(
                tokens[after].start, tokens[stop - 1].end):
            end = tokens[stop - 1].end
    return begin, end


def _description_before(tokens: list[Token], comma: int) -> int | None:
    """Start of a description that a name after ``comma`` stands in apposition to ("Ein
    Sprecher der Polizei, Randy Henderson, sagte"): a phrase with a person noun as its head,
    from the sentence's start or a verb, with no verb or comma inside."""
    k = comma
    while k > 0 and comma - k < APPOSITION_MAX:
        word = tokens[k - 1]
        if word.pos.startswith(("V", "$")) or word.pos in ("KOUS", "PRELS", "APPR", "KON"):
            break
        k -= 1
    if k == comma or (k > 0 and not tokens[k - 1].pos.startswith(("V", "$"))):
        return None
    if tokens[k].pos not in ("ART", "PIAT", "ADJA", "NN", "PPOSAT"):
        return None
    nouns = [t for t in tokens[k:comma] if t.pos == "NN"]
    if not nouns or not nouns[0].text.lower().endswith(agent_endings()):
        return None
    return k


def _bracket_end(tokens: list[Token], k: int) -> int:
    """After a short bracket that follows a name ("Karl Lauterbach (SPD)"), else ``k``."""
    if k < len(tokens) and tokens[k].text == "(":
        close = next((j for j in range(k + 1, min(k + 6, len(tokens)))
                      if tokens[j].text == ")"), None)
        if close is not None and not any(t.pos in FINITE_TAGS for t in tokens[k:close]):
            return close + 1
    return k


def _attachment_end(tokens: list[Token], k: int) -> int | None:
    """End of "von der Gewerkschaft", "aus Washington", "in Mexiko-Stadt" after a speaker,
    when the phrase ends the clause part (a verb or punctuation follows) and is no date."""
    np = noun_phrase_after(tokens, k + 1)
    if not np or np[0] != k + 1:
        return None
    words = tokens[np[0]:np[1]]
    if any(t.text in TIME_NOUNS or t.text in calendar_words() or t.pos == "CARD" for t in words):
        return None  # "Angaben der Polizei vom Dienstag"
    if tokens[k].text in ("in", "im") and not any(t.pos == "NE" for t in words):
        return None
    if np[1] < len(tokens) and not tokens[np[1]].pos.startswith(("$", "V")) and \
            not any(t.pos == "NE" for t in words):
        return None
    return np[1]


def _apposition_end(tokens: list[Token], k: int) -> int | None:
    """End of an apposition that starts at ``k`` after a comma ("Hans Meier, Sprecher der
    Polizei in Bonn, sagte"): a stretch up to the next comma or the sentence's end with a
    noun, no verb and no relative pronoun at its start."""
    if k >= len(tokens) or tokens[k].pos not in APPOSITION_STARTS:
        return None
    stop = k
    while stop < len(tokens) and stop - k < APPOSITION_MAX and \
            tokens[stop].pos not in ("$,", "$.") and tokens[stop].text not in ("„", "“", '"'):
        if tokens[stop].pos.startswith("V") or tokens[stop].pos in ("PRELS", "KOUS"):
            return None
        stop += 1
    if stop - k >= APPOSITION_MAX or stop == k:
        return None
    if stop < len(tokens) and tokens[stop].pos not in ("$,", "$."):
        return None
    if not any(t.pos in ("NN", "NE") for t in tokens[k:stop]):
        return None
    return stop

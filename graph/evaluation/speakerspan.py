"""The speaker phrase as the Wikinews annotation marks it.

The pipeline's speaker mention is the phrase that names the actor ("Hans Meier"); the
annotation marks more: a frame noun before it ("Angaben der Polizei"), an apposition
after it ("Hans Meier, Sprecher der Polizei"), an attachment with "von", "aus" or "in"
("ein Sprecher von Tesla", "das Parlament in Mexiko-Stadt"). The scorer and the speaker
ranker's training labels both read a statement's speaker through :func:`speaker_span`, so
what the ranker learns to choose is what the metric counts.
"""

from __future__ import annotations

from newskg.graph.model import Document, Sentence, Statement
from newskg.graph.text.tokens import noun_phrase_after

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
    after = last + 1
    in_place = after + 1 < len(tokens) and tokens[after].text == "in" and \
        tokens[after + 1].pos == "NE"
    if after < len(tokens) and (tokens[after].text in ("von", "vom", "aus") or in_place):
        np = noun_phrase_after(tokens, after + 1)
        if np and (np[1] >= len(tokens) or tokens[np[1]].pos.startswith(("$", "V"))):
            end, after = tokens[np[1] - 1].end, np[1]
    if after + 1 < len(tokens) and tokens[after].text == ",":
        np = noun_phrase_after(tokens, after + 1)
        if np and (np[1] >= len(tokens) or tokens[np[1]].pos in ("$,", "$.")) and \
                statement.content.start not in range(tokens[after].start, tokens[np[1] - 1].end):
            end = tokens[np[1] - 1].end
    return begin, end

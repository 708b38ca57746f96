"""Quotations that no cue attributes: what somebody said, by its quotation marks alone.

A quotation of several words that reads as speech (it has a verb of its own, or follows a
preposition: "sprach von einem „…“") is a direct quote even where the patterns of
:mod:`newskg.graph.statements.extract` found no cue for it ("„…“, ließ ein Sprecher verlauten";
"Obamas Team veröffentlichte die Antwort, „…“"). Short quotations and titles after an
article or a noun ("der Film „…“", "das Motto „…“") are names, not speech. The speaker is
the subject of the sentence when it names an actor, else the latest speaker a few
sentences back, else nobody named.
"""

from __future__ import annotations

from newskg.graph.model import Document, Mention, Sentence, Span, Statement, Token
from newskg.graph.statements.continuations import recent_speaker, speaker_mention
from newskg.graph.text.phrases import FINITE_TAGS, noun_phrase_after, noun_phrase_before
from newskg.graph.text.quotes import QuoteIndex

#: Fewest words that make a quotation speech rather than a name or a phrase.
MIN_WORDS = 4
#: Tags before an opening mark that make the quotation a title ("die Zeitung „…“").
_TITLE_BEFORE = ("ART", "NN", "NE", "ADJA", "PPOSAT", "PDAT", "PIAT", "CARD")


def add_quotations(
    document: Document, statements: list[Statement], quoted: QuoteIndex
) -> list[Statement]:
    """``statements`` with a statement for every speech-like quotation outside them."""
    covered = [(s.content.start, s.content.end) for s in statements]
    by_sentence = sorted(statements, key=lambda s: s.sentence)
    result = list(statements)
    for sentence in document.sentences:
        for opening, closing in quoted.regions:
            if not sentence.start <= opening < sentence.end:
                continue
            if any(b < closing and opening + 1 < e for b, e in covered):
                continue
            if not _speech_like(sentence.tokens, opening, closing):
                continue
            latest = next((s for s in reversed(by_sentence) if s.sentence <= sentence.index),
                          None)
            speaker = _subject(document, sentence, quoted) or \
                recent_speaker(sentence, latest)
            marks = [Span(opening, opening + 1), Span(closing, closing + 1)]
            statement = Statement(
                speaker=speaker.text, mention=speaker, cue="„ ... “", cue_lemma="",
                kind="assertion", direct_quote="full", content=Span(opening + 1, closing),
                content_text=document.text[opening + 1 : closing], sentence=sentence.index,
                cue_spans=marks,
            )
            result.append(statement)
            covered.append((opening + 1, closing))
    return result


def _speech_like(tokens: list[Token], opening: int, closing: int) -> bool:
    """A quotation of :data:`MIN_WORDS` words or more with a verb, or after a preposition,
    and not a title after an article or a noun."""
    first = next((k for k, t in enumerate(tokens) if t.start == opening), None)
    if first is None:
        return False
    inside = [t for t in tokens[first + 1 :] if t.start < closing]
    if sum(1 for t in inside if t.text[:1].isalnum()) < MIN_WORDS:
        return False
    before = tokens[first - 1].pos if first > 0 else ""
    if before in _TITLE_BEFORE:
        return False
    return before in ("APPR", "APPRART") or any(t.pos.startswith("V") for t in inside)


def _subject(
    document: Document, sentence: Sentence, quoted: QuoteIndex
) -> Mention | None:
    """The subject of the sentence's first finite verb outside quotation marks, when it
    names an actor: before the verb at the start of its clause, or right after it."""
    tokens = sentence.tokens
    finite = next((k for k, t in enumerate(tokens)
                   if t.pos in FINITE_TAGS and not quoted.region_at(t.start)), None)
    if finite is None:
        return None
    np = noun_phrase_before(tokens, finite)
    if np is None or quoted.region_at(tokens[np[0]].start):
        k = finite + 1
        while k < len(tokens) and tokens[k].pos in ("ADV", "PRF", "PTKNEG"):
            k += 1
        np = noun_phrase_after(tokens, k)
    return speaker_mention(document, sentence, np)

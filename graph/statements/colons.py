"""A colon before a quotation introduces its speaker, whatever the verb.

"X äußerte sich zufrieden: „…“", "Der Minister dazu: „…“": when no cue of the lexicon
claims the sentence, the clause before the colon names who says the quotation.
"""

from __future__ import annotations

from newskg.graph.model import Document, Mention, Sentence, Span, Statement, Token
from newskg.graph.statements.cues import is_plural_present
from newskg.graph.statements.lexicon import cue_lexicon, is_agentive
from newskg.graph.text.clauses import boundary_before
from newskg.graph.text.phrases import (
    FINITE_TAGS,
    noun_phrase_after,
    noun_phrase_before,
    phrase_with_attachments,
    sentence_subject,
)
from newskg.graph.text.quotes import QuoteIndex


def colon_quote(document: Document, sentence: Sentence, quoted: QuoteIndex) -> Statement | None:
    """"X äußerte sich zufrieden: „…“": a colon before a quotation introduces its speaker,
    whatever the verb; the cue is then the clause's finite verb."""
    tokens = sentence.tokens
    colon = next((k for k, t in enumerate(tokens)
                  if t.text == ":" and not quoted.inside(t.start)), None)
    if colon is None:
        return None
    after = tokens[colon].end
    while after < len(document.text) and document.text[after].isspace():
        after += 1
    region = quoted.region_at(after)
    if region is None or region[0] != after:
        return None
    finite = next((k for k in range(colon - 1, -1, -1)
                   if tokens[k].pos in FINITE_TAGS or is_plural_present(tokens, k)), None)
    if finite is None:
        end = colon
        while end > 1 and tokens[end - 1].pos in ("ADV", "ADJD", "PROAV"):
            end -= 1  # "Koppelin wörtlich: „…“", "Der Minister dazu: „…“"
        speaker = noun_phrase_before(tokens, end)
        if speaker is None or speaker[0] != 0:
            speaker = _named_before_attachment(tokens, colon)
        if speaker is None:
            return None
    else:
        speaker = _subject_of(tokens, finite, colon, quoted)
    if speaker is None or tokens[speaker[0]].text.lower() in ("es", "man"):
        return None
    text = document.text
    s_begin, s_end = tokens[speaker[0]].start, tokens[speaker[1] - 1].end
    cue_token = tokens[finite] if finite is not None else tokens[colon]
    known = cue_lexicon().verbs.get(cue_token.lemma)
    return Statement(
        speaker=text[s_begin:s_end],
        mention=Mention(s_begin, s_end, text[s_begin:s_end], sentence.index, "speaker"),
        cue=cue_token.text,
        cue_lemma=cue_token.lemma if finite is not None else ":",
        kind=known.kind if known else "assertion",
        direct_quote="full",
        content=Span(region[0] + 1, region[1]),
        content_text=text[region[0] + 1 : region[1]],
        sentence=sentence.index,
        cue_spans=[Span(cue_token.start, cue_token.end)],
    )


def _named_before_attachment(tokens: list[Token], colon: int) -> tuple[int, int] | None:
    """ "Nina Hagen zur neuen Heimat: „…“": a sentence-initial name followed only by a
    prepositional phrase before the colon."""
    np = noun_phrase_after(tokens, 0)
    if np is None or not is_agentive(tokens, np) or np[1] >= colon or \
            tokens[np[1]].pos not in ("APPR", "APPRART"):
        return None
    rest = tokens[np[1] + 1 : colon]
    if all(t.pos in ("ART", "ADJA", "NN", "NE", "PPOSAT", "CARD") for t in rest):
        return np
    return None


def _subject_of(
    tokens: list[Token], finite: int, limit: int, quoted: QuoteIndex
) -> tuple[int, int] | None:
    """The subject of the finite verb at ``finite``: before it from its clause start, the
    sentence subject with an apposition, the subject of a coordinated verb, or after it."""
    start = boundary_before(tokens, finite, quoted) + 1
    while start < finite and tokens[start].pos in ("KON", "KOUS"):
        start += 1
    speaker = phrase_with_attachments(tokens, start, finite) if start < finite else None
    if speaker is None and finite > 0 and tokens[finite - 1].text == ",":
        speaker = sentence_subject(tokens, finite - 1)
    if speaker is None and finite > 0 and tokens[finite - 1].pos == "KON":
        speaker = _subject_of_previous_verb(tokens, finite - 1)
    if speaker is None:
        k = finite + 1
        while k < limit and tokens[k].pos in ("PRF", "PTKNEG", "ADV", "PROAV"):
            k += 1
        speaker = noun_phrase_after(tokens, k)
    if speaker is None:
        np = noun_phrase_before(tokens, finite)  # "… und der Unternehmer X rief aus:"
        speaker = np if np and is_agentive(tokens, np) else None
    return speaker


def _subject_of_previous_verb(tokens: list[Token], kon: int) -> tuple[int, int] | None:
    """The subject of the verb before "und" ("biss der Mann den Gast und rief: …")."""
    previous = next((k for k in range(kon - 1, -1, -1) if tokens[k].pos in FINITE_TAGS), None)
    if previous is None:
        return None
    np = noun_phrase_before(tokens, previous)
    if np and np[0] == 0:
        return np
    k = previous + 1
    while k < kon and tokens[k].pos in ("PRF", "ADV"):
        k += 1
    return noun_phrase_after(tokens, k)

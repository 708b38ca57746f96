"""Sentences and tokens with character offsets, STTS tags and lemmas.

SoMaJo splits sentences and tokens (with offsets into each line); HanTa supplies tags and
lemmas. HanTa's sentence tagger (an HMM over every sentence) is the slow part, so each word
form is analysed once and cached: German news repeats its word forms heavily, which makes
the cache hit rate high and tagging cheap. The text is split on line breaks first, because
headlines and list items end without a full stop and must still be sentences of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from newskg.graph.model import Document, Sentence, Token

#: Longest line handed to SoMaJo at once; longer lines are cut at a space to bound memory.
MAX_LINE_CHARS = 20_000

_PUNCT_TAGS = {
    ",": "$,",
    ".": "$.",
    "!": "$.",
    "?": "$.",
    ";": "$.",
    ":": "$.",
}
_HANTA_TAG = re.compile(r"[()]")


@lru_cache(maxsize=1)
def _tokenizer() -> object:
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


@lru_cache(maxsize=1)
def _tagger() -> object:
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=200_000)
def tag_word(word: str) -> tuple[str, str]:
    """(STTS tag, lemma) of one word form, out of context, cached.

    Punctuation and quote marks get their STTS tags without asking HanTa.
    """
    if word in _PUNCT_TAGS:
        return _PUNCT_TAGS[word], word
    if not any(ch.isalnum() for ch in word):
        return "$(", word
    if word.isdigit() or re.fullmatch(r"[\d.,]+", word):
        return "CARD", word
    try:
        lemma, tag = _tagger().analyze(word, taglevel=1)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "NN", word  # HanTa fails on some odd strings; a noun guess is harmless
    tag = _HANTA_TAG.sub("", tag)
    if tag in ("NE", "FM"):
        lemma = word  # names keep their spelling ("USA", not "Usa")
    return tag, lemma


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their start offsets; over-long lines in bounded pieces."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        while len(body) > MAX_LINE_CHARS:
            cut = body.rfind(" ", 0, MAX_LINE_CHARS)
            if cut <= 0:
                cut = MAX_LINE_CHARS
            yield start, body[:cut]
            start += cut
            body = body[cut:]
        yield start, body


def _sentence_start_form(token: Token, first: bool) -> tuple[str, str]:
    """Tag a sentence-initial capitalised word by its lower-case form when that is a word.

    Out of context HanTa reads "Die", "Er", "Laut" as nouns; their lower-case forms are
    the articles, pronouns and prepositions they almost always are at the start.
    """
    pos, lemma = tag_word(token.text)
    if first and token.text[:1].isupper() and pos in ("NN", "NE"):
        low_pos, low_lemma = tag_word(token.text.lower())
        if low_pos not in ("NN", "NE", "ADJA") and low_lemma:
            return low_pos, low_lemma
    return pos, lemma


def tokenize_text(text: str) -> list[Sentence]:
    """Split ``text`` into sentences of tagged tokens; offsets index ``text`` itself."""
    sentences: list[Sentence] = []
    tokenizer = _tokenizer()
    for line_start, body in _lines(text):
        for raw in tokenizer.tokenize_text([body]):
            if raw:
                sentences.append(_sentence(text, line_start, raw, len(sentences)))
    return sentences


def _sentence(text: str, line_start: int, raw: list, index: int) -> Sentence:
    """One SoMaJo sentence as a tagged Sentence with document offsets."""
    tokens: list[Token] = []
    for i, tok in enumerate(raw):
        start = line_start + tok.character_offset[0]
        end = line_start + tok.character_offset[1]
        token = Token(text=text[start:end], start=start, end=end, index=i)
        token.pos, token.lemma = _sentence_start_form(token, i == 0 or _after_quote(tokens))
        tokens.append(token)
    s_start, s_end = tokens[0].start, tokens[-1].end
    return Sentence(
        index=index, start=s_start, end=s_end, text=text[s_start:s_end], tokens=tokens
    )


def _after_quote(tokens: list[Token]) -> bool:
    """True when every token so far is an opening quote mark or bracket."""
    return bool(tokens) and all(t.pos == "$(" for t in tokens)


def tokenize_document(document: Document) -> list[Sentence]:
    """Tokenize ``document.text``, store the sentences on the document and return them."""
    document.sentences = tokenize_text(document.text)
    return document.sentences

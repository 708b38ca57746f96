"""Sentences and tokens with character offsets, STTS tags and lemmas.

SoMaJo (:mod:`newskg.graph.text.tokenizer`) splits sentences and tokens (with offsets into each
line); HanTa supplies tags and lemmas per word form out of context
(:mod:`newskg.graph.text.word_tags`, cached in memory and on disk), corrected here by the word's
place in its sentence. The text is split on line breaks first, because headlines and list
items end without a full stop and must still be sentences of their own. What the later
stages read from the tokens is in :mod:`newskg.graph.text.quotes` (quotation marks),
:mod:`newskg.graph.text.phrases` (noun phrases) and :mod:`newskg.graph.text.clauses`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from newskg.graph.model import Document, Sentence, Token
from newskg.graph.text.tokenizer import somajo
from newskg.graph.text.word_tags import known_form, tag_word

#: Longest line handed to SoMaJo at once; longer lines are cut at a space to bound memory.
MAX_LINE_CHARS = 20_000

_OPEN_TAGS = ("NN", "NE", "FM", "CARD", "XY", "TRUNC")
_OPEN_OR_ADJA = frozenset(_OPEN_TAGS + ("ADJA",))
_ARTICLE_FORMS = {"der", "die", "das", "den", "dem", "des"}
#: Tags that can follow an article inside its noun phrase.
_NOUN_PHRASE_STARTS = ("NN", "NE", "FM", "XY", "ADJA", "ADJD", "ADV", "CARD", "PIAT", "TRUNC",
                       "$(")
#: A web address as a name ("t-online.de", "Spiegel.de").
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.(de|com|org|net|at|ch|eu|info|fr|uk)$")
#: Tokens after which a word is tagged as at the start of a sentence.
_OPENERS = frozenset((":", "(", "„", "»", '"'))


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


def _sentence_start_form(word: str, pos: str, lemma: str) -> tuple[str, str]:
    """Tag a sentence-initial capitalised word by its lower-case form when that is a word.

    Out of context HanTa reads "Die", "Er", "Laut" as nouns; their lower-case forms are
    the articles, pronouns and prepositions they almost always are at the start.
    """
    if word[:1].isupper() and known_form(word):
        low_pos, low_lemma = tag_word(word.lower())
        if not low_pos.startswith(("N", "V", "ADJ", "CARD", "FM", "XY")) and low_lemma:
            return low_pos, low_lemma  # a closed-class word: "Die", "Er", "Laut", "Wie"
    return pos, lemma


def tokenize_text(text: str) -> list[Sentence]:
    """Split ``text`` into sentences of tagged tokens; offsets index ``text`` itself."""
    sentences: list[Sentence] = []
    tokenizer = somajo()
    for line_start, body in _lines(text):
        for raw in tokenizer.tokenize_text([body]):
            if raw:
                sentences.append(_sentence(text, line_start, raw, len(sentences)))
    return sentences


#: Tags that never follow an attributive adjective: "Ein Experte bezifferte den Schaden".
_NOT_AFTER_ADJA = frozenset(("ART", "PPOSAT", "PDAT", "PIAT", "PPER", "PRF", "PTKNEG"))


def _sentence(text: str, line_start: int, raw: list, index: int) -> Sentence:
    """One SoMaJo sentence as a tagged Sentence with document offsets."""
    tokens: list[Token] = []
    only_quotes = True  # every token so far is an opening quote mark or bracket ("$(")
    previous = ""
    for i, tok in enumerate(raw):
        start = line_start + tok.character_offset[0]
        end = line_start + tok.character_offset[1]
        word = text[start:end]
        first = i == 0 or only_quotes or previous in _OPENERS
        pos, lemma = tag_word(word)
        if first and pos in ("NN", "NE"):
            pos, lemma = _sentence_start_form(word, pos, lemma)
        if pos not in _OPEN_OR_ADJA and (
            (not first and word[:1].isupper())  # a capital inside a sentence: a name
            or ("-" in word and word.rsplit("-", 1)[-1][:1].isupper())  # "el-Baradei"
        ):
            pos, lemma = "NE", word
        tokens.append(Token(word, start, end, pos, lemma, i))
        only_quotes = only_quotes and pos == "$("
        previous = word
    for previous_token, token in itertools.pairwise(tokens):
        if previous_token.text.lower() in _ARTICLE_FORMS and previous_token.pos in (
            "PDS", "PRELS"
        ) and token.pos in ("NN", "NE", "ADJA"):
            previous_token.pos = "ART"  # "Das russische Außenministerium": an article
        if previous_token.text.lower() == "sein" and previous_token.pos == "VAINF" and \
                token.pos in ("NN", "NE", "ADJA"):
            previous_token.pos = "PPOSAT"  # "Wie sein Anwalt mitteilte": a possessive
    if len(tokens) > 1 and tokens[0].pos == "VVIMP" and tokens[1].text[:1].isupper() and \
            tokens[1].pos in ("NN", "NE", "FM"):
        tokens[0].pos, tokens[0].lemma = "NE", tokens[0].text  # "Henk Jaap Meijer, …"
    for token in tokens:
        if _DOMAIN.match(token.text):
            token.pos, token.lemma = "NE", token.text  # "t-online.de", "ndr.de": a medium
    for k in range(1, len(tokens) - 1):
        if tokens[k].text in _ARTICLE_FORMS and tokens[k].pos == "ART" and \
                tokens[k - 1].text == "," and tokens[k + 1].pos not in _NOUN_PHRASE_STARTS:
            tokens[k].pos = "PRELS"  # ", der angab, …": no noun follows, a relative pronoun
        if tokens[k].pos == "ADJA" and tokens[k].text.endswith(("te", "ten")) and (
            tokens[k + 1].pos in ("$,", "$.")
            or tokens[k - 1].pos in ("NN", "NE", "PPER") and tokens[k + 1].pos in _NOT_AFTER_ADJA
        ):
            # "80 Prozent befürworteten, dass …", "Ein Experte bezifferte den …": no noun
            # follows, a past-tense verb
            tokens[k].pos, tokens[k].lemma = "VVFIN", _weak_past_lemma(tokens[k].text)
    s_start, s_end = tokens[0].start, tokens[-1].end
    return Sentence(
        index=index, start=s_start, end=s_end, text=text[s_start:s_end], tokens=tokens
    )


def _weak_past_lemma(form: str) -> str:
    """The infinitive of a weak verb's past tense: "befürworteten" -> "befürworten",
    "forderte" -> "fordern", "arbeiteten" -> "arbeiten"."""
    stem = form.lower()[: -3 if form.endswith("ten") else -2]
    if stem.endswith("e") and stem[-2:-1] in ("t", "d"):
        stem = stem[:-1]  # "arbeit-e-te"
    double = stem.endswith(("er", "el")) and not stem.endswith(("ier", "eer"))
    return stem + ("n" if double else "en")  # "forder-n", but "kritisier-en"


def tokenize_document(document: Document) -> list[Sentence]:
    """Tokenize ``document.text``, store the sentences on the document and return them."""
    document.sentences = tokenize_text(document.text)
    return document.sentences


def sentence_windows(document: Document) -> list[tuple[int, int, str]]:
    """(sentence index, start offset, text) of each sentence, or the whole text as one when
    the document was not tokenized: the windows that the fact finders scan."""
    if document.sentences:
        return [(s.index, s.start, document.text[s.start : s.end]) for s in document.sentences]
    return [(0, 0, document.text)]

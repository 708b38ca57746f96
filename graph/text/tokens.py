"""Sentences and tokens with character offsets, STTS tags and lemmas.

SoMaJo (:mod:`newskg.graph.text.tokenizer`) splits sentences and tokens (with offsets into each
line); HanTa supplies tags and lemmas per word form out of context
(:mod:`newskg.graph.text.word_tags`, cached in memory and on disk), corrected here by the word's
place in its sentence. The text is split on line breaks first, because headlines and list
items end without a full stop and must still be sentences of their own.
"""

from __future__ import annotations

import bisect
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


# --- Quotation marks -----------------------------------------------------------------------

#: Opening mark -> the closing marks that end it.
_QUOTE_PAIRS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", '"': '"'}
QUOTE_CHARS = "„“”»«\""


class QuoteIndex:
    """The outermost quotations of a text as ``(open, close)`` index pairs of their marks.

    German news opens with „ and closes with “ (or uses » «, or straight quotes), so a
    closing mark depends on the opening one. An unclosed quotation ends at its line.
    """

    def __init__(self, text: str) -> None:
        self.regions: list[tuple[int, int]] = []
        opened: int | None = None
        expect = ""
        for pos, ch in enumerate(text):
            if ch == "\n" and opened is not None:
                self.regions.append((opened, pos - 1))
                opened = None
            elif opened is None and ch in _QUOTE_PAIRS:
                if ch in '"“' and pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in ".!?"):
                    continue  # a stray straight quote or a closing “ after a word: no opening
                opened, expect = pos, _QUOTE_PAIRS[ch]
            elif opened is not None and ch in expect:
                self.regions.append((opened, pos))
                opened = None
        if opened is not None:
            self.regions.append((opened, len(text) - 1))
        self._opens = [b for b, _ in self.regions]

    def region_at(self, pos: int) -> tuple[int, int] | None:
        """The quotation whose marks enclose ``pos`` (marks included), if any."""
        i = bisect.bisect_right(self._opens, pos) - 1
        if i >= 0 and self.regions[i][0] <= pos <= self.regions[i][1]:
            return self.regions[i]
        return None

    def inside(self, pos: int) -> bool:
        """True when ``pos`` lies strictly between a quotation's marks."""
        region = self.region_at(pos)
        return region is not None and region[0] < pos < region[1]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._opens, end)
        return any(b < end and e >= start for b, e in self.regions[max(i - 1, 0) : i])

    def form(self, start: int, end: int) -> str:
        """"full" when ``[start, end)`` is one quotation, "partial" when it holds one, else "none"."""
        region = self.region_at(start)
        if region and region[0] == start and region[1] == end - 1:
            return "full"
        i = bisect.bisect_left(self._opens, start)
        if i < len(self.regions) and self.regions[i][0] < end:
            return "partial"
        return "partial" if region else "none"


# --- Noun phrases --------------------------------------------------------------------------

#: STTS tags of finite verbs.
FINITE_TAGS = ("VVFIN", "VAFIN", "VMFIN", "VVIMP")
#: Tokens that end a clause for the purposes of the statement patterns.
BOUNDARY = {",", ":", ";", "–", "—"}
_NP_TAGS = {"ART", "ADJA", "NN", "NE", "FM", "CARD", "TRUNC", "PPOSAT", "PIAT", "PDAT", "XY"}
_NP_HEADS = {"NN", "NE", "FM", "XY"}
_PRONOUNS = {"er", "sie", "es", "ich", "wir", "man", "ihr"}
_RELATIVE_FORMS = {"der", "die", "das", "dem", "den", "deren", "dessen", "welcher", "welche"}


def _is_name(token: Token) -> bool:
    return token.pos in ("NE", "FM", "XY") or (token.pos == "NN" and token.text.isupper())


def _unknown_surname(tokens: list[Token], j: int) -> bool:
    """An unknown capitalised word right after a first name ("Franz Polzer"): HanTa calls
    it a noun, but an unknown one keeps its form as lemma, unlike "Reportern"."""
    tok = tokens[j]
    return tok.lemma == tok.text and tokens[j - 1].pos in ("NE", "FM")


def noun_phrase_after(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """Token range ``[i, j)`` of the noun phrase (or personal pronoun) starting at ``i``.

    A name ends the phrase unless a genitive follows ("Sprecher des Rates") or it is a
    possessive ("Südkoreas Geheimdienst NIS"), so "Kirby Reportern" is two phrases.
    """
    if i >= len(tokens):
        return None
    if tokens[i].text.lower() in _PRONOUNS and tokens[i].pos in ("PPER", "PIS", "NN", "NE"):
        return i, i + 1
    if tokens[i].text.lower() in ("dieser", "diese") and (
        i + 1 >= len(tokens) or tokens[i + 1].pos.startswith("$")
    ):
        return i, i + 1  # "sagte dieser, dass …"
    j = i
    seen_head = False
    seen_name = False
    while j < len(tokens):
        tok = tokens[j]
        if j == i and tok.text in ("dessen", "deren"):
            j += 1  # "nach dessen Angaben"
            continue
        if tok.text in ("und", "oder") and j > i and tokens[j - 1].pos == "TRUNC":
            j += 1  # "der Such- und Rettungsagentur"
            continue
        if tok.text in ("und", "sowie") and seen_name and j + 1 < len(tokens) and (
            _is_name(tokens[j + 1]) or tokens[j + 1].pos == "ART"
        ):
            j += 1  # "die Agenturen dpa und AFP", "SPD und Grüne"
            continue
        if tok.pos not in _NP_TAGS and not (tok.text == "-" and seen_head):
            break
        if tok.pos == "CARD" and seen_head:
            break  # "Gefängnisdirektion 502 Menschen": a number starts a new phrase
        if tok.pos == "ART" and seen_head and (tok.text.lower() not in ("des", "der")
                                                or seen_name) and \
                tokens[j - 1].text not in ("und", "sowie"):
            break  # a second article starts a new phrase, except a genitive or after "und"
        if (tok.pos == "NN" and seen_name and not tokens[j - 1].text.endswith("s")
                and not _is_name(tok) and not _unknown_surname(tokens, j)
                and "-" not in tok.text):
            break
        if tok.pos in ("PDAT", "PIAT", "PPOSAT") and seen_head:
            break
        seen_head = seen_head or tok.pos in _NP_HEADS
        seen_name = seen_name or _is_name(tok)
        j += 1
    if not any(tokens[k].pos in _NP_HEADS for k in range(i, j)):
        # "der 81-jährige": an article and a lower-case adjective used as a noun
        if j - i >= 2 and tokens[i].pos == "ART" and tokens[j - 1].pos == "ADJA":
            return i, j
        return None
    while j > i and tokens[j - 1].pos not in _NP_HEADS and tokens[j - 1].pos != "CARD":
        j -= 1
    if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 2].text == ")":
        j += 3  # "National Health Service (NHS)"
    return i, j


def noun_phrase_before(tokens: list[Token], i: int, floor: int = 0) -> tuple[int, int] | None:
    """Token range of the noun phrase that ends right before ``i`` (not before ``floor``)."""
    j = i
    if j - 1 >= floor and tokens[j - 1].text.lower() in _PRONOUNS and tokens[j - 1].pos in (
        "PPER", "PIS", "NN", "NE"
    ):
        return j - 1, j
    if j - 1 >= floor and tokens[j - 1].text.lower() in ("dieser", "diese") and \
            tokens[j - 1].pos in ("PDS", "PDAT") and \
            (j - 2 < floor or tokens[j - 2].pos.startswith("$")):
        return j - 1, j  # "Dieser bestätigte, dass …"
    while j - 1 >= floor:
        if tokens[j - 1].pos in _NP_TAGS or tokens[j - 1].text == "-" or (
                tokens[j - 1].text in ("und", "sowie") and j - 1 > floor):
            j -= 1  # ("und" only inside: the forward re-chunking below decides if it joins)
        elif tokens[j - 1].text == ")" and j - 3 >= floor and tokens[j - 3].text == "(":
            j -= 3  # "des Verbandes Deutscher Realschullehrer (VDR)"
        else:
            break
    while j < i and tokens[j].text in ("und", "sowie"):
        j += 1
    if j == i:
        return None
    # Re-chunk forward so that the phrase obeys the same rules as noun_phrase_after.
    while j < i:
        found = noun_phrase_after(tokens, j)
        if found and found[1] >= i:
            return j, i
        j = (found[1] if found else j + 1)
    return None


def phrase_with_attachments(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` when it is a noun phrase with prepositional attachments
    ("Ein Regierungssprecher in Berlin", "Georg von der IG Metall Trier"), else None."""
    if start >= end or tokens[start].pos in ("APPR", "APPRART"):
        return None
    allowed = ("ART", "ADJA", "NN", "NE", "FM", "CARD", "TRUNC", "PPOSAT", "XY", "APPR",
               "APPRART", "PIAT")
    words = tokens[start:end]
    if all(t.pos in allowed or t.text in "-()„“\"»«" for t in words) and any(
        t.pos in _NP_HEADS for t in words
    ):
        return start, end
    return None


def sentence_subject(tokens: list[Token], left: int) -> tuple[int, int] | None:
    """The noun phrase that opens the sentence, with an apposition set off by commas up to
    ``left``: "Hans Meier, Sprecher der Polizei," or "Edwards, der …,"."""
    comma = next((k for k, t in enumerate(tokens) if t.text == ","), None)
    if comma is None:
        return None
    np = phrase_with_attachments(tokens, 0, comma) or noun_phrase_after(tokens, 0)
    if np is None or np[1] >= len(tokens) or tokens[np[1]].text != ",":
        return None
    apposition = (phrase_with_attachments(tokens, np[1] + 1, left) if left > np[1] + 1 else None
                  ) or noun_phrase_after(tokens, np[1] + 1)
    if apposition and apposition[1] == left and not any(
        t.pos in FINITE_TAGS for t in tokens[np[1] : left]
    ):
        return np[0], apposition[1]
    relative = tokens[np[1] + 1] if np[1] + 1 < left else None
    if relative is not None and relative.pos in ("PRELS", "ART") and \
            relative.text.lower() in _RELATIVE_FORMS and tokens[left - 1].pos in FINITE_TAGS:
        return np  # "Miroslav Klose, der Gelb-Rot sah, nannte …": the relative clause is no name
    return np


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, a leading comma or colon and trailing sentence punctuation from a span."""
    while start < end and (text[start].isspace() or text[start] in ",:;–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,:;!?–—-"):
        end -= 1
    return start, end

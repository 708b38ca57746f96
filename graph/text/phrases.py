"""Noun phrases over tagged tokens: the phrase starting or ending at a token, a phrase with
its prepositional attachments, the subject that opens a sentence, and a span's trimmed edges.

Speakers, addressees and the actors named in content are noun phrases; the statement
patterns read them with these functions, which share one set of rules (a name ends the
phrase unless a genitive follows, a second article starts a new one). Also the tag sets
those patterns share: finite verbs and the tokens that end a clause.
"""

from __future__ import annotations

from newskg.graph.model import Token

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

"""Where cues stand in a sentence (the lexicons are :mod:`newskg.graph.statements.lexicon`).

Cues are speech and communication verbs (``lexicon/cues.tsv``, separable ones found with
their particle, perfect ones with their auxiliary) and the frames "laut X", "X zufolge",
"nach Angaben von X" (source nouns in ``lexicon/cue_sources.tsv``) and ", so X". Cues
inside quotation marks are quoted speech, not reports of it, and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newskg.graph.actors.gazetteer import gazetteer
from newskg.graph.model import Sentence, Token
from newskg.graph.statements.lexicon import (
    Cue,
    CueLexicon,
    cue_lexicon,
    phrase_cues,
    source_kind,
)
from newskg.graph.text.phrases import BOUNDARY, FINITE_TAGS, noun_phrase_after, noun_phrase_before
from newskg.graph.text.quotes import QuoteIndex


@dataclass
class CueHit:
    """A cue found in a sentence: its tokens and the finite verb that governs its clause."""

    cue: Cue
    tokens: list[int]  # token indices of the cue's parts, in text order
    finite: int  # index of the finite verb (the cue itself, or its auxiliary)
    head: int  # index of the lexical part (verb, participle, preposition)


VERB_TAGS = ("VVFIN", "VVPP", "VVINF", "VVIZU", "VVIMP")
#: Quotation marks that open a quoted source title after "laut".
_OPENING_QUOTES = ("„", "»", '"', "«")
SUBORDINATORS = {"dass", "daß", "ob", "weil", "als", "wie", "wenn", "nachdem", "da", "während"}


def find_cues(sentence: Sentence, quoted: QuoteIndex) -> list[CueHit]:
    """Every cue of a sentence that stands outside quotation marks."""
    lexicon = cue_lexicon()
    tokens = sentence.tokens
    hits: list[CueHit] = []
    aside = _short_asides(tokens)
    for i, token in enumerate(tokens):
        if quoted.inside(token.start) or i in aside:
            continue
        low = token.text.lower()
        if token.pos in VERB_TAGS:
            hit = _verb_cue(tokens, i, lexicon) or _phrase_cue(tokens, i)
            if hit:
                hits.append(hit)
        elif token.pos == "VAFIN":
            hit = _phrase_cue(tokens, i)
            if hit:
                hits.append(hit)
        elif low in ("laut", "zufolge", "gemäß") and token.pos in (
            "APPR", "APPO", "ADJD", "NN", "ADV"
        ):
            if low == "laut" and i + 1 < len(tokens) and tokens[i + 1].pos.startswith("$") \
                    and tokens[i + 1].text not in _OPENING_QUOTES:  # "laut „Reuters“"
                continue
            hits.append(CueHit(lexicon.words[low], [i], i, i))
        elif low == "demnach" and i == 0 and len(tokens) > 1 and tokens[1].pos in FINITE_TAGS:
            hits.append(CueHit(lexicon.words["demnach"], [i], i, i))  # "Demnach steht fest …"
        elif low == "so" and i > 0 and tokens[i - 1].text in (",", "–", "—", "-") and \
                _so_frame(tokens, i):
            hits.append(CueHit(lexicon.words["so"], [i], i, i))
        elif low == "nach" and i + 1 < len(tokens):
            hit = _nach_cue(tokens, i)
            if hit:
                hits.append(hit)
    verb_parts = {k for hit in hits if " " not in hit.cue.lemma for k in hit.tokens}
    return [hit for hit in hits if " " not in hit.cue.lemma  # a phrase within a verb cue
            or not verb_parts.intersection(hit.tokens[1:])]  # ("wurde bekannt gegeben")


def _short_asides(tokens: list[Token]) -> set[int]:
    """Token indices inside short parentheses ("(Wikinews berichtete)" cites, it reports
    nothing of its own) and of the idiom "wie man sagt"."""
    inside: set[int] = set()
    for i, token in enumerate(tokens):
        if token.text == "(":
            close = next((k for k in range(i + 1, min(i + 6, len(tokens)))
                          if tokens[k].text == ")"), None)
            if close is not None:
                inside.update(range(i + 1, close))
        elif token.text.lower() == "wie" and i + 2 < len(tokens) and \
                tokens[i + 1].text == "man" and tokens[i + 2].lemma == "sagen" and (
                    i + 3 >= len(tokens) or tokens[i + 3].pos in ("$,", "$.")):
            inside.update((i, i + 1, i + 2))  # "wie man sagt": an idiom, nobody's statement
    return inside


def _nach_cue(tokens: list[Token], i: int) -> CueHit | None:
    """"nach Angaben der Polizei", "nach einer Studie", "seiner Meinung nach"."""
    np = noun_phrase_after(tokens, i + 1)
    if np:
        head = next((tokens[k] for k in range(*np) if tokens[k].pos == "NN"), None)
        kind = source_kind(head.text) if head else None
        if kind:
            return CueHit(Cue("nach", kind, "", "phrase"), [i], i, i)
    if _medium_at(tokens, i + 1):
        return CueHit(Cue("nach", "report", "", "phrase"), [i], i, i)  # "nach SPIEGEL ONLINE"
    np = noun_phrase_before(tokens, i)
    if np and i + 1 < len(tokens) and tokens[i + 1].pos in FINITE_TAGS:
        kind = source_kind(tokens[i - 1].text)
        if kind:
            return CueHit(Cue("nach", kind, "", "postposition"), [i], i, i)
    return None


@lru_cache(maxsize=1)
def _media_names() -> frozenset[str]:
    """Lower-cased names of the media gazetteer: "nach SPIEGEL ONLINE" names a source."""
    return frozenset(form.lower() for form, entry in gazetteer().surface.items()
                     if entry.type == "media")


def _medium_at(tokens: list[Token], i: int) -> bool:
    """True when a medium's name of one to three words starts at ``i``."""
    names = _media_names()
    return any(" ".join(t.text for t in tokens[i : i + n]).lower() in names
               for n in (3, 2, 1) if i + n <= len(tokens))


#: Tags that may stand inside a participial phrase before its noun ("einer am Dienstag
#: veröffentlichten Studie").
_PARTICIPIAL_INNER = ("ADV", "ADJD", "APPR", "APPRART", "ART", "NN", "NE", "CARD", "ADJA")


def noun_phrase_with_participle(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A noun phrase from ``i``, also when an attributive participial phrase stands between
    its article and its noun, which the plain noun-phrase reader does not cross."""
    np = noun_phrase_after(tokens, i)
    if np is not None or i >= len(tokens) or tokens[i].pos != "ART":
        return np
    for k in range(i + 1, min(i + 8, len(tokens))):
        if tokens[k].pos not in _PARTICIPIAL_INNER:
            return None
        if tokens[k].pos == "ADJA" and k > i + 1:
            rest = noun_phrase_after(tokens, k)
            return (i, rest[1]) if rest else None
    return None


def _so_frame(tokens: list[Token], i: int) -> bool:
    """", so der Sprecher." : "so" followed by a noun phrase (and attachments) that ends
    the sentence or the inserted clause."""
    np = noun_phrase_after(tokens, i + 1)
    if np is None and i + 1 < len(tokens) and tokens[i + 1].pos == "PIS":
        np = (i + 1, i + 2)  # ", so letztere."
    if np is None:
        return False
    k = source_end(tokens, np[1])
    while k < len(tokens) and tokens[k].pos in ("ADV", "ADJD"):
        k += 1  # ", so Obama weiter", ", so X wörtlich"
    return k >= len(tokens) or tokens[k].pos in ("$.", "$,") or tokens[k].text in "–—-"


def source_end(tokens: list[Token], k: int) -> int:
    """End of a frame's source noun phrase ending at ``k`` with its genitive ("so das
    Ergebnis einer Studie") and prepositional attachments ("so X von der Polizei")."""
    end = k
    while k < len(tokens) and tokens[k].pos in ("APPR", "APPRART", "$(", "ADV", "ADJD", "ART"):
        if tokens[k].pos in ("ADV", "ADJD"):
            k += 1
            continue
        attached = noun_phrase_with_participle(tokens, k if tokens[k].pos == "ART" else k + 1)
        if attached is None:
            break
        k = end = attached[1]
    return end


def _phrase_cue(tokens: list[Token], i: int) -> CueHit | None:
    """A finite verb and the word that makes it a phrasal cue in the same clause: after it,
    or before it when the verb ends its clause ("wie gestern bekannt wurde")."""
    candidates = phrase_cues().get(tokens[i].lemma)
    if not candidates or not (tokens[i].pos in ("VVFIN", "VAFIN") or is_plural_present(tokens, i)):
        return None
    for j in range(i + 1, min(i + 10, len(tokens))):
        if tokens[j].text in BOUNDARY or tokens[j].pos == "$.":
            break
        for phrase in candidates:
            if tokens[j].text == phrase.word and (
                not phrase.before or tokens[j - 1].text.lower() == phrase.before
            ):
                return CueHit(phrase.cue, [i, j], i, i)
    else:
        return None
    if not _clause_final(tokens, i):
        return None
    for j in range(i - 1, max(i - 10, 0), -1):  # a verb-final clause: "wie bekannt wurde"
        if tokens[j].text in BOUNDARY:
            return None
        for phrase in candidates:
            if tokens[j].text == phrase.word and (
                not phrase.before or tokens[j - 1].text.lower() == phrase.before
            ):
                return CueHit(phrase.cue, [j, i], i, i)
    return None


def is_plural_present(tokens: list[Token], i: int) -> bool:
    """ "Die Forscher gehen davon aus": a finite plural that the tagger read as an infinitive
    (same form), told apart by having no auxiliary or "zu" in its clause."""
    return tokens[i].pos == "VVINF" and auxiliary_before(tokens, i) is None and not (
        i > 0 and tokens[i - 1].text == "zu")


def _verb_cue(tokens: list[Token], i: int, lexicon: CueLexicon) -> CueHit | None:
    token = tokens[i]
    lemma = token.lemma
    cue = None
    parts = [i]
    finite_form = token.pos in ("VVFIN", "VVIMP") or is_plural_present(tokens, i)
    if lemma in lexicon.separable:
        for candidate in lexicon.separable[lemma]:
            if i > 0 and tokens[i - 1].text.lower() == candidate.particle:
                cue, parts = candidate, [i - 1, i]  # "wie X bekannt gab", "bekannt gegeben"
                break
            j = _particle_index(tokens, i, candidate.particle) if finite_form else None
            if j is not None:
                cue, parts = candidate, [i, j]
                break
    if cue is None:
        cue = lexicon.verbs.get(lemma)
        if cue is None or (cue.particle and finite_form and
                           not token.text.lower().startswith(cue.particle)):
            return None
        if not cue.particle and finite_form and _foreign_particle(tokens, i):
            return None  # "sprach sich für … aus" is aussprechen, "forderte … an" anfordern
    finite = i
    pos = "VVFIN" if finite_form and token.pos == "VVINF" else token.pos
    if pos == "VVPP" and auxiliary_before(tokens, i) is None and _after_subject(tokens, i):
        pos = "VVFIN"  # "Er bezeichnet die Proteste als …": the present, not a participle
    if pos == "VVPP" and i > 0 and tokens[i - 1].text == "," and i + 1 < len(tokens) and \
            tokens[i + 1].pos in ("PPER", "ART", "NE", "NN", "PDS", "ADV"):
        pos = "VVFIN"  # "Im Brief, den er schickte, erklärt er: …": first in its clause
    if pos == "VVFIN" and _clause_final(tokens, i) and _auxiliary_in_clause(tokens, i):
        pos = "VVPP"  # "hatte … betont": the form is also a participle
    if pos in ("VVPP", "VVINF", "VVIZU"):
        aux = auxiliary_before(tokens, i)
        if aux is None:
            if pos in ("VVINF", "VVIZU") or (i > 0 and tokens[i - 1].text == "zu"):
                return None  # an infinitive with no finite verb is no report of speech
            if lemma in NAMING_LEMMAS:
                return None  # "die Pendlerpauschale, auch Entfernungspauschale genannt"
            return CueHit(cue, parts, i, i)
        finite = aux
        parts = [aux, *parts]
    if lemma in NAMING_LEMMAS and _names_something(tokens, finite, i):
        return None
    return CueHit(cue, parts, finite, i)


#: Verbs of calling: "nannte den Plan „Wortbruch“" reports a view, "nennt sich X" names.
NAMING_LEMMAS = {"nennen", "bezeichnen"}


def _names_something(tokens: list[Token], finite: int, i: int) -> bool:
    """True for a naming use of a verb of calling: reflexive ("nennt sich", "wie er sich
    nannte"), impersonal ("nannte man") or a passive with neither agent nor "als" ("wie er
    genannt wird", "so werden sie genannt"; not "Als Grund wurde X genannt")."""
    start, end = min(finite, i), max(finite, i)
    for k in range(max(start - 2, 0), min(end + 3, len(tokens))):
        if tokens[k].text in BOUNDARY:
            continue
        if tokens[k].text.lower() in ("sich", "man"):
            return True
    return tokens[finite].lemma == "werden" and finite != i and not any(
        t.text.lower() in ("von", "vom", "als") for t in tokens[:end])


def _foreign_particle(tokens: list[Token], verb: int) -> bool:
    """True when the clause of the finite verb at ``verb`` ends in a separable particle,
    which makes it another verb than the one the lexicon lists."""
    for j in range(verb + 1, len(tokens)):
        if tokens[j].text in BOUNDARY or tokens[j].pos == "$.":
            return tokens[j - 1].pos == "PTKVZ" and j - 1 > verb
        if tokens[j].text in ("und", "oder") and j - 1 > verb and \
                tokens[j - 1].pos in ("PTKVZ", "APPR"):
            return True  # "forderte die Nationalgarde an und …": anfordern
    return False


def _after_subject(tokens: list[Token], i: int) -> bool:
    """True when exactly one noun phrase or pronoun opens the sentence before ``i``: the
    verb-second place of a main clause, where a form in -t is the present tense."""
    if i == 0:
        return False
    if i == 1 and tokens[0].pos == "PPER":
        return True
    np = noun_phrase_after(tokens, 0)
    return np is not None and np[1] == i


def _clause_final(tokens: list[Token], i: int) -> bool:
    return i + 1 >= len(tokens) or tokens[i + 1].text in BOUNDARY or tokens[i + 1].pos == "$."


def _auxiliary_in_clause(tokens: list[Token], i: int) -> bool:
    for j in range(i - 1, -1, -1):
        if tokens[j].text in BOUNDARY:
            return False
        if tokens[j].pos == "VAFIN" and tokens[j].lemma in ("haben", "sein"):
            return True
    return False


def _particle_index(tokens: list[Token], verb: int, particle: str) -> int | None:
    """Index of the separable particle of the verb at ``verb``, at the end of its clause."""
    for j in range(verb + 1, len(tokens)):
        if tokens[j].text in BOUNDARY or tokens[j].pos in ("$.",):
            if tokens[j - 1].text.lower() == particle and j - 1 > verb:
                return j - 1
            return _particle_after_apposition(tokens, j, particle)
        if tokens[j].text.lower() == particle and tokens[j].pos in ("PTKVZ", "ADV", "APPR",
                                                                     "ADJD"):
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if nxt is None or nxt.text in BOUNDARY or nxt.pos.startswith("$") or \
                    nxt.text.lower() in SUBORDINATORS:
                return j
    return None


def _particle_after_apposition(tokens: list[Token], comma: int, particle: str) -> int | None:
    """ "gab der Leiter, Andreas Huber, bekannt": the particle after an apposition, which
    stands between two commas and has no verb."""
    if tokens[comma].text != ",":
        return None
    close = next((k for k in range(comma + 1, min(comma + 10, len(tokens)))
                  if tokens[k].text in BOUNDARY or tokens[k].pos == "$."), None)
    if close is None or tokens[close].text != "," or close == comma + 1 or any(
        t.pos.startswith("V") for t in tokens[comma + 1 : close]
    ):
        return None
    j = close + 1
    if j < len(tokens) and tokens[j].text.lower() == particle and (
        j + 1 >= len(tokens) or tokens[j + 1].text in BOUNDARY or tokens[j + 1].pos == "$."
    ):
        return j
    return None


_AUX_LEMMAS = ("haben", "sein", "werden", "wollen", "sollen", "können", "müssen", "dürfen")


def auxiliary_before(tokens: list[Token], i: int) -> int | None:
    """The finite auxiliary or modal of a participle/infinitive: the nearest one in its own
    clause, else the first one of the sentence (the participle ends the clause, the
    auxiliary stands second: "Pjöngjang hat Behauptungen, es habe …, zurückgewiesen")."""
    for j in range(i - 1, -1, -1):
        if tokens[j].text in BOUNDARY:
            break
        if tokens[j].pos in ("VAFIN", "VMFIN") and tokens[j].lemma in _AUX_LEMMAS:
            return j
    for j in range(i):
        if tokens[j].pos in ("VAFIN", "VMFIN") and tokens[j].lemma in _AUX_LEMMAS:
            return j
    return None



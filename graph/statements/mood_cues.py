"""Cues known by the mood of what they introduce.

No lexicon lists every verb that reports speech ("monierte", "legte Wert darauf",
"regte an"), but German marks reported speech itself: a complement clause in
Konjunktiv I ("…, die Wahl sei fair verlaufen"; "…, dass er bewaffnet sei") is what
somebody said or thought. So an indicative verb that is not in the cue lexicon becomes a
cue of kind "other" when the clause its own clause introduces is in Konjunktiv I; the
statement patterns then find its speaker and content as for any verb cue. Which forms are
Konjunktiv is :mod:`newskg.graph.text.konjunktiv`.
"""

from __future__ import annotations

from newskg.graph.model import Sentence, Token
from newskg.graph.statements.cues import VERB_TAGS, CueHit, auxiliary_before
from newskg.graph.statements.lexicon import Cue, is_agentive
from newskg.graph.text.clauses import complement_mood, reported_clause_follows
from newskg.graph.text.konjunktiv import is_konjunktiv_one, is_subjunctive
from newskg.graph.text.phrases import BOUNDARY, FINITE_TAGS, noun_phrase_after
from newskg.graph.text.quotes import QuoteIndex

#: Openers of adverbial clauses, whose Konjunktiv is conditional or purposive, not reported.
ADVERBIAL_OPENERS = {"wenn", "falls", "obwohl", "obgleich", "damit", "sodass", "bevor", "seit",
                     "seitdem", "während", "indem", "solange", "sobald", "bis", "ehe"}
#: Verbs that introduce a clause without reporting it ("es gibt …", "es geht darum, …").
NOT_REPORTING = {"geben", "gehen", "handeln", "kommen", "bleiben", "liegen", "stehen", "gelten"}


def mood_cues(sentence: Sentence, quoted: QuoteIndex, taken: set[int]) -> list[CueHit]:
    """Verbs (not at indices in ``taken``) whose next clause is reported in Konjunktiv I."""
    tokens = sentence.tokens
    hits = []
    for i, token in enumerate(tokens):
        if i in taken or token.pos not in VERB_TAGS or quoted.inside(token.start):
            continue
        if token.lemma in NOT_REPORTING:
            continue
        hit = _mood_hit(tokens, i, quoted) or _inserted_hit(tokens, i, quoted)
        if hit is not None:
            hits.append(hit)
            taken.update(hit.tokens)
    return hits


def _mood_hit(tokens: list[Token], i: int, quoted: QuoteIndex) -> CueHit | None:
    token = tokens[i]
    if token.pos == "VVFIN":
        if is_subjunctive(token):
            return None  # a reported verb itself: a continuation, not a frame
        finite, parts = i, [i]
    elif token.pos == "VVPP":
        aux = auxiliary_before(tokens, i)
        if aux is None or is_subjunctive(tokens[aux]):
            return None
        finite, parts = aux, [aux, i]
    else:
        return None
    boundary = _clause_end(tokens, i, quoted)
    if boundary is None or not _reported_in_konjunktiv(tokens, boundary, quoted):
        return None
    if boundary > i + 1 and tokens[boundary - 1].pos == "PTKVZ":
        parts.append(boundary - 1)  # "räumte … ein, dass …"
    cue = Cue(token.lemma, "other", "", "verb")
    return CueHit(cue, parts, finite, i)


def _inserted_hit(tokens: list[Token], i: int, quoted: QuoteIndex) -> CueHit | None:
    """ "Die Ursache sei unklar, verlautbarte Peter Sharp.": a verb right after the comma
    that closes a clause in Konjunktiv I (or a quotation), followed by someone who can
    speak, attributes that clause."""
    token = tokens[i]
    if token.pos != "VVFIN" or is_subjunctive(token) or i < 2 or tokens[i - 1].text != ",":
        return None
    before = [k for k in range(i - 1) if tokens[k].pos in FINITE_TAGS
              and not quoted.inside(tokens[k].start)]
    quotation = quoted.inside(tokens[i - 2].start) or tokens[i - 2].pos == "$("
    if not quotation and not (before and is_konjunktiv_one(tokens, before[0])):
        return None
    k = i + 1
    while k < len(tokens) and tokens[k].pos in ("ADV", "PTKNEG"):
        k += 1
    speaker = noun_phrase_after(tokens, k)
    if speaker is None or not is_agentive(tokens, speaker):
        return None
    return CueHit(Cue(token.lemma, "other", "", "verb"), [i], i, i)


def _clause_end(tokens: list[Token], i: int, quoted: QuoteIndex) -> int | None:
    """The boundary that ends the clause of the verb at ``i``, if no other finite verb
    stands before it (else the verb's clause is not the one that introduces the next)."""
    for k in range(i + 1, len(tokens)):
        tok = tokens[k]
        if quoted.inside(tok.start):
            continue
        if tok.text in BOUNDARY:
            return k
        if tok.pos == "$." or tok.pos in FINITE_TAGS:
            return None
    return None


def _reported_in_konjunktiv(tokens: list[Token], boundary: int, quoted: QuoteIndex) -> bool:
    """True when a complement clause follows ``boundary`` and its first finite verb is in
    Konjunktiv I."""
    if boundary + 1 >= len(tokens) or not reported_clause_follows(tokens, boundary):
        return False
    if tokens[boundary + 1].text.lower() in ADVERBIAL_OPENERS:
        return False
    return complement_mood(tokens, boundary, quoted) == "konjunktiv1"

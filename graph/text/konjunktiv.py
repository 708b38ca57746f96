"""The Konjunktiv: which verb forms mark German reported speech (grammar over tokens).

German news reports speech in Konjunktiv I ("Er sei krank", "Sie habe nichts gewusst") and,
where that form equals the indicative, in Konjunktiv II ("Sie hätten nichts gewusst").
A clause in Konjunktiv I is reported speech or thought whatever verb introduces it, so the
mood is evidence of a statement of its own. Several Konjunktiv I forms equal the first
person singular indicative ("ich habe", "ich plane"), so a clause with "ich" as its subject
is read as indicative. The cues this reveals are
:mod:`newskg.graph.statements.mood_cues`.
"""

from __future__ import annotations

from newskg.graph.model import Token
from newskg.graph.text.phrases import BOUNDARY, FINITE_TAGS

#: Konjunktiv I forms that mark reported speech wherever they stand.
STRONG_SUBJUNCTIVE = {"sei", "seien", "habe", "könne", "müsse", "wolle", "dürfe", "gebe", "wisse",
                      "werde", "solle"}
#: Forms read as subjunctive in a continuation: Konjunktiv I and II and reportative "soll".
SUBJUNCTIVE_FORMS = {
    "sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge",
    "wisse", "gebe", "wäre", "wären", "hätte", "hätten", "würde", "würden", "soll", "sollen",
    "gäbe", "käme", "kämen", "könnte", "könnten", "müsste", "müssten", "dürfte", "dürften",
}
#: Konjunktiv II plurals that stand in for Konjunktiv I where it equals the indicative ("sie
#: haben" -> "sie hätten"): reported speech in news.
PLURAL_STAND_INS = {"hätten", "würden"}
#: Konjunktiv I forms that are also the first person singular indicative.
_FIRST_PERSON_TOO = {"habe", "werde", "gebe"}


def is_subjunctive(token: Token) -> bool:
    """Konjunktiv I (and the Konjunktiv II of reported speech) marks a continuation."""
    low = token.text.lower()
    if low in SUBJUNCTIVE_FORMS:
        return True
    if token.pos != "VVFIN" or not low.endswith("e"):
        return False
    lemma = token.lemma.lower()
    if lemma.endswith(("ern", "eln")):  # "dauern" -> "dauere", "handeln" -> "handele"
        return low == lemma[:-1] + "e"
    return lemma.endswith("en") and low == lemma[:-1]


def first_person_clause(tokens: list[Token], k: int) -> bool:
    """True when "ich" stands in the clause of token ``k`` (its subject, in news)."""
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(tokens) and tokens[j].text not in BOUNDARY and tokens[j].pos != "$.":
            if tokens[j].text.lower() == "ich":
                return True
            j += step
    return False


def is_konjunktiv_one(tokens: list[Token], k: int) -> bool:
    """True when the finite verb at ``k`` is unambiguously Konjunktiv I: a strong form
    ("sei", "könne") or a regular third person singular ("plane", "rechne"), and not the
    first person indicative it may equal ("ich habe", "ich plane")."""
    token = tokens[k]
    if token.pos not in FINITE_TAGS:
        return False
    low = token.text.lower()
    if low in STRONG_SUBJUNCTIVE:
        return low not in _FIRST_PERSON_TOO or not first_person_clause(tokens, k)
    if low in PLURAL_STAND_INS:
        return not any(t.text.lower() in ("wir", "ihr") for t in tokens)
    if low in SUBJUNCTIVE_FORMS or not is_subjunctive(token):
        return False
    if 0 < k < len(tokens) - 1 and tokens[k + 1].pos == "NN" and \
            tokens[k - 1].pos in ("ART", "ADJA", "PPOSAT", "APPR", "APPRART"):
        return False  # "ihre warme weiche Stimme": an adjective the tagger read as a verb
    return not first_person_clause(tokens, k)


def is_reportative_modal(tokens: list[Token], k: int) -> bool:
    """True for "soll"/"sollen"/"sollte" with a perfect infinitive ("soll beteiligt gewesen
    sein", "soll getötet worden sein", "soll dazu beigetragen haben"): a claim reported from
    others, not a plan. A participle with a bare "sein" is left out: it is mostly the state
    passive of a plan ("soll 2010 fertiggestellt sein")."""
    if tokens[k].text.lower() not in ("soll", "sollen", "sollte", "sollten"):
        return False
    for j in range(k + 1, len(tokens)):
        if tokens[j].text in BOUNDARY or tokens[j].pos == "$.":
            break
        if tokens[j].pos in ("VAINF", "VAFIN") and tokens[j].text.lower() in ("haben", "sein") and \
                tokens[j - 1].pos in ("VVPP", "VAPP", "VMPP") and (
                    tokens[j].text.lower() == "haben" or tokens[j - 1].pos == "VAPP"):
            return True
    return False


#: Konjunktiv II forms that stand for Konjunktiv I in reported speech ("sie hätten", "es
#: gäbe"), as opposed to the reportative or planning "soll".
KONJUNKTIV_TWO = {"wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten",
                  "müsste", "müssten", "dürfte", "dürften", "gäbe", "käme", "kämen"}


def is_konjunktiv_two(token: Token) -> bool:
    """A Konjunktiv II form: a common one, or a strong verb's umlauted form in -e/-en whose
    infinitive has no umlaut ("befände", "läge", "stünde")."""
    low = token.text.lower()
    if low in KONJUNKTIV_TWO:
        return True
    lemma = token.lemma.lower()
    return token.pos == "VVFIN" and low.endswith(("e", "en")) and \
        any(ch in low for ch in "äöü") and not any(ch in lemma for ch in "äöü")

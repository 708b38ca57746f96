"""Statements at a speech verb: where its speaker and content lie in German clause order.

Content stands before the verb ("…, sagte X"), after it (X sagte, dass …; X sagte: „…“),
or is the verb's object (X hat … zurückgewiesen). Who speaks (the noun phrase before the
finite verb, or after it when something else stands in front, or a passive's agent) is
:mod:`newskg.graph.statements.verb_speakers`; the verb's object as content is
:mod:`newskg.graph.statements.objects`.
"""

from __future__ import annotations

from newskg.graph.model import Sentence, Token
from newskg.graph.statements.cues import SUBORDINATORS, CueHit
from newskg.graph.statements.frames import (
    Located,
    anaphoric,
    anaphoric_after_comma,
    unnamed_content,
)
from newskg.graph.statements.lexicon import cue_classes
from newskg.graph.statements.objects import ObjectPlace, object_content
from newskg.graph.statements.verb_speakers import VerbClause, cue_own_speaker, find_speaker
from newskg.graph.text.clauses import (
    ADVERBIAL_OPENERS,
    CONDITIONAL_OPENERS,
    REPORTING_MOODS,
    boundary_after,
    boundary_before,
    complement_mood,
    content_before,
    content_stands_before,
    reported_clause,
)
from newskg.graph.text.konjunktiv import is_konjunktiv_one, is_subjunctive
from newskg.graph.text.phrases import FINITE_TAGS, noun_phrase_after
from newskg.graph.text.quotes import QuoteIndex

ADDRESSEE_LEMMAS = frozenset(cue_classes()["addressee"])
PASSIVE_OBJECT_LEMMAS = frozenset(cue_classes()["passive_object"])
REFLEXIVE_ONLY_LEMMAS = frozenset(cue_classes()["reflexive_only"])
NOT_REFLEXIVE_LEMMAS = frozenset(cue_classes()["not_reflexive"])
NOT_WHEN_NEGATED = frozenset(cue_classes()["not_when_negated"])
#: Prepositions of an addressee set off by commas after an apposition.
ADDRESSEE_PREPS = {"gegenüber", "vor"}


def verb_content(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex, previous: Sentence | None
) -> Located | None:
    """The content, speaker and addressee of the statement at a speech verb, or None.

    In steps: bound the verb's clause (or find that the cue reports nothing here); a fronted
    "Das"/"Dies" points back to content elsewhere; find the speaker before, around or after
    the verb; apply the rules of cues with a speaker of their own (heißen, stehen, passives);
    then place the content with no speaker named, or after, before, or as object of the verb.
    """
    clause = _cue_clause(sentence, hit, quoted)
    if clause is None:
        return None
    tokens, left, pre = clause.tokens, clause.left, clause.pre
    if left == -1 and len(pre) == 1 and tokens[pre[0]].text in ("Dies", "Das", "Dieses"):
        return anaphoric(sentence, hit, previous)
    if left > 0 and tokens[left].text == "," and len(pre) == 1 and \
            tokens[pre[0]].text.lower() in ("das", "dies"):
        return anaphoric_after_comma(text, sentence, hit, left, quoted)
    if pre and tokens[pre[0]].text.lower() in CONDITIONAL_OPENERS:
        return None  # "Wenn Berlin geklagt hätte, …": a condition, not a report
    clause.subordinate = _is_subordinate(clause, hit)
    speaker, inverted = find_speaker(clause, hit, quoted)
    speaker, inverted, impersonal = cue_own_speaker(clause, hit, speaker, inverted)
    if speaker is None:
        return _content_without_speaker(text, sentence, hit, quoted, clause, impersonal)
    return _content_of_speaker(text, sentence, hit, quoted, clause, speaker, inverted)


def _cue_clause(sentence: Sentence, hit: CueHit, quoted: QuoteIndex) -> VerbClause | None:
    """The edges of the cue's clause, or None when the cue does not report in it."""
    tokens = sentence.tokens
    last = max(hit.tokens)
    left = boundary_before(tokens, min(hit.tokens), quoted)
    f = _finite_verb(tokens, hit, left)
    right = boundary_after(tokens, last, quoted)
    glued = next((k for k in range(last + 1, right) if tokens[k].text.lower() in ("dass", "daß")),
                 None)
    if glued is not None and not any(t.pos.startswith("V") for t in tokens[last + 1 : glued]):
        right = glued - 1  # "Er sagte dass …": a missing comma, the clause follows all the same
    if _reports_nothing(tokens, hit, f, left, right):
        return None
    left = _wie_clause_start(tokens, left, f, quoted)
    pre = list(range(left + 1, f))
    while pre and tokens[pre[0]].pos == "KON":
        pre.pop(0)
    return VerbClause(tokens, f, last, left, right, pre)


def _finite_verb(tokens: list[Token], hit: CueHit, left: int) -> int:
    """The cue's finite verb: "wird … zitiert", "wurde berichtet" take "werden", since the
    participle is often tagged as finite."""
    f = hit.finite
    if f == hit.head and tokens[f].text.endswith("t"):
        f = next((k for k in range(f - 1, left, -1)
                  if tokens[k].pos == "VAFIN" and tokens[k].lemma == "werden"), f)
    return f


def _reports_nothing(tokens: list[Token], hit: CueHit, f: int, left: int, right: int) -> bool:
    """Cues that report only with (or only without) "sich", or only when not negated."""
    lemma = hit.cue.lemma
    if lemma in REFLEXIVE_ONLY_LEMMAS and not any(
            t.text == "sich" for t in tokens[left + 1 : right]):
        return True  # "Die Statistik zeigt, …" shows; "Er zeigte sich besorgt, …" says
    if lemma in NOT_REFLEXIVE_LEMMAS and f + 1 < len(tokens) and tokens[f + 1].text == "sich":
        return True  # "Damit bestätigt sich die Befürchtung, dass …": nobody says it
    # "wollte nicht bestätigen, dass …": nothing said
    return lemma in NOT_WHEN_NEGATED and any(
        t.pos == "PTKNEG" for t in tokens[min(f, hit.head) + 1 : right])


def _wie_clause_start(tokens: list[Token], left: int, f: int, quoted: QuoteIndex) -> int:
    """``left`` moved before a "wie" when the wie-clause spans commas: "(…,) wie X, Sprecher
    von Y, mitteilte"."""
    wie = next((k for k in range(left - 1, -1, -1) if tokens[k].text.lower() == "wie"
                and (k == 0 or tokens[k - 1].text == ",")), None)
    if left >= 0 and wie is not None and not any(
        t.pos in FINITE_TAGS and not quoted.inside(t.start) for t in tokens[wie + 1 : f]
    ):
        return wie - 1
    return left


def _is_subordinate(clause: VerbClause, hit: CueHit) -> bool:
    """True when the prefield opens a subordinate clause ("wie X sagte", "der sagte")."""
    tokens, pre, f = clause.tokens, clause.pre, clause.finite
    subordinate = bool(pre) and (tokens[pre[0]].text.lower() in SUBORDINATORS
                                 or tokens[pre[0]].pos in ("KOUS", "PRELS", "PWAV"))
    if subordinate and pre[0] == 0 and tokens[0].text in ("Als", "Wie") and any(
            t.pos not in ("$.", "PTKVZ") and not t.pos.startswith(("VA", "VM"))
            for k, t in enumerate(tokens[f + 1 : clause.right], f + 1) if k not in hit.tokens):
        return False  # "Als Beispiel nannte er X": a fronted phrase, verb second
    return subordinate


def _content_without_speaker(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex, clause: VerbClause,
    impersonal: bool,
) -> Located | None:
    """The content of a cue with no speaker phrase: a reported clause all the same (the
    speaker is beyond these patterns: nobody named), an impersonal cue's content, or what a
    passive "Als Grund wurde … genannt" names."""
    tokens, f, right = clause.tokens, clause.finite, clause.right
    if not impersonal:
        if hit.cue.pattern == "verb" and hit.cue.kind != "other" and \
                hit.cue.lemma != "stehen":  # "Fest steht, dass …" reports nothing
            located = reported_clause(text, sentence, right, quoted)
            if located is not None and _complement_clause(tokens, right, quoted):
                return located, (hit.finite, hit.finite), None
        return None
    located = unnamed_content(text, sentence, hit, quoted, clause.left, right, clause.pre)
    if located is None and hit.cue.lemma in PASSIVE_OBJECT_LEMMAS and \
            tokens[f].lemma == "werden" and f < hit.head < right:
        begin = f + 1  # "Als Grund wurde [ein Defekt] genannt": what was named
        while begin < hit.head and tokens[begin].text.lower() in ("es", "man"):
            begin += 1
        if begin < hit.head and tokens[hit.head - 1].end - tokens[begin].start > 3:
            return (tokens[begin].start, tokens[hit.head - 1].end), (f, f), None
    return located


def _content_of_speaker(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex, clause: VerbClause,
    speaker: tuple[int, int], inverted: bool,
) -> Located | None:
    """Where the content of a named speaker's statement lies.

    A: after the verb: "X sagte, dass …" / "X sagte: „…“" / "Wie X mitteilte, …";
    B: before it: "…, sagte X." / "…, wie X mitteilte.";
    C: the verb's object: "X hat Berichte … zurückgewiesen".
    An inserted attribution after reported speech ("Sie wisse, dass …, hatte X gesagt und
    …, doch …") takes the reported clause before it, whatever follows: B before A.
    """
    tokens, f, left, pre = clause.tokens, clause.finite, clause.left, clause.pre
    subordinate = clause.subordinate
    after_speaker = speaker[1] if inverted else f + 1
    addressee = _addressee(clause, hit, after_speaker)
    end_of_clause = min(clause.right, len(tokens))
    right = clause.right
    if inverted and right == speaker[1] and right < len(tokens) and tokens[right].text == ",":
        right = _past_apposition(tokens, right, quoted)
    verb_final = all(t.pos == "$." for t in tokens[clause.last + 1 : right])
    wie_clause = subordinate and tokens[pre[0]].text.lower() == "wie" and verb_final
    after_clause = left >= 0 and tokens[left].text in (",", "“", "”", "«", "»", '"') and (
        (not pre and (inverted or speaker[0] == speaker[1])) or wie_clause)
    before_is_content = after_clause and content_stands_before(tokens, left, quoted)
    if not (before_is_content and inverted and reported_before(tokens, left, quoted)) and \
            not _own_main_clause(clause, right, quoted):  # "Nachdem X das gefordert hatte, …"
        located = reported_clause(text, sentence, right, quoted)
        if located is not None:
            return located, speaker, addressee
    if before_is_content:
        end = tokens[left].start
        return (content_before(text, sentence, end, quoted), end), speaker, addressee
    return object_content(text, sentence, hit, quoted, ObjectPlace(
        speaker, addressee, after_speaker, right, end_of_clause, subordinate))


def _addressee(clause: VerbClause, hit: CueHit, after_speaker: int) -> tuple[int, int] | None:
    """A dative phrase that closes the cue clause: "teilte Kirby Reportern mit"."""
    tokens, right = clause.tokens, clause.right
    np = noun_phrase_after(tokens, after_speaker)
    if np and tokens[np[0]].pos in ("NN", "ART") and (
        np[1] >= len(tokens) or np[1] in hit.tokens or np[1] == right
    ):
        before_comma = np[1] == right and right < len(tokens) and tokens[right].text == ","
        if not before_comma or hit.cue.lemma in ADDRESSEE_LEMMAS:
            return np
    return None


def _past_apposition(tokens: list[Token], right: int, quoted: QuoteIndex) -> int:
    """The clause's end moved past an apposition to an inverted speaker, and past an
    addressee set off by commas: "erklärte X, Direktor von Y, gegenüber der BBC, dass"."""
    apposition = noun_phrase_after(tokens, right + 1)
    if apposition and apposition[1] < len(tokens) and tokens[apposition[1]].text == ",":
        right = apposition[1]
        if right + 1 < len(tokens) and tokens[right + 1].text.lower() in ADDRESSEE_PREPS:
            nxt = boundary_after(tokens, right + 1, quoted)
            if nxt < len(tokens) and not any(t.pos.startswith("V")
                                             for t in tokens[right + 1 : nxt]):
                right = nxt
    return right


def _own_main_clause(clause: VerbClause, right: int, quoted: QuoteIndex) -> bool:
    """True when what follows the cue clause is not its content but a clause of its own:
    the main clause after an adverbial one ("Nachdem X das gefordert hatte, trat …"), or a
    second verb of the same subject ("… und glaubt, dass"; "wollte …, hielt sich aber …")."""
    tokens, pre, subordinate = clause.tokens, clause.pre, clause.subordinate
    if subordinate and tokens[pre[0]].text.lower() in ADVERBIAL_OPENERS and \
            right + 1 < len(tokens) and tokens[right + 1].pos in FINITE_TAGS:
        return True
    if any(tokens[k].pos == "KON" and tokens[k + 1].pos.startswith("V")
           for k in range(clause.last + 1, right - 1)):
        return True
    return not subordinate and right + 1 < len(tokens) and \
        tokens[right].text == "," and tokens[right + 1].pos in ("VVFIN", "VAFIN", "VMFIN") and \
        not is_subjunctive(tokens[right + 1]) and \
        not _conditional_clause(tokens, right + 1, quoted)


def _conditional_clause(tokens: list[Token], start: int, quoted: QuoteIndex) -> bool:
    """A clause with its verb first and a main clause after it: "sollten die Gespräche
    scheitern, droht ein Streik" (a condition inside what was said)."""
    end = boundary_after(tokens, start, quoted)
    return end + 1 < len(tokens) and tokens[end].text == "," and \
        tokens[end + 1].pos in FINITE_TAGS


def _complement_clause(tokens: list[Token], right: int, quoted: QuoteIndex) -> bool:
    """A dass/ob clause, a zu-infinitive or a clause in the Konjunktiv after the boundary at
    ``right`` ("Den Anwohnern wurde geraten, die Fenster zu schließen")."""
    if right + 1 >= len(tokens) or tokens[right].text not in (",", ":"):
        return False
    if tokens[right + 1].text.lower() in ("dass", "daß", "ob"):
        return True
    return complement_mood(tokens, right, quoted) in REPORTING_MOODS


def reported_before(tokens: list[Token], left: int, quoted: QuoteIndex) -> bool:
    """True when the clause before ``left`` is reported speech: its first finite verb is
    in Konjunktiv I, or it is a quotation."""
    if left > 0 and quoted.inside(tokens[left - 1].start) or tokens[left].text != ",":
        return True
    k = next((k for k in range(left) if tokens[k].pos in FINITE_TAGS), None)
    return k is not None and is_konjunktiv_one(tokens, k)


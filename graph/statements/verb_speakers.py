"""Who speaks at a speech verb: the subject before, around or after the finite verb.

German clause order puts the speaker before the finite verb ("X sagte"), after it when
something else stands in front ("…, sagte X"), in a subordinate clause ("wie X mitteilte"),
or names no subject but a source ("heißt es in …") or a passive's agent ("wurde vom Minister
begrüßt"). :mod:`newskg.graph.statements.verbs` bounds the clause and places the content.
"""

from __future__ import annotations

from dataclasses import dataclass

from newskg.graph.model import Token
from newskg.graph.statements.cues import CueHit, noun_phrase_with_participle
from newskg.graph.statements.lexicon import cue_classes, is_agentive
from newskg.graph.statements.objects import can_speak
from newskg.graph.text.clauses import clause_before
from newskg.graph.text.phrases import (
    FINITE_TAGS,
    noun_phrase_after,
    noun_phrase_before,
    phrase_with_attachments,
    sentence_subject,
)
from newskg.graph.text.quotes import QuoteIndex

IMPERSONAL_LEMMAS = frozenset(cue_classes()["impersonal"])

#: Adverbs right after a verb that continue the subject's sentence: ", nannte aber …".
_SECOND_PREDICATE = {"aber", "jedoch", "zudem", "außerdem", "ebenfalls", "gleichzeitig"}

#: Words that cannot open a subject ("Seinen Ausstieg hatte er angekündigt").
NOT_NOMINATIVE = {"den", "dem", "einen", "einem", "seinen", "seinem", "ihren", "ihrem", "diesen",
                  "diesem", "des", "allen", "jedem", "jeden", "unseren", "unserem", "ihm", "ihn",
                  "als"}  # "Als Begründung gaben die USA an": a fronted role, not the subject


@dataclass
class VerbClause:
    """The clause around one speech verb, as the steps of :func:`newskg.graph.statements.verbs.verb_content` read it."""

    tokens: list[Token]
    #: The finite verb (a passive's "werden" rather than a participle tagged finite).
    finite: int
    #: The cue's last token.
    last: int
    #: The boundary before the clause (-1 at the sentence start) and the one after it.
    left: int
    right: int
    #: The tokens between ``left`` and the finite verb, less a leading conjunction.
    pre: list[int]
    #: True when the cue stands in a subordinate clause ("wie X sagte", "der sagte").
    subordinate: bool = False


def _quoted_name(tokens: list[Token], i: int, quoted: QuoteIndex) -> tuple[int, int] | None:
    """A short quoted title as a speaker: "zitiert „BBC News“ aus …"."""
    if i >= len(tokens) or tokens[i].pos != "$(":
        return None
    region = quoted.region_at(tokens[i].start)
    if region is None or region[0] != tokens[i].start:
        return None
    end = next((k + 1 for k in range(i + 1, min(i + 7, len(tokens)))
                if tokens[k].start == region[1]), None)
    return (i, end) if end is not None and end - i > 2 else None


def _speaker_at(tokens: list[Token], i: int, quoted: QuoteIndex) -> tuple[int, int] | None:
    """The noun phrase at ``i`` as a speaker, with a quoted title that follows an article
    or a noun: "die „Computerwoche“", "die Zeitung „Die Zeit“", "„BBC News“"."""
    np = noun_phrase_with_participle(tokens, i)
    if np is None:
        if i < len(tokens) and tokens[i].pos == "ART":
            title = _quoted_name(tokens, i + 1, quoted)
            return (i, title[1]) if title else None
        return _quoted_name(tokens, i, quoted)
    title = _quoted_name(tokens, np[1], quoted)
    return (np[0], title[1]) if title and tokens[np[1] - 1].pos == "NN" else np


def _name_with_quoted_part(
    tokens: list[Token], start: int, end: int, quoted: QuoteIndex
) -> tuple[int, int] | None:
    """ "Karl Muster von der „Aktion Hilfe“ sagte": a noun phrase whose attachment names
    an organization in quotation marks, which the noun-phrase reader does not cross."""
    np = noun_phrase_after(tokens, start)
    if np is None or np[1] >= end:
        return None
    rest = tokens[np[1] : end]
    if any(quoted.inside(t.start) for t in rest) and all(
        quoted.inside(t.start) or t.pos in ("APPR", "APPRART", "ART", "$(") for t in rest
    ):
        return start, end
    return None


def _coordinated_subject(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """Two phrases joined as one subject in ``[start, end)``: "Die Polizei und die Feuerwehr
    erklärten", "Sowohl X als auch Y kündigten … an", "Das Ministerium für Arbeit und
    Soziales erklärte"."""
    first = start + 1 if tokens[start].text.lower() == "sowohl" else start
    for k in range(first + 1, end - 1):
        word = tokens[k].text.lower()
        width = 1 if word in ("und", "sowie") else \
            2 if word == "als" and tokens[k + 1].text.lower() == "auch" else 0
        if width and phrase_with_attachments(tokens, first, k) and \
                phrase_with_attachments(tokens, k + width, end):
            return start, end
    return None


def _agent(tokens: list[Token], begin: int, end: int) -> tuple[int, int] | None:
    """The agent of a passive: "von"/"vom"/"seitens" and a noun phrase in ``[begin, end)``."""
    for k in range(begin, min(end, len(tokens)) - 1):
        if tokens[k].text.lower() in ("von", "vom", "seitens"):
            np = noun_phrase_after(tokens, k + 1)
            if np and np[1] <= end and is_agentive(tokens, np):
                return np
    return None


def _source_after(tokens: list[Token], begin: int, end: int) -> tuple[int, int] | None:
    """The noun phrase after "in", "von", "aus" … within ``[begin, end)``."""
    for k in range(begin, min(end, len(tokens)) - 1):
        if tokens[k].text.lower() in ("in", "im", "bei", "beim", "von", "vom", "aus", "seitens"):
            np = noun_phrase_after(tokens, k + 1)
            if np and np[1] <= end:
                return np
    return None


def find_speaker(
    clause: VerbClause, hit: CueHit, quoted: QuoteIndex
) -> tuple[tuple[int, int] | None, bool]:
    """The speaker phrase and whether it stands after the verb (inverted)."""
    tokens, f, left, pre = clause.tokens, clause.finite, clause.left, clause.pre
    speaker: tuple[int, int] | None = None
    if clause.subordinate:
        speaker = _subordinate_speaker(clause, hit, quoted)
    elif pre and tokens[pre[0]].text.lower() not in NOT_NOMINATIVE and not (
        f + 1 < len(tokens) and tokens[f + 1].text in ("er", "ich", "wir")
    ):
        speaker = _fronted_speaker(clause, quoted)
    if speaker is None and not pre and left > 0 and not clause_before(tokens, left, quoted):
        speaker = sentence_subject(tokens, left)  # "Der Vorsitzende, X, bezeichnete …"
    if speaker is None and not clause.subordinate:
        return _speaker_after_verb(clause, quoted)
    return speaker, False


def _subordinate_speaker(
    clause: VerbClause, hit: CueHit, quoted: QuoteIndex
) -> tuple[int, int] | None:
    """The subject of a subordinate cue clause, or a relative pronoun's antecedent."""
    tokens, pre, left = clause.tokens, clause.pre, clause.left
    if tokens[pre[0]].pos == "PRELS" and left > 0:
        return noun_phrase_before(tokens, left)
    k = pre[0] + 1
    while k < clause.finite and tokens[k].pos in ("ADV", "ADJD", "PTKNEG"):
        k += 1  # "wie schon die WHO sagte"
    np = _speaker_at(tokens, k, quoted)
    return np if np and np[1] <= hit.head else None


def _fronted_speaker(clause: VerbClause, quoted: QuoteIndex) -> tuple[int, int] | None:
    """The phrase before the finite verb of a main clause as its subject, unless it is a
    fronted object and the subject follows the verb."""
    tokens, f, start = clause.tokens, clause.finite, clause.pre[0]
    end = f
    while end - 1 > start and tokens[end - 1].pos == "ADV" and \
            tokens[end - 2].pos in ("NN", "NE", "FM", "XY", "PPER"):
        end -= 1  # "Die Grünen dagegen sehen", "das FBI seinerseits versprach"
    np = noun_phrase_before(tokens, end, start)
    if np and np[0] == start:
        speaker = np
    else:
        speaker = phrase_with_attachments(tokens, start, end) or \
            _name_with_quoted_part(tokens, start, end, quoted) or \
            _quoted_name(tokens, start, quoted) or _coordinated_subject(tokens, start, end)
    if speaker is not None and not is_agentive(tokens, speaker):
        k = f + 1
        while k < len(tokens) and tokens[k].pos in ("ADV", "PRF", "PTKNEG"):
            k += 1
        after = noun_phrase_after(tokens, k)
        if after and is_agentive(tokens, after):
            return None  # a fronted object: "Die Pläne kritisierte die Opposition"
    return speaker


def _speaker_after_verb(
    clause: VerbClause, quoted: QuoteIndex
) -> tuple[tuple[int, int] | None, bool]:
    """The subject after the finite verb ("sagte X"), or the fallbacks when there is none:
    an adverb-fronted subject, an apposition's head, a coordinated clause's subject."""
    tokens, f, left, pre = clause.tokens, clause.finite, clause.left, clause.pre
    start = f + 1
    while start < len(tokens) and (tokens[start].pos in ("PRF", "PTKNEG", "ADV") or (
            tokens[start].pos == "ADJD" and start + 1 < len(tokens)
            and tokens[start + 1].pos in ("ART", "NE", "PPOSAT"))):  # "später der …"
        start += 1  # "erinnerte sich Trotnow", "erklärten nur die Gefängnisse"
    speaker = _speaker_at(tokens, start, quoted)
    if speaker is not None and tokens[speaker[0]].text.lower() in NOT_NOMINATIVE:
        speaker = None  # "nannte seinen Platzverweis …": an object, not the subject
    coordinated = f > 0 and (tokens[f - 1].pos == "KON" or left == f - 1 and (
        f + 1 < len(tokens) and tokens[f + 1].text.lower() in _SECOND_PREDICATE))
    if speaker is not None and coordinated and \
            not quoted.inside(tokens[speaker[0]].start) and \
            tokens[speaker[0]].pos != "$(" and not can_speak(tokens, speaker):
        speaker = None  # "…, nannte aber keine Einzelheiten": an object, no speaker
    if speaker is not None:
        return speaker, True
    if pre:
        np = noun_phrase_before(tokens, f, pre[0])
        if np and tokens[pre[0]].pos in ("ADV", "PROAV", "ADJD"):
            return np, False  # "Auch Feinstein argumentierte"
    if not pre and left > 0:
        speaker = sentence_subject(tokens, left)  # "X, Sprecher von Y, sagte"
        if speaker is not None:
            return speaker, False
    if f > 0 and (tokens[f - 1].pos == "KON" or coordinated):
        np = noun_phrase_after(tokens, 0)  # "Podolski war dort und sagte, …"
        if np and np[1] < len(tokens) and tokens[np[1]].pos in FINITE_TAGS:
            return np, False
    return None, bool(pre) or left <= 0


def cue_own_speaker(
    clause: VerbClause, hit: CueHit, speaker: tuple[int, int] | None, inverted: bool
) -> tuple[tuple[int, int] | None, bool, bool]:
    """Cues whose speaker is not their subject: a source ("heißt es in …", "aus dem Bericht
    geht hervor", "in dem Bericht steht"), a passive's agent; "es" and "man" name nobody.
    Returns the speaker, whether it is inverted, and whether the cue is impersonal."""
    tokens, f, left, right = clause.tokens, clause.finite, clause.left, clause.right
    lemma = hit.cue.lemma
    impersonal = speaker is not None and tokens[speaker[0]].text.lower() in ("es", "man") \
        or lemma in IMPERSONAL_LEMMAS
    if lemma == "heißen":  # "heißt es in einer Mitteilung der Polizei"
        speaker = _source_after(tokens, f + 1, right)
        impersonal = True
    if lemma == "hervorgehen" and left + 1 < f:  # "Aus dem Bericht geht hervor"
        speaker = _source_after(tokens, left + 1, f) or speaker
    if lemma == "stehen":  # "In dem Bericht steht, dass …": a written source only
        in_source = tokens[left + 1].text.lower() in ("in", "im") if left + 1 < f else False
        speaker = _source_after(tokens, left + 1, f) if in_source else None
    if lemma == "heißen" and speaker is None and left + 1 < f:
        speaker = _source_after(tokens, left + 1, f)  # "In der Mitteilung heißt es, …"
    if lemma != "zitieren" and _passive(tokens, f, hit.head):
        # "…, wird Panetta zitiert" is left alone: the one quoted is the subject, and the
        # speaker; other passives name their speaker, if at all, as agent: "wurde vom
        # Minister begrüßt"
        speaker = _agent(tokens, f + 1, max(hit.head, right)) or _agent(tokens, left + 1, f)
        inverted = True
        impersonal = True
    if speaker is not None and tokens[speaker[0]].text.lower() in ("es", "man"):
        speaker = None
    return speaker, inverted, impersonal


def _passive(tokens: list[Token], f: int, head: int) -> bool:
    """A "werden" passive: "wurde … begrüßt"."""
    return tokens[f].lemma == "werden" and f != head and (
        tokens[head].pos == "VVPP" or tokens[head].text.endswith("t"))

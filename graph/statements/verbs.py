"""Statements at a speech verb: where its speaker and content lie in German clause order.

Content stands before the verb ("…, sagte X"), after it (X sagte, dass …; X sagte: „…“),
or is the verb's object (X hat … zurückgewiesen); the speaker is the noun phrase before
the finite verb, or after it when something else stands in front, or a passive's agent.
The verb's object as content is :mod:`newskg.graph.statements.objects`.
"""

from __future__ import annotations

from newskg.graph.model import Sentence, Token
from newskg.graph.statements.cues import SUBORDINATORS, CueHit, noun_phrase_with_participle
from newskg.graph.statements.frames import (
    Located,
    anaphoric,
    anaphoric_after_comma,
    unnamed_content,
)
from newskg.graph.statements.lexicon import cue_classes, is_agentive
from newskg.graph.statements.objects import ObjectPlace, can_speak, object_content
from newskg.graph.text.clauses import (
    ADVERBIAL_OPENERS,
    CONDITIONAL_OPENERS,
    REPORTING_MOODS,
    boundary_after,
    boundary_before,
    clause_before,
    complement_mood,
    content_before,
    content_stands_before,
    reported_clause,
)
from newskg.graph.text.mood import is_konjunktiv_one, is_subjunctive
from newskg.graph.text.tokens import (
    FINITE_TAGS,
    QuoteIndex,
    noun_phrase_after,
    noun_phrase_before,
    phrase_with_attachments,
    sentence_subject,
)

ADDRESSEE_LEMMAS = frozenset(cue_classes()["addressee"])
PASSIVE_OBJECT_LEMMAS = frozenset(cue_classes()["passive_object"])
REFLEXIVE_ONLY_LEMMAS = frozenset(cue_classes()["reflexive_only"])
IMPERSONAL_LEMMAS = frozenset(cue_classes()["impersonal"])
NOT_REFLEXIVE_LEMMAS = frozenset(cue_classes()["not_reflexive"])
NOT_WHEN_NEGATED = frozenset(cue_classes()["not_when_negated"])


#: Adverbs right after a verb that continue the subject's sentence: ", nannte aber …".
_SECOND_PREDICATE = {"aber", "jedoch", "zudem", "außerdem", "ebenfalls", "gleichzeitig"}
#: Prepositions of an addressee set off by commas after an apposition.
ADDRESSEE_PREPS = {"gegenüber", "vor"}


#: Words that cannot open a subject ("Seinen Ausstieg hatte er angekündigt").
NOT_NOMINATIVE = {"den", "dem", "einen", "einem", "seinen", "seinem", "ihren", "ihrem", "diesen",
                  "diesem", "des", "allen", "jedem", "jeden", "unseren", "unserem", "ihm", "ihn",
                  "als"}  # "Als Begründung gaben die USA an": a fronted role, not the subject


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


def verb_content(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex, previous: Sentence | None
) -> Located | None:
    tokens = sentence.tokens
    f = hit.finite
    last = max(hit.tokens)
    left = boundary_before(tokens, min(hit.tokens), quoted)
    if f == hit.head and tokens[f].text.endswith("t"):
        # "wird … zitiert", "wurde berichtet": the participle is often tagged as finite
        f = next((k for k in range(f - 1, left, -1)
                  if tokens[k].pos == "VAFIN" and tokens[k].lemma == "werden"), f)
    right = boundary_after(tokens, last, quoted)
    glued = next((k for k in range(last + 1, right) if tokens[k].text.lower() in ("dass", "daß")),
                 None)
    if glued is not None and not any(t.pos.startswith("V") for t in tokens[last + 1 : glued]):
        right = glued - 1  # "Er sagte dass …": a missing comma, the clause follows all the same
    if hit.cue.lemma in REFLEXIVE_ONLY_LEMMAS and not any(
            t.text == "sich" for t in tokens[left + 1 : right]):
        return None  # "Die Statistik zeigt, …" shows; "Er zeigte sich besorgt, …" says
    if hit.cue.lemma in NOT_REFLEXIVE_LEMMAS and f + 1 < len(tokens) and \
            tokens[f + 1].text == "sich":
        return None  # "Damit bestätigt sich die Befürchtung, dass …": nobody says it
    if hit.cue.lemma in NOT_WHEN_NEGATED and any(
            t.pos == "PTKNEG" for t in tokens[min(f, hit.head) + 1 : right]):
        return None  # "wollte nicht bestätigen, dass …": nothing said
    wie = next((k for k in range(left - 1, -1, -1) if tokens[k].text.lower() == "wie"
                and (k == 0 or tokens[k - 1].text == ",")), None)
    if left >= 0 and wie is not None and not any(
        t.pos in FINITE_TAGS and not quoted.inside(t.start) for t in tokens[wie + 1 : f]
    ):
        left = wie - 1  # "(…,) wie X, Sprecher von Y, mitteilte": the wie-clause spans commas
    pre = list(range(left + 1, f))
    while pre and tokens[pre[0]].pos == "KON":
        pre.pop(0)
    if left == -1 and len(pre) == 1 and tokens[pre[0]].text in ("Dies", "Das", "Dieses"):
        return anaphoric(sentence, hit, previous)
    if left > 0 and tokens[left].text == "," and len(pre) == 1 and \
            tokens[pre[0]].text.lower() in ("das", "dies"):
        return anaphoric_after_comma(text, sentence, hit, left, quoted)
    speaker: tuple[int, int] | None = None
    inverted = False
    if pre and tokens[pre[0]].text.lower() in CONDITIONAL_OPENERS:
        return None  # "Wenn Berlin geklagt hätte, …": a condition, not a report
    subordinate = bool(pre) and (tokens[pre[0]].text.lower() in SUBORDINATORS
                                 or tokens[pre[0]].pos in ("KOUS", "PRELS", "PWAV"))
    if subordinate and pre[0] == 0 and tokens[0].text in ("Als", "Wie") and any(
            t.pos not in ("$.", "PTKVZ") and not t.pos.startswith(("VA", "VM"))
            for k, t in enumerate(tokens[f + 1 : right], f + 1) if k not in hit.tokens):
        subordinate = False  # "Als Beispiel nannte er X": a fronted phrase, verb second
    if subordinate:
        if tokens[pre[0]].pos == "PRELS" and left > 0:
            speaker = noun_phrase_before(tokens, left)
        else:
            k = pre[0] + 1
            while k < f and tokens[k].pos in ("ADV", "ADJD", "PTKNEG"):
                k += 1  # "wie schon die WHO sagte"
            np = _speaker_at(tokens, k, quoted)
            speaker = np if np and np[1] <= hit.head else None
    elif pre and tokens[pre[0]].text.lower() not in NOT_NOMINATIVE and not (
        f + 1 < len(tokens) and tokens[f + 1].text in ("er", "ich", "wir")
    ):
        end = f
        while end - 1 > pre[0] and tokens[end - 1].pos == "ADV" and \
                tokens[end - 2].pos in ("NN", "NE", "FM", "XY", "PPER"):
            end -= 1  # "Die Grünen dagegen sehen", "das FBI seinerseits versprach"
        np = noun_phrase_before(tokens, end, pre[0])
        if np and np[0] == pre[0]:
            speaker = np
        else:
            speaker = phrase_with_attachments(tokens, pre[0], end) or \
                _name_with_quoted_part(tokens, pre[0], end, quoted) or \
                _quoted_name(tokens, pre[0], quoted) or _coordinated_subject(tokens, pre[0], end)
        if speaker is not None and not is_agentive(tokens, speaker):
            k = f + 1
            while k < len(tokens) and tokens[k].pos in ("ADV", "PRF", "PTKNEG"):
                k += 1
            after = noun_phrase_after(tokens, k)
            if after and is_agentive(tokens, after):
                speaker = None  # a fronted object: "Die Pläne kritisierte die Opposition"
    if speaker is None and not pre and left > 0 and not clause_before(tokens, left, quoted):
        speaker = sentence_subject(tokens, left)  # "Der Vorsitzende, X, bezeichnete …"
    if speaker is None and not subordinate:
        inverted = True
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
        if speaker is None and pre:
            np = noun_phrase_before(tokens, f, pre[0])
            if np and tokens[pre[0]].pos in ("ADV", "PROAV", "ADJD"):
                speaker, inverted = np, False  # "Auch Feinstein argumentierte"
        if speaker is None and not pre and left > 0:
            speaker = sentence_subject(tokens, left)  # "X, Sprecher von Y, sagte"
            inverted = False
        if speaker is None and f > 0 and (tokens[f - 1].pos == "KON" or coordinated):
            np = noun_phrase_after(tokens, 0)  # "Podolski war dort und sagte, …"
            if np and np[1] < len(tokens) and tokens[np[1]].pos in FINITE_TAGS:
                speaker, inverted = np, False
    impersonal = speaker is not None and tokens[speaker[0]].text.lower() in ("es", "man") \
        or hit.cue.lemma in IMPERSONAL_LEMMAS
    if hit.cue.lemma == "heißen":  # "heißt es in einer Mitteilung der Polizei"
        speaker = _source_after(tokens, f + 1, right)
        impersonal = True
    if hit.cue.lemma == "hervorgehen" and left + 1 < f:  # "Aus dem Bericht geht hervor"
        speaker = _source_after(tokens, left + 1, f) or speaker
    if hit.cue.lemma == "stehen":  # "In dem Bericht steht, dass …": a written source only
        in_source = tokens[left + 1].text.lower() in ("in", "im") if left + 1 < f else False
        speaker = _source_after(tokens, left + 1, f) if in_source else None
    if hit.cue.lemma == "heißen" and speaker is None and left + 1 < f:
        speaker = _source_after(tokens, left + 1, f)  # "In der Mitteilung heißt es, …"
    if hit.cue.lemma == "zitieren":
        pass  # "…, wird Panetta zitiert": the one quoted is the subject, and the speaker
    elif tokens[f].lemma == "werden" and f != hit.head and (
        tokens[hit.head].pos == "VVPP" or tokens[hit.head].text.endswith("t")
    ):
        # a passive names its speaker, if at all, as agent: "wurde vom Minister begrüßt"
        speaker = _agent(tokens, f + 1, max(hit.head, right)) or _agent(tokens, left + 1, f)
        inverted = True
        impersonal = True
    if speaker is not None and tokens[speaker[0]].text.lower() in ("es", "man"):
        speaker = None
    if speaker is None:
        if not impersonal:
            # No speaker found, but a reported clause makes it a statement all the same
            # (the speaker phrase is beyond these patterns): nobody named.
            if hit.cue.pattern == "verb" and hit.cue.kind != "other" and \
                    hit.cue.lemma != "stehen":  # "Fest steht, dass …" reports nothing
                clause = reported_clause(text, sentence, right, quoted)
                if clause is not None and _complement_clause(tokens, right, quoted):
                    return clause, (hit.finite, hit.finite), None
            return None
        located = unnamed_content(text, sentence, hit, quoted, left, right, pre)
        if located is None and hit.cue.lemma in PASSIVE_OBJECT_LEMMAS and \
                tokens[f].lemma == "werden" and f < hit.head < right:
            begin = f + 1  # "Als Grund wurde [ein Defekt] genannt": what was named
            while begin < hit.head and tokens[begin].text.lower() in ("es", "man"):
                begin += 1
            if begin < hit.head and tokens[hit.head - 1].end - tokens[begin].start > 3:
                return (tokens[begin].start, tokens[hit.head - 1].end), (f, f), None
        return located
    after_speaker = speaker[1] if inverted else f + 1
    addressee = None
    np = noun_phrase_after(tokens, after_speaker)
    if np and tokens[np[0]].pos in ("NN", "ART") and (
        np[1] >= len(tokens) or np[1] in hit.tokens or np[1] == right
    ):
        # "teilte Kirby Reportern mit": a dative phrase that closes the cue clause
        before_comma = np[1] == right and right < len(tokens) and tokens[right].text == ","
        if not before_comma or hit.cue.lemma in ADDRESSEE_LEMMAS:
            addressee = np
    end_of_clause = min(right, len(tokens))
    if inverted and right == speaker[1] and right < len(tokens) and tokens[right].text == ",":
        apposition = noun_phrase_after(tokens, right + 1)  # "erklärte X, Direktor von Y, …"
        if apposition and apposition[1] < len(tokens) and tokens[apposition[1]].text == ",":
            right = apposition[1]
            if right + 1 < len(tokens) and tokens[right + 1].text.lower() in ADDRESSEE_PREPS:
                nxt = boundary_after(tokens, right + 1, quoted)  # "…, gegenüber der BBC, dass"
                if nxt < len(tokens) and not any(t.pos.startswith("V")
                                                 for t in tokens[right + 1 : nxt]):
                    right = nxt
    # A: "X sagte, dass …" / "X sagte: „…“" / "Wie X mitteilte, …"
    # (An inserted attribution after reported speech, "Sie wisse, dass …, hatte X gesagt
    # und …, doch …", takes the reported clause before it, whatever follows: B before A.)
    verb_final = all(t.pos == "$." for t in tokens[last + 1 : right])
    wie_clause = subordinate and tokens[pre[0]].text.lower() == "wie" and verb_final
    after_clause = left >= 0 and tokens[left].text in (",", "“", "”", "«", "»", '"') and (
        (not pre and (inverted or speaker[0] == speaker[1])) or wie_clause)
    main_after = subordinate and tokens[pre[0]].text.lower() in ADVERBIAL_OPENERS and \
        right + 1 < len(tokens) and tokens[right + 1].pos in FINITE_TAGS
    second_verb = any(tokens[k].pos == "KON" and tokens[k + 1].pos.startswith("V")
                      for k in range(last + 1, right - 1))  # "… und glaubt, dass": its own
    second_verb = second_verb or not subordinate and right + 1 < len(tokens) and \
        tokens[right].text == "," and tokens[right + 1].pos in ("VVFIN", "VAFIN", "VMFIN") and \
        not is_subjunctive(tokens[right + 1]) and \
        not _conditional_clause(tokens, right + 1, quoted)  # "wollte …, hielt sich aber …"
    before_is_content = after_clause and content_stands_before(tokens, left, quoted)
    if not (before_is_content and inverted and reported_before(tokens, left, quoted)) and \
            not main_after and not second_verb:  # "Nachdem X das gefordert hatte, …"
        clause = reported_clause(text, sentence, right, quoted)
        if clause is not None:
            return clause, speaker, addressee
    # B: "…, sagte X." / "…, wie X mitteilte."
    if before_is_content:
        end = tokens[left].start
        return (content_before(text, sentence, end, quoted), end), speaker, addressee
    # C: the content is the verb's object: "X hat Berichte … zurückgewiesen".
    return object_content(text, sentence, hit, quoted, ObjectPlace(
        speaker, addressee, after_speaker, right, end_of_clause, subordinate))


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


"""Attributed statements: who said what, found by cue words and German clause order.

A statement hangs on a cue (:mod:`newskg.graph.statement_cues`). For a speech verb, where
its content and speaker lie follows from the position of the verb in its clause: content
before ("…, sagte X"), after (X sagte, dass …; X sagte: „…“), or as the verb's object
(X hat … zurückgewiesen); the speaker is the noun phrase before the finite verb, or after
it when something else stands in front. Frames ("laut X", ", so X") and colons before a
quotation are read by :mod:`newskg.graph.statement_frames`, cue-less continuations by
:mod:`newskg.graph.statement_continuations`; speakers are then resolved to canonical actors
by :mod:`newskg.graph.coref`.
"""

from __future__ import annotations

from dataclasses import replace

from newskg.graph.coref import UNNAMED_SOURCE
from newskg.graph.model import Actor, Document, Mention, Sentence, Span, Statement, Token
from newskg.graph.mood import is_konjunktiv_one
from newskg.graph.statement_continuations import add_continuations
from newskg.graph.statement_cues import (
    SUBORDINATORS,
    CueHit,
    cue_lexicon,
    find_cues,
    is_agentive,
    noun_phrase_with_participle,
)
from newskg.graph.statement_frames import (
    Located,
    anaphoric,
    anaphoric_after_comma,
    boundary_after,
    boundary_before,
    colon_quote,
    content_after,
    content_before,
    frame_bounds,
    reported_clause,
    unnamed_content,
)
from newskg.graph.statement_moods import mood_cues
from newskg.graph.statement_nouns import noun_bounds, noun_cues
from newskg.graph.statement_quotations import add_quotations
from newskg.graph.text import (
    BOUNDARY,
    FINITE_TAGS,
    QuoteIndex,
    noun_phrase_after,
    noun_phrase_before,
    phrase_with_attachments,
    sentence_subject,
    trim,
)

__all__ = ["cue_lexicon", "find_cues", "find_statements", "statements_in_sentence"]


#: Cues whose clause may end in an addressee right before the reported clause.
ADDRESSEE_LEMMAS = {"mitteilen", "sagen", "erklären", "versichern", "berichten"}
#: Prepositions of an addressee set off by commas after an apposition.
ADDRESSEE_PREPS = {"gegenüber", "vor"}
#: Words that cannot open a subject ("Seinen Ausstieg hatte er angekündigt").
NOT_NOMINATIVE = {"den", "dem", "einen", "einem", "seinen", "seinem", "ihren", "ihrem", "diesen",
                  "diesem", "des", "allen", "jedem", "jeden", "unseren", "unserem", "ihm", "ihn"}
#: Cues whose object may be the content itself ("X hat die Berichte zurückgewiesen").
OBJECT_KINDS = {"denial", "report", "demand", "warning", "announcement", "claim"}
OBJECT_LEMMAS = {"bestätigen", "bezeichnen", "nennen", "einräumen", "zugeben", "beschreiben",
                 "sprechen", "begründen", "beziffern", "ausgehen", "werten", "einstufen",
                 "beurteilen", "bewerten", "hinweisen", "erwägen"}

#: Cues that report speech only with a clause: as objects they mostly name acts, not
#: statements ("bestätigte den Termin", "lehnte den Antrag ab", "bat um Geduld", "gab
#: die Preise bekannt", "kritisierte die Entscheidung", "drohte mit Streik").
CLAUSE_ONLY_LEMMAS = {"bestätigen", "ablehnen", "bitten", "versprechen", "informieren",
                      "einräumen", "dementieren", "begrüßen", "zeigen", "aufrufen",
                      "ergeben", "hervorgehen", "erinnern", "entscheiden", "stehen",
                      "bekanntgeben", "kritisieren", "drohen", "melden", "beschließen",
                      "befürchten", "verkünden", "bemängeln", "vorschlagen", "zusichern",
                      "bedauern", "schildern", "drängen", "loben", "skandieren",
                      "beschuldigen", "verbreiten", "anbieten", "ansehen"}
#: Cues whose object is what was said only after their preposition ("sprach von einem
#: Erfolg", "berichtete über den Unfall").
PREPOSITIONAL_OBJECTS = {"sprechen": ("von", "vom", "davon")}
#: Verbs of judging, whose object reports a view only with "als" ("wertete den Schritt als
#: Erfolg").
JUDGEMENT_LEMMAS = {"werten", "einstufen", "beurteilen", "bewerten"}
#: Cues that name no speaker: "Es wurde bekannt, dass …".
IMPERSONAL_LEMMAS = {"bekannt werden"}
#: Phrasal cues ("ist der Ansicht") report speech only with a clause, as well.
PHRASE_LEMMA_WORDS = (" sein", " kommen", " halten")

def content_bounds(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex,
    previous: Sentence | None = None,
) -> Located | None:
    """Content span, speaker tokens and addressee tokens of a cue, or None if none fit."""
    if hit.cue.pattern == "noun":
        return noun_bounds(text, sentence, hit, quoted)
    if hit.cue.pattern != "verb":
        return frame_bounds(text, sentence, hit, quoted)
    return _verb_content(text, sentence, hit, quoted, previous)


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


def _verb_content(
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
    if left >= 0 and tokens[0].text.lower() == "wie" and not any(
        t.pos in FINITE_TAGS and not quoted.inside(t.start) for t in tokens[1:f]
    ):
        left = -1  # "Wie X, Sprecher von Y, mitteilte, …": the wie-clause spans the commas
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
    subordinate = bool(pre) and (tokens[pre[0]].text.lower() in SUBORDINATORS
                                 or tokens[pre[0]].pos in ("KOUS", "PRELS", "PWAV"))
    if subordinate and pre[0] == 0 and tokens[0].text in ("Als", "Wie") and any(
            t.pos not in ("$.", "PTKVZ") and not t.pos.startswith(("VA", "VM"))
            for t in tokens[last + 1 : right]):
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
                _quoted_name(tokens, pre[0], quoted)
        if speaker is not None and not is_agentive(tokens, speaker):
            k = f + 1
            while k < len(tokens) and tokens[k].pos in ("ADV", "PRF", "PTKNEG"):
                k += 1
            after = noun_phrase_after(tokens, k)
            if after and is_agentive(tokens, after):
                speaker = None  # a fronted object: "Die Pläne kritisierte die Opposition"
    if speaker is None and not subordinate:
        inverted = True
        start = f + 1
        while start < len(tokens) and tokens[start].pos in ("PRF", "PTKNEG", "ADV"):
            start += 1  # "erinnerte sich Trotnow", "erklärten nur die Gefängnisse"
        speaker = _speaker_at(tokens, start, quoted)
        if speaker is not None and tokens[speaker[0]].text.lower() in NOT_NOMINATIVE:
            speaker = None  # "nannte seinen Platzverweis …": an object, not the subject
        if speaker is None and pre:
            np = noun_phrase_before(tokens, f, pre[0])
            if np and tokens[pre[0]].pos in ("ADV", "PROAV", "ADJD"):
                speaker, inverted = np, False  # "Auch Feinstein argumentierte"
        if speaker is None and not pre and left > 0:
            speaker = sentence_subject(tokens, left)  # "X, Sprecher von Y, sagte"
            inverted = False
        if speaker is None and f > 0 and tokens[f - 1].pos == "KON":
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
        speaker, inverted = _agent(tokens, f + 1, max(hit.head, right)), True
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
        return unnamed_content(text, sentence, hit, quoted, left, right, pre)
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
    if not (after_clause and inverted and _reported_before(tokens, left, quoted)):
        clause = reported_clause(text, sentence, right, quoted)
        if clause is not None:
            return clause, speaker, addressee
    # B: "…, sagte X." / "…, wie X mitteilte."
    if after_clause:
        end = tokens[left].start
        return (content_before(text, sentence, end, quoted), end), speaker, addressee
    # C: the content is the verb's object: "X hat Berichte … zurückgewiesen".
    negated = any(t.pos == "PTKNEG" for t in tokens[f + 1 : max(hit.tokens)])
    if (hit.cue.kind in OBJECT_KINDS or hit.cue.lemma in OBJECT_LEMMAS) and not negated and \
            hit.cue.lemma not in CLAUSE_ONLY_LEMMAS and \
            not hit.cue.lemma.endswith(PHRASE_LEMMA_WORDS) and \
            (speaker[0] == speaker[1] or is_agentive(tokens, speaker)):
        # (only someone can say something: "Die Flut forderte 92 Menschenleben" says nothing)
        begin = max(after_speaker, addressee[1] if addressee else 0, f + 1)
        if hit.cue.lemma in PREPOSITIONAL_OBJECTS and not any(
                t.text.lower() in PREPOSITIONAL_OBJECTS[hit.cue.lemma]
                for t in tokens[begin : begin + 3]):
            return None  # "sprach mit der Freundin", "ein Urteil sprechen": no report
        if hit.cue.lemma in JUDGEMENT_LEMMAS and not any(
                t.text == "als" for t in tokens[min(f, hit.head) : max(f, hit.head, right)]):
            return None  # "bewertete die Leistung" judges nothing aloud; "… als Erfolg" does
        end_token = hit.head if hit.head > f else end_of_clause
        if hit.tokens[-1] > f and hit.tokens[-1] < end_token:
            end_token = hit.tokens[-1]
        if hit.head > f:  # participle/particle at the end: content runs up to it
            end_token = max(j for j in hit.tokens)
            end_token = min(end_token, len(tokens))
            begin_char = tokens[begin].start if begin < len(tokens) else sentence.end
            end_char = tokens[end_token].start if end_token < len(tokens) else sentence.end
        else:
            if begin >= len(tokens):
                return None
            begin_char = tokens[begin].start
            end_char = content_after(text, sentence, begin_char, quoted)
        if end_char - begin_char > 3:
            return (begin_char, end_char), speaker, addressee
    return None


def _complement_clause(
    tokens: list[Token], right: int, quoted: QuoteIndex
) -> bool:
    """A dass/ob clause, a zu-infinitive or a clause in Konjunktiv I after the boundary at
    ``right``."""
    if right + 1 >= len(tokens) or tokens[right].text not in (",", ":"):
        return False
    if tokens[right + 1].text.lower() in ("dass", "daß", "ob"):
        return True
    for k in range(right + 1, len(tokens)):
        tok = tokens[k]
        if quoted.inside(tok.start):
            continue
        if tok.text in BOUNDARY or tok.pos == "$.":
            return False
        if tok.pos in FINITE_TAGS:
            return is_konjunktiv_one(tokens, k)
        if tok.pos == "VVIZU" or (tok.text == "zu" and k + 1 < len(tokens)
                                  and tokens[k + 1].pos.endswith("INF")):
            return True  # "Den Anwohnern wurde geraten, die Fenster zu schließen"
    return False


def _reported_before(tokens: list[Token], left: int, quoted: QuoteIndex) -> bool:
    """True when the clause before ``left`` is reported speech: its first finite verb is
    in Konjunktiv I, or it is a quotation."""
    if left > 0 and quoted.inside(tokens[left - 1].start) or tokens[left].text != ",":
        return True
    k = next((k for k in range(left) if tokens[k].pos in FINITE_TAGS), None)
    return k is not None and is_konjunktiv_one(tokens, k)


def statements_in_sentence(
    document: Document, sentence: Sentence, quoted: QuoteIndex
) -> list[Statement]:
    """Statements whose cue stands in ``sentence`` (speakers not yet resolved).

    A cue inside another statement's content is nested speech and is dropped. Statements
    whose content precedes their cue ("…, sagte X") frame everything before them, so they
    are taken first; a cue coordinated with an earlier one ("X sagte …, und fügte hinzu,
    dass …") ends the earlier content instead.
    """
    candidates = []
    hits = find_cues(sentence, quoted)
    taken = {k for hit in hits for k in hit.tokens}
    hits += mood_cues(sentence, quoted, taken)
    hits += noun_cues(sentence, quoted, taken)
    for hit in hits:
        statement = _build(document, sentence, hit, quoted)
        if statement is not None:
            candidates.append((hit, statement))
            second = _clause_after_attribution(document, sentence, hit, statement, quoted)
            if second is not None:
                candidates.append((hit, second))
    if not candidates:
        colon = colon_quote(document, sentence, quoted)
        return [colon] if colon else []
    cue_at = {id(st): st.cue_spans[0].start for _, st in candidates}
    opening_wie = sentence.tokens[0].text == "Wie"  # "Wie X berichtete, soll laut Y …"
    candidates.sort(key=lambda pair: (
        opening_wie and pair[1].cue_lemma in ("laut", "zufolge", "gemäß", "nach"),
        pair[1].content.end > cue_at[id(pair[1])], cue_at[id(pair[1])]))
    accepted: list[Statement] = []
    for hit, statement in candidates:
        if any(a.content == statement.content for a in accepted):
            continue  # "hatte X gesagt und … verwiesen": two cues of one content
        head_at = sentence.tokens[hit.head].start
        outer = next((a for a in accepted if a.content.start <= head_at < a.content.end), None)
        if outer is not None:
            start = _coordinated_start(sentence.tokens, hit, quoted)
            if start is None or start <= outer.content.start:
                continue
            _set_content(document, outer, outer.content.start, start, quoted)
        accepted.append(statement)
    accepted = [st for st in accepted if not any(  # "Nach Angaben X, die … mitteilte, …"
        other is not st and other.mention.start <= st.cue_spans[0].start < other.mention.end
        for other in accepted)]
    return sorted(accepted, key=lambda st: st.content.start)


def _clause_after_attribution(
    document: Document, sentence: Sentence, hit: CueHit, statement: Statement,
    quoted: QuoteIndex,
) -> Statement | None:
    """The reported clause after an inserted attribution whose content stands before it:
    "Sie sei geschockt, sagte die Königin, ihre „Gedanken sind bei allen“." is two
    statements of one speaker."""
    tokens = sentence.tokens
    cue_start = statement.cue_spans[0].start
    if not statement.content.end <= cue_start or statement.mention.end <= cue_start:
        return None
    left = boundary_before(tokens, min(hit.tokens), quoted)
    if left < 0 or not _reported_before(tokens, left, quoted):
        return None
    last = max(k for k, t in enumerate(tokens)
               if t.end <= statement.mention.end or k in hit.tokens)
    right = boundary_after(tokens, last, quoted)
    clause = reported_clause(document.text, sentence, right, quoted)
    if clause is None or right + 1 >= len(tokens):
        return None
    rest = range(right + 1, len(tokens))
    finite = next((k for k in rest if tokens[k].pos in FINITE_TAGS
                   and not quoted.inside(tokens[k].start)), None)
    if not (any(quoted.inside(tokens[k].start) for k in rest) or
            (finite is not None and is_konjunktiv_one(tokens, finite))):
        return None
    second = replace(statement, cue_spans=list(statement.cue_spans))
    _set_content(document, second, *clause, quoted)
    return second if second.content.end > second.content.start else None


def _coordinated_start(tokens: list[Token], hit: CueHit, quoted: QuoteIndex) -> int | None:
    """Where ", und fügte hinzu" begins, when the cue's clause opens with a conjunction."""
    if hit.finite > 0 and tokens[hit.finite - 1].text in ("und", "sowie"):
        return tokens[hit.finite - 1].start
    left = boundary_before(tokens, min(hit.tokens), quoted)
    first = left + 1
    if left >= 0 and first < hit.finite and tokens[first].pos == "KON":
        return tokens[left].start
    if left == -1 or first >= len(tokens):
        return None
    return tokens[left].start if tokens[first].pos == "KON" and first < hit.finite else None


def _set_content(
    document: Document, statement: Statement, start: int, end: int, quoted: QuoteIndex
) -> None:
    start, end = trim(document.text, start, end)
    statement.direct_quote = quoted.form(start, end)
    if statement.direct_quote == "full":
        start, end = start + 1, end - 1
    statement.content = Span(start, end)
    statement.content_text = document.text[start:end]


def _build(
    document: Document, sentence: Sentence, hit: CueHit, quoted: QuoteIndex
) -> Statement | None:
    tokens = sentence.tokens
    previous = document.sentences[sentence.index - 1] if sentence.index > 0 else None
    located = content_bounds(document.text, sentence, hit, quoted, previous)
    if located is None:
        return None
    (c_start, c_end), speaker, addressee = located
    if speaker is None:
        return None
    text = document.text
    if speaker[0] == speaker[1]:  # nobody named: an empty mention at the finite verb
        s_begin = tokens[speaker[0]].start
        mention = Mention(s_begin, s_begin, UNNAMED_SOURCE, sentence.index, "other")
    else:
        s_begin, s_end = tokens[speaker[0]].start, tokens[speaker[1] - 1].end
        if c_start <= s_begin < c_end and c_start >= sentence.start:
            return None
        mention = Mention(s_begin, s_end, text[s_begin:s_end], sentence.index, "speaker")
    statement = Statement(
        speaker=mention.text,
        mention=mention,
        cue=" ... ".join(tokens[j].text for j in hit.tokens),
        cue_lemma=hit.cue.lemma,
        kind=hit.cue.kind,
        direct_quote="none",
        content=Span(c_start, c_end),
        content_text="",
        sentence=sentence.index,
        cue_spans=[Span(tokens[j].start, tokens[j].end) for j in hit.tokens],
        addressee=(text[tokens[addressee[0]].start : tokens[addressee[1] - 1].end]
                   if addressee else None),
    )
    _set_content(document, statement, c_start, c_end, quoted)
    if statement.content.end <= statement.content.start:
        return None
    return statement


def find_statements(
    document: Document,
    mentions: list[Mention] | None = None,
    actors: dict[str, Actor] | None = None,
) -> list[Statement]:
    """All statements of a tokenized document, speakers resolved to canonical actor names."""
    from newskg.graph.coref import resolve_speakers

    quoted = QuoteIndex(document.text)
    statements: list[Statement] = []
    for sentence in document.sentences:
        statements.extend(statements_in_sentence(document, sentence, quoted))
    statements = add_continuations(document, statements, quoted, mentions)
    statements = add_quotations(document, statements, quoted, mentions or [])
    statements.sort(key=lambda s: (s.sentence, s.content.start))
    statements = [s for s in statements if not _implausible(document, s)]
    resolve_speakers(document, statements, mentions or [], {} if actors is None else actors)
    return statements


def _implausible(document: Document, statement: Statement) -> bool:
    """A negated object cue reports no statement: "Den Zusammenhang konnte die Polizei
    nicht bestätigen" says what was not said."""
    text = document.text
    if not statement.cue_spans or statement.direct_quote == "full":
        return False
    if statement.cue_lemma in ("laut", "zufolge", "gemäß", "nach", "so"):
        return False
    cue_start = statement.cue_spans[0].start
    between = text[cue_start : statement.content.start]
    if not cue_start < statement.content.start or any(ch in between for ch in ",:„“\"»«"):
        return False
    return "nicht" in between.split()

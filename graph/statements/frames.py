"""Statements framed by a source phrase, and impersonal and anaphoric ones.

"Laut X", "X zufolge", "nach Angaben von X", ", so X" and "Demnach" name a source and
leave the rest of the sentence as its content (a colon before a quotation is
:mod:`newskg.graph.statements.colons`). Impersonal cues ("heißt es", "wird vermutet")
take only a reported clause; "Das erklärte X" and ", das teilte X mit" take the sentence or
clause before as content. A frame in a later clause frames only that clause.
"""

from __future__ import annotations

from newskg.graph.facts.time import calendar_words
from newskg.graph.model import Sentence, Token
from newskg.graph.statements.cues import CueHit, noun_phrase_with_participle, source_end
from newskg.graph.statements.lexicon import is_agentive, source_kind
from newskg.graph.text.clauses import (
    RELATIVE_PRONOUNS,
    content_after,
    content_before,
    frame_clause,
    reported_clause,
)
from newskg.graph.text.phrases import (
    BOUNDARY,
    FINITE_TAGS,
    noun_phrase_after,
    noun_phrase_before,
    trim,
)
from newskg.graph.text.quotes import QuoteIndex

#: Content span, speaker tokens and addressee tokens of a statement found at a cue.
Located = tuple[tuple[int, int], tuple[int, int] | None, tuple[int, int] | None]


def _frame_source(tokens: list[Token], i: int, quoted: QuoteIndex) -> tuple[int, int] | None:
    """The source after "laut": a noun phrase, a quoted title („Welt“) or one unknown word
    that the tagger misread ("laut el-Baradei", "laut ndr.de")."""
    if i >= len(tokens):
        return None
    region = quoted.region_at(tokens[i].start)
    if region and region[0] == tokens[i].start:
        end = next((k + 1 for k in range(i + 1, len(tokens)) if tokens[k].start == region[1]),
                   None)
        if end is not None and end - i <= 8:
            return i, end
    np = noun_phrase_with_participle(tokens, i)
    if np is None and any(ch.isalpha() for ch in tokens[i].text) and tokens[i].pos not in (
        "ART", "VVFIN", "VAFIN", "VMFIN", "KON", "APPR", "PPER"
    ):
        np = (i, i + 1)
    return _source_noun_ends(tokens, np) if np else None


def _source_noun_ends(tokens: list[Token], np: tuple[int, int]) -> tuple[int, int]:
    """A source noun with no article after it ends the source: in "nach eigenen Angaben
    weitere Filialen" the adjective starts the message's own noun phrase; a genitive
    ("nach Angaben örtlicher Behörden") stays."""
    for k in range(np[0] + 1, np[1]):
        if tokens[k].pos == "ADJA" and not tokens[k].text.endswith("er") and \
                tokens[k - 1].pos == "NN" and \
                source_kind(tokens[k - 1].text):
            return np[0], k
    return np


def _prefield_end(tokens: list[Token], start: int, quoted: QuoteIndex) -> int:
    """Where a fronted frame ends: at the finite verb of the main clause, since the German
    prefield holds one phrase ("Nach Angaben seines Anwalts, eines Juristen aus Bonn,
    ist …"). Relative clauses inside it are skipped; with no such verb, ``start``. A date
    right before the verb is no part of the source ("Nach Angaben der Polizei vom Dienstag
    wurden …")."""
    if start + 1 < len(tokens) and tokens[start].text in ("vom", "von", "am"):
        date = noun_phrase_after(tokens, start + 1)
        if date and date[1] < len(tokens) and tokens[date[1]].pos in FINITE_TAGS and any(
                t.text in calendar_words() for t in tokens[date[0]:date[1]]):
            return start
    in_relative = False
    for k in range(start, len(tokens)):
        token = tokens[k]
        if quoted.inside(token.start):
            continue
        if token.text in (":", ";") or token.text in ("–", "—"):
            return start
        if token.text == ",":
            following = tokens[k + 1] if k + 1 < len(tokens) else None
            after = tokens[k + 2] if k + 2 < len(tokens) else None
            in_relative = following is not None and (
                following.text.lower() in RELATIVE_PRONOUNS | {"dessen", "deren"}
                and not (after is not None and after.pos in ("NN", "NE", "ADJA", "FM"))
                or following.pos == "APPR")  # not ", dem Direktor der Behörde": apposition
            continue
        if token.pos in FINITE_TAGS or token.pos.startswith("V") and not in_relative:
            if in_relative:
                in_relative = False
                continue
            end = k
            while end > start and tokens[end - 1].text == ",":
                end -= 1
            return end
    return start


def _relative_end(tokens: list[Token], end: int, quoted: QuoteIndex) -> int:
    """The end of a relative clause on a frame's source ("nach Angaben des Anwalts, der
    ihn vertritt, …"): past its closing comma, which belongs to the frame; else ``end``."""
    if end + 2 >= len(tokens) or tokens[end].text != "," or \
            tokens[end + 1].text.lower() not in RELATIVE_PRONOUNS | {"dessen", "deren"} or \
            tokens[end + 2].pos in ("NN", "NE", "ADJA", "FM"):  # ", dem Direktor …": apposition
        return end
    for k in range(end + 2, len(tokens)):
        if quoted.inside(tokens[k].start):
            continue
        if tokens[k].text in BOUNDARY or tokens[k].pos == "$.":
            closed = tokens[k].text == "," and tokens[k - 1].pos.startswith("V")
            return k if closed else end
    return end


def _source_from(tokens: list[Token], np: tuple[int, int]) -> tuple[int, int]:
    """Where a source before "zufolge" begins: "Einer Meldung von X zufolge", "Angaben
    des Instituts von Y zufolge" name the source as a whole, not just X."""
    while np[0] >= 2:
        start = np[0]
        if tokens[start - 1].text in ("von", "vom"):
            link = start - 1
        elif tokens[start].text.lower() in ("des", "der", "eines", "einer") and \
                tokens[start - 1].pos == "NN":
            link = start
        else:
            break
        before = noun_phrase_before(tokens, link)
        if before is None:
            break
        np = (before[0], np[1])
    return np


def _pronoun_or_title_before(
    tokens: list[Token], head: int, quoted: QuoteIndex
) -> tuple[int, int] | None:
    """The source before "zufolge" that is no plain noun phrase: a pronoun ("Ihnen
    zufolge") or a quoted title with its article ("dem „Figaro“ zufolge")."""
    if head == 0:
        return None
    last = tokens[head - 1]
    if last.pos in ("PPER", "PDS", "PRELS") and last.text.lower() not in ("es", "sich"):
        return head - 1, head
    region = quoted.region_at(last.start)
    if region is None or region[1] != last.start:
        return None
    start = next((k for k in range(head - 1, -1, -1) if tokens[k].start == region[0]), None)
    if start is None or head - start > 8:
        return None
    if start > 0 and tokens[start - 1].pos == "ART":
        start -= 1
    return start, head


def _frame_content(
    text: str, sentence: Sentence, frame: tuple[int, int], quoted: QuoteIndex
) -> tuple[int, int]:
    """Content around an "according to" frame: the longer side of its clause."""
    tokens = sentence.tokens
    f_start, f_end = tokens[frame[0]].start, tokens[frame[1] - 1].end
    clause_start, clause_end = frame_clause(text, sentence, frame, quoted)
    before = (clause_start, f_start)
    after = (f_end, clause_end)
    if trim(text, *before)[1] - trim(text, *before)[0] > 0 and (
        frame[1] >= len(tokens) - 1 or len(text[before[0]:before[1]]) > len(text[after[0]:after[1]])
    ):
        return before
    return after


def frame_bounds(text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex) -> Located | None:
    """Content and source of a frame cue: "laut X", "X zufolge", "nach Angaben von X",
    ", so X", "Demnach …"."""
    tokens = sentence.tokens
    head = hit.head
    if hit.cue.lemma in ("laut", "gemäß", "so") or hit.cue.pattern == "phrase":
        np = _frame_source(tokens, head + 1, quoted)
        if np is None:
            return None
        if np[1] + 1 < len(tokens) and tokens[np[1]].text in ("von", "vom"):
            source = _frame_source(tokens, np[1] + 1, quoted)  # "nach Angaben von X", "vom …"
            if source and not any(t.text in calendar_words() or t.pos == "CARD"
                                  for t in tokens[source[0]:source[1]]):
                np = (np[0], source[1])  # but "nach Angaben der Polizei vom Dienstag" is a date
        while np[1] + 1 < len(tokens) and tokens[np[1]].text in ("eines", "einer"):
            source = noun_phrase_after(tokens, np[1])  # "nach Angaben eines Mitarbeiters …"
            if source is None:
                break
            np = (np[0], source[1])
        np = (np[0], _relative_end(tokens, np[1], quoted))
        if head == 0 and hit.cue.lemma != "so":
            np = (np[0], _prefield_end(tokens, np[1], quoted))
        if hit.cue.lemma == "so":  # ", so X weiter," may stand inside the content
            np = (np[0], source_end(tokens, np[1]))
            k = np[1]
            while k < len(tokens) and tokens[k].pos in ("ADV", "ADJD"):
                k += 1
            return _frame_content(text, sentence, (head - 1, k), quoted), np, None
        return _frame_content(text, sentence, (head, np[1]), quoted), np, None
    if hit.cue.lemma == "demnach":  # the source is the one just named; coref resolves it
        start = tokens[head + 1].start
        return (start, content_after(text, sentence, start, quoted)), (head, head + 1), None
    if hit.cue.lemma == "zufolge" or hit.cue.pattern == "postposition":
        np = noun_phrase_before(tokens, head) or _pronoun_or_title_before(tokens, head, quoted)
        if np is None:
            return None
        np = _source_from(tokens, np)
        return _frame_content(text, sentence, (np[0], head + 1), quoted), np, None
    return None


def unnamed_content(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex,
    left: int, right: int, pre: list[int],
) -> Located | None:
    """Content of an impersonal cue ("Es wird vermutet, dass …", "…, hieß es", "wie man
    erfuhr"): only a reported clause or the sentence it frames, never an object, since
    "Der Vertrag wurde bestätigt" reports an act. The speaker is the empty range at the
    finite verb: nobody is named (see :data:`newskg.graph.model.UNNAMED_SOURCE`)."""
    tokens = sentence.tokens
    nobody = (hit.finite, hit.finite)
    clause = reported_clause(text, sentence, right, quoted)
    if clause is not None:
        return clause, nobody, None
    verb_final = all(t.pos == "$." or t.text in ("es", "man")
                     for t in tokens[max(hit.tokens) + 1 : right]) and not any(
        t.pos in ("NN", "NE", "ADJD", "PTKNEG", "APPR")  # "…, wird nicht als gefährlich
        for t in tokens[min(hit.tokens) + 1 : max(hit.tokens)])  # angesehen": no report
    wie_clause = bool(pre) and tokens[pre[0]].text.lower() == "wie" and verb_final
    if left >= 0 and tokens[left].text in (",", "“", "”", "«", "»", '"') and verb_final and (
        wie_clause or all(tokens[k].text.lower() in ("es", "man") or tokens[k].lemma == "werden"
                          for k in pre) or
        (not pre and hit.cue.lemma == "heißen")
    ):
        end = tokens[left].start
        return (content_before(text, sentence, end, quoted), end), nobody, None
    return None


def anaphoric(sentence: Sentence, hit: CueHit, previous: Sentence | None) -> Located | None:
    """ "Dies teilte ein Sprecher mit.", "Das wurde vom Presseamt bekannt gegeben.": the
    content is the sentence before, the speaker follows the verb or is the agent."""
    tokens = sentence.tokens
    k = hit.finite + 1
    while k < len(tokens) and tokens[k].pos in ("ADV", "ADJD"):
        k += 1  # "Das erklärte gestern ein Sprecher."
    speaker = noun_phrase_after(tokens, k)
    if speaker is None and k + 1 < len(tokens) and tokens[k].text.lower() in ("von", "vom"):
        speaker = noun_phrase_after(tokens, k + 1)  # the agent of a passive
    if speaker is None or previous is None:
        return None
    return (previous.start, previous.end), speaker, None


def anaphoric_after_comma(
    text: str, sentence: Sentence, hit: CueHit, left: int, quoted: QuoteIndex
) -> Located | None:
    """ "Die Kamera ist ausgefallen, das teilte die Behörde mit.": the content is the
    clause before the comma, the speaker follows the verb, and the cue ends the sentence."""
    tokens = sentence.tokens
    k = hit.finite + 1
    while k < len(tokens) and tokens[k].pos in ("ADV", "ADJD"):
        k += 1
    speaker = noun_phrase_after(tokens, k)
    if speaker is None or not is_agentive(tokens, speaker):
        return None
    rest = [t for t in tokens[speaker[1]:] if t.start >= tokens[speaker[1] - 1].end]
    if any(t.pos not in ("$.", "PTKVZ", "ADV", "ADJD", "VVPP", "VAINF", "VVINF") and
           tokens.index(t) not in hit.tokens for t in rest):
        return None  # more follows the speaker: not a closing attribution
    end = tokens[left].start
    return (content_before(text, sentence, end, quoted), end), speaker, None

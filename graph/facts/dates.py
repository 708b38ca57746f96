"""Dates on statements: the time expression of the utterance, not of what is reported.

"Der Minister sagte am Dienstag, die Brücke sei am Freitag eingestürzt": the statement is
dated Tuesday; Friday is the content's. The utterance's expression stands in the cue's clause
outside the content ("Wie die NATO am Montag mitteilte", "kündigte … am Mittwoch an", "Im
Jahr 1993 wurde die Botschaft hinterlassen"), or opens an object content right after the cue
("forderte am Mittwoch einen Ausgleich", where the object's span starts with it). Not the
utterance's: an expression inside the content, one in a relative or adverbial clause of
another verb ("X, der dieses Jahr angetreten war, bekräftigte …"), and a duration's start or
end ("Seit vergangenem Montag sind laut Polizei …", "… bis Montag ruhen"), which date the
reported state. A continuation ("fügte hinzu") without a date of its own shares the date of
its speaker's statement before.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from newskg.graph.model import Statement, TimeExpression

#: Cues that continue the previous statement of the same speaker, and so share its date.
CONTINUATION_CUES = {"", "hinzufügen", "ergänzen", "fortfahren", "anfügen"}
#: Cues of frames: "laut X", "nach Angaben von X", "X zufolge" have no verb of saying, so a
#: date in their clause ("Laut X wurde am Mittwoch …") dates the reported event.
FRAME_LEMMAS = {"laut", "nach", "zufolge", "gemäß", "so", "demnach"}
#: First words of expressions that bound a duration of the reported state, not a saying.
DURATION_WORDS = {"seit", "bis", "ab", "binnen", "innerhalb"}
#: Words that open an embedded clause after a comma: relative pronouns and subordinators.
EMBEDDING_WORDS = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welcher",
                   "welche", "welches", "welchem", "welchen", "nachdem", "als", "weil", "bevor",
                   "während", "wenn", "seit", "seitdem", "obwohl", "da", "wo", "worauf"}
_CLAUSE_MARK = re.compile(r"[,;:–—()]")
_CLAUSE_OR_SENTENCE = re.compile(r"[,;:–—()]|[.!?](?=\s)")


def _in_other_clause(text: str, time: TimeExpression, statement: Statement) -> bool:
    """The expression stands in an embedded clause ("…, der dieses Jahr …,") that holds
    no part of the cue."""
    assert time.start is not None and time.end is not None
    before = text[max(0, time.start - 200) : time.start]
    marks = list(_CLAUSE_OR_SENTENCE.finditer(before))
    if not marks or marks[-1].group(0) in ".!?":
        return False
    opening = before[marks[-1].end() :].split()
    if not opening or opening[0].lower() not in EMBEDDING_WORDS:
        return False
    clause_start = time.start - len(before) + marks[-1].end()
    after = _CLAUSE_MARK.search(text, time.end)
    clause_end = after.start() if after else len(text)
    return not any(clause_start <= c.start < clause_end for c in statement.cue_spans)


def _bounds_a_duration(text: str, time: TimeExpression) -> bool:
    """"Seit vergangenem Montag", "bis Montag": the expression (or the two words before
    it) opens with a word that bounds a duration."""
    assert time.start is not None
    words = [w.lower() for w in time.text.split()[:1]]
    if text:
        words += [w.lower() for w in text[max(0, time.start - 40) : time.start].split()[-2:]]
    return any(w in DURATION_WORDS for w in words)


def _opens_object(text: str, time: TimeExpression, statement: Statement) -> bool:
    """The content is an object that opens with the expression right after the cue
    ("forderte am Mittwoch einen Ausgleich"): the date is the saying's."""
    if statement.direct_quote == "full" or time.start != statement.content.start:
        return False
    if not statement.cue_spans or statement.cue_spans[0].start > time.start:
        return False
    between = text[statement.cue_spans[0].end : time.start]
    return not _CLAUSE_MARK.search(between) and len(between.split()) <= 3


def own_time(text: str, statement: Statement, times: list[TimeExpression],
             published: date | None = None) -> TimeExpression | None:
    """The date expression of the statement's utterance in its sentence, or None. A date
    after ``published`` cannot be the saying's ("kündigte für die Wahl am 18. September …")."""
    if statement.cue_lemma in FRAME_LEMMAS:
        return None
    for time in times:
        if time.sentence != statement.sentence or time.start is None or time.end is None:
            continue
        if published is not None and time.begin is not None and time.begin > published:
            continue
        if _bounds_a_duration(text, time):
            continue
        if statement.content.start <= time.start < statement.content.end:
            if _opens_object(text, time, statement):
                return time
            continue  # a date inside the content dates what is reported, not the saying
        if _in_other_clause(text, time, statement):
            continue
        return time
    return None


def attach_times(statements: list[Statement], times: list[TimeExpression],
                 text: str = "", published: date | None = None) -> None:
    """Date each statement; continuations share the date of the speaker's previous one.
    ``text`` is the document's text (without it, clauses are not told apart) and
    ``published`` its publication date."""
    last_by_speaker: dict[str, Statement] = {}
    for statement in statements:
        statement.time = own_time(text, statement, times, published) if text else \
            _plain_own_time(statement, times)
        previous = last_by_speaker.get(statement.speaker)
        if (statement.time is None and previous is not None and previous.time is not None
                and statement.cue_lemma in CONTINUATION_CUES):
            statement.time = replace(
                previous.time, start=None, end=None, sentence=None, carried_over=True
            )
        last_by_speaker[statement.speaker] = statement


def _plain_own_time(statement: Statement, times: list[TimeExpression]
                    ) -> TimeExpression | None:
    """A date expression in the statement's sentence outside its content."""
    for time in times:
        if time.sentence != statement.sentence or time.start is None or time.end is None:
            continue
        if not statement.content.start <= time.start < statement.content.end:
            return time
    return None

"""Attributed statements: who said what, composed from the statement patterns.

A statement hangs on a cue (:mod:`newskg.graph.statements.cues`): a speech verb, whose
speaker and content follow from German clause order (:mod:`newskg.graph.statements.verbs`),
a verb outside the lexicon that introduces Konjunktiv I (:mod:`~newskg.graph.statements.mood_cues`),
a noun of speech with its complement (:mod:`~newskg.graph.statements.nouns`), or a frame
("laut X", ", so X", :mod:`~newskg.graph.statements.frames`) or a colon before a quotation
(:mod:`~newskg.graph.statements.colons`). Reported speech with
no cue of its own follows: subjunctive continuations
(:mod:`~newskg.graph.statements.continuations`) and speech-like quotations
(:mod:`~newskg.graph.statements.quotations`). Speakers are then resolved to canonical actors
by :mod:`newskg.graph.actors.coref`.
"""

from __future__ import annotations

from dataclasses import replace

from newskg.graph.actors.coref import resolve_speakers
from newskg.graph.model import (
    UNNAMED_SOURCE,
    Actor,
    Document,
    Mention,
    Sentence,
    Span,
    Statement,
    Token,
)
from newskg.graph.statements.colons import colon_quote
from newskg.graph.statements.continuations import add_continuations
from newskg.graph.statements.cues import CueHit, find_cues
from newskg.graph.statements.frames import Located, frame_bounds
from newskg.graph.statements.lexicon import cue_lexicon, is_agentive
from newskg.graph.statements.mood_cues import mood_cues
from newskg.graph.statements.nouns import noun_bounds, noun_cues
from newskg.graph.statements.quotations import add_quotations
from newskg.graph.statements.verbs import reported_before, verb_content
from newskg.graph.text.clauses import boundary_after, boundary_before, reported_clause
from newskg.graph.text.konjunktiv import is_konjunktiv_one
from newskg.graph.text.phrases import FINITE_TAGS, noun_phrase_after, trim
from newskg.graph.text.quotes import QuoteIndex

__all__ = ["cue_lexicon", "find_cues", "find_statements", "statements_in_sentence"]


def content_bounds(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex,
    previous: Sentence | None = None,
) -> Located | None:
    """Content span, speaker tokens and addressee tokens of a cue, or None if none fit."""
    if hit.cue.pattern == "noun":
        return noun_bounds(text, sentence, hit, quoted)
    if hit.cue.pattern != "verb":
        return frame_bounds(text, sentence, hit, quoted)
    return verb_content(text, sentence, hit, quoted, previous)


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
    accepted = [part for st in accepted for part in _split_at_quotation(document, st, quoted)]
    return sorted(accepted, key=lambda st: st.content.start)


def _split_at_quotation(
    document: Document, statement: Statement, quoted: QuoteIndex
) -> list[Statement]:
    """ "X warnte, die Lage sei ernst: „Wir müssen handeln.“": reported speech, then a
    quotation after a colon: two statements of the speaker, the second a direct one."""
    text = document.text
    start, end = statement.content.start, statement.content.end
    for k in range(start + 1, end):
        if text[k] != ":" or quoted.inside(k):
            continue
        after = k + 1
        while after < end and text[after].isspace():
            after += 1
        region = quoted.region_at(after)
        if region is None or region[0] != after or not text[start:k].strip():
            continue
        quotation = replace(statement, mention=replace(statement.mention), direct_quote="full",
                            content=Span(region[0] + 1, region[1]),
                            content_text=text[region[0] + 1 : region[1]])
        _set_content(document, statement, start, k, quoted)
        return [statement, quotation]
    return [statement]


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
    if left < 0 or not reported_before(tokens, left, quoted):
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
    if tokens[first].pos == "KON" and first < hit.finite:
        return tokens[left].start
    subject = noun_phrase_after(tokens, first)
    if subject is not None and subject[1] == hit.finite and tokens[left].text == "," and \
            is_agentive(tokens, subject):
        return tokens[left].start  # "…, die Polizei spricht von 4.000": a main clause of its own
    return None


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
    quoted = QuoteIndex(document.text)
    _mark_actor_tokens(document, mentions or [])
    statements: list[Statement] = []
    for sentence in document.sentences:
        statements.extend(statements_in_sentence(document, sentence, quoted))
    statements = add_continuations(document, statements, quoted)
    statements = add_quotations(document, statements, quoted)
    statements.sort(key=lambda s: (s.sentence, s.content.start))
    statements = [s for s in statements if not _implausible(document, s)]
    resolve_speakers(document, statements, mentions or [], {} if actors is None else actors)
    return statements


#: Mention types that name someone who can speak.
_ACTOR_TYPES = ("person", "organization", "country_or_government", "media")


def _mark_actor_tokens(document: Document, mentions: list[Mention]) -> None:
    """Flag the tokens of actor mentions, so that "Die Europäische Union" can speak even
    where its head noun is not an agent noun of the lexicon."""
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        if mention.type in _ACTOR_TYPES:
            by_sentence.setdefault(mention.sentence, []).append((mention.start, mention.end))
    for index, spans in by_sentence.items():
        if 0 <= index < len(document.sentences):
            for token in document.sentences[index].tokens:
                token.actor = any(b <= token.start < e for b, e in spans)


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

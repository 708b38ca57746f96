"""Reported speech without a cue of its own: quotations and subjunctive continuations.

German news goes on reporting after a cue in the subjunctive ("Er koste wenig.") or in
quotation marks; such sentences belong to the speaker of the statement just before them,
or to the named subject of the sentence before when that sentence had no cue ("Larson gab
sich optimistisch. Man sei gut aufgestellt."; "X verurteilte die Haltung. „…“").
"""

from __future__ import annotations

from newskg.graph.model import UNNAMED_SOURCE, Document, Mention, Sentence, Span, Statement, Token
from newskg.graph.statements.lexicon import is_agentive
from newskg.graph.text.clauses import opens_relative, reported_clause_follows
from newskg.graph.text.konjunktiv import (
    STRONG_SUBJUNCTIVE,
    SUBJUNCTIVE_FORMS,
    first_person_clause,
    is_konjunktiv_one,
    is_konjunktiv_two,
    is_reportative_modal,
    is_subjunctive,
)
from newskg.graph.text.phrases import (
    BOUNDARY,
    FINITE_TAGS,
    noun_phrase_after,
    phrase_with_attachments,
    sentence_subject,
    trim,
)
from newskg.graph.text.quotes import QuoteIndex


def _continues(sentence: Sentence, quoted: QuoteIndex) -> str | None:
    """"full" for a sentence that is all quotation, "none" for one in the subjunctive."""
    tokens = sentence.tokens
    region = quoted.region_at(sentence.start)
    if region and region[1] >= sentence.end - 2:
        return "full"
    first_finite = True
    subordinate = False  # inside a relative or subordinate clause set off by commas
    for k, tok in enumerate(tokens):
        if tok.text == "," and k + 1 < len(tokens):
            subordinate = tokens[k + 1].pos == "KOUS" or opens_relative(tokens, k + 1)
        if quoted.inside(tok.start) or tok.pos not in FINITE_TAGS:
            continue
        if subordinate and first_finite and tok.text.lower() not in STRONG_SUBJUNCTIVE:
            continue  # "Die Straßen, die genutzt werden sollten, müssten …": the main verb
        low = tok.text.lower()
        if (low in STRONG_SUBJUNCTIVE
                or (first_finite and (is_subjunctive(tok) or is_konjunktiv_two(tok)))
                or is_reportative_modal(tokens, k)) and not first_person_clause(tokens, k):
            return "none"  # "ich habe", "ich plane": the indicative of an interview
        first_finite = False
    return None


def _opens_reported(sentence: Sentence) -> bool:
    """A sentence whose first finite verb is Konjunktiv I ("sei", "habe", "rechne") or the
    reportative "soll": enough to resume reported speech after a sentence of narration.
    Konjunktiv II ("wäre", "würde") is left out: after narration it is mostly hypothetical."""
    k = next((k for k, t in enumerate(sentence.tokens) if t.pos in FINITE_TAGS), None)
    if k is None or first_person_clause(sentence.tokens, k):
        return False
    first = sentence.tokens[k]
    low = first.text.lower()
    return low in STRONG_SUBJUNCTIVE or low in ("soll", "sollen") or (
        is_subjunctive(first) and low not in SUBJUNCTIVE_FORMS)


def _subjunctive_verb(sentence: Sentence, quoted: QuoteIndex) -> Token:
    """The verb whose mood marks a continuation as reported speech: its cue as written."""
    finite = [t for t in sentence.tokens
              if t.pos in FINITE_TAGS and not quoted.inside(t.start)]
    return next((t for t in finite if is_subjunctive(t) or t.text.lower() in SUBJUNCTIVE_FORMS),
                finite[0] if finite else sentence.tokens[0])


def introduced_speaker(
    document: Document, sentence: Sentence
) -> Mention | None:
    """The subject of a sentence that introduces reported speech without a cue ("Larson
    gab sich optimistisch." before "Man sei gut aufgestellt."), if it names an actor."""
    tokens = sentence.tokens
    finite = next((k for k, t in enumerate(tokens) if t.pos in FINITE_TAGS), None)
    if finite is None:
        return None
    np = phrase_with_attachments(tokens, 0, finite) if finite > 0 else None
    if np is None and finite > 0 and tokens[finite - 1].text == ",":
        np = sentence_subject(tokens, finite - 1)
    if np is None:  # a fronted phrase: the subject follows the verb ("Dort sagte X …")
        k = finite + 1
        while k < len(tokens) and tokens[k].pos in ("ADV", "PRF"):
            k += 1
        np = noun_phrase_after(tokens, k)
    return speaker_mention(document, sentence, np)


def speaker_mention(
    document: Document, sentence: Sentence, np: tuple[int, int] | None
) -> Mention | None:
    """A speaker mention for the noun phrase ``np`` when it can speak (a name, an agent
    noun, an actor mention), not "es" or "man"."""
    tokens = sentence.tokens
    if np is None or tokens[np[0]].text.lower() in ("es", "man") or not is_agentive(tokens, np):
        return None
    begin, end = tokens[np[0]].start, tokens[np[1] - 1].end
    return Mention(begin, end, document.text[begin:end], sentence.index, "speaker")


def add_continuations(
    document: Document, statements: list[Statement], quoted: QuoteIndex
) -> list[Statement]:
    """Attribute cue-less sentences (a quotation, or subjunctive reported speech) that
    directly follow a statement to that statement's speaker, or that follow a sentence
    about a named actor to that actor (then only a quotation, Konjunktiv I or the
    reportative "soll": Konjunktiv II after narration is mostly hypothetical).

    A continuation has no cue lemma; its cue as written is what marks it as reported: the
    subjunctive verb ("sei"), or the quotation marks ("„ ... “").
    """
    by_sentence: dict[int, list[Statement]] = {}
    for statement in statements:
        by_sentence.setdefault(statement.sentence, []).append(statement)
    covered = [(s.content.start, s.content.end) for s in statements]
    result = list(statements)
    previous: Statement | None = None
    interrupted: Statement | None = None
    latest: Statement | None = None
    for sentence in document.sentences:
        if sentence.index in by_sentence:
            previous = latest = by_sentence[sentence.index][-1]
            continue
        if any(b <= sentence.start + 1 and sentence.end - 1 <= e for b, e in covered):
            continue
        form = _continues(sentence, quoted)
        if form is None:
            interrupted, previous = previous, None
            continue
        if previous is None and interrupted is not None and form == "none" and \
                sentence.index - interrupted.sentence == 2 and _opens_reported(sentence):
            previous = interrupted  # one sentence of narration between reported ones
            gap = 2
        else:
            gap = 1
        interrupted = None
        if previous is not None and previous.mention.text == UNNAMED_SOURCE and \
                form == "none" and not _konjunktiv_one(sentence, quoted):
            previous = None  # nobody named said it: only Konjunktiv I goes on reporting
        if previous is None or sentence.index - previous.sentence > gap:
            surely = form == "full" or _konjunktiv_one(sentence, quoted)
            if not (surely or _opens_reported(sentence)):
                continue
            introduced = introduced_speaker(
                document, document.sentences[sentence.index - 1]
            ) if sentence.index > 0 else None
            if introduced is None:
                if not surely:
                    continue  # "soll" with no one to say it is mostly a plan
                introduced = recent_speaker(sentence, latest)
            previous = Statement(
                speaker=introduced.text, mention=introduced, cue="", cue_lemma="",
                kind="assertion", direct_quote="none", content=Span(0, 0), content_text="",
                sentence=sentence.index - 1,
            )
        start, end = trim(document.text, sentence.start, sentence.end)
        if form == "full":
            region = quoted.region_at(sentence.start)
            start, end = region[0] + 1, min(region[1], sentence.end)
            if any(s.content.start < sentence.start and s.content.end > start for s in result):
                start = max(start, sentence.start)  # what came before is already someone's
            marks = [Span(region[0], region[0] + 1)]
            if region[1] < len(document.text):
                marks.append(Span(region[1], region[1] + 1))
        else:
            verb = _subjunctive_verb(sentence, quoted)
            marks = [Span(verb.start, verb.end)]
            start = _reported_part_start(sentence, quoted) or start
        statement = Statement(
            speaker=previous.speaker, mention=previous.mention,
            cue=" ... ".join(document.text[m.start : m.end] for m in marks), cue_lemma="",
            kind=previous.kind, direct_quote=form, content=Span(start, end),
            content_text=document.text[start:end], sentence=sentence.index, cue_spans=marks,
        )
        result.append(statement)
        previous = latest = statement
    return result


#: How many sentences back a reported sentence with no speaker of its own looks for one.
SPEAKER_REACH = 3


def _konjunktiv_one(sentence: Sentence, quoted: QuoteIndex) -> bool:
    """Konjunktiv I or a reportative "soll … haben" outside quotation marks: reported speech
    however far from its speaker."""
    tokens = sentence.tokens
    return any(is_konjunktiv_one(tokens, k) or is_reportative_modal(tokens, k)
               for k, t in enumerate(tokens) if not quoted.inside(t.start))


def recent_speaker(sentence: Sentence, latest: Statement | None) -> Mention:
    """The speaker of the latest statement a few sentences back, else nobody named."""
    if latest is not None and sentence.index - latest.sentence <= SPEAKER_REACH:
        return latest.mention
    at = sentence.tokens[0].start
    return Mention(at, at, UNNAMED_SOURCE, sentence.index, "other")




#: Clause openers that introduce what was said but are not part of it.
_FRAME_OPENERS = {"wonach", "demzufolge"}


def _reported_part_start(sentence: Sentence, quoted: QuoteIndex) -> int | None:
    """Where the reported part of a narrating sentence begins: "Die Schweiz hatte die
    Absage damit begründet, dass … keine Chance habe" reports only the dass clause. None
    when the sentence opens in the subjunctive (then all of it is reported)."""
    tokens = sentence.tokens
    finite = [k for k, t in enumerate(tokens) if t.pos in FINITE_TAGS and not quoted.inside(t.start)]
    if not finite or is_subjunctive(tokens[finite[0]]):
        return None
    reported = next((k for k in finite[1:] if is_konjunktiv_one(tokens, k)), None)
    if reported is None:
        return None
    for b in range(finite[0] + 1, reported):
        if tokens[b].text in BOUNDARY and not quoted.inside(tokens[b].start) and \
                reported_clause_follows(tokens, b):
            first = b + 1
            if tokens[first].text.lower() in _FRAME_OPENERS and first + 1 < len(tokens):
                first += 1
            return tokens[first].start
    return None

"""Clause boundaries and reported clauses, for every statement pattern.

Where a cue's clause begins and ends (commas, colons and dashes outside quotation marks),
where content that runs up to or from a point begins or ends (the sentence, or a
quotation that spans sentences), whether a reported clause follows a boundary (dass, ob,
a quotation, a verb-second clause, a zu-infinitive), where narration resumes after it,
and which clause a phrase such as a frame ("laut X") speaks for: the extractor and the
span scorer both read that.
"""

from __future__ import annotations

from newskg.graph.model import Sentence, Token
from newskg.graph.text.konjunktiv import is_konjunktiv_one, is_konjunktiv_two, is_subjunctive
from newskg.graph.text.phrases import BOUNDARY, FINITE_TAGS
from newskg.graph.text.quotes import QuoteIndex

RELATIVE_PRONOUNS = {"der", "die", "das", "welcher", "welche", "welches", "dem", "den"}


#: Openers of a clause that comments on what precedes a comma (after a noun, not a cue).
_RELATIVE_ADVERBS = {"was", "worauf", "womit", "wodurch", "wofür", "wogegen", "woraufhin"}


REPORTED_CLAUSE_STARTS = {"dass", "daß", "ob", "wie", "wer", "was", "warum", "wann", "wo"}


def _quoted_name_before(tokens: list[Token], opening: int, closing: int) -> bool:
    """A quotation that names something ("die Zeitung „Die Zeit“ meldet", "„BBC News“
    berichtet"): after an article, a preposition or a noun, or short and without a verb
    when no speaker follows the verb after it ("„Nie wieder“ sagte der Trainer")."""
    if opening > 0 and tokens[opening - 1].pos in ("ART", "APPR", "APPRART", "NN"):
        return True
    inside = tokens[opening + 1 : closing]
    after_verb = tokens[closing + 2] if closing + 2 < len(tokens) else None
    if after_verb is not None and after_verb.pos in ("ART", "NE", "NN", "PPER", "PPOSAT"):
        return False
    return 0 < len(inside) <= 4 and not any(t.pos.startswith("V") for t in inside)


def boundary_before(tokens: list[Token], i: int, quoted: QuoteIndex) -> int:
    """The comma (…) that opens the clause of token ``i``; a closing quote mark right
    before ``i`` counts too ("„…“ sagte er"), unless the quotation is a name ("X von der
    „Aktion Hilfe“ sagte")."""
    if i > 0 and tokens[i - 1].pos == "$(":
        region = quoted.region_at(tokens[i - 1].start)
        if region and region[1] == tokens[i - 1].start:
            opening = next((k for k in range(i - 2, -1, -1) if tokens[k].start == region[0]), 0)
            if not _quoted_name_before(tokens, opening, i - 1):
                return i - 1
    for j in range(i - 1, -1, -1):
        if tokens[j].text in BOUNDARY and not quoted.inside(tokens[j].start):
            return j
    return -1


def boundary_after(tokens: list[Token], i: int, quoted: QuoteIndex) -> int:
    for j in range(i + 1, len(tokens)):
        if tokens[j].text in BOUNDARY and not quoted.inside(tokens[j].start):
            return j
    return len(tokens)


def content_before(text: str, sentence: Sentence, end: int, quoted: QuoteIndex) -> int:
    """Where content that ends at ``end`` begins: the sentence start, or the opening mark of
    a quotation begun in an earlier sentence."""
    region = quoted.region_at(sentence.start)
    if region and region[0] < sentence.start:
        return region[0]
    colons = [t.end for t in sentence.tokens
              if t.text == ":" and t.end < end and not quoted.inside(t.start)]
    return colons[-1] if colons else sentence.start  # "Zum Vergleich: X …, so Y"


def content_after(text: str, sentence: Sentence, start: int, quoted: QuoteIndex) -> int:
    """Where content that starts at ``start`` ends: the sentence end, or the closing mark of
    a quotation that runs on into later sentences."""
    region = quoted.region_at(start)
    if region and region[0] == start:
        if region[1] >= sentence.end:
            return region[1] + 1
        rest = text[region[1] + 1 : sentence.end].lstrip()
        if rest[:1] in (",", ";", "–", "—", "("):
            return region[1] + 1  # "…: „Das ist furchtbar“, weiter hieß es …"
    return sentence.end


def _verb_final_clause(tokens: list[Token], start: int) -> bool:
    """True when the clause from ``start`` ends in its finite verb (a subordinate clause)."""
    end = next((k for k in range(start + 1, len(tokens))
                if tokens[k].text in BOUNDARY or tokens[k].pos == "$."), len(tokens))
    return end - 1 > start and tokens[end - 1].pos in FINITE_TAGS


def opens_relative(tokens: list[Token], i: int) -> bool:
    """True when a relative clause opens at ``i``: "die …", "in denen …"."""
    if i >= len(tokens):
        return False
    if tokens[i].pos in ("PRELS", "PRELAT"):
        return True
    return tokens[i].pos == "APPR" and i + 1 < len(tokens) and \
        tokens[i + 1].pos in ("PRELS", "PRELAT")


def reported_clause_follows(tokens: list[Token], r: int) -> bool:
    """After the boundary at ``r``: a dass/ob clause, a quotation or a verb-second clause."""
    if r >= len(tokens) - 1:
        return False
    if tokens[r].text == ":":
        return True
    nxt = tokens[r + 1]
    if nxt.text.lower() in ("um", "ohne", "statt", "anstatt", "nachdem", "weil", "da", "als"):
        return False  # an adverbial clause, not what was said
    if nxt.pos == "KON" and nxt.text.lower() in ("und", "aber", "doch", "sondern", "denn"):
        return False  # ", und so würden sie …": a second main clause
    if nxt.text.lower() in _RELATIVE_ADVERBS and tokens[r - 1].pos in ("NN", "NE", "FM"):
        return False  # "kritisierte die Rolle von X, was eine Reaktion zur Folge hat"
    if nxt.text.lower() in REPORTED_CLAUSE_STARTS or nxt.pos == "$(" or nxt.text in "„»\"":
        return True
    if nxt.pos in ("APPR", "APPRART") and r + 3 < len(tokens) and (
        tokens[r + 2].text.lower() in ("denen", "deren", "dessen", "welchen", "welcher")
        or tokens[r + 2].text.lower() in RELATIVE_PRONOUNS
        and tokens[r + 3].pos not in ("NN", "NE", "FM", "ADJA", "CARD")
    ) and _verb_final_clause(tokens, r + 1):
        return False  # "spricht von zehn Flugzeugen, auf die es … abgesehen hatten"
    if nxt.text.lower() in RELATIVE_PRONOUNS and r + 2 < len(tokens) and \
            tokens[r + 2].pos not in ("NN", "NE", "FM", "ADJA", "CARD") and \
            _verb_final_clause(tokens, r + 1):
        return False  # "sagte X, der das Gesetz entworfen hatte": a relative clause
    relative = False  # inside a relative clause on a fronted phrase ("in den Ländern, in
    for k in range(r + 1, len(tokens)):  # denen …, sei …")
        tok = tokens[k]
        if tok.text == "," and opens_relative(tokens, k + 1):
            relative = True
            continue
        if relative:
            relative = not (tok.text == "," and tokens[k - 1].pos.startswith("V"))
            continue
        if tok.text in BOUNDARY or tok.pos == "$.":
            return False
        if tok.pos in FINITE_TAGS or tok.pos == "VVIZU":
            return True
        if tok.text == "zu" and k + 1 < len(tokens) and tokens[k + 1].pos.endswith("INF"):
            return True
    return False


def narration_resumes(tokens: list[Token], start: int, quoted: QuoteIndex) -> int | None:
    """Where reported speech gives way to narration again: a comma or "und" followed by an
    indicative verb ("…, er sei unschuldig, erkannte das Gericht nicht an")."""
    for k in range(start + 1, len(tokens) - 1):
        tok, nxt = tokens[k], tokens[k + 1]
        if quoted.inside(tok.start) or tok.text not in (",", "und", ";"):
            continue
        if nxt.pos in ("VVFIN", "VAFIN", "VMFIN") and not is_subjunctive(nxt) \
                and not quoted.inside(nxt.start):
            return k
        if tok.text == ";" and _indicative_clause(tokens, k + 1, quoted):
            return k  # "…; diese bekannte sich jedoch nie dazu"
    return None


def _indicative_clause(tokens: list[Token], start: int, quoted: QuoteIndex) -> bool:
    """True when the first finite verb from ``start`` is indicative."""
    for tok in tokens[start:]:
        if tok.pos in FINITE_TAGS and not quoted.inside(tok.start):
            return not is_subjunctive(tok)
    return False


def reported_clause(
    text: str, sentence: Sentence, right: int, quoted: QuoteIndex
) -> tuple[int, int] | None:
    """The reported clause after the boundary token ``right`` of a cue's clause ("X sagte,
    dass …"), up to where narration resumes; None when none follows."""
    tokens = sentence.tokens
    if right >= len(tokens) or not reported_clause_follows(tokens, right):
        return None
    start = tokens[right + 1].start
    end = content_after(text, sentence, start, quoted)
    narrator = narration_resumes(tokens, right + 1, quoted)
    if narrator is not None and tokens[narrator].start < end:
        end = tokens[narrator].start
    infinitive = infinitive_end(tokens, right, quoted)
    if infinitive is not None:
        end = min(end, infinitive)
    return start, end


def infinitive_end(tokens: list[Token], boundary: int, quoted: QuoteIndex) -> int | None:
    """Where a zu-infinitive clause after ``boundary`` ends: at its infinitive, when a comma
    and the particle of the sentence's verb follow ("lehnte die Forderung, die Löhne zu
    erhöhen, ab")."""
    for k in range(boundary + 1, len(tokens)):
        tok = tokens[k]
        if quoted.inside(tok.start):
            continue
        if tok.pos in FINITE_TAGS or tok.pos == "$.":
            return None
        if tok.text in BOUNDARY and k > boundary + 1:
            previous = tokens[k - 1]
            infinitive = previous.pos == "VVIZU" or (
                previous.pos.endswith("INF") and tokens[k - 2].text == "zu")
            particle = k + 1 < len(tokens) and tokens[k + 1].pos == "PTKVZ"
            return previous.end if infinitive and particle else None
    return None



#: Moods of a complement clause that make it reported speech.
REPORTING_MOODS = ("konjunktiv1", "konjunktiv2", "infinitive")


def complement_mood(tokens: list[Token], boundary: int, quoted: QuoteIndex) -> str | None:
    """How the clause after ``boundary`` reports, by its first finite verb or zu-infinitive
    outside quotation marks: "konjunktiv1" ("…, er sei krank"), "konjunktiv2" ("…, es wäre
    besser"), "infinitive" ("…, die Fenster zu schließen"), "indicative"; None when the
    clause ends first."""
    for k in range(boundary + 1, len(tokens)):
        tok = tokens[k]
        if quoted.inside(tok.start):
            continue
        if tok.text in BOUNDARY or tok.pos == "$.":
            return None
        if tok.pos in FINITE_TAGS:
            if is_konjunktiv_one(tokens, k):
                return "konjunktiv1"
            return "konjunktiv2" if is_konjunktiv_two(tok) else "indicative"
        if tok.pos == "VVIZU" or (tok.text == "zu" and k + 1 < len(tokens)
                                  and tokens[k + 1].pos.endswith("INF")):
            return "infinitive"
    return None


#: Openers of an adverbial clause: the main clause after it is narration, not its content.
ADVERBIAL_OPENERS = {"als", "nachdem", "während", "weil", "da", "obwohl", "bevor", "seit",
                     "seitdem", "sobald", "indem"}
#: Openers of a conditional clause, in which a cue reports nothing.
CONDITIONAL_OPENERS = {"wenn", "falls", "sofern", "ob"}
#: Words that open a subordinate or relative clause after a comma.
_SUBORDINATE_OPENERS = {"der", "die", "das", "dem", "den", "denen", "dessen", "deren",
                        "welche", "welcher", "welches", "ob", "dass", "daß", "wie", "wo", "was",
                        "wenn", "weil", "da", "als", "nachdem", "während", "obwohl"}


def clause_before(tokens: list[Token], left: int, quoted: QuoteIndex) -> bool:
    """True when what stands before the comma at ``left`` can be what was said: a clause
    or a quotation, not a bare phrase ("Der Vorsitzende, X, sagte"), a phrase with a
    subordinate clause ("Auf die Frage, ob er gehe, antwortete X") or a fronted adverbial
    clause ("Seit die Armee kämpft, warnte …")."""
    if any(quoted.inside(t.start) for t in tokens[:left]):
        return True
    if not _main_finite_before(tokens, left):
        return False
    single = not any(t.text in BOUNDARY and not quoted.inside(t.start) for t in tokens[:left])
    opener = tokens[0].text.lower()
    return not (single and (opener in ADVERBIAL_OPENERS or opener in CONDITIONAL_OPENERS
                            or opener == "wie")  # "Wie es in X heißt, …" attributes itself
                and opener != "ob")


def content_stands_before(tokens: list[Token], left: int, quoted: QuoteIndex) -> bool:
    """True when the clause before the comma at ``left`` is the content of an inverted cue
    after it ("…, sagte X"): a clause (see :func:`clause_before`) that is not a phrase with
    only a relative clause ("In einer Sitzung, die im Mai stattfand, sprach sich X …")."""
    before = boundary_before(tokens, left, quoted) + 1 if left > 0 else 0
    relative = opens_relative(tokens, before) or (
        tokens[before].text in ("der", "die", "das", "dem", "den")
        and tokens[left - 1].pos in FINITE_TAGS)  # ", das … veröffentlicht wurde,"
    phrase_only = not any(t.pos in FINITE_TAGS for t in tokens[: max(before - 1, 0)])
    return not (relative and before > 0 and phrase_only) and clause_before(tokens, left, quoted)


def _main_finite_before(tokens: list[Token], left: int) -> bool:
    """True when a finite verb before ``left`` stands in a main clause: in the first
    segment, or in a later one not opened by a subordinator or relative pronoun."""
    opener_at = 0
    for k in range(left):
        if tokens[k].text in BOUNDARY:
            opener_at = k + 1
            continue
        if tokens[k].pos not in FINITE_TAGS:
            continue
        opener = tokens[opener_at]
        if opener_at == 0 and opener.pos not in ("KOUS", "PWAV", "PWS") or \
                opener.pos not in ("KOUS", "PRELS", "PRELAT", "PWAV", "PWS", "APPR") and \
                opener.text.lower() not in _SUBORDINATE_OPENERS:
            return True
    return False


#: Openers of a clause whose verb stands last: a frame inside it frames that clause only.
_SUBORDINATE_TAGS = ("PRELS", "PRELAT", "KOUS", "PWAV", "PWS")


def frame_clause(
    text: str, sentence: Sentence, frame: tuple[int, int], quoted: QuoteIndex
) -> tuple[int, int]:
    """The character range a frame at token range ``frame`` speaks for: the sentence, or,
    when the frame stands in a later clause, that clause ("…, diese Taten seien aber laut
    der Staatsanwältin verjährt"; "…, die nach Angaben der Polizei geflohen sind, …")."""
    tokens = sentence.tokens
    left = next((k for k in range(frame[0] - 1, -1, -1)
                 if tokens[k].text in BOUNDARY and not quoted.inside(tokens[k].start)), -1)
    left = _before_relative(tokens, left, quoted)
    whole = (content_before(text, sentence, tokens[frame[0]].start, quoted),
             content_after(text, sentence, tokens[frame[1] - 1].end, quoted))
    if left < 0 or tokens[frame[0]].text in BOUNDARY or \
            all(t.pos == "$." for t in tokens[frame[1]:]):  # "…, so der Minister."
        return whole
    start = tokens[left + 1].start
    opener = left + 1 if tokens[left + 1].pos not in ("APPR", "APPRART") else left + 2
    if opener < frame[0] and (tokens[opener].pos in _SUBORDINATE_TAGS or
                              tokens[opener].text in RELATIVE_PRONOUNS | {"denen", "dessen"}):
        right = next((k for k in range(frame[1], len(tokens))
                      if tokens[k].text in BOUNDARY and not quoted.inside(tokens[k].start)),
                     None)
        if right is None:  # the clause runs to the end: "…, das laut X … diene."
            right = next((k for k in range(len(tokens) - 1, frame[1] - 1, -1)
                          if tokens[k].pos != "$."), frame[1] - 1) + 1
        if tokens[right - 1].pos in FINITE_TAGS:
            return start, tokens[right - 1].end  # a relative or subordinate clause
    fronted = tokens[0].pos in _SUBORDINATE_TAGS  # "Nachdem …, ist laut X …": one clause
    main_before = any(t.pos in FINITE_TAGS and not quoted.inside(t.start)
                      for t in tokens[:left])
    if fronted or not main_before:
        return whole
    return start, whole[1]  # a second main clause: "…, diese Taten seien laut X verjährt"


def _before_relative(tokens: list[Token], left: int, quoted: QuoteIndex) -> int:
    """The boundary before a phrase whose relative clause closes at ``left`` ("Gegen Beamte,
    die nicht reagierten, sollen laut X …": the clause starts with "Gegen Beamte")."""
    while left > 0 and tokens[left - 1].pos.startswith("V"):
        opening = next((k for k in range(left - 1, -1, -1)
                        if tokens[k].text in BOUNDARY and not quoted.inside(tokens[k].start)),
                       -1)
        if opening < 1 or tokens[opening].text != "," or \
                tokens[opening + 1].pos not in ("PRELS", "PRELAT") and not (
                    tokens[opening + 1].text in RELATIVE_PRONOUNS
                    and tokens[opening + 2].pos not in ("NN", "NE", "ADJA")):
            break
        left = next((k for k in range(opening - 1, -1, -1)
                     if tokens[k].text in BOUNDARY and not quoted.inside(tokens[k].start)), -1)
    return left

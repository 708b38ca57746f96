"""The verb's object as a statement's content: "X hat die Berichte zurückgewiesen".

Only some cues say something with a bare object: "forderte den Rücktritt" reports a demand,
"bestätigte den Termin" an act. Which cues do, with which objects and prepositions, is set
in ``lexicon/cue_classes.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from newskg.graph.model import Sentence, Token
from newskg.graph.statements.cues import CueHit
from newskg.graph.statements.frames import Located
from newskg.graph.statements.lexicon import cue_classes, is_agentive
from newskg.graph.text.clauses import content_after
from newskg.graph.text.phrases import FINITE_TAGS
from newskg.graph.text.quotes import QuoteIndex

OBJECT_KINDS = frozenset(cue_classes()["object_kinds"])
OBJECT_LEMMAS = frozenset(cue_classes()["object"])
CLAUSE_ONLY_LEMMAS = frozenset(cue_classes()["clause_only"])
JUDGING_LEMMAS = frozenset(cue_classes()["judging"])
JUDGEMENT_LEMMAS = frozenset(cue_classes()["judgement"])
PREPOSITION_REACH: int = cue_classes()["preposition_reach"]
PREPOSITIONAL_OBJECTS = {lemma: tuple(words)
                         for lemma, words in cue_classes()["prepositional_objects"].items()}
ACT_OBJECTS = {lemma: tuple(ends) for lemma, ends in cue_classes()["act_objects"].items()}

#: Phrasal cues ("ist der Ansicht") report speech only with a clause.
PHRASE_LEMMA_WORDS = (" sein", " kommen", " halten")


@dataclass(frozen=True)
class ObjectPlace:
    """Where the cue's clause puts its parts, as :func:`verb_content` found them."""

    speaker: tuple[int, int]  # token range; empty when nobody is named
    addressee: tuple[int, int] | None
    after_speaker: int  # first token after the speaker (inverted) or after the finite verb
    right: int  # the boundary that ends the cue's clause
    end_of_clause: int
    subordinate: bool  # the cue's clause is a subordinate one, its verb last


def _agent_noun(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A plural head noun with the ending of agents ("die Brauer", "Bauern"): as the
    subject of a cue with an object, people who say something ("Das Feuer forderte drei
    Menschenleben" is no statement)."""
    words = tokens[span[0] : span[1]]
    head = next((t.text.lower() for t in words if t.pos == "NN"), "")
    plural = words[0].pos != "ART" or words[0].text.lower() == "die"
    return plural and head.endswith(("er", "ern"))


def can_speak(tokens: list[Token], span: tuple[int, int]) -> bool:
    """True when the phrase can name a speaker: a name, a pronoun, an agent noun."""
    return is_agentive(tokens, span) or _agent_noun(tokens, span)


def takes_object(tokens: list[Token], hit: CueHit, place: ObjectPlace) -> bool:
    """True when this cue, said by this speaker, may have its object as content."""
    f, lemma = hit.finite, hit.cue.lemma
    negated = any(t.pos == "PTKNEG" for t in tokens[f + 1 : max(hit.tokens)])
    judging = lemma in JUDGING_LEMMAS and any(t.text == "als"
                                              for t in tokens[f + 1 : place.right])
    speaker = place.speaker
    # (only someone can say something: "Die Flut forderte 92 Menschenleben" says nothing)
    return ((hit.cue.kind in OBJECT_KINDS or lemma in OBJECT_LEMMAS) and
            lemma not in CLAUSE_ONLY_LEMMAS or judging) and not negated and \
        not lemma.endswith(PHRASE_LEMMA_WORDS) and \
        (speaker[0] == speaker[1] or is_agentive(tokens, speaker) or _agent_noun(tokens, speaker))


def object_content(
    text: str, sentence: Sentence, hit: CueHit, quoted: QuoteIndex, place: ObjectPlace
) -> Located | None:
    """The object between the cue's verb and the end of its clause, or None."""
    tokens = sentence.tokens
    if not takes_object(tokens, hit, place):
        return None
    f, lemma, right = hit.finite, hit.cue.lemma, place.right
    last = max(hit.tokens)
    addressee = place.addressee
    begin = max(place.after_speaker, addressee[1] if addressee else 0, f + 1)
    if lemma in PREPOSITIONAL_OBJECTS and not any(
            t.text.lower() in PREPOSITIONAL_OBJECTS[lemma]
            for t in tokens[begin : min(right, begin + PREPOSITION_REACH)]):
        return None  # "sprach mit der Freundin", "ein Urteil sprechen": no report
    if lemma in JUDGEMENT_LEMMAS and not any(
            t.text == "als" for t in tokens[min(f, hit.head) : max(f, hit.head, right)]):
        return None  # "bewertete die Leistung" judges nothing aloud; "… als Erfolg" does
    if place.subordinate and all(t.pos.startswith("V") or t.pos == "$."
                                 for t in tokens[max(last, f) + 1 : right]):
        return None  # "Nachdem X die Berichte zurückgewiesen hatte, …": background
    if addressee is not None and begin == addressee[1] and all(
            k in hit.tokens or tokens[k].pos == "$." for k in range(begin, place.end_of_clause)):
        begin, addressee = addressee[0], None  # "kündigte Untersuchungen an": the object
    while begin < len(tokens) and (tokens[begin].pos == "PRF" or
                                   tokens[begin].text in ("aber", "jedoch", "zudem")):
        begin += 1  # "sprach sich für den Plan aus", "nannte aber keine Einzelheiten"
    if last > begin and all(t.pos in ("ADV", "PTKNEG", "$,") for t in tokens[begin:last]):
        return None  # "Die Vorwürfe wollte er eigentlich zurückweisen": fronted object
    acts = ACT_OBJECTS.get(lemma, ())
    head = next((t.text.lower() for t in tokens[begin:right] if t.pos == "NN"), "")
    if acts and head.endswith(acts):
        return None  # "wies die Klage zurück": a court's decision, not a statement
    if last > f:  # participle or particle at the end: the content runs up to it
        begin_char = tokens[begin].start if begin < len(tokens) else sentence.end
        end_char = tokens[last].start
    else:
        if begin >= len(tokens):
            return None
        begin_char = tokens[begin].start
        end_char = content_after(text, sentence, begin_char, quoted)
        second = next((k for k in range(begin + 1, len(tokens) - 1)
                       if tokens[k].pos == "KON" and tokens[k + 1].pos in FINITE_TAGS
                       and not quoted.inside(tokens[k].start)), None)
        if second is not None and tokens[second].start < end_char:
            end_char = tokens[second - 1].end  # "forderte mehr Geld und rief …": one act
    if end_char - begin_char > 3:
        return (begin_char, end_char), place.speaker, addressee
    return None

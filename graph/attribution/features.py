"""What the rules know about a speaker candidate, as named features for the ranking model.

Each candidate becomes a dict of feature names to values (mostly 1.0 indicators): where it
stands relative to the cue (subject position right before or after the cue verb, inside
a frame "laut X", inside a quotation, before or after the content), how far it is in
tokens and sentences, what kind of phrase it is (name, pronoun, description, source),
what the rules chose, whether it spoke before and how often its actor was named so far.
Some indicators are crossed with the kind of cue (verb, frame, noun, continuation), as the
right position for a speaker depends on it. The names are stable strings, so the trained
weights can be stored as plain JSON keyed by them.
"""

from __future__ import annotations

from newskg.graph.attribution.candidates import SOURCE_NOUNS, Candidate
from newskg.graph.model import Document, Mention, Statement, Token
from newskg.graph.statements.lexicon import agent_endings
from newskg.graph.text.phrases import FINITE_TAGS
from newskg.graph.text.quotes import QuoteIndex

#: Cue lemmas of frames ("laut X", "X zufolge", ", so X", "nach Angaben von X").
FRAME_LEMMAS = frozenset(("laut", "zufolge", "so", "gemäß", "nach", "demnach"))
_PREPOSITIONS = frozenset(("laut", "nach", "von", "vom", "zufolge", "gemäß", "durch", "mit",
                           "für", "gegen", "an", "bei", "aus", "über", "in", "im", "zu", "zur",
                           "zum", "auf", "vor", "seitens"))
_CASE_ARTICLES = {"der": "der", "die": "die", "das": "das", "den": "den", "dem": "dem",
                  "des": "des", "ein": "ein", "eine": "eine", "einer": "einer",
                  "eines": "eines", "einem": "einem", "einen": "einen"}

#: Endings of abstract nouns, which name no one who speaks ("Mitverantwortung", "Angebot").
_ABSTRACT_ENDINGS = ("ung", "heit", "keit", "ion", "tät", "nis", "ismus", "ment", "tum",
                     "gebot", "schluss", "zug", "fall", "lage", "frage", "wort", "sicht")
#: Endings of compound source nouns ("Pressemitteilung", "Untersuchungsbericht").
_SOURCE_ENDINGS = ("mitteilung", "bericht", "erklärung", "angaben", "meldung", "studie",
                   "umfrage", "aussage", "schätzung", "informationen", "kreisen", "quellen")


def cue_class(statement: Statement) -> str:
    """The kind of cue, which decides where its speaker stands."""
    lemma = statement.cue_lemma
    if not lemma:
        return "continuation"
    if lemma in FRAME_LEMMAS or lemma.startswith("nach "):
        return "frame"
    if lemma[:1].isupper():
        return "noun"
    return "verb"


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


class Context:
    """Per-document facts the features of all candidates share (computed once)."""

    def __init__(self, document: Document, mentions: list[Mention], quoted: QuoteIndex):
        self.document = document
        self.quoted = quoted
        self.mentions = sorted((m for m in mentions if m.actor), key=lambda m: m.start)

    def salience(self, actor: str | None, before: int) -> int:
        """How often ``actor`` was named before character ``before``."""
        if actor is None:
            return 0
        return sum(1 for m in self.mentions if m.actor == actor and m.end <= before)


def _cue_tokens(tokens: list[Token], statement: Statement) -> list[int]:
    spans = statement.cue_spans
    return [k for k, t in enumerate(tokens) if any(s.start <= t.start < s.end for s in spans)]


def features(
    context: Context, statement: Statement, candidate: Candidate, history: list[Candidate],
) -> dict[str, float]:
    """The named features of one candidate of one statement; ``history`` holds the
    speakers chosen for the statements before it.

    In the order they are added: the cue's class; for the "nobody" candidate only that; else
    what the candidate is and where it comes from, its neighbouring tokens, whether it is
    quoted and on which side of the content it stands, where it stands from the cue in the
    same sentence, whether it spoke before, how often its actor was named, its head noun.
    """
    cue = cue_class(statement)
    out: dict[str, float] = {f"cue={cue}": 1.0}
    rule_none = statement.mention.start == statement.mention.end
    if candidate.origin == "none":
        out["none"] = 1.0
        out[f"none&cue={cue}"] = 1.0
        if rule_none:
            out["none&rule_none"] = 1.0
        return out
    tokens = context.document.sentences[candidate.sentence].tokens
    distance = statement.sentence - candidate.sentence
    _add_candidate(out, statement, candidate, cue, distance, rule_none)
    _add_neighbours(out, tokens, candidate, cue)
    if context.quoted.inside(candidate.start):
        out["in_quotation"] = 1.0
    content = statement.content
    out["before_content" if candidate.end <= content.start else "after_content"] = 1.0
    if distance == 0:
        _add_cue_position(out, tokens, statement, candidate, cue)
    _add_history(out, history, candidate, cue)
    count = context.salience(candidate.actor, candidate.start)
    out[f"salience={_bucket(count, (0, 1, 3))}"] = 1.0
    _add_head(out, tokens[candidate.first:candidate.last], candidate, cue)
    return out


def _add_candidate(out: dict[str, float], statement: Statement, candidate: Candidate, cue: str,
                   distance: int, rule_none: bool) -> None:
    """Where the candidate comes from, what it names, how far its sentence is, whether the
    rules named nobody or another phrase, and its length."""
    dist = _bucket(distance, (0, 1, 2))
    kind = candidate.mention_type
    out["cand"] = 1.0
    out[f"origin={candidate.origin}"] = 1.0
    out[f"origin={candidate.origin}&cue={cue}"] = 1.0
    out[f"type={kind}"] = 1.0
    out[f"type={kind}&cue={cue}"] = 1.0
    out[f"actor={candidate.actor_type}"] = 1.0
    out[f"sent_dist={dist}"] = 1.0
    out[f"sent_dist={dist}&cue={cue}"] = 1.0
    out[f"sent_dist={dist}&type={kind}"] = 1.0
    if rule_none:
        out["rule_none"] = 1.0
        out[f"rule_none&sent_dist={dist}"] = 1.0
    rule = statement.mention
    if candidate.origin != "rule" and candidate.start < rule.end and rule.start < candidate.end:
        out["overlaps_rule"] = 1.0
    length = candidate.last - candidate.first
    out[f"len={_bucket(length, (1, 2, 3, 5, 8))}"] = 1.0


def _add_neighbours(out: dict[str, float], tokens: list[Token], candidate: Candidate,
                    cue: str) -> None:
    """The candidate's article and the tokens right before and after it: a preposition
    ("laut X"), a finite verb (subject position), a comma, "zufolge"."""
    first = tokens[candidate.first]
    before = tokens[candidate.first - 1] if candidate.first > 0 else None
    after = tokens[candidate.last] if candidate.last < len(tokens) else None
    article = _CASE_ARTICLES.get(first.text.lower())
    if article:
        out[f"article={article}"] = 1.0
    if before is None:
        out["sentence_initial"] = 1.0
    else:
        word = before.text.lower()
        if word in _PREPOSITIONS:
            out[f"prep={word}"] = 1.0
            out[f"prep={word}&cue={cue}"] = 1.0
        elif before.pos.startswith("AP"):
            out["prep=other"] = 1.0
        if before.pos in FINITE_TAGS:
            out["after_finite"] = 1.0
        if before.text == ",":
            out["after_comma"] = 1.0
    if after is not None:
        if after.pos in FINITE_TAGS:
            out["before_finite"] = 1.0
        if after.text == ",":
            out["before_comma"] = 1.0
        if after.text == "zufolge":
            out["before_zufolge"] = 1.0


def _add_cue_position(out: dict[str, float], tokens: list[Token], statement: Statement,
                      candidate: Candidate, cue: str) -> None:
    """In the cue's sentence: on which side of the cue the candidate stands, how far, and
    whether a finite verb or a quotation mark stands between them."""
    cue_at = _cue_tokens(tokens, statement)
    if not cue_at:
        return
    if candidate.last <= cue_at[0]:
        gap = cue_at[0] - candidate.last
        side = "before_cue"
    else:
        gap = max(0, candidate.first - cue_at[-1] - 1)
        side = "after_cue"
    bucket = _bucket(gap, (0, 1, 2, 4, 8))
    out[side] = 1.0
    out[f"{side}&cue={cue}"] = 1.0
    out[f"{side}&gap={bucket}"] = 1.0
    out[f"{side}&gap={bucket}&cue={cue}"] = 1.0
    out[f"{side}&type={candidate.mention_type}"] = 1.0
    between = tokens[min(candidate.last, cue_at[0]) : max(candidate.first, cue_at[-1])]
    if any(t.pos in FINITE_TAGS for t in between if t not in
           [tokens[k] for k in cue_at]):
        out["finite_between"] = 1.0
    if any(t.text in ("„", "“", "»", "«", '"') for t in between):
        out["quote_between"] = 1.0


def _add_history(out: dict[str, float], history: list[Candidate], candidate: Candidate,
                 cue: str) -> None:
    """Whether the candidate's phrase spoke last, or its actor spoke recently."""
    spoke = [c for c in history if c.origin != "none"]
    if spoke:
        if spoke[-1].span == candidate.span:
            out["previous_speaker_phrase"] = 1.0
            out[f"previous_speaker_phrase&cue={cue}"] = 1.0
        if candidate.actor and any(c.actor == candidate.actor for c in spoke[-3:]):
            out["actor_spoke_recently"] = 1.0


def head_class(words: list[Token]) -> tuple[str, str | None]:
    """What the phrase's head noun names: a person or body ("Sprecher", "Regierung"), a
    source ("Angaben"), an abstract thing ("Mitverantwortung"), or a name; and the head."""
    nouns = [t for t in words if t.pos == "NN"]
    if not nouns:
        return ("name" if any(t.pos in ("NE", "FM", "XY") for t in words) else "none"), None
    head = nouns[0].text
    low = head.lower()
    if head in SOURCE_NOUNS or low.endswith(_SOURCE_ENDINGS):
        return "source", head
    if low.endswith(agent_endings()) or nouns[0].actor:
        return "agent", head
    if low.endswith(_ABSTRACT_ENDINGS):
        return "abstract", head
    return "noun", head


def _add_head(out: dict[str, float], words: list[Token], candidate: Candidate, cue: str) -> None:
    kind, head = head_class(words)
    out[f"head={kind}"] = 1.0
    out[f"head={kind}&cue={cue}"] = 1.0
    out[f"head={kind}&origin={candidate.origin}"] = 1.0
    if head is not None:
        out[f"headword={head.lower()}"] = 1.0

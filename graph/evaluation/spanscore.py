"""The Wikinews quotation shared task's span metric, and a diff for reading errors.

Quotations are compared as sets of tokens, not as strings, so a message that misses a
word or takes one too many still earns most of its credit. Within each article, gold and
predicted quotations are paired by the one-to-one assignment with the largest total token
overlap of their messages; unpaired quotations count only in the denominators. Precision,
recall and F1 are reported for the message role and jointly for message + speaker, over
top-level (not nested) gold quotations.

Both sides use the corpus format: an article is ``{id, text, quotes: [...]}`` and a
quotation has ``quote`` and ``speaker`` roles, each ``{text, spans: [[begin, end], ...]}``
or None. :func:`statements_to_quotes` turns an Analysis into predicted quotations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from newskg.graph.evaluation.speakerspan import speaker_span
from newskg.graph.model import Analysis, Document, Sentence, Statement
from newskg.graph.text.clauses import frame_clause
from newskg.graph.text.quotes import QuoteIndex

_TOKEN = re.compile(r"\w+|[^\w\s]")
#: Quote marks that the annotation includes at both ends of a directly quoted message.
QUOTE_MARKS = "„“”\"»«‚‘’›‹'"


@dataclass
class PRF:
    """Token counts and the precision, recall and F1 derived from them."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Scores:
    """Corpus-level scores (token counts summed over all articles)."""

    message: PRF = field(default_factory=PRF)
    speaker: PRF = field(default_factory=PRF)
    joint: PRF = field(default_factory=PRF)
    articles: int = 0
    gold_quotations: int = 0
    predicted_quotations: int = 0
    paired: int = 0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "articles": self.articles,
            "gold_quotations": self.gold_quotations,
            "predicted_quotations": self.predicted_quotations,
            "paired": self.paired,
        }
        for name in ("message", "speaker", "joint"):
            prf: PRF = getattr(self, name)
            out[f"{name}_precision"] = round(100 * prf.precision, 2)
            out[f"{name}_recall"] = round(100 * prf.recall, 2)
            out[f"{name}_f1"] = round(100 * prf.f1, 2)
        return out


@dataclass
class QuotationDiff:
    """One row of the per-quotation diff: a pair, a missed gold or a spurious prediction."""

    status: str  # "pair", "missed" or "spurious"
    gold_message: str | None
    predicted_message: str | None
    gold_speaker: str | None
    predicted_speaker: str | None
    message_overlap: float  # token F1 of the two messages, 0 when unpaired


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the scorer's tokens (words and single punctuation marks)."""
    return [m.span() for m in _TOKEN.finditer(text)]


def role_tokens(role: Mapping | None, tokens: Sequence[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens that a role's character spans cover (overlap counts)."""
    if not role or not role.get("spans"):
        return frozenset()
    starts = [b for b, _ in tokens]
    covered: set[int] = set()
    for begin, end in role["spans"]:
        i = max(bisect.bisect_right(starts, begin) - 1, 0)
        while i < len(tokens) and tokens[i][0] < end:
            if tokens[i][1] > begin:
                covered.add(i)
            i += 1
    return frozenset(covered)


def best_assignment(weights: np.ndarray) -> list[tuple[int, int]]:
    """Rows paired with columns so that the summed weight is largest (Hungarian method).

    Only pairs with a positive weight are returned.
    """
    n_rows, n_cols = weights.shape
    if n_rows == 0 or n_cols == 0:
        return []
    size = max(n_rows, n_cols)
    cost = np.zeros((size, size))
    cost[:n_rows, :n_cols] = -weights
    # Shortest augmenting path formulation with potentials (1-based helper arrays).
    u = np.zeros(size + 1)
    v = np.zeros(size + 1)
    match_col = np.zeros(size + 1, dtype=int)  # column -> row (1-based), 0 = free
    way = np.zeros(size + 1, dtype=int)
    for row in range(1, size + 1):
        match_col[0] = row
        col0 = 0
        min_to = np.full(size + 1, np.inf)
        used = np.zeros(size + 1, dtype=bool)
        while True:
            used[col0] = True
            row0 = match_col[col0]
            best, col1 = np.inf, 0
            for col in range(1, size + 1):
                if used[col]:
                    continue
                current = cost[row0 - 1, col - 1] - u[row0] - v[col]
                if current < min_to[col]:
                    min_to[col] = current
                    way[col] = col0
                if min_to[col] < best:
                    best, col1 = min_to[col], col
            for col in range(size + 1):
                if used[col]:
                    u[match_col[col]] += best
                    v[col] -= best
                else:
                    min_to[col] -= best
            col0 = col1
            if match_col[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match_col[col0] = match_col[col1]
            col0 = col1
    pairs = []
    for col in range(1, size + 1):
        row = match_col[col] - 1
        if row < n_rows and col - 1 < n_cols and weights[row, col - 1] > 0:
            pairs.append((row, col - 1))
    return sorted(pairs)


def _top_level(quotes: Iterable[Mapping]) -> list[Mapping]:
    return [q for q in quotes if not q.get("nested") and q.get("quote")]


def _align(
    text: str, gold: list[Mapping], predicted: list[Mapping]
) -> tuple[list[tuple[int, int]], list[dict[str, frozenset[int]]], list[dict[str, frozenset[int]]]]:
    tokens = tokenize_spans(text)
    gold_sets = [
        {r: role_tokens(q.get(r), tokens) for r in ("quote", "speaker")} for q in gold
    ]
    pred_sets = [
        {r: role_tokens(q.get(r), tokens) for r in ("quote", "speaker")} for q in predicted
    ]
    weights = np.array(
        [[len(g["quote"] & p["quote"]) for p in pred_sets] for g in gold_sets], dtype=float
    ).reshape(len(gold_sets), len(pred_sets))
    return best_assignment(weights), gold_sets, pred_sets


def score_article(article: Mapping, predicted: Sequence[Mapping]) -> Scores:
    """Scores of one article's predicted top-level quotations against the gold ones."""
    gold = _top_level(article.get("quotes", []))
    pred = _top_level(predicted)
    pairs, gold_sets, pred_sets = _align(article["text"], gold, pred)
    scores = Scores(articles=1, gold_quotations=len(gold), predicted_quotations=len(pred))
    scores.paired = len(pairs)
    for role, prf in (("quote", scores.message), ("speaker", scores.speaker)):
        prf.gold = sum(len(g[role]) for g in gold_sets)
        prf.predicted = sum(len(p[role]) for p in pred_sets)
        prf.matched = sum(len(gold_sets[g][role] & pred_sets[p][role]) for g, p in pairs)
    scores.joint.add(scores.message)
    scores.joint.add(scores.speaker)
    return scores


def score(gold_articles: Iterable[Mapping], predicted: Mapping[str, Sequence[Mapping]]) -> Scores:
    """Corpus scores: ``predicted`` maps an article id to its predicted quotations."""
    total = Scores()
    for article in gold_articles:
        part = score_article(article, predicted.get(str(article["id"]), []))
        for name in ("message", "speaker", "joint"):
            getattr(total, name).add(getattr(part, name))
        total.articles += 1
        total.gold_quotations += part.gold_quotations
        total.predicted_quotations += part.predicted_quotations
        total.paired += part.paired
    return total


def _role_text(text: str, role: Mapping | None) -> str | None:
    if not role or not role.get("spans"):
        return None
    return " | ".join(text[b:e] for b, e in role["spans"])


def diff_article(article: Mapping, predicted: Sequence[Mapping]) -> list[QuotationDiff]:
    """Every gold and predicted quotation of an article, paired where the metric pairs them."""
    text = article["text"]
    gold = _top_level(article.get("quotes", []))
    pred = _top_level(predicted)
    pairs, gold_sets, pred_sets = _align(text, gold, pred)
    rows: list[tuple[int, QuotationDiff]] = []
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    for g, p in pairs:
        a, b = gold_sets[g]["quote"], pred_sets[p]["quote"]
        overlap = 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
        rows.append((
            gold[g]["quote"]["spans"][0][0],
            QuotationDiff("pair", _role_text(text, gold[g]["quote"]),
                          _role_text(text, pred[p]["quote"]),
                          _role_text(text, gold[g].get("speaker")),
                          _role_text(text, pred[p].get("speaker")), round(overlap, 3)),
        ))
    for g, quote in enumerate(gold):
        if g not in paired_gold:
            rows.append((quote["quote"]["spans"][0][0], QuotationDiff(
                "missed", _role_text(text, quote["quote"]), None,
                _role_text(text, quote.get("speaker")), None, 0.0)))
    for p, quote in enumerate(pred):
        if p not in paired_pred:
            rows.append((quote["quote"]["spans"][0][0], QuotationDiff(
                "spurious", None, _role_text(text, quote["quote"]), None,
                _role_text(text, quote.get("speaker")), 0.0)))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def _role(text: str, spans: list[tuple[int, int]]) -> dict | None:
    spans = [(b, e) for b, e in spans if e > b]
    if not spans:
        return None
    return {"text": " ".join(text[b:e] for b, e in spans), "spans": [list(s) for s in spans]}


#: Cues that frame a sentence ("laut X", "X zufolge", "nach Angaben von X", ", so X").
FRAME_CUES = {"laut", "zufolge", "so", "nach", "gemäß", "demnach"}

def _trimmed(text: str, begin: int, end: int, keep_stop: bool = False) -> tuple[int, int]:
    while begin < end and (text[begin].isspace() or text[begin] in ",;:–—"):
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] in ",;:–—"
                           or (not keep_stop and text[end - 1] in ".!?")):
        end -= 1
    return begin, end


def _sentence_of(document: Document, statement: Statement) -> Sentence | None:
    if 0 <= statement.sentence < len(document.sentences):
        return document.sentences[statement.sentence]
    return None


def _is_frame(statement: Statement) -> bool:
    return statement.cue_lemma in FRAME_CUES or statement.cue_lemma.startswith("nach ")


def _frame_clause_chars(
    document: Document, sentence: Sentence, begin: int, end: int, quoted: QuoteIndex
) -> tuple[int, int]:
    """The clause that the frame at characters ``[begin, end)`` speaks for."""
    tokens = sentence.tokens
    first = next((k for k, t in enumerate(tokens) if t.end > begin), 0)
    last = next((k for k, t in enumerate(tokens) if t.start >= end), len(tokens))
    return frame_clause(document.text, sentence, (first, max(last, first + 1)), quoted)


def _is_object_content(text: str, statement: Statement) -> bool:
    """True for "X forderte die Unterstützung der Armee": the verb's object is the content,
    no comma or colon separates it. The annotation then marks the whole sentence."""
    if not statement.cue_spans or statement.direct_quote == "full" or _is_frame(statement):
        return False
    cue_start = statement.cue_spans[0].start
    if not cue_start < statement.content.start:
        return False
    between = text[cue_start : statement.content.start]
    return not any(ch in between for ch in ",:„“\"»«")


def message_spans(
    document: Document, statement: Statement, quoted: QuoteIndex | None = None
) -> list[tuple[int, int]]:
    """The message as the annotation would mark it (see the module docstring)."""
    text = document.text
    begin, end = statement.content.start, statement.content.end
    sentence = _sentence_of(document, statement)
    if sentence is not None and _is_frame(statement) and statement.cue_spans:
        source = statement.proposed or statement.mention  # the frame's own source
        frame_begin = min(statement.cue_spans[0].start, source.start)
        frame_end = max(statement.cue_spans[-1].end, source.end)
        for token in sentence.tokens:  # ", so X weiter," / ", so X wörtlich."
            if statement.cue_lemma != "so":
                break  # after "nach Angaben der Polizei" an adverb belongs to the message
            if token.start >= frame_end:
                if token.pos not in ("ADV", "ADJD") or token.start - frame_end > 1:
                    break
                frame_end = token.end
        if sentence.start <= frame_begin and frame_end <= sentence.end:
            clause_start, clause_end = _frame_clause_chars(
                document, sentence, frame_begin, frame_end, quoted or QuoteIndex(text))
            clause_start, clause_end = min(clause_start, begin), max(clause_end, end)
            parts = [_trimmed(text, clause_start, frame_begin),
                     _trimmed(text, frame_end, clause_end)]
            return [p for p in parts if p[1] > p[0]]
    if sentence is not None and _is_object_content(text, statement):
        regions = (quoted or QuoteIndex(text)).regions
        inside = [(b, e + 1) for b, e in regions if begin <= b and e < end]
        if inside:  # "nannte den Bericht eine „Zeitungsente“": the quotation is the message
            return inside
        return [_trimmed(text, sentence.start, sentence.end, keep_stop=True)]
    if not statement.cue_lemma and statement.direct_quote == "none" and end < len(text) and \
            text[end] in ".!?":
        end += 1  # a whole reported sentence is annotated with its full stop
    if statement.direct_quote == "full":
        if begin > 0 and text[begin - 1] in QUOTE_MARKS:
            begin -= 1
        if end < len(text) and text[end] in QUOTE_MARKS:
            end += 1
    return [(begin, end)]


def statement_to_quote(
    document: Document, statement: Statement, quoted: QuoteIndex | None = None
) -> dict:
    """One statement as a predicted quotation in the corpus format."""
    text = document.text
    return {
        "type": "Direct" if statement.direct_quote == "full" else "Indirect",
        # a medium quoting someone ("X wird von Reuters zitiert, …") is annotated as nested
        "nested": statement.cue_lemma == "zitieren",
        "quote": _role(text, message_spans(document, statement, quoted)),
        "speaker": _role(text, [speaker_span(document, statement)]),
        "cue": _role(text, [(s.start, s.end) for s in statement.cue_spans]),
    }


def statements_to_quotes(analysis: Analysis) -> list[dict]:
    """All statements of an analysis as predicted quotations, in text order.

    A continuation (no cue of its own) joins the quotation it continues, as the
    annotation marks several reported sentences as one quotation.
    """
    document = analysis.document
    quoted = QuoteIndex(document.text)
    quotes: list[dict] = []
    previous: Statement | None = None
    for statement in analysis.statements:
        quote = statement_to_quote(document, statement, quoted)
        if (not statement.cue_lemma and previous is not None and quotes and quotes[-1]["quote"]
                and statement.mention is previous.mention and quote["quote"]
                and statement.direct_quote == previous.direct_quote
                and statement.sentence - previous.sentence == 1 and not previous.cue_lemma):
            merged = quotes[-1]["quote"]["spans"] + quote["quote"]["spans"]
            quotes[-1]["quote"] = _role(document.text, [tuple(x) for x in merged])
        else:
            quotes.append(quote)
        previous = statement
    return quotes

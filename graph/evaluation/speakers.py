"""Speaker errors by kind of mention: where the speaker attribution still loses.

For every predicted quotation the metric pairs with a gold one, the gold speaker is
classed by how the text names it (a name, a pronoun, a definite description, a frame
such as "laut X" or "nach Angaben der Polizei", or none) and the prediction is counted as
right (same tokens), partial (overlapping), wrong (another phrase), missed (no speaker
predicted) or spurious (a speaker where the gold has none). ``newskg evaluate`` prints the
table, so the next person sees which kind of mention to work on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newskg.graph.attribution.candidates import mention_type
from newskg.graph.evaluation.spanscore import _align, _top_level
from newskg.graph.model import Analysis

KINDS = ("name", "pronoun", "description", "frame", "other", "none")
OUTCOMES = ("right", "partial", "wrong", "missed", "spurious")
_FRAME_WORDS = ("laut", "zufolge", "nach", "gemäß", "so")


def gold_kind(analysis: Analysis, role: Mapping | None) -> str:
    """How the text names the gold speaker."""
    if not role or not role.get("spans"):
        return "none"
    begin, end = role["spans"][0]
    document = analysis.document
    for sentence in document.sentences:
        if not sentence.start <= begin < sentence.end:
            continue
        tokens = sentence.tokens
        first = next((k for k, t in enumerate(tokens) if t.end > begin), len(tokens))
        last = next((k for k, t in enumerate(tokens) if t.start >= end), len(tokens))
        kind = mention_type(tokens, first, max(last, first))
        before = tokens[first - 1].text.lower() if first > 0 else ""
        after = tokens[last].text.lower() if last < len(tokens) else ""
        if kind == "source" or before in _FRAME_WORDS or after == "zufolge":
            return "frame"
        return kind if kind in KINDS else "other"
    return "other"


def tally(
    table: dict[str, dict[str, int]], article: Mapping, analysis: Analysis,
    predicted: Sequence[Mapping],
) -> None:
    """Add one article's paired quotations to ``table[kind][outcome]``."""
    gold = _top_level(article.get("quotes", []))
    pred = _top_level(predicted)
    pairs, gold_sets, pred_sets = _align(article["text"], gold, pred)
    for g, p in pairs:
        truth, guess = gold_sets[g]["speaker"], pred_sets[p]["speaker"]
        kind = gold_kind(analysis, gold[g].get("speaker"))
        if not truth:
            outcome = "right" if not guess else "spurious"
        elif not guess:
            outcome = "missed"
        elif truth == guess:
            outcome = "right"
        else:
            outcome = "partial" if truth & guess else "wrong"
        row = table.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
        row[outcome] += 1


def format_table(table: dict[str, dict[str, int]]) -> list[str]:
    """The table as lines: one row per kind of gold mention."""
    lines = ["  speaker by kind of gold mention (paired quotations):",
             f"    {'kind':<12}" + "".join(f"{o:>9}" for o in OUTCOMES) + f"{'right %':>9}"]
    for kind in KINDS:
        row = table.get(kind)
        if not row:
            continue
        total = sum(row.values())
        lines.append(f"    {kind:<12}" + "".join(f"{row[o]:>9}" for o in OUTCOMES)
                     + f"{100 * row['right'] / total:>9.1f}")
    return lines

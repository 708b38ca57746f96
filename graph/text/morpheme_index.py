"""HanTa's morpheme model as the look-up tables that :mod:`newskg.graph.text.morphology` runs
its passes over, and HanTa's rule for a lemma's form.

The model holds, per tag, its morphemes' log probabilities; the passes need the reverse
(segment -> tags), each state's end tags, and the parts of an unknown morpheme's score. The
index is built once per model, and only for a model of the shape assumed here (one suffix
table for all open-class tags, tags that fit in ``TAG_BITS``, length tables long enough):
for any other, :func:`index_model` gives None and HanTa answers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A state (previous tag, tag), both tags in 0..255, is coded as one int: it hashes faster.
TAG_BITS, TAG_MASK = 8, 255
#: Cap of HanTa's table of unknown morphemes' lengths.
MAX_LENGTH = 24


@dataclass(frozen=True)
class ModelIndex:
    """What the passes look up in the model (see the module doc)."""

    #: morpheme -> ((tag, log prob), ...) and the same as a dict.
    known: dict[str, tuple[tuple[tuple[int, float], ...], dict[int, float]]]
    #: Longest known morpheme by its first three letters, to stop looking early.
    longest: dict[str, int]
    #: The suffixes the model scores unknown morphemes by (the same for every open tag).
    suffixes: frozenset[str]
    #: A state's end tags with their log probs, in HanTa's order.
    finals: dict[int, Any]
    #: Open-class tag -> (intercept + hapax, scores by length, scores by suffix): a guess
    #: for tag t is ((Int_t + LP_hapax_t[t]) + LP_len_t[t][length]) + suffix.
    open: dict[int, tuple[float, Any, Any]]
    #: Part of speech -> longest ending of its lemma suffix table.
    longest_ending: dict[str, int]


def index_model(m: Any) -> ModelIndex | None:
    """The look-up tables of HanTa's model ``m``; None when it breaks an assumption made here."""
    scores: dict[str, dict[int, float]] = {}
    for tag, morphemes in m.LP_m_t.items():
        for morpheme, lp in morphemes.items():
            scores.setdefault(morpheme, {})[tag] = lp
    known = {morpheme: (tuple(d.items()), d) for morpheme, d in scores.items()}
    longest: dict[str, int] = {}
    for morpheme in sorted(known, key=len):
        longest[morpheme[:3]] = len(morpheme)
    open_tags = [t for t in m.LP_hapax_t if t in m.LP_s_t]
    suffix_sets = {frozenset(m.LP_s_t[t]) for t in open_tags}
    followers = {t for items in m.LP_trans_nonfinal.values() for t, _ in items}
    if len(suffix_sets) != 1 or "" not in next(iter(suffix_sets)) or \
            not all(0 < t <= TAG_MASK and t in m.LP_m_t for t in followers) or \
            not all(len(m.LP_len_t.get(t, ())) > MAX_LENGTH for t in open_tags):
        return None
    return ModelIndex(
        known=known,
        longest=longest,
        suffixes=next(iter(suffix_sets)),
        finals={(a << TAG_BITS) | b: items for (a, b), items in m.LP_trans_final.items()
                if 0 <= a <= TAG_MASK and 0 <= b <= TAG_MASK},
        open={t: (m.Int_t + m.LP_hapax_t[t], m.LP_len_t[t], m.LP_s_t[t]) for t in open_tags},
        longest_ending={pos: max(len(ending) for ending in table)
                        for pos, table in m.lemmasuffixtable.items() if len(table) > 0},
    )


def lemma_form(m: Any, index: ModelIndex, stem_parts: list[str], pos_name: str) -> str:
    """The stem, capitalised for noun-like tags, plus the lemma suffix of HanTa's table
    for the stem's longest listed ending ("#" marks the stem's start)."""
    stem = "".join(stem_parts)
    main = pos_name.split("(")[0]
    table = m.lemmasuffixtable.get(main, [])
    suffix = ""
    if len(table) > 0:
        longest = index.longest_ending[main]
        if len(stem) + 1 < longest:
            longest = len(stem)
        marked = "#" + stem
        for size in range(longest + 1, 0, -1):
            if marked[-size:] in table:
                suffix = table[marked[-size:]]
                break
    if m.tag2int.get(pos_name, 0) in m.capitalizedlemmata:
        stem = stem[0].upper() + stem[1:]
    return stem + suffix

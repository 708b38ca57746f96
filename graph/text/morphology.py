"""HanTa's German morpheme model, evaluated exactly and much faster, one word form at a time.

newskg asks HanTa, per new word form and out of context, for the scored tags of
``tag_word(word, cutoff)`` and the lemma of ``analyze(word, pos, taglevel=1)``. HanTa answers
with a dynamic programme over the word's segmentations (an HMM over morpheme tags; each
position keeps the states within 1 of its fourth best) that scores every (state, segment,
follower tag) with a method call, thousands per word, nearly all for segments that are no
morpheme and tags that cannot guess one: most of newskg's time on a new corpus. This module
runs the same programme on HanTa's model, visiting only what can score: the morpheme lexicon
is inverted once (segment -> tags, :mod:`newskg.graph.text.morpheme_index`); an unknown
morpheme's score depends only on the tag, the segment's length (capped), its longest suffix
in the model's table and whether it is the whole word, so it is memoised per suffix; a
segment that is no morpheme is offered only to a state's open-class followers.

Exactness comes first: every score is the same floating-point expression, in the same order,
as HanTa's ((state + transition) + morpheme; a guess is ((intercept + hapax) + length) +
suffix, minus the whole-word penalty), and states enter each position's table in HanTa's
order (one state's candidates for one segment by their place in its transition list), so
pruning, ties ("first maximum wins") and the order in which ``logaddexp`` folds a tag's
paths are HanTa's too. ``bench/hanta_exactness.py`` compares the two on every word form of a
corpus, answers and table rows. A model of another shape, and any failure here, is handed to
HanTa itself.
"""

from __future__ import annotations

import contextlib
import math
from operator import itemgetter
from typing import Any

from newskg.graph.text.morpheme_index import MAX_LENGTH, TAG_BITS, TAG_MASK, index_model, lemma_form
from numpy import logaddexp

EMPTY, START, UNKNOWN = 0, 1, 3
#: HanTa's floor for a path's log probability: worse paths are dropped.
LOWER_BOUND = -1e6
#: HanTa's penalty for an unknown morpheme that is the whole word.
WHOLE_WORD_PENALTY = 4.6
#: Longest suffix HanTa looks up for an unknown morpheme.
MAX_SUFFIX = 4
#: Forward passes remembered (by lower-cased word) before the memory is emptied.
MAX_REMEMBERED = 50_000
START_CODE = (EMPTY << TAG_BITS) | START
NO_PATH = -math.inf
MISSING = object()

State = tuple[int, int]
Guesses = dict[int, float] | None
#: A state's followers: tag -> (place in its transition list, log prob, new state), and
#: the open-class ones as (place, tag, log prob, new state).
Followers = tuple[dict[int, tuple[int, float, int]], tuple[tuple[int, int, float, int], ...]]
#: A known morpheme word[i:j]: (j, its (tag, log prob) pairs, the same as a dict, guesses).
Known = tuple[int, tuple[tuple[int, float], ...], dict[int, float], Guesses]


class Morphology:
    """Tag scores and lemmas of HanTa's model for one word form at a time (module doc)."""

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger
        #: Calls answered by HanTa itself (a word or model this code does not handle).
        self.fallbacks = 0
        #: When set, the last pass's rows and end row are kept in ``tables`` (for checks):
        #: HanTa's table, with states coded as ``(previous << TAG_BITS) | tag``.
        self.keep_tables = False
        self.tables: list[dict] = []
        self.forget()
        #: The model's look-up tables; None (HanTa answers) for a model of another shape.
        self._index = index_model(tagger)
        self.fast = self._index is not None

    def forget(self) -> None:
        """Drop everything remembered from the words seen so far (all but the model's
        index), so that the next word costs what it costs in a new process."""
        self._guess_memo: dict[bool, dict[str, list[Guesses]]] = {False: {}, True: {}}
        self._suffix_memo: dict[str, list[list[Guesses] | None]] = {}
        self._best_suffix: dict[str, str] = {}
        self._followers: dict[int | None, dict[int, Followers | None]] = {}
        self._forwarded: dict[str, list[tuple[int, float]]] = {}
        # The current word and its segments (see ``_run``).
        self._word: str | None = None
        self._known_rows: list = []
        self._guess_rows: list = []
        self._suffix_rows: list | None = None
        self._whole_guess: Guesses = None

    def tag_word(self, word: str, cutoff: int = 5) -> list[tuple[str, float]]:
        """What ``HanoverTagger.tag_word(word, cutoff)`` returns."""
        if self.fast:
            with contextlib.suppress(Exception):  # HanTa then raises or answers, as before
                return [(self.tagger.int2tag[t], p) for t, p in self._tag_scores(word, cutoff)]
        self.fallbacks += 1
        return self.tagger.tag_word(word, cutoff=cutoff)

    def lemma(self, word: str, pos: str) -> str:
        """What ``HanoverTagger.analyze(word, pos=pos, taglevel=1)[0]`` returns."""
        if self.fast and pos != "EMPTY" and pos in self.tagger.tag2int:
            with contextlib.suppress(Exception):  # HanTa then raises or answers, as before
                return self._lemma(word.lower(), self.tagger.tag2int[pos])
        self.fallbacks += 1
        return self.tagger.analyze(word, pos=pos, taglevel=1)[0]

    def _tag_scores(self, word: str, cutoff: int) -> list[tuple[int, float]]:
        """HanTa's ``_tag_word``: the model's cached reading or the forward pass, plus the
        log prob of the word's case per tag, best first, within ``cutoff`` of the best."""
        m = self.tagger
        upcase = word[0].isupper()
        word = '"' if len(word) <= 2 and m.re_qmark.match(word) else word.lower()
        cached = m.cache.get(word)
        scores = cached if cached is not None else self._forwarded.get(word)
        if scores is None:  # "Die" and "die" share the pass: HanTa lower-cases first
            if len(self._forwarded) >= MAX_REMEMBERED:
                self._forwarded.clear()
            scores = self._forwarded[word] = self._forward(word)
        case = m.LP_case_t
        scored = [(t, p + case[t][upcase] if t != UNKNOWN else p) for t, p in scores]
        scored.sort(key=itemgetter(1), reverse=True)
        if cached is None and scored:
            if cutoff == 0:
                return scored[:1]
            limit = scored[0][1] - cutoff
            scored = [(t, p) for t, p in scored if p >= limit]
        return scored

    def _forward(self, word: str) -> list[tuple[int, float]]:
        """HanTa's ``analyze_forward``: each end tag's best path, folded per part of speech
        with ``logaddexp`` in table order, best first."""
        rows = self._run(word, None, not self.tagger.strict, None)
        last: dict[State, float] = {}
        for state, lp in rows[-1].items():
            prev = state & TAG_MASK
            for tag, lpt in self._index.finals.get(state, ()):
                lp1 = lp + lpt
                if lp1 > LOWER_BOUND:
                    new = (prev, tag)
                    old = last.get(new)
                    if old is None or lp1 > old:
                        last[new] = lp1
        if self.keep_tables:
            self.tables = [*rows, last]
        results: dict[int, float] = {}
        for (_, tag), lp in last.items():
            if lp != -math.inf:
                results[-tag] = logaddexp(results[-tag], lp) if -tag in results else lp
        return sorted(results.items(), key=itemgetter(1), reverse=True) or [(UNKNOWN, 0)]

    def _run(self, word: str, target: int | None, guesses: bool,
             back: list[dict] | None) -> list[dict[int, float]]:
        """Rows 0..len(word): state -> best log prob of the first j letters ending in it.

        ``target``: only followers that can reach this end tag (the lemma's pass);
        ``guesses``: unknown morphemes allowed; ``back``: backpointers (state, i) wanted.
        Each position's states within 1 of its fourth best extend to the segments after it.
        """
        n = len(word)
        if word != self._word:  # per-word tables, kept for the lemma passes after the tags
            self._word, self._suffix_rows, self._whole_guess = word, None, None
            self._known_rows, self._guess_rows = [None] * n, [None] * n
        rows: list[dict[int, float]] = [{START_CODE: 0}]
        rows.extend({} for _ in range(n))
        followers = self._followers.setdefault(target, {})
        for i in range(n):
            row = rows[i]
            if not row:
                continue
            bound = sorted(row.values(), reverse=True)[3] - 1 if len(row) > 3 else LOWER_BOUND
            known_row = self._known_rows[i]
            if known_row is None:
                known_row = self._known_segments(i)
            guess_rows = None
            for state, lp in row.items():
                if lp < bound:
                    continue
                fol = followers.get(state, MISSING)
                if fol is MISSING:
                    fol = self._split_followers(state, target)
                if fol is None:
                    continue
                if not (guesses and fol[1]):
                    _extend_by_morphemes(rows, back, state, i, lp, fol, known_row)
                    continue
                if guess_rows is None:
                    guess_rows = self._guess_rows[i] or self._guess_segments(i)
                pure, known_guess_row = guess_rows
                _extend_by_morphemes(rows, back, state, i, lp, fol, known_guess_row)
                _extend_by_guesses(rows, back, state, i, lp, fol[1], pure)
        return rows

    def _split_followers(self, state: int, target: int | None) -> Followers | None:
        """A state's non-final followers (those that can reach ``target``, if given)."""
        m = self.tagger
        items = m.LP_trans_nonfinal.get((state >> TAG_BITS, state & TAG_MASK), [])
        if target is not None:
            reach = m.reachability.get(target, frozenset())
            items = [(t, lpt) for t, lpt in items if t in reach]
        found: Followers | None = None
        if items:
            prev = (state & TAG_MASK) << TAG_BITS
            index = {t: (place, lpt, prev | t) for place, (t, lpt) in enumerate(items)}
            open_ = tuple((place, t, lpt, prev | t) for place, (t, lpt) in enumerate(items)
                          if t in self._index.open)
            found = (index, open_)
        self._followers[target][state] = found
        return found

    def _known_segments(self, i: int) -> list[Known]:
        """The known morphemes word[i:j] (without guesses)."""
        word, known = self._word, self._index.known
        stop = min(i + self._index.longest.get(word[i : i + 3], 2), len(word))
        found = []
        for j in range(i + 1, stop + 1):
            scores = known.get(word[i:j])
            if scores is not None:
                found.append((j, scores[0], scores[1], None))
        self._known_rows[i] = found
        return found

    def _guess_segments(self, i: int) -> tuple[list, list]:
        """The segments word[i:j] with guesses: (j, guesses) for those that are no morpheme,
        and the known ones with their guesses."""
        n = len(self._word)
        if self._suffix_rows is None:
            self._suffix_rows = self._all_suffix_rows(self._word)
        rows_at = self._suffix_rows
        known_row = self._known_rows[i]
        known = {j for j, _, _, _ in known_row}
        # HanTa guesses only in words under 4 letters or for segments of 3 or more.
        pure = [(j, guess) for j in range(i + 1 if n < 4 else i + 3, n + 1) if j not in known
                and (guess := rows_at[j][j - i if j - i <= MAX_SUFFIX else MAX_SUFFIX + 1]
                     [min(MAX_LENGTH, j - i)]) is not None]
        if i == 0 and n not in known:  # the whole word: HanTa's guess has a penalty
            if pure and pure[-1][0] == n:
                pure.pop()
            if self._whole_guess is not None:
                pure.append((n, self._whole_guess))
        with_known = [(j, items, scores, None if n >= 4 and j - i <= 2 else self._whole_guess
                       if i == 0 and j == n else
                       rows_at[j][j - i if j - i <= MAX_SUFFIX else MAX_SUFFIX + 1]
                       [min(MAX_LENGTH, j - i)])
                      for j, items, scores, _ in known_row]
        self._guess_rows[i] = (pure, with_known)
        return pure, with_known

    def _all_suffix_rows(self, word: str) -> list[list[list[Guesses]]]:
        """For each end j, the guesses by length for segments ending there with k letters
        (k = 1..MAX_SUFFIX, then all longer ones): a segment's suffix is the longest in the
        model's table that is shorter than the segment. They depend only on the last
        ``min(MAX_SUFFIX, j - 1)`` letters, so they are kept by those. Also the whole word's
        guesses."""
        by_end = self._suffix_memo
        table = []
        for j in range(len(word) + 1):
            end = word[j - min(MAX_SUFFIX, j - 1) : j] if j > 1 else ""
            row = by_end.get(end)
            if row is None:
                best = [""]
                for size in range(1, len(end) + 1):
                    best.append(end[-size:] if end[-size:] in self._index.suffixes else best[-1])
                rows = [self._guess_row(text, False) for text in best]
                row = by_end[end] = [None, *rows, rows[-1]]  # by length, capped at 5
                self._best_suffix[end] = best[-1]
            table.append(row)
        n = len(word)
        end = word[n - min(MAX_SUFFIX, n - 1) :] if n > 1 else ""
        self._whole_guess = self._guess_row(self._best_suffix[end], True)[min(n, MAX_LENGTH)] \
            if n else None
        return table

    def _guess_row(self, suffix: str, whole: bool) -> list[Guesses]:
        """By length (0..MAX_LENGTH): open-class tag -> log prob of an unknown morpheme with
        this suffix, finite ones only (None when there are none)."""
        row = self._guess_memo[whole].get(suffix)
        if row is None:
            row = [None]
            for length in range(1, MAX_LENGTH + 1):
                scores = {}
                for tag, (base, lengths, suffix_lps) in self._index.open.items():
                    lp = base + lengths[length] + suffix_lps[suffix]
                    if whole:
                        lp -= WHOLE_WORD_PENALTY
                    if lp > -math.inf:
                        scores[tag] = lp
                row.append(scores or None)
            self._guess_memo[whole][suffix] = row
        return row

    def _lemma(self, word: str, pos: int) -> str:
        """HanTa's ``_analyze(word, pos, taglevel=1)`` lemma."""
        m = self.tagger
        end = -pos
        if end in m.atomic_class:
            path = [(pos, len(word)), (end, len(word) + 1)]
        else:
            path = self._viterbi(word, end)
        pos_name = m.int2tag[-path[-1][0]]
        starts = [0] + [stop for _, stop in path]
        morphemes = [(word[start:stop], tag) for start, (tag, stop)
                     in zip(starts, path, strict=False) if tag > 0]  # one start more
        dropped = m.nonstemtags.get(pos_name.split("(")[0], [])
        parts = [(mo, t) for mo, t in morphemes if t not in dropped] or morphemes
        last, last_tag = parts[-1]
        tag_name = m.int2tag[last_tag]
        if last_tag in m.stemdict and (tag_name[:2] == pos_name[:2] or
                                       tag_name.startswith("SUF")):
            last = m.stemdict[last_tag].get(last, last)
        return lemma_form(m, self._index, [mo for mo, _ in parts[:-1]] + [last], pos_name)

    def _viterbi(self, word: str, end: int) -> list[tuple[int, int]]:
        """HanTa's ``analyze_viterbi``: the best path to end tag ``end`` as (tag, end
        offset) pairs, with known morphemes only if that finds one, else with guesses."""
        n, finals = len(word), self._index.finals
        for guesses in (False, True):
            back: list[dict] = [{} for _ in range(n + 2)]
            rows = self._run(word, end, guesses, back)
            last: dict[State, float] = {}
            for state, lp in rows[n].items():
                # HanTa takes the first transition to ``end`` (there is at most one).
                lpt = next((lpt for tag, lpt in finals.get(state, ()) if tag == end), None)
                if lpt is not None and lp + lpt > LOWER_BOUND:
                    new = (state & TAG_MASK, end)
                    if new not in last or lp + lpt > last[new]:
                        last[new] = lp + lpt
                        back[n + 1][new] = (state, n)
            if last:
                break
        if self.keep_tables:
            self.tables = [*rows, last]
        best_lp, best = -math.inf, None
        for final, lp in last.items():
            if lp > best_lp:
                best_lp, best = lp, final
        if best is None:  # no path at all: HanTa reads the word as one unknown morpheme
            return [(UNKNOWN, n), (-UNKNOWN, n + 1)]
        path = [(end, n + 1)]
        state, stop = back[n + 1][best]
        while stop > 0:
            path.append((state & TAG_MASK, stop))
            state, stop = back[stop][state]
        return path[::-1]


def _extend_by_morphemes(rows: list[dict[int, float]], back: list[dict] | None, state: int,
                         i: int, lp: float, followers: Followers, segments: list[Known]) -> None:
    """Extend ``state`` (log prob ``lp`` at ``i``) by the known morphemes after ``i``, each
    with its guesses for the open-class followers it is no known morpheme of, in HanTa's
    order: by place in the state's transition list."""
    index, open_ = followers
    for j, items, known, guess in segments:
        dest = rows[j]
        if guess is None and len(items) == 1:  # the common case: one tag
            tag, mlp = items[0]
            if tag in index:
                _, lpt, new = index[tag]
                lp1 = lp + lpt + mlp
                if lp1 > LOWER_BOUND and lp1 > dest.get(new, NO_PATH):
                    dest[new] = lp1
                    if back is not None:
                        back[j][new] = (state, i)
            continue
        ranked = []
        for tag, mlp in items:
            if tag in index:
                place, lpt, new = index[tag]
                ranked.append((place, new, lp + lpt + mlp))
        if guess is not None:
            guessed = [(place, new, lp + lpt + guess[tag])
                       for place, tag, lpt, new in open_
                       if tag in guess and tag not in known]
            if ranked:
                ranked.extend(guessed)
                ranked.sort()  # HanTa's order: by place in the transition list
            else:
                ranked = guessed  # already in that order
        elif len(ranked) > 1:
            ranked.sort()
        for _, new, lp1 in ranked:
            if lp1 > LOWER_BOUND and lp1 > dest.get(new, NO_PATH):
                dest[new] = lp1
                if back is not None:
                    back[j][new] = (state, i)


def _extend_by_guesses(rows: list[dict[int, float]], back: list[dict] | None, state: int,
                       i: int, lp: float, open_: tuple[tuple[int, int, float, int], ...],
                       pure: list[tuple[int, dict[int, float]]]) -> None:
    """Extend ``state`` by the segments after ``i`` that are no morpheme, guessed for its
    open-class followers."""
    based = [(tag, lp + lpt, new) for _, tag, lpt, new in open_]
    for j, guess in pure:
        dest = rows[j]
        for tag, base, new in based:
            if tag in guess:
                lp1 = base + guess[tag]
                if lp1 > LOWER_BOUND and lp1 > dest.get(new, NO_PATH):
                    dest[new] = lp1
                    if back is not None:
                        back[j][new] = (state, i)

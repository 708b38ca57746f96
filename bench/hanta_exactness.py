"""Check that newskg's evaluation of HanTa's model gives HanTa's own answers, word for word.

Usage (from the project root)::

    python -m bench.hanta_exactness CORPUS.jsonl [--limit N] [--show N]

Every distinct whitespace-separated word form of the corpus (JSON Lines with a "text" per
line), with surrounding punctuation stripped as well as kept, is given to HanTa and to
:mod:`newskg.graph.text.morphology`: the tag list with scores of ``tag_word(word, cutoff=10)``
and the lemma of the lower-cased word for every tag in that list must be equal. newskg's
own reading (``word_tags._analyse``: tag and lemma) is compared too, once with HanTa and
once with the new code. Prints the counts and exits 1 on any mismatch. The corpus is read
from the path given; nothing of it is stored in the project.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

from HanTa import HanoverTagger as hanta_module
from newskg.graph.text import word_tags
from newskg.graph.text.morphology import TAG_BITS, TAG_MASK, Morphology

STRIP = ".,:;!?()[]„“”\"»«'‚‘’"


class _HanTaOnly:
    """HanTa itself behind the two calls newskg makes (the reference)."""

    def __init__(self, tagger: object) -> None:
        self.tagger = tagger

    def tag_word(self, word: str, cutoff: int = 5) -> list:
        return self.tagger.tag_word(word, cutoff=cutoff)

    def lemma(self, word: str, pos: str) -> str:
        return self.tagger.analyze(word, pos=pos, taglevel=1)[0]


def compare(morphology: Morphology, words: list[str],
            report: Callable[[str, object, object], None] | None = None) -> tuple[int, int]:
    """How many words this module and HanTa answer differently: the tag list with scores of
    ``tag_word(word, cutoff=10)`` (or the exception raised), the lemma of the lower-cased
    word for each tag in it, and every table of the dynamic programmes behind them (each
    row's states, log probs and order, from HanTa's debug output). ``report(word, ours,
    hanta)`` hears each difference. Returns the number of words that differ and of the
    tables compared."""
    tagger = morphology.tagger
    mismatches = tables = 0
    hanta_tables: list = []
    morphology.keep_tables = True
    with _hanta_debug_tables(tagger, hanta_tables):
        for word in words:
            ours, theirs = _both(morphology, hanta_tables, (morphology.tag_word, word, 10),
                                 (tagger.tag_word, word, 10))
            tables += theirs[1] is not None
            lower = word.lower()
            for tag, _ in theirs[0] if ours == theirs and isinstance(theirs[0], list) else ():
                ours, theirs = _both(morphology, hanta_tables, (morphology.lemma, lower, tag),
                                     (_hanta_lemma, tagger, lower, tag))
                tables += theirs[1] is not None
                if ours != theirs:
                    break
            if ours != theirs:
                mismatches += 1
                if report is not None:
                    report(word, ours, theirs)
    morphology.keep_tables = False
    return mismatches, tables


def _hanta_lemma(tagger: object, word: str, tag: str) -> str:
    return tagger.analyze(word, pos=tag, taglevel=1)[0]


def _both(morphology: Morphology, hanta_tables: list, ours_call: tuple,
          theirs_call: tuple) -> tuple[tuple, tuple]:
    """(answer, table) from this module and from HanTa; the tables only when both computed
    one (HanTa's cached words and the passes newskg remembers have none)."""
    hanta_tables.clear()
    theirs = _answer(*theirs_call)
    morphology.tables = []
    ours = _answer(*ours_call)
    if not hanta_tables or not morphology.tables:
        return (ours, None), (theirs, None)
    decoded = [[((code >> TAG_BITS, code & TAG_MASK), lp) for code, lp in row.items()]
               for row in morphology.tables[:-1]] + [list(morphology.tables[-1].items())]
    return (ours, decoded), (theirs, [list(row.items()) for row in hanta_tables[-1]])


def _answer(call: Callable[..., object], *args: object) -> object:
    try:
        return call(*args)
    except Exception as err:  # noqa: BLE001 - a failure must be the same failure
        return type(err).__name__


@contextlib.contextmanager
def _hanta_debug_tables(tagger: object, sink: list) -> Iterator[None]:
    """Collect the tables HanTa prints in debug mode (its module's ``pprint``)."""
    saved = hanta_module.pprint, tagger._debug
    hanta_module.pprint, tagger._debug = types.SimpleNamespace(pprint=sink.append), True
    try:
        yield
    finally:
        hanta_module.pprint, tagger._debug = saved


def corpus_words(path: Path, limit: int | None) -> list[str]:
    """Distinct word forms in order of first occurrence, each also without punctuation."""
    seen: dict[str, None] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            if line.strip():
                for word in json.loads(line)["text"].split():
                    seen.setdefault(word, None)
                    seen.setdefault(word.strip(STRIP), None)
    seen.pop("", None)
    return list(seen)


def newskg_readings(words: list[str], tagger: object) -> dict[str, tuple[str, str]]:
    """``word_tags._analyse`` of every word with ``tagger`` behind it (no caches)."""
    word_tags._tagger.cache_clear()
    word_tags._lemma.cache_clear()
    original = word_tags._tagger
    word_tags._tagger = lambda: tagger  # type: ignore[assignment]
    try:
        return {word: word_tags._analyse(word) for word in words}
    finally:
        word_tags._tagger = original
        word_tags._lemma.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--show", type=int, default=10, help="print up to N mismatches")
    args = parser.parse_args(argv)
    words = corpus_words(args.corpus, args.limit)
    fast = word_tags._tagger()
    shown: list[str] = []

    def report(word: str, ours: object, hanta: object) -> None:
        if len(shown) < args.show:
            shown.append(f"  {word!r}: ours {ours!r}, HanTa {hanta!r}")

    started = time.perf_counter()
    mismatches, tables = compare(fast, words, report)
    reference = newskg_readings(words, _HanTaOnly(fast.tagger))
    ours = newskg_readings(words, fast)
    differ = [w for w in words if reference[w] != ours[w]]
    for word in differ[: max(0, args.show - len(shown))]:
        shown.append(f"  {word!r}: newskg reading {ours[word]!r}, with HanTa {reference[word]!r}")
    print(f"{len(words)} distinct word forms; tag lists, lemmas or tables differing from "
          f"HanTa: {mismatches} ({tables} tables compared); newskg readings differing: "
          f"{len(differ)}; answered by HanTa itself: {fast.fallbacks} calls "
          f"({time.perf_counter() - started:.0f} s)")
    print("\n".join(shown))
    return 1 if mismatches or differ else 0


if __name__ == "__main__":
    sys.exit(main())

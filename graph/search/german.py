"""German-aware text for the search index: folding, tokens, the query language, highlights.

Folding follows DIN 5007-2 (``ä`` → ``ae``, ``ö`` → ``oe``, ``ü`` → ``ue``, ``ß`` → ``ss``) and
lower-cases, applied alike to what is indexed and to what is asked, so "Strasse" finds "Straße"
and "Aerzte" finds "Ärzte". Other accents are dropped by SQLite's unicode61 tokenizer
(``remove_diacritics 2``). The folded text is what SQLite indexes; highlights are computed
here on the original text, so a snippet shows the words as they were written.

The query language: words (all must occur), ``"a phrase"``, ``prefix*``, ``OR``, ``NOT``
(or ``-word``). Everything the user types becomes a quoted FTS5 string, so no input can be
read as FTS5 syntax the user did not mean (a column filter, NEAR, a bare ``*``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
#: A word as SQLite's unicode61 tokenizer sees it: letters and digits.
WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')


def fold(text: str) -> str:
    """Lower-cased, umlauts and ß spelt out (DIN 5007-2)."""
    return text.lower().translate(_FOLD)


def folded_words(text: str) -> list[str]:
    return [fold(m.group()) for m in WORD.finditer(text)]


@dataclass
class ParsedQuery:
    """The FTS5 expression for a user query and the words to highlight."""

    expression: str
    words: set[str] = field(default_factory=set)  # folded whole words
    prefixes: set[str] = field(default_factory=set)  # folded prefixes (from word*)
    lemmas: set[str] = field(default_factory=set)  # folded lemmas of the plain words


class EmptyQuery(ValueError):
    """The query has no word to search for."""


def parse_query(text: str, lemma: Callable[[str], str] | None = None) -> ParsedQuery:
    """Translate the user's query into a safe FTS5 MATCH expression.

    ``lemma`` (the text stage's lemmatiser) widens a plain word to its lemma, matched
    against the indexed lemmas: "sagte" also finds "sagen", "Soldaten" finds "Soldat".
    """
    parsed = ParsedQuery("")
    parts: list[str] = []
    pending_not = False
    for match in _QUERY_PART.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        if bare in ("OR", "AND", "NOT") and parts and parts[-1] not in ("OR", "AND", "NOT"):
            parts.append(bare)
            continue
        negate = False
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = True, bare[1:]
        if phrase is not None:
            words = folded_words(phrase)
            if not words:
                continue
            term = '"' + " ".join(words) + '"'
            parsed.words.update(words)
        else:
            prefix = bare.endswith("*")
            words = folded_words(bare)
            if not words:
                continue
            if prefix:
                term = '"' + " ".join(words) + '" *'
                parsed.prefixes.add(words[-1])
                parsed.words.update(words[:-1])
            elif len(words) > 1:  # "CDU-Chef": the parts as a phrase, as the tokenizer splits
                term = '"' + " ".join(words) + '"'
                parsed.words.update(words)
            else:
                term = f'"{words[0]}"'
                parsed.words.add(words[0])
                base = fold(lemma(bare)) if lemma else words[0]
                if base != words[0] and WORD.fullmatch(base):
                    parsed.lemmas.add(base)
                    term = f'({term} OR lemmas : "{base}")'
        if negate or pending_not:
            if parts and parts[-1] not in ("OR", "AND", "NOT"):
                parts.append("NOT")
            elif not parts:
                pending_not = False
                continue  # FTS5 has no leading NOT: "-x" alone finds nothing to exclude from
        pending_not = False
        parts.append(term)
    while parts and parts[-1] in ("OR", "AND", "NOT"):
        parts.pop()
    if not parts:
        raise EmptyQuery("the query has no word to search for")
    parsed.expression = " ".join(parts)
    return parsed


@dataclass(frozen=True)
class Segment:
    """A piece of a snippet; ``hit`` marks a word that matched the query."""

    text: str
    hit: bool


def highlight(text: str, query: ParsedQuery, lemma: Callable[[str], str] | None = None,
              context: int = 12) -> list[Segment]:
    """The text around the first hit, at most ``context`` words on each side, hits marked."""
    spans = []
    for m in WORD.finditer(text):
        word = fold(m.group())
        hit = word in query.words or any(word.startswith(p) for p in query.prefixes)
        if not hit and lemma is not None and (query.lemmas or query.words):
            base = fold(lemma(m.group()))  # the index matches lemmas too: "Soldat" ~ Soldaten
            hit = base in query.lemmas or base in query.words
        spans.append((m.start(), m.end(), hit))
    hits = [i for i, span in enumerate(spans) if span[2]]
    if not spans:
        return [Segment(text, False)] if text else []
    first = hits[0] if hits else 0
    lo, hi = max(0, first - context), min(len(spans) - 1, first + 3 * context)
    start = 0 if lo == 0 else spans[lo][0]
    end = len(text) if hi == len(spans) - 1 else spans[hi][1]
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("… ", False))
    cursor = start
    for s, e, hit in spans[lo:hi + 1]:
        if hit:
            if s > cursor:
                segments.append(Segment(text[cursor:s], False))
            segments.append(Segment(text[s:e], True))
            cursor = e
    if end > cursor:
        segments.append(Segment(text[cursor:end], False))
    if end < len(text):
        segments.append(Segment(" …", False))
    return segments


def snippet_html(segments: Iterable[Segment]) -> str:
    """Segments as HTML: every piece escaped, hits in ``<mark>``."""
    return "".join(f"<mark>{html.escape(s.text)}</mark>" if s.hit else html.escape(s.text)
                   for s in segments)


def snippet_text(segments: Iterable[Segment]) -> str:
    """Segments as plain text, hits in «guillemets» (for SPARQL results and terminals)."""
    return "".join(f"«{s.text}»" if s.hit else s.text for s in segments)

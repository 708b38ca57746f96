"""SoMaJo, set up once, with shortcuts that give the same tokens and offsets in less time.

SoMaJo runs some eighty regular expressions over every paragraph and then aligns its
tokens with the input character by character. On news text a few of those steps cost far
more than they need to; each shortcut below is taken only when SoMaJo's own code is the one
it was written for (checked when the tokenizer is built), so other versions simply run
unchanged. ``tests/test_text.py`` compares the tokens with plain SoMaJo.

* The emoji splitter searches every grapheme of every token with an uncompiled pattern; a
  token none of whose characters is in its emoji classes cannot be split there.
* The abbreviation patterns are alternations of over a thousand abbreviations that the
  regex engine tries at every position of a paragraph. Each alternative has a full stop
  within its first few characters, so a match can only start that close before a full stop
  (and not right after a letter or a full stop, where the patterns' look-behind fails): the
  pattern is tried at those positions only (``_NearStops``), with SoMaJo's own pattern.
* Some patterns cannot match a text without a certain character: the "tokens with + or &"
  ones without + or &, e-mail addresses without @ or [, arrows without < > or an arrow
  sign, gender markers without * : or /, and dates, times, ordinals, ISBNs and other
  number patterns without a digit. Those are not run over such a text (``_Needs``).
* SoMaJo's splitter is called only on the tokens a pattern matches at all: on the others
  it finds no boundaries and changes nothing, after some bookkeeping per pattern and token.
* Offsets: SoMaJo maps every character of a paragraph through three dictionaries even when
  Unicode normalisation changed nothing, and slices the rest of the paragraph for every
  token. When NFC leaves the paragraph as it is, each token is found where SoMaJo finds it
  (at the current position or after one space) directly; anything else goes to SoMaJo.
"""

from __future__ import annotations

import hashlib
import inspect
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex
from somajo import SoMaJo, alignment

#: Characters that can make a token an emoji for SoMaJo (its own emoji classes).
_EMOJI_CHARS = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
_WHITESPACE = regex.compile(r"\s")
#: Letters (in every Unicode version) and the full stop: no abbreviation starts after one.
_INSIDE_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßÄÖÜ.")
#: How SoMaJo builds its abbreviation patterns around the escaped alternatives.
_ABBREVIATION_FRAMES = {
    "abbreviation": (r"(?<![\p{L}.])(?:(?:(?:\p{L}\.){2,})|", r")+(?!\p{L}{1,3}\.)"),
    "single_token_abbreviation": (r"(?<![\w.])(?:", r")(?!\p{L})"),
}
_PLUS_AMPERSAND_FRAME = (r"(?<!\w)(?:", r")(?!\w)")
_OFFSET_PARAMETERS = ["token_list", "raw", "position", "xml_input", "tokens"]
#: SoMaJo 2.5's patterns (by a hash of their text, so that another text is left alone)
#: every match of which contains one of these characters (read from each pattern).
_NEEDED = {
    "email": ("d1537c5df065312e", r"[@\[]"),
    "arrow": ("5b1405c99df72df2", r"[<>\u2190-\u21ff]"),
    "gender_marker": ("b8645e7064c30234", r"[*:/]"),
    **{name: (digest, r"\d") for name, digest in (
        ("isbn", "b9b75246ed34e481"), ("three_part_date_dmy", "a67d9cf167253e46"),
        ("three_part_date_mdy", "4d6a0db537b7ee74"),
        ("three_part_date_year_first", "f0fb66fe4025aa7b"),
        ("two_part_date", "283aee3e731bd27c"), ("ordinal", "75d5e1b1419498f6"),
        ("number_range", "43423f0f2763828f"), ("semester", "08420d537176a9bf"),
        ("calculation", "4440882beb1a62bc"), ("amount", "7fed5bbcaae053f9"),
        ("fraction", "53387da36524a29a"), ("time", "e65e2c3aaae99635"),
        ("section_number", "1794feed14b33e37"), ("ipv4", "356e2661d1caa60e"),
        ("number_compound", "cba360f2c1bba5c3"), ("artikel", "4e7e4f3d902e8253"),
    )},
}
_SPLIT_ALL_PARAMETERS = ["regex", "token_dll", "token_class", "repl", "split_named_subgroups",
                         "delete_whitespace"]
_SPLIT_PARAMETERS = ["regex", "node", "token_class", "repl", "split_named_subgroups",
                     "delete_whitespace"]


@lru_cache(maxsize=1)
def somajo() -> Any:
    """The German SoMaJo tokenizer (character offsets on, camel case not split)."""
    tokenizer = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    inner = getattr(tokenizer, "_tokenizer", None)
    if inner is not None:
        _skip_emoji_search_without_emoji(inner)
        for name, (head, tail) in _ABBREVIATION_FRAMES.items():
            alternatives = _alternatives(getattr(inner, name, None), head, tail)
            if alternatives and all("." in a for a in alternatives):
                reach = max(a.index(".") for a in alternatives) + 1
                setattr(inner, name, _NearStops(getattr(inner, name), max(reach, 2)))
        _gate_by_characters(inner)
        _search_before_splitting(inner)
    _install_fast_offsets()
    return tokenizer


def _skip_emoji_search_without_emoji(tokenizer: Any) -> None:
    split = getattr(tokenizer, "_split_emojis", None)
    if split is None:
        return  # another SoMaJo version: leave it as it is

    def split_emojis(node: Any, *args: Any, **kwargs: Any) -> None:
        if _EMOJI_CHARS.search(node.value.text):
            split(node, *args, **kwargs)

    tokenizer._split_emojis = split_emojis


def _alternatives(pattern: Any, head: str, tail: str) -> list[str] | None:
    """The literal alternatives of ``head + "|".join(escaped) + tail``, or None when the
    pattern is not built that way (then it is left alone)."""
    text = getattr(pattern, "pattern", None)
    if not isinstance(text, str) or not text.startswith(head) or not text.endswith(tail) \
            or pattern.flags & (regex.VERBOSE | regex.FULLCASE | regex.VERSION1):
        return None
    body = text[len(head) : len(text) - len(tail)]
    if not body or "\\|" in body or "\\\\" in body:
        return None
    escaped = body.split("|")
    literals = [regex.sub(r"\\(.)", r"\1", part, flags=regex.DOTALL) for part in escaped]
    if any(regex.escape(literal) != part for literal, part in zip(literals, escaped, strict=True)):
        return None
    return literals


class _NearStops:
    """A pattern every match of which has a full stop among its first ``reach`` characters:
    ``finditer`` tries it only at positions up to ``reach - 1`` before each full stop, in
    order, resuming after each match, so it finds what the pattern's own finditer finds."""

    def __init__(self, pattern: Any, reach: int) -> None:
        self.pattern = pattern
        self.reach = reach

    def finditer(self, text: str) -> Iterator[Any]:
        match = self.pattern.match
        pos = 0
        while (stop := text.find(".", pos)) >= 0:
            for start in range(max(pos, stop - self.reach + 1), stop + 1):
                if start and text[start - 1] in _INSIDE_WORD:
                    continue  # both patterns start only after a non-letter, non-stop
                found = match(text, start)
                if found is not None:
                    yield found
                    pos = found.end()
                    break
            else:
                pos = stop + 1

    def search(self, text: str) -> Any:
        return next(self.finditer(text), None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


class _Needs:
    """A pattern that cannot match a text in which ``needed`` finds nothing."""

    def __init__(self, pattern: Any, needed: Any) -> None:
        self.pattern = pattern
        self.needed = needed

    def finditer(self, text: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if self.needed.search(text) is not None:
            return self.pattern.finditer(text, *args, **kwargs)
        return iter(())

    def search(self, text: str) -> Any:
        return self.pattern.search(text) if self.needed.search(text) is not None else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


def _gate_by_characters(tokenizer: Any) -> None:
    plus_ampersand = regex.compile(r"[+&]")
    head, tail = _PLUS_AMPERSAND_FRAME
    alternatives = _alternatives(getattr(tokenizer, "token_with_plus_ampersand", None), head,
                                 tail)
    if alternatives and all("+" in a or "&" in a for a in alternatives):
        tokenizer.token_with_plus_ampersand = _Needs(tokenizer.token_with_plus_ampersand,
                                                     plus_ampersand)
    candidates = getattr(tokenizer, "simple_plus_ampersand_candidates", None)
    if getattr(candidates, "pattern", None) == r"\b\w+[&+]\w+\b":
        tokenizer.simple_plus_ampersand_candidates = _Needs(candidates, plus_ampersand)
    for name, (digest, needed) in _NEEDED.items():
        pattern = getattr(tokenizer, name, None)
        text = getattr(pattern, "pattern", None)
        if isinstance(text, str) and hashlib.sha256(text.encode()).hexdigest()[:16] == digest:
            setattr(tokenizer, name, _Needs(pattern, regex.compile(needed)))


def _search_before_splitting(tokenizer: Any) -> None:
    """Call SoMaJo's splitter only on tokens the pattern matches at all: on the others it
    finds no boundaries and changes nothing, after some bookkeeping per pattern and token."""
    split_all = getattr(tokenizer, "_split_all_matches", None)
    split = getattr(tokenizer, "_split_matches", None)
    if split_all is None or split is None or \
            list(inspect.signature(split_all).parameters) != _SPLIT_ALL_PARAMETERS or \
            list(inspect.signature(split).parameters) != _SPLIT_PARAMETERS:
        return

    def split_all_matches(pattern: Any, token_dll: Any, token_class: str = "regular", *,
                          repl: str | None = None, split_named_subgroups: bool = True,
                          delete_whitespace: bool = False) -> None:
        search = pattern.search
        for node in token_dll:
            value = node.value
            if value.markup or value._locked or search(value.text) is None:
                continue
            split(pattern, node, token_class, repl, split_named_subgroups, delete_whitespace)

    tokenizer._split_all_matches = split_all_matches


def _install_fast_offsets() -> None:
    original = alignment.token_offsets
    if getattr(original, "newskg_fast", False):
        return
    if list(inspect.signature(original).parameters) != _OFFSET_PARAMETERS:
        return

    def token_offsets(token_list: list, raw: str, position: int, xml_input: bool,
                      tokens: list) -> list[tuple[int, int]]:
        found = None if xml_input else _plain_offsets(tokens, raw, position)
        if found is None:
            return original(token_list, raw, position, xml_input, tokens)
        return found

    token_offsets.newskg_fast = True  # type: ignore[attr-defined]
    token_offsets.__wrapped__ = original  # type: ignore[attr-defined]
    alignment.token_offsets = token_offsets


def _plain_offsets(tokens: list, raw: str, position: int) -> list[tuple[int, int]] | None:
    """SoMaJo's offsets when NFC leaves ``raw`` unchanged and every token (whitespace as
    spaces) starts at the current position or after one space; else None."""
    if unicodedata.normalize("NFC", raw) != raw:
        return None
    raw = _WHITESPACE.sub(" ", raw)
    offsets = []
    pos = 0
    for token in tokens:
        if token.markup:
            return None
        text = token.original_spelling if token.original_spelling is not None else token.text
        text = _WHITESPACE.sub(" ", text)
        if raw.startswith(text, pos):
            start = pos
        elif raw.startswith(" " + text, pos):
            start = pos + 1
        else:
            return None
        pos = start + len(text)
        offsets.append((start + position, pos + position))
    return offsets

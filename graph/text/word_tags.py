"""STTS tag and lemma of a word form out of context (HanTa), cached in memory and on disk.

HanTa's model is evaluated by :mod:`newskg.graph.text.morphology` (HanTa's own readings, several
times faster than HanTa's code); a new word form still costs a fraction of a millisecond.
Each form is analysed once per process (``lru_cache``), and the results persist in a per-user
cache file so that the next ingest starts warm:
``$XDG_CACHE_HOME/newskg/word-tags-<key>.json``, where the key hashes HanTa's version, its
model and the source of this module, of ``morphology.py`` and of ``morpheme_index.py``, so a
change to any of them starts a fresh file. The file is written atomically at exit, bounded in size, and ignored
when corrupt or unwritable.
``NEWSKG_WORD_CACHE`` names another directory for it, or ``off`` to keep nothing on disk.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from HanTa import HanoverTagger
from newskg.graph.text import morpheme_index, morphology
from newskg.graph.text.morphology import Morphology

#: Longest word form given to HanTa (its analysis grows fast with length; no German word
#: in news comes close).
MAX_TAGGED_WORD = 40
#: Most word forms kept in the cache file (about 3 MB, read in a fifth of a second at start);
#: the oldest entries go first beyond it.
MAX_CACHED_WORDS = 100_000
HANTA_MODEL = "morphmodel_ger.pgz"

_PUNCT_TAGS = {
    ",": "$,",
    ".": "$.",
    "!": "$.",
    "?": "$.",
    ";": "$.",
    ":": "$.",
}
_HANTA_TAG = re.compile(r"[()]")
#: HanTa's refinements of STTS mapped back to STTS (nominalised adjectives and verbs).
_STTS = {"NNA": "NN", "NNI": "NN"}


@lru_cache(maxsize=1)
def _tagger() -> Morphology:
    """HanTa's model, evaluated by :mod:`newskg.graph.text.morphology` (same readings, faster)."""
    return Morphology(HanoverTagger.HanoverTagger(HANTA_MODEL))


@lru_cache(maxsize=50_000)
def _lemma(lower: str, tag: str) -> str:
    """HanTa's lemma for a tag; HanTa lower-cases the word itself, so forms share it."""
    return _tagger().lemma(lower, tag)


def _analyse(word: str) -> tuple[str, str]:
    """HanTa's reading of one word form, mapped to STTS."""
    if word in _PUNCT_TAGS:
        return _PUNCT_TAGS[word], word
    if not any(ch.isalnum() for ch in word):
        return "$(", word
    if word.isdigit() or re.fullmatch(r"[\d.,]+", word):
        return "CARD", word
    if len(word) > MAX_TAGGED_WORD:
        return ("NN" if word[:1].isupper() else "XY"), word  # HanTa is slow on long strings
    try:
        tags = [t for t, _ in _tagger().tag_word(word, cutoff=10)]
        tag = tags[0]
        if word[:1].islower() and tag.startswith("N"):
            # A lower-case word is no noun in German: take HanTa's best other reading.
            tag = next((t for t in tags if not t.startswith("N")), tag)
        # Names keep their spelling ("USA", not "Usa"), so only other words are lemmatised.
        lemma = word if tag in ("NE", "FM") else _lemma(word.lower(), tag)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "NN", word  # HanTa fails on some odd strings; a noun guess is harmless
    tag = _HANTA_TAG.sub("", tag)
    tag = _STTS.get(tag, tag)
    if tag in ("NE", "FM"):
        lemma = word  # names keep their spelling ("USA", not "Usa")
    return tag, lemma


class WordTagCache:
    """Word form -> (tag, lemma) read from and written back to one JSON file."""

    def __init__(self, path: Path | None, max_words: int = MAX_CACHED_WORDS) -> None:
        self.path = path
        self.max_words = max_words
        self.entries: dict[str, tuple[str, str] | list] = {}
        self.added = 0
        if path is not None:
            self.entries = _read_entries(path)

    def get(self, word: str) -> tuple[str, str] | None:
        reading = self.entries.get(word)
        if not isinstance(reading, (list, tuple)) or len(reading) != 2 or \
                not all(isinstance(x, str) for x in reading):
            return None  # absent, or malformed in the file: analyse the word again
        return reading[0], reading[1]

    def put(self, word: str, reading: tuple[str, str]) -> None:
        self.entries[word] = reading
        self.added += 1

    def save(self) -> bool:
        """Merge new entries into the file atomically; False when nothing could be written."""
        if self.path is None or not self.added:
            return False
        merged = _read_entries(self.path)  # another process may have written meanwhile
        merged.update(self.entries)
        if len(merged) > self.max_words:
            merged = dict(list(merged.items())[-self.max_words :])
        payload = json.dumps({"words": merged}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".word-tags-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False  # a read-only home or a full disk only costs speed
        self.added = 0
        _remove_stale_files(self.path)
        return True


def _remove_stale_files(current: Path) -> None:
    """Delete cache files of other keys (an older HanTa or newskg): nothing reads them."""
    for stale in current.parent.glob("word-tags-*.json"):
        if stale != current:
            with contextlib.suppress(OSError):
                stale.unlink()


def _read_entries(path: Path) -> dict[str, tuple[str, str] | list]:
    """Entries of a cache file; empty when it is missing, unreadable or malformed."""
    try:
        words = json.loads(path.read_text(encoding="utf-8"))["words"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    # Entries are checked when read (``get``): checking 300,000 of them here costs more.
    return words if isinstance(words, dict) else {}


def cache_key() -> str:
    """Hash of HanTa's version, its model and the source of this module, of
    ``morphology.py`` and of ``morpheme_index.py`` (what the readings depend on), so a cache
    file is never read by code that would tag differently."""
    digest = hashlib.sha256()
    digest.update(version("HanTa").encode())
    digest.update(HANTA_MODEL.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(morphology.__file__).read_bytes())
    digest.update(Path(morpheme_index.__file__).read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path | None:
    """Where the cache file lives, or None when ``NEWSKG_WORD_CACHE=off``."""
    setting = os.environ.get("NEWSKG_WORD_CACHE", "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "newskg"


_disk: WordTagCache | None = None


def _disk_cache() -> WordTagCache:
    return _disk if _disk is not None else use_cache_dir(default_cache_dir())


def use_cache_dir(directory: Path | None) -> WordTagCache:
    """Read word tags from (and later save them to) ``directory``; None keeps them in memory.

    Saves what the previous cache learnt first and empties the in-memory caches (and what
    the model's evaluation remembers of earlier words), so that a benchmark can measure a
    truly cold start.
    """
    global _disk
    if _disk is not None:
        _disk.save()
    path = directory / f"word-tags-{cache_key()}.json" if directory is not None else None
    _disk = WordTagCache(path)
    tag_word.cache_clear()
    _lemma.cache_clear()
    if _tagger.cache_info().currsize:
        _tagger().forget()
    return _disk


def save_cache() -> bool:
    """Write new word tags to the cache file now (also done at exit)."""
    return _disk.save() if _disk is not None else False


atexit.register(save_cache)


def known_form(word: str) -> bool:
    """True when HanTa's lexicon holds the lower-cased form (it was seen in its training
    data), as opposed to a form whose reading HanTa guessed from its letters."""
    return word.lower() in _tagger().tagger.cache


@lru_cache(maxsize=200_000)
def tag_word(word: str) -> tuple[str, str]:
    """(STTS tag, lemma) of one word form, out of context, cached in memory and on disk.

    Punctuation and quote marks get their STTS tags without asking HanTa.
    """
    disk = _disk_cache()
    reading = disk.get(word)
    if reading is None:
        reading = _analyse(word)
        disk.put(word, reading)
    return reading

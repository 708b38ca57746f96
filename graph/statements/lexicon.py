"""The cue lexicons: speech verbs, phrasal cues, source nouns, the classes of cue lemmas
and the head nouns of those who can speak, each read once from ``lexicon/``.

Data, not code: every list here is a file under ``graph/lexicon/`` saying what it is.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newskg.graph.model import KINDS, Token


@dataclass(frozen=True)
class Cue:
    lemma: str
    kind: str
    particle: str
    pattern: str  # verb, preposition, postposition, phrase, adverb


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, Cue]  # full lemma -> cue ("hinzufügen")
    separable: dict[str, list[Cue]]  # base verb lemma -> cues with a particle ("fügen")
    words: dict[str, Cue]  # "laut", "zufolge", "so"


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The cue lexicon, read once from ``graph/lexicon/cues.tsv``."""
    verbs: dict[str, Cue] = {}
    separable: dict[str, list[Cue]] = {}
    words: dict[str, Cue] = {}
    source = resources.files("newskg.graph").joinpath("lexicon/cues.tsv")
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        cue = Cue(row["lemma"], row["kind"], row["particle"] or "", row["pattern"])
        if cue.kind not in KINDS:
            raise ValueError(f"cues.tsv: unknown kind {cue.kind!r} for {cue.lemma!r}")
        if cue.pattern == "verb":
            verbs[cue.lemma] = cue
            if cue.particle:
                separable.setdefault(cue.lemma[len(cue.particle) :], []).append(cue)
        elif cue.pattern in ("preposition", "postposition", "adverb"):
            words[cue.lemma] = cue
    return CueLexicon(verbs, separable, words)


@lru_cache(maxsize=1)
def source_nouns() -> tuple[dict[str, str], dict[str, str]]:
    """Source nouns of ``cue_sources.tsv``: (whole words, suffixes) -> kind."""
    words: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    source = resources.files("newskg.graph").joinpath("lexicon/cue_sources.tsv")
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        (suffixes if row["match"] == "suffix" else words)[row["noun"]] = row["kind"]
        words[row["noun"]] = row["kind"]
    return words, suffixes


@lru_cache(maxsize=1)
def cue_classes() -> dict:
    """The lemma classes of ``lexicon/cue_classes.toml``: which cues take an object, a
    clause only, a preposition … (read by the statement modules)."""
    path = resources.files("newskg.graph") / "lexicon" / "cue_classes.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def source_kind(noun: str) -> str | None:
    """The kind of a source noun ("Angaben", "Polizeiangaben"), or None."""
    words, suffixes = source_nouns()
    if noun in words:
        return words[noun]
    for suffix, kind in suffixes.items():
        if noun.endswith((suffix.lower(), suffix)):
            return kind
    return None


@lru_cache(maxsize=1)
def agent_endings() -> tuple[str, ...]:
    """Head-noun endings of phrases that can name a speaker (``cue_agents.tsv``)."""
    source = resources.files("newskg.graph").joinpath("lexicon/cue_agents.tsv")
    with source.open(encoding="utf-8") as handle:
        rows = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return tuple(rows[1:])


def is_agentive(tokens: list[Token], span: tuple[int, int]) -> bool:
    """True when a phrase can name a speaker: a name, a pronoun or a person/body noun."""
    words = tokens[span[0] : span[1]]
    if any(t.pos in ("NE", "FM", "XY", "PPER") or t.actor for t in words):
        return True
    heads = [t.text.lower() for t in words if t.pos == "NN"]
    return bool(heads) and heads[0].endswith(agent_endings())


@dataclass(frozen=True)
class PhraseCue:
    word: str
    before: str
    cue: Cue


@lru_cache(maxsize=1)
def phrase_cues() -> dict[str, list[PhraseCue]]:
    """Verb lemma -> phrasal cues ("ist der Ansicht", "hält es für möglich") from
    ``lexicon/cue_phrases.tsv``."""
    table: dict[str, list[PhraseCue]] = {}
    source = resources.files("newskg.graph").joinpath("lexicon/cue_phrases.tsv")
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        if row["kind"] not in KINDS:
            raise ValueError(f"cue_phrases.tsv: unknown kind {row['kind']!r}")
        cue = Cue(row["lemma"], row["kind"], "", "verb")
        table.setdefault(row["verb"], []).append(PhraseCue(row["word"], row["before"], cue))
    return table

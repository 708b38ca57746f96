"""A synthetic German news corpus of any size, with the statements each article contains known.

Articles are put together from the project's own lexicons (first names, role titles, states
and their capitals, places, the cue verbs with their statement kinds) and the templates in
``bench/templates.toml`` (reported clauses, direct quotations, sentences that report nothing),
so a corpus of 10,000 or a million articles needs no text from outside. Each generated
article lists the statements it contains (speaker, cue lemma, kind), which is what the
recall check at scale compares the store with (``bench/ingest.py --recall``).

    python -m bench.corpus --articles 1000 --seed 1 --output corpus.jsonl [--gold gold.jsonl]

The same ``--seed`` and ``--articles`` always give the same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

LEXICON = Path(__file__).resolve().parents[1] / "graph" / "lexicon"
TEMPLATES = Path(__file__).with_name("templates.toml")


@dataclass(frozen=True)
class Statement:
    """What an article says someone said: the speaker's full name, the cue and its kind."""

    speaker: str
    cue: str
    kind: str


@dataclass
class Article:
    id: str
    title: str
    text: str
    published: str
    statements: list[Statement] = field(default_factory=list)

    def record(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text,
                "published": self.published}

    def gold(self) -> dict:
        return {"id": self.id, "statements": [s.__dict__ for s in self.statements]}


def _rows(name: str) -> list[list[str]]:
    lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


class Vocabulary:
    """What articles are made of, read from the lexicons and the templates."""

    def __init__(self) -> None:
        tables = tomllib.loads(TEMPLATES.read_text(encoding="utf-8"))
        self.templates = tables
        cue_kinds = {row[0]: row[1] for row in _rows("cues.tsv")[1:] if len(row) > 1}
        # Only cue verbs the lexicon knows, with the kind the lexicon gives them.
        self.cues = [(lemma, past, cue_kinds[lemma]) for lemma, past in tables["cues"].items()
                     if lemma in cue_kinds]
        self.first_names = [row[0] for row in _rows("first_names.tsv") if row[0].isalpha()]
        self.surnames = tables["surnames"]
        self.titles = [row[0] for row in _rows("titles.tsv") if len(row) > 1
                       and row[1] == "title" and row[0].isalpha()]
        countries = _rows("countries.tsv")[1:]
        self.countries = [row[0] for row in countries if row[0].replace(" ", "").isalpha()]
        self.capitals = [row[2] for row in countries if len(row) > 2 and row[2].isalpha()]
        self.places = [row[0] for row in _rows("places.tsv") if row[0].isalpha()]


def articles(count: int, seed: int = 1, start: date = date(2025, 1, 1)) -> Iterator[Article]:
    """``count`` articles, the same ones for the same ``seed``."""
    vocabulary = Vocabulary()
    rng = random.Random(seed)
    for number in range(count):
        yield _article(vocabulary, rng, number, start + timedelta(days=number % 365))


def _article(v: Vocabulary, rng: random.Random, number: int, published: date) -> Article:
    t = v.templates
    people = [(rng.choice(v.titles), f"{rng.choice(v.first_names)} {rng.choice(v.surnames)}")
              for _ in range(rng.randint(1, 3))]
    slots = {"country": lambda: rng.choice(v.countries),
             "capital": lambda: rng.choice(v.capitals),
             "place": lambda: rng.choice(v.places),
             "number": lambda: str(rng.choice((3, 12, 40, 250, 1200, 3000))),
             "adjective": lambda: rng.choice(t["adjectives"]),
             "weekday": lambda: rng.choice(t["weekdays"])}
    fill = lambda text: _fill(text, slots)
    title = fill(rng.choice(t["titles"]))
    sentences = [fill(rng.choice(t["openings"]))]
    statements: list[Statement] = []
    for index in range(rng.randint(3, 7)):
        role, name = people[index % len(people)]
        lemma, past, kind = rng.choice(v.cues)
        surname = name.split()[-1]
        first_mention = index < len(people)
        speaker = f"{role} {name}" if first_mention else rng.choice((name, surname))
        clause = fill(rng.choice(t["clauses"]))
        if rng.random() < 0.3:
            quote = fill(rng.choice(t["quotes"]))
            sentences.append(f"„{quote}“, {past} {speaker}.")
        else:
            when = f" am {slots['weekday']()}" if rng.random() < 0.5 else ""
            sentences.append(f"{speaker} {past}{when}, {clause}.")
        statements.append(Statement(name, lemma, kind))
        if rng.random() < 0.5:
            sentences.append(fill(rng.choice(t["fillers"])))
    text = f"{title}\n\n" + " ".join(sentences) + "\n"
    return Article(f"synth-{number:07d}", title, text, published.isoformat(), statements)


def _fill(text: str, slots) -> str:
    for name, make in slots.items():
        while "{" + name + "}" in text:
            text = text.replace("{" + name + "}", make(), 1)
    return text


def write_corpus(path: Path, count: int, seed: int = 1, gold: Path | None = None) -> int:
    """Write ``count`` articles as JSON Lines (and their statements to ``gold``); words."""
    words = 0
    gold_handle = gold.open("w", encoding="utf-8") if gold else None
    try:
        with path.open("w", encoding="utf-8") as out:
            for article in articles(count, seed):
                out.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
                words += len(article.text.split())
                if gold_handle:
                    gold_handle.write(json.dumps(article.gold(), ensure_ascii=False) + "\n")
    finally:
        if gold_handle:
            gold_handle.close()
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--gold", type=Path, help="also write each article's statements here")
    args = parser.parse_args(argv)
    words = write_corpus(args.output, args.articles, args.seed, args.gold)
    print(f"{args.articles} articles, {words} words -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Precision and recall of statement dates on a hand-checked sample of the train split.

``data/dates-train.tsv`` lists statements of the Wikinews training split (article id and
character offsets of the content) with the span of the time expression that dates their
utterance, checked by hand, or no span when nothing in the text dates it. Three samples: A
and B were read while the rules of :mod:`newskg.graph.facts.dates` were written, C only to
measure them. The corpus text stays outside the project; this module reads it from the path
given. A carried-over date (a continuation's) is right when its text is the gold span's.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from newskg.graph.model import Document, Statement
from newskg.graph.pipeline import analyze


@dataclass(frozen=True)
class DateGold:
    article: str
    start: int
    end: int
    time: tuple[int, int] | None
    sample: str


def read_date_gold(path: Path | None = None) -> list[DateGold]:
    """The hand-checked sample shipped in the package (or the file given)."""
    if path is None:
        text = resources.files("newskg.graph.evaluation").joinpath(
            "data/dates-train.tsv").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        time = (int(row["time_start"]), int(row["time_end"])) if row["time_start"] else None
        out.append(DateGold(row["article"], int(row["start"]), int(row["end"]), time,
                            row["sample"]))
    return out


def _statement_at(statements: list[Statement], gold: DateGold) -> Statement | None:
    best, overlap = None, 0
    for statement in statements:
        shared = min(statement.content.end, gold.end) - max(statement.content.start, gold.start)
        if shared > overlap:
            best, overlap = statement, shared
    return best


def score_dates(corpus: Path, gold: list[DateGold] | None = None) -> dict[str, dict]:
    """Per sample (and "all"): statements, true/false positives, false negatives, P, R."""
    gold = read_date_gold() if gold is None else gold
    wanted = {g.article for g in gold}
    articles: dict[str, dict] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                article = json.loads(line)
                if str(article.get("id")) in wanted:
                    articles[str(article["id"])] = article
    analyses = {}
    for key, article in articles.items():
        published = date.fromisoformat(article["published"][:10]) \
            if article.get("published") else None
        analyses[key] = analyze(Document(id=key, text=article["text"], published=published))
    counts: dict[str, dict] = {}
    for item in gold:
        analysis = analyses.get(item.article)
        statement = _statement_at(analysis.statements, item) if analysis else None
        predicted = statement.time if statement is not None else None
        right = False
        if predicted is not None and item.time is not None:
            if predicted.start is None:
                right = predicted.text == analysis.document.text[item.time[0]:item.time[1]]
            else:
                right = predicted.start < item.time[1] and item.time[0] < predicted.end
        for key in (item.sample, "all"):
            c = counts.setdefault(key, {"statements": 0, "tp": 0, "fp": 0, "fn": 0})
            c["statements"] += 1
            c["tp"] += right
            c["fp"] += predicted is not None and not right
            c["fn"] += item.time is not None and not right
    for c in counts.values():
        c["precision"] = round(100 * c["tp"] / max(1, c["tp"] + c["fp"]), 1)
        c["recall"] = round(100 * c["tp"] / max(1, c["tp"] + c["fn"]), 1)
    return counts

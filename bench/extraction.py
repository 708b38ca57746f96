"""Extraction throughput in words per second on one core, overall and per pipeline stage.

Usage (from the project root)::

    python -m bench.extraction --corpus PATH.jsonl [--limit N] [--json]

The corpus is JSON Lines with a "text" per line (and optionally "id", "published"), e.g. the
Wikinews quotation corpus, read only from the path given; at least 200 articles are required
for a figure worth reporting. The process is pinned to one CPU. The first pass runs each stage
in pipeline order on fresh documents and times it (caches start cold, as on a new corpus);
a second pass runs ``analyze`` end to end (caches warm, as in a long ingest). The word-tag
cache file is pointed at an empty temporary directory for the first pass, so that pass is
truly cold; a third pass empties the in-memory caches and reads the file the first pass
wrote, as a new ingest process does on a corpus whose words it has seen before.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from newskg.graph.actors.mentions import find_mentions, place_names
from newskg.graph.facts.events import find_events
from newskg.graph.facts.numbers import find_quantities
from newskg.graph.facts.time import find_time_expressions
from newskg.graph.model import Analysis, Document
from newskg.graph.pipeline import analyze, attach_times
from newskg.graph.statements.extract import find_statements
from newskg.graph.statements.kinds import decide_kinds
from newskg.graph.text.tokens import tokenize_document
from newskg.graph.text.word_tags import save_cache, use_cache_dir

MIN_ARTICLES = 200
STAGES = ("text", "mentions", "numbers", "time", "statements", "events")


class BenchError(Exception):
    """The corpus cannot be used; the message says why."""


def pin_to_one_core() -> str:
    """Run on one CPU, so the figure is per core; returns a note on what was done."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity on this system)"


def read_corpus(path: Path, limit: int | None) -> list[dict]:
    """Articles of a JSON Lines corpus, each with at least a "text"."""
    if not path.is_file():
        raise BenchError(f"corpus not found: {path}")
    articles = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as err:
                raise BenchError(f"{path} line {number} is not JSON: {err.msg}") from None
            if not isinstance(article, dict) or not isinstance(article.get("text"), str):
                raise BenchError(f"{path} line {number} has no \"text\"")
            articles.append(article)
            if limit and len(articles) >= limit:
                break
    return articles


def _document(article: dict, number: int) -> Document:
    published = None
    if article.get("published"):
        try:
            published = date.fromisoformat(str(article["published"])[:10])
        except ValueError:
            published = None
    return Document(id=str(article.get("id", number)), text=article["text"], published=published)


def time_stages(articles: list[dict]) -> dict[str, float]:
    """Seconds spent in each stage over all articles, run in pipeline order."""
    spent = dict.fromkeys(STAGES, 0.0)
    for number, article in enumerate(articles):
        document = _document(article, number)
        analysis = Analysis(document=document)
        clock = time.perf_counter()
        tokenize_document(document)
        clock = _tick(spent, "text", clock)
        analysis.mentions, analysis.actors = find_mentions(document)
        analysis.places = place_names(analysis.mentions)
        clock = _tick(spent, "mentions", clock)
        analysis.quantities = find_quantities(document)
        clock = _tick(spent, "numbers", clock)
        analysis.times = find_time_expressions(document)
        clock = _tick(spent, "time", clock)
        analysis.statements = find_statements(document, analysis.mentions, analysis.actors)
        decide_kinds(document, analysis.statements, analysis.actors)
        attach_times(analysis.statements, analysis.times, document.text,
                     document.published)
        clock = _tick(spent, "statements", clock)
        analysis.events = find_events(analysis)
        _tick(spent, "events", clock)
    return spent


def _tick(spent: dict[str, float], stage: str, since: float) -> float:
    now = time.perf_counter()
    spent[stage] += now - since
    return now


def time_end_to_end(articles: list[dict]) -> float:
    """Seconds for ``analyze`` over all articles."""
    started = time.perf_counter()
    for number, article in enumerate(articles):
        analyze(_document(article, number))
    return time.perf_counter() - started


def run_benchmark(path: Path, limit: int | None = None, minimum: int = MIN_ARTICLES) -> dict:
    """Pin to one core, time the stages and the whole pipeline; a plain dict of figures."""
    articles = read_corpus(path, limit)
    if len(articles) < minimum:
        raise BenchError(f"{len(articles)} articles in {path}; at least {minimum} are needed")
    note = pin_to_one_core()
    words = sum(len(a["text"].split()) for a in articles)
    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as cache_dir:
        use_cache_dir(Path(cache_dir))  # empty: the first pass starts cold
        stages = time_stages(articles)
        total = sum(stages.values())
        end_to_end = time_end_to_end(articles)
        save_cache()
        use_cache_dir(Path(cache_dir))  # a new process: memory empty, the cache file full
        from_file = time_end_to_end(articles)
        use_cache_dir(None)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "articles": len(articles),
        "words": words,
        "cpu": note,
        "load_average": round(load, 2) if load is not None else None,
        "words_per_second": round(words / total),
        "words_per_second_warm": round(words / end_to_end),
        "words_per_second_cache_file": round(words / from_file),
        "stages": {
            stage: {"seconds": round(seconds, 3),
                    "words_per_second": round(words / seconds) if seconds else None}
            for stage, seconds in stages.items()
        },
    }


def format_report(result: dict) -> str:
    lines = [
        (f"{result['articles']} articles, {result['words']:,} words, {result['cpu']}, "
        f"load average {result['load_average']} (other work on the machine slows the figure)"),
        f"pipeline, first pass (cold caches): {result['words_per_second']:>10,} words/s",
        f"pipeline, second pass (warm caches): {result['words_per_second_warm']:>9,} words/s",
        ("pipeline, third pass (new process, word-tag cache file from the first pass): "
         f"{result['words_per_second_cache_file']:,} words/s"),
        "per stage (first pass):",
    ]
    for stage, figures in result["stages"].items():
        rate = figures["words_per_second"]
        shown = f"{rate:>12,}" if rate is not None else f"{'-':>12}"
        lines.append(f"  {stage:<12}{shown} words/s  {figures['seconds']:>8.2f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, metavar="PATH.jsonl")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        result = run_benchmark(Path(args.corpus), args.limit)
    except BenchError as err:
        sys.stderr.write(f"bench.extraction: error: {err}\n")
        return 1
    print(json.dumps(result, indent=1) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

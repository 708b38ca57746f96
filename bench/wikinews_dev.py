"""Score the statement extractor on a Wikinews quotation file (development aid).

Usage: python bench/wikinews_dev.py CORPUS.jsonl [--diff N] [--limit N]

Prints the shared task's span metric (message, speaker, joint P/R/F1 over top-level
quotations) and words per second of the whole pipeline; ``--diff N`` prints the
per-quotation diff of the first N articles, for reading errors. The corpus is read from
the path given; nothing of it is stored in the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from newskg.graph.evaluation.spanscore import diff_article, score, statements_to_quotes
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--diff", type=int, default=0, help="print diffs of N articles")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    with open(args.corpus, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    if args.limit:
        articles = articles[: args.limit]
    predicted: dict[str, list[dict]] = {}
    words = 0
    started = time.process_time()
    for article in articles:
        published = date.fromisoformat(article["published"]) if article.get("published") else None
        doc = Document(id=str(article["id"]), text=article["text"], published=published)
        words += len(article["text"].split())
        predicted[str(article["id"])] = statements_to_quotes(analyze(doc))
    seconds = time.process_time() - started
    result = score(articles, predicted)
    for article in articles[: args.diff]:
        print(f"=== {article['id']} {article.get('title', '')}")
        for row in diff_article(article, predicted[str(article["id"])]):
            print(f"  [{row.status} {row.message_overlap:.2f}]")
            print(f"     gold: {row.gold_speaker!r}: {row.gold_message!r}")
            print(f"     pred: {row.predicted_speaker!r}: {row.predicted_message!r}")
    print(json.dumps(result.as_dict(), indent=1))
    print(f"{words} words in {seconds:.1f} s CPU: {words / max(seconds, 1e-9):,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

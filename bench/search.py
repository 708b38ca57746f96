"""Full-text search: index rebuild time and query latency on a store.

    python -m bench.search --store DIR [--runs 200]

Rebuild: the two SPARQL reads plus FTS5 inserts (with the text stage's lemmas); query: the
median wall time of ``SearchIndex.search`` for a few typical queries.
"""

from __future__ import annotations

import argparse
import statistics
import time

from newskg.graph.search.index import SearchIndex, text_stage_lemma
from newskg.graph.store.opener import open_store

QUERIES = ("Ausbildung", '"nach Russland"', "Soldat*", "Kirby", "Waffenstillstand OR Frieden")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--store", required=True)
    options.add_argument("--runs", type=int, default=200)
    args = options.parse_args()
    store = open_store(args.store, read_only=True)
    index = SearchIndex(None, text_stage_lemma)
    start = time.perf_counter()
    index.sync(store)
    rebuilt = time.perf_counter() - start
    entries = index._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    print(f"rebuild: {rebuilt * 1000:.0f} ms for {entries} statements and actors")
    for query in QUERIES:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            _, total = index.search(query)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{query!r:32} {total:5} hits  median {statistics.median(times):.2f} ms")


if __name__ == "__main__":
    main()

"""The SPARQL endpoint as users get it, beside Oxigraph's own server, at several graph sizes.

Usage (from the project root)::

    python -m bench.endpoint --sizes 100k,1m [--seed 1] [--rounds 2] [--output bench/RESULTS.md]

For each size: a synthetic statement graph in newskg's ontology (``bench/synthetic_graph.py``,
deterministic by seed) is written as N-Quads and loaded by ``newskg load`` and by
``oxigraph load`` (both timed, on disk) and into ``oxigraph serve``'s in-memory store (timed).
Then, one server at a time, each answers from this separate client process:

* the ad-hoc researcher mix (``bench/endpoint_mix.py``: lookups by speaker, date ranges,
  counts per organisation, conflicting claims, CONTAINS and REGEX over quotes, CONSTRUCT,
  GROUP BY, a property path, ASK, DESCRIBE) sent to ``/sparql`` (``/query`` for Oxigraph);
* the dashboard's canned queries with the parameters the dashboard sends, through newskg's
  ``/api/queries/<name>`` and, for Oxigraph, as the same text with the values substituted;

each in a closed loop at concurrency 1 and 4. The first pass over every request is the
warm-up; its answers are compared (row counts, triples, booleans) with Oxigraph's and its
times are the cold (uncached) latencies. Servers: ``newskg`` is ``newskg serve`` exactly as
shipped (rate limit off, nothing else changed); ``oxigraph-disk`` is ``oxigraph
serve-read-only --union-default-graph`` over its on-disk store, ``oxigraph-memory`` is
``oxigraph serve --union-default-graph`` in memory. Each server's memory is the PSS of it and
its children after the run; for newskg a runaway query is sent at the end and a second client
must be answered while it is stopped at the time limit.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

from bench.endpoint_mix import Request, ad_hoc_requests, canned_requests, parameter_pools
from bench.endpoint_report import render
from bench.server import EXPLOSIVE, Server, free_port
from bench.synthetic_graph import write_graph

BIN = Path(sys.executable).parent
TIME_LIMIT = 10.0  # the shipped default (newskg.config); Oxigraph gets the same
ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


class Client:
    """One keep-alive HTTP connection; sends a request of the mix to one server."""

    def __init__(self, base: str, kind: str, user: int = 0) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.kind = parts.hostname, parts.port, kind
        # Each simulated user has its own loopback address, as users on other machines
        # would: per-client limits (fairness, budgets) apply per user, not to the benchmark.
        self.source = (f"127.0.0.{10 + user}", 0) if self.host == "127.0.0.1" else None
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=120,
                                          source_address=self.source)

    def send(self, request: Request) -> tuple[int, bytes]:
        headers = {"Accept": ACCEPT[request.form]}
        if self.kind == "newskg" and request.api_path:
            method, path, body = "GET", request.api_path, None
        else:
            path = "/sparql" if self.kind == "newskg" else "/query"
            method, body = "POST", urlencode({"query": request.sparql})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = self._connect()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def answer_size(form: str, body: bytes) -> int | str:
    """Rows of a SELECT, triples of a graph, 0/1 for ASK: what is compared between servers."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return sum(1 for line in body.splitlines() if line.strip())
    try:
        data = json.loads(body)
    except ValueError:
        return "cut off"  # Oxigraph's time limit can end a streamed answer midway
    if "boolean" in data:
        return int(data["boolean"])
    return len(data["results"]["bindings"])


def closed_loop(base: str, kind: str, requests: list[Request], concurrency: int) -> dict:
    """Send ``requests`` from ``concurrency`` clients, each taking the next one when done."""
    latencies: dict[str, list[float]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    cursor = iter(range(len(requests)))

    def client_loop(user: int) -> None:
        client = Client(base, kind, user)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            request = requests[index]
            started = time.perf_counter()
            status, _ = client.send(request)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.setdefault(request.name, []).append(elapsed)
                if status not in (200, 206):
                    failures.append(f"{request.name}: {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(user,)) for user in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    everything = sorted(t for values in latencies.values() for t in values)
    return {"qps": len(requests) / wall, "overall": percentiles(everything),
            "per_query": {name: percentiles(sorted(v)) for name, v in latencies.items()},
            "failures": failures[:10], "failed": len(failures)}


def percentiles(values: list[float]) -> dict:
    def at(q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1000

    return {"n": len(values), "p50": statistics.median(values) * 1000, "p95": at(0.95),
            "p99": at(0.99)}


def warm_up(base: str, kind: str, mixes: dict[str, dict[str, list[Request]]]) -> dict:
    """Every request once: answer sizes (for the comparison) and cold latencies."""
    client = Client(base, kind)
    sizes: dict[str, list] = {}
    cold: dict[str, list[float]] = {}
    for mix, per_query in mixes.items():
        for name, sent in per_query.items():
            for request in sent:
                started = time.perf_counter()
                status, body = client.send(request)
                cold.setdefault(f"{mix}/{name}", []).append(time.perf_counter() - started)
                size = answer_size(request.form, body) if status in (200, 206) else f"{status}"
                sizes.setdefault(f"{mix}/{name}", []).append(size)
    return {"sizes": sizes, "cold": {k: percentiles(sorted(v)) for k, v in cold.items()}}


def schedule(per_query: dict[str, list[Request]], rounds: int, seed: int) -> list[Request]:
    """Every parameter set of every query ``rounds`` times, in a seeded random order."""
    sequence = [r for _ in range(rounds) for requests in per_query.values() for r in requests]
    random.Random(seed).shuffle(sequence)
    return sequence


def stopped_runaway(base: str) -> dict:
    """The runaway query, and meanwhile a second client: both outcomes with their times."""
    result: dict = {}

    def run() -> None:
        started = time.perf_counter()
        status, _ = Client(base, "newskg", 1).send(Request("runaway", EXPLOSIVE, "SELECT"))
        result["runaway"] = f"{status} after {time.perf_counter() - started:.1f} s"

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)
    started = time.perf_counter()
    status, _ = Client(base, "newskg", 2).send(Request("ask", "ASK { ?s ?p ?o }", "ASK"))
    result["other_client"] = f"{status} in {time.perf_counter() - started:.2f} s"
    thread.join()
    return result


def start(name: str, data: dict, work: Path) -> Server:
    port = free_port()
    if name == "newskg":
        return Server(name, [str(BIN / "newskg"), "--store", str(data["newskg_store"]), "serve",
                             "--port", str(port)], f"http://127.0.0.1:{port}/sparql",
                      {"NEWSKG_RATE_LIMIT": "0"})
    oxigraph = [str(BIN / "oxigraph")]
    url = f"http://127.0.0.1:{port}/query"
    common = ["--bind", f"127.0.0.1:{port}", "--union-default-graph",
              "--timeout-s", str(int(TIME_LIMIT))]
    if name == "oxigraph-disk":
        return Server(name, [*oxigraph, "serve-read-only", "--location",
                             str(data["oxigraph_store"]), *common], url)
    server = Server(name, [*oxigraph, "serve", *common], url)
    started = time.perf_counter()
    with open(data["file"], "rb") as body:
        response = requests.post(f"http://127.0.0.1:{port}/store", data=body, timeout=3600,
                                 headers={"Content-Type": "application/n-quads"})
    if not response.ok:
        server.stop()
        raise SystemExit(f"oxigraph-memory did not load the graph: {response.text[:300]}")
    data["load_seconds"]["oxigraph-memory"] = time.perf_counter() - started
    return server


def prepare(size: int, seed: int, work: Path) -> dict:
    folder = work / f"{size}-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "graph.nq"
    info = write_graph(file, size, seed, work)
    newskg_store, oxigraph_store = folder / "newskg-store", folder / "oxigraph-store"
    for store in (newskg_store, oxigraph_store):
        shutil.rmtree(store, ignore_errors=True)
    load = {"newskg": _timed([str(BIN / "newskg"), "--store", str(newskg_store), "load",
                              str(file)]),
            "oxigraph-disk": _timed([str(BIN / "oxigraph"), "load", "--location",
                                     str(oxigraph_store), "--file", str(file)])}
    return {**info, "file": file, "newskg_store": newskg_store,
            "oxigraph_store": oxigraph_store, "load_seconds": load}


def ask_function(base: str):
    client = Client(base, "oxigraph")

    def ask(sparql: str) -> list[dict]:
        status, body = client.send(Request("pool", sparql, "SELECT"))
        if status != 200:
            raise SystemExit(f"parameter query failed ({status}): {body[:300]!r}")
        return [{k: v["value"] for k, v in row.items()}
                for row in json.loads(body)["results"]["bindings"]]

    return ask


def run_size(size: int, args, work: Path) -> dict:
    started = machine()
    data = prepare(size, args.seed, work)
    report: dict = {"size": size, "documents": data["documents"], "quads": data["quads"],
                    "load_seconds": data["load_seconds"], "servers": {},
                    "date": started["date"], "load_average": started["load_average"]}
    mixes: dict = {}
    for name in args.servers:
        server = start(name, data, work)
        try:
            base = server.url.rsplit("/", 1)[0]
            kind = "newskg" if name.startswith("newskg") else "oxigraph"
            if not mixes:
                if kind != "oxigraph":
                    raise SystemExit("list an Oxigraph server first: it draws the parameters")
                pools = parameter_pools(ask_function(base), args.seed)
                mixes = {"ad-hoc": ad_hoc_requests(pools, args.seed),
                         "canned": canned_requests(pools)}
            result = {"warm_up": warm_up(base, kind, mixes), "runs": {}}
            for mix, per_query in mixes.items():
                sequence = schedule(per_query, args.rounds, args.seed)
                for concurrency in args.concurrency:
                    result["runs"][f"{mix}@{concurrency}"] = closed_loop(
                        base, kind, sequence, concurrency)
            result["pss_mib"] = round(server.pss_mib(), 1)
            if kind == "newskg":
                result["runaway"] = stopped_runaway(base)
            report["servers"][name] = result
        finally:
            server.stop()
    shutil.rmtree(work / f"{size}-{args.seed}", ignore_errors=True)
    report["load_average_end"] = machine()["load_average"]
    return report


def machine() -> dict:
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cpus": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated, e.g. 100k,1m,5m")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each parameter set is sent per run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--servers", nargs="+",
                        default=["oxigraph-disk", "newskg", "oxigraph-memory"])
    parser.add_argument("--work", type=Path, help="folder for graphs and stores (default: temp)")
    parser.add_argument("--output", type=Path, help="write the Markdown report here")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    report = {"machine": machine(), "seed": args.seed, "rounds": args.rounds,
              "concurrency": args.concurrency, "sizes": []}
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for size in sizes:
            report["sizes"].append(run_size(size, args, Path(tmp)))
            report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
            if args.json:
                args.json.write_text(json.dumps(report, indent=1, default=str))
    text = render(report)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

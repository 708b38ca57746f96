"""The SPARQL server against Oxigraph's own server, on the same data and queries, same run.

Usage (from the project root)::

    python -m bench.server [--docs 200] [--requests 120] [--concurrency 1 4] [--json]

The data: the seed article ingested by the real pipeline, its document graph copied under
``--docs`` document ids (so the store has the shape of a corpus), plus the ontology graph.
The queries: canned queries from ``queries/`` (parameters left unbound = all) and a DESCRIBE.
Servers, each started as a subprocess and stopped by pid, one after another:

* ``newskg`` — ``newskg serve`` (waitress, query worker processes: the shipped design);
* ``newskg-inline`` — the same with NEWSKG_QUERY_WORKERS=0 (evaluation in the request
  thread, on disk: fast but no time limit can be enforced);
* ``newskg-memory`` — inline over an in-memory copy of the store (fastest; one copy per
  process, and still no time limit);
* ``gunicorn`` — the same app under gunicorn's gthread worker, when gunicorn is installed;
* ``oxigraph`` — ``oxigraph serve-read-only --union-default-graph`` on a copy of the data.

For each server: throughput and latency per query and concurrency, its memory (PSS of the
server and its children), and whether an explosive query is stopped at a 3 s time limit
while a second client is answered. Ratios are against Oxigraph.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import requests
import waitress
from newskg.graph.store.embedded import EmbeddedStore
from newskg.server.app import create_app

from newskg.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "newskg" / "data" / "seed" / "nordkorea-soldaten-russland.txt"
SEED_ID = "nordkorea-soldaten-russland"
CANNED = ("overview", "speakers", "statements", "conflicting-numbers", "timeline",
          "mentions-network")  # roles.rq grows superlinearly with documents (docs/server.md)
DESCRIBE = "DESCRIBE <https://w3id.org/newskg/id/actor/john-kirby>"
VALUES = " ".join(str(i) for i in range(300))
EXPLOSIVE = (
    f"SELECT ?a ?b ?c ?d WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} "
    f"VALUES ?c {{ {VALUES} }} VALUES ?d {{ {VALUES} }} }} ORDER BY DESC(?a * ?b + ?c - ?d)"
)
TIME_LIMIT = 3
BIN = Path(sys.executable).parent


def _run(*command: str, env: dict | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed: {done.stderr.strip()}")
    return done.stdout


def prepare(work: Path, docs: int) -> tuple[Path, Path, Path, int]:
    """A newskg store and an Oxigraph store holding ``docs`` copies of the seed graph."""
    base = work / "base"
    _run(str(BIN / "newskg"), "--store", str(base), "ingest", str(SEED),
         "--published", "2024-10-24")
    dump = work / "seed.nq"
    _run(str(BIN / "newskg"), "--store", str(base), "export", "--format", "nquads",
         "--output", str(dump))
    marker = f"/doc/{SEED_ID}"
    quads = list(ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))
    corpus = work / "corpus.nq"

    def renamed(term, k):
        if isinstance(term, ox.NamedNode) and marker in term.value:
            return ox.NamedNode(term.value.replace(marker, f"{marker}-{k}"))
        return term

    def copies():
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode) and marker in q.graph_name.value:
                for k in range(docs):  # the document graph, once per document id
                    yield ox.Quad(renamed(q.subject, k), q.predicate, renamed(q.object, k),
                                  renamed(q.graph_name, k))
            else:
                yield q  # the ontology graph, once

    ox.serialize(copies(), str(corpus), ox.RdfFormat.N_QUADS)
    newskg_store, oxigraph_store = work / "newskg-store", work / "oxigraph-store"
    _run(str(BIN / "newskg"), "--store", str(newskg_store), "load", str(corpus))
    _run(str(BIN / "oxigraph"), "load", "--location", str(oxigraph_store), "--file", str(corpus))
    count = sum(1 for _ in ox.parse(path=str(corpus), format=ox.RdfFormat.N_QUADS))
    return newskg_store, oxigraph_store, corpus, count


def canned_query(name: str) -> str:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server subprocess: started, waited for, measured, stopped by pid."""

    def __init__(self, name: str, command: list[str], url: str, env: dict | None = None):
        self.name, self.url = name, url
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"{name} exited: {self.log.read().decode()[-2000:]}")
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{name} did not start")

    def pss_mib(self) -> float:
        """Proportional set size of the server and all its descendants (shared pages split)."""
        total, pending = 0, [self.process.pid]
        while pending:
            pid = pending.pop()
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
                total += int(re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE).group(1))
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pending += [int(p) for p in (task / "children").read_text().split()]
            except (OSError, AttributeError):
                continue
        return total / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_servers(names: list[str], newskg_store: Path, oxigraph_store: Path, corpus: Path):
    """Yield each requested server in turn (one at a time: they share the store)."""
    common = {"NEWSKG_RATE_LIMIT": "0"}
    for name in names:
        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        serve = [str(BIN / "newskg"), "--store", str(newskg_store), "serve", "--port", str(port),
                 "--threads", "8", "--query-timeout", str(TIME_LIMIT)]
        if name == "newskg":
            yield Server(name, serve, url, common)
        elif name == "newskg-inline":
            yield Server(name, serve, url, {**common, "NEWSKG_QUERY_WORKERS": "0"})
        elif name == "newskg-memory":
            yield Server(name, [sys.executable, "-m", "bench.server", "--serve-memory",
                                str(corpus), "--port", str(port)], url, common)
        elif name == "gunicorn":
            yield Server(name, [str(BIN / "gunicorn"), "-k", "gthread", "-w", "1",
                                "--threads", "8", "-b", f"127.0.0.1:{port}",
                                "newskg.server.app:create_app()"], url,
                         {**common, "NEWSKG_STORE": str(newskg_store),
                          "NEWSKG_QUERY_TIMEOUT": str(TIME_LIMIT)})
        elif name == "oxigraph":
            yield Server(name, [str(BIN / "oxigraph"), "serve-read-only", "--location",
                                str(oxigraph_store), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph", "--timeout-s", str(TIME_LIMIT)],
                         f"http://127.0.0.1:{port}/query")


def serve_memory(corpus: str, port: int) -> None:
    """``newskg-memory``: the app over an in-memory store loaded from ``corpus``, waitress."""
    memory = EmbeddedStore(None)
    memory.load(Path(corpus))
    settings = Settings(store=corpus, query_timeout=TIME_LIMIT)
    waitress.serve(create_app(settings, store=memory), host="127.0.0.1", port=port, threads=8,
                   _quiet=True)


def load(url: str, query: str, total: int, concurrency: int) -> dict:
    """``total`` requests from ``concurrency`` clients: requests/s and latency in ms."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    local = threading.local()

    def one(_):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        response = session.post(url, data={"query": query},
                                headers={"Accept": "application/sparql-results+json, "
                                                   "text/turtle;q=0.9"})
        response.content  # noqa: B018 - read the whole body
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if response.status_code != 200:
                errors.append(response.status_code)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(total)))
    wall = time.perf_counter() - started
    latencies.sort()
    return {"rps": total / wall, "median_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "errors": len(errors), "statuses": sorted(set(errors))}


def explosive(url: str) -> dict:
    """Send the explosive query; meanwhile ask a simple one. Both outcomes, with times."""
    result: dict = {}

    def run():
        started = time.perf_counter()
        try:
            response = requests.post(url, data={"query": EXPLOSIVE}, timeout=30)
            result["status"] = response.status_code
        except requests.RequestException as err:
            result["status"] = f"no answer ({type(err).__name__})"
        result["seconds"] = round(time.perf_counter() - started, 1)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)
    started = time.perf_counter()
    try:
        simple = requests.post(url, data={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        result["other_client"] = f"{simple.status_code} in {time.perf_counter() - started:.2f}s"
    except requests.RequestException as err:
        result["other_client"] = f"no answer ({type(err).__name__})"
    thread.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--requests", type=int, default=120, help="per query and concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--servers", nargs="+", default=[
        "oxigraph", "newskg", "newskg-inline", "newskg-memory", "gunicorn"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve-memory", metavar="STORE", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_memory:
        serve_memory(args.serve_memory, args.port)
        return 0
    if "gunicorn" in args.servers and not (BIN / "gunicorn").exists():
        print("gunicorn is not installed: skipped", file=sys.stderr)
        args.servers.remove("gunicorn")
    queries = {name: canned_query(name) for name in CANNED} | {"describe": DESCRIBE}
    report: dict = {"servers": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        newskg_store, oxigraph_store, corpus, quads = prepare(work, args.docs)
        report |= {"docs": args.docs, "quads": quads, "requests": args.requests,
                   "rounds": args.rounds, "cpus": os.cpu_count()}
        runs: dict[str, dict[str, list[dict]]] = {}
        # Rounds cycle through the servers, so drift in the machine's load hits all alike;
        # each figure is the median over the rounds.
        for round_number in range(args.rounds):
            for server in start_servers(args.servers, newskg_store, oxigraph_store, corpus):
                try:
                    rows = runs.setdefault(server.name, {})
                    for concurrency in args.concurrency:
                        for name, query in queries.items():
                            load(server.url, query, 5, 1)  # warm up
                            rows.setdefault(f"{name}@{concurrency}", []).append(
                                load(server.url, query, args.requests, concurrency))
                    if round_number == 0:
                        report["servers"][server.name] = {
                            "pss_mib": round(server.pss_mib(), 1),
                            "explosive": explosive(server.url),
                        }
                finally:
                    server.stop()
        for name, rows in runs.items():
            report["servers"][name]["results"] = {
                key: {field: statistics.median(run[field] for run in measured)
                      for field in ("rps", "median_ms", "p95_ms", "errors")}
                for key, measured in rows.items()
            }
        shutil.rmtree(work / "base", ignore_errors=True)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


def render(report: dict) -> str:
    """Markdown: per server, geometric-mean ratios against Oxigraph, memory, the stop test."""
    servers = report["servers"]
    reference = servers.get("oxigraph")
    header = (f"{report['docs']} documents, {report['quads']} quads, {report['requests']} "
              f"requests per query and concurrency, median of {report['rounds']} rounds, "
              f"{report['cpus']} CPUs.")
    columns = ("| server | concurrency | requests/s (geo. mean) | median ms | p95 ms | "
               "throughput vs oxigraph | median latency vs oxigraph | non-200 |")
    lines = [header, "", columns, "|---|---|---|---|---|---|---|---|"]
    concurrencies = sorted({int(k.split("@")[1]) for s in servers.values()
                            for k in s["results"]})
    for name, data in servers.items():
        for c in concurrencies:
            rows = [v for k, v in data["results"].items() if k.endswith(f"@{c}")]
            rps, med, p95 = (_geo([r[key] for r in rows])
                             for key in ("rps", "median_ms", "p95_ms"))
            if reference:
                ref = [v for k, v in reference["results"].items() if k.endswith(f"@{c}")]
                ratio_rps = f"{rps / _geo([r['rps'] for r in ref]):.2f}"
                ratio_med = f"{med / _geo([r['median_ms'] for r in ref]):.2f}"
            else:
                ratio_rps = ratio_med = "-"
            failed = sum(r["errors"] for r in rows)
            lines.append(f"| {name} | {c} | {rps:.0f} | {med:.1f} | {p95:.1f} | {ratio_rps} | "
                         f"{ratio_med} | {failed} |")
    lines += ["", "| server | memory (PSS, MiB) | explosive query | second client meanwhile |",
              "|---|---|---|---|"]
    for name, data in servers.items():
        boom = data["explosive"]
        lines.append(f"| {name} | {data['pss_mib']} | {boom['status']} after {boom['seconds']}"
                     f" s | {boom['other_client']} |")
    return "\n".join(lines)


def _geo(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else float("nan")


if __name__ == "__main__":
    raise SystemExit(main())

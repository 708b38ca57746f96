"""The remote store end to end on two real SPARQL servers: Oxigraph server and Virtuoso.

Each server is started here on free 127.0.0.1 ports over its own temporary directory
(Virtuoso with its own ini and database) and stopped by its pid. The seed article and a small
synthetic corpus are ingested through the CLI into the server and into an embedded store;
every canned query, the stats and the N-Quads export must then agree row for row.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import free_port, stop_process
from helpers.ingest import synthetic
from helpers.oxigraph import SEED_TEXT, newskg, ok, start_oxigraph
from newskg.queries import list_queries

STARTUP_SECONDS = 90
START_ATTEMPTS = 3
#: Virtuoso's log line once its SQL listener serves (it comes after the HTTP listener's).
ONLINE = b" Server online at "
#: A graph that the readiness probe clears (it never holds anything).
PROBE_GRAPH = "urn:newskg:test:probe"
VIRTUOSO_INI = """[Database]
DatabaseFile = db/virtuoso.db
ErrorLogFile = db/virtuoso.log
LockFile = db/virtuoso.lck
TransactionFile = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = db/virtuoso-temp.db
TransactionFile = db/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ServerThreads = 10
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = db
ServerThreads = 10
MaxClientConnections = 5

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


class Virtuoso:
    """``virtuoso-t`` in the foreground over a temporary database; updates granted to SPARQL.

    Ready means: its log says both listeners are online, the grant is done, and its SPARQL
    endpoint accepts an update, each waited for (bounded), never slept for. Virtuoso binds
    its ports only after creating the database (seconds later, more on a busy machine), and
    another process may take a port that ``free_port`` just found free meanwhile: Virtuoso
    then exits at once ("Failed ... listen"), and it is started again on fresh ports over a
    fresh database, a bounded number of times.
    """

    def __init__(self, directory: Path) -> None:
        for tool in ("virtuoso-t", "isql-vt"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is not installed (scripts/install-system-deps)")
        for attempt in range(1, START_ATTEMPTS + 1):
            home = directory / f"attempt-{attempt}"
            if self._start(home):
                return
            if attempt == START_ATTEMPTS:
                raise RuntimeError(f"Virtuoso could not listen in {START_ATTEMPTS} attempts: "
                                   f"{_log(home)[-2000:]}")

    def _start(self, home: Path) -> bool:
        """Start over ``home``; False when a port was taken (try again), raise otherwise."""
        (home / "db").mkdir(parents=True)
        self.sql_port = free_port()
        http_port = free_port()
        while http_port == self.sql_port:
            http_port = free_port()
        (home / "virtuoso.ini").write_text(
            VIRTUOSO_INI.format(sql_port=self.sql_port, http_port=http_port), encoding="utf-8")
        with (home / "virtuoso.out").open("wb") as log:
            self.process = subprocess.Popen(["virtuoso-t", "-f", "-c", "virtuoso.ini"],
                                            cwd=home, stdout=log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{http_port}/?layout=virtuoso"
        deadline = time.monotonic() + STARTUP_SECONDS
        try:
            if not self._wait(deadline, home, lambda: ONLINE in _log(home)):
                if b"listen" in _log(home):
                    return False  # a port was taken meanwhile
                raise RuntimeError(f"Virtuoso exited: {_log(home)[-2000:]}")
            for ready in (self._grant, functools.partial(_accepts_update, http_port)):
                if not self._wait(deadline, home, ready):
                    raise RuntimeError(f"Virtuoso exited: {_log(home)[-2000:]}")
        except BaseException:
            self.stop()
            raise
        return True

    def _wait(self, deadline: float, home: Path, ready) -> bool:
        """Poll ``ready()`` until true (True), the server exits (False) or the deadline."""
        while not ready():
            if self.process.poll() is not None:
                return False
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso not ready within {STARTUP_SECONDS} s "
                                   f"({getattr(ready, '__name__', ready)}): {_log(home)[-2000:]}")
            time.sleep(0.2)
        return True

    def _grant(self) -> bool:
        """Grant SPARQL updates; False while the SQL port does not take connections yet.

        ``isql-vt`` exits 0 when its statement fails, so its error output is read too.
        """
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                              check=False, capture_output=True, timeout=60)
        if b"Connect failed" in done.stderr:
            return False
        if done.returncode != 0 or b"*** Error" in done.stderr:
            raise RuntimeError(f"GRANT failed: {done.stderr.decode(errors='replace')}")
        return True

    def stop(self) -> None:
        stop_process(self.process)


def _log(home: Path) -> bytes:
    path = home / "virtuoso.out"
    return path.read_bytes() if path.exists() else b""


def _accepts_update(http_port: int) -> bool:
    """True once the SPARQL endpoint runs an update (one that changes nothing)."""
    body = urllib.parse.urlencode({"query": f"CLEAR SILENT GRAPH <{PROBE_GRAPH}>"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/sparql", data=body)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def backend(request, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(remote store URL, embedded store), both fed the seed and a small corpus."""
    root = tmp_path_factory.mktemp(request.param)
    server = (start_oxigraph(root / "oxigraph") if request.param == "oxigraph"
              else Virtuoso(root / "virtuoso"))
    try:
        corpus = synthetic(root / "corpus.jsonl", 6, seed=3)
        embedded = root / "embedded"
        for store in (server.url, embedded):
            ok(store, "ingest", str(SEED_TEXT), "--published", "2024-10-24")
            ok(store, "ingest", str(corpus), "--jobs", "1")
        yield server.url, embedded
    finally:
        server.stop()


#: Where Virtuoso 7.2 (Debian's) answers otherwise than SPARQL 1.1 says, and how the
#: comparison allows for it on every canned query (Oxigraph server must match byte for byte):
#: - some queries stop with its "Error SQ156: Internal Optimized compiler error" (in 2026-12
#:   `speakers`: COALESCE(MIN(STR(?name)), …) grouped; `actors`); the error must be one line;
#: - CONCAT with the query's own "…" (U+2026) yields "?": the query text is read as Latin-1;
#: - a computed xsd:boolean comes back as 0/1, and rows tied under ORDER BY in another order.
VIRTUOSO_INTERNAL_ERROR = b"Error SQ156: Internal Optimized compiler error"


def _virtuoso_normalised(csv: str) -> list[str]:
    rows = (re.sub(r",1,(?=[^,]*$)", ",true,", re.sub(r",0,(?=[^,]*$)", ",false,", line))
            for line in csv.splitlines())
    return sorted(row.replace("…", "?") for row in rows)


def test_every_canned_query_answers_as_the_embedded_store(backend):
    remote, embedded = backend
    virtuoso = "layout=virtuoso" in remote
    queries = list_queries()
    failed_inside_virtuoso = []
    for query in queries:
        expected = ok(embedded, "query", query.name, "--format", "csv").decode()
        done = newskg(remote, "query", query.name, "--format", "csv")
        if virtuoso and VIRTUOSO_INTERNAL_ERROR in done.stderr:
            assert done.stderr.count(b"\n") == 1, done.stderr  # said in one line
            failed_inside_virtuoso.append(query.name)
            continue
        assert done.returncode == 0, (query.name, done.stderr)
        rows = done.stdout.decode()
        if virtuoso:
            rows, expected = _virtuoso_normalised(rows), _virtuoso_normalised(expected)
        assert rows == expected, query.name
    assert len(failed_inside_virtuoso) <= len(queries) // 4, failed_inside_virtuoso


def test_stats_and_export_match_the_embedded_store(backend):
    remote, embedded = backend
    assert json.loads(ok(remote, "stats", "--json")) == json.loads(ok(embedded, "stats", "--json"))
    exported = _masked(ok(remote, "export", "--format", "nquads"))
    assert exported == _masked(ok(embedded, "export", "--format", "nquads"))
    assert len(exported) > 1000


def _masked(nquads: bytes) -> list[str]:
    """The quads with blank node labels masked (each store labels its own), sorted."""
    quads = ox.parse(nquads, ox.RdfFormat.N_QUADS)
    return sorted(re.sub(r"_:\S+", "_:b", str(q)) for q in quads)


def test_a_rerun_skips_everything_and_a_bad_line_is_reported(backend, tmp_path):
    remote, _ = backend
    corpus = synthetic(tmp_path / "corpus.jsonl", 6, seed=3)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write("{not json}\n")
    done = newskg(remote, "ingest", str(corpus), "--jobs", "1")
    assert done.returncode == 1
    assert b"0 ingested, 6 skipped, 1 failed" in done.stderr
    assert f"{corpus}:7: malformed JSON".encode() in done.stderr

"""Hostile SPARQL: queries and updates that must be refused, and a recording peer."""

from __future__ import annotations

import socket
import threading


def hostile_queries(port: int) -> list[str]:
    """SERVICE, FROM and friends pointed at the listener, in every disguise we know of."""
    host = f"127.0.0.1:{port}"
    r = f"http://{host}/sparql"
    esc = "".join(f"\\u{ord(c):04X}" for c in "http")  # \u-escaped scheme
    return [
        f"SELECT * WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{r}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE SiLeNt <{r}> {{ ?s ?p ?o }} }}",
        # Unicode escapes: in the IRI, in the keyword, in the whole scheme
        f"SELECT * WHERE {{ SERVICE <http\\u003A//{host}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{r}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{esc}://{host}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <\\U00000068ttp://{host}/> {{ ?s ?p ?o }} }}",
        # prefixed names: percent and PN_LOCAL escapes, empty prefix, redeclared prefix
        f"PREFIX r: <http://{host}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX r: <http://{host}/> SELECT * WHERE {{ SERVICE r:%73parql {{ ?s ?p ?o }} }}",
        f"PREFIX r: <http://{host}/> SELECT * WHERE {{ SERVICE r:sp\\?x\\=1 {{ ?s ?p ?o }} }}",
        f"PREFIX : <http://{host}/> SELECT * WHERE {{ SERVICE :sparql {{ ?s ?p ?o }} }}",
        (f"PREFIX r: <http://example.org/> PREFIX r: <http://{host}/> "
         f"SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}"),
        f"PREFIX r\\u003A <http://{host}/> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
        # relative IRIs against BASE, BASE relative to BASE
        f"BASE <http://{host}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"BASE <http://{host}/a/> BASE <../b/> SELECT * WHERE {{ SERVICE <c> {{ ?s ?p ?o }} }}",
        # comments and strings around and inside the clause
        f"SELECT * WHERE {{ SERVICE # <http://example.org/>\n <{r}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE#c\n<{r}>{{?s ?p ?o}} }}",
        f'SELECT * WHERE {{ ?s ?p "}}" . SERVICE <{r}> {{ ?s ?p ?o }} }}',
        f"SELECT * WHERE {{ ?s ?p '''\n}} # ''' . SERVICE <{r}> {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ ?s ?p "\\"#" . SERVICE <{r}> {{ ?s ?p ?o }} }}',
        f"SELECT * WHERE {{ ?s ?p <urn:x#> . SERVICE <{r}> {{ ?s ?p ?o }} }}",
        # nested groups, sub-queries, filters, optional, minus, union
        f"SELECT * WHERE {{ {{ {{ {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE SILENT <{r}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ ?s ?q ?x MINUS {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }}",
        # variable targets
        f"SELECT * WHERE {{ VALUES ?x {{ <{r}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{r}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
        # dataset clauses
        f"SELECT * FROM <{r}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{r}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK FROM <http\\u003A//{host}/x> {{ ?s ?p ?o }}",
        # letters that Unicode case mapping folds to ASCII (rdflib reads them as the keyword)
        f"SELECT * WHERE {{ \u017fERVICE <{r}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\u0131CE <{r}> {{ ?s ?p ?o }} }}",
        f"SELECT * \ufb00ROM <{r}> WHERE {{ ?s ?p ?o }}",
        # escapes in the dataset clauses and their prefixed names
        f"SELECT * \\u0046ROM <{r}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM \\u004eAMED <{r}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX r: <http://{host}/> SELECT * FROM NAMED r:%73parql WHERE {{ ?s ?p ?o }}",
        f"PREFIX r: <http://{host}/> SELECT * FROM r:x\\.y WHERE {{ ?s ?p ?o }}",
        f"PREFIX r: <http://{host}/> SELECT * FROM <urn:g> FROM NAMED r: WHERE {{ ?s ?p ?o }}",
        # a SERVICE inside a SERVICE, after a triple-quoted string with a brace and a hash
        f'SELECT * WHERE {{ ?s ?p """}} # x""" . SERVICE <urn:a> {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }}',
        # updates at the query endpoint
        f"LOAD <{r}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }}",
        # something the parser cannot read is refused, not guessed at
        f"SELECT * WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }} }}",
    ]


def hostile_updates(port: int) -> list[str]:
    host = f"127.0.0.1:{port}"
    r = f"http://{host}/data.ttl"
    return [
        f"LOAD <{r}>",
        f"LOAD SILENT <{r}> INTO GRAPH <http://example.org/g>",
        f"load <http\\u003A//{host}/x>",
        f"PREFIX r: <http://{host}/> LOAD r:data",
        f"BASE <http://{host}/> LOAD <data.ttl>",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{r}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ {{ SERVICE SILENT <{r}> {{ ?s ?p ?o }} }} }}",
        f"# LOAD <http://example.org/>\nLOAD <{r}>",
        f"\\u004cOAD <{r}>",  # an escaped keyword: refused (pyoxigraph cannot read it)
        f"\u017fELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{r}>",
        f"PREFIX r: <http://{host}/> LOAD r:data\\.ttl INTO GRAPH r:g",
        (f"PREFIX r: <http://{host}/> WITH r:g DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p ?o }} "
         f"WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"),
        f"INSERT {{ ?s ?p ?o }} USING NAMED <{r}> WHERE {{ SERVICE <{r}> {{ ?s ?p ?o }} }}",
    ]


def graph_naming_updates(port: int) -> list[str]:
    """USING and WITH name a graph of the store (empty here); nothing is fetched."""
    r = f"http://127.0.0.1:{port}/data.ttl"
    return [f"INSERT {{ ?s ?p ?o }} USING <{r}> WHERE {{ ?s ?p ?o }}",
            f"INSERT {{ ?s ?p ?o }} USING NAMED <{r}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            f"WITH <{r}> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
            (f"PREFIX r: <http://127.0.0.1:{port}/> WITH r:x\\.y DELETE {{ ?s ?p ?o }} "
             f"WHERE {{ ?s ?p ?o }}")]


VALUES = " ".join(str(i) for i in range(300))


#: 8.1e9 rows counted: burns a core for minutes in constant memory (under ORDER BY, the same
#: cross product would be stopped at the memory ceiling instead: test_hardening.py).
EXPLOSIVE = (
    f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} "
    f"VALUES ?c {{ {VALUES} }} VALUES ?d {{ {VALUES} }} FILTER(?a * ?b + ?c - ?d != 0.5) }}"
)


class ConnectionRecorder:
    """A listening TCP socket that counts every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._running:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> int:
        self._running = False
        self._thread.join(5)
        self.sock.close()
        return self.connections

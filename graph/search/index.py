"""The full-text index of statements and actors: SQLite FTS5 beside the store.

Kept in step with the store by its dataset version: every change to the store (ingest,
re-ingest, load, SPARQL Update) writes a new version into the store's meta graph in the same
transaction, and ``sync`` rebuilds the index whenever the version it was built from differs.
Searching always syncs first, so an answer never comes from an older dataset than the store
holds. A rebuild reads statements and actors with two SPARQL queries, so the same code serves
an embedded and a remote store; it runs in one SQLite transaction (readers see the old index
until it commits, WAL mode). Why FTS5 and not Tantivy: it is in the standard library, bm25
ranking, phrase and prefix queries are built in, and the whole index of the seed article is
rebuilt in well under a second (``python -m bench.search``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newskg.graph.search.german import (
    WORD,
    ParsedQuery,
    Segment,
    fold,
    folded_words,
    highlight,
    parse_query,
    snippet_html,
    snippet_text,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS entries (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL,
  speaker TEXT, speaker_name TEXT, kind TEXT, document TEXT, title TEXT, published TEXT,
  cue TEXT);
CREATE INDEX IF NOT EXISTS entries_iri ON entries (iri);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
  body, lemmas, who, tokenize = "unicode61 remove_diacritics 2");
"""
_SCHEMA_VERSION = "1"
#: bm25 weights of the columns: what was said, its lemmas, who said it.
_WEIGHTS = (10.0, 2.0, 3.0)

_NKG = "https://w3id.org/newskg/ontology#"
_STATEMENTS = f"""PREFIX nkg: <{_NKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?s ?content ?speaker ?speakerName ?kind ?document ?title ?published ?cue ?mention
WHERE {{
  ?s a nkg:Statement ; nkg:content ?content .
  OPTIONAL {{ ?s nkg:speaker ?speaker
    OPTIONAL {{ SELECT ?speaker (MIN(STR(?l)) AS ?speakerName)
               WHERE {{ ?speaker rdfs:label ?l }} GROUP BY ?speaker }} }}
  OPTIONAL {{ ?s nkg:kind ?kindConcept }}
  OPTIONAL {{ ?s nkg:cue ?cue }}
  OPTIONAL {{ ?s nkg:speakerMention ?mention }}
  OPTIONAL {{ ?s nkg:inDocument ?document
    OPTIONAL {{ ?document schema:headline ?title }}
    OPTIONAL {{ ?document schema:datePublished ?published }} }}
  BIND(STRAFTER(STR(?kindConcept), "https://w3id.org/newskg/kind/") AS ?kind)
}}"""
_ACTORS = f"""PREFIX nkg: <{_NKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a (GROUP_CONCAT(DISTINCT STR(?l); SEPARATOR=" · ") AS ?names) WHERE {{
  VALUES ?class {{ nkg:Actor nkg:Person nkg:Organization nkg:CountryOrGovernment nkg:Media }}
  ?a a ?class ; rdfs:label ?l .
}} GROUP BY ?a"""

Lemmatiser = Callable[[str], str]


@dataclass
class Hit:
    """One search result: a statement or an actor, its rank and highlighted snippet."""

    iri: str
    type: str
    score: float  # bm25, higher is better
    text: str
    segments: list[Segment]
    speaker: str | None = None
    speaker_name: str | None = None
    kind: str | None = None
    document: str | None = None
    title: str | None = None
    published: str | None = None
    cue: str | None = None

    def to_dict(self) -> dict:
        return {
            "iri": self.iri, "type": self.type, "score": round(self.score, 4),
            "text": self.text, "snippet": snippet_html(self.segments),
            "segments": [{"text": s.text, "hit": s.hit} for s in self.segments],
            "speaker": self.speaker, "speakerName": self.speaker_name, "kind": self.kind,
            "document": self.document, "title": self.title, "published": self.published,
            "cue": self.cue,
        }


@dataclass
class Filters:
    """Restrictions of a search; any filter but ``type`` limits it to statements."""

    speaker: str | None = None  # IRI, or a name (case-insensitive, folded)
    kind: str | None = None  # assertion, claim, ... (or the kind's IRI)
    document: str | None = None  # IRI
    since: str | None = None  # YYYY-MM-DD, publication date of the document
    until: str | None = None
    type: str | None = None  # statement | actor
    extra: dict = field(default_factory=dict)

    def statements_only(self) -> bool:
        return any((self.speaker, self.kind, self.document, self.since, self.until))


class SearchIndex:
    """An FTS5 index in one SQLite file (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, lemma: Lemmatiser | None = None) -> None:
        self.path = str(path) if path is not None else ":memory:"
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lemma = lemma
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30,
                                   isolation_level=None)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        if self._meta("schema") not in (None, _SCHEMA_VERSION):
            self._db.executescript("DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS fts;"
                                   "DROP TABLE IF EXISTS meta;")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # -- keeping in step ---------------------------------------------------------------------

    def version(self) -> str | None:
        """The store version the index was built from (None: never built)."""
        return self._meta("version")

    def sync(self, store) -> bool:
        """Rebuild from ``store`` unless the index already holds its version; True if rebuilt."""
        version = store.version()
        if self.version() == version and version:
            return False
        with self._lock:
            if self.version() == version and version:
                return False
            statements = list(store.query(_STATEMENTS))
            actors = list(store.query(_ACTORS))
            self._rebuild(statements, actors, version)
        return True

    def _rebuild(self, statements, actors, version: str) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM fts")
            for row in statements:
                content = _value(row["content"]) or ""
                who = " ".join(filter(None, (_value(row["speakerName"]), _value(row["mention"]))))
                self._add(db, (_value(row["s"]), "statement", content, _value(row["speaker"]),
                               _value(row["speakerName"]), _value(row["kind"]),
                               _value(row["document"]), _value(row["title"]),
                               (_value(row["published"]) or "")[:10] or None,
                               _value(row["cue"])), content, who)
            for row in actors:
                names = _value(row["names"]) or ""
                self._add(db, (_value(row["a"]), "actor", names, None, None, None, None, None,
                               None, None), names, names)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?), ('schema', ?)",
                       (version, _SCHEMA_VERSION))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _add(self, db, entry: tuple, body: str, who: str) -> None:
        cursor = db.execute(
            "INSERT INTO entries (iri, type, text, speaker, speaker_name, kind, document, "
            "title, published, cue) VALUES (?,?,?,?,?,?,?,?,?,?)", entry)
        words = folded_words(body)
        lemmas = ""
        if self._lemma is not None:
            lemmas = " ".join(fold(self._lemma(m)) for m in _words_of(body))
        db.execute("INSERT INTO fts (rowid, body, lemmas, who) VALUES (?,?,?,?)",
                   (cursor.lastrowid, " ".join(words), lemmas, " ".join(folded_words(who))))

    # -- searching ---------------------------------------------------------------------------

    def parse(self, query: str) -> ParsedQuery:
        return parse_query(query, self._lemma)

    def search(self, query: str, filters: Filters | None = None, limit: int = 20,
               offset: int = 0) -> tuple[list[Hit], int]:
        """Hits ranked best first (bm25) and the number of all matching entries."""
        filters = filters or Filters()
        parsed = self.parse(query)
        where, params = _filter_sql(filters)
        base = (f"FROM fts JOIN entries e ON e.id = fts.rowid WHERE fts MATCH ? {where}")
        args = [parsed.expression, *params]
        total = self._db.execute(f"SELECT COUNT(*) {base}", args).fetchone()[0]
        rows = self._db.execute(
            f"SELECT e.iri, e.type, -bm25(fts, {', '.join(map(str, _WEIGHTS))}) AS score, "
            f"e.text, e.speaker, e.speaker_name, e.kind, e.document, e.title, e.published, "
            f"e.cue {base} ORDER BY score DESC, e.iri LIMIT ? OFFSET ?",
            [*args, limit, offset]).fetchall()
        hits = [Hit(iri, kind_of, score, text, highlight(text, parsed, self._lemma),
                    speaker, name, kind, document, title, published, cue)
                for (iri, kind_of, score, text, speaker, name, kind, document, title,
                     published, cue) in rows]
        return hits, total

    def scores(self, query: str) -> dict[str, tuple[float, str]]:
        """Every matching IRI with its score and plain-text snippet (for SPARQL functions)."""
        parsed = self.parse(query)
        rows = self._db.execute(
            f"SELECT e.iri, -bm25(fts, {', '.join(map(str, _WEIGHTS))}), e.text FROM fts "
            "JOIN entries e ON e.id = fts.rowid WHERE fts MATCH ?", (parsed.expression,))
        found: dict[str, tuple[float, str]] = {}
        for iri, score, text in rows:
            if iri not in found or score > found[iri][0]:
                found[iri] = (score, snippet_text(highlight(text, parsed, self._lemma)))
        return found

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no table yet
            return None
        return row[0] if row else None


def _filter_sql(filters: Filters) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if filters.type:
        clauses.append("e.type = ?")
        params.append(filters.type)
    elif filters.statements_only():
        clauses.append("e.type = 'statement'")
    if filters.speaker:
        if ":" in filters.speaker:
            clauses.append("e.speaker = ?")
            params.append(filters.speaker)
        else:
            clauses.append("lower(e.speaker_name) LIKE ?")
            params.append(f"%{filters.speaker.lower()}%")
    if filters.kind:
        clauses.append("e.kind = ?")
        params.append(filters.kind.rsplit("/", 1)[-1])
    if filters.document:
        clauses.append("e.document = ?")
        params.append(filters.document)
    if filters.since:
        clauses.append("e.published >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("e.published <= ?")
        params.append(filters.until)
    return "".join(f" AND {c}" for c in clauses), params


def _value(term) -> str | None:
    return None if term is None else term.value


def _words_of(text: str) -> list[str]:
    return [m.group() for m in WORD.finditer(text)]


def text_stage_lemma(word: str) -> str:
    """The lemma the text stage gives a word form out of context (HanTa, cached on disk)."""
    # Late: HanTa's model and numpy cost ~0.2-0.4 s to import (measured); a search whose
    # words the index already knows never needs them.
    from newskg.graph.text.word_tags import tag_word

    return tag_word(word)[1]

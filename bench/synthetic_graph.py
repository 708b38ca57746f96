"""A statement graph of any size in newskg's ontology, deterministic by seed.

The shape of a document graph comes from the real pipeline: the seed article is ingested by
``newskg ingest`` and exported, and that document graph (statements, speakers, mentions, NIF
spans, sentences, times, quantities, events; about 900 quads) is the template. Each synthetic
document is a copy of it under a new document id in which everything a query selects on
varies: every actor is replaced by one drawn from a pool of the project's lexicons (persons
from ``first_names.tsv`` with generated surnames, organisations, countries and media from
their lexicons; popular speakers recur, Zipf-like), dates move to the document's own
publication date, quoted content is reshuffled with a topic word, quantities get new values.
So a 1M-triple graph has ~1,100 documents, thousands of speakers who speak in many of them,
ten years of dates and text that CONTAINS and REGEX select from.

Nothing of the Wikinews corpus is used; the only text is the project's own seed article.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
from newskg.graph.model import KINDS
from newskg.graph.rdf.iris import slug

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "newskg" / "data" / "seed" / "nordkorea-soldaten-russland.txt"
SEED_ID = "nordkorea-soldaten-russland"
SEED_PUBLISHED = date(2024, 10, 24)
LEXICON = ROOT / "graph" / "lexicon"
NKG = "https://w3id.org/newskg/ontology#"
ACTOR = "https://w3id.org/newskg/id/actor/"
DOC = "https://w3id.org/newskg/id/doc/"
KIND = "https://w3id.org/newskg/kind/"
POST = "https://w3id.org/newskg/id/post/"
XSD = "http://www.w3.org/2001/XMLSchema#"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel", "http://xmlns.com/foaf/0.1/name"}
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
ACTOR_TYPES = ("Person", "Media", "CountryOrGovernment", "Organization")
#: Words a quote may be about; one is put into each synthetic quote, so text filters select.
TOPICS = ("Waffenstillstand", "Sanktionen", "Inflation", "Wahlkampf", "Klimaschutz",
          "Flüchtlinge", "Haushalt", "Energiepreise", "Gesundheitsreform", "Truppenabzug",
          "Verhandlungen", "Zölle", "Pressefreiheit", "Mindestlohn", "Cyberangriff")
SYLLABLES = ("ber", "mann", "schmi", "wag", "ner", "kel", "hof", "lin", "dorf", "stein",
             "mül", "ler", "krau", "se", "bran", "dt", "fi", "scher", "rich", "ter",
             "wolf", "hart", "zim", "mer", "kow", "ski", "pe", "tro", "vić", "ova")

Slot = str | Callable[["_Doc"], str]


def template_quads(work: Path) -> list[ox.Quad]:
    """The seed article's quads (its document graph and the ontology graph), by the pipeline."""
    exported = work / "template.nq"
    if not exported.exists():
        bin_dir = Path(sys.executable).parent
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            for command in (["ingest", str(SEED), "--published", SEED_PUBLISHED.isoformat()],
                            ["export", "--format", "nquads", "--output", str(exported)]):
                subprocess.run([str(bin_dir / "newskg"), "--store", str(store), *command],
                               check=True, capture_output=True)
    return list(ox.parse(path=str(exported), format=ox.RdfFormat.N_QUADS))


def _lexicon_names(name: str, column: int = 0) -> list[str]:
    names = []
    for line in (LEXICON / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("lemma\t"):
            names.append(line.split("\t")[column].strip())
    return [n for n in dict.fromkeys(names) if n]


def actor_pools(documents: int, rng: random.Random) -> dict[str, list[str]]:
    """Names per actor type; the person pool grows with the corpus (a speaker in ~20 docs)."""
    first = _lexicon_names("first_names.tsv")
    persons: dict[str, None] = {}
    wanted = max(200, documents * 2)
    while len(persons) < wanted:
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        persons[f"{rng.choice(first)} {surname.capitalize()}"] = None
    orgs = [n for n in _lexicon_names("organizations.tsv")]
    return {"Person": list(persons), "Organization": orgs,
            "CountryOrGovernment": _lexicon_names("countries.tsv"),
            "Media": _lexicon_names("media.tsv")}


class _Doc:
    """What varies in one synthetic document."""

    def __init__(self, number: int, rng: random.Random, actors: dict[str, str],
                 pools: dict[str, list[str]]) -> None:
        self.id = f"synthetic-{number:06d}"
        self.published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        self.shift = self.published - SEED_PUBLISHED
        self.rng = rng
        self.names: dict[str, str] = {}
        for actor, kind in actors.items():
            pool = pools[kind]
            self.names[actor] = pool[int(len(pool) * rng.random() ** 2.5)]  # Zipf-like

    def actor_iri(self, actor: str) -> str:
        return f"<{ACTOR}{slug(self.names[actor])}>"


def _literal(value: str, rest: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"{rest}'


def _slot(term, role: str, quad: ox.Quad, actors: dict[str, str]) -> Slot:
    """A term as constant N-Triples text, or a function of the document that writes it."""
    text = str(term)
    marker = f"{DOC}{SEED_ID}"
    if isinstance(term, ox.NamedNode):
        if role == "object" and quad.predicate.value == NKG + "kind":
            return lambda d: f"<{KIND}{d.rng.choice(KINDS)}>"
        if marker in term.value:
            before, after = text.split(marker, 1)
            return lambda d: f"{before}{DOC}{d.id}{after}"
        if term.value in actors:
            return lambda d, a=term.value: d.actor_iri(a)
        if term.value.startswith(POST) and "--" in term.value:
            # A post's IRI names its organisation (title--organisation): follow the actor.
            title, org = term.value[len(POST):].rsplit("--", 1)
            if ACTOR + org in actors:
                return lambda d, t=title, a=ACTOR + org: f"<{POST}{t}--{d.actor_iri(a)[len(ACTOR) + 1:]}"
        return text
    if not isinstance(term, ox.Literal) or role != "object":
        return text
    predicate, subject = quad.predicate.value, quad.subject.value
    rest = text[text.rindex('"') + 1:]
    if subject in actors and predicate in LABELS:
        return lambda d, a=subject: _literal(d.names[a], rest)
    if subject in actors and predicate == ALT_LABEL:
        return lambda d, a=subject: _literal(d.names[a].split()[-1], rest)
    datatype = term.datatype.value if term.datatype else ""
    if datatype == XSD + "date":
        day = date.fromisoformat(term.value[:10])
        return lambda d: _literal((day + d.shift).isoformat(), rest)
    if datatype == XSD + "dateTime" and len(term.value) >= 10:
        day = date.fromisoformat(term.value[:10])
        return lambda d: _literal((day + d.shift).isoformat() + term.value[10:], rest)
    if predicate == NKG + "content":
        words = term.value.split()
        return lambda d: _literal(_reshuffled(words, d.rng), rest)
    if predicate == NKG + "value" and datatype in (XSD + "decimal", XSD + "integer",
                                                    XSD + "double"):
        return lambda d: _literal(str(d.rng.randrange(1, 50) * 1000), f"^^<{XSD}integer>")
    if predicate == NKG + "documentId":
        return lambda d: _literal(d.id, rest)
    return text


def _reshuffled(words: list[str], rng: random.Random) -> str:
    shuffled = words[:]
    rng.shuffle(shuffled)
    shuffled.insert(rng.randrange(len(shuffled) + 1), rng.choice(TOPICS))
    return " ".join(shuffled)


def write_graph(path: Path, triples: int, seed: int, work: Path) -> dict:
    """Write about ``triples`` quads of synthetic documents (plus the ontology) to ``path``."""
    quads = template_quads(work)
    ontology = [q for q in quads if SEED_ID not in str(q.graph_name)]
    document = [q for q in quads if SEED_ID in str(q.graph_name)]
    actors = {}
    for q in document:
        if (q.predicate.value.endswith("#type") and q.subject.value.startswith(ACTOR)
                and q.object.value.startswith(NKG)):
            kind = q.object.value[len(NKG):]
            if kind in ACTOR_TYPES and actors.get(q.subject.value) not in ACTOR_TYPES[:3]:
                actors[q.subject.value] = kind
    rows = [tuple(_slot(t, role, q, actors) for t, role in
                  zip((q.subject, q.predicate, q.object, q.graph_name),
                      ("subject", "predicate", "object", "graph"), strict=True))
            for q in document]
    documents = max(1, round((triples - len(ontology)) / len(document)))
    rng = random.Random(seed)
    pools = actor_pools(documents, rng)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for q in ontology:
            out.write(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n")
            written += 1
        for number in range(documents):
            doc = _Doc(number, random.Random(f"{seed}-{number}"), actors, pools)
            out.writelines(_lines(rows, doc))
            written += len(rows)
    return {"documents": documents, "quads": written, "persons": len(pools["Person"])}


def _lines(rows: list[tuple[Slot, ...]], doc: _Doc) -> Iterator[str]:
    for row in rows:
        yield " ".join(s if isinstance(s, str) else s(doc) for s in row) + " .\n"

"""What each ``newskg`` subcommand does; ``newskg.cli`` builds the parser and runs them.

A few imports sit inside the commands that need them, measured start-up savings for every
other command: the pipeline (SoMaJo, HanTa with numpy: about 0.17 s) and the worker processes
for ``ingest`` and the first use of the default store, ``validate``'s pyshacl and owlrl (about 0.65 s) and
``serve``'s Flask and waitress (about 0.4 s).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from newskg.config import Settings, default_store_path, search_index_path
from newskg.graph.ingest.inputs import check_inputs, estimate_total, iter_items
from newskg.graph.ingest.reader import (
    IngestError,
    Metadata,
    check_source,
    parse_published,
    seed_documents,
)
from newskg.graph.rdf.mapping import PREFIXES
from newskg.graph.search.german import EmptyQuery, snippet_text
from newskg.graph.search.index import Filters, SearchIndex, text_stage_lemma
from newskg.graph.store.base import StoreError, syntax_for
from newskg.graph.store.opener import open_store
from newskg.output import (
    EXPORT_FORMATS,
    OutputError,
    default_format,
    render_query_list,
    render_stats,
    render_table,
    write_result,
)
from newskg.queries import (
    CatalogError,
    ParameterError,
    UnknownQuery,
    get_query,
    list_queries,
    load_query_file,
    parse_query,
)


class CommandError(Exception):
    """A command failed for a reason the user can act on."""


#: Errors whose message is meant for the user: the command line prints it as it is.
USER_ERRORS: tuple[type[Exception], ...] = (
    CommandError, IngestError, StoreError, OutputError, CatalogError, ParameterError, UnknownQuery,
)


# -- store handling -------------------------------------------------------------------------


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the global options (given before or after the subcommand), else the
    environment."""
    settings = Settings()
    if getattr(args, "store", None):
        settings.store = args.store
    if getattr(args, "base", None):
        _check_iri(args.base, "--base")
        settings.data_base = args.base
    return settings


def open_for(settings: Settings, read_only: bool = False, create: bool = False):
    """Open the configured store; the default store is created with the seed on first use.

    A store given by ``--store`` or NEWSKG_STORE is created only when ``create`` (ingest,
    load): a read command on a path that holds no store is an error, not an empty answer.
    """
    if not settings.store:
        _seed_default_store(settings)
    location = settings.store_location
    if not create and not location.lower().startswith(("http://", "https://")):
        path = Path(location).expanduser()
        if not path.exists():
            raise CommandError(f"no store at {path}; `newskg ingest` or `newskg load` "
                               "creates one")
    return open_store(location, read_only=read_only)


def _seed_default_store(settings: Settings) -> None:
    path = default_store_path()
    if path.is_dir() and any(path.iterdir()):
        return
    from newskg.graph.ingest.writer import ingest_documents  # late: the pipeline, ~0.17 s

    sys.stderr.write(f"newskg: creating the store at {path} with the seed article\n")
    store = open_store(str(path))
    try:
        ingest_documents(store, seed_documents(), settings.data_base)
    except (IngestError, StoreError) as err:
        store.close()
        shutil.rmtree(path, ignore_errors=True)  # we created it: retry cleanly next time
        raise CommandError(f"cannot seed the default store: {err}") from err
    store.close()


def prefixes(settings: Settings, for_display: bool = False) -> dict[str, str]:
    """The ontology's prefixes; for a table also ``id:`` for the data IRIs.

    Dumps leave ``id:`` out: data IRIs contain ``/``, which Turtle must escape in a prefixed
    name (``id:doc\\/x``), harder to read than the full IRI.
    """
    merged = dict(PREFIXES)
    if for_display and settings.data_base not in merged.values() and "id" not in merged:
        merged["id"] = settings.data_base
    return merged


# -- commands -------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Stream the inputs through the analysis into the store; 1 when any document failed."""
    # Late: worker processes, the pipeline and tqdm (~0.2 s) that no other command needs.
    from newskg.graph.ingest.parallel import EngineError, make_engine
    from newskg.graph.ingest.stream import ingest_stream
    from newskg.progress import IngestProgress

    metadata = Metadata(
        published=parse_published(args.published) if args.published else None,
        source=check_source(args.source) if args.source else None,
        title=args.title,
    )
    if args.jobs is not None and args.jobs < 1:
        raise CommandError(f"--jobs {args.jobs}: must be 1 or more")
    if args.cluster and args.jobs is not None:
        raise CommandError("give --jobs or --cluster, not both")
    check_inputs(args.paths, metadata, args.input_format)
    total = estimate_total(args.paths, args.input_format)
    bar = args.progress
    if bar is None:
        bar = (total is None or total > 1) and sys.stderr.isatty()
    try:  # first: worker processes warm up while the store opens
        engine = make_engine(args.jobs, args.cluster, total)
    except EngineError as err:
        raise CommandError(str(err)) from err
    try:
        store = open_for(settings, create=True)
    except BaseException:
        engine.close()
        raise
    progress = IngestProgress(total, bar, args.log_every, as_json=args.format == "json")
    try:
        report = ingest_stream(
            store, iter_items(args.paths, metadata, args.input_format), engine,
            settings.data_base, progress, batch_size=args.batch_size, strict=args.strict,
        )
    except EngineError as err:
        raise CommandError(f"{err}; the documents written so far are complete, rerun to "
                           "finish") from err
    finally:
        engine.close()
        store.close()
    progress.finish(report, engine.name, summary=total != 1)
    return 1 if report.failed else 0


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(f) for f in args.files]
    for path in paths:  # every file's syntax is known before the first is loaded
        syntax_for(path)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
    if args.graph:
        _check_iri(args.graph, "--graph")
    store = open_for(settings, create=True)
    try:
        for path in paths:
            added = store.load(path, args.graph)
            print(f"{path}: {added} triples added")
    finally:
        store.close()
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    if args.list:
        if args.target or args.sparql or args.param:
            raise CommandError("--list takes no query, --sparql or --param")
        return _list_queries(list_queries(), args.format)
    if bool(args.target) == bool(args.sparql):
        raise CommandError("give one query: a canned query NAME, a FILE.rq, or --sparql TEXT")
    sparql = args.sparql or (args.target if looks_like_sparql(args.target) else None)
    if sparql:
        query = parse_query(sparql, "inline")
    elif args.target.endswith(".rq") or (os.sep in args.target and Path(args.target).exists()):
        query = load_query_file(Path(args.target))
    elif " " in args.target.strip() or "\n" in args.target:
        raise CommandError(
            f"{args.target[:40]!r} is neither a canned query nor a .rq file; inline SPARQL "
            "starts with SELECT, ASK, CONSTRUCT, DESCRIBE or PREFIX, or give it as --sparql TEXT"
        )
    else:
        query = get_query(args.target)
    bindings = query.bind(_params(args.param))
    store = open_for(settings, read_only=False)
    try:
        try:
            result = store.query(query.sparql, bindings)
        except SyntaxError as err:
            if _UPDATE.match(query.sparql):
                raise CommandError(
                    "newskg query runs queries, and this is a SPARQL update: send it to a "
                    "running `newskg serve` as an update request"
                ) from err
            raise
        fmt = args.format or default_format(result, sys.stdout.isatty())
        out = sys.stdout.buffer
        write_result(result, fmt, out, prefixes(settings, fmt == "table"), max(args.max_width, 4))
        out.flush()
    finally:
        store.close()
    return 0


_SPARQL_START = re.compile(
    r"^\s*(#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|"
    r"INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def looks_like_sparql(target: str) -> bool:
    """Inline SPARQL, not a query name or a file: it starts with a query keyword (after
    comments) or holds a brace; a file of that name wins if it exists."""
    try:
        if Path(target).is_file():
            return False
    except (OSError, ValueError):  # too long or a NUL for a file name: not a file
        pass
    return bool(_SPARQL_START.match(target)) or "{" in target


_UPDATE = re.compile(
    r"^(\s|#[^\n]*\n|(PREFIX|BASE)\s[^\n]*)*"
    r"(INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"--param {pair!r}: expected NAME=VALUE")
        if name.strip() in params:
            raise CommandError(f"--param {name.strip()!r} given twice")
        params[name.strip()] = value
    return params


def _list_queries(queries, fmt: str | None) -> int:
    if fmt == "json":
        print(json.dumps([q.to_dict() for q in queries], ensure_ascii=False, indent=2))
        return 0
    if fmt not in (None, "table"):
        raise CommandError("--list prints a table or json")
    sys.stdout.write(render_query_list(queries))
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Full-text search; the index beside newskg is brought up to the store's version first."""
    filters = Filters(speaker=args.speaker, kind=args.kind, document=args.document,
                      since=args.since, until=args.until, type=args.type)
    store = open_for(settings, read_only=True)
    index = SearchIndex(search_index_path(settings.store_location), text_stage_lemma)
    try:
        index.sync(store)
        hits, total = index.search(args.query, filters, limit=args.limit)
    except EmptyQuery as err:
        raise CommandError(str(err)) from err
    finally:
        index.close()
        store.close()
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    rows = [hit.to_dict() for hit in hits]
    if fmt == "json":
        print(json.dumps({"query": args.query, "total": total, "hits": rows},
                         ensure_ascii=False, indent=2))
        return 0
    columns = ["score", "type", "speakerName", "kind", "snippet", "iri"]
    table = [[f"{h.score:.2f}", h.type, h.speaker_name or "", h.kind or "",
              snippet_text(h.segments), h.iri] for h in hits]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(table)
        return 0
    sys.stdout.write(render_table(columns, table, 72))
    if total > len(hits):
        sys.stdout.write(f"({total} matches; --limit shows more)\n")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    syntax = EXPORT_FORMATS[args.format]
    if args.graph:
        _check_iri(args.graph, "--graph")
    store = open_for(settings, read_only=False)
    try:
        if args.output is None:
            store.dump(sys.stdout.buffer, syntax, args.graph, prefixes(settings))
            sys.stdout.buffer.flush()
            return 0
        target = Path(args.output)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("wb") as handle:
                store.dump(handle, syntax, args.graph, prefixes(settings))
            partial.replace(target)
        except OSError as err:
            raise CommandError(f"{target}: cannot write: {err.strerror or err}") from err
        finally:
            partial.unlink(missing_ok=True)
    finally:
        store.close()
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    try:  # late: pyshacl and owlrl would add ~0.65 s to every command's start (measured)
        from newskg.graph.rdf.validate import validate_dataset
    except ImportError as err:
        raise CommandError(f"validation is not available: {err}") from err
    store = open_for(settings)
    try:
        report = validate_dataset(store)
    finally:
        store.close()
    if report.text:
        print(report.text.rstrip())
    if not report.conforms:
        sys.stderr.write("newskg: error: the data violates the shapes or the ontology\n")
        return 1
    return 0


_ACTOR_TYPES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
SELECT ?type (COUNT(DISTINCT ?actor) AS ?n) WHERE {
  ?actor a ?class .
  VALUES ?class { nkg:Actor nkg:Person nkg:Organization nkg:CountryOrGovernment nkg:Media }
  BIND(IF(EXISTS { ?actor a nkg:Person }, "person",
       IF(EXISTS { ?actor a nkg:Media }, "media",
       IF(EXISTS { ?actor a nkg:CountryOrGovernment }, "country_or_government",
       IF(EXISTS { ?actor a nkg:Organization }, "organization", "other")))) AS ?type)
} GROUP BY ?type"""


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    store = open_for(settings)
    try:
        counts = {
            "documents": _count(store, "nkg:Document"),
            "statements": _count(store, "nkg:Statement"),
            "actors": {row["type"].value: int(row["n"].value) for row in store.query(_ACTOR_TYPES)},
            "graphs": len(store.graphs()),
            "triples": store.triple_count(),
        }
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(counts, indent=2))
    else:
        sys.stdout.write(render_stats(counts))
    return 0


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild the learned models from the corpus directory given (its train.jsonl)."""
    from newskg.graph.training import TrainingError, train_all

    try:
        train_all(Path(args.corpus), Path(args.output) if args.output else None, args.only,
                  report=lambda line: print(line, flush=True))
    except TrainingError as err:
        raise CommandError(str(err)) from None
    return 0


def _count(store, cls: str) -> int:
    sparql = (
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}"
    )
    return int(next(iter(store.query(sparql)))["n"].value)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    try:  # late: Flask and waitress would add ~0.4 s to every command's start (measured)
        from newskg.server.serving import serve
    except ImportError as err:
        raise CommandError(f"the server is not available: {err}") from err
    if args.update_token is not None:
        settings.update_token = args.update_token or None
    if args.query_timeout is not None:
        settings.query_timeout = args.query_timeout
    if args.max_results is not None:
        settings.max_results = args.max_results
    if args.workers is not None:
        if args.workers < 0:
            raise CommandError(f"--workers {args.workers}: must be 0 or more")
        settings.query_workers = args.workers
    settings.read_only = args.read_only
    if args.read_only:
        settings.update_token = None
    open_for(settings).close()  # seed the default store, check the store opens, release it
    result = serve(settings, host=args.host, port=args.port, threads=args.threads)
    return int(result or 0)


def _check_iri(value: str, option: str) -> None:
    try:
        if ":" not in value:
            raise ValueError
        ox.NamedNode(value)
    except ValueError:
        raise CommandError(f"{option} {value!r}: not an absolute IRI") from None

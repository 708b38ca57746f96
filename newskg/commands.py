"""What each ``newskg`` subcommand does; ``newskg.cli`` builds the parser and runs them.

The store a command works on is opened by ``store_access``; ``newskg query`` is in
``querying``. A few imports sit inside the commands that need them, measured start-up savings
for every other command: the pipeline (SoMaJo, HanTa with numpy: about 0.17 s) and the worker
processes for ``ingest`` (and the first use of the default store, ``store_access``),
``validate``'s pyshacl and owlrl (about 0.65 s) and ``serve``'s Flask and waitress (about
0.4 s).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from newskg.config import Settings, search_index_path
from newskg.errors import USER_ERRORS, CommandError
from newskg.graph.ingest.inputs import check_inputs, estimate_total, iter_items
from newskg.graph.ingest.reader import Metadata, check_source, parse_published
from newskg.graph.rdf.formats import FORMATS
from newskg.graph.search.german import EmptyQuery, snippet_text
from newskg.graph.search.index import Filters, SearchIndex, text_stage_lemma
from newskg.graph.store.base import syntax_for
from newskg.graph.training import TrainingError, train_all
from newskg.output import render_stats, render_table
from newskg.querying import cmd_query
from newskg.store_access import check_iri, open_for, prefixes, settings_from

__all__ = ["COMMANDS", "USER_ERRORS", "settings_from"]


# -- commands -------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Stream the inputs through the analysis into the store; 1 when any document failed."""
    from newskg.graph.ingest.prestart import planned_jobs, start_forkserver

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
    if not args.cluster and planned_jobs(args.jobs, total) > 1:
        start_forkserver()  # the workers warm up while the pipeline is imported here
    # Late: worker processes, the pipeline and tqdm (~0.3 s) that no other command needs.
    from newskg.graph.ingest.parallel import EngineError, make_engine
    from newskg.graph.ingest.stream import ingest_stream
    from newskg.progress import IngestProgress

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
        check_iri(args.graph, "--graph")
    store = open_for(settings, create=True)
    try:
        for path in paths:
            added = store.load(path, args.graph)
            print(f"{path}: {added} triples added")
    finally:
        store.close()
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
    syntax = FORMATS[args.format].pyoxigraph
    if args.graph:
        check_iri(args.graph, "--graph")
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


#: Every subcommand's handler by the name the parser gives it (``func``, see ``newskg.cli``).
COMMANDS = {command.__name__: command for command in (
    cmd_ingest, cmd_load, cmd_query, cmd_search, cmd_export, cmd_validate, cmd_stats,
    cmd_train, cmd_serve)}

"""The ``newskg`` command: ingest, load, query, export, validate, stats, serve, evaluate.

Every failure the user can cause ends in one line ``newskg: error: ...`` on standard error
and a non-zero exit (1 for a failed command, 2 for a bad command line), never a traceback:
the command is used in scripts, and one readable line is what a script's log can hold.
Heavy modules are imported inside the subcommands that need them (see ``commands.py``), so
``newskg --help`` and a query start in about 0.1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from newskg.commands import (
    CommandError,
    cmd_export,
    cmd_ingest,
    cmd_load,
    cmd_query,
    cmd_serve,
    cmd_stats,
    cmd_validate,
    settings_from,
)
from newskg.config import default_store_path
from newskg.graph.ingest.reader import IngestError
from newskg.graph.store.base import StoreError
from newskg.output import EXPORT_FORMATS, RESULT_FORMATS, OutputError
from newskg.queries import CatalogError, ParameterError, UnknownQuery


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error, like every other failure of the command."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message} (see '{self.prog} --help')", 2)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``newskg: error: <first line of message>`` and exit with ``code``."""
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    sys.stderr.write(f"newskg: error: {lines[0] if lines else 'failed'}\n")
    sys.exit(code)


# -- the parser -----------------------------------------------------------------------------


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; each subcommand's handler is its ``func`` default.

    ``evaluate`` brings its own options (and numpy); they are only loaded when ``argv``
    asks for that subcommand, which keeps every other command quick to start.
    """
    parser = _Parser(
        prog="newskg",
        description="German news articles to a knowledge graph of who said what, when, "
        "about whom; served over SPARQL.",
    )
    parser.add_argument(
        "--store",
        metavar="DIR|URL",
        help="store directory (or, later, a SPARQL server URL); default: $NEWSKG_STORE, else "
        f"{default_store_path()} (created with the seed article on first use)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("ingest", help="analyse articles and store their graphs",
                       description="Analyse articles and replace each one's named graph. "
                       "PATH: a text file (first line = headline), a directory of .txt "
                       "files, - for standard input, or a JSON Lines corpus (.jsonl: one "
                       "object per line with text, optional id, published, source, title). "
                       "Every input is checked before anything is written.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    p.add_argument("--source", metavar="URL", help="where the article was published")
    p.add_argument("--title", help="headline (one document only; default: its first line)")
    p.add_argument("--input-format", choices=("text", "jsonl"),
                   help="override the format the file extension implies (- is text)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: for corpora, on a terminal)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("load", help="bulk-load RDF files",
                       description="Bulk-load RDF files; the syntax comes from the extension "
                       "(.ttl .nt .nq .trig .rdf .owl .xml .jsonld .n3). Triples go to the "
                       "default graph unless --graph is given; quads keep their graphs.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--graph", metavar="IRI", help="named graph for the triples of the files")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("query", help="run a canned query, a .rq file or inline SPARQL",
                       description="Run a canned query by name, a .rq file, or --sparql TEXT. "
                       "The default format is table on a terminal, otherwise csv (turtle "
                       "for CONSTRUCT/DESCRIBE).")
    p.add_argument("target", nargs="?", metavar="NAME|FILE.rq")
    p.add_argument("--sparql", metavar="TEXT", help="inline SPARQL query")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="parameter of a canned query (repeatable)")
    p.add_argument("--format", choices=RESULT_FORMATS, help="result format")
    p.add_argument("--list", action="store_true", help="list the canned queries")
    p.add_argument("--max-width", type=int, default=48, metavar="N",
                   help="widest table cell before it is cut (default 48)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="dump the graph in an RDF syntax",
                       description="Dump the dataset or one graph. Turtle, N-Triples and "
                       "RDF/XML cannot name graphs, so a whole-dataset export in them is "
                       "the merge of all graphs (each triple once, graph names dropped); "
                       "use nquads or trig to keep the graphs.")
    p.add_argument("--format", choices=tuple(EXPORT_FORMATS), default="turtle")
    p.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--graph", metavar="IRI", help="only this named graph")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("validate", help="SHACL and OWL RL checks; non-zero on violations",
                       description="Check the data against the SHACL shapes and for OWL RL "
                       "consistency; exit 1 on violations.")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="documents, statements, actors by type, triples",
                       description="Count documents, statements, actors by type and triples.")
    p.add_argument("--json", action="store_true", help="as a JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("serve", help="serve SPARQL, the API and the dashboard over HTTP",
                       description="Serve the store over HTTP with a production WSGI server.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8000, help="0 picks a free port")
    p.add_argument("--threads", type=_positive(int), default=4,
                   help="request threads of the WSGI server (default 4)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="query worker processes, killed and replaced at the time limit; 0 "
                   "evaluates in the request threads with no enforced limit "
                   "(default: $NEWSKG_QUERY_WORKERS, else 2)")
    p.add_argument("--read-only", action="store_true", help="refuse every update")
    p.add_argument("--update-token", metavar="TOKEN",
                   help="bearer token that allows updates (default: $NEWSKG_UPDATE_TOKEN)")
    p.add_argument("--query-timeout", type=_positive(float), metavar="SECONDS")
    p.add_argument("--max-results", type=_positive(int), metavar="N")
    p.set_defaults(func=cmd_serve)

    _add_evaluate(sub, load="evaluate" in (sys.argv[1:] if argv is None else argv))
    return parser


def _positive(kind: type):
    def parse(text: str):
        value = kind(text)  # a ValueError becomes argparse's "invalid ... value"
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text}: must be positive")
        return value

    parse.__name__ = kind.__name__
    return parse


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"{text}: expected 0 (any free port) to 65535")
    return port


def _add_evaluate(sub, load: bool) -> None:
    p = sub.add_parser("evaluate", help="score the extraction against gold annotations",
                       description="Score the extraction against gold annotations.")
    if not load:
        return
    try:  # late: the pipeline and numpy, ~0.2 s that no other command needs (measured)
        from newskg.graph.evaluation import evaluate
    except ImportError as err:
        reason = str(err)
        p.set_defaults(func=lambda args, settings: fail(f"evaluate is not available: {reason}"))
        return
    evaluate.add_arguments(p)
    p.set_defaults(func=lambda args, settings: evaluate.run(args))


# -- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script passes it to exit)."""
    args = build_parser(argv).parse_args(argv)
    try:
        settings = settings_from(args)
        return int(args.func(args, settings) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("newskg: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error; silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except SystemExit:
        raise
    except Exception as err:  # noqa: BLE001 - every failure ends in one line, no traceback
        fail(_describe(err))


def _describe(err: Exception) -> str:
    if isinstance(err, CommandError | IngestError | StoreError | OutputError | CatalogError
                  | ParameterError | UnknownQuery):
        return str(err)
    if isinstance(err, SyntaxError):
        return f"SPARQL syntax error: {err}"
    if isinstance(err, OSError):
        return f"{err.filename + ': ' if err.filename else ''}{err.strerror or err}"
    return f"{type(err).__name__}: {err}"


if __name__ == "__main__":
    sys.exit(main())

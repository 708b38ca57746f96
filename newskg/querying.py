"""``newskg query``: a canned query by name, a ``.rq`` file or inline SPARQL, with its
parameters, written as a table for people or in a standard format for programs."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from newskg.config import Settings
from newskg.errors import CommandError
from newskg.output import default_format, render_query_list, write_result
from newskg.queries import get_query, list_queries, load_query_file, parse_query
from newskg.store_access import open_for, prefixes


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

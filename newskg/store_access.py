"""Which store a command works on: the settings from the global options, the store opened
from them (the default store created with the seed article on first use), the prefixes its
output is written with, and the IRIs given on the command line."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox

from newskg.config import Settings, default_store_path
from newskg.errors import CommandError
from newskg.graph.ingest.reader import IngestError, seed_documents
from newskg.graph.rdf.mapping import PREFIXES
from newskg.graph.store.base import StoreError
from newskg.graph.store.opener import open_store


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the global options (given before or after the subcommand), else the
    environment."""
    settings = Settings()
    if getattr(args, "store", None):
        settings.store = args.store
    if getattr(args, "base", None):
        check_iri(args.base, "--base")
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


def check_iri(value: str, option: str) -> None:
    """A CommandError unless ``value`` (given as ``option``) is an absolute IRI."""
    try:
        if ":" not in value:
            raise ValueError
        ox.NamedNode(value)
    except ValueError:
        raise CommandError(f"{option} {value!r}: not an absolute IRI") from None

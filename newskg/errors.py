"""The failures a command reports as they are: their message is meant for the user."""

from __future__ import annotations

from newskg.graph.ingest.reader import IngestError
from newskg.graph.store.base import StoreError
from newskg.output import OutputError
from newskg.queries import CatalogError, ParameterError, UnknownQuery


class CommandError(Exception):
    """A command failed for a reason the user can act on."""


#: Errors whose message is meant for the user: the command line prints it as it is.
USER_ERRORS: tuple[type[Exception], ...] = (
    CommandError, IngestError, StoreError, OutputError, CatalogError, ParameterError, UnknownQuery,
)

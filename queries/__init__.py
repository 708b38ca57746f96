"""The canned-query catalog that the CLI, the HTTP API and the dashboard share.

Each ``queries/<name>.rq`` file starts with header comment lines ``# key: value``:
``title``, ``description``, ``chart``, and repeatable ``param`` lines such as
``# param: kind; type=kind; optional; choices=kinds; label=Kind of statement``.
Parameters are bound as RDF terms (pyoxigraph substitutions, or VALUES for a remote store),
never pasted into the query text, so a parameter value cannot change what a query does.

Two rules for query authors, both from how pyoxigraph substitutes: a SELECT must project
every parameter variable (checked when the file is read), and ``BOUND(?param)`` does not see
a substituted value, so an optional filter is written
``FILTER(COALESCE(CONTAINS(?text, ?word), true))`` (true when ``?word`` is not given).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from newskg.graph.model import KINDS
from newskg.graph.namespaces import KIND_NS

QUERY_DIR = Path(__file__).resolve().parent
PARAM_TYPES = ("iri", "string", "integer", "date", "kind")

Term = ox.NamedNode | ox.Literal

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_KIND = re.compile(r"^[a-z]+$")
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
_QUERY_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_PROJECTION_END = re.compile(r"\bWHERE\b|\bFROM\b|\{", re.IGNORECASE)


class CatalogError(Exception):
    """A query file is malformed (its header, mostly); the message names the file."""


class UnknownQuery(KeyError):
    """No canned query has that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown query"


class ParameterError(ValueError):
    """A parameter is unknown, missing or ill-typed; the message says which and why."""


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a canned query."""

    name: str
    type: str
    optional: bool = False
    default: str | None = None
    choices: str | None = None  # name of the canned query that lists allowed values
    label: str = ""

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None

    def convert(self, raw: str) -> Term:
        """``raw`` as an RDF term of this parameter's type, or a ParameterError."""
        return convert_value(self.type, raw, self.name)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "label": self.label or self.name,
            "required": self.required,
            "optional": self.optional,
            "default": self.default,
            "choices": self.choices,
        }


@dataclass(frozen=True)
class CannedQuery:
    """A named SPARQL query with its header metadata and declared parameters."""

    name: str
    sparql: str
    title: str = ""
    description: str = ""
    chart: str = "table"
    params: tuple[Parameter, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise ParameterError(self._unknown(name))

    def bind(self, raw: Mapping[str, str] | None = None) -> dict[str, Term]:
        """RDF terms for the variables: given values, else defaults; optional ones unbound."""
        raw = dict(raw or {})
        for name in raw:
            if not any(p.name == name for p in self.params):
                raise ParameterError(self._unknown(name))
        bound: dict[str, Term] = {}
        for p in self.params:
            value = raw.get(p.name)
            if value is None or value == "":  # an empty form field means "not given"
                value = p.default
            if value is None:
                if p.required:
                    raise ParameterError(
                        f"query {self.name!r} needs parameter {p.name!r} ({p.type})"
                    )
                continue
            bound[p.name] = p.convert(value)
        return bound

    def to_dict(self) -> dict:
        """Metadata and parameters, for JSON (the HTTP API and the dashboard)."""
        return {
            "name": self.name,
            "title": self.title or self.name,
            "description": self.description,
            "chart": self.chart,
            "params": [p.to_dict() for p in self.params],
            "sparql": self.sparql,
        }

    def _unknown(self, name: str) -> str:
        known = ", ".join(p.name for p in self.params) or "none"
        return f"query {self.name!r} has no parameter {name!r} (parameters: {known})"


def convert_value(type_: str, raw: str, name: str = "value") -> Term:
    """Turn a raw string into a term of ``type_`` (iri, string, integer, date, kind)."""
    if type_ == "string":
        return ox.Literal(raw)
    value = raw.strip()
    if type_ == "integer":
        if not _INTEGER.match(value):
            raise ParameterError(f"parameter {name!r}: {raw!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if type_ == "date":
        try:
            day = date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ParameterError(f"parameter {name!r}: {raw!r} is not a date (YYYY-MM-DD)")
        return ox.Literal(day.isoformat(), datatype=_XSD_DATE)
    if type_ == "kind":
        kind = value.removeprefix(KIND_NS).removeprefix("kind:")
        if not _KIND.match(kind) or kind not in KINDS:
            raise ParameterError(
                f"parameter {name!r}: {raw!r} is not a statement kind ({', '.join(KINDS)})"
            )
        return ox.NamedNode(KIND_NS + kind)
    if type_ == "iri":
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        try:
            if not _IRI_SCHEME.match(value):
                raise ValueError("not absolute")
            return ox.NamedNode(value)
        except ValueError:
            raise ParameterError(f"parameter {name!r}: {raw!r} is not an absolute IRI") from None
    raise ParameterError(f"parameter {name!r}: unknown type {type_!r}")


# -- reading query files ------------------------------------------------------------------


def parse_query(text: str, name: str, origin: str | None = None) -> CannedQuery:
    """A ``CannedQuery`` from the text of a .rq file (the header is optional)."""
    where = origin or name
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue  # an ordinary comment
        key, value = match.group(1).lower(), match.group(2)
        if key == "param":
            params.append(_parse_param(value, where))
        else:
            meta[key] = value
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise CatalogError(f"{where}: a parameter is declared twice ({', '.join(names)})")
    projection = _select_projection(text)
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", text):
            raise CatalogError(f"{where}: parameter {p.name!r} is not a variable of the query")
        if projection is not None and projection.strip() != "*" and not re.search(
            rf"[?$]{p.name}\b", projection
        ):
            # pyoxigraph binds (substitutes) only variables that a SELECT projects.
            raise CatalogError(
                f"{where}: parameter {p.name!r} must be in the SELECT clause to be bound"
            )
    return CannedQuery(
        name=name,
        sparql=text,
        title=meta.pop("title", ""),
        description=meta.pop("description", ""),
        chart=meta.pop("chart", "table") or "table",
        params=tuple(params),
        extra=meta,
    )


def _select_projection(text: str) -> str | None:
    """What the outermost SELECT projects, or None for ASK, CONSTRUCT and DESCRIBE."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    form = _QUERY_FORM.search(body)
    if form is None or form.group(1).upper() != "SELECT":
        return None
    rest = body[form.end():]
    end = _PROJECTION_END.search(rest)
    return rest[: end.start()] if end else rest


def _parse_param(spec: str, where: str) -> Parameter:
    parts = [part.strip() for part in spec.split(";")]
    name = parts[0]
    if not _VARNAME.match(name):
        raise CatalogError(f"{where}: bad parameter name {name!r} in '# param: {spec}'")
    fields: dict[str, str] = {}
    optional = False
    for part in parts[1:]:
        if not part:
            continue
        if part == "optional":
            optional = True
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in ("type", "default", "choices", "label"):
            raise CatalogError(f"{where}: parameter {name!r}: cannot read {part!r}")
        fields[key] = value.strip()
    type_ = fields.get("type", "string")
    if type_ not in PARAM_TYPES:
        raise CatalogError(
            f"{where}: parameter {name!r}: type {type_!r} is not one of {', '.join(PARAM_TYPES)}"
        )
    default = fields.get("default")
    if default is not None:
        try:
            convert_value(type_, default, name)
        except ParameterError as err:
            raise CatalogError(f"{where}: bad default: {err}") from err
    return Parameter(
        name=name,
        type=type_,
        optional=optional,
        default=default,
        choices=fields.get("choices") or None,
        label=fields.get("label", ""),
    )


def load_query_file(path: Path) -> CannedQuery:
    """A query file anywhere on disk (``newskg query FILE.rq``); its name is the file stem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"{path}: cannot read query: {err}") from err
    return parse_query(text, Path(path).stem, str(path))


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    """Every canned query, sorted by name."""
    folder = directory or QUERY_DIR
    return [load_query_file(p) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str, directory: Path | None = None) -> CannedQuery:
    """The canned query called ``name``; ``UnknownQuery`` names the ones that exist."""
    folder = directory or QUERY_DIR
    path = folder / f"{name}.rq"
    if not _QUERY_NAME.match(name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq"))) or "none"
        raise UnknownQuery(f"no canned query {name!r} (known: {known})")
    return _prepared(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _prepared(path: Path, mtime_ns: int) -> CannedQuery:
    """A query file read and checked once per version of the file (the server asks often)."""
    return load_query_file(path)


def run(store, query: CannedQuery, raw_params: Mapping[str, str] | None = None):
    """Evaluate ``query`` on ``store`` with its parameters bound as RDF terms."""
    return store.query(query.sparql, query.bind(raw_params))

"""The dashboard: canned questions with forms, tables and charts, for people who write no SPARQL.

The page itself is static; it asks the query API (``server/api.py``) for every answer. Its one
third-party script, plotly.js, is served from the installed ``plotly`` Python package, so the
dashboard needs no network beyond this server and the repository holds no copy of it.

plotly.js inserts its stylesheet as ``<style>`` elements, which a Content-Security-Policy
without ``style-src 'unsafe-inline'`` blocks. It offers the way out for strict policies itself:
when the page already holds an element with id ``plotly.js-style-global`` and class
``no-inline-styles``, it inserts nothing and expects its rules from that stylesheet. plotly.js
publishes them as ``dist/plotly.css``, which the Python package does not ship; so they are
read here from the bundle's own table of rules (selector templates with ``X`` for the plot and
``Y`` for the notifier, expanded as plotly.js does) and served as ``/dashboard/vendor/plotly.css``.
The bundle also carries the map library's stylesheet, inserted at load as a ``<style>`` with a
fixed id unless an element with that id exists: it is served the same way
(``/dashboard/vendor/plotly-maps.css``) from a ``<link>`` with that id.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, send_file

from newskg import queries as catalog

bp = Blueprint("dashboard", __name__)

#: Where the page loads plotly.js and its stylesheet from (this server, never a CDN).
PLOTLY_PATH = "/dashboard/vendor/plotly.min.js"
PLOTLY_CSS_PATH = "/dashboard/vendor/plotly.css"
MAPS_CSS_PATH = "/dashboard/vendor/plotly-maps.css"
#: The map library's stylesheet in the bundle: (id, JS string literal of the CSS).
_MAPS_STYLE = re.compile(
    r"""document\.getElementById\("([0-9a-f]{16,})"\)\)\{var (\w+)=document\.createElement"""
    r"""\("style"\);\2\.id="\1",\2\.textContent=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
#: The first entry of plotly.js's table of style rules (src/css, built into the bundle).
_RULES_START = '{"X,X div":'
#: One ``"selector":"declarations"`` entry of that table (JS strings, either quote; a key may
#: be a bare name, as the minifier writes ``Y``).
_ENTRY = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*)\s*:\s*"""
                    r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*([,}])""")


def plotly_bundle() -> Path | None:
    """The minified plotly.js shipped inside the installed plotly package, if it is there."""
    try:
        candidate = resources.files("plotly") / "package_data" / "plotly.min.js"
    except ModuleNotFoundError:
        return None
    path = Path(str(candidate))
    return path if path.is_file() else None


def _js_string(literal: str) -> str:
    """The value of a JS string literal of the rule table (only \\-escapes of one character)."""
    if literal[0] not in "'\"":
        return literal
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


@functools.lru_cache(maxsize=2)
def plotly_css(bundle: Path, _mtime: float) -> str:
    """plotly.js's stylesheet, read from ``bundle``; ValueError when its rule table is not
    found (another plotly.js build): the page then shows charts without plotly's styles."""
    text = bundle.read_text(encoding="utf-8")
    position = text.find(_RULES_START)
    if position < 0:
        raise ValueError("plotly.js's table of style rules was not found in the bundle")
    position += 1
    rules = []
    while True:
        entry = _ENTRY.match(text, position)
        if entry is None:
            raise ValueError("plotly.js's table of style rules could not be read")
        selector = _js_string(entry.group(1))
        selector = re.sub("^,", " ,", selector).replace("X", ".js-plotly-plot .plotly")
        rules.append(f"{selector.replace('Y', '.plotly-notifier')}{{{_js_string(entry.group(2))}}}")
        position = entry.end()
        if entry.group(3) == "}":
            return "\n".join(rules) + "\n"


@functools.lru_cache(maxsize=2)
def maps_css(bundle: Path, _mtime: float) -> tuple[str, str] | None:
    """(element id, stylesheet) of the map library's style in ``bundle``, or None."""
    found = _MAPS_STYLE.search(bundle.read_text(encoding="utf-8"))
    return (found.group(1), _js_string(found.group(3))) if found else None


def _maps_style() -> tuple[str, str] | None:
    bundle = plotly_bundle()
    return maps_css(bundle, bundle.stat().st_mtime) if bundle else None


@bp.get("/")
def index() -> str:
    """The dashboard page; the ingest form is rendered only when updates are enabled."""
    settings = current_app.config["NEWSKG"]
    config = {
        "dataBase": settings.data_base,
        "resourcePath": "/id/",
        "plotly": PLOTLY_PATH,
        "plotlyCss": PLOTLY_CSS_PATH,
        "mapsCss": MAPS_CSS_PATH,
        # metadata, parameters and query text (for "open in SPARQL editor")
        "queries": [query.to_dict() for query in catalog.list_queries()],
    }
    maps = _maps_style()
    return render_template(
        "dashboard.html", config=config, ingest_enabled=bool(settings.update_token),
        maps_style_id=maps[0] if maps else None,
    )


@bp.get(PLOTLY_PATH)
def plotly_js():
    """plotly.js from the installed package, cacheable for a day."""
    bundle = plotly_bundle()
    if bundle is None:
        abort(404, description="plotly.js is not installed (pip install plotly)")
    return send_file(bundle, mimetype="text/javascript", max_age=86400)


@bp.get(PLOTLY_CSS_PATH)
def plotly_stylesheet():
    """plotly.js's own rules as a stylesheet (see the module docstring), cacheable for a day."""
    bundle = plotly_bundle()
    if bundle is None:
        abort(404, description="plotly.js is not installed (pip install plotly)")
    try:
        css = plotly_css(bundle, bundle.stat().st_mtime)
    except ValueError as err:
        abort(404, description=str(err))
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=86400"})


@bp.get(MAPS_CSS_PATH)
def maps_stylesheet():
    """The map library's stylesheet from the bundle (see the module docstring)."""
    maps = _maps_style()
    if maps is None:
        abort(404, description="no map stylesheet in the installed plotly.js")
    return Response(maps[1], mimetype="text/css",
                    headers={"Cache-Control": "public, max-age=86400"})

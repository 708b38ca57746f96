"""The dashboard: canned questions with forms, tables and charts, for people who write no SPARQL.

The page itself is static; it asks the query API (``server/api.py``) for every answer. Its one
third-party script, plotly.js, is served from the installed ``plotly`` Python package, so the
dashboard needs no network beyond this server and the repository holds no copy of it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file

from newskg import queries as catalog

bp = Blueprint("dashboard", __name__)

#: Where the page loads plotly.js from (this server, never a CDN).
PLOTLY_PATH = "/dashboard/vendor/plotly.min.js"


def plotly_bundle() -> Path | None:
    """The minified plotly.js shipped inside the installed plotly package, if it is there."""
    try:
        candidate = resources.files("plotly") / "package_data" / "plotly.min.js"
    except ModuleNotFoundError:
        return None
    path = Path(str(candidate))
    return path if path.is_file() else None


@bp.get("/")
def index() -> str:
    """The dashboard page; the ingest form is rendered only when updates are enabled."""
    settings = current_app.config["NEWSKG"]
    config = {
        "dataBase": settings.data_base,
        "resourcePath": "/id/",
        "plotly": PLOTLY_PATH,
        # metadata, parameters and query text (for "open in SPARQL editor")
        "queries": [query.to_dict() for query in catalog.list_queries()],
    }
    return render_template(
        "dashboard.html", config=config, ingest_enabled=bool(settings.update_token)
    )


@bp.get(PLOTLY_PATH)
def plotly_js():
    """plotly.js from the installed package, cacheable for a day."""
    bundle = plotly_bundle()
    if bundle is None:
        abort(404, description="plotly.js is not installed (pip install plotly)")
    return send_file(bundle, mimetype="text/javascript", max_age=86400)

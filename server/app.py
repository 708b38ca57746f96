"""The Flask application factory: configuration in one place, one blueprint per concern."""

from __future__ import annotations

from flask import Flask

from newskg.config import Settings


def create_app(settings: Settings | None = None, store=None) -> Flask:
    """Build the app over ``store`` (opened from ``settings`` when not given)."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["NEWSKG"] = settings
    if store is None:
        from newskg.graph.store import open_store

        store = open_store(settings.store_location)
    app.extensions["newskg_store"] = store

    from newskg.server import api, dashboard, linked_data, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(linked_data.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(dashboard.bp)
    return app

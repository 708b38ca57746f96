"""Full-text search over statements and actors (SQLite FTS5), kept in step with the store.

``SearchIndex`` (``index.py``) holds the index and answers queries; ``german.py`` folds and
tokenises German text and translates the query language; ``sparql.py`` exposes the index to
SPARQL as custom functions that the evaluating process answers itself (never a SERVICE call).
"""

"""The guard's answer without a parse, for the queries that cannot name anything foreign.

The guard (``guard.py``) refuses SERVICE targets and dataset clauses (FROM, FROM NAMED)
that name anything outside the store, and updates sent to /sparql. It decides on rdflib's
parse tree, which costs 10–50 ms of pure Python per query: more than Oxigraph needs to
answer most of them. But a SERVICE or FROM clause needs its keyword in the text: if,
after nothing else than lower-casing, the text contains neither ``service`` nor ``from``
anywhere (inside strings, IRIs and comments included, so no lexer has to be trusted) and
no ``\\u``/``\\U`` escape (which could spell a keyword), then no parse can find one, and
the only facts left to report are the query form and that nothing foreign is named.

The form is read from the first form keyword outside strings, IRIs and comments. A text
that is not a valid query, or an update, is then refused by pyoxigraph's own parser when
the worker evaluates it (a 400 with its message); pyoxigraph's ``query`` never executes an
update. Anything else (a text with ``from`` or ``service`` anywhere, an escape, no form
keyword, an update keyword) goes to the full parse, as before.
"""

from __future__ import annotations

from newskg.graph.store.sparql_text import QUERY_FORMS, tokens

#: Words that only an update uses; a text with one of them gets the full parse.
UPDATE_WORDS = frozenset(("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
                          "MOVE", "ADD", "WITH", "USING"))


def quick_form(text: str) -> str | None:
    """The query form when ``text`` cannot name a SERVICE or a dataset; else None."""
    lowered = text.lower()
    if "service" in lowered or "from" in lowered or "\\u" in lowered:
        return None
    form = None
    for token in tokens(text):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in UPDATE_WORDS:
            return None
        if form is None and word in QUERY_FORMS:
            form = word
    return form

"""The guard's answer without a parse, for the texts that provably cannot name anything foreign.

The guard (``guard.py``) refuses SERVICE targets and dataset clauses (FROM, FROM NAMED) that
name anything outside the store, LOAD, and updates sent to /sparql. It decides on rdflib's
parse tree, which costs 10–50 ms of pure Python per query: more than Oxigraph needs to
answer most of them. The shortcut here is taken only when no parse could find anything to
decide on, by this argument over the SPARQL 1.1 grammar:

1. The only constructs that make an evaluator dereference an IRI are ``SERVICE`` (queries
   and updates), the dataset clauses ``FROM``/``FROM NAMED``, and in updates ``LOAD``,
   ``USING``, ``WITH`` and the ``GRAPH`` of ``CREATE``/``COPY``/``MOVE``/``ADD`` (the last
   ones only name graphs of the store, but are kept out of the shortcut all the same). Each
   is introduced by its keyword, which must occur in the text (grammar, §19.8).
2. Keywords are matched case-insensitively and consist of ASCII letters only; nothing else
   may sit inside one (no comment, no whitespace, no escape: ``PN_LOCAL_ESC`` and ``ECHAR``
   do not exist in keywords, and ``%XX`` is taken literally in prefixed names).
3. The one way to write a keyword without its letters is a codepoint escape (``\\uXXXX``,
   ``\\UXXXXXXXX``, which SPARQL 1.1 §19.2 lets a processor expand before parsing; pyoxigraph
   expands them only inside IRIs and strings, rdflib everywhere). A text with a backslash
   followed by ``u`` or ``U`` anywhere goes to the parse.
4. So a text in which none of the words ``service``, ``from``, ``load``, ``using``, ``with``,
   ``graph`` occurs in any letter case, anywhere (inside strings, IRIs and comments too, so
   that no lexer has to be trusted), and no codepoint escape, contains none of these
   constructs for any parser. "In any letter case" is checked on the lower-cased text and
   on the upper- then lower-cased text, so that a parser that matches with Unicode case
   mapping (rdflib reads ``ſERVICE``, with a long s, as SERVICE; ``ı`` and the ligatures map
   to ASCII letters the same way) is covered too.

The form is read from the first form keyword outside strings, IRIs and comments; a wrong
guess could only pick a wrong result format, never let anything be fetched. The remaining
update words (INSERT, DELETE, …) also send a text to the full parse, for its clearer message;
pyoxigraph's ``query`` never executes an update and refuses any text it cannot read, so on
the embedded store it has the last word on syntax. For a remote store the shortcut is not
used (``guard.inspect(quick=False)``): its parser may accept extensions this argument knows
nothing of, so there the full parse must read the text first.
"""

from __future__ import annotations

from newskg.graph.store.sparql_text import QUERY_FORMS, tokens

#: Substrings that send a text to the full parse (see the module docstring, point 4).
FOREIGN_WORDS = ("service", "from", "load", "using", "with", "graph")
#: Words that only an update uses; a text with one of them gets the full parse.
UPDATE_WORDS = frozenset(("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
                          "MOVE", "ADD", "WITH", "USING"))


def may_name_foreign(text: str) -> bool:
    """True unless ``text`` provably holds no construct that could name a foreign IRI."""
    for folded in (text.lower(), text.upper().lower()):
        if "\\u" in folded or any(word in folded for word in FOREIGN_WORDS):
            return True
    return False


def quick_form(text: str) -> str | None:
    """The query form when ``text`` cannot name a SERVICE, a dataset or a LOAD; else None."""
    if may_name_foreign(text):
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

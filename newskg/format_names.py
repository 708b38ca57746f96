"""The ``--format`` choices of ``newskg query`` and ``newskg export``, by name.

Names only, so that building the command line's parser imports nothing heavy (pyoxigraph
would add ~7 ms of CPU and 10 MiB to every ``newskg`` start, measured). The formats behind
the names are ``newskg.graph.rdf.formats``; ``newskg.output`` writes them.
"""

#: ``newskg query``: the table for people, then SPARQL results formats and RDF syntaxes.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld")
#: ``newskg export``: each RDF syntax pyoxigraph writes.
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")

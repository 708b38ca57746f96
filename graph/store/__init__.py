"""Storage: named graphs per document in an embedded pyoxigraph store or on a SPARQL 1.1 server,
behind one interface, with the dataset version and ontology bookkeeping both share."""

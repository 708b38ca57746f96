"""The RDF mapping: an Analysis to triples in newskg's ontology (the one place that knows its
terms), the IRIs newskg mints, and validation against the SHACL shapes and OWL RL."""

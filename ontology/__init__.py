"""The ontology files (OWL and SHACL) shipped with newskg."""

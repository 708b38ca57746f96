"""The IRIs newskg's graph is built on: the ontology, its kinds and the default data base.

They live here, in the graph layer, so that the mapping and the stores need nothing from the
command line; the server, the query catalog and the CLI import them from here too.
"""

#: Namespace of the ontology's terms.
ONTOLOGY_NS = "https://w3id.org/newskg/ontology#"
#: IRI of the ontology itself (also the named graph that holds it in a store).
ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
#: Namespace of the statement-kind SKOS concepts (``<KIND_NS>denial``).
KIND_NS = "https://w3id.org/newskg/kind/"
#: Default base of the data IRIs that newskg mints; the server serves ``<base>X`` at ``/id/X``.
DEFAULT_DATA_BASE = "https://w3id.org/newskg/id/"

"""The SPARQL endpoint and web app."""

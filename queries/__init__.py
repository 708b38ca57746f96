"""Canned SPARQL queries."""

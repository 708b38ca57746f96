"""The pipeline, composed in one place: text -> mentions -> statements -> time -> Analysis."""

from __future__ import annotations

from newskg.graph.model import Analysis, Document


def analyze(document: Document) -> Analysis:
    """Run every stage over ``document`` and return what was found."""
    return Analysis(document=document)

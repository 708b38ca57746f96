"""The pipeline, composed in one place.

text -> mentions -> quantities -> times -> statements (+ coreference) -> each statement's
date, numbers and mentioned actors -> events. Every stage is a function over the
dataclasses of :mod:`newskg.graph.model`; this module only orders them and checks the input,
so that text which is not German news yields warnings rather than a crash or a hang.
"""

from __future__ import annotations

import re

from newskg.graph.actors.mentions import find_mentions, place_names
from newskg.graph.attribution.decide import decide_speakers
from newskg.graph.facts.dates import CONTINUATION_CUES, attach_times  # noqa: F401 - re-exported
from newskg.graph.facts.events import find_events
from newskg.graph.facts.numbers import find_quantities
from newskg.graph.facts.time import find_time_expressions
from newskg.graph.model import Analysis, Document
from newskg.graph.statements.extract import find_statements
from newskg.graph.statements.kinds import decide_kinds
from newskg.graph.text.tokens import tokenize_document
from newskg.graph.version import extractor_version

#: Text beyond this many characters is not analysed (a news article is far shorter).
MAX_ANALYSED_CHARS = 200_000

_GERMAN_WORDS = {
    "der", "die", "das", "und", "ist", "nicht", "sie", "er", "mit", "den", "von", "zu",
    "ein", "eine", "auf", "dass", "für", "im", "sich", "des", "dem", "wurde", "auch", "sagte",
}
_ENGLISH_WORDS = {"the", "and", "of", "to", "is", "that", "said", "was", "for", "with", "it"}
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def check_input(text: str) -> list[str]:
    """Warnings about text that does not look like a German news article."""
    warnings: list[str] = []
    if not text.strip():
        return ["empty text: nothing to analyse"]
    if len(text) > MAX_ANALYSED_CHARS:
        warnings.append(
            f"text has {len(text):,} characters; only the first {MAX_ANALYSED_CHARS:,} "
            "are analysed"
        )
    sample = text[:MAX_ANALYSED_CHARS]
    if len(_MARKUP.findall(sample[:50_000])) > 5:
        warnings.append("text contains HTML/XML markup; extract the article text first")
    words = re.findall(r"[^\W\d_]+", sample[:50_000].lower())
    if len(words) < 0.2 * max(1, len(sample[:50_000].split())):
        warnings.append("text is mostly numbers or symbols, not prose")
    elif words:
        german = sum(w in _GERMAN_WORDS for w in words)
        english = sum(w in _ENGLISH_WORDS for w in words)
        if len(words) >= 20 and german < 0.05 * len(words) and english > german:
            warnings.append("text does not look German (English?); German is supported")
        elif len(words) >= 20 and german < 0.03 * len(words):
            warnings.append("text does not look like German prose")
    return warnings


def analyze(document: Document, learned: bool = True) -> Analysis:
    """Run every stage over ``document`` and return what was found.

    The rules find statements, propose speakers and kinds; with ``learned`` (the default)
    the trained models shipped in the package decide among the proposals. ``newskg train``
    builds those models from rules-only analyses (``learned=False``).
    """
    analysis = Analysis(document=document, extractor=extractor_version() if learned else
                        "rules")
    analysis.warnings.extend(check_input(document.text))
    if not document.text.strip():
        return analysis
    full_text = document.text
    if len(full_text) > MAX_ANALYSED_CHARS:
        document.text = full_text[:MAX_ANALYSED_CHARS]
    try:
        tokenize_document(document)
        mentions, actors = find_mentions(document)
        analysis.mentions, analysis.actors = mentions, actors
        analysis.places = place_names(mentions)
        analysis.quantities = find_quantities(document)
        analysis.times = find_time_expressions(document)
        statements = find_statements(document, mentions, actors)
        if learned:
            analysis.actors = decide_speakers(document, statements, mentions, actors)
    finally:
        document.text = full_text
    decide_kinds(document, statements, analysis.actors, learned=learned)
    attach_times(statements, analysis.times, document.text, document.published)
    for statement in statements:
        span = statement.content
        statement.quantities = [
            q for q in analysis.quantities if span.start <= q.start and q.end <= span.end
        ]
        named = [
            m.actor for m in mentions
            if m.actor and span.start <= m.start and m.end <= span.end
            and m.actor != statement.speaker
        ]
        statement.mentioned = list(dict.fromkeys(named))
    analysis.statements = statements
    analysis.events = find_events(analysis)
    if not statements and not analysis.warnings:
        analysis.warnings.append("no attributed statements found")
    return analysis

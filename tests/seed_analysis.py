"""The seed article's Analysis, built by hand from the gold reading (tests/data/seed-gold.json).

The RDF mapping, the shapes and the reasoners are tested on this instead of the extraction
pipeline's output, so they can be tested without NLP. Offsets are found by searching the gold
strings in the text; nothing here is hand-written RDF.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from newskg.graph.model import (
    Actor,
    Analysis,
    Document,
    Event,
    Mention,
    Quantity,
    Role,
    Sentence,
    Span,
    Statement,
    TimeExpression,
)

DATA = Path(__file__).resolve().parent / "data"
SEED_TEXT = DATA / "nordkorea-soldaten-russland.txt"
SEED_GOLD = DATA / "seed-gold.json"
SEED_ID = "nordkorea-soldaten-russland"
PUBLISHED = date(2024, 10, 24)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])|\n")


def load_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences by a plain rule (full stop before a capital, or a line break)."""
    sentences, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[start : match.start()].strip():
            sentences.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, len(text.rstrip())))
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(sentences)]


def nearest(text: str, needle: str, span: Span, window: Span | None = None) -> Span:
    """The whole-word occurrence of ``needle`` closest to ``span``, inside ``window``."""
    best: tuple[int, Span] | None = None
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    lo, hi = (window.start, window.end) if window else (0, len(text))
    for match in pattern.finditer(text, lo, hi):
        if match.end() <= span.start:
            distance = span.start - match.end()
        elif match.start() >= span.end:
            distance = match.start() - span.end
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, Span(match.start(), match.end()))
    if best is None:
        raise AssertionError(f"{needle!r} does not occur in the seed text")
    return best[1]


def _interval(value: str) -> tuple[date, date]:
    first, _, last = value.partition("/")
    return date.fromisoformat(first), date.fromisoformat(last or first)


def _actors(gold: dict) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for person in gold["persons"]:
        roles = [Role(r["title"], r["organization"]) for r in person["roles"]]
        actors[person["name"]] = Actor(person["name"], "person", set(person["aliases"]), roles)
    for org in gold["organizations"]:
        aliases = {a for a in org.get("aliases", []) if not a.startswith("die ")}
        actors[org["name"]] = Actor(org["name"], org["type"], aliases,
                                    part_of=org.get("part_of"), country=org.get("country"))
    for state in gold["countries_or_governments"]:
        actors[state["name"]] = Actor(state["name"], "country_or_government",
                                      set(state["aliases"]))
    return actors


def _mentioned(content: str, actors: dict[str, Actor]) -> list[str]:
    names = []
    for actor in actors.values():
        for form in sorted({actor.name, *actor.aliases}):
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", content):
                names.append(actor.name)
                break
    return sorted(names)


def _sentence_of(sentences: list[Sentence], offset: int) -> int:
    return next(s.index for s in sentences if s.start <= offset < s.end)


def seed_analysis() -> Analysis:
    """The gold reading of the seed article as pipeline dataclasses."""
    gold = load_gold()
    text = SEED_TEXT.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    document = Document(SEED_ID, text, title=text.split("\n", 1)[0], published=PUBLISHED,
                        source="https://example.org/news/nordkorea-soldaten-russland",
                        sentences=sentences)
    actors = _actors(gold)
    analysis = Analysis(document=document, actors=actors, places=list(gold["places"]))
    previous_time: TimeExpression | None = None
    for item in gold["statements"]:
        start = text.index(item["content"])
        content = Span(start, start + len(item["content"]))
        window = Span(sentences[_sentence_of(sentences, content.start)].start,
                      sentences[_sentence_of(sentences, content.end - 1)].end)
        mention_span = nearest(text, item["mention"], content, window)
        sentence = _sentence_of(sentences, mention_span.start)
        mention = Mention(mention_span.start, mention_span.end, item["mention"], sentence,
                          item["speaker_type"], actor=item["speaker"])
        cue_spans = [nearest(text, part, content, window) for part in item["cue"].split(" ... ")]
        time = None
        if item["date_text"]:
            at = nearest(text, item["date_text"], content, window)
            begin, end = _interval(item["date"])
            time = TimeExpression(item["date_text"], at.start, at.end, sentence, begin, end,
                                  "day" if begin == end else "interval")
            analysis.times.append(time)
        elif item["date"]:
            assert previous_time is not None
            time = TimeExpression("", None, None, None, previous_time.begin,
                                  previous_time.end_date, previous_time.granularity, True)
        previous_time = time or previous_time
        quantities = []
        for number in item["numbers"]:
            numeral = f"{number['value']:,}".replace(",", ".")
            at = nearest(text, numeral, content)
            quantities.append(Quantity(float(number["value"]), at.start, at.end, numeral,
                                       sentence, number["unit"], number.get("qualifier")))
        analysis.quantities.extend(quantities)
        analysis.mentions.append(mention)
        analysis.statements.append(Statement(
            speaker=item["speaker"], mention=mention, cue=item["cue"],
            cue_lemma="", kind=item["kind"],  # the gold gives no lemma
            direct_quote=item["direct_quote"], content=content, content_text=item["content"],
            sentence=sentence, cue_spans=cue_spans, addressee=item.get("addressee"),
            time=time, quantities=quantities, mentioned=_mentioned(item["content"], actors)))
    analysis.events = _events(text, sentences, analysis)
    return analysis


def _events(text: str, sentences: list[Sentence], analysis: Analysis) -> list[Event]:
    treaty_label = "Vertrag über eine umfassende strategische Partnerschaft"
    treaty = Span(text.index(treaty_label), text.index(treaty_label) + len(treaty_label))
    june = nearest(text, "im Juni", treaty)
    june_time = TimeExpression("im Juni", june.start, june.end,
                               _sentence_of(sentences, june.start),
                               date(2024, 6, 1), date(2024, 6, 30), "month")
    analysis.times.append(june_time)
    briefing_at = text.index("Briefing")
    briefing_time = next(t for t in analysis.times if t.text == "später am Mittwochnachmittag")
    return [
        Event("treaty", treaty_label, _sentence_of(sentences, treaty.start), treaty,
              ["Nordkorea", "Russland"], place="Pjöngjang", time=june_time),
        Event("briefing", "Briefing", _sentence_of(sentences, briefing_at),
              Span(briefing_at, briefing_at + len("Briefing")), ["John Kirby"],
              time=briefing_time),
    ]

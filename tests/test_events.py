"""Events: treaties signed, visits, briefings, meetings (graph/events.py)."""

import json
from datetime import date
from pathlib import Path

from newskg.graph.actors.mentions import find_mentions
from newskg.graph.facts.events import find_events
from newskg.graph.facts.time import find_time_expressions
from newskg.graph.model import Analysis, Document
from newskg.graph.text.tokens import tokenize_document

DATA = Path(__file__).parent / "data"


def events_of(text: str, published: date = date(2024, 10, 24)):
    document = Document(id="t", text=text, published=published)
    tokenize_document(document)
    mentions, actors = find_mentions(document)
    analysis = Analysis(
        document=document, actors=actors, mentions=mentions,
        times=find_time_expressions(document),
    )
    return find_events(analysis)


def test_seed_events_match_the_gold():
    gold = json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))
    events = events_of((DATA / "nordkorea-soldaten-russland.txt").read_text(encoding="utf-8"))
    treaty = next(e for e in events if e.kind == "treaty")
    gold_treaty = gold["events"][0]
    assert gold_treaty["what"].startswith(treaty.label)
    assert treaty.participants == gold_treaty["participants"]
    assert treaty.time.text == gold_treaty["date_text"]
    assert treaty.time.begin.isoformat()[:7] == gold_treaty["date"]
    briefing = next(e for e in events if e.kind == "briefing")
    assert briefing.participants == gold["events"][1]["participants"]
    assert briefing.time.text == gold["events"][1]["date_text"]
    assert briefing.time.begin.isoformat() == gold["events"][1]["date"]
    visit = next(e for e in events if e.kind == "visit")
    assert visit.participants == ["Wladimir Putin"] and visit.place == "Pjöngjang"
    assert len(events) == 3


def test_agreement_and_meeting_in_general_news():
    events = events_of(
        "Die Europäische Union und Kanada unterzeichneten am Montag ein Abkommen über den "
        "Freihandel. Bundeskanzler Olaf Scholz traf sich am Dienstag mit Emmanuel Macron in "
        "Paris."
    )
    agreement = next(e for e in events if e.kind == "agreement")
    assert agreement.label == "Abkommen über den Freihandel"
    assert agreement.participants == ["Europäische Union", "Kanada"]
    assert agreement.time.begin == date(2024, 10, 21)
    meeting = next(e for e in events if e.kind == "meeting")
    assert set(meeting.participants) >= {"Olaf Scholz", "Emmanuel Macron"}
    assert meeting.place == "Paris"


def test_no_events_in_plain_statements():
    assert events_of("Kirby sagte, die USA wüssten nichts.") == []


def test_signings_visits_and_press_conferences_in_other_wordings():
    events = events_of(
        "Deutschland und Frankreich haben gestern einen Vertrag zur Zusammenarbeit geschlossen. "
        "Die Ukraine und Russland vereinbarten eine Waffenruhe. "
        "Bundeskanzler Olaf Scholz besuchte am Dienstag Kiew. "
        "Auf einer Pressekonferenz in Berlin sagte Scholz, es gehe voran."
    )
    summary = [(e.kind, e.label, e.participants, e.place) for e in events]
    assert summary == [
        ("treaty", "Vertrag zur Zusammenarbeit", ["Deutschland", "Frankreich"], None),
        ("agreement", "Waffenruhe", ["Ukraine", "Russland"], None),
        ("visit", "Besuch in Kiew", ["Olaf Scholz"], "Kiew"),
        ("briefing", "Pressekonferenz", ["Olaf Scholz"], "Berlin"),
    ]
    assert events[0].time.begin == date(2024, 10, 23)


def test_odd_text_does_not_break_any_stage():
    import random

    from newskg.graph.facts.numbers import find_quantities

    rng = random.Random(7)
    pieces = ["„", "“", "(", ")", ",", ".", "3.000", "2:1", "Dr.", "des", "der", "Sprecher",
              "Kreml", "Washington", "am", "Mittwoch", "vor", "zwei", "Wochen", "später", "Anfang",
              "Vertrag", "unterzeichneten", "Besuch", "in", "Kiew", "Olaf", "Scholz", "(SPD)",
              "Firma", "X", "-", "§", "mindestens", "Millionen", "Stadt", "Berliner", "Polizei"]
    for _ in range(30):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        events = events_of(text)
        for quantity in find_quantities(Document(id="t", text=text)):
            assert text[quantity.start : quantity.end] == quantity.text
        for event in events:
            assert 0 <= event.span.start <= event.span.end <= len(text)
            assert event.kind in ("treaty", "agreement", "visit", "briefing", "meeting")

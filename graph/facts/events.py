"""Events (competency question 10): treaties signed, visits, briefings, meetings.

Rules over one sentence at a time: a signing verb with a treaty noun ("unterzeichneten …
einen Vertrag über …"), a visit noun or verb ("während eines Besuchs des … in …"), a briefing
or press conference ("In einem Briefing …"), a meeting ("trafen sich", "Treffen mit …").
Participants are the actors mentioned, the place a place mentioned, the date the date
expression of the same sentence.
"""

from __future__ import annotations

import re

from newskg.graph.actors.gazetteer import gazetteer
from newskg.graph.actors.mentions import place_name
from newskg.graph.model import Analysis, Event, Mention, Sentence, Span, TimeExpression

_SIGNING_LEMMAS = {"unterzeichnen", "unterschreiben", "schließen", "ratifizieren", "paraphieren",
                   "vereinbaren", "besiegeln"}
#: Stems of signing verbs whose forms taggers read as adjectives ("vereinbarten").
_SIGNING_STEMS = ("unterzeichne", "unterschrieb", "ratifizier", "paraphier", "vereinbart",
                  "besiegelt")
_TREATY_NOUNS = re.compile(
    r"(?P<noun>\w*(?:Vertrag|Verträge|Abkommen|Vereinbarung|Pakt|Memorandum|Waffenstillstand|"
    r"Waffenruhe|Absichtserklärung|Partnerschaftsabkommen))\b"
)
_AGREEMENT_WORDS = ("Abkommen", "Vereinbarung", "Memorandum", "Absichtserklärung", "Waffenruhe",
                    "Waffenstillstand")
_BRIEFING = re.compile(
    r"\b(?:[Ii]n|[Bb]ei|[Aa]uf|[Ww]ährend)\s+(?:einem|einer|der|dem|seinem|seiner|ihrem|ihrer)\s+"
    r"(?:\w+\s+)?(?P<noun>Briefing|Pressebriefing|Medienbriefing|Pressekonferenz|"
    r"Pressegespräch|Treffen|Gipfel|Gipfeltreffen|Sitzung|Konferenz|Gespräch)\b"
)
_MEETING_NOUNS = {"Treffen", "Gipfel", "Gipfeltreffen", "Sitzung", "Konferenz", "Gespräch"}
_VISIT = re.compile(r"\bBesuch(?:s|es|e)?\s+(?:des|der|von)\s+")
_ACTOR_TYPES = ("person", "organization", "country_or_government", "media")


def find_events(analysis: Analysis) -> list[Event]:
    """The events of one analysed document, in text order."""
    events: list[Event] = []
    for sentence in analysis.document.sentences:
        mentions = [m for m in analysis.mentions if m.sentence == sentence.index]
        time = _time_in(analysis.times, sentence.index)
        events.extend(_signings(sentence, mentions, time))
        events.extend(_visits(sentence, mentions, time))
        events.extend(_briefings(sentence, mentions, time))
        events.extend(_meetings(sentence, mentions, time))
    events.sort(key=lambda e: e.span.start)
    return events


def _time_in(times: list[TimeExpression], sentence: int) -> TimeExpression | None:
    return next((t for t in times if t.sentence == sentence and t.begin is not None), None)


def _actors(mentions: list[Mention], start: int, end: int) -> list[str]:
    names: list[str] = []
    for mention in mentions:
        inside = start <= mention.start < end and mention.type in _ACTOR_TYPES
        if inside and mention.actor and mention.actor not in names:
            names.append(mention.actor)
    return names


def _place(mentions: list[Mention], start: int = 0) -> str | None:
    return next((place_name(m) for m in mentions if m.type == "place" and m.start >= start), None)


def _signings(sentence: Sentence, mentions, time) -> list[Event]:
    verbs = [
        t for t in sentence.tokens
        if (t.lemma in _SIGNING_LEMMAS and t.pos.startswith("VV"))
        or (t.text.islower() and t.text.startswith(_SIGNING_STEMS))
    ]
    if not verbs:
        return []
    verb = verbs[0]
    offset = sentence.start
    match = None
    for candidate in _TREATY_NOUNS.finditer(sentence.text):
        match = candidate
        if offset + candidate.start() > verb.start:
            break
    if match is None:
        return []
    rest = sentence.text[match.start() :]
    phrase = re.match(r"\w+(?:\s+(?:über|zur|zum|zu|mit|zwischen)\s+[^,.;:„“\"]+)?", rest)
    label = _trim_phrase(phrase.group(0), sentence, offset + match.start())
    kind = "agreement" if any(w in match.group("noun") for w in _AGREEMENT_WORDS) else "treaty"
    subject_end = min(verb.start, offset + match.start())
    participants = _actors(mentions, sentence.start, subject_end)
    visit_start = _VISIT.search(sentence.text)
    if visit_start is not None:
        participants = [
            p for p in participants
            if p not in _actors(mentions, offset + visit_start.start(), sentence.end)
        ] or participants
    return [
        Event(
            kind=kind,
            label=label,
            sentence=sentence.index,
            span=Span(min(verb.start, offset + match.start()),
                      max(verb.end, offset + match.start() + len(label))),
            participants=participants,
            place=_place(mentions),
            time=time,
        )
    ]


def _trim_phrase(phrase: str, sentence: Sentence, begin: int) -> str:
    """Cut a label before a verb or a clause: "Vertrag zur Zusammenarbeit geschlossen"."""
    end = begin + len(phrase)
    for token in sentence.tokens:
        if begin < token.start < end and (token.pos.startswith(("V", "$")) or token.pos in (
            "KOUS", "PRELS", "PTKZU", "ADV", "ADJD"
        )):
            end = token.start
            break
    return sentence.text[begin - sentence.start : end - sentence.start].strip()


def _visits(sentence: Sentence, mentions, time) -> list[Event]:
    events: list[Event] = []
    for match in _VISIT.finditer(sentence.text):
        start = sentence.start + match.start()
        tail = sentence.text[match.end() :]
        stop = re.search(r"[,;:.]|\s(?:einen|eine|ein|und|unterzeichneten)\s", tail)
        end = sentence.start + match.end() + (stop.start() if stop else len(tail))
        visitors = _actors(mentions, start, end)
        place = _place([m for m in mentions if start <= m.start < end])
        events.append(
            Event(
                kind="visit",
                label="Besuch " + sentence.text[match.end() - len(match.group(0).split()[-1]) - 1
                                                 : end - sentence.start].strip(),
                sentence=sentence.index,
                span=Span(start, end),
                participants=visitors,
                place=place,
                time=time,
            )
        )
    for token in sentence.tokens:
        if token.lemma == "besuchen" and token.pos == "VVFIN" and not events:
            visitors = _actors(mentions, sentence.start, token.start)
            places = [m for m in mentions if m.start > token.start]
            target = next((m for m in places if m.type in ("place", "country_or_government")),
                          None)
            place = _place_name(target)
            events.append(
                Event(
                    kind="visit",
                    label=f"Besuch in {place}" if place else "Besuch",
                    sentence=sentence.index,
                    span=Span(sentence.start, sentence.end),
                    participants=visitors,
                    place=place,
                    time=time,
                )
            )
    return events


def _place_name(mention: Mention | None) -> str | None:
    """A visited place: a capital by its own name ("Kiew"), else the mentioned place."""
    if mention is None:
        return None
    entry = gazetteer().surface.get(mention.text)
    if entry is not None and entry.capital_of:
        return entry.name
    return place_name(mention) or mention.actor


def _briefings(sentence: Sentence, mentions, time) -> list[Event]:
    events: list[Event] = []
    for match in _BRIEFING.finditer(sentence.text):
        noun = match.group("noun")
        start = sentence.start + match.start()
        participants = [
            m.actor for m in mentions if m.type == "person" and m.start >= start and m.actor
        ][:1] or _actors(mentions, sentence.start, sentence.end)[:1]
        events.append(
            Event(
                kind="meeting" if noun in _MEETING_NOUNS else "briefing",
                label=noun,
                sentence=sentence.index,
                span=Span(start, sentence.start + match.end()),
                participants=participants,
                place=_place_after(sentence, match.end()),
                time=time,
            )
        )
    return events


def _place_after(sentence: Sentence, offset: int) -> str | None:
    """The place of "Pressekonferenz in Berlin": a known place right after the noun."""
    follow = re.match(r"\s+in\s+(?:der\s+|dem\s+)?(\w[\w-]*)", sentence.text[offset:offset + 60])
    if follow is None:
        return None
    entry = gazetteer().surface.get(follow.group(1))
    return entry.name if entry is not None and entry.type == "place" else None


def _meetings(sentence: Sentence, mentions, time) -> list[Event]:
    for i, token in enumerate(sentence.tokens):
        if token.lemma != "treffen" or not token.pos.startswith("VV"):
            continue
        following = {t.text for t in sentence.tokens[i + 1 : i + 4]}
        if "sich" not in following and "mit" not in {t.text for t in sentence.tokens[i:]}:
            continue
        return [
            Event(
                kind="meeting",
                label="Treffen",
                sentence=sentence.index,
                span=Span(sentence.start, sentence.end),
                participants=_actors(mentions, sentence.start, sentence.end),
                place=_place(mentions, token.start),
                time=time,
            )
        ]
    return []

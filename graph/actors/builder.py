"""The mentions and actors found so far in one document, shared by the finders that add to them.

:mod:`newskg.graph.actors.mentions` runs the gazetteer and organisation finders and
:mod:`newskg.graph.actors.persons` the person finder over each sentence; both add to one
``MentionBuilder``, which mints each actor once (linked to its state and parent organisation
from the gazetteer) and remembers which tokens a mention already covers.
"""

from __future__ import annotations

from newskg.graph.actors.gazetteer import Entry, gazetteer
from newskg.graph.model import Actor, Document, Mention


class MentionBuilder:
    """Collects mentions and actors for one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.mentions: list[Mention] = []
        self.actors: dict[str, Actor] = {}
        self.surnames: dict[str, str] = {}
        self.covered: set[int] = set()  # starts of tokens that mentions already cover

    def actor(self, name: str, type_: str, alias: str | None = None) -> Actor:
        actor = self.actors.get(name)
        if actor is None:
            actor = self.actors[name] = Actor(name=name, type=type_)
            entry = gazetteer().surface.get(name)
            if entry is not None and entry.name == name:
                self._link(actor, entry)
        if alias and alias != name:
            actor.aliases.add(alias)
        return actor

    def _link(self, actor: Actor, entry: Entry) -> None:
        if entry.country and entry.country != actor.name:
            actor.country = entry.country
            self.actor(entry.country, "country_or_government")
        if entry.part_of:
            actor.part_of = entry.part_of
            parent = gazetteer().surface.get(entry.part_of)
            self.actor(entry.part_of, parent.type if parent else "organization")

    def add(self, start: int, end: int, sentence: int, type_: str, actor: str | None) -> Mention:
        mention = Mention(start, end, self.document.text[start:end], sentence, type_, actor)
        self.mentions.append(mention)
        return mention

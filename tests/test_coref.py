"""Speakers to canonical actors: names, surnames, pronouns and definite descriptions."""

from newskg.graph.actors.coref import resolve_speakers
from newskg.graph.model import Actor, Document, Mention, Role
from newskg.graph.statements.extract import find_statements
from newskg.graph.text.tokens import tokenize_document


def analyse(
    text: str, named: dict[str, tuple[str, str]], roles: dict[str, str] | None = None
) -> tuple[list, dict[str, Actor]]:
    """Statements of ``text`` with hand-made actor mentions: surface form -> (actor, type)."""
    document = Document(id="c", text=text)
    tokenize_document(document)
    actors: dict[str, Actor] = {}
    for name, title in (roles or {}).items():
        actors[name] = Actor(name=name, type="person", roles=[Role(title)])
    mentions: list[Mention] = []
    for surface, (name, kind) in named.items():
        actors.setdefault(name, Actor(name=name, type=kind))
        start = text.find(surface)
        while start >= 0:
            sentence = next(s.index for s in document.sentences if s.start <= start < s.end)
            mentions.append(Mention(start, start + len(surface), surface, sentence, kind, name))
            start = text.find(surface, start + 1)
    return find_statements(document, mentions, actors), actors


def test_pronoun_resolves_to_the_latest_person_speaker() -> None:
    statements, _ = analyse(
        "Verteidigungsminister Lloyd Austin sagte, die Lage sei ernst. "
        "Er fügte hinzu, dass weitere Hilfe komme.",
        {"Lloyd Austin": ("Lloyd Austin", "person")},
    )
    assert [s.speaker for s in statements] == ["Lloyd Austin", "Lloyd Austin"]
    assert statements[1].mention.text == "Er" and statements[1].mention.type == "pronoun"


def test_description_resolves_to_an_organization() -> None:
    statements, _ = analyse(
        "Südkoreas Geheimdienst NIS behauptete, Truppen seien unterwegs. "
        "„Sie werden bald kämpfen“, fügte die Agentur hinzu.",
        {"NIS": ("NIS", "organization")},
    )
    assert [s.speaker for s in statements] == ["NIS", "NIS"]
    assert statements[1].mention.text == "die Agentur"
    assert statements[1].mention.type == "description"


def test_description_with_a_role_keyword_picks_the_matching_person() -> None:
    statements, _ = analyse(
        "Anna Kowalski sagte, die Schule sei fertig. Erich Nowak erklärte, sie sei teuer. "
        "Die Kosten seien gestiegen, bestätigte der Minister.",
        {"Anna Kowalski": ("Anna Kowalski", "person"), "Erich Nowak": ("Erich Nowak", "person")},
        roles={"Anna Kowalski": "Bauministerin"},
    )
    # "der Minister" is the latest speaker holding a minister's post, not the latest speaker
    assert [s.speaker for s in statements] == ["Anna Kowalski", "Erich Nowak", "Anna Kowalski"]


def test_surname_and_titles_give_the_canonical_name_without_mentions() -> None:
    statements, actors = analyse(
        "Bürgermeister Karl Kowalski sagte, die Brücke sei sicher. "
        "Kowalski betonte, dass sie im Mai öffne.",
        {},
    )
    assert [s.speaker for s in statements] == ["Karl Kowalski", "Karl Kowalski"]
    assert actors["Karl Kowalski"].type == "person"


def test_surname_mention_maps_to_the_full_name() -> None:
    statements, _ = analyse(
        "Lloyd Austin sagte, die Lage sei ernst. Austin fügte hinzu, dass Hilfe komme.",
        {"Lloyd Austin": ("Lloyd Austin", "person"), "Austin": ("Lloyd Austin", "person")},
    )
    assert [s.speaker for s in statements] == ["Lloyd Austin", "Lloyd Austin"]
    assert statements[1].mention.text == "Austin"


def test_metonym_mention_gives_the_state() -> None:
    statements, _ = analyse(
        "Pjöngjang hat die Berichte als „Gerüchte“ zurückgewiesen.",
        {"Pjöngjang": ("Nordkorea", "country_or_government")},
    )
    assert statements[0].speaker == "Nordkorea"
    assert statements[0].mention.type == "country_or_government"


def test_unresolvable_pronoun_is_reported() -> None:
    document = Document(id="c", text="Er sagte, es regne.")
    tokenize_document(document)
    statements = find_statements(document, [], {})
    warnings = resolve_speakers(document, statements, [], {})
    assert statements and any("unresolved pronoun" in w for w in warnings)


def test_demnach_refers_to_the_subject_of_the_sentence_before() -> None:
    statements, actors = analyse(
        "Die Polizei legte am Montag einen Bericht vor. Demnach wurden drei Menschen verletzt.", {}
    )
    assert len(statements) == 1
    assert statements[0].mention.text == "Demnach" and statements[0].cue_lemma == "demnach"
    assert statements[0].speaker == "Polizei" and "Polizei" in actors
    assert statements[0].content_text == "wurden drei Menschen verletzt"


def test_a_source_of_its_own_belongs_to_the_actor_named_before_it() -> None:
    statements, _ = analyse(
        "Die Beispielbank will nach eigenen Angaben im Mai eine Filiale eröffnen.",
        {"Beispielbank": ("Beispielbank", "organization")},
    )
    assert [(s.cue_lemma, s.speaker) for s in statements] == [("nach", "Beispielbank")]

"""Statement patterns on invented German sentences: cues, content spans, speakers, quotes."""

from itertools import pairwise

from newskg.graph.model import KINDS, UNNAMED_SOURCE, Document, Statement
from newskg.graph.statements.extract import cue_lexicon, find_statements
from newskg.graph.text.quotes import QuoteIndex
from newskg.graph.text.tokens import tokenize_document


def extract(text: str) -> list[Statement]:
    document = Document(id="t", text=text)
    tokenize_document(document)
    return find_statements(document)


def only(text: str) -> Statement:
    statements = extract(text)
    assert len(statements) == 1, [(s.speaker, s.content_text) for s in statements]
    return statements[0]


def test_lexicon_has_enough_cues_each_with_a_kind() -> None:
    lexicon = cue_lexicon()
    assert len(lexicon.verbs) >= 80
    assert all(cue.kind in KINDS for cue in lexicon.verbs.values())
    assert lexicon.verbs["zurückweisen"].kind == "denial"
    assert lexicon.verbs["hinzufügen"].particle == "hinzu"
    assert {"laut", "zufolge", "so"} <= set(lexicon.words)


def test_speaker_first_with_dass() -> None:
    s = only("Die Ministerin Anna Beispiel betonte am Dienstag, dass die Brücke im Mai fertig werde.")
    assert s.speaker == "Anna Beispiel"
    assert s.mention.text == "Die Ministerin Anna Beispiel"
    assert s.cue == "betonte" and s.cue_lemma == "betonen" and s.kind == "assertion"
    assert s.content_text == "dass die Brücke im Mai fertig werde"
    assert s.direct_quote == "none"


def test_inverted_reported_speech() -> None:
    s = only("Die Brücke werde im Mai fertig, sagte Bürgermeister Karl Muster.")
    assert s.speaker == "Karl Muster"
    assert s.content_text == "Die Brücke werde im Mai fertig"


def test_direct_quote_with_separable_verb_and_pronoun() -> None:
    statements = extract(
        "Bürgermeister Karl Muster warnte vor Staus. „Wir bauen so schnell wir können“, "
        "fügte er hinzu."
    )
    quote = statements[-1]
    assert quote.cue == "fügte ... hinzu" and quote.cue_lemma == "hinzufügen"
    assert quote.direct_quote == "full"
    assert quote.content_text == "Wir bauen so schnell wir können"
    assert quote.speaker == "Karl Muster"
    assert [(s.start, s.end) for s in quote.cue_spans] == [
        (m, m + len(w)) for w, m in (("fügte", statements[-1].cue_spans[0].start),
                                       ("hinzu", statements[-1].cue_spans[1].start))
    ]


def test_separable_verb_with_addressee_and_partial_quote() -> None:
    s = only("Am Abend teilte Kowalski Reportern mit, dass die Kosten „deutlich gestiegen“ seien.")
    assert s.cue == "teilte ... mit" and s.kind == "assertion"
    assert s.addressee == "Reportern"
    assert s.direct_quote == "partial"
    assert s.content_text == "dass die Kosten „deutlich gestiegen“ seien"


def test_perfect_tense_denial_with_object_content() -> None:
    s = only("Die Stadtverwaltung hat Berichte über Mängel als „haltlos“ zurückgewiesen.")
    assert s.cue == "hat ... zurückgewiesen" and s.cue_lemma == "zurückweisen"
    assert s.kind == "denial"
    assert s.content_text == "Berichte über Mängel als „haltlos“"


def test_according_to_frames() -> None:
    laut = only("Laut Polizei wurden drei Menschen leicht verletzt.")
    assert laut.cue_lemma == "laut" and laut.kind == "report"
    assert laut.content_text == "wurden drei Menschen leicht verletzt"
    zufolge = only("Der Feuerwehr zufolge brach das Feuer in der Küche aus.")
    assert zufolge.cue_lemma == "zufolge" and zufolge.mention.text == "Der Feuerwehr"
    assert zufolge.content_text == "brach das Feuer in der Küche aus"
    nach = only("Nach Angaben der Bahn fallen am Montag alle Züge aus.")
    assert nach.mention.text == "Angaben der Bahn"
    assert nach.content_text == "fallen am Montag alle Züge aus"


def test_so_frame_after_the_content() -> None:
    s = only("Die Lage sei ernst, so der Sprecher.")
    assert s.cue_lemma == "so" and s.content_text == "Die Lage sei ernst"


def test_quote_over_several_sentences_after_a_colon() -> None:
    text = "Die Trainerin Eva Beispiel sagte: „Wir haben gut gespielt. Das Team war stark.“"
    s = only(text)
    assert s.direct_quote == "full"
    assert s.content_text == "Wir haben gut gespielt. Das Team war stark."
    assert s.speaker == "Eva Beispiel"


def test_multi_sentence_quote_before_the_cue() -> None:
    statements = extract("„Wir sind bereit. Es kann losgehen“, sagte Trainer Otto Probe.")
    assert len(statements) == 1
    assert statements[0].content_text == "Wir sind bereit. Es kann losgehen"
    assert statements[0].direct_quote == "full"


def test_colon_introduces_a_quote_whatever_the_verb() -> None:
    s = only("Der Kapitän Jan Muster zeigte sich zufrieden: „Das war ein gutes Spiel.“")
    assert s.speaker == "Jan Muster" and s.direct_quote == "full"
    assert s.content_text == "Das war ein gutes Spiel."


def test_subjunctive_sentences_continue_the_previous_speaker() -> None:
    statements = extract(
        "Die Ministerin Anna Beispiel sagte, der Plan sei gut. Er koste wenig. "
        "Am Abend regnete es."
    )
    assert [s.content_text for s in statements] == ["der Plan sei gut", "Er koste wenig"]
    assert statements[1].speaker == "Anna Beispiel" and statements[1].cue_lemma == ""
    assert statements[1].cue == "koste"  # the subjunctive marks it as reported


def test_nested_cue_inside_content_is_not_a_statement_of_its_own() -> None:
    s = only("Der Sprecher Max Probe sagte, die Firma habe bestritten, Geld erhalten zu haben.")
    assert s.cue == "sagte"


def test_coordinated_cues_split_the_content() -> None:
    statements = extract("Anna Beispiel sagte, der Plan sei gut, und fügte hinzu, er koste wenig.")
    assert [s.content_text for s in statements] == ["der Plan sei gut", "er koste wenig"]
    assert {s.speaker for s in statements} == {"Anna Beispiel"}


def test_negated_object_cue_and_plain_narration_are_no_statements() -> None:
    assert extract("Den Zusammenhang konnte die Polizei zunächst nicht bestätigen.") == []
    assert extract("Am Montag regnete es in ganz Bayern. Die Straßen waren nass.") == []


def test_quote_index_pairs_german_and_straight_marks() -> None:
    text = 'Er sagte „ja“ und "nein" und »vielleicht«.'
    index = QuoteIndex(text)
    assert [text[b : e + 1] for b, e in index.regions] == ["„ja“", '"nein"', "»vielleicht«"]
    assert index.form(text.index("„"), text.index("“") + 1) == "full"
    assert index.form(0, len(text)) == "partial"
    assert index.form(0, 2) == "none"


def test_so_frame_inside_the_content_and_wie_clause_with_apposition() -> None:
    inside = only("Die Brücke, so Bürgermeister Karl Kowalski weiter, werde im Mai fertig.")
    assert inside.cue_lemma == "so" and inside.speaker == "Karl Kowalski"
    assert inside.content_text == "werde im Mai fertig"
    wie = only("Wie Anna Kowalski, Sprecherin der Stadt, am Montag mitteilte, ist die Brücke zu.")
    assert wie.speaker == "Anna Kowalski" and wie.content_text == "ist die Brücke zu"


def test_relative_clause_after_the_speaker_is_not_the_content() -> None:
    s = only("„Das Gesetz ist gut“, sagte Anna Kowalski, die es entworfen hatte.")
    assert s.content_text == "Das Gesetz ist gut" and s.direct_quote == "full"


def test_anaphoric_this_takes_the_sentence_before() -> None:
    statements = extract("Die Brücke bleibt bis Mai gesperrt. Das erklärte gestern ein Sprecher.")
    assert len(statements) == 1
    assert statements[0].content_text == "Die Brücke bleibt bis Mai gesperrt"
    assert statements[0].mention.text == "ein Sprecher"


def test_narration_resuming_ends_reported_speech() -> None:
    s = extract("Der Angeklagte hatte erklärt, er sei unschuldig, verweigerte aber jede Aussage.")[0]
    assert s.content_text == "er sei unschuldig"


def test_passive_speaker_is_the_agent_or_nobody() -> None:
    s = only("Der Plan wurde vom Bürgermeister Karl Kowalski am Montag angekündigt, "
             "dass die Brücke im Mai öffne.")
    assert s.speaker == "Karl Kowalski"
    nobody = only("Am Montag wurde berichtet, dass die Brücke im Mai öffne.")
    assert nobody.speaker == UNNAMED_SOURCE
    assert nobody.mention.start == nobody.mention.end  # no word of the text names it
    assert nobody.content_text == "dass die Brücke im Mai öffne"
    assert nobody.kind == "report"


def test_impersonal_cues_report_an_unnamed_source() -> None:
    s = only("Es wird vermutet, dass der Brunnen vergiftet wurde.")
    assert (s.speaker, s.kind) == (UNNAMED_SOURCE, "speculation")
    assert s.content_text == "dass der Brunnen vergiftet wurde"
    s = only("Die Fähre sei ausgebucht, hieß es.")
    assert (s.speaker, s.content_text) == (UNNAMED_SOURCE, "Die Fähre sei ausgebucht")
    s = only("Dem Trainer wird vorgeworfen, die Spieler beleidigt zu haben.")
    assert (s.speaker, s.kind) == (UNNAMED_SOURCE, "claim")
    assert s.content_text == "die Spieler beleidigt zu haben"


def test_impersonal_cue_without_reported_clause_reports_nothing() -> None:
    assert extract("Der Vertrag wurde am Montag bestätigt.") == []
    assert extract("Die Feuerwehr wird informiert.") == []


def test_heisst_es_takes_the_source_before_the_verb() -> None:
    s = only("In einer Mitteilung der Stadtwerke heißt es, die Preise würden steigen.")
    assert s.speaker != UNNAMED_SOURCE and "Stadtwerke" in s.mention.text
    assert s.content_text == "die Preise würden steigen"


def test_unnamed_source_is_never_a_pronoun_antecedent() -> None:
    statements = extract("Die Lehrerin Eva Probe sagte, der Kurs sei voll. "
                         "Es wird befürchtet, dass er ausfällt. Sie sagte, man suche Räume.")
    assert [s.speaker for s in statements] == ["Eva Probe", UNNAMED_SOURCE, "Eva Probe"]


def test_subjunctive_of_verbs_in_ern_and_eln_continues_speech() -> None:
    statements = extract("Der Verein teilte mit, das Stadion sei voll. "
                         "Die Reparatur dauere zwei Wochen. Man verhandele noch.")
    assert [s.content_text for s in statements[1:]] == [
        "Die Reparatur dauere zwei Wochen", "Man verhandele noch"]
    assert {s.speaker for s in statements} == {statements[0].speaker}


def test_quoted_title_as_inverted_speaker() -> None:
    s = only("Die Lage sei ernst, schreibt „Der Morgenbote“ in seiner Ausgabe vom Montag.")
    assert s.mention.text == "„Der Morgenbote“" and s.content_text == "Die Lage sei ernst"
    assert s.speaker == "Morgenbote"


def test_passive_of_quoting_names_the_one_quoted() -> None:
    s = only("„Wir bleiben hier“, wird der Trainer Max Beispiel zitiert.")
    assert (s.speaker, s.content_text, s.direct_quote) == ("Max Beispiel", "Wir bleiben hier",
                                                           "full")
    s = only("Die Trainerin Eva Probe wird mit den Worten zitiert, man bleibe hier.")
    assert (s.speaker, s.content_text) == ("Eva Probe", "man bleibe hier")


def test_anaphoric_das_after_a_comma_takes_the_clause_before() -> None:
    s = only("Die Kamera des Teleskops ist ausgefallen, das teilte die Raumfahrtbehörde mit.")
    assert s.content_text == "Die Kamera des Teleskops ist ausgefallen"
    assert s.mention.text == "die Raumfahrtbehörde" and s.cue == "teilte ... mit"
    assert extract("Der Zug fiel aus, das war schlimm.") == []


def test_reported_speech_resumes_after_one_sentence_of_narration() -> None:
    statements = extract("Der Verein teilte mit, das Stadion sei voll. Am Abend regnete es. "
                         "Man habe genug Ordner. Die Fans gingen heim. Der Bus fuhr ab.")
    assert [s.content_text for s in statements] == ["das Stadion sei voll",
                                                    "Man habe genug Ordner"]
    assert statements[1].speaker == statements[0].speaker
    later = extract("Die Polizei sagte, der Fahrer sei geflohen. Die Straße blieb gesperrt. "
                    "Er soll betrunken gewesen sein.")
    assert [s.content_text for s in later][1:] == ["Er soll betrunken gewesen sein"]


def test_konjunktiv_one_is_reported_speech_wherever_it_stands() -> None:
    statements = extract("Der Verein teilte mit, das Stadion sei voll. Die Fans gingen heim. "
                         "Der Bus fuhr ab. Es sei ruhig geblieben.")
    assert [s.content_text for s in statements][-1] == "Es sei ruhig geblieben"
    assert statements[-1].speaker == statements[0].speaker  # the latest speaker, 3 back
    far = extract("Die Fans gingen heim. Der Bus fuhr ab. Es regnete. Die Nacht war kalt. "
                  "Es sei ruhig geblieben.")
    assert [(s.speaker, s.content_text) for s in far] == [
        (UNNAMED_SOURCE, "Es sei ruhig geblieben")]
    # "habe" is also the first person indicative: an interview answer is no report
    assert extract("Die Fans gingen heim. Ich habe das Spiel gesehen.") == []


def test_a_verb_outside_the_lexicon_is_a_cue_when_its_clause_is_konjunktiv_one() -> None:
    s = only("Die Beobachter mäkelten am Montag, die Abstimmung sei nicht frei gewesen.")
    assert (s.mention.text, s.cue_lemma, s.kind) == ("Die Beobachter", "mäkeln", "other")
    assert s.content_text == "die Abstimmung sei nicht frei gewesen"
    # an indicative clause after the same verb reports nothing
    assert extract("Die Beobachter mäkelten am Montag, die Abstimmung war nicht frei.") == []
    # nor does an adverbial clause in the subjunctive
    assert extract("Die Fans feierten lange, bevor der Bus käme.") == []


def test_frame_sources_cross_participial_phrases_and_genitives() -> None:
    s = only("Laut einer am Dienstag veröffentlichten Mitteilung der Stadtwerke wurden "
             "zunächst 200 Häuser versorgt.")
    assert s.mention.text == "einer am Dienstag veröffentlichten Mitteilung der Stadtwerke"
    assert s.content_text == "wurden zunächst 200 Häuser versorgt"
    s = only("Die Mieten steigen weiter, so das Ergebnis einer gestern vorgestellten Studie.")
    assert s.mention.text == "das Ergebnis einer gestern vorgestellten Studie"
    assert s.content_text == "Die Mieten steigen weiter"


def test_speakers_with_quoted_names_appositions_and_fronted_adjectives() -> None:
    s = only("Karl Muster von der „Aktion Hilfe“ sagte, es sei ein falscher Eindruck entstanden.")
    assert s.speaker == "Karl Muster" and s.mention.text == "Karl Muster von der „Aktion Hilfe“"
    assert s.content_text == "es sei ein falscher Eindruck entstanden"
    s = only("So sagte der Koordinator, Karl Tessmer, gegenüber der Zeitung, dass Boote fehlten.")
    assert s.mention.text.startswith("der Koordinator")
    assert s.content_text == "dass Boote fehlten"
    s = only("Einzig Sony gab bekannt, für die Konsole ein Update anbieten zu wollen.")
    assert (s.speaker, s.kind) == ("Sony", "announcement")


def test_separable_particle_after_an_apposition() -> None:
    s = only("Jetzt gab der Leiter der Wache, Andreas Huber, bekannt, dass das Handy gefunden "
             "wurde.")
    assert (s.cue, s.cue_lemma) == ("gab ... bekannt", "bekanntgeben")
    assert s.content_text == "dass das Handy gefunden wurde"
    s = only("Der Abgeordnete tritt nicht mehr an. Dies teilte der Geschäftsführer der "
             "Fraktion, Jens Nacke, mit.")
    assert s.content_text == "Der Abgeordnete tritt nicht mehr an"
    assert extract("Er gab dem Kind, einem Jungen, einen Ball mit.") == []


def test_plural_present_read_as_infinitive_is_a_finite_cue() -> None:
    s = only("Die Forscher gehen davon aus, dass die Gletscher schmelzen.")
    assert (s.cue, s.cue_lemma, s.kind) == ("gehen ... aus", "ausgehen", "speculation")
    assert s.content_text == "dass die Gletscher schmelzen"
    assert extract("Um die Lage zu erklären, reicht das nicht.") == []


def test_cues_erinnern_ergeben_hervorgehen_take_clauses_only() -> None:
    s = only("Aus dem Bericht der Kommission geht hervor, dass die Mieten steigen.")
    assert s.mention.text == "dem Bericht der Kommission" and s.kind == "report"
    assert s.content_text == "dass die Mieten steigen"
    assert only("Die Untersuchung hat ergeben, dass der Damm hält.").cue == "hat ... ergeben"
    assert only("Der Minister erinnerte daran, dass Wahlen anstehen.").cue_lemma == "erinnern"
    assert extract("Die Truppen ergaben sich am Morgen. Er erinnerte sich an den Tag.") == []


def test_phrasal_cues_from_their_lexicon() -> None:
    s = only("Die Ministerin ist der Ansicht, dass die Schulen öffnen sollten.")
    assert (s.cue, s.cue_lemma, s.kind) == ("ist ... Ansicht", "der Ansicht sein", "assertion")
    assert s.content_text == "dass die Schulen öffnen sollten"
    s = only("Die Experten halten es für möglich, dass der Vulkan ausbricht.")
    assert (s.cue_lemma, s.kind) == ("für möglich halten", "speculation")
    assert only("Die Kommission kam zu dem Ergebnis, dass der Damm hält.").mention.text == \
        "Die Kommission"
    assert extract("Die Polizei hält den Fahrer für schuldig. Er ist der Ansicht nicht.") == []


def test_quoted_media_names_as_speakers() -> None:
    s = only("Die Zeitung „Morgenbote“ berichtet jedoch, dass zwei Runden gescheitert seien.")
    assert s.mention.text == "Die Zeitung „Morgenbote“"
    assert s.content_text == "dass zwei Runden gescheitert seien"
    s = only("„Radio Nord“ berichtet unter Berufung auf einen Wärter, dass Gefangene flohen.")
    assert s.mention.text == "„Radio Nord“" and s.content_text == "dass Gefangene flohen"
    s = only("Wie „Radio Nord“ berichtet, sperrten Behörden den Zugang.")
    assert s.mention.text == "„Radio Nord“"
    s = only("„Nie wieder“ sagte der Trainer.")
    assert s.mention.text == "der Trainer"


def test_cues_entscheiden_and_erhoffen() -> None:
    s = only("Das Gericht hat entschieden, dass die Wahl wiederholt wird.")
    assert (s.cue, s.kind, s.content_text) == ("hat ... entschieden", "announcement",
                                               "dass die Wahl wiederholt wird")
    assert only("Die Firma hatte sich erhofft, dass die Preise sinken.").kind == "speculation"
    assert extract("Der Verein entschied sich für einen neuen Trainer.") == []


def test_stehen_reports_only_with_a_written_in_source() -> None:
    s = only("In dem Bericht der Kommission steht, dass die Mieten steigen.")
    assert s.mention.text == "dem Bericht der Kommission" and s.kind == "report"
    assert extract("Fest steht, dass die Mieten steigen. Der Zug steht, dass es kracht.") == []


def test_quotation_after_a_sentence_about_a_named_actor_is_theirs() -> None:
    statements = extract("Die Abgeordnete Eva Probe verurteilte die Haltung der Regierung. "
                         "„Diese Politik ist unfair.“")
    assert len(statements) == 1
    assert statements[0].content_text == "Diese Politik ist unfair."
    assert statements[0].direct_quote == "full" and "Eva Probe" in statements[0].mention.text


def test_colon_quotation_after_a_name_and_an_adverb() -> None:
    s = only("Muster wörtlich: „Das ist ein guter Tag.“")
    assert (s.mention.text, s.content_text, s.direct_quote) == ("Muster",
                                                                "Das ist ein guter Tag.", "full")
    assert only("Bürgermeister Karl Muster dazu: „Wir bauen weiter.“").mention.text == \
        "Bürgermeister Karl Muster"


def test_nach_angaben_vom_keeps_the_whole_frame_out_of_the_content() -> None:
    s = only("Nach ersten Angaben vom Innenministerium wurden am Abend drei Personen verletzt.")
    assert s.cue_lemma == "nach"
    assert s.content_text == "wurden am Abend drei Personen verletzt"
    assert s.mention.text.endswith("vom Innenministerium")


def test_adverb_after_a_mid_sentence_source_frame_stays_in_the_message() -> None:
    from newskg.graph.evaluation.spanscore import message_spans

    text = "Die Bergwacht hat nach eigenen Angaben bislang vier Hütten am Grat geräumt."
    document = Document(id="t", text=text)
    tokenize_document(document)
    s = only(text)
    assert s.cue_lemma == "nach"
    parts = [text[b:e] for b, e in message_spans(document, s)]
    assert parts == ["Die Bergwacht hat", "bislang vier Hütten am Grat geräumt"]


def test_source_noun_frame_ends_before_the_messages_adjective() -> None:
    s = only("Die Firma will nach eigenen Angaben weitere Filialen eröffnen.")
    assert s.mention.text.lower() == "eigenen angaben"
    assert s.content_text == "weitere Filialen eröffnen"
    genitive = only("Nach Angaben örtlicher Behörden wurden drei Häuser zerstört.")
    assert genitive.mention.text == "Angaben örtlicher Behörden"


def test_konjunktiv_ii_after_a_cueless_sentence_is_not_reported_speech() -> None:
    reported = only("Der Bürgermeister besuchte am Montag die Baustelle. Die Brücke sei fast fertig.")
    assert reported.content_text == "Die Brücke sei fast fertig"
    assert reported.speaker == "Bürgermeister"
    assert extract(
        "Der Bürgermeister besuchte am Montag die Baustelle. Die Brücke könnte im Mai fertig werden."
    ) == []


def test_fronted_frame_reaches_the_finite_verb() -> None:
    s = only("Nach Angaben seines Anwalts starb der Unternehmer am Montag.")
    assert s.mention.text == "Angaben seines Anwalts"
    assert s.content_text == "starb der Unternehmer am Montag"
    apposition = only(
        "Nach Meinung von Anna Muster, Professorin an der Universität Bonn, könnte der Damm brechen."
    )
    assert apposition.content_text == "könnte der Damm brechen"
    assert apposition.mention.text.endswith("Professorin an der Universität Bonn")
    assert apposition.speaker == "Anna Muster"


def test_cue_inside_a_frame_source_is_not_a_statement_of_its_own() -> None:
    s = only("Nach Angaben der Polizei, die am Abend informierte, wurden drei Häuser zerstört.")
    assert s.cue_lemma == "nach"
    assert s.content_text == "wurden drei Häuser zerstört"


def test_act_verbs_with_only_an_object_report_no_message() -> None:
    assert extract("Der Hersteller gab am Montag die Preise für das neue Gerät bekannt.") == []
    assert extract("Die Ministerin kritisierte die Entscheidung des Gerichts scharf.") == []
    assert extract("Die Agentur verbreitete am Abend eine Erklärung der Regierung.") == []
    s = only("Die Ministerin kritisierte, dass das Gericht zu langsam entschieden habe.")
    assert s.content_text == "dass das Gericht zu langsam entschieden habe"


def test_source_before_zufolge_takes_its_von_and_genitive_parts() -> None:
    s = only("Einer Meldung von Radio Beispiel zufolge sei die Schule wieder geöffnet worden.")
    assert s.mention.text == "Einer Meldung von Radio Beispiel"
    assert s.content_text == "sei die Schule wieder geöffnet worden"
    genitive = only("Angaben des Instituts von Athen zufolge lag das Epizentrum nördlich der Stadt.")
    assert genitive.mention.text == "Angaben des Instituts von Athen"


def test_frame_inside_an_opening_wie_clause_report_is_nested() -> None:
    s = only("Wie die Zeitung Beispielblatt berichtete, soll laut einer Studie nur jeder zweite "
             "Student zufrieden sein.")
    assert s.cue_lemma == "berichten"
    assert s.content_text == "soll laut einer Studie nur jeder zweite Student zufrieden sein"


def test_a_noun_of_speech_frames_its_complement_clause() -> None:
    s = only("Die Stadt lehnte die Forderung der Gewerkschaft, die Löhne zu erhöhen, ab.")
    assert (s.mention.text, s.cue, s.kind) == ("der Gewerkschaft", "Forderung", "demand")
    assert s.content_text == "die Löhne zu erhöhen"
    s = only("Die Polizei prüft Berichte, wonach der Trainer gehen müsse.")
    assert s.content_text.endswith("der Trainer gehen müsse")
    # a relative clause after the noun says nothing about what was demanded
    assert extract("Die Stadt prüft die Forderung, die der Verein gestellt hat.") == []


def test_a_speech_like_quotation_without_cue_is_a_direct_quote() -> None:
    s = only("„Wir haben die Lage im Griff“, ließ Bürgermeister Karl Muster am Abend wissen.")
    assert (s.mention.text, s.content_text, s.direct_quote) == (
        "Bürgermeister Karl Muster", "Wir haben die Lage im Griff", "full")
    far = extract("Die Fans gingen heim. Der Bus fuhr ab. Es regnete. Die Nacht war kalt. "
                  "Auf dem Plakat stand „Wir kommen alle wieder zurück“ in roter Schrift.")
    assert [(s.speaker, s.content_text) for s in far] == [
        (UNNAMED_SOURCE, "Wir kommen alle wieder zurück")]
    # short quotations and titles after an article or a noun are names, not speech
    assert extract("Der Film „Das Leben der anderen“ lief im Kino.") == []
    assert extract("Das Lied „Wir sind die Kinder vom Bahnhof Zoo“ lief.") == []


def test_speaker_phrases_beyond_a_plain_noun_phrase() -> None:
    s = only("Miroslav Beispiel, der am Abend Gelb sah, nannte seinen Platzverweis „überzogen“.")
    assert (s.mention.text, s.content_text, s.direct_quote) == (
        "Miroslav Beispiel", "seinen Platzverweis „überzogen“", "partial")
    s = only("Die ABC und der XYZ geben in einer Mitteilung bekannt, dass sie fusionieren.")
    assert s.mention.text == "Die ABC und der XYZ" and s.cue == "geben ... bekannt"
    s = only("Wie sein Anwalt Karl Muster mitteilte, brach er auf der Straße zusammen.")
    assert s.mention.text == "sein Anwalt Karl Muster"
    s = only("Wie beispiel-nachrichten.de berichtet, ist der Trailer veröffentlicht worden.")
    assert s.mention.text == "beispiel-nachrichten.de"
    s = only("Wie der Verband in der Nacht bekanntgegeben hat, fällt das Turnier aus.")
    assert s.mention.text == "der Verband" and s.content_text == "fällt das Turnier aus"
    s = only("Als Beispiel nannte die Ministerin Anna Beispiel den Ausbau der Bahn.")
    assert s.mention.text == "die Ministerin Anna Beispiel"
    statements = extract("Der Anwalt kam aus Bonn. Dieser bestätigte, dass der Kandidat "
                         "protestiert habe.")
    assert [(s.mention.text, s.content_text) for s in statements] == [
        ("Dieser", "dass der Kandidat protestiert habe")]


def test_an_anaphoric_passive_takes_the_sentence_before_and_its_agent() -> None:
    statements = extract("Der Präsident ordnete Hilfen an. Das wurde vom Presseamt am "
                         "Montag bekannt gegeben.")
    assert [(s.mention.text, s.cue, s.content_text) for s in statements] == [
        ("Presseamt", "wurde ... bekannt ... gegeben", "Der Präsident ordnete Hilfen an")]


def test_a_frame_in_a_later_clause_frames_that_clause() -> None:
    statements = extract("Die Mutter hat einiges bemerkt, diese Taten seien aber laut der "
                         "Staatsanwältin Eva Probe schon verjährt.")
    frame = next(s for s in statements if s.cue_lemma == "laut")
    assert frame.content_text == "schon verjährt" or \
        frame.content_text.startswith("diese Taten seien aber")
    assert "Die Mutter" not in frame.content_text
    s = only("Gesucht werden zwei Männer, die nach Angaben der Polizei geflohen sind, "
             "und ein Auto.")
    assert s.content_text == "geflohen sind"


def test_reportative_modals_and_stand_in_plurals_are_reported_speech() -> None:
    far = ("Die Fans gingen heim. Der Bus fuhr ab. Es regnete. Die Nacht war kalt. ")
    s = only(far + "Der Täter soll das Auto gestohlen haben.")
    assert (s.speaker, s.content_text) == (UNNAMED_SOURCE, "Der Täter soll das Auto gestohlen haben")
    assert extract(far + "Die Halle soll 2030 fertiggestellt sein.") == []  # a plan
    s = only(far + "Bisher hätten die Helfer 600 Menschen gerettet.")
    assert s.content_text.startswith("Bisher hätten")


def test_verbs_of_calling_and_speaking_report_only_in_their_reporting_use() -> None:
    assert extract("Die Band nennt sich seit 2001 „Die Beispiele“.") == []
    assert extract("Die Pauschale, auch Pendlerpauschale genannt, steigt.") == []
    s = only("Die Ministerin Anna Beispiel sprach von einem großen Erfolg.")
    assert s.content_text == "von einem großen Erfolg"
    assert extract("Die Ministerin Anna Beispiel sprach mit der Presse.") == []
    s = only("Die Ministerin Anna Beispiel sprach sich für den Plan aus.")
    assert (s.cue_lemma, s.content_text) == ("aussprechen", "für den Plan")
    assert extract("Der Präsident sprach den Angehörigen sein Beileid aus.") == []
    # only someone can say something
    assert extract("Die Flut forderte in Vietnam 92 Menschenleben.") == []
    s = only("Die Gewerkschaft forderte in Berlin höhere Löhne.")
    assert s.kind == "demand"


def test_an_inserted_attribution_with_a_verb_outside_the_lexicon() -> None:
    s = only("Die Ursache sei noch unklar, verlautbarte Direktor Karl Muster am Abend.")
    assert (s.mention.text, s.cue_lemma, s.content_text) == (
        "Direktor Karl Muster", "verlautbaren", "Die Ursache sei noch unklar")
    # a verb after an indicative clause attributes nothing
    assert extract("Die Ursache war unklar, verließ Direktor Karl Muster den Raum.") == []


def test_an_unnamed_source_goes_on_only_in_konjunktiv_one() -> None:
    far = "Die Fans gingen heim. Der Bus fuhr ab. Es regnete. Die Nacht war kalt. "
    statements = extract(far + "Das Feuer sei im Laden ausgebrochen. Es soll im Mai "
                         "eröffnet werden. Die Ursache sei unklar.")
    assert [s.content_text for s in statements] == [
        "Das Feuer sei im Laden ausgebrochen", "Die Ursache sei unklar"]


def test_zeigen_reports_a_view_only_as_a_reflexive() -> None:
    assert extract("Die Simulationen zeigen, dass der Meeresspiegel bis 2100 um einen Meter "
                   "steigt.") == []
    s = only("Die Ministerin Anna Beispiel zeigte sich am Dienstag überzeugt, dass die Brücke "
             "im Mai fertig werde.")
    assert (s.speaker, s.cue_lemma) == ("Anna Beispiel", "zeigen")
    assert s.content_text == "dass die Brücke im Mai fertig werde"


def test_laut_with_a_quoted_source_and_nach_einem_dokument() -> None:
    s = only("Laut „Beispielpost“ ist die Brücke seit Montag gesperrt.")
    assert (s.speaker, s.cue_lemma) == ("Beispielpost", "laut")
    assert s.content_text == "ist die Brücke seit Montag gesperrt"
    s = only("Nach einem internen Dokument plant die Stadt den Abriss der Brücke.")
    assert s.cue_lemma == "nach" and s.content_text == "plant die Stadt den Abriss der Brücke"
    assert extract("Er rief laut, dass alle gehen sollten, und ging.")[0].cue_lemma != "laut"


def test_dass_clause_without_its_comma_is_still_the_content() -> None:
    s = only("Der Bürgermeister sagte dass die Brücke im Mai fertig werde.")
    assert (s.mention.text, s.cue_lemma) == ("Der Bürgermeister", "sagen")
    assert s.content_text == "dass die Brücke im Mai fertig werde"


def test_fronted_als_phrase_is_not_the_speaker() -> None:
    s = only("Als Grund gab die Behörde an, die Brücke sei marode.")
    assert s.mention.text == "die Behörde" and s.cue_lemma == "angeben"
    assert s.content_text == "die Brücke sei marode"


def test_main_clause_after_an_adverbial_clause_is_not_its_content() -> None:
    assert extract("Nachdem der Minister das angekündigt hatte, protestierten die Bürger.") == []
    assert extract("Nachdem die Stadt die Vorwürfe zurückgewiesen hatte, kam es zu "
                   "Protesten.") == []
    s = only("Nachdem er gesagt hatte, dass er zurücktrete, verließ er den Saal.")
    assert s.content_text == "dass er zurücktrete"


def test_object_before_a_final_particle_is_the_content_not_an_addressee() -> None:
    s = only("Die Behörde kündigte am Montag umfassende Untersuchungen an.")
    assert s.addressee is None
    assert s.content_text == "am Montag umfassende Untersuchungen"
    s = only("Kirby teilte Reportern mit, dass die Lage ernst sei.")
    assert s.addressee == "Reportern"


def test_verweisen_auf_reports_and_a_past_tense_read_as_adjective_is_a_verb() -> None:
    s = only("Ein Sprecher der Armee verwies auf das schlechte Wetter.")
    assert (s.cue_lemma, s.content_text) == ("verweisen", "auf das schlechte Wetter")
    s = only("Ein Wissenschaftler bezifferte den Schaden auf 50 Millionen Euro.")
    assert (s.mention.text, s.cue_lemma) == ("Ein Wissenschaftler", "beziffern")


def test_coordinated_speakers_are_one_speaker_phrase() -> None:
    s = only("Die Polizei und die Feuerwehr erklärten, die Straße sei wieder frei.")
    assert s.mention.text == "Die Polizei und die Feuerwehr"
    assert s.speaker == "Polizei"  # the first of them names the actor
    assert s.content_text == "die Straße sei wieder frei"
    s = only("Sowohl die Stadt als auch das Land kündigten eine Prüfung der Brücke an.")
    assert s.mention.text == "die Stadt als auch das Land"


def test_passive_of_naming_cues_reports_what_was_named() -> None:
    s = only("Als Grund für die Sperrung wurde ein Defekt an der Brücke angegeben.")
    assert (s.speaker, s.cue_lemma) == (UNNAMED_SOURCE, "angeben")
    assert s.content_text == "ein Defekt an der Brücke"
    assert extract("Der Vertrag wurde am Montag bestätigt.") == []
    s = only("Von der Opposition wurde der Plan als unbezahlbar kritisiert.")
    assert (s.mention.text, s.cue_lemma) == ("der Opposition", "kritisieren")
    assert s.content_text == "der Plan als unbezahlbar"


def test_judging_with_als_and_plural_agents_and_a_distant_von() -> None:
    s = only("Die Stadt kritisierte den Anschlag als feige Tat.")
    assert s.content_text == "den Anschlag als feige Tat"
    assert extract("Die Stadt kritisierte den Anschlag.") == []
    s = only("Die Bauern warnen vor der geplanten Straße.")
    assert (s.mention.text, s.kind) == ("Die Bauern", "warning")
    assert extract("Das Feuer forderte drei Menschenleben.") == []
    s = only("Der Bürgermeister sprach trotz der Kritik von einem Erfolg.")
    assert s.content_text == "trotz der Kritik von einem Erfolg"


def test_a_clause_after_a_second_coordinated_verb_is_that_verbs_content() -> None:
    statements = extract("Der Minister nannte den Plan „mutig“ und glaubt, dass die Stadt "
                         "ihn umsetzen werde.")
    assert [(s.cue_lemma, s.content_text) for s in statements] == [
        ("nennen", "den Plan „mutig“"),
        ("glauben", "dass die Stadt ihn umsetzen werde")]


def test_a_verb_right_after_the_cue_clause_is_a_second_predicate_not_content() -> None:
    assert extract("Die Vorwürfe wollte er eigentlich zurückweisen, hielt sich dann aber "
                   "zurück.") == []
    s = only("Wie die Polizei mitteilte, wurden drei Häuser zerstört.")
    assert s.content_text == "wurden drei Häuser zerstört"
    # a condition with its verb first opens what was said
    s = only("Der Minister sagte, wollen die Bürger mitreden, müssen sie wählen gehen.")
    assert s.content_text.startswith("wollen die Bürger mitreden")


def test_a_court_rejecting_a_suit_decides_and_says_nothing() -> None:
    assert extract("Das Gericht wies die Klage der Stadt am Montag zurück.") == []
    s = only("Die Ministerin wies die Vorwürfe der Opposition zurück.")
    assert s.content_text == "die Vorwürfe der Opposition"


def test_a_relative_clause_before_an_inverted_cue_is_not_its_content() -> None:
    s = only("In einer Sitzung, die im Mai stattfand, sprach sich der Bürgermeister für den "
             "Plan aus.")
    assert s.cue_lemma == "aussprechen" and s.content_text == "für den Plan"
    s = only("Es gibt viele Menschen, die hungern, sagte der Minister.")
    assert s.content_text == "Es gibt viele Menschen, die hungern"


def test_a_relative_clause_after_a_preposition_is_not_what_was_said() -> None:
    s = only("Die Agentur sprach von zehn Flugzeugen, auf die es die Täter abgesehen hatten.")
    assert s.content_text.startswith("von zehn Flugzeugen")
    s = only("Der Sprecher sagte, in der Stadt habe es am Morgen gebrannt.")
    assert s.content_text == "in der Stadt habe es am Morgen gebrannt"


def test_what_stands_before_an_inverted_cue_must_be_a_clause_to_be_its_content() -> None:
    s = only("Der Leiter des Amtes, Karl Muster, bezeichnete die Pläne als unbezahlbar.")
    assert s.mention.text == "Der Leiter des Amtes, Karl Muster"
    assert s.content_text == "die Pläne als unbezahlbar"
    s = only("Seitdem die Brücke gesperrt ist, warnt die Stadt vor Staus in der Altstadt.")
    assert s.content_text == "vor Staus in der Altstadt"
    s = only("Als die Polizei eintraf, sagte der Mann, er habe nichts gesehen.")
    assert s.content_text == "er habe nichts gesehen"
    s = only("Die Brücke sei marode, sagte der Bürgermeister.")
    assert s.content_text == "Die Brücke sei marode"


def test_a_quotation_after_reported_speech_and_a_colon_is_a_statement_of_its_own() -> None:
    first, second = extract("Die Ministerin warnte, die Lage sei ernst: „Wir müssen jetzt "
                            "handeln.“")
    assert (first.content_text, first.direct_quote) == ("die Lage sei ernst", "none")
    assert (second.content_text, second.direct_quote) == ("Wir müssen jetzt handeln.", "full")
    assert first.mention.text == second.mention.text == "Die Ministerin"


def test_a_name_read_as_an_imperative_and_a_present_read_as_a_participle() -> None:
    s = only("Henk Beispiel, Leiter des Labors, erklärte: „Wir sehen keine Möglichkeit.“")
    assert s.mention.text.startswith("Henk Beispiel") and s.cue_lemma == "erklären"
    s = only("Im Brief, den sie an den Bürgermeister geschickt hat, erklärt sie: „Die Brücke "
             "muss bleiben.“")
    assert (s.cue_lemma, s.content_text) == ("erklären", "Die Brücke muss bleiben.")


def test_sentences_of_one_long_quotation_are_not_repeated_and_not_lost() -> None:
    statements = extract("Der Richter sprach lange.\n\n„Wir sind überzeugt, dass wir richtig "
                         "entschieden haben. Befriedigung verspüren wir nicht. Wir entlassen "
                         "den Angeklagten mit einem Verdacht.\nBedenken Sie das.“")
    spans = [(s.content.start, s.content.end) for s in statements]
    assert all(a[1] <= b[0] for a, b in pairwise(spans))  # no text twice
    text = " ".join(s.content_text for s in statements)
    assert "richtig entschieden haben." in text and "Befriedigung verspüren wir nicht." in text
    statements = extract("Auf der Seite stand auch das Motiv: „Wir glauben an das Ende der "
                         "Welt. Wir wollen bereit sein.“")
    assert "Wir glauben an das Ende der Welt." in " ".join(s.content_text for s in statements)


def test_appositions_inside_a_wie_clause_and_after_an_inverted_cue() -> None:
    s = only("Die Brücke war gesperrt, wie Karl Muster, Leiter des Bauamts, mitteilte.")
    assert (s.cue_lemma, s.content_text) == ("mitteilen", "Die Brücke war gesperrt")
    assert s.mention.text.startswith("Karl Muster")
    s = only("Ein Notsignal wurde nicht gesendet, teilte später der Leiter der Behörde, Karl "
             "Muster, mit.")
    assert (s.cue_lemma, s.content_text) == ("mitteilen", "Ein Notsignal wurde nicht gesendet")


def test_cues_anprangern_besagen_einwenden_erlaeutern_andeuten() -> None:
    s = only("Der Minister erläuterte, die Brücke werde im Mai fertig.")
    assert (s.cue_lemma, s.kind) == ("erläutern", "assertion")
    s = only("Die Ministerin deutete an, dass sie zurücktreten könnte.")
    assert (s.cue_lemma, s.kind) == ("andeuten", "speculation")
    s = only("Zwei Abgeordnete prangerten an, dass die Schulen zu wenig Geld bekämen.")
    assert (s.cue_lemma, s.content_text) == ("anprangern", "dass die Schulen zu wenig Geld bekämen")
    s = only("Eine Klausel besagt, dass der Käufer die Anteile zurückgeben muss.")
    assert s.cue_lemma == "besagen"
    s = only("Der Anwalt wandte ein, die Frist sei längst abgelaufen.")
    assert (s.cue_lemma, s.content_text) == ("einwenden", "die Frist sei längst abgelaufen")


def test_the_mood_of_a_continuation_is_that_of_its_main_clause() -> None:
    statements = extract("Der Sprecher sagte, die Brücke sei marode. Die Autos, die darüber "
                         "fahren sollten, müssten umgeleitet werden.")
    assert [s.content_text for s in statements] == [
        "die Brücke sei marode",
        "Die Autos, die darüber fahren sollten, müssten umgeleitet werden"]


def test_anfordern_before_und_and_an_object_ending_at_a_second_verb() -> None:
    assert extract("Der Gouverneur forderte die Nationalgarde an und rief den Notstand aus.") == []
    s = only("Der Gouverneur forderte mehr Geld und rief den Notstand aus.")
    assert s.content_text == "mehr Geld"
    assert extract("In einem Brief, das am Montag veröffentlicht wurde, kritisierte er den "
                   "Plan.") == []


def test_negated_and_reflexive_confirmations_say_nothing() -> None:
    assert extract("Ein Sprecher wollte nicht bestätigen, dass alle Insassen Soldaten waren.") == []
    assert extract("Damit bestätigt sich, dass die Brücke marode ist.") == []
    s = only("Ein Sprecher schloss nicht aus, dass die Brücke einstürzt.")
    assert s.content_text == "dass die Brücke einstürzt"


def test_a_frame_source_keeps_its_genitives_and_its_relative_clause() -> None:
    s = only("Die Schule bleibt nach Angaben eines Sprechers einer Elterngruppe geschlossen.")
    assert s.mention.text == "Angaben eines Sprechers einer Elterngruppe"
    assert s.content_text == "Die Schule bleibt"
    s = only("Die Brücke ist laut einem Gutachten, das die Stadt bestellt hatte, marode.")
    assert s.mention.text == "einem Gutachten, das die Stadt bestellt hatte"


def test_a_reported_clause_may_open_with_a_phrase_and_its_relative_clause() -> None:
    s = only("Die Ministerin erklärte, in den Ländern, in denen Gebühren erhoben würden, sei "
             "die Zahl der Studenten gestiegen.")
    assert (s.speaker, s.cue_lemma) == ("Ministerin", "erklären")
    assert s.content_text.startswith("in den Ländern, in denen")


def test_a_noun_of_speech_inside_reported_speech_opens_no_new_statement() -> None:
    statements = extract("Der Sprecher sagte, die Lage sei ernst. Dies sei nur eine "
                         "Spekulation, es gebe aber Skepsis.")
    assert [(s.mention.text, s.content_text) for s in statements] == [
        ("Der Sprecher", "die Lage sei ernst"),
        ("Der Sprecher", "Dies sei nur eine Spekulation, es gebe aber Skepsis")]


def test_frames_before_a_verb_read_as_participle_and_after_a_relative_clause() -> None:
    s = only("Nach den Angaben des Herstellers misst das Gerät zwölf Zentimeter und wiegt "
             "165 Gramm.")
    assert s.mention.text == "den Angaben des Herstellers"
    assert s.content_text.startswith("misst das Gerät")
    s = only("Gegen Beamte, die nicht reagierten, sollen nach Ansicht der Kommission Strafen "
             "verhängt werden.")
    assert s.content_text.startswith("Gegen Beamte, die nicht reagierten")


def test_a_frame_inside_a_relative_clause_frames_that_clause_only() -> None:
    s = only("Ein Boot, auf dem sich nach Angaben der Polizei viel Geld befunden haben soll, "
             "ist gekentert.")
    assert s.content_text == "viel Geld befunden haben soll"
    s = only("Die Bombe traf ein Büro, das nach Angaben der Armee als Waffenlager diene.")
    assert s.content_text == "als Waffenlager diene"
    s = only("Die Regenzeit könnte nach Angaben von „Ärzte ohne Grenzen“ bis Juli dauern.")
    assert s.mention.text == "Angaben von „Ärzte ohne Grenzen“"


def test_an_apposition_in_the_dative_after_a_frame_source_is_no_relative_clause() -> None:
    s = only("Nach Angaben von Karl Muster, dem Leiter des Wetterdienstes hatten die Meteorologen "
             "vor Sturm gewarnt.")
    assert s.mention.text == "Angaben von Karl Muster, dem Leiter des Wetterdienstes"
    assert s.content_text == "hatten die Meteorologen vor Sturm gewarnt"


def test_nach_with_a_medium_of_the_gazetteer_is_a_frame() -> None:
    s = only("Im Frühjahr seien nach SPIEGEL ONLINE Gerüchte über Tötungen bekannt geworden.")
    assert (s.cue_lemma, s.mention.text) == ("nach", "SPIEGEL ONLINE")
    assert s.content_text == "Gerüchte über Tötungen bekannt geworden"
    assert extract("Der Zug fährt am Abend nach Berlin.") == []


def test_a_wie_clause_before_a_cue_verb_of_the_content_is_the_frame_not_the_content() -> None:
    s = only("Wie es in einer Erklärung der Behörde heißt, verbreite die Seite Propaganda.")
    assert (s.cue_lemma, s.content_text) == ("heißen", "verbreite die Seite Propaganda")


def test_a_second_predicate_of_the_same_subject_is_not_an_inverted_cue() -> None:
    statements = extract("Die Sprecherin Anna Beispiel bestätigte den Vorfall, nannte aber "
                         "keine Einzelheiten.")
    assert [(s.mention.text, s.content_text) for s in statements] == [
        ("Die Sprecherin Anna Beispiel", "keine Einzelheiten")]
    first, second = extract("Die Ministerin betonte, man müsse schnell handeln, und kündigte "
                            "ein Gesetz an.")
    assert (first.cue_lemma, first.content_text) == ("betonen", "man müsse schnell handeln")
    assert (second.cue_lemma, second.content_text) == ("ankündigen", "ein Gesetz")
    assert second.mention.text == "Die Ministerin"


def test_a_question_before_an_inverted_answer_is_not_its_content() -> None:
    statements = extract("Auf die Frage, ob er zurücktreten werde, antwortete der Minister: "
                         "„Nein.“")
    answer = next(s for s in statements if s.cue_lemma == "antworten")
    assert (answer.content_text, answer.direct_quote) == ("Nein.", "full")
    assert not any(s.content_text.startswith("Auf die Frage") for s in statements)
    s = only("Die Lage, die sich verschärft habe, sei ernst, sagte der Minister.")
    assert s.content_text == "Die Lage, die sich verschärft habe, sei ernst"


def test_a_pronoun_or_a_quoted_title_before_zufolge_is_the_source() -> None:
    s = only("Ihnen zufolge hat die Kandidatin die Mehrheit der Stimmen erhalten.")
    assert s.cue_lemma == "zufolge" and s.mention.text == "Ihnen"
    assert s.content_text == "hat die Kandidatin die Mehrheit der Stimmen erhalten"
    titled = only("Die Stadt will dem „Boten“ zufolge das alte Hallenbad schließen.")
    assert titled.mention.text == "dem „Boten“"

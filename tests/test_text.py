"""Sentences, tokens, offsets, tags and lemmas from graph.text, on the seed and invented text."""

from pathlib import Path

from newskg.graph.model import Document
from newskg.graph.text.quotes import QuoteIndex
from newskg.graph.text.tokens import tokenize_document, tokenize_text

SEED = Path(__file__).parent / "data" / "nordkorea-soldaten-russland.txt"


def test_offsets_index_the_original_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    sentences = tokenize_text(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_seed_headline_without_full_stop_is_its_own_sentence() -> None:
    sentences = tokenize_text(SEED.read_text(encoding="utf-8"))
    assert sentences[0].text.endswith("sagte Sprecher John Kirby")
    assert sentences[1].text.startswith("Sollten nordkoreanische Soldaten")
    assert len(sentences) == 17


def test_missing_full_stop_keeps_one_sentence_and_capital_mid_sentence() -> None:
    sentences = tokenize_text(SEED.read_text(encoding="utf-8"))
    briefing = next(s for s in sentences if "Mittwochnachmittag" in s.text)
    assert "eingedrungen seien Anfang dieses Monats wurden" in briefing.text
    selenskyj = next(s for s in sentences if "Selenskyj" in s.text)
    assert selenskyj.text.endswith("teilzunehmen Der Konflikt.")


def test_quotes_and_compounds_are_tokens() -> None:
    text = 'US-Verteidigungsminister Meier sagte: „Das ist gut.“ Er nannte den "Ukraine-Konflikt" ernst.'
    sentences = tokenize_text(text)
    words = [t.text for s in sentences for t in s.tokens]
    assert "US-Verteidigungsminister" in words
    assert "Ukraine-Konflikt" in words
    assert "„" in words and "“" in words and words.count('"') == 2
    marks = [t for s in sentences for t in s.tokens if t.text in "„“\""]
    assert all(t.pos == "$(" for t in marks)


def test_tags_and_lemmas() -> None:
    sentences = tokenize_text("Er fügte hinzu, dass die Soldaten gesagt hätten, es sei spät.")
    tokens = {t.text: t for t in sentences[0].tokens}
    assert tokens["fügte"].pos == "VVFIN" and tokens["fügte"].lemma == "fügen"
    assert tokens["hinzu"].pos == "PTKVZ"
    assert tokens["Soldaten"].lemma == "Soldat"
    assert tokens["gesagt"].pos == "VVPP" and tokens["gesagt"].lemma == "sagen"
    assert tokens["Er"].pos == "PPER"
    assert tokens["dass"].pos == "KOUS"


def test_document_gets_sentences_and_blank_lines_are_skipped() -> None:
    doc = Document(id="x", text="Titel ohne Punkt\n\n\nErster Satz. Zweiter Satz!\n")
    sentences = tokenize_document(doc)
    assert doc.sentences is sentences
    assert [s.text for s in sentences] == ["Titel ohne Punkt", "Erster Satz.", "Zweiter Satz!"]


def test_odd_input_does_not_crash() -> None:
    assert tokenize_text("") == []
    assert tokenize_text("   \n\n ") == []
    numbers = tokenize_text("1 2 3 4\n5.6 7,8")
    assert numbers and all(t.pos == "CARD" for s in numbers for t in s.tokens)
    html = tokenize_text("<html><body><p>Hallo Welt</p></body></html>")
    assert any(t.text == "Hallo" for s in html for t in s.tokens)
    long_line = "wort " * 10_000
    sentences = tokenize_text(long_line)
    assert sum(len(s.tokens) for s in sentences) == 10_000


def test_somajo_shortcuts_give_somajo_own_tokens_and_offsets() -> None:
    from newskg.graph.text import tokenizer
    from somajo import SoMaJo, alignment

    ours = tokenizer.somajo()
    inner = ours._tokenizer
    # The shortcuts are in place (else this test would compare SoMaJo with itself).
    assert isinstance(inner.abbreviation, tokenizer._NearStops)
    assert isinstance(inner.single_token_abbreviation, tokenizer._NearStops)
    for name in ("token_with_plus_ampersand", "email", "arrow", "gender_marker", "isbn",
                 "three_part_date_dmy", "time", "ordinal", "number_compound"):
        assert isinstance(getattr(inner, name), tokenizer._Needs), name
    assert getattr(alignment.token_offsets, "newskg_fast", False)
    plain = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    lines = [
        "Sie schrieb: „Gut gemacht 👍🏽“ und lachte 😂😂.",
        "Flaggen 🇩🇪🇺🇦, Herz ❤️ und Text:-) sowie ©2024 und Über-Ich.",
        "Ein ganz normaler Satz ohne Bildzeichen, mit Zahlen 3,5 und U.S.A.",
        "Prof. Dr. Meier u.a. sagte z.B. am 3. Jan. in der Hauptstr. 5, dass Nr. 7 fehlt.",
        "Die Abt.-Leiterin (vgl. S. 12 ff., Abs.3 bzw. Art. 5 GG) kam ca. 14.30 Uhr usw.",
        "Der e.V. und die GmbH & Co. KG, H&M, AT&T sowie C++ und Sat.1 oder E.ON AG.",
        "Café und Cafe\u0301 mit\u00a0Leerzeichen,\tTab und wei\u00adches Trennzeichen.",
        "Siehe www.example.org/a.html oder name@example.org, Tel.-Nr. 030/123 45-6.",
        "Am 24.12.2024 um 18.00 Uhr: 1.000 Euro, 3.5 Mio. Dollar und 2. Liga.Das war's.",
        "Abk.ohne Leerzeichen...und Punkte. A.B.C.D. Ende. Hr.Müller,Fr.Schulz.",
        "Mail an info@example.org oder an Herrn Müller; a -> b <-- c und Leser*innen.",
        "Schreiben Sie an name [at] example [dot] org bitte.",
        "Von hier ⇒ nach dort.",
        "Die Lehrer/innen-Gewerkschaft kam nicht.",
        "ISBN 978-3-16-148410-0 und 3-16-148410-X, am 3.10.1990 und 1990-10-03 um 14:30 Uhr.",
        "Am 9.9.99 um 9:59:59 Uhr: 9.999,- Euro, 9+9, 9/9, 99.9.9.9 und 9-fach, Art. 9 GG.",
        "Im WS23/24 kamen 127.0.0.1 und 3.2.1 vor, 10-20 Prozent, 7. Mai, 12/24.",
        "Ohne jede Ziffer, ohne Klammeraffen und ohne Pfeile, aber mit Text und Satzzeichen.",
    ]
    original = alignment.token_offsets
    try:
        for line in lines:
            found = [[(t.text, t.character_offset, t.token_class, t.original_spelling)
                      for t in s] for s in ours.tokenize_text([line])]
            alignment.token_offsets = original.__wrapped__  # SoMaJo's own offsets
            expected = [[(t.text, t.character_offset, t.token_class, t.original_spelling)
                         for t in s] for s in plain.tokenize_text([line])]
            alignment.token_offsets = original
            assert found == expected, line
    finally:
        alignment.token_offsets = original
    assert any(t.token_class == "emoticon" for s in ours.tokenize_text([lines[0]]) for t in s)
    assert any(t.token_class == "abbreviation" for s in ours.tokenize_text([lines[3]])
               for t in s)


def test_a_closing_mark_after_a_word_opens_no_quotation() -> None:
    text = "„Wir bleiben.\nDas ist sicher.“ Dann ging er."
    index = QuoteIndex(text)
    assert index.regions == [(0, text.index("\n") - 1)]
    assert not index.inside(text.index("Dann"))

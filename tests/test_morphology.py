"""newskg's evaluation of HanTa's model gives HanTa's own tag scores and lemmas, and is used.

The words are invented or general German vocabulary, not taken from any corpus.
"""

import importlib.util
import types
from pathlib import Path

import pytest
from newskg.graph.text import morphology, word_tags
from newskg.graph.text.morphology import Morphology

_WORD_TEXT = """
Haus Häuser Hauses Bundesregierung Regierungssprecher Regierungssprecherin Sprecherinnen
Bürgermeisterwahl Landtagsabgeordneter Ministerpräsidentin Gesundheitsministerium
Verkehrsunfall Unfallursache Feuerwehrleute Polizeibeamte Staatsanwaltschaft Bahnhof
Donaudampfschifffahrt Kraftfahrzeughaftpflichtversicherung Straße Fußgängerzone Schule
Kinder Kindergarten Mädchen Frauen Männer Menschen Leute Jahr Jahren Jahrhunderts Woche
Montag Dienstag Januar Dezember Uhr Prozent Euro Millionen Milliarden Hälfte Drittel
gehen ging gegangen geht gingen laufen lief gelaufen sagen sagte gesagt sagten sagt
erklären erklärte erklärt erklärten betonen betonte kritisieren kritisierte kritisiert
verhandeln verhandelte verhandelten ankündigen kündigte angekündigt anzukündigen
zurückgetreten zurücktreten trat aufgestanden stattfinden stattgefunden teilnehmen
sein ist war waren gewesen haben hat hatte hätten werden wird wurde worden würde können
kann konnte müssen muss musste sollen soll sollte dürfen darf wollen will wollte mögen
gut besser beste schön schöner schönsten neu neue neuen neuester alt älter ältesten groß
größere größten klein politisch politische wirtschaftlichen deutsch deutsche deutschen
europäisch europäischen französischen amerikanischer schnell langsam heute gestern morgen
bereits noch nicht nie immer oft hier dort dabei darüber deshalb trotzdem jedoch aber und
oder denn weil dass ob wenn als wie der die das den dem des ein eine einen einem einer
eines kein keine ich du er sie es wir ihr mich mir dich dir ihn ihm uns euch ihnen sich
mein meine dein sein ihre unser euer dieser diese dieses jener jene welche welcher man
jemand niemand alle alles viele wenige mehrere einige zu zum zur im am vom beim ins ans
auf aus bei mit nach seit von vor über unter zwischen gegen ohne durch für um bis ab
Berlin Hamburg München Köln Wien Zürich Paris London Moskau Washington Peking Europa
Deutschland Österreich Schweiz Frankreich Russland Ukraine China Amerika Afrika Asien
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter
Anna Peter Thomas Maria Michael Sabine Klaus Ursula Wolfgang Monika Jürgen Brigitte
UNO NATO EU USA BRD DDR SPD CDU CSU FDP ARD ZDF ORF BBC CNN AFP dpa Reuters GmbH AG
iPhone eBay McDonald's YouTube WhatsApp E-Mail E-Mails US-Präsident Ost-West-Konflikt
Nord-Süd-Gefälle Baden-Württemberg Nordrhein-Westfalen Schleswig-Holstein Rheinland-Pfalz
Mecklenburg-Vorpommern Sachsen-Anhalt Hals-Nasen-Ohren-Arzt Corona-Krise Covid-19
Ex-Kanzler Vize-Präsident Anti-Terror-Gesetz Pro-Kopf-Einkommen Know-how Make-up
Windräder Photovoltaikanlagen Wasserstoffnetz Klimaschutzgesetz Energiewende Atomausstieg
unglaublich unverständlich Unverständnis Zusammenarbeit zusammenarbeiten zusammengearbeitet
Vorschlag vorgeschlagen vorschlagen Beschluss beschlossen beschließen Entscheidung
entschieden entscheiden Untersuchung untersucht untersuchen Ermittlungen ermittelt
Abgeordnete Abgeordneten Angeklagte Angeklagten Verletzte Verletzten Tote Toten Gefangene
xyzzy qwertz blubbern Schnurzelpurz Flibbertigibbet Zwockelmann Grünbergerstraße Quarkwald
1990 2024 3,5 12.000 1.000.000 2. 80er 1990er 3D 5G 19-Jährige 30-jährigen 100%
"""
BASE_WORDS = _WORD_TEXT.split()

ODD_FORMS = ["a", "A", "ü", "Ü", "ß", "ẞ", "İstanbul", "ǅemal", "Cafe\u0301", "Ärger",
             "---", "…", "’", "``", "''", "\"", "´", "😂", "http://example.org/a", "www.x.de",
             "name@example.org", "@nutzer", "#Thema", "U.S.A.", "z.B.", "Dr.", "St.",
             "x" * 40, "Donau" * 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "3D-Drucker", "A380",
             "Tel.-Nr.", "e.V.", "H&M", "C++", "ÖPNV", "ÄÖÜ", "äöü", "Æsir", "Øresund"]


def _forms() -> list[str]:
    forms: dict[str, None] = {}
    for word in BASE_WORDS + ODD_FORMS:
        for form in (word, word.lower(), word.capitalize(), word.upper()):
            forms.setdefault(form, None)
    return list(forms)


@pytest.fixture(scope="module")
def fast() -> Morphology:
    from HanTa import HanoverTagger

    return Morphology(HanoverTagger.HanoverTagger(word_tags.HANTA_MODEL))


def _exactness_module() -> types.ModuleType:
    """``bench/hanta_exactness.py``, the comparison run on whole corpora."""
    path = Path(__file__).resolve().parents[1] / "bench" / "hanta_exactness.py"
    spec = importlib.util.spec_from_file_location("hanta_exactness", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tag_scores_lemmas_and_tables_equal_hanta_on_hundreds_of_forms(
        fast: Morphology) -> None:
    forms = _forms()
    assert len(forms) > 500
    differences: list[tuple] = []
    mismatches, tables = _exactness_module().compare(
        fast, forms, lambda word, ours, hanta: differences.append((word, ours, hanta)))
    assert mismatches == 0, differences[:3]
    assert tables > 1000  # HanTa's own tables, row by row, were compared too
    assert fast.fast and fast.fallbacks == 0  # every answer came from this module


def test_unknown_words_and_readings_without_a_path_are_handled(fast: Morphology) -> None:
    tagger = fast.tagger
    # No analysis reaches this end tag: HanTa reads the word as one unknown morpheme.
    assert fast.lemma("einen", "VV(INF)") == tagger.analyze("einen", pos="VV(INF)",
                                                             taglevel=1)[0]
    for word in ("Zwockelmannsche", "quarkwaldig", "blubberte"):
        assert fast.tag_word(word, 10) == tagger.tag_word(word, cutoff=10)
        assert fast._tag_scores(word, 10)  # computed here, not by HanTa
    assert fast.fallbacks == 0


def test_hanta_answers_for_a_model_of_another_shape(fast: Morphology) -> None:
    tagger = fast.tagger
    odd = types.SimpleNamespace(**vars(tagger))
    odd.LP_s_t = dict(tagger.LP_s_t)
    first = next(iter(odd.LP_s_t))
    odd.LP_s_t[first] = {k: v for k, v in odd.LP_s_t[first].items() if k}  # no "" suffix
    odd.tag_word = tagger.tag_word
    odd.analyze = tagger.analyze
    other = Morphology(odd)
    assert not other.fast
    assert other.tag_word("Regierungssprecher", 10) == tagger.tag_word("Regierungssprecher",
                                                                        cutoff=10)
    assert other.fallbacks == 1


def test_newskg_reads_words_through_this_module() -> None:
    assert isinstance(word_tags._tagger(), Morphology)
    assert word_tags._analyse("Regierungssprecher") == ("NN", "Regierungssprecher")
    assert word_tags._analyse("Häuser") == ("NN", "Haus")
    assert word_tags._analyse("gegangen") == ("VVPP", "gehen")


def test_cache_key_changes_with_this_module(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = word_tags.cache_key()
    changed = tmp_path / "morphology.py"
    changed.write_bytes(Path(morphology.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(morphology, "__file__", str(changed))
    assert word_tags.cache_key() != before


def test_a_new_cache_directory_forgets_earlier_words(tmp_path: Path) -> None:
    word_tags.use_cache_dir(None)
    fast = word_tags._tagger()
    assert word_tags.tag_word("Zwockelmannsche")[0]
    assert fast._forwarded and fast._guess_memo[False]
    word_tags.use_cache_dir(tmp_path)  # as the benchmark does before its cold pass
    assert not fast._forwarded and not fast._guess_memo[False]
    word_tags.use_cache_dir(None)

"""The word-tag cache file: read back by the next process, safe when corrupt or unwritable."""

import json
import os
from pathlib import Path

import pytest
from newskg.graph.text import word_tags
from newskg.graph.text.tokens import tokenize_text
from newskg.graph.text.word_tags import WordTagCache, tag_word, use_cache_dir


@pytest.fixture()
def cache_dir(tmp_path: Path):
    use_cache_dir(tmp_path)
    yield tmp_path
    use_cache_dir(None)


def _cache_file(directory: Path) -> Path:
    files = list(directory.glob("word-tags-*.json"))
    assert len(files) == 1
    return files[0]


def test_readings_are_saved_and_read_back_without_hanta(cache_dir: Path) -> None:
    assert tag_word("Soldaten") == ("NN", "Soldat")
    assert word_tags.save_cache()
    saved = json.loads(_cache_file(cache_dir).read_text(encoding="utf-8"))["words"]
    assert saved["Soldaten"] == ["NN", "Soldat"]
    # A planted reading proves that the next process answers from the file.
    _cache_file(cache_dir).write_text(
        json.dumps({"words": {"Soldaten": ["NN", "Planted"]}}), encoding="utf-8")
    use_cache_dir(cache_dir)
    assert tag_word("Soldaten") == ("NN", "Planted")


def test_tokens_are_the_same_with_a_cold_and_a_warm_cache(cache_dir: Path) -> None:
    text = "Er fügte hinzu, dass die Soldaten gesagt hätten, es sei spät.\nLaut Kirby ja."
    cold = [(t.text, t.pos, t.lemma) for s in tokenize_text(text) for t in s.tokens]
    word_tags.save_cache()
    use_cache_dir(cache_dir)
    assert word_tags._disk_cache().get("fügte") == ("VVFIN", "fügen")
    warm = [(t.text, t.pos, t.lemma) for s in tokenize_text(text) for t in s.tokens]
    assert warm == cold


def test_corrupt_file_is_ignored_and_replaced(cache_dir: Path) -> None:
    path = cache_dir / f"word-tags-{word_tags.cache_key()}.json"
    for junk in ("{not json", '{"words": [1, 2]}', "[]", '{"words": {"Regierung": ["NN"]}}',
                 '{"words": {"Regierung": [1, 2]}}', '{"words": {"Regierung": "NN"}}', "\x00"):
        path.write_text(junk, encoding="utf-8")
        assert use_cache_dir(cache_dir).get("Regierung") is None
    assert tag_word("Regierung") == ("NN", "Regierung")
    assert word_tags.save_cache()
    assert "Regierung" in json.loads(path.read_text(encoding="utf-8"))["words"]


def test_unwritable_directory_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    cache = use_cache_dir(blocked / "newskg")
    try:
        assert tag_word("Minister") == ("NN", "Minister")
        assert cache.save() is False
    finally:
        use_cache_dir(None)


def test_file_is_bounded_and_merges_with_other_processes(tmp_path: Path) -> None:
    path = tmp_path / "word-tags.json"
    other = WordTagCache(path, max_words=3)
    other.put("a", ("NN", "a"))
    assert other.save()
    ours = WordTagCache(path, max_words=3)
    for word in ("b", "c", "d"):
        ours.put(word, ("NN", word))
    assert ours.save()
    kept = json.loads(path.read_text(encoding="utf-8"))["words"]
    assert list(kept) == ["b", "c", "d"]  # the oldest entry went first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".word-tags-")]


def test_cache_location_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSKG_WORD_CACHE", "off")
    assert word_tags.default_cache_dir() is None
    monkeypatch.setenv("NEWSKG_WORD_CACHE", str(tmp_path / "mine"))
    assert word_tags.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("NEWSKG_WORD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert word_tags.default_cache_dir() == tmp_path / "newskg"
    assert os.path.basename(str(word_tags.default_cache_dir())) == "newskg"


def test_files_of_other_keys_are_removed_on_save(cache_dir: Path) -> None:
    stale = cache_dir / "word-tags-0000000000000000.json"
    stale.write_text('{"words": {}}', encoding="utf-8")
    unrelated = cache_dir / "notes.txt"
    unrelated.write_text("kept", encoding="utf-8")
    tag_word("Kanzler")
    assert word_tags.save_cache()
    assert not stale.exists() and unrelated.exists()
    assert _cache_file(cache_dir).name == f"word-tags-{word_tags.cache_key()}.json"

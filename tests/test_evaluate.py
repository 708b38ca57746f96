"""``newskg evaluate``: seed-format and Wikinews-format gold (graph/evaluate.py)."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from newskg.graph.evaluation import evaluate

DATA = Path(__file__).parent / "data"
GOLD = DATA / "seed-gold.json"
TEXT = DATA / "nordkorea-soldaten-russland.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    code = evaluate.run(parser.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seed_result():
    args = argparse.Namespace(text=str(TEXT), published=None, diff=True, limit=None)
    return evaluate.evaluate_file(GOLD, args)


def test_seed_meets_the_quality_targets(seed_result):
    parts = seed_result["parts"]
    assert parts["statements"]["correct"] == 14 and parts["statements"]["gold"] == 14
    assert parts["statements"]["predicted"] <= 15
    for name in ("speaker", "kind", "cue", "date", "numbers"):
        assert parts[name]["correct"] == 14, name
    assert parts["content_exact"]["correct"] >= 12
    assert parts["roles"]["recall"] == 100.0
    assert parts["actors"]["recall"] == 100.0  # every gold person, organization and state


def test_a_wrong_gold_shows_in_the_diff(tmp_path, capsys):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gold["statements"][0]["speaker"] = "Lloyd Austin"
    gold["statements"].append({**gold["statements"][1], "content": "ganz anderer Inhalt hier"})
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path / "gold.json"), "--text", str(TEXT), "--diff")
    assert code == 0
    assert "speaker: gold='Lloyd Austin' predicted='John Kirby'" in out
    assert "missed   'ganz anderer Inhalt hier'" in out
    code, out, _ = run(capsys, str(GOLD), "--text", str(TEXT), "--json")
    before = json.loads(out)[0]["parts"]["speaker"]
    code, out, _ = run(capsys, str(tmp_path / "gold.json"), "--text", str(TEXT), "--json")
    speaker = json.loads(out)[0]["parts"]["speaker"]
    assert (speaker["correct"], speaker["gold"]) == (before["correct"] - 1, before["gold"] + 1)


def test_wikinews_format_is_scored_with_the_span_metric(tmp_path, capsys):
    text = ("Der Bürgermeister Hans Berger sagte am Montag: „Die Brücke wird im Mai eröffnet.“ "
            "Die Opposition kritisierte den Plan.")
    start = text.index("„")
    end = text.index("“") + 1
    speaker = text.index("Hans Berger")
    article = {
        "id": "a1", "published": "2023-03-01", "text": text,
        "quotes": [{
            "type": "Direct", "nested": False,
            "quote": {"text": text[start:end], "spans": [[start, end]]},
            "speaker": {"text": "Hans Berger", "spans": [[speaker, speaker + 11]]},
        }],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--json")
    result = json.loads(out)[0]
    assert code == 0 and result["format"] == "wikinews"
    assert result["counts"]["gold_quotations"] == 1
    assert result["parts"]["message"]["recall"] > 80
    assert result["parts"]["speaker"]["recall"] > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gold file not found"),
        ("{not json", "is not JSON"),
        ('{"statements": []}', "article text not found"),
        ('[1, 2]', "an object with \"statements\""),
        ('{"statements": [{"speaker": "X"}]}', "statement 0 lacks kind, cue"),
        ('{"statements": [], "persons": [{"name": "X", "roles": [{}]}]}', "roles with titles"),
    ],
)
def test_bad_gold_gives_one_error_line(tmp_path, capsys, content, message):
    path = tmp_path / "gold.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 1 and out == ""
    assert err.startswith("newskg: error: ") and message in err and err.count("\n") == 1


def test_command_line(tmp_path):
    script = Path(sys.executable).parent / "newskg"
    done = subprocess.run(
        [str(script), "evaluate", str(GOLD), "--text", str(TEXT)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "statements" in done.stdout and "F1" in done.stdout
    bad = subprocess.run([str(script), "evaluate", str(tmp_path / "none.json")],
                         check=False, capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_bad_wikinews_gold_gives_one_error_line(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    article = {"id": "a", "text": "kurz", "quotes": [{"quote": {"spans": [[0, 99]]}}]}
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1 and "the quote of a quotation has bad spans" in err
    path.write_text("kein json\n{}\n", encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1 and "line 1 is not JSON" in err
    code, _, err = run(capsys, str(GOLD), "--limit", "0")
    assert code == 1 and "--limit" in err

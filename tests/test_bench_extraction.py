"""bench.extraction end to end in a child process (it pins itself to one core)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("NEWSKG_WORD_CACHE", None)
    return subprocess.run([sys.executable, "-m", "bench.extraction", *args], check=False,
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_reports_cold_warm_and_cache_file_figures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"a{n}", "published": "2024-10-24",
                         "text": f"Minister Meier sagte am Montag: „Wir bauen {n} Brücken.“"})
             for n in range(200)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _run(["--corpus", str(corpus), "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["articles"] == 200 and result["words"] == 200 * 9
    for figure in ("words_per_second", "words_per_second_warm", "words_per_second_cache_file"):
        assert result[figure] > 0
    assert set(result["stages"]) == {"text", "mentions", "numbers", "time", "statements",
                                     "events"}
    # The cold pass used a temporary cache directory, never the user's.
    assert not (tmp_path / "cache").exists()


def test_too_small_or_broken_corpus_is_one_line_error(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"text": "Ein Satz."}) + "\n", encoding="utf-8")
    done = _run(["--corpus", str(small)], tmp_path)
    assert done.returncode == 1 and "at least 200" in done.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{nope\n", encoding="utf-8")
    done = _run(["--corpus", str(broken)], tmp_path)
    assert done.returncode == 1 and "not JSON" in done.stderr and "Traceback" not in done.stderr

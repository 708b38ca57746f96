"""Running the ``newskg`` command line as a subprocess, and the seed article's path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "nordkorea-soldaten-russland.txt"


def newskg(*args: str, env: dict | None = None, stdin: bytes | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the command (without the caller's NEWSKG_ settings, plus ``env``); returns the
    CompletedProcess with its output decoded as ``out`` and ``err``."""
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    run_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "newskg.cli", *args],
        input=stdin, capture_output=True, env=run_env, timeout=timeout, check=False,
    )
    done.out = done.stdout.decode("utf-8")  # type: ignore[attr-defined]
    done.err = done.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return done


def assert_one_line_error(done, fragment: str, code: int | None = None) -> None:
    assert done.returncode != 0
    if code is not None:
        assert done.returncode == code
    lines = done.err.splitlines()
    assert len(lines) == 1, done.err
    assert lines[0].startswith("newskg: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in done.err

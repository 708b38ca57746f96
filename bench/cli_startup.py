"""Start-up of ``newskg --help``: the argparse command line against the same one in Click.

Why: the command line is started by scripts and shells many times (completion, `| head`), so
its start-up is what a user feels. The Click variant is generated from the argparse parser
(same subcommands, same options), written to a temporary module and run the same way.

    python -m bench.cli_startup [--runs 15]

Prints the median and the range of wall times in milliseconds for each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newskg.cli import build_parser


def click_source() -> str:
    """A Click program with newskg's subcommands and options (help texts only)."""
    parser = build_parser(["--help"])
    lines = ["import click", "", "@click.group(help='newskg')",
             "@click.option('--store')", "@click.option('--base')", "@click.version_option('0')",
             "def cli(store, base):", "    pass", ""]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        fn = name.replace("-", "_")
        lines.append(f"@cli.command({name!r}, help={(command.description or '')!r})")
        params = []
        for action in command._actions:
            if not action.option_strings or action.dest in ("help",):
                continue
            flag = max(action.option_strings, key=len)
            dest = action.dest.replace("-", "_")
            params.append(dest)
            lines.append(f"@click.option({flag!r}, {dest!r}, help={(action.help or '')!r})")
        lines.append(f"def {fn}(**kwargs):")
        lines.append("    pass")
        lines.append("")
    lines += ["if __name__ == '__main__':", "    cli()"]
    return "\n".join(lines) + "\n"


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=15)
    runs = options.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        click_app = Path(folder) / "newskg_click.py"
        click_app.write_text(click_source(), encoding="utf-8")
        variants = {
            "argparse": [sys.executable, "-m", "newskg.cli", "--help"],
            "click": [sys.executable, str(click_app), "--help"],
        }
        results = {name: [] for name in variants}
        for _ in range(runs):  # alternate, so drift of a shared machine hits both alike
            for name, command in variants.items():
                results[name] += timed(command, 1)
    for name, times in results.items():
        print(f"{name:9} median {statistics.median(times):6.1f} ms  "
              f"(min {min(times):.1f}, max {max(times):.1f}, {runs} runs)")


if __name__ == "__main__":
    main()

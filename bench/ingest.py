"""Ingest throughput at scale: articles/s, words/s, peak memory and store size.

    python -m bench.ingest --articles 1000 10000 [--targets embedded oxigraph]
                           [--engines jobs1 jobs2 dask] [--json out.json]

For each corpus size a synthetic corpus is generated (``bench/corpus.py``, seed 1) and
ingested by ``newskg ingest`` as a separate process, once per store (the embedded store in a
fresh directory; a fresh ``oxigraph serve`` on a free loopback port) and per engine
(``--jobs 1``, ``--jobs 2``, and a Dask cluster of a scheduler and two single-threaded
``dask worker`` processes started here). Every run starts with an empty word-tag cache
(cold, as on a new machine). The writer's CPU time (reading, checking the store, writing; with
``--jobs 1`` also the analysis) shows how much of the work one process must do serially.
The CPU time of all the run's processes together (writer, forkserver, workers, Dask workers)
and the machine's idle CPU time during the run show the split: on two cores a run cannot take
less wall time than half its CPU time, and idle time is what the run left unused (or, on a
shared machine, what nobody used). ``--runs N`` alternates the engines N times and reports
each engine's median run.
Peak memory: the writer's own peak, and the peak of all the
run's processes together (writer, its worker processes, the Dask workers), sampled every
0.2 s. Each line also gives the load average at its end: the machine's other work lowers
the figures. The store size is the store directory on disk after the run. Recall: the statements found
in the store are compared with those the generator put in (speaker and kind per article).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
_PROBE = (
    "import resource, sys\nfrom newskg.cli import main\n"
    "if __name__ == '__main__':\n    code = main(sys.argv[1:])\n"
    "    use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print('PEAK', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
    "    sys.exit(code)\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tool(name: str) -> str:
    script = Path(sys.executable).with_name(name)
    return str(script) if script.exists() else name


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def oxigraph_server(directory: Path):
    """A fresh ``oxigraph serve`` over ``directory``; yields its URL."""
    port = _free_port()
    process = subprocess.Popen(
        [_tool("oxigraph"), "serve", "--location", str(directory), "--bind",
         f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        _stop(process)


@contextmanager
def dask_cluster(workers: int = 2):
    """A scheduler and ``workers`` single-threaded worker processes; yields (address, pids)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [subprocess.Popen(
        [_tool("dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", f"127.0.0.1:{_free_port()}", "--no-show"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(3)
        for _ in range(workers):
            processes.append(subprocess.Popen(
                [_tool("dask"), "worker", address, "--nthreads", "1", "--no-nanny", "--host",
                 "127.0.0.1", "--no-dashboard", "--memory-limit", "0"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address, [p.pid for p in processes[1:]]
    finally:
        for process in reversed(processes):
            _stop(process)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[float, float]:
    """(idle, busy) CPU seconds of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    idle = fields[3] + fields[4]
    return idle / os.sysconf("SC_CLK_TCK"), (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def _group(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
            members.append(int(entry))
    return members


def run_ingest(store: str, corpus: Path, engine: list[str], cache: Path,
               also: list[int] = ()) -> dict:
    """One ``newskg ingest`` process; its wall time and peak memory.

    Memory is sampled every 0.2 s: the writer's own peak (from the kernel), and the peak sum
    over the writer, its worker processes and the processes ``also`` (the Dask workers).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    env["XDG_CACHE_HOME"] = str(cache)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _PROBE, "--store", store, "ingest", str(corpus), *engine,
         "--log-every", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT,
        start_new_session=True)
    total = 0
    cpu: dict[int, float] = {}  # the last CPU time seen of each of the run's processes
    idle_before, busy_before = _machine_cpu()
    while process.poll() is None:
        members = [*_group(process.pid), *also]
        total = max(total, sum(_rss_kb(pid) for pid in members))
        for pid in members:
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu_s(pid))
        time.sleep(0.2)
    err = process.stderr.read().decode()
    seconds = time.perf_counter() - started
    idle_after, busy_after = _machine_cpu()
    if process.returncode != 0:
        raise RuntimeError(f"ingest failed ({process.returncode}): {err[-2000:]}")
    peak = next(line.split() for line in err.splitlines() if line.startswith("PEAK "))
    return {"seconds": seconds, "writer_mb": int(peak[1]) / 1024, "all_mb": total / 1024,
            "writer_cpu_s": float(peak[2]),
            # every process of the run (the writer sampled last at 0.2 s before its end)
            "all_cpu_s": sum(cpu.values()) - cpu.get(process.pid, 0.0) + float(peak[2]),
            "machine_idle_s": idle_after - idle_before,
            "machine_busy_s": busy_after - busy_before,
            "summary": err.splitlines()[-2]}


def recall(store: str, gold: Path) -> dict:
    """Statements the generator put in that the store has: by (article, speaker, kind), and
    by (article, speaker) alone (the kind depends on the extractor's reading of the context,
    the speaker only on finding the statement)."""
    done = subprocess.run([sys.executable, "-m", "newskg.cli", "--store", store, "query",
                           "statements", "--format", "json"],
                          capture_output=True, check=True, cwd=ROOT)
    found: Counter = Counter()
    for row in json.loads(done.stdout)["results"]["bindings"]:
        doc = row["document"]["value"].rsplit("/", 1)[1]
        found[(doc, row["speakerName"]["value"], row["kind"]["value"])] += 1
    expected: Counter = Counter()
    with gold.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for s in record["statements"]:
                expected[(record["id"], s["speaker"], s["kind"])] += 1
    speakers_found: Counter = Counter()
    speakers_expected: Counter = Counter()
    for (doc, speaker, _), n in found.items():
        speakers_found[(doc, speaker)] += n
    for (doc, speaker, _), n in expected.items():
        speakers_expected[(doc, speaker)] += n
    total = max(1, sum(expected.values()))
    hit = sum(min(n, found[key]) for key, n in expected.items())
    speakers = sum(min(n, speakers_found[key]) for key, n in speakers_expected.items())
    return {"expected": total, "found": hit, "recall": hit / total,
            "speaker_recall": speakers / total}


ENGINES = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"], "dask": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--targets", nargs="+", default=["embedded", "oxigraph"],
                        choices=("embedded", "oxigraph"))
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds over the engines, alternating; the median is reported")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        cluster = stack.enter_context(dask_cluster()) if "dask" in args.engines else None
        for count in args.articles:
            corpus, gold = root / f"corpus-{count}.jsonl", root / f"gold-{count}.jsonl"
            words = write_corpus(corpus, count, seed=1, gold=gold)
            for target in args.targets:
                rounds: dict[str, list[dict]] = {}
                for engine in [e for _ in range(max(1, args.runs)) for e in args.engines]:
                    flags = ENGINES[engine] or ["--cluster", cluster[0]]
                    also = cluster[1] if engine == "dask" else []
                    where = root / f"{target}-{engine}-{count}"
                    cache = root / f"cache-{target}-{engine}-{count}"
                    with ExitStack() as run_stack:
                        store = (str(where) if target == "embedded" else
                                 run_stack.enter_context(oxigraph_server(where)))
                        run = run_ingest(store, corpus, flags, cache, also)
                        first = engine == args.engines[0] and engine not in rounds
                        score = recall(store, gold) if first else None
                    row = {"articles": count, "words": words, "target": target,
                           "engine": engine, **run, "store_mb": _size(where) / 1_048_576,
                           "articles_per_s": count / run["seconds"],
                           "words_per_s": words / run["seconds"], "recall": score}
                    rounds.setdefault(engine, []).append(row)
                    print(_line(row), flush=True)
                    shutil.rmtree(where, ignore_errors=True)
                    shutil.rmtree(cache, ignore_errors=True)
                results += _medians(rounds, args.runs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _medians(rounds: dict[str, list[dict]], runs: int) -> list[dict]:
    """Each engine's run of median wall time (printed when there were several rounds)."""
    chosen = []
    for rows in rounds.values():
        ordered = sorted(rows, key=lambda row: row["seconds"])
        median = dict(ordered[len(ordered) // 2], runs=[row["seconds"] for row in rows])
        median["recall"] = next((row["recall"] for row in rows if row["recall"]), None)
        if runs > 1:
            print(f"median of {len(rows)} ({', '.join(f'{s:.1f}' for s in median['runs'])} s): "
                  + _line(median), flush=True)
        chosen.append(median)
    return chosen


def _line(row: dict) -> str:
    score = row["recall"]
    shown = (f" recall {score['found']}/{score['expected']} = {score['recall']:.3f}, speakers "
             f"{score['speaker_recall']:.3f}" if score else "")
    return (f"| {row['articles']:,} | {row['target']} | {row['engine']} | "
            f"{row['seconds']:.1f} | {row['writer_cpu_s']:.1f} | {row['all_cpu_s']:.1f} | "
            f"{row['machine_idle_s']:.1f} | {row['articles_per_s']:.1f} | "
            f"{row['words_per_s']:,.0f} | "
            f"{row['writer_mb']:.0f} | {row['all_mb']:.0f} | {row['store_mb']:.0f} | "
            f"{os.getloadavg()[0]:.1f} |{shown}")


if __name__ == "__main__":
    sys.exit(main())

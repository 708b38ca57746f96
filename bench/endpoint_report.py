"""``bench/RESULTS.md`` from the figures of ``bench.endpoint``: every ratio against Oxigraph."""

from __future__ import annotations

import json
import sys
from pathlib import Path

REFERENCES = ("oxigraph-disk", "oxigraph-memory")


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}×" if reference else "–"


def _size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# Endpoint benchmark: newskg beside Oxigraph",
        "",
        ("Written by `python -m bench.endpoint` (bench/README.md says how it measures). "
        f"Run of {m['date']} on {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}; load "
        f"average at the start {', '.join(map(str, m['load_average']))}, at the end "
        f"{', '.join(map(str, m.get('load_average_end', [])))}. Seed {report['seed']}; each "
        f"parameter set sent {report['rounds']}× per run; concurrency "
        f"{' and '.join(map(str, report['concurrency']))}. The machine is shared, so only the "
        "ratios within one run are comparable."),
        "",
    ]
    lines += _targets(report["sizes"])
    for size in report["sizes"]:
        lines += _size_section(size)
    if len(report["sizes"]) > 1:
        lines += _growth(report["sizes"])
    return "\n".join(lines) + "\n"


def _size_section(size: dict) -> list[str]:
    servers = size["servers"]
    name = _size_name(size["size"])
    lines = [f"## {name}: {size['quads']:,} quads, {size['documents']:,} documents", ""]
    if "date" in size:
        lines += [(f"Measured {size['date']}; load average "
                  f"{', '.join(map(str, size['load_average']))} at the start, "
                  f"{', '.join(map(str, size.get('load_average_end', [])))} at the end."), ""]
    loads = size["load_seconds"]
    lines += ["| load | seconds | speed vs `oxigraph load` |", "|---|---:|---:|"]
    for server, seconds in loads.items():
        lines.append(f"| {server} | {seconds:.1f} | "
                     f"{_ratio(loads.get('oxigraph-disk', 0), seconds)} |")
    lines += ["", ("| mix | server | QPS | p50 ms | p95 ms | p99 ms | QPS vs disk / memory "
              "Oxigraph | p99 vs disk / memory Oxigraph | failed |"),
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    runs = sorted({key for s in servers.values() for key in s["runs"]})
    for run in runs:
        for server, data in servers.items():
            r = data["runs"].get(run)
            if r is None:
                continue
            o = r["overall"]
            refs = [servers.get(ref, {}).get("runs", {}).get(run) for ref in REFERENCES]
            qps = " / ".join(_ratio(r["qps"], ref and ref["qps"]) for ref in refs)
            p99 = " / ".join(_ratio(o["p99"], ref and ref["overall"]["p99"]) for ref in refs)
            lines.append(f"| {run} | {server} | {r['qps']:.1f} | {_ms(o['p50'])} | "
                         f"{_ms(o['p95'])} | {_ms(o['p99'])} | {qps} | {p99} | {r['failed']} |")
    lines += ["", ("| server | memory (PSS of the server and its children, MiB) | vs disk / "
              "memory Oxigraph |"), "|---|---:|---:|"]
    for server, data in servers.items():
        refs = " / ".join(_ratio(data["pss_mib"], servers.get(ref, {}).get("pss_mib"))
                          for ref in REFERENCES)
        lines.append(f"| {server} | {data['pss_mib']} | {refs} |")
    for server, data in servers.items():
        if "runaway" in data:
            boom = data["runaway"]
            lines += ["", (f"Runaway query on {server} (cross product under ORDER BY): "
                          f"{boom['runaway']}; a second client meanwhile: {boom['other_client']}.")]
    lines += ["", *_per_query(servers), "", *_answers(servers)]
    return [*lines, ""]


def _per_query(servers: dict) -> list[str]:
    """Per query: cold (first, uncached) median and warm p50/p99 at concurrency 4."""
    names = list(servers)
    header = "| query | " + " | ".join(
        f"{n} cold p50 | {n} p50 @4 | {n} p99 @4" for n in names) + " |"
    lines = [("Per query (ms): cold = first answer to each parameter set (nothing cached); "
             "@4 = in the run at concurrency 4."), "", header,
             "|---|" + "---:|" * (3 * len(names))]
    first = next(iter(servers.values()))
    for key in first["warm_up"]["cold"]:
        mix, query = key.split("/", 1)
        cells = []
        for data in servers.values():
            cold = data["warm_up"]["cold"].get(key, {}).get("p50")
            warm = data["runs"].get(f"{mix}@4", {}).get("per_query", {}).get(query, {})
            cells += [_ms(cold) if cold is not None else "–",
                      _ms(warm["p50"]) if warm else "–", _ms(warm["p99"]) if warm else "–"]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return lines


def _answers(servers: dict) -> list[str]:
    """Answer sizes compared with the first Oxigraph server's, request by request."""
    reference = next((servers[r] for r in REFERENCES if r in servers), None)
    if reference is None:
        return []
    wanted = reference["warm_up"]["sizes"]
    lines = []
    total = 0
    for name, data in servers.items():
        differing = []
        for key, sizes in data["warm_up"]["sizes"].items():
            total += len(sizes)
            for i, (got, want) in enumerate(zip(sizes, wanted.get(key, []), strict=False)):
                if got != want:
                    differing.append(f"{key}#{i}: {got} vs {want}")
        lines.append(f"- {name}: " + ("every answer has Oxigraph's size (rows, triples, "
                                      "boolean)" if not differing else
                                      f"{len(differing)} answers differ: "
                                      + "; ".join(differing[:8])))
    return ["Answers checked against Oxigraph:", "", *lines]


def _growth(sizes: list[dict]) -> list[str]:
    """Per canned query, the cold median at each size for each server."""
    names = [_size_name(s["size"]) for s in sizes]
    servers = [n for n in sizes[0]["servers"]]
    lines = ["## Growth of the canned queries (cold median, ms, nothing cached)", "",
             "| query | server | " + " | ".join(names) + " |",
             "|---|---|" + "---:|" * len(names)]
    keys = [k for k in sizes[0]["servers"][servers[0]]["warm_up"]["cold"]
            if k.startswith("canned/")]
    for key in keys:
        for server in servers:
            cells = []
            for s in sizes:
                cold = s["servers"].get(server, {}).get("warm_up", {}).get("cold", {}).get(key)
                cells.append(_ms(cold["p50"]) if cold else "–")
            lines.append(f"| {key.split('/', 1)[1]} | {server} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _targets(sizes: list[dict]) -> list[str]:
    """The issue's targets, each against Oxigraph in newskg's storage mode (on disk)."""
    lines = ["## Targets (newskg as shipped against `oxigraph-disk`, the same storage mode)", "",
             "| size | target | measured | |", "|---|---|---:|---|"]
    for size in sizes:
        name = _size_name(size["size"])
        servers = size["servers"]
        ours, ref = servers.get("newskg"), servers.get("oxigraph-disk")
        if not ours or not ref:
            continue
        adhoc, adhoc_ref = ours["runs"].get("ad-hoc@4"), ref["runs"].get("ad-hoc@4")
        if adhoc and adhoc_ref:
            qps = adhoc["qps"] / adhoc_ref["qps"]
            p99 = adhoc["overall"]["p99"] / adhoc_ref["overall"]["p99"]
            lines.append(f"| {name} | ad-hoc mix @4: QPS ≥ 0.9× | {qps:.2f}× | {_mark(qps >= 0.9)} |")
            lines.append(f"| {name} | ad-hoc mix @4: p99 ≤ 1.3× | {p99:.2f}× | {_mark(p99 <= 1.3)} |")
        canned, canned_ref = ours["runs"].get("canned@4"), ref["runs"].get("canned@4")
        if canned and canned_ref:
            qps = canned["qps"] / canned_ref["qps"]
            lines.append(f"| {name} | canned mix @4: QPS ≥ 3× | {qps:.1f}× | {_mark(qps >= 3)} |")
            warm = [(q, v["p50"]) for q, v in canned["per_query"].items()]
            slow = [q for q, p50 in warm if p50 >= 100]
            lines.append(f"| {name} | every canned query < 100 ms median (as served, @4) | "
                         f"max {max(p for _, p in warm):.1f} ms | {_mark(not slow)} |")
            cold = {k.split("/", 1)[1]: v["p50"] for k, v in ours["warm_up"]["cold"].items()
                    if k.startswith("canned/")}
            slow_cold = sorted(q for q, p50 in cold.items() if p50 >= 100)
            lines.append(f"| {name} | … and cold (first answer, nothing cached) | "
                         f"{len(cold) - len(slow_cold)} of {len(cold)} under 100 ms | "
                         f"{_mark(not slow_cold)}{': ' + ', '.join(slow_cold) if slow_cold else ''} |")
        memory = ours["pss_mib"] / ref["pss_mib"]
        lines.append(f"| {name} | server memory ≤ 1.5× | {memory:.2f}× | {_mark(memory <= 1.5)} |")
        loads = size["load_seconds"]
        if "newskg" in loads and "oxigraph-disk" in loads:
            speed = loads["oxigraph-disk"] / loads["newskg"]
            lines.append(f"| {name} | `newskg load` ≥ 0.8× `oxigraph load` | {speed:.2f}× | "
                         f"{_mark(speed >= 0.8)} |")
        if "runaway" in ours:
            stopped = ours["runaway"]["runaway"].startswith("503")
            lines.append(f"| {name} | time limit stops a runaway query, others answered | "
                         f"{ours['runaway']['runaway']}; other client {ours['runaway']['other_client']} "
                         f"| {_mark(stopped)} |")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.endpoint_report A.json [B.json …]``: one report from several runs
    (e.g. 100k and 1M in one run, 5M in a later one); each size keeps its date and load."""
    paths = argv if argv is not None else sys.argv[1:]
    reports = [json.loads(Path(path).read_text(encoding="utf-8")) for path in paths]
    merged = {**reports[0], "sizes": [s for r in reports for s in r["sizes"]]}
    merged["machine"] = {**reports[0]["machine"],
                         "load_average_end": reports[-1]["machine"].get("load_average_end", [])}
    print(render(merged), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

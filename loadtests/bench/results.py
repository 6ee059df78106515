"""make results: the README's results section, written from the newest runs on SQLite and PostgreSQL.

The section lies between two markers in README.md and is replaced whole; nothing in it is typed by
hand. Its reading claims only what the intervals allow: a ratio whose 95 % interval contains 1.0 is
"no clear difference", whatever its point value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.aggregate import is_open_loop
from bench.confidence import clear
from bench.confidence import describe as ci
from bench.plan import FLOORS, SUMMARY_FORMAT
from bench.report import load, primary

START, END = "<!-- results:start -->", "<!-- results:end -->"


def newest(reports: Path, db: str) -> Path | None:
    """The newest complete run on `db` under `reports/` (run folders are named by their UTC start)."""
    for run in sorted((p for p in reports.glob("2*") if (p / "summary.json").is_file()), reverse=True):
        summary = json.loads((run / "summary.json").read_text())
        if summary.get("format") == SUMMARY_FORMAT and summary["settings"]["db"] == db and not summary["problems"]:
            return run
    return None


def _headline(summary: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """workload -> (generator, {implementation: figures}) for the workloads a reader compares."""
    by_workload = summary["results"]["by_level"][summary["results"]["default_level"]]
    return {w: (primary(g), g[primary(g)]) for w, g in by_workload.items() if not is_open_loop(w)}


def table(runs: dict[str, dict[str, Any]]) -> list[str]:
    """Workload by framework, one group of columns per database."""
    dbs = list(runs)
    header = ["workload", "implementation"] + [
        f"{db}: {col}" for db in dbs for col in ("req/s", "× fastest (95 % CI)", "CPU µs/req")
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    headlines = {db: _headline(summary) for db, summary in runs.items()}
    workloads = list(dict.fromkeys(w for h in headlines.values() for w in h))
    for workload in workloads:
        names = sorted({n for h in headlines.values() for n in h.get(workload, ("", {}))[1]})
        for name in names:
            cells = [workload, name]
            for db in dbs:
                f = headlines[db].get(workload, ("", {}))[1].get(name)
                if f is None:
                    cells += ["–", "–", "–"]
                    continue
                cells += [
                    f"{f['rps_median']:,.0f}",
                    "fastest" if f.get("fastest") else ci(f.get("ratio_to_fastest")),
                    f"{f['cpu_us_median']:,.0f}" if f["cpu_us_median"] else "–",
                ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def reading(db: str, summary: dict[str, Any]) -> list[str]:
    """Plain sentences, one per workload, saying no more than the intervals do."""
    sentences = []
    for workload, (generator, by_impl) in _headline(summary).items():
        ranked = {name: f for name, f in by_impl.items() if "fastest" in f}
        fastest = next((name for name, f in ranked.items() if f["fastest"]), None)
        if fastest is None or workload in FLOORS:
            continue
        behind = [(name, f["ratio_to_fastest"]) for name, f in ranked.items() if name != fastest]
        clearly = [
            f"{name} {ratio['value']:.2f}× ({ratio['low']:.2f}–{ratio['high']:.2f})"
            for name, ratio in behind
            if clear(ratio)
        ]
        unclear = [name for name, ratio in behind if not clear(ratio)]
        text = f"- **{workload}** ({db}, {generator}): {fastest} served the most requests per second"
        if clearly:
            text += f"; {', '.join(clearly)} of its rate"
        if unclear:
            text += f"; no clear difference from {', '.join(unclear)}"
        sentences.append(text + ".")
    return sentences


def section(runs: dict[str, tuple[Path, dict[str, Any]]]) -> str:
    if not runs:
        wanted = "`make compare` (and `make compare DB=postgres`), then `make results`"
        return f"{START}\nNo complete run yet: {wanted}.\n{END}"
    sources = runs.items()
    summaries = {db: summary for db, (_, summary) in sources}
    first = next(iter(summaries.values()))
    env = first["environment"]
    lines = [
        START,
        "",
        f"Written by `make results` from {', '.join(f'`reports/{path.name}` ({db})' for db, (path, _) in sources)}: "
        f"{env['cpu_model']}, {env['cpus_online']} cores, {first['pinning']}; commit {env['git_commit']}; "
        f"{first['settings']['users']} clients, {first['settings']['duration']} s windows × "
        f"{first['settings']['repeats']} interleaved repeats. Medians; ratios are geometric means of per-round "
        "ratios with 95 % bootstrap intervals. Figures from one machine: compare the ratios, not the numbers.",
        "",
        "Policy, the same rule for every implementation: "
        + "; ".join(first["policy"][key] for key in ("workers", "threads") if key in first["policy"])
        + ". Per implementation:",
        "",
        *(f"- {name}: {text}" for name, text in first["policy"].items() if name not in ("workers", "threads")),
        "",
        "Each implementation's database settings, as it logs them, are in the reports' \"Database settings in "
        'effect" table; the policy behind them is in [docs/comparison.md](docs/comparison.md) (Fairness).',
        "",
        *table(summaries),
        "",
    ]
    for db, summary in summaries.items():
        lines += reading(db, summary)
    lines += [
        "",
        "The full reports, with latency at equal offered load, the two generators side by side and the "
        "floors, are in those folders (`report.html`).",
        "",
        END,
    ]
    return "\n".join(lines)


def update(readme: Path, reports: Path) -> str:
    """Rewrite the README's results section from the newest SQLite and PostgreSQL runs; the section."""
    runs = {db: (run, load(run)) for db in ("sqlite", "postgres") if (run := newest(reports, db))}
    text = section(runs)
    write(readme, text)
    return text


def write(readme: Path, text: str) -> None:
    content = readme.read_text()
    if START not in content or END not in content:
        raise SystemExit(f"{readme} has no {START} … {END} markers to write the results between")
    readme.write_text(re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: text, content, flags=re.S))

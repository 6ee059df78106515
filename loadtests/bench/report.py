"""summary.json -> report.html (self-contained), report.md (with PNG charts) and a terminal table."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from bench import charts
from bench.aggregate import aggregate
from harness import figures

TEMPLATES = Environment(loader=PackageLoader("bench"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)


def reading(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """What the figures show and what they do not: printed at the top of every report."""
    users, repeats = summary["results"]["default_users"], summary["settings"]["repeats"]
    return [
        ("What it measures", f"a closed-loop load generator (Locust FastHttpUser, no think time) on the same machine, "
         f"over loopback, driving each server as hard as {users} concurrent clients can. Throughput is requests per "
         "second over the measured window; latency percentiles come from Locust, which rounds responses under 100 ms "
         "to whole milliseconds."),
        ("What it does not", "a network, TLS, a reverse proxy, several machines, or other load on the database. "
         f"Absolute figures say as much about this machine and its core split ({summary['pinning']}) as about the "
         "frameworks: compare ratios within one report, not figures across reports or machines."),
        ("Noise", f"every implementation ran {repeats} time(s), interleaved (A B C A B C ...) so that drift hits all "
         "alike; the median is shown with min-max and the spread. Differences smaller than the spread are not "
         "differences."),
        ("The generator", "its ceiling is measured in the same run: the same scenario against a canned responder on "
         "the server's cores. A result whose generator was saturated (Locust's CPU warning, or its process at 90 % "
         "of a core or more) is a lower bound and is marked so."),
        ("Floors", "each framework also ran bare on the same server and worker policy: a constant JSON response, and "
         "one row read by primary key through the same ORM. The fraction of that floor an implementation reaches "
         "shows what the contract's work costs on top of the framework (authentication, several queries, "
         "validation, ETags, writes and their locks): a fraction well under 0.8 points at the implementation's "
         "code, not the framework. Floors are measured once per run, not repeated: their noise is not shown."),
    ]


def _charts(summary: dict[str, Any], directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    results = summary["results"]["by_users"][str(summary["results"]["default_users"])]
    drawn = {
        "throughput": charts.throughput(results, directory / "throughput.png"),
        "latency": charts.latency(results, directory / "latency.png"),
        "resources": charts.resources(results, directory / "resources.png"),
    }
    if any(r.get("floor_item_rps") for r in results.values()):
        drawn["floors"] = charts.floors(results, directory / "floors.png")
    if len(summary["results"]["by_users"]) > 1:
        drawn["concurrency"] = charts.concurrency(summary["results"]["by_users"], directory / "concurrency.png")
    return drawn


def faults(path: Path = figures.FIGURES_PATH) -> dict[str, Any] | None:
    """The reliability and security figures of `make faults` (contract/faults), if they were measured."""
    if not path.exists():
        return None
    data = figures.load(path)
    header, rows = figures.rows(data)
    return {"header": header, "rows": rows, "markdown": figures.markdown(data), "updated": data.get("updated"),
            "environment": data.get("environment", {})}


def build(run_dir: Path, *, recompute: bool = False, faults_path: Path = figures.FIGURES_PATH) -> dict[str, Path]:
    """Write report.html and report.md (and charts/) for the run in `run_dir`."""
    summary = json.loads((run_dir / "summary.json").read_text())
    if recompute or "results" not in summary:
        summary["results"] = aggregate(summary)
        (run_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    drawn = _charts(summary, run_dir / "charts")
    context = {"s": summary, "r": summary["results"], "users": str(summary["results"]["default_users"]),
               "reading": reading(summary), "faults": faults(faults_path),
               "results": summary["results"]["by_users"][str(summary["results"]["default_users"])]}
    images = {name: "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
              for name, path in drawn.items()}
    html = TEMPLATES.get_template("report.html.j2").render(**context, images=images)
    markdown = TEMPLATES.get_template("report.md.j2").render(
        **context, images={name: f"charts/{path.name}" for name, path in drawn.items()})
    (run_dir / "report.html").write_text(html)
    (run_dir / "report.md").write_text(markdown)
    return {"html": run_dir / "report.html", "markdown": run_dir / "report.md"}


def terminal_table(summary: dict[str, Any]) -> str:
    """The summary table printed at the end of a run (the same figures as the report's first table)."""
    users = str(summary["results"]["default_users"])
    rows = [("implementation", "req/s median", "min–max", "spread", "×fastest", "p50", "p95", "p99", "failures",
             "of floor", "notes")]
    for name, r in summary["results"]["by_users"][users].items():
        notes = []
        if r["saturated"]:
            notes.append("generator saturated: lower bound")
        if not r["integrity_ok"]:
            notes.append("integrity check failed")
        fraction = f"{r['fraction_of_floor_item']:.2f}" if r.get("fraction_of_floor_item") else "–"
        rows.append((name, f"{r['rps_median']:,.0f}", f"{r['rps_min']:,.0f}–{r['rps_max']:,.0f}", f"{r['spread_pct']}%",
                     f"{r['ratio_to_fastest']:.2f}", f"{r['p50']:.0f} ms", f"{r['p95']:.0f} ms", f"{r['p99']:.0f} ms",
                     str(r["failures"]), fraction, "; ".join(notes) or "ok"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    flags = summary["results"]["flags"]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(f"generator ceiling {flags['ceiling_rps']:,.0f} req/s = {flags['ceiling_ratio']}× the fastest"
                 + ("  [BELOW 2×: throughput figures may be bounded by the generator]"
                    if flags["ceiling_below_twice_fastest"] else ""))
    s = summary["settings"]
    lines.append(f"{s['profile']} profile, {users} users, {s['duration']} s × {s['repeats']} repeats, "
                 f"{s['db']}, {summary['pinning']}")
    return "\n".join(lines)

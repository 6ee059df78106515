"""summary.json -> report.html (self-contained), report.md (with PNG charts) and a terminal table."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from bench import charts, profiles
from bench.aggregate import aggregate, is_open_loop
from bench.confidence import describe as ci
from bench.plan import FLOORS, SUMMARY_FORMAT
from bench.reading import reading
from harness.faults import figures

TEMPLATES = Environment(
    loader=PackageLoader("bench"), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
)


def load(run_dir: Path, *, recompute: bool = False) -> dict[str, Any]:
    """A run's summary.json, its results computed afresh if asked (or if missing)."""
    summary = json.loads((run_dir / "summary.json").read_text())
    if summary.get("format") != SUMMARY_FORMAT:
        raise SystemExit(
            f"{run_dir}/summary.json was written by an older version of make compare (format "
            f"{summary.get('format', 1)}, this one reads {SUMMARY_FORMAT}): run the comparison again"
        )
    if recompute or "results" not in summary:
        summary["results"] = aggregate(summary)
        (run_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    return summary


def primary(generators: dict[str, Any]) -> str:
    """The generator a workload's headline figures come from: wrk wherever it measured (it needs a fraction of
    Locust's CPU per request, so it is the less likely of the two to hold a server back), else Locust."""
    return "wrk" if "wrk" in generators else next(iter(generators))


def level_label(key: str) -> str:
    """ "32" -> "32 concurrent clients"; "32/8" -> "32 concurrent clients, 8 requests a worker takes at once"."""
    users, _, concurrency = key.partition("/")
    return f"{users} concurrent clients" + (f", {concurrency} requests a worker takes at once" if concurrency else "")


def _number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def verdict(f: dict[str, Any], key: str = "rps") -> str:
    """A row's verdict: "fastest", "tied for fastest (with b)", or its ratio to the leader with the interval."""
    alone, tied, ratio = (
        ("fastest", "tied_for_fastest", "ratio_to_fastest")
        if key == "rps"
        else (
            "leanest",
            "tied_for_least_cpu",
            "cpu_ratio_to_leanest",
        )
    )
    word = "fastest" if key == "rps" else "least"
    if f.get(alone):
        return word
    if f.get(tied) and f.get(ratio) is None:
        return f"tied for {word} (with {', '.join(n for n in f[tied] if n != f.get('name'))})"
    return ci(f.get(ratio))


def cpu_cell(f: dict[str, Any]) -> str:
    """CPU µs per request of the server, and of the database beside it where one shares its core."""
    server, database = f.get("cpu_us_median"), f.get("database_cpu_us_median")
    if server is None:
        return "–"
    return f"{server:,.0f}" + (f" + {database:,.0f} db" if database else "")


def rows(summary: dict[str, Any], users: str | None = None) -> list[dict[str, str]]:
    """The summary table, workload by framework, as display strings (shared by every format)."""
    results = summary["results"]
    gates = results["gate"]
    twin = (summary.get("control") or {}).get("twin")
    table = []
    for workload, generators in results["by_level"].get(users or results["default_level"], {}).items():
        if is_open_loop(workload):
            continue
        generator = primary(generators)
        for name, f in generators[generator].items():
            f = {**f, "name": name}
            notes = []
            if gates.get(name) == "FAILED":
                notes.append("FAILED the contract suite: not ranked")
            if f["saturated"]:
                notes.append("generator saturated: a lower bound")
            if f["failures"]:
                notes.append(f"{f['failures']} failed requests")
            ranked = gates.get(name) != "FAILED" and name != twin
            if name == twin:
                notes.append("A/A control: ranked nowhere")
            table.append(
                {
                    "workload": workload,
                    "generator": generator,
                    "impl": name,
                    "rps": _number(f["rps_median"]),
                    "range": f"{_number(f['rps_min'])}–{_number(f['rps_max'])}",
                    "vs_fastest": verdict(f) if ranked else "–",
                    "cpu": cpu_cell(f),
                    "vs_leanest": verdict(f, "cpu") if ranked else "–",
                    "p50": f"{f['p50']:g}",
                    "p95": f"{f['p95']:g}",
                    "p99": f"{f['p99']:g}",
                    "of_floor": ci(f.get("of_floor_row")) if workload == "get" else "",
                    "window": f"{f['window_s_median']:.2f}",
                    "notes": "; ".join(notes) or "ok",
                }
            )
    return table


def database_rows(summary: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The effective database settings, one row per setting, one column per implementation."""
    reported = summary.get("database_policy") or {}
    names = summary["settings"]["impls"]
    keys = list(dict.fromkeys(key for name in names for key in (reported.get(name) or {})))
    rows = [[key, *[_setting((reported.get(name) or {}).get(key)) for name in names]] for key in keys]
    results = summary.get("results", {})
    for workload, generators in results.get("by_level", {}).get(results.get("default_level"), {}).items():
        for generator, by_impl in generators.items():
            if any(f.get("database_cpu_us_median") for f in by_impl.values()):
                cells = [_setting((by_impl.get(name) or {}).get("database_cpu_us_median")) for name in names]
                rows.append([f"database CPU µs/request, {workload} ({generator})", *cells])
    missing = [name for name in names if not reported.get(name)]
    if missing:
        rows.append(["reported", *["no" if name in missing else "yes" for name in names]])
    return names, rows


def _setting(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key}={item}" for key, item in value.items())
    return "–" if value is None else str(value)


def offered_rows(summary: dict[str, Any]) -> list[dict[str, str]]:
    """Latency at equal offered load: every implementation at the same open-loop rate, per load level."""
    results = summary["results"]
    table = []
    for workload, generators in results["by_level"].get(results["default_level"], {}).items():
        for name, f in generators.get("locust", {}).items() if is_open_loop(workload) else ():
            table.append(
                {
                    "workload": workload,
                    "impl": name,
                    "offered": _number(f["offered_rps"]),
                    "achieved": _number(f["achieved_rps"]),
                    "p50": f"{f['p50']:g}",
                    "p95": f"{f['p95']:g}",
                    "p99": f"{f['p99']:g}",
                    "cpu": _number(f["cpu_us_median"]),
                    "clients": str(f["clients"]),
                    "late": f"{f.get('late_sends', 0):,}",
                    "notes": "; ".join(
                        note
                        for note, bad in (
                            ("achieved rate more than 2 % off the offered one", not f["offered_held"]),
                            ("clients fell behind their schedule: more clients needed", f.get("clients_behind")),
                        )
                        if bad
                    )
                    or "ok",
                }
            )
    return table


def _charts(summary: dict[str, Any], directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    results = summary["results"]
    workloads = results["by_level"].get(results["default_level"], {})
    headline = {w: generators[primary(generators)] for w, generators in workloads.items() if not is_open_loop(w)}
    offered = {w: generators["locust"] for w, generators in workloads.items() if is_open_loop(w)}
    drawn = {}
    if offered:
        drawn["offered"] = charts.latency(offered, directory / "offered.png", "open loop, equal offered load")
    api = {w: by_impl for w, by_impl in headline.items() if w not in FLOORS}
    if api:
        drawn["throughput"] = charts.throughput(api, directory / "throughput.png")
        drawn["cpu"] = charts.cpu(api, directory / "cpu.png")
        drawn["latency"] = charts.latency(api, directory / "latency.png", "closed loop, at saturation")
    if "get" in headline and any(floor in headline for floor in FLOORS):
        drawn["floors"] = charts.throughput(
            {w: headline[w] for w in ("get", *FLOORS) if w in headline},
            directory / "floors.png",
            "getPost beside each framework's floors",
        )
    if results["agreement"]:
        drawn["generators"] = charts.generators(results["agreement"], directory / "generators.png")
    if len(results["by_level"]) > 1:
        drawn["concurrency"] = charts.sweep(results["by_level"], directory / "concurrency.png")
    return drawn


def faults(path: Path = figures.FIGURES_PATH, commit: str | None = None) -> dict[str, Any] | None:
    """The reliability and security figures of `make faults` (contract/faults), if they were measured; each
    row says when and at which commit, and whether that is older than `commit` (this run's)."""
    if not path.exists():
        return None
    data = figures.load(path)
    header, table = figures.rows(data, current_commit=commit)
    return {"header": header, "rows": table, "markdown": figures.markdown(data, current_commit=commit)}


def control_rows(summary: dict[str, Any]) -> list[dict[str, str]]:
    """The A/A control, every workload: the implementation against itself under its second name."""
    control = summary["results"].get("control")
    if not control:
        return []
    return [
        {"workload": row["workload"], "generator": row["generator"], "rps": ci(row["rps"]), "cpu": ci(row["cpu"])}
        for row in control["rows"]
    ]


def context(summary: dict[str, Any], faults_path: Path) -> dict[str, Any]:
    results = summary["results"]
    measured_share = {}
    for workload, generators in results["by_level"].get(results["default_level"], {}).items():
        if "locust" in generators and workload in profiles.PROFILES and workload not in FLOORS:
            counts = [op for f in generators["locust"].values() for op in f["operations"].items()]
            total = sum(op["requests"] for _, op in counts)
            writes = sum(op["requests"] for name, op in counts if name in profiles.WRITES)
            measured_share[workload] = round(100 * writes / total) if total else None
    return {
        "s": summary,
        "r": results,
        "users": level_label(results["default_level"]),
        "rows": rows(summary),
        "offered": offered_rows(summary),
        "control": control_rows(summary),
        "database": database_rows(summary),
        "reading": reading(summary),
        "ci": ci,
        "faults": faults(faults_path, summary["environment"]["git_commit"].removesuffix("-dirty")),
        "workloads": results["by_level"].get(results["default_level"], {}),
        "profiles": [
            (w, profiles.describe(w), measured_share.get(w))
            for w in summary["settings"]["workloads"]
            if w in profiles.PROFILES
        ],
    }


def build(run_dir: Path, *, recompute: bool = False, faults_path: Path = figures.FIGURES_PATH) -> dict[str, Path]:
    """Write report.html and report.md (and charts/) for the run in `run_dir`."""
    summary = load(run_dir, recompute=recompute)
    drawn = _charts(summary, run_dir / "charts")
    values = context(summary, faults_path)
    images = {
        name: "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode() for name, path in drawn.items()
    }
    html = TEMPLATES.get_template("report.html.j2").render(**values, images=images)
    markdown = TEMPLATES.get_template("report.md.j2").render(
        **values, images={name: f"charts/{path.name}" for name, path in drawn.items()}
    )
    (run_dir / "report.html").write_text(html)
    (run_dir / "report.md").write_text(markdown)
    return {"html": run_dir / "report.html", "markdown": run_dir / "report.md"}


def terminal_table(summary: dict[str, Any]) -> str:
    """The summary table printed at the end of a run (the same figures as the report's first table)."""
    header = {
        "workload": "workload",
        "impl": "implementation",
        "generator": "by",
        "rps": "req/s",
        "range": "min–max",
        "vs_fastest": "× fastest (95 % CI)",
        "cpu": "CPU µs/req",
        "vs_leanest": "× least CPU (95 % CI)",
        "p50": "p50 ms",
        "p99": "p99 ms",
        "of_floor": "of floor",
        "notes": "notes",
    }
    table = [header, *rows(summary)]
    widths = {key: max(len(row[key]) for row in table) for key in header}
    lines = ["  ".join(row[key].ljust(widths[key]) for key in header).rstrip() for row in table]
    lines.insert(1, "-" * max(len(line) for line in lines))
    results, s = summary["results"], summary["settings"]
    for row in offered_rows(summary):
        lines.append(
            f"{row['workload']} {row['impl']}: offered {row['offered']} req/s, achieved {row['achieved']}, "
            f"p50 {row['p50']} ms, p95 {row['p95']} ms, p99 {row['p99']} ms"
            + ("" if row["notes"] == "ok" else f"  [{row['notes'].upper()}]")
        )
    for row in results["ceiling"]:
        lines.append(
            f"generator ceiling, {row['workload']}: {row['rps']:,.0f} req/s = {row['ratio']}× the fastest"
            + (f"  [BELOW {2}×: figures may be bounded by the generator]" if row["below_margin"] else "")
        )
    for row in results["agreement"]:
        if row["disagree"]:
            lines.append(
                f"GENERATORS DISAGREE on {row['workload']} {row['impl']}: Locust {row['locust_rps']:,.0f}, "
                f"wrk {row['wrk_rps']:,.0f} req/s ({row['gap_pct']:+.1f} %)"
            )
    if results["flags"]["wrk_missing"]:
        lines.append("wrk was not found: no second generator, floors measured by Locust")
    lines.append(
        f"workloads {', '.join(s['workloads'])}; {level_label(results['default_level'])}; {s['duration']} s windows "
        f"× {s['repeats']} repeats; {s['db']}; {summary['pinning']}"
    )
    return "\n".join(lines)

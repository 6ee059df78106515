"""make results: the README's results section, written from the newest runs that deserve publishing.

A run qualifies when nothing stopped it, no request failed, integrity held, the contract gate ran,
it has five rounds or more, the A/A control held, and its windows were long enough that every get
and list interval is within ±5 % (PRECISION). For each database, the newest qualifying run of each
server policy is taken: the equal-processes policy is the headline; every verdict that another
policy's run reverses or does not share is marked "depends on the server policy", with both figures.
The section lies between two markers in README.md and is replaced whole; nothing in it is typed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.confidence import clear
from bench.plan import FLOORS, SUMMARY_FORMAT
from bench.report import load, primary, verdict

START, END = "<!-- results:start -->", "<!-- results:end -->"
PRECISION = 5.0  # %: the widest half-interval a published get or list verdict may have
MIN_ROUNDS = 5
HEADLINE = "equal"
DATABASES = ("sqlite", "postgres")


def problems(summary: dict[str, Any]) -> list[str]:
    """Why a run may not be published (empty: it may)."""
    results, settings = summary["results"], summary["settings"]
    flags = results["flags"]
    found = [f"stopped: {problem}" for problem in summary.get("problems", [])]
    if flags["any_failures"]:
        found.append("failed requests")
    if not flags["integrity_ok"]:
        found.append("integrity check failed")
    if not settings.get("contract") or flags["contract_not_run"]:
        found.append("the contract gate did not run")
    if settings["repeats"] < MIN_ROUNDS:
        found.append(f"{settings['repeats']} round(s), under {MIN_ROUNDS}")
    control = results.get("control")
    if control is None:
        found.append("no A/A control")
    elif not control["holds"]:
        found.append("the A/A control failed")
    for workload in ("get", "list"):
        for generator, cell in results["verdicts"].get(results["default_level"], {}).get(workload, {}).items():
            for pair, ratio in (cell.get("rps") or {}).get("pairs", {}).items():
                if ratio and (ratio.get("precision_pct") or 0) > PRECISION:
                    width = f"±{ratio['precision_pct']:.1f} %, over ±{PRECISION:g} %"
                    found.append(f"{workload} ({generator}) {pair}: {width}")
    return found


def runs(reports: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every run of this summary format under `reports/`, newest first (run folders are named by their UTC start)."""
    found = []
    # A run's folder, or the two of `make reproduce` inside its own (run1, run2).
    folders = [*reports.glob("2*/summary.json"), *reports.glob("2*/run*/summary.json")]
    for run in sorted((p.parent for p in folders), key=lambda p: str(p.relative_to(reports)), reverse=True):
        if json.loads((run / "summary.json").read_text()).get("format") == SUMMARY_FORMAT:
            found.append((run, load(run)))
    return found


def chosen(reports: Path) -> dict[str, dict[str, tuple[Path, dict[str, Any]]]]:
    """{database: {policy: (run folder, summary)}}: the newest qualifying run of each."""
    picked: dict[str, dict[str, tuple[Path, dict[str, Any]]]] = {}
    for path, summary in runs(reports):
        db, policy = summary["settings"]["db"], summary["settings"]["policy"]
        if not problems(summary) and policy not in picked.get(db, {}):
            picked.setdefault(db, {})[policy] = (path, summary)
    return picked


def _headline(summary: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """workload -> (generator, {implementation: figures}) for the workloads a reader compares."""
    by_workload = summary["results"]["by_level"][summary["results"]["default_level"]]
    return {w: (primary(g), g[primary(g)]) for w, g in by_workload.items() if "@" not in w}


def _notes(f: dict[str, Any], name: str, summary: dict[str, Any]) -> str:
    notes = []
    if f["saturated"]:
        notes.append("generator saturated")
    if any(row["impl"] == name and row["disagree"] for row in summary["results"]["agreement"]):
        notes.append("Locust and wrk disagree")
    if (f.get("others_on_server_core_pct") or 0) > 5:
        notes.append("server core busy")
    return "; ".join(notes) or "ok"


def table(runs: dict[str, dict[str, Any]]) -> list[str]:
    """Workload by framework, one group of columns per database."""
    header = ["workload", "implementation"] + [
        f"{db}: {col}" for db in runs for col in ("req/s", "× fastest (95 % CI)", "CPU µs/req", "notes")
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    headlines = {db: _headline(summary) for db, summary in runs.items()}
    twins = {(s.get("control") or {}).get("twin") for s in runs.values()}
    for workload in dict.fromkeys(w for h in headlines.values() for w in h):
        names = sorted({n for h in headlines.values() for n in h.get(workload, ("", {}))[1]} - twins)
        for name in names:
            cells = [workload, name]
            for db, summary in runs.items():
                f = headlines[db].get(workload, ("", {}))[1].get(name)
                if f is None:
                    cells += ["–"] * 4
                    continue
                database = f" + {f['database_cpu_us_median']:,.0f} db" if f.get("database_cpu_us_median") else ""
                cpu = f"{f['cpu_us_median']:,.0f}{database}" if f["cpu_us_median"] else "–"
                cells += [f"{f['rps_median']:,.0f}", verdict({**f, "name": name}), cpu, _notes(f, name, summary)]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def winner(summary: dict[str, Any], workload: str) -> str | None:
    """ "flask fastest", "tied for fastest: fastapi, flask", as one run says it for a workload."""
    generators = summary["results"]["verdicts"][summary["results"]["default_level"]].get(workload)
    if not generators:
        return None
    cell = generators[primary(generators)].get("rps") or {}
    if not cell.get("leader"):
        return None
    return f"{cell['leader']} fastest" if len(cell["tied"]) == 1 else f"tied for fastest: {', '.join(cell['tied'])}"


def figures(summary: dict[str, Any], workload: str) -> str:
    """Every ranked implementation's req/s in a workload, for a verdict that depends on the policy."""
    generator, by_impl = _headline(summary)[workload]
    return ", ".join(f"{name} {f['rps_median']:,.0f}" for name, f in sorted(by_impl.items()) if "fastest" in f)


def reading(db: str, summary: dict[str, Any]) -> list[str]:
    """Plain sentences, one per workload, saying no more than the intervals do."""
    sentences = []
    for workload, (generator, by_impl) in _headline(summary).items():
        said = winner(summary, workload)
        if said is None or workload in FLOORS:
            continue
        behind = [
            f"{name} {f['ratio_to_fastest']['value']:.2f}× ({f['ratio_to_fastest']['low']:.2f}–"
            f"{f['ratio_to_fastest']['high']:.2f})"
            for name, f in by_impl.items()
            if f.get("ratio_to_fastest") and clear(f["ratio_to_fastest"])
        ]
        text = f"- **{workload}** ({db}, {generator}): {said}"
        sentences.append(text + (f"; {', '.join(behind)} of the leader's rate" if behind else "") + ".")
    return sentences


def policy_differences(db: str, policies: dict[str, tuple[Path, dict[str, Any]]]) -> list[str]:
    """Each workload whose verdict another policy's run does not share: "depends on the server policy"."""
    if HEADLINE not in policies:
        return []
    order = [HEADLINE, *sorted(policy for policy in policies if policy != HEADLINE)]
    lines = []
    for workload in _headline(policies[HEADLINE][1]):
        said = {policy: winner(policies[policy][1], workload) for policy in order}
        if workload in FLOORS or len(set(said.values()) - {None}) <= 1:
            continue
        both = "; ".join(
            f"{policy}: {text} ({figures(policies[policy][1], workload)} req/s)"
            for policy, text in said.items()
            if text
        )
        lines.append(f"- **{workload}** ({db}) depends on the server policy: {both}.")
    return lines


def _source(db: str, path: Path, summary: dict[str, Any]) -> str:
    s, env = summary["settings"], summary["environment"]
    # From the reports folder on: a run's own folder, or make reproduce's and its run1/run2.
    shown = "/".join(path.parts[max(0, len(path.parts) - (3 if path.name.startswith("run") else 2)) :])
    return (
        f"- {db}, policy {s['policy']}: `{shown}`, commit {env['git_commit']}, {env['cpu_model']}, "
        f"{s['users']} clients, {s['duration']} s windows × {s['repeats']} rounds, A/A control "
        f"{summary['control']['impl']}, order seed {summary['order']['seed']}"
    )


def near_misses(reports: Path) -> dict[str, Path]:
    """{database: the newest headline-policy run that misses only the precision bar}."""
    found: dict[str, Path] = {}
    for path, summary in runs(reports):
        db, missing = summary["settings"]["db"], problems(summary)
        if summary["settings"]["policy"] == HEADLINE and missing and all(" %, over ±" in p for p in missing):
            found.setdefault(db, path)
    return found


def _unpublished(reports: Path) -> str:
    lines = [
        START,
        "",
        f"No run qualifies yet: a published verdict needs every get and list interval within ±{PRECISION:g} %, "
        "which takes many more rounds than the default run has "
        "([docs/comparison.md](docs/comparison.md#publishing-results) says how many, as measured on a 2-core machine). "
        "`make results SHOW=1` says why each run does not qualify.",
    ]
    near = near_misses(reports)
    if near:
        lines += ["", "The newest runs that miss only that bar, to read with their intervals as wide as they are:", ""]
        lines += [f"- {db}: `{path.relative_to(reports.parent)}/report.html`" for db, path in near.items()]
    return "\n".join([*lines, "", END])


def section(picked: dict[str, dict[str, tuple[Path, dict[str, Any]]]], reports: Path | None = None) -> str:
    headline = {db: policies[HEADLINE][1] for db, policies in picked.items() if HEADLINE in policies}
    if not headline:
        return _unpublished(reports) if reports else f"{START}\nNo run qualifies yet.\n{END}"
    first = next(iter(headline.values()))
    lines = [
        START,
        "",
        "Written by `make results` from the newest runs that qualify (no failed request, integrity held, the "
        f"contract gate on, ≥ {MIN_ROUNDS} rounds, the A/A control held, every get and list interval within "
        f"±{PRECISION:g} %):",
        "",
        *(_source(db, path, summary) for db, policies in picked.items() for path, summary in policies.values()),
        "",
        f"Server policy of the table: **{first['policy']['name']}**, {first['policy']['rule']}. "
        "Medians; ratios are geometric means of per-round ratios with Student-t intervals, each workload's "
        "verdicts holding together at 95 %; CPU per request is the server's, plus the database's where it "
        f"shares the server's core. {first['pinning']}. Figures from one machine: compare the ratios, not the numbers.",
        "",
        *table(headline),
        "",
    ]
    for db, summary in headline.items():
        lines += reading(db, summary)
    differences = [line for db, policies in picked.items() for line in policy_differences(db, policies)]
    if differences:
        lines += ["", "Verdicts that change with the server policy:", "", *differences]
    lines += [
        "",
        "The full reports (latency at equal offered load, the two generators side by side, the floors, the A/A "
        "control) are in those folders (`report.html`).",
        "",
        END,
    ]
    return "\n".join(lines)


def show(reports: Path) -> str:
    """Every run and why it does or does not qualify."""
    lines = []
    for path, summary in runs(reports):
        found = problems(summary)
        s = summary["settings"]
        lines.append(
            f"{path.relative_to(reports)} {s['db']} {s['policy']}: "
            + ("qualifies" if not found else "does not qualify: " + "; ".join(found[:6]))
        )
    return "\n".join(lines) or f"no run under {reports}"


def update(readme: Path, reports: Path) -> str:
    """Rewrite the README's results section; the section."""
    text = section(chosen(reports), reports)
    write(readme, text)
    return text


def write(readme: Path, text: str) -> None:
    content = readme.read_text()
    if START not in content or END not in content:
        raise SystemExit(f"{readme} has no {START} … {END} markers to write the results between")
    readme.write_text(re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: text, content, flags=re.S))

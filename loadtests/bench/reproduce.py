"""make reproduce: the default comparison twice, side by side; no verdict may reverse, the A/A control must hold.

A verdict is what a run says of a pair of implementations in one workload: A clearly ahead of B,
B clearly ahead of A, or no clear difference. Two runs may disagree on whether a difference is
clear (one run's interval is a little wider); they must never reverse one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.confidence import clear
from bench.confidence import describe as ci
from bench.report import load, primary, verdict


def states(summary: dict[str, Any]) -> dict[tuple[str, str, str], tuple[str, str]]:
    """{(workload, generator, "a/b"): (state, ratio text)}: ">" a clearly ahead, "<" b clearly ahead, "=" neither."""
    results = summary["results"]
    found = {}
    for workload, generators in results["verdicts"].get(results["default_level"], {}).items():
        for generator, cell in generators.items():
            for pair, ratio in (cell.get("rps") or {}).get("pairs", {}).items():
                state = "=" if not clear(ratio) else ">" if ratio["value"] > 1 else "<"
                found[(workload, generator, pair)] = (state, ci(ratio))
    return found


def headline(summary: dict[str, Any]) -> dict[tuple[str, str], str]:
    """{(workload, implementation): "1,234 req/s, 0.81 (0.75–0.88)"} from the workload's headline generator."""
    results = summary["results"]
    rows = {}
    for workload, generators in results["by_level"].get(results["default_level"], {}).items():
        if "@" in workload:
            continue
        for name, f in generators[primary(generators)].items():
            said = verdict({**f, "name": name}) if "fastest" in f else "A/A control"
            rows[(workload, name)] = f"{f['rps_median']:,.0f} req/s, {said}"
    return rows


def side_by_side(first: Path, second: Path) -> tuple[str, bool]:
    """The two runs' tables and verdicts, and whether they are consistent (no reversal, the control held)."""
    a, b = load(first), load(second)
    lines = [f"# {first.name} and {second.name}", "", "| workload | implementation | run 1 | run 2 |", "|" + "---|" * 4]
    heads_a, heads_b = headline(a), headline(b)
    for row in dict.fromkeys([*heads_a, *heads_b]):
        lines.append(f"| {row[0]} | {row[1]} | {heads_a.get(row, '–')} | {heads_b.get(row, '–')} |")
    lines += ["", "| workload | by | pair | run 1 | run 2 | |", "|---|---|---|---|---|---|"]
    states_a, states_b = states(a), states(b)
    reversed_ = []
    for key in sorted(set(states_a) | set(states_b)):
        (sa, ta), (sb, tb) = states_a.get(key, ("–", "–")), states_b.get(key, ("–", "–"))
        flip = {sa, sb} == {">", "<"}
        if flip:
            reversed_.append(" ".join(key))
        mark = "REVERSED" if flip else "same" if sa == sb else "one clear, one not"
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {sa} {ta} | {sb} {tb} | {mark} |")
    controls = [summary["results"].get("control") for summary in (a, b)]
    lines.append("")
    for n, control in enumerate(controls, start=1):
        if control is None:
            lines.append(f"Run {n}: no A/A control.")
        else:
            said = "holds" if control["holds"] else "FAILED: " + ", ".join(control["differences"])
            lines.append(f"Run {n}: A/A control ({control['impl']} against {control['twin']}) {said}.")
    ok = not reversed_ and all(control is None or control["holds"] for control in controls)
    lines.append(
        "Consistent: no verdict reversed, the control held."
        if ok
        else f"NOT CONSISTENT: {len(reversed_)} reversed verdict(s): {', '.join(reversed_) or 'none'}."
    )
    return "\n".join(lines), ok

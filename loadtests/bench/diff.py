"""make diff: two runs side by side, per workload, generator and implementation, against their noise.

req/s and CPU µs per request are compared as medians; a change counts only beyond the larger of the
two runs' spreads (min–max over the median) and a floor of 5 %. Settings that differ between the
runs are named first: a change they explain is not the code's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.report import load

NOISE_FLOOR = 5.0  # %: below this no change is called, whatever the spreads
COMPARED_SETTINGS = (
    "workloads",
    "users",
    "duration",
    "warmup",
    "repeats",
    "workers",
    "concurrency",
    "policy",
    "db",
    "floors",
    "seed_authors",
    "seed_posts",
)
COMPARED_MACHINE = ("cpu_model", "cpus_online", "os", "python")


def _change(before: float | None, after: float | None) -> float | None:
    return 100 * (after - before) / before if before and after is not None else None


def _verdict(change: float | None, noise: float, higher_is_better: bool) -> str:
    if change is None:
        return "–"
    if abs(change) <= noise:
        return "within noise"
    return "improvement" if (change > 0) == higher_is_better else "REGRESSION"


def settings_changed(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Every setting, machine property and generator that differs between two runs."""
    lines = [
        f"{key}: {a['settings'].get(key)} → {b['settings'].get(key)}"
        for key in COMPARED_SETTINGS
        if a["settings"].get(key) != b["settings"].get(key)
    ]
    lines += [
        f"{key}: {a['environment'].get(key)} → {b['environment'].get(key)}"
        for key in COMPARED_MACHINE
        if a["environment"].get(key) != b["environment"].get(key)
    ]
    if a.get("pinning") != b.get("pinning"):
        lines.append(f"pinning: {a.get('pinning')} → {b.get('pinning')}")
    if a.get("generators") != b.get("generators"):
        lines.append(f"generators: {a.get('generators')} → {b.get('generators')}")
    return lines


def _cells(x: dict[str, Any], y: dict[str, Any], key: str, spread: str, higher_is_better: bool) -> list[str]:
    change = _change(x[key], y[key])
    noise = max(x[spread], y[spread], NOISE_FLOOR)
    text = "–" if change is None else f"{change:+.1f} %"
    return [
        f"{x[key]:,.0f}" if x[key] else "–",
        f"{y[key]:,.0f}" if y[key] else "–",
        text,
        f"±{noise:.1f} %",
        _verdict(change, noise, higher_is_better),
    ]


def diff(a: Path, b: Path) -> str:
    first, second = load(a), load(b)
    before = first["results"]["by_level"].get(first["results"]["default_level"], {})
    after = second["results"]["by_level"].get(second["results"]["default_level"], {})
    lines = [f"# {a.name} → {b.name}", ""]
    changed = settings_changed(first, second)
    lines += (
        [
            "Settings that differ (changes below may come from them, not from the code):",
            *[f"- {line}" for line in changed],
        ]
        if changed
        else ["Same settings, machine and generators."]
    )
    lines += [
        "",
        "| workload | by | implementation | req/s A | req/s B | change | noise | verdict | "
        "CPU µs/req A | CPU µs/req B | change | noise | verdict |",
        "|---" * 13 + "|",
    ]
    only = []
    for workload in [w for w in before if w in after] + [w for w in after if w not in before]:
        for generator in sorted(set(before.get(workload, {})) | set(after.get(workload, {}))):
            x_impls, y_impls = before.get(workload, {}).get(generator, {}), after.get(workload, {}).get(generator, {})
            only += [f"{workload} {generator} {name}" for name in sorted(set(x_impls) ^ set(y_impls))]
            for name in sorted(set(x_impls) & set(y_impls)):
                x, y = x_impls[name], y_impls[name]
                cells = [
                    workload,
                    generator,
                    name,
                    *_cells(x, y, "rps_median", "rps_spread_pct", True),
                    *_cells(x, y, "cpu_us_median", "cpu_spread_pct", False),
                ]
                lines.append("| " + " | ".join(cells) + " |")
    if only:
        lines += ["", f"In one run only: {', '.join(only)}"]
    return "\n".join(lines)

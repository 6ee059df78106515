"""The report's charts, drawn with matplotlib into PNG files (embedded in the HTML, linked from Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on a build machine

import matplotlib.pyplot as plt

# Ten distinct colours (matplotlib's tab10): five implementations, the A/A twin, and room for more.
COLOURS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]
Headline = dict[str, dict[str, dict[str, Any]]]  # workload -> implementation -> figures


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _names(headline: Headline) -> list[str]:
    return sorted({name for by_impl in headline.values() for name in by_impl})


def _grouped(axis: Any, headline: Headline, key: str, low: str | None = None, high: str | None = None) -> None:
    """One group of bars per workload, one bar per implementation (same colour everywhere)."""
    workloads, names = list(headline), _names(headline)
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        xs = [x + i * width for x, w in enumerate(workloads) if name in headline[w]]
        figures = [headline[w][name] for w in workloads if name in headline[w]]
        values = [f[key] or 0 for f in figures]
        errors = None
        if low and high:
            errors = [
                [v - (f[low] or v) for v, f in zip(values, figures)],
                [(f[high] or v) - v for v, f in zip(values, figures)],
            ]
        bars = axis.bar(xs, values, width, yerr=errors, capsize=3, label=name, color=COLOURS[i % len(COLOURS)])
        for bar, f in zip(bars, figures):
            if f["saturated"]:
                bar.set_hatch("//")
    axis.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(workloads))], workloads)
    axis.legend(fontsize=8, ncol=len(names))


def throughput(headline: Headline, path: Path, title: str = "Throughput per workload") -> Path:
    figure, axis = plt.subplots(figsize=(8, 3.6))
    _grouped(axis, headline, "rps_median", "rps_min", "rps_max")
    axis.set_ylabel("requests/s (median, min–max)")
    axis.set_title(f"{title} (hatched: generator saturated, a lower bound)", fontsize=10)
    return _save(figure, path)


def cpu(headline: Headline, path: Path) -> Path:
    figure, axis = plt.subplots(figsize=(8, 3.6))
    _grouped(axis, headline, "cpu_us_median", "cpu_us_min", "cpu_us_max")
    axis.set_ylabel("server CPU µs per request")
    axis.set_title("CPU time per request (median, min–max; lower is better)", fontsize=10)
    return _save(figure, path)


def latency(headline: Headline, path: Path, how: str) -> Path:
    figure, axes = plt.subplots(1, 3, figsize=(10, 3.4))
    for axis, key in zip(axes, ("p50", "p95", "p99")):
        _grouped(axis, headline, key)
        axis.set_title(f"{key}, ms ({how})", fontsize=9)
        axis.tick_params(axis="x", labelsize=7)
    return _save(figure, path)


def generators(agreement: list[dict[str, Any]], path: Path) -> Path:
    labels = [f"{row['workload']}\n{row['impl']}" for row in agreement]
    figure, axis = plt.subplots(figsize=(max(6, 0.8 * len(labels)), 3.6))
    xs = range(len(labels))
    axis.bar([x - 0.2 for x in xs], [row["locust_rps"] for row in agreement], 0.4, label="Locust", color=COLOURS[0])
    axis.bar([x + 0.2 for x in xs], [row["wrk_rps"] for row in agreement], 0.4, label="wrk", color=COLOURS[1])
    axis.set_xticks(list(xs), labels, fontsize=7)
    axis.set_ylabel("requests/s (median)")
    axis.set_title("The same workloads, two generators", fontsize=10)
    axis.legend(fontsize=8)
    return _save(figure, path)


def sweep(by_level: dict[str, dict[str, Any]], path: Path) -> Path:
    """req/s and p95 of the mixed workload (or the first one measured) as clients grow, and as the requests
    each worker takes at once grow (where the run swept them)."""
    users = sorted((key for key in by_level if "/" not in key), key=int)
    at_once = sorted((key for key in by_level if "/" in key), key=lambda key: int(key.split("/")[1]))
    panels = [(users, lambda key: int(key), "clients (closed loop)")] if len(users) > 1 else []
    panels += [(at_once, lambda key: int(key.split("/")[1]), "requests a worker takes at once")] if at_once else []
    figure, axes = plt.subplots(len(panels), 2, figsize=(9, 3.2 * len(panels)), squeeze=False)
    for (keys, x_of, label), (left, right) in zip(panels, axes):
        workload = "mixed" if all("mixed" in by_level[key] for key in keys) else next(iter(by_level[keys[0]]))
        series = {key: by_level[key][workload].get("locust", {}) for key in keys}
        for i, name in enumerate(sorted({n for by_impl in series.values() for n in by_impl})):
            xs = [key for key in keys if name in series[key]]
            left.plot(
                [x_of(k) for k in xs],
                [series[k][name]["rps_median"] for k in xs],
                marker="o",
                label=name,
                color=COLOURS[i],
            )
            right.plot(
                [x_of(k) for k in xs], [series[k][name]["p95"] for k in xs], marker="o", label=name, color=COLOURS[i]
            )
        for axis, title in ((left, f"{workload}: requests/s"), (right, f"{workload}: p95 latency, ms")):
            axis.set_xscale("log", base=2)
            axis.set_xlabel(label)
            axis.set_title(title, fontsize=9)
        left.legend(fontsize=8)
    return _save(figure, path)

"""The report's charts, drawn with matplotlib into PNG files (embedded in the HTML, linked from Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on a build machine

import matplotlib.pyplot as plt  # noqa: E402

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def throughput(results: dict[str, Any], path: Path) -> Path:
    names = list(results)
    medians = [results[n]["rps_median"] for n in names]
    low = [results[n]["rps_median"] - results[n]["rps_min"] for n in names]
    high = [results[n]["rps_max"] - results[n]["rps_median"] for n in names]
    figure, axis = plt.subplots(figsize=(6.4, 3.6))
    bars = axis.bar(names, medians, yerr=[low, high], capsize=8, color=COLOURS[: len(names)])
    for bar, name in zip(bars, names):
        if results[name]["saturated"]:
            bar.set_hatch("//")
        axis.annotate(f"{results[name]['rps_median']:,.0f}\n×{results[name]['ratio_to_fastest']:.2f}",
                      (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
    axis.set_ylabel("requests/s (median, min–max)")
    axis.set_title("Throughput per implementation (hatched: generator saturated)")
    axis.margins(y=0.2)
    return _save(figure, path)


def latency(results: dict[str, Any], path: Path) -> Path:
    names = list(results)
    operations = sorted({op for n in names for op in results[n]["operations"]})
    figure, axes = plt.subplots(3, 1, figsize=(9, 8), sharex=True)
    width = 0.8 / max(len(names), 1)
    for axis, key in zip(axes, ("p50", "p95", "p99")):
        for i, name in enumerate(names):
            values = [results[name]["operations"].get(op, {}).get(key, 0) for op in operations]
            axis.bar([x + i * width for x in range(len(operations))], values, width, label=name, color=COLOURS[i])
        axis.set_ylabel(f"{key} ms")
    axes[0].legend(ncol=len(names), fontsize=8)
    axes[0].set_title("Latency per operation (median across repeats)")
    axes[-1].set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(operations))], operations, rotation=30,
                        ha="right", fontsize=8)
    return _save(figure, path)


def resources(results: dict[str, Any], path: Path) -> Path:
    names = list(results)
    figure, axes = plt.subplots(1, 3, figsize=(9, 3))
    panels = [("server_cpu_mean", "server CPU % (100 = 1 core)"), ("server_rss_max_mb", "server memory, peak MB"),
              ("failures", "failed requests")]
    for axis, (key, title) in zip(axes, panels):
        axis.bar(names, [results[n][key] for n in names], color=COLOURS[: len(names)])
        axis.set_title(title, fontsize=9)
    return _save(figure, path)


def floors(results: dict[str, Any], path: Path) -> Path:
    names = list(results)
    figure, axis = plt.subplots(figsize=(7, 3.4))
    series = [("rps_median", "implementation"), ("floor_item_rps", "floor: row by key"), ("floor_json_rps", "floor: JSON")]
    width = 0.27
    for i, (key, label) in enumerate(series):
        axis.bar([x + i * width for x in range(len(names))], [results[n].get(key) or 0 for n in names], width,
                 label=label, color=COLOURS[i])
    axis.set_xticks([x + width for x in range(len(names))], names)
    axis.set_ylabel("requests/s")
    axis.set_title("Each implementation against its own framework's floor")
    axis.legend(fontsize=8)
    return _save(figure, path)


def concurrency(by_users: dict[str, dict[str, Any]], path: Path) -> Path:
    levels = sorted(by_users, key=int)
    names = list(dict.fromkeys(name for level in levels for name in by_users[level]))  # same colours as elsewhere
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    for i, name in enumerate(names):
        xs = [int(level) for level in levels if name in by_users[level]]
        left.plot(xs, [by_users[str(x)][name]["rps_median"] for x in xs], marker="o", label=name, color=COLOURS[i])
        right.plot(xs, [by_users[str(x)][name]["p95"] for x in xs], marker="o", label=name, color=COLOURS[i])
    for axis, title in ((left, "requests/s"), (right, "p95 latency, ms")):
        axis.set_xscale("log", base=2)
        axis.set_xlabel("concurrent users")
        axis.set_title(title, fontsize=9)
    left.legend(fontsize=8)
    return _save(figure, path)

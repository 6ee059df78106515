"""One measured window, from either generator, as figures: rates, CPU per request, latency histograms.

Every rate divides the requests completed inside the window by the window's measured length.
Latency histograms map a response time in ms to a count; Locust's are its own (whole ms under
100 ms, then 2 significant digits); wrk's microseconds are rounded to 2 significant digits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

PERCENTILES = (50, 95, 99)
SATURATED_CPU_PCT = 90.0  # a generator this busy over the window may have held the server back
MIN_WINDOW_SHARE = 0.9  # a window shorter than this share of the asked duration did not measure


class MeasurementError(RuntimeError):
    """A run that did not measure what it was asked to: its figures must not be reported."""


def percentile(histogram: dict[float, int], fraction: float) -> float:
    """The smallest response time (ms) at or below which `fraction` of the requests fall."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    wanted, seen = fraction * total, 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= wanted:
            return value
    return max(histogram)


def merge(histograms: Iterable[dict[Any, int]]) -> dict[float, int]:
    merged: dict[float, int] = {}
    for histogram in histograms:
        for value, count in histogram.items():
            merged[float(value)] = merged.get(float(value), 0) + count
    return merged


def latency(histogram: dict[Any, int]) -> dict[str, float]:
    merged = merge([histogram])
    return {f"p{p}": percentile(merged, p / 100) for p in PERCENTILES}


def two_digits(ms: float) -> float:
    """`ms` rounded to 2 significant digits: 0.43, 4.3, 43, 430."""
    if ms <= 0:
        return 0.0
    return round(ms, 1 - math.floor(math.log10(ms)))


def _others(busy: float | None, own: float | None, seconds: float) -> float | None:
    if not busy or own is None or not seconds:
        return None
    return round(max(0.0, 100 * (busy - own) / seconds), 1)


def _window(raw: dict[str, Any], operations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures every window has, whichever generator measured it."""
    seconds = raw["window_s"]
    requests = sum(op["requests"] for op in operations.values())
    histogram = merge(op["histogram"] for op in operations.values())
    for op in operations.values():
        op["rps"] = op["requests"] / seconds if seconds else 0.0
        op.update(latency(op["histogram"]))
    server_cpu, database_cpu = raw.get("server_cpu_s"), raw.get("database_cpu_s")
    server_side = server_cpu + (database_cpu or 0.0) if server_cpu is not None else None
    return {
        "window_s": round(seconds, 4),
        "asked_s": raw["asked_s"],
        "complete": raw["complete"],
        "opened": raw["opened"],
        "closed": raw["closed"],
        "requests": requests,
        "failures": sum(op["failures"] for op in operations.values()),
        "rps": requests / seconds if seconds else 0.0,
        **latency(histogram),
        "server_cpu_s": server_cpu,
        "server_cpu_pct": round(100 * server_cpu / seconds, 1) if server_cpu is not None and seconds else None,
        "cpu_us_per_request": round(1e6 * server_cpu / requests, 1) if server_cpu is not None and requests else None,
        # A database server on this machine (PostgreSQL, pinned to the server's core): its share per request.
        "database_cpu_us_per_request": round(1e6 * database_cpu / requests, 1)
        if database_cpu is not None and requests
        else None,
        "generator_cpu_pct": round(100 * raw["generator_cpu_s"] / seconds, 1) if seconds else 0.0,
        # What other processes (or the hypervisor) took from the pinned cores: near 0 on a quiet machine.
        "others_on_server_core_pct": _others(raw.get("server_cores_busy_s"), server_side, seconds),
        "others_on_generator_core_pct": _others(raw.get("generator_cores_busy_s"), raw["generator_cpu_s"], seconds),
        "server_rss_mean_mb": raw["memory"]["rss_mean_mb"],
        "server_rss_max_mb": raw["memory"]["rss_max_mb"],
        "operations": operations,
    }


OFFERED_TOLERANCE = 0.02  # an open-loop workload whose achieved rate strays further from the offered one is flagged


def from_locust(raw: dict[str, Any]) -> dict[str, Any]:
    """A phase record written by bench/window.py (with `rate`: an open-loop phase at that offered rate)."""
    operations = {
        entry["name"]: {
            "requests": entry["num_requests"],
            "failures": entry["num_failures"],
            "histogram": {str(k): v for k, v in dict(entry["response_times"]).items()},
        }
        for entry in raw["entries"]
    }
    figures = _window(raw, operations)
    figures["clients"] = raw.get("clients")
    if raw.get("rate"):
        figures["offered_rps"] = raw["rate"]
        figures["late_sends"] = raw.get("late") or 0
    figures["cpu_warning"] = raw["cpu_warning"]
    figures["saturated"] = raw["cpu_warning"] or figures["generator_cpu_pct"] >= SATURATED_CPU_PCT
    figures["errors"] = [f"{e['method']} {e['name']}: {e['error']} × {e['occurrences']}" for e in raw["errors"]][:10]
    return figures


def from_wrk(raw: dict[str, Any], operation: str) -> dict[str, Any]:
    """A run of bench/wrk_run.py: one operation, errors counted by kind (status: an answer >= 400)."""
    result = raw["raw"]
    histogram: dict[str, int] = {}
    for micros, count in result["latency_us"]:
        key = str(two_digits(micros / 1000))
        histogram[key] = histogram.get(key, 0) + count
    errors = result["errors"]
    # wrk counts a request as completed when its answer arrived, whatever its status.
    failed = errors["status"] + errors["timeout"]
    operations = {operation: {"requests": result["requests"], "failures": failed, "histogram": histogram}}
    figures = _window(raw, operations)
    figures["cpu_warning"] = False
    figures["saturated"] = figures["generator_cpu_pct"] >= SATURATED_CPU_PCT
    figures["drained"] = raw.get("drained", True)  # the server was idle again before the next window
    figures["errors"] = [f"{kind}: {count}" for kind, count in errors.items() if count]
    return figures


def problems(figures: dict[str, Any], expected: Iterable[str]) -> list[str]:
    """Why a window cannot be reported: too short, cut off, or an expected operation never ran."""
    found = []
    if not figures["complete"]:
        found.append(f"the window was cut off after {figures['window_s']:.2f} s")
    if figures["window_s"] < MIN_WINDOW_SHARE * figures["asked_s"]:
        found.append(
            f"window {figures['window_s']:.2f} s, under {MIN_WINDOW_SHARE:.0%} of the {figures['asked_s']} s asked"
        )
    missing = [name for name in expected if not figures["operations"].get(name, {}).get("requests")]
    if missing:
        found.append(f"no request completed for {', '.join(missing)}")
    elif not figures["requests"]:
        found.append("no request completed")
    return found

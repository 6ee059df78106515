"""From the measured windows to the figures a reader compares: medians, spreads, ratios with intervals, flags.

Per concurrency, workload, generator and implementation: req/s and CPU µs per request (median of
the repeats, with min–max), latency percentiles from the repeats' histograms merged, and ratios
(to the fastest, to the least CPU, to the framework's floor) with 95 % bootstrap intervals. An
implementation that failed the contract suite in the same run is shown but ranked nowhere.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from bench.confidence import paired_ratio
from bench.plan import FLOORS, SINGLE_OPERATION
from bench.stats import OFFERED_TOLERANCE, PERCENTILES, merge, percentile

AGREEMENT = 0.10  # Locust and wrk further apart than this, neither saturated: flagged
BUSY = 5.0  # % of a pinned core taken by other processes over a window: the machine was not quiet
CEILING_MARGIN = 2.0  # the generator's ceiling should be at least this multiple of the fastest


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _spread(values: list[float]) -> float:
    middle = statistics.median(values) if values else 0
    return round(100 * (max(values) - min(values)) / middle, 1) if middle else 0.0


def _latency(histograms: list[dict[str, int]]) -> dict[str, float]:
    merged = merge(histograms)
    return {f"p{p}": percentile(merged, p / 100) for p in PERCENTILES}


def _figures(windows: list[dict[str, Any]]) -> dict[str, Any]:
    rps = {w["repeat"]: w["rps"] for w in windows}
    cpu = {w["repeat"]: w["cpu_us_per_request"] for w in windows if w["cpu_us_per_request"]}
    names = sorted({name for w in windows for name in w["operations"]})
    operations = {}
    for name in names:
        ops = [w["operations"][name] for w in windows if name in w["operations"]]
        operations[name] = {
            "rps": _median([op["rps"] for op in ops]),
            "requests": sum(op["requests"] for op in ops),
            "failures": sum(op["failures"] for op in ops),
            **_latency([op["histogram"] for op in ops]),
        }
    return {
        "rps_by_repeat": rps,
        "rps_median": _median(list(rps.values())),
        "rps_min": round(min(rps.values()), 2),
        "rps_max": round(max(rps.values()), 2),
        "rps_spread_pct": _spread(list(rps.values())),
        "cpu_by_repeat": cpu,
        "cpu_us_median": _median(list(cpu.values())),
        "cpu_us_min": min(cpu.values(), default=None),
        "cpu_us_max": max(cpu.values(), default=None),
        "cpu_spread_pct": _spread(list(cpu.values())),
        # A database server on this machine (PostgreSQL): its CPU per request, apart from the server's.
        "database_cpu_us_median": _median(
            [w["database_cpu_us_per_request"] for w in windows if w.get("database_cpu_us_per_request") is not None]
        ),
        **_latency([op["histogram"] for w in windows for op in w["operations"].values()]),
        "requests": sum(w["requests"] for w in windows),
        "failures": sum(w["failures"] for w in windows),
        "window_s_min": min(w["window_s"] for w in windows),
        "window_s_median": _median([w["window_s"] for w in windows]),
        "server_cpu_pct": _median([w["server_cpu_pct"] for w in windows if w["server_cpu_pct"] is not None]),
        "server_rss_max_mb": max(w["server_rss_max_mb"] for w in windows),
        "generator_cpu_pct": _median([w["generator_cpu_pct"] for w in windows]),
        **{
            key: _median([w[key] for w in windows if w.get(key) is not None])
            for key in ("others_on_server_core_pct", "others_on_generator_core_pct")
        },
        "saturated": any(w["saturated"] for w in windows),
        "repeats": len(windows),
        "operations": operations,
        **_offered(windows),
    }


def _offered(windows: list[dict[str, Any]]) -> dict[str, Any]:
    """For open-loop windows: the rate offered, the rate achieved over all of them, and whether it held.

    Over all the repeats' windows together: each paced client completes a whole number of requests in
    a window, so one short window alone strays from the offered rate by chance.
    """
    offered = [w["offered_rps"] for w in windows if w.get("offered_rps")]
    if not offered:
        return {}
    achieved = sum(w["requests"] for w in windows) / sum(w["window_s"] for w in windows)
    return {
        "offered_rps": _median(offered),
        "achieved_rps": round(achieved, 1),
        "offered_held": abs(achieved / statistics.median(offered) - 1) <= OFFERED_TOLERANCE,
        "clients": max(w.get("clients") or 0 for w in windows),
    }


def _rank(by_impl: dict[str, dict[str, Any]], ranked: set[str]) -> None:
    """Ratios to the fastest and to the least CPU per request, among the implementations ranked."""
    candidates = [name for name in by_impl if name in ranked]
    if not candidates:
        return
    fastest = max(candidates, key=lambda name: by_impl[name]["rps_median"] or 0)
    with_cpu = [name for name in candidates if by_impl[name]["cpu_us_median"]]
    leanest = min(with_cpu, key=lambda name: by_impl[name]["cpu_us_median"]) if with_cpu else None
    for name, figures in by_impl.items():
        if name not in ranked:
            continue
        figures["fastest"] = name == fastest
        figures["ratio_to_fastest"] = (
            None if name == fastest else paired_ratio(figures["rps_by_repeat"], by_impl[fastest]["rps_by_repeat"])
        )
        figures["leanest"] = name == leanest
        figures["cpu_ratio_to_leanest"] = (
            None
            if leanest is None or name == leanest
            else paired_ratio(figures["cpu_by_repeat"], by_impl[leanest]["cpu_by_repeat"])
        )


def _of_floor(workloads: dict[str, dict[str, dict[str, Any]]]) -> None:
    """getPost against each framework's floors, measured by the same generator in the same rounds."""
    for generator, by_impl in workloads.get("get", {}).items():
        for name, figures in by_impl.items():
            for floor in FLOORS:
                bare = workloads.get(floor, {}).get(generator, {}).get(name)
                figures[f"of_{floor.replace('-', '_')}"] = bare and paired_ratio(
                    figures["rps_by_repeat"], bare["rps_by_repeat"]
                )


def _busy(figures: dict[str, Any]) -> bool:
    return max(figures.get("others_on_server_core_pct") or 0, figures.get("others_on_generator_core_pct") or 0) > BUSY


def _agreement(workloads: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Locust beside wrk for every single-operation workload and floor both measured."""
    rows = []
    for workload in [*SINGLE_OPERATION, *FLOORS]:
        locust, wrk = workloads.get(workload, {}).get("locust", {}), workloads.get(workload, {}).get("wrk", {})
        for name in sorted(set(locust) & set(wrk)):
            a, b = locust[name], wrk[name]
            gap = (a["rps_median"] - b["rps_median"]) / b["rps_median"] if b["rps_median"] else None
            saturated = a["saturated"] or b["saturated"]
            busy = _busy(a) or _busy(b)  # other processes on the cores: a gap says nothing of the generators
            rows.append(
                {
                    "workload": workload,
                    "impl": name,
                    "locust_rps": a["rps_median"],
                    "wrk_rps": b["rps_median"],
                    "locust_cpu_us": a["cpu_us_median"],
                    "wrk_cpu_us": b["cpu_us_median"],
                    "gap_pct": round(100 * gap, 1) if gap is not None else None,
                    "saturated": saturated,
                    "busy": busy,
                    "disagree": gap is not None and abs(gap) > AGREEMENT and not saturated and not busy,
                }
            )
    return rows


def _ceiling(
    summary: dict[str, Any], workloads: dict[str, dict[str, dict[str, Any]]], ranked: set[str]
) -> list[dict[str, Any]]:
    rows = []
    for window in summary.get("ceiling") or []:
        measured = workloads.get(window["workload"], {}).get("locust", {})
        fastest = max((f["rps_median"] for name, f in measured.items() if name in ranked), default=0)
        ratio = window["rps"] / fastest if fastest else None
        rows.append(
            {
                "workload": window["workload"],
                "rps": round(window["rps"], 1),
                "fastest_rps": fastest,
                "ratio": round(ratio, 2) if ratio else None,
                "saturated": window["saturated"],
                "below_margin": bool(ratio is not None and ratio < CEILING_MARGIN),
            }
        )
    return rows


def _level_order(key: str) -> tuple[int, int]:
    """ "32" (clients), "32/16" (clients, requests a worker takes at once): by clients, then concurrency."""
    users, _, concurrency = key.partition("/")
    return int(users), int(concurrency or 0)


def is_open_loop(workload: str) -> bool:
    """ "mixed@50%": a workload at a fixed offered rate (the same for every implementation)."""
    return "@" in workload


def gate(summary: dict[str, Any]) -> dict[str, str]:
    """passed / FAILED / not run: an implementation that failed the contract suite is ranked nowhere."""
    return {
        name: (
            "not run"
            if name not in summary["contract"]
            else "passed"
            if summary["contract"][name]["passed"]
            else "FAILED"
        )
        for name in summary["settings"]["impls"]
    }


def aggregate(summary: dict[str, Any]) -> dict[str, Any]:
    grouped: dict[str, dict[str, dict[str, dict[str, list]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    )
    for w in summary["windows"]:
        grouped[w.get("level") or str(w["users"])][w["workload"]][w["generator"]][w["impl"]].append(w)
    gates = gate(summary)
    ranked = {name for name, state in gates.items() if state != "FAILED"}
    by_level: dict[str, Any] = {}
    for level, workloads in sorted(grouped.items(), key=lambda item: _level_order(item[0])):
        result = {
            workload: {
                generator: {name: _figures(ws) for name, ws in impls.items()} for generator, impls in generators.items()
            }
            for workload, generators in workloads.items()
        }
        for workload, generators in result.items():
            for by_impl in generators.values():
                if not is_open_loop(workload):  # at a fixed offered rate, req/s ranks nothing
                    _rank(by_impl, ranked)
        _of_floor(result)
        by_level[level] = result
    default = str(summary["settings"]["users"])
    if default not in by_level and by_level:
        default = max(by_level, key=_level_order)
    workloads = by_level.get(default, {})
    agreement, ceiling = _agreement(workloads), _ceiling(summary, workloads, ranked)
    every = [f for generators in workloads.values() for impls in generators.values() for f in impls.values()]
    units = summary.get("units", [])
    flags = {
        "problems": summary.get("problems", []),
        "not_ranked": sorted(name for name, state in gates.items() if state == "FAILED"),
        "contract_not_run": sorted(name for name, state in gates.items() if state == "not run"),
        "any_saturated": any(f["saturated"] for f in every),
        "any_failures": any(f["failures"] for f in every),
        "integrity_ok": all(unit["integrity"]["ok"] for unit in units),
        "ceiling_below_margin": [row["workload"] for row in ceiling if row["below_margin"]],
        "generators_disagree": [f"{row['workload']} {row['impl']}" for row in agreement if row["disagree"]],
        "wrk_missing": not summary.get("generators", {}).get("wrk"),
        "busy_cores": any(_busy(f) for f in every),
        "offered_missed": [
            f"{workload} {name}"
            for workload, generators in workloads.items()
            for name, f in generators.get("locust", {}).items()
            if f.get("offered_held") is False
        ],
    }
    return {
        "default_level": default,
        "by_level": by_level,
        "gate": gates,
        "agreement": agreement,
        "ceiling": ceiling,
        "flags": flags,
    }

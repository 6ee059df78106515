"""From the measured windows to the figures a reader compares: medians, spreads, ratios with intervals, flags.

Per concurrency, workload, generator and implementation: req/s and CPU µs per request (median of
the repeats, with min–max, and the geometric mean the ratios are made of), latency percentiles from
the repeats' histograms merged, and ratios (to the fastest, to the least CPU, to the framework's
floor) with Student-t intervals on log ratios (bench/confidence.py).

Verdicts: within one workload, generator and measure, every pair of ranked implementations is
compared, the intervals drawn so that all of them hold together at 95 % (Bonferroni over the pairs).
The one with the highest geometric mean is the fastest only where it is clearly ahead of each other
one; otherwise those it cannot be told from are "tied for fastest". The A/A control (one
implementation measured a second time under another name) is compared with itself in every workload,
its intervals drawn to hold together at 95 % over all of them: it must read no clear difference.
An implementation that failed the contract suite in the same run is shown but ranked nowhere.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from bench.confidence import clear, family_level, geometric_mean, paired_ratio
from bench.plan import FLOORS, SINGLE_OPERATION, TWIN
from bench.stats import OFFERED_TOLERANCE, PERCENTILES, merge, percentile

AGREEMENT = 0.10  # Locust and wrk further apart than this, neither saturated: flagged
BUSY = 5.0  # % of a pinned core taken by other processes over a window: the machine was not quiet
CEILING_MARGIN = 2.0  # the generator's ceiling should be at least this multiple of the fastest
LATE_SHARE = 0.01  # open-loop windows with more requests than this sent late are flagged


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
    geomean, cpu_geomean = geometric_mean(rps), geometric_mean(cpu)
    return {
        "rps_by_repeat": rps,
        "rps_geomean": round(geomean, 2) if geomean else None,
        "cpu_us_geomean": round(cpu_geomean, 1) if cpu_geomean else None,
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
    late = sum(w.get("late_sends") or 0 for w in windows)
    requests = sum(w["requests"] for w in windows)
    return {
        "offered_rps": _median(offered),
        "achieved_rps": round(achieved, 1),
        "offered_held": abs(achieved / statistics.median(offered) - 1) <= OFFERED_TOLERANCE,
        "clients": max(w.get("clients") or 0 for w in windows),
        # Sent after their scheduled time: a client was still waiting for an earlier answer. Their latency
        # still counts from the schedule, but more clients would have offered the rate more evenly.
        "late_sends": late,
        "clients_behind": bool(requests and late / requests > LATE_SHARE),
    }


def _verdict(by_impl: dict[str, dict[str, Any]], names: list[str], key: str, higher_is_better: bool) -> dict:
    """Every pair of `names` compared on `key` ("rps" or "cpu"), the intervals holding together at 95 %; the
    leader (best geometric mean) and those it cannot be told from."""
    level = family_level(len(names) * (len(names) - 1) // 2)
    pairs = {
        f"{a}/{b}": paired_ratio(by_impl[a][f"{key}_by_repeat"], by_impl[b][f"{key}_by_repeat"], level=level)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    }
    means = {name: by_impl[name][f"{key}_geomean" if key == "rps" else "cpu_us_geomean"] for name in names}
    candidates = [name for name in names if means[name]]
    if not candidates:
        return {"leader": None, "tied": [], "pairs": pairs, "level": level}
    leader = (max if higher_is_better else min)(candidates, key=lambda name: means[name])
    ratios = {
        name: paired_ratio(by_impl[name][f"{key}_by_repeat"], by_impl[leader][f"{key}_by_repeat"], level=level)
        for name in candidates
        if name != leader
    }
    tied = [leader] + [name for name, ratio in ratios.items() if not clear(ratio)]
    return {"leader": leader, "tied": sorted(tied), "ratios": ratios, "pairs": pairs, "level": level}


def _rank(by_impl: dict[str, dict[str, Any]], ranked: set[str]) -> dict[str, Any]:
    """Ratios to the fastest and to the least CPU per request, among the implementations ranked (never the A/A
    control's second name); the verdicts, for reading and for comparing runs."""
    names = sorted(name for name in by_impl if name in ranked and not name.endswith(TWIN))
    if not names:
        return {}
    speed = _verdict(by_impl, names, "rps", higher_is_better=True)
    cpu = _verdict(by_impl, names, "cpu", higher_is_better=False)
    for name in names:
        figures = by_impl[name]
        alone = speed["leader"] == name and len(speed["tied"]) == 1
        figures["fastest"] = alone
        figures["tied_for_fastest"] = speed["tied"] if name in speed["tied"] and len(speed["tied"]) > 1 else None
        figures["ratio_to_fastest"] = speed.get("ratios", {}).get(name)
        figures["leanest"] = cpu["leader"] == name and len(cpu["tied"]) == 1
        figures["tied_for_least_cpu"] = cpu["tied"] if name in cpu["tied"] and len(cpu["tied"]) > 1 else None
        figures["cpu_ratio_to_leanest"] = cpu.get("ratios", {}).get(name)
    return {"rps": speed, "cpu": cpu}


def _of_floor(workloads: dict[str, dict[str, dict[str, Any]]]) -> None:
    """getPost against each framework's floors, measured by the same generator in the same rounds; the
    implementations' fractions hold together at 95 %."""
    for generator, by_impl in workloads.get("get", {}).items():
        level = family_level(len(by_impl) * len(FLOORS))
        for name, figures in by_impl.items():
            for floor in FLOORS:
                bare = workloads.get(floor, {}).get(generator, {}).get(name)
                figures[f"of_{floor.replace('-', '_')}"] = bare and paired_ratio(
                    figures["rps_by_repeat"], bare["rps_by_repeat"], level=level
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


def _control(control: dict[str, str] | None, workloads: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any] | None:
    """The A/A control: the implementation against itself under its second name, in every workload and
    generator, throughput and CPU, all its intervals holding together at 95 %. It holds when none excludes 1."""
    if not control:
        return None
    impl, twin = control["impl"], control["twin"]
    cells = [
        (workload, generator, by_impl[twin], by_impl[impl])
        for workload, generators in workloads.items()
        if not is_open_loop(workload)
        for generator, by_impl in generators.items()
        if impl in by_impl and twin in by_impl
    ]
    level = family_level(2 * len(cells))
    rows: list[dict[str, Any]] = [
        {
            "workload": workload,
            "generator": generator,
            "rps": paired_ratio(a["rps_by_repeat"], b["rps_by_repeat"], level=level),
            "cpu": paired_ratio(a["cpu_by_repeat"], b["cpu_by_repeat"], level=level),
        }
        for workload, generator, a, b in cells
    ]
    clear_rows = [
        f"{row['workload']} ({row['generator']}, {measure})"
        for row in rows
        for measure in ("rps", "cpu")
        if clear(row[measure])
    ]
    return {**control, "level": level, "rows": rows, "holds": not clear_rows, "differences": clear_rows}


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
    verdicts: dict[str, Any] = {}
    for level, workloads in sorted(grouped.items(), key=lambda item: _level_order(item[0])):
        result = {
            workload: {
                generator: {name: _figures(ws) for name, ws in impls.items()} for generator, impls in generators.items()
            }
            for workload, generators in workloads.items()
        }
        verdicts[level] = {
            workload: {
                generator: _rank(by_impl, ranked)
                for generator, by_impl in generators.items()
                if not is_open_loop(workload)  # at a fixed offered rate, req/s ranks nothing
            }
            for workload, generators in result.items()
        }
        _of_floor(result)
        by_level[level] = result
    default = str(summary["settings"]["users"])
    if default not in by_level and by_level:
        default = max(by_level, key=_level_order)
    workloads = by_level.get(default, {})
    agreement, ceiling = _agreement(workloads), _ceiling(summary, workloads, ranked)
    every = [f for generators in workloads.values() for impls in generators.values() for f in impls.values()]
    units = summary.get("units", [])
    control = _control(summary.get("control"), workloads)
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
        "clients_behind": [
            f"{workload} {name}"
            for workload, generators in workloads.items()
            for name, f in generators.get("locust", {}).items()
            if f.get("clients_behind")
        ],
        "control_failed": bool(control and not control["holds"]),
    }
    return {
        "default_level": default,
        "by_level": by_level,
        "verdicts": verdicts,
        "control": control,
        "gate": gates,
        "agreement": agreement,
        "ceiling": ceiling,
        "flags": flags,
    }

"""From the raw runs to the figures a reader compares: medians, spreads, ratios, fractions, flags."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else 0.0


def _per_impl(runs: list[dict[str, Any]], floor: dict[str, Any]) -> dict[str, Any]:
    rps = [run["stats"]["total"]["rps"] for run in runs]
    operations: dict[str, dict[str, float]] = {}
    for name in sorted({name for run in runs for name in run["stats"]["operations"]}):
        per_run = [run["stats"]["operations"][name] for run in runs if name in run["stats"]["operations"]]
        operations[name] = {key: _median([op[key] for op in per_run]) for key in ("rps", "p50", "p95", "p99")}
        operations[name]["failures"] = sum(op["failures"] for op in per_run)
    result = {
        "rps_median": _median(rps), "rps_min": round(min(rps), 2), "rps_max": round(max(rps), 2),
        "rps_values": [round(v, 2) for v in rps],
        "spread_pct": round(100 * (max(rps) - min(rps)) / statistics.median(rps), 1) if statistics.median(rps) else 0,
        **{key: _median([run["stats"]["total"][key] for run in runs]) for key in ("p50", "p95", "p99")},
        "requests": sum(run["stats"]["total"]["requests"] for run in runs),
        "failures": sum(run["stats"]["total"]["failures"] for run in runs),
        "server_cpu_mean": _median([run["resources"]["server"]["cpu_mean"] for run in runs]),
        "server_rss_max_mb": max(run["resources"]["server"]["rss_max_mb"] for run in runs),
        "generator_cpu_mean": _median([run["resources"]["generator"]["cpu_mean"] for run in runs]),
        "saturated": any(run["saturated"] for run in runs),
        "integrity_ok": all(run["integrity"]["ok"] for run in runs),
        "operations": operations,
    }
    for endpoint in ("json", "item"):
        floor_rps = (floor.get(endpoint) or {}).get("stats", {}).get("rps")
        result[f"floor_{endpoint}_rps"] = round(floor_rps, 2) if floor_rps else None
        # A floor the generator could not saturate the server for is a lower bound, like any result.
        result[f"floor_{endpoint}_saturated"] = bool((floor.get(endpoint) or {}).get("saturated"))
        result[f"fraction_of_floor_{endpoint}"] = round(result["rps_median"] / floor_rps, 3) if floor_rps else None
    return result


def aggregate(summary: dict[str, Any]) -> dict[str, Any]:
    grouped: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for run in summary["runs"]:
        grouped[run["users"]][run["impl"]].append(run)
    by_users: dict[int, dict[str, Any]] = {}
    for users, impls in sorted(grouped.items()):
        results = {name: _per_impl(runs, summary["floors"].get(name, {})) for name, runs in impls.items()}
        fastest = max(result["rps_median"] for result in results.values()) or 1.0
        for result in results.values():
            result["ratio_to_fastest"] = round(result["rps_median"] / fastest, 3)
        by_users[users] = results
    default_users = summary["settings"]["users"] if summary["settings"]["users"] in by_users else max(by_users)
    default = by_users[default_users]
    ceiling = summary["ceiling"]["stats"]["total"]["rps"] if summary.get("ceiling") else 0.0
    fastest = max(result["rps_median"] for result in default.values())
    flags = {
        "ceiling_rps": round(ceiling, 2),
        "fastest_rps": fastest,
        "ceiling_ratio": round(ceiling / fastest, 2) if fastest else None,
        "ceiling_below_twice_fastest": bool(fastest and ceiling < 2 * fastest),
        "ceiling_generator_saturated": bool(summary.get("ceiling") and summary["ceiling"]["cpu_warning"]),
        "any_saturated": any(r["saturated"] for results in by_users.values() for r in results.values()),
        "any_failures": any(r["failures"] for results in by_users.values() for r in results.values()),
        "integrity_ok": all(r["integrity_ok"] for results in by_users.values() for r in results.values()),
    }
    return {"default_users": default_users, "by_users": {str(k): v for k, v in by_users.items()}, "flags": flags}

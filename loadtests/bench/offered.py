"""Latency at equal offered load: every implementation at the same fixed request rates, open loop.

The rates are shares of the slowest ranked implementation's capacity on the mixed workload: the
median of its closed-loop windows over the rounds before the latency rounds (warm servers, not one
window of a cold one). The last rounds' units then measure, after their closed-loop windows and on
the same server, a window at each rate. Clients keep a fixed schedule: each sends one request every
`pace_s` seconds, so that at the offered rate none is still waiting for an earlier answer when its
next request is due, and each request's latency counts from the moment it was due, not from when it
went out (no coordinated omission). A window in which clients fell behind their schedule anyway is
flagged. Those rounds get a Locust process of their own, with as many clients as the rates need.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from bench import stats
from bench.aggregate import gate
from bench.context import RunContext, Target
from bench.plan import OFFERED_PROFILE, offered_rates
from bench.profiles import PROFILES

MAX_CLIENTS = 512  # a Locust process's clients at most; beyond, each is paced faster than pace_s


@dataclass(frozen=True)
class Offered:
    """The latency rounds' rates (name -> req/s) and the clients that send them."""

    loads: dict[str, float]
    clients: int

    def phases(self, run: RunContext, api: Target) -> list[dict[str, Any]]:
        return [
            run.phase(name, api, profile=OFFERED_PROFILE, rate=rate, users=self.clients)
            for name, rate in self.loads.items()
        ]


def capacities(run: RunContext) -> dict[str, float]:
    """Each ranked implementation's closed-loop capacity on the offered workload: the median over its rounds so far."""
    ranked = {name for name, state in gate(run.summary.to_json()).items() if state != "FAILED"}
    rates: dict[str, list[float]] = {}
    for w in run.summary.windows:
        if w["workload"] == OFFERED_PROFILE and w["generator"] == "locust" and w["impl"] in ranked:
            rates.setdefault(w["impl"], []).append(w["rps"])
    return {name: statistics.median(values) for name, values in rates.items()}


def plan_offered(run: RunContext, rounds: int) -> Offered | None:
    """The offered rates and the clients they need, written into the summary; None when nothing can be offered."""
    found = capacities(run)
    chosen = offered_rates(found, run.settings.offered_loads)
    if chosen is None:
        return None
    slowest, loads = chosen
    clients = min(MAX_CLIENTS, max(run.settings.users, math.ceil(max(loads.values()) * run.settings.pace_s)))
    run.summary.offered = {
        "capacity_rps": round(found[slowest], 1),
        "slowest": slowest,
        "capacity_from": f"median of {slowest}'s closed-loop {OFFERED_PROFILE} windows in the rounds before",
        "clients": clients,
        "pace_s": round(clients / max(loads.values()), 3),
        "loads": loads,
        "rounds": rounds,
    }
    run.progress.step(
        f"offered loads from {slowest}'s warm capacity ({found[slowest]:,.0f} req/s on {OFFERED_PROFILE}): "
        + ", ".join(f"{name} = {rate:,.0f} req/s" for name, rate in loads.items())
        + f"; {clients} clients, measured in the last {rounds} round(s)"
    )
    return Offered(loads, clients)


def every_operation_offered(run: RunContext, offered: Offered) -> None:
    """Every operation of the offered workload completed somewhere in its rounds, per implementation."""
    for name in offered.loads:
        for impl in run.settings.impls:
            windows = [w for w in run.summary.windows if w["workload"] == name and w["impl"] == impl.name]
            seen = {op for w in windows for op, figures in w["operations"].items() if figures["requests"]}
            missing = [op for op in PROFILES[OFFERED_PROFILE] if op not in seen]
            if windows and missing:
                raise stats.MeasurementError(
                    f"{name} {impl.name}: no request completed for {', '.join(missing)} in {len(windows)} window(s)"
                )

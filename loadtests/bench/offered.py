"""Latency at equal offered load: every implementation at the same fixed request rates, open loop.

The rates are shares of the slowest ranked implementation's capacity on the mixed workload, the
median of its closed-loop windows over every round (warm servers, not one window of a cold one).
Clients keep a fixed schedule: each sends one request every `pace_s` seconds, so that at the
offered rate none is still waiting for an earlier answer when its next request is due, and each
request's latency counts from the moment it was due, not from when it went out (no coordinated
omission). A window in which clients fell behind their schedule anyway is flagged. The pass runs
after the closed-loop rounds, with its own Locust process of as many clients as the rates need.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from bench import stats
from bench.aggregate import gate
from bench.context import RunContext
from bench.integrity import check as check_integrity
from bench.plan import OFFERED_PROFILE, Unit, offered_pass, offered_rates, rounds
from bench.profiles import PROFILES
from bench.units import Measure, UnitServers, batch, locust_windows, pipeline, record

WARMUP_REQUESTS = 4  # each client's requests before the first window: its first writes create its own posts


def capacities(run: RunContext) -> dict[str, float]:
    """Each ranked implementation's closed-loop capacity on the offered workload: the median over its rounds."""
    ranked = {name for name, state in gate(run.summary.to_json()).items() if state != "FAILED"}
    rates: dict[str, list[float]] = {}
    for w in run.summary.windows:
        if w["workload"] == OFFERED_PROFILE and w["generator"] == "locust" and w["impl"] in ranked:
            rates.setdefault(w["impl"], []).append(w["rps"])
    return {name: statistics.median(values) for name, values in rates.items()}


def plan_offered(run: RunContext) -> tuple[dict[str, float], int] | None:
    """The offered rates and the clients they need, written into the summary; None when nothing is offered."""
    chosen = offered_rates(capacities(run), run.settings.offered_loads) if offered_pass(run.settings) else None
    if chosen is None:
        return None
    slowest, loads = chosen
    clients = max(run.settings.users, math.ceil(max(loads.values()) * run.settings.pace_s))
    found = capacities(run)[slowest]
    run.summary.offered = {
        "capacity_rps": round(found, 1),
        "slowest": slowest,
        "capacity_from": f"median of {slowest}'s closed-loop {OFFERED_PROFILE} windows over every round",
        "clients": clients,
        "pace_s": run.settings.pace_s,
        "loads": loads,
        "rounds": run.settings.latency_rounds,
    }
    run.progress.step(
        f"offered loads from {slowest}'s warm capacity ({found:,.0f} req/s on {OFFERED_PROFILE}): "
        + ", ".join(f"{name} = {rate:,.0f} req/s" for name, rate in loads.items())
        + f"; {clients} clients, one request every {run.settings.pace_s:g} s each"
    )
    return loads, clients


def offered(run: RunContext, loads: dict[str, float], clients: int) -> None:
    """The latency rounds: each implementation's server warmed at the first rate, then a window at each."""
    plan = rounds(run.settings, run.order_seed + 1, run.settings.latency_rounds, twin=False)
    pipeline(run, plan, _measurer(loads, clients), floors=False)
    _every_operation_offered(run, loads)


def _measurer(loads: dict[str, float], clients: int) -> Measure:
    def measure(run: RunContext, unit: Unit, servers: UnitServers, measured: Callable[[], None]) -> None:
        api = servers.api
        dataset = run.seeded[unit.impl.name].dataset
        run.progress.step(f"{unit.name} · latency round {unit.round} · " + ", ".join(loads))
        phases = [
            run.phase(name, (api.url, api.pid), profile=OFFERED_PROFILE, rate=rate, users=clients)
            for name, rate in loads.items()
        ]
        ledger = run.logs / f"{unit.label}.offered.ledger.json"
        try:
            # Long enough for each client to send a few requests first: a client's first writes create the
            # posts its later updates and deletes need.
            warmup = max(run.settings.warmup, WARMUP_REQUESTS * run.settings.pace_s)
            windows = locust_windows(
                run,
                batch(run, f"{unit.label}.offered", phases, clients, warmup=warmup, seed=dataset, ledger=str(ledger)),
            )
            measured()
            integrity = check_integrity(api.url, ledger, api.log())
        finally:
            servers.stop()
        record(run, unit, windows, api, integrity, None)

    return measure


def _every_operation_offered(run: RunContext, loads: dict[str, float]) -> None:
    """Every operation of the offered workload completed somewhere in its rounds, per implementation."""
    for name in loads:
        for impl in run.settings.impls:
            windows = [w for w in run.summary.windows if w["workload"] == name and w["impl"] == impl.name]
            seen = {op for w in windows for op, figures in w["operations"].items() if figures["requests"]}
            missing = [op for op in PROFILES[OFFERED_PROFILE] if op not in seen]
            if windows and missing:
                raise stats.MeasurementError(
                    f"{name} {impl.name}: no request completed for {', '.join(missing)} in {len(windows)} window(s)"
                )

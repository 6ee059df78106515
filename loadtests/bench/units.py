"""The closed-loop rounds: every unit's server on a fresh copy of the seeded database, measured by wrk and Locust.

A unit is one contestant in one round: its server starts through the manifest on every core (nothing
is measured meanwhile), waits until each of its worker processes is up, moves onto the server's core,
and is warmed up at full load before its first window. wrk then measures the single-operation
workloads and the framework's floors, and one Locust batch every workload, in windows back to back.
The next unit's server starts while this one's integrity is checked.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from bench import stats, wrk_run
from bench.context import RunContext, Target
from bench.environment import database_policy
from bench.integrity import check as check_integrity
from bench.offered import Offered
from bench.plan import FLOORS, Unit, wrk_workloads
from bench.profiles import PROFILES
from bench.sampler import ProcessTree, idle
from bench.seed import prime
from harness.server import Server

WORKERS_TIMEOUT = 60.0  # seconds for a slow machine to fork every worker


@dataclass
class UnitServers:
    """A unit's own servers: the implementation's, and its framework's floor (if the unit measures floors)."""

    api: Server
    floor: Server | None = None

    def stop(self) -> None:
        for server in (self.api, self.floor):
            if server is not None:
                server.stop()


Measure = Callable[[RunContext, Unit, UnitServers, Callable[[], None]], None]


def pipeline(run: RunContext, plan: list[Unit], measure: Measure, *, floors: bool = True) -> None:
    """Units one after another; the next one's servers start as soon as this one's windows are over."""
    with ThreadPoolExecutor(max_workers=1) as starter:
        upcoming = [starter.submit(launch, run, plan[0], floor=floors)] if plan else []
        try:
            for n, unit in enumerate(plan):
                api = upcoming.pop().result()
                following = plan[n + 1] if n + 1 < len(plan) else None

                def start_next(following: Unit | None = following) -> None:
                    if following:
                        upcoming.append(starter.submit(launch, run, following, floor=floors))

                measure(run, unit, api, start_next)
        finally:
            for started in upcoming:  # a run stopped early: the server started for the next unit
                with contextlib.suppress(Exception):
                    started.result().stop()


def launch(run: RunContext, unit: Unit, *, floor: bool = True) -> UnitServers:
    """A unit's servers, each on a fresh copy of its implementation's seeded database, every worker up, pinned.

    The floor is a new process in every unit too: a process keeps its own luck for its whole life
    (where its code and data landed in memory, its connections), worth a few per cent, and only a
    new one each round lets the rounds' spread show it.
    """
    impl, seeded = unit.impl, run.seeded[unit.impl.name]
    commands: list[tuple[tuple[str, ...], str]] = [(impl.serve_command or impl.command, "")]
    if floor and run.settings.floors and impl.floor_app:
        commands.append((impl.floor(impl.floor_app), ".floor"))
    with ThreadPoolExecutor(max_workers=2) as pool:  # both start at once: nothing is measured meanwhile
        futures = [pool.submit(_start, run, unit, command, seeded.database_url, suffix) for command, suffix in commands]
    failed = [future for future in futures if future.exception() is not None]
    if failed:
        for future in futures:
            if future not in failed:
                future.result().stop()
        raise failed[0].exception()  # type: ignore[misc]
    found = UnitServers(*(future.result() for future in futures))
    if found.floor is not None:
        prime(found.floor.url, [p for w in FLOORS for p in wrk_run.paths_for(w, seeded.dataset)[0][:50]])
    return found


def _start(run: RunContext, unit: Unit, command: tuple[str, ...], seeded: str, suffix: str) -> Server:
    """One of a unit's servers: a fresh copy of the seeded database (migrated: the server only serves), started on
    every core (between two units nothing is measured), then moved onto the server's core once its workers are up."""
    database_url = run.databases.fresh(unit.impl.name + suffix.replace(".", "_"), copy_of=seeded)
    server = run.server(
        unit.impl,
        unit.label + suffix,
        database_url=database_url,
        command=command,
        cpus=None,
        concurrency=unit.level.concurrency,
        workers=unit.level.workers,
    ).start()
    try:
        wait_for_workers(server, run.shape(unit.impl, unit.level.concurrency, unit.level.workers).workers)
        if run.cores.server:
            server.pin(run.cores.server)
    except Exception:
        server.stop()
        raise
    return server


def wait_for_workers(server: Server, workers: int, settle: float = 0.3) -> None:
    """Until every worker process is forked (a master and its `workers`, or one process alone) and the count
    has held for `settle` seconds; the health check that started the server proved one of them answers."""
    wanted = 1 if workers == 1 else workers + 1
    if workers == 1 and len(server.pids()) <= 2:
        return  # one process, or a master and the one worker the health check reached: nothing to wait for
    deadline, seen, since = time.monotonic() + WORKERS_TIMEOUT, -1, time.monotonic()
    while time.monotonic() < deadline:
        count = len(server.pids())
        if count != seen:
            seen, since = count, time.monotonic()
        elif count >= wanted and time.monotonic() - since >= settle:
            return
        time.sleep(0.05)
    raise stats.MeasurementError(
        f"{server.impl.name}: {seen} process(es) after {WORKERS_TIMEOUT:.0f} s, {wanted} expected"
    )


def checked(figures: dict[str, Any], operations: Iterable[str]) -> dict[str, Any]:
    """The window's figures, or a MeasurementError saying why they cannot be reported."""
    found = stats.problems(figures, operations)
    if found:
        raise stats.MeasurementError(f"{figures.get('workload', '')}: " + "; ".join(found))
    return figures


def locust_windows(run: RunContext, batch: dict[str, Any]) -> list[dict[str, Any]]:
    """A batch's windows as figures; a closed-loop window must have run every operation of its workload (an
    open-loop one at a modest rate may miss a rare one by chance: those are checked over all its rounds)."""
    return [
        {
            "generator": "locust",
            **checked(
                {"workload": r["workload"], **stats.from_locust(r)}, () if r.get("rate") else PROFILES[r["workload"]]
            ),
        }
        for r in run.locust_batch(batch)
    ]


def batch(
    run: RunContext, label: str, phases: list[dict[str, Any]], users: int, warmup: float | None = None, **extra: Any
) -> dict[str, Any]:
    """A Locust batch: the first phase warms up in full (every client registers on the server meanwhile)."""
    first = run.settings.warmup if warmup is None else warmup
    return {
        "label": label,
        "users": users,
        "warmup": run.settings.switch_warmup,
        "window": run.settings.duration,
        "server_cpus": run.cores.server,
        "generator_cpus": run.cores.generator,
        "phases": [{**p, "warmup": first} if n == 0 else p for n, p in enumerate(phases)],
        **extra,
    }


def measure_unit(
    run: RunContext, unit: Unit, servers: UnitServers, measured: Callable[[], None], offered: Offered | None = None
) -> None:
    """The unit's windows: wrk's and Locust's closed-loop ones, then, in a latency round, one at each offered rate."""
    settings, impl, api = run.settings, unit.impl, servers.api
    dataset = run.seeded[impl.name].dataset
    prefix = f"{unit.name} · round {unit.round}/{settings.repeats} · {unit.level.users} users" + (
        f" · {unit.level.concurrency} at once" if unit.level.concurrency else ""
    )
    run.progress.step(f"{prefix} · started in {api.startup_seconds:.1f} s on a copy of the seeded database")
    targets: dict[str, Target] = {"api": (api.url, api.pid)}
    if servers.floor is not None:
        targets["floor"] = (servers.floor.url, servers.floor.pid)
    windows: list[dict[str, Any]] = []
    try:
        idle_rss = ProcessTree(api.pid).rss_mb()
        # A first request of each kind pays for what the code sets up lazily; the warm-up at full load then
        # settles everything else before any window.
        prime(api.url, wrk_run.paths_for("get", dataset)[0][:3] + wrk_run.paths_for("list", dataset)[0])
        if impl.name not in run.summary.database_policy:
            run.summary.database_policy[impl.name] = database_policy(api.log())
        wrk = [w for w in wrk_workloads(settings, run.wrk) if w not in FLOORS or "floor" in targets]
        floors_by_locust = [w for w in FLOORS if "floor" in targets and not wrk and settings.floors]
        # wrk measures get and list in every round; Locust measures them again only in the first rounds, for
        # the two generators side by side (the verdicts are wrk's).
        again = not wrk or unit.round <= settings.agreement_rounds
        workloads = [w for w in settings.workloads if again or w not in wrk] + floors_by_locust
        phases = [run.phase(w, targets["floor" if w in FLOORS else "api"]) for w in workloads]
        phases += offered.phases(run, targets["api"]) if offered else []
        ledger = run.logs / f"{unit.label}.ledger.json"
        # Whichever generator goes first (drawn per unit) warms the server up at full load; the second starts
        # on a warm server, after what the first left in flight is done.
        locust_first = bool(wrk) and random.Random(f"{run.order_seed}:{unit.label}").random() < 0.5
        for generator in ("locust", "wrk") if locust_first else ("wrk", "locust"):
            warm = not windows
            if generator == "wrk" and wrk:
                run.progress.step(f"{prefix} · wrk: {', '.join(wrk)}, {settings.duration} s each")
                windows += wrk_windows(run, unit, wrk, targets, dataset, warm_up=warm)
            elif generator == "locust":
                names = ", ".join(p["workload"] for p in phases)
                run.progress.step(f"{prefix} · Locust: {names}, {settings.duration} s each")
                first = settings.warmup if warm else settings.switch_warmup
                windows += locust_windows(
                    run,
                    batch(run, unit.label, phases, unit.level.users, warmup=first, seed=dataset, ledger=str(ledger)),
                )
                idle(ProcessTree(api.pid))  # the clients' last requests are answered before wrk begins
        measured()
        integrity = check_integrity(api.url, ledger, api.log())
    finally:
        servers.stop()
    record(run, unit, windows, api, integrity, idle_rss)


def wrk_windows(
    run: RunContext,
    unit: Unit,
    workloads: list[str],
    targets: dict[str, Target],
    dataset: dict[str, list[int]],
    *,
    warm_up: bool,
) -> list[dict[str, Any]]:
    """One wrk window per workload, after a discarded warm-up at full load if the server has had none."""
    settings = run.settings

    def wrk(workload: str, label: str, seconds: float) -> dict[str, Any]:
        url, pid = targets["floor" if workload in FLOORS else "api"]
        return wrk_run.run_wrk(
            url=url,
            workload=workload,
            seed=dataset,
            connections=unit.level.users,
            seconds=seconds,
            cpus=run.cores.generator,
            server_pid=pid,
            database_pid=run.databases.server_pid,
            server_cpus=run.cores.server,
            workdir=run.logs,
            label=label,
        )

    if warm_up:
        wrk("get", f"{unit.label}.wrk.warmup", settings.warmup)
    results = []
    for workload in workloads:
        raw = wrk(workload, f"{unit.label}.wrk.{workload}", settings.duration)
        figures = {"workload": workload, **stats.from_wrk(raw, next(iter(PROFILES[workload])))}
        results.append({"generator": "wrk", **checked(figures, PROFILES[workload])})
    return results


def record(
    run: RunContext,
    unit: Unit,
    windows: list[dict[str, Any]],
    api: Server,
    integrity: dict[str, Any],
    rss: float,
) -> None:
    """The unit's windows and its integrity, into the summary, under the contestant's name."""
    env_set = bool(unit.level.concurrency and unit.impl.concurrency_env)
    for figures in windows:
        figures.update(
            impl=unit.name,
            repeat=unit.round,
            users=unit.level.users,
            level=unit.level.key,
            concurrency=unit.level.concurrency,
            concurrency_set=env_set,
            target="floor" if figures["workload"] in FLOORS else "implementation",
        )
        run.summary.windows.append(figures)
    run.summary.units.append(
        {
            "impl": unit.name,
            "repeat": unit.round,
            "users": unit.level.users,
            "integrity": integrity,
            "startup_s": round(api.startup_seconds or 0, 3),
            "idle_rss_mb": round(rss, 1),
        }
    )
    run.progress.report(unit.name, unit.round, windows, integrity["ok"])

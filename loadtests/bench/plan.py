"""What a comparison runs: its settings, the cores it pins, the order of its runs, its time budget."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from harness.manifest import Implementation

# The workloads `make compare` measures by default, and those a single-request generator (wrk) can
# drive too: one operation each, sent the same way by both generators.
DEFAULT_WORKLOADS = ("get", "list", "write", "mixed")
SINGLE_OPERATION = {"get": "getPost", "list": "listPosts"}
# Each framework bare on its implementation's server policy: measured by wrk, whose ceiling is far
# above theirs (Locust's is not above the JSON floor of the fastest framework).
FLOORS = {"floor-row": "row", "floor-json": "json"}
# Latency at equal offered load: this workload, open loop, at shares of the slowest implementation's capacity.
OFFERED_PROFILE = "mixed"
SUMMARY_FORMAT = 2  # summary.json's layout: windows with measured lengths and CPU per request


@dataclass
class Settings:
    """Every knob of a comparison (the Makefile's IMPLS, DB, PROFILE, USERS, DURATION, REPEATS ...)."""

    impls: list[Implementation]
    db: str = "sqlite"
    workloads: list[str] = field(default_factory=lambda: list(DEFAULT_WORKLOADS))
    users: int = 32
    duration: int = 1  # seconds in each measured window
    warmup: float = 1.0  # seconds before the first window of a server; a quarter of it between windows
    repeats: int = 5
    workers: int | None = None  # None: each server's documented default for the cores it gets (workers_for)
    threads: int = 4
    floors: bool = True
    wrk: bool = True  # measure the single-operation workloads and the floors with wrk too, if installed
    seed_authors: int = 20
    seed_posts: int = 25
    contract: bool = True
    sweep_users: list[int] = field(default_factory=list)
    sweep_concurrency: list[int] = field(default_factory=list)  # requests a worker works on at once
    offered_loads: list[float] = field(default_factory=lambda: [0.5, 0.8])
    open_clients: int = 64  # enough that each client's pace is far longer than an answer takes

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["impls"] = [impl.name for impl in self.impls]
        return data

    @property
    def switch_warmup(self) -> float:
        """Between two windows on a warm server: the previous workload's requests drain."""
        return self.warmup / 4


@dataclass(frozen=True)
class Cores:
    """Server and load generator on separate cores, when the machine has them and taskset exists."""

    server: str | None
    generator: str | None
    note: str

    @property
    def server_count(self) -> int:
        """How many cores the server runs on: its pinned ones, or every usable one."""
        if self.server:
            return len(self.server.split(","))
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    @classmethod
    def split(cls) -> Cores:
        usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if len(usable) < 2 or shutil.which("taskset") is None:
            return cls(
                None,
                None,
                f"not pinned ({len(usable)} usable core(s), taskset "
                f"{'found' if shutil.which('taskset') else 'missing'}): results are noisier",
            )
        generator, server = usable[:1], usable[1:]
        return cls(
            _cpu_list(server),
            _cpu_list(generator),
            f"server on CPU {_cpu_list(server)}, load generator on CPU {_cpu_list(generator)} (taskset)",
        )


def _cpu_list(cpus: list[int]) -> str:
    return ",".join(map(str, cpus))


@dataclass(frozen=True)
class Level:
    """How hard a unit is driven: the clients, and how many requests each worker takes at once (None: the
    server's own default)."""

    users: int
    concurrency: int | None = None

    @property
    def key(self) -> str:
        return str(self.users) if self.concurrency is None else f"{self.users}/{self.concurrency}"


def levels(settings: Settings) -> list[Level]:
    """The clients swept (or the one setting), then each concurrency swept at the usual number of clients."""
    return [Level(users) for users in settings.sweep_users or [settings.users]] + [
        Level(settings.users, concurrency) for concurrency in settings.sweep_concurrency
    ]


def interleaved(settings: Settings) -> list[tuple[int, Implementation, Level]]:
    """(repeat, implementation, level) in the order A B C A B C ...: drift hits every one alike."""
    return [
        (repeat, impl, level)
        for level in levels(settings)
        for repeat in range(1, settings.repeats + 1)
        for impl in settings.impls
    ]


def wrk_workloads(settings: Settings, wrk_found: bool) -> list[str]:
    """What wrk measures in each unit: the single-operation workloads asked for, then the floors."""
    if not (settings.wrk and wrk_found):
        return []
    return [w for w in settings.workloads if w in SINGLE_OPERATION] + (list(FLOORS) if settings.floors else [])


def estimated_seconds(settings: Settings, wrk_found: bool, sizes: Sequence[int] = ()) -> float:
    """A budget for the progress line, from the plan and start-up costs seen on a small machine."""
    windows = len(settings.workloads) * (settings.warmup / 4 + settings.duration) + settings.warmup
    wrk = len(wrk_workloads(settings, wrk_found)) * settings.duration
    per_unit = 5 + windows + wrk
    offered = (
        len(settings.offered_loads) * (settings.warmup + settings.duration)
        if OFFERED_PROFILE in settings.workloads and not settings.sweep_users and not settings.sweep_concurrency
        else 0
    )
    ceiling = 3 + len(settings.workloads) * (settings.warmup / 4 + settings.duration) + settings.warmup
    # The contract suites and the seeding run side by side, before anything is measured.
    before = max(
        25 * len(settings.impls) if settings.contract else 0, len(settings.impls) * (4 + (2 if settings.floors else 0))
    )
    # Seeding through the API runs at a few hundred posts a second on a small machine.
    datasize = len(settings.impls) * sum(5 + size / 400 for size in sizes)
    units = len(interleaved(settings))
    return units * per_unit + (units - len(settings.impls)) * offered + ceiling + before + datasize


def offered_rates(capacities: dict[str, float], shares: list[float]) -> tuple[str, dict[str, float]] | None:
    """(the slowest implementation, {"mixed@50%": req/s, ...}): shares of its capacity, for every one alike."""
    if not capacities or not shares:
        return None
    slowest = min(capacities, key=lambda name: capacities[name])
    return slowest, {f"{OFFERED_PROFILE}@{share:.0%}": round(share * capacities[slowest], 1) for share in shares}


FORMULA = re.compile(r"^\s*(?:(\d+)\s*\*\s*)?cores\s*(?:\+\s*(\d+))?\s*$")


def workers_for(settings: Settings, impl: Implementation, cores: int) -> int:
    """Worker processes for the implementation's server: WORKERS if given, the same for every one; otherwise
    its server's documented default for the `cores` the server runs on (the manifest's formula)."""
    if settings.workers is not None:
        return settings.workers
    match = FORMULA.match(impl.workers)
    if match is None:
        raise ValueError(f"{impl.name}: workers = {impl.workers!r} is not of the form 'a * cores + b'")
    return int(match.group(1) or 1) * cores + int(match.group(2) or 0)


def worker_policy(settings: Settings, impls: list[Implementation], cores: int) -> dict[str, str]:
    """The policy every implementation runs under, as written into the report."""
    if settings.workers is not None:
        processes = f"{settings.workers} worker process(es) per server, every one (WORKERS={settings.workers})"
    else:
        processes = (
            f"each server's own documented default for the {cores} core(s) it runs on (below); "
            "WORKERS=n sets the same for every one"
        )
    return {
        "workers": processes,
        "threads": f"{settings.threads} requests at once per worker: gunicorn gthread threads (THREADS), "
        f"uvicorn's connection pool (MAX_CONCURRENCY); one database connection each",
        **{
            impl.name: f"{impl.server}; {_processes(settings, impl, cores)}; "
            f"requests in progress at once: {at_once(settings, impl, cores)}"
            for impl in impls
        },
    }


def _processes(settings: Settings, impl: Implementation, cores: int) -> str:
    workers = workers_for(settings, impl, cores)
    if settings.workers is not None:
        return f"{workers} worker process(es)"
    source = f", {impl.workers_source}" if impl.workers_source else ""
    return f"{workers} worker process(es) ({impl.workers}, cores={cores}{source})"


def at_once(settings: Settings, impl: Implementation, cores: int) -> str:
    """How many requests the implementation's server works on at once under this policy."""
    workers = workers_for(settings, impl, cores)
    if impl.concurrency_env == "THREADS":
        return f"{workers * settings.threads} ({workers} × {settings.threads} threads)"
    if impl.concurrency_env:
        return (
            f"{workers * settings.threads} at the database ({workers} × "
            f"{impl.concurrency_env}={settings.threads} pooled connections); more are accepted and wait for one"
        )
    return "no limit: every request is taken as it arrives"

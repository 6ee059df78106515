"""What a comparison runs: its settings, the cores it pins, the order of its units, its time budget."""

from __future__ import annotations

import os
import random
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
SUMMARY_FORMAT = 3  # summary.json's layout: policy, A/A control, each round's order, latency rounds
TWIN = "-twin"  # the A/A control's second name: the same implementation, measured as another contestant


@dataclass
class Settings:
    """Every knob of a comparison (the Makefile's IMPLS, DB, POLICY, PROFILE, USERS, DURATION, REPEATS ...)."""

    impls: list[Implementation]
    db: str = "sqlite"
    policy: str = "equal"  # bench/policy.py: equal, documented or tuned
    workloads: list[str] = field(default_factory=lambda: list(DEFAULT_WORKLOADS))
    users: int = 32
    duration: int = 1  # seconds in each measured window (wrk takes whole seconds)
    warmup: float = 0.5  # seconds at full load before a server's first window; half of it between windows
    repeats: int = 5
    workers: int | None = None  # equal policy: worker processes per server (None: one per core)
    concurrency: int = 4  # requests a worker works on at once (threads, or pooled connections)
    floors: bool = True
    wrk: bool = True  # measure the single-operation workloads and the floors with wrk too, if installed
    seed_authors: int = 20
    seed_posts: int = 25
    contract: bool = True
    control: str | None = ""  # the A/A control's implementation ("": the first one; None: no control)
    agreement_rounds: int = 2  # rounds in which Locust measures wrk's workloads again, for the two side by side
    order_seed: int | None = None  # the units' order within each round (None: a new one, recorded)
    sweep_users: list[int] = field(default_factory=list)
    sweep_concurrency: list[int] = field(default_factory=list)  # requests a worker works on at once
    offered_loads: list[float] = field(default_factory=lambda: [0.5, 0.8])
    latency_rounds: int = 2  # the last rounds, whose units also measure latency at equal offered load
    pace_s: float = 0.25  # seconds between one open-loop client's requests: clients = rate × pace_s

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["impls"] = [impl.name for impl in self.impls]
        return data

    @property
    def switch_warmup(self) -> float:
        """Between two windows on a warm server: the previous workload's requests drain."""
        return self.warmup / 2

    @property
    def control_name(self) -> str | None:
        """The implementation measured twice (A/A), or None."""
        if self.control is None or len(self.impls) == 0 or self.sweep_users or self.sweep_concurrency:
            return None
        names = [impl.name for impl in self.impls]
        if self.control == "":
            return names[0]
        if self.control not in names:
            raise ValueError(f"the A/A control {self.control!r} is not among the implementations {names}")
        return self.control


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
    """How hard a unit is driven: the clients, how many requests each worker takes at once and how many worker
    processes serve (None: the policy's)."""

    users: int
    concurrency: int | None = None
    workers: int | None = None

    @property
    def key(self) -> str:
        key = str(self.users) if self.concurrency is None else f"{self.users}/{self.concurrency}"
        return key if self.workers is None else f"{key}/w{self.workers}"


@dataclass(frozen=True)
class Unit:
    """One contestant in one round at one level: its own server on a fresh copy of the seeded database."""

    round: int
    name: str  # as reported: the implementation's name, or the A/A control's second name
    impl: Implementation
    level: Level

    @property
    def label(self) -> str:
        key = f".c{self.level.concurrency}" if self.level.concurrency else ""
        key += f".w{self.level.workers}" if self.level.workers else ""
        return f"{self.name}.r{self.round}.u{self.level.users}{key}"


def levels(settings: Settings) -> list[Level]:
    """The clients swept (or the one setting), then each concurrency swept at the usual number of clients."""
    return [Level(users) for users in settings.sweep_users or [settings.users]] + [
        Level(settings.users, concurrency) for concurrency in settings.sweep_concurrency
    ]


def contestants(settings: Settings) -> list[tuple[str, Implementation]]:
    """(reported name, implementation): every implementation, and the A/A control's twin."""
    found = [(impl.name, impl) for impl in settings.impls]
    control = settings.control_name
    if control:
        found.append((control + TWIN, next(impl for impl in settings.impls if impl.name == control)))
    return found


def rounds(settings: Settings, seed: int, count: int | None = None, *, twin: bool = True) -> list[Unit]:
    """Every unit, round after round; within a round the contestants run in an order drawn from `seed`, so
    that neither a machine's drift nor a server's after-effects favour whoever comes first."""
    rng = random.Random(seed)
    plan = []
    for level in levels(settings):
        for number in range(1, (count or settings.repeats) + 1):
            order = [c for c in contestants(settings) if twin or not c[0].endswith(TWIN)]
            rng.shuffle(order)
            plan += [Unit(number, name, impl, level) for name, impl in order]
    return plan


def wrk_workloads(settings: Settings, wrk_found: bool) -> list[str]:
    """What wrk measures in each unit: the single-operation workloads asked for, then the floors."""
    if not (settings.wrk and wrk_found):
        return []
    return [w for w in settings.workloads if w in SINGLE_OPERATION] + (list(FLOORS) if settings.floors else [])


def offered_pass(settings: Settings) -> bool:
    """Whether the last rounds measure latency at equal offered load (they need a round before them, whose
    capacity sets the rates)."""
    return (
        OFFERED_PROFILE in settings.workloads
        and bool(settings.offered_loads)
        and 0 < settings.latency_rounds < settings.repeats
        and not settings.sweep_users
        and not settings.sweep_concurrency
    )


def split_rounds(settings: Settings, plan: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """(the units before the latency rounds, the units of the latency rounds)."""
    first = settings.repeats - settings.latency_rounds if offered_pass(settings) else settings.repeats
    return [u for u in plan if u.round <= first], [u for u in plan if u.round > first]


def estimated_seconds(settings: Settings, wrk_found: bool, sizes: Sequence[int] = ()) -> float:
    """A budget for the progress line, from the plan and the costs seen on a small machine."""
    switch = settings.warmup / 2
    wrk_list = wrk_workloads(settings, wrk_found)
    wrk = len(wrk_list) * (settings.duration + 0.15)
    again = min(settings.agreement_rounds, settings.repeats) / max(1, settings.repeats)  # Locust's share of wrk's
    locust = len([w for w in settings.workloads if w not in wrk_list]) + again * len(
        [w for w in settings.workloads if w in wrk_list]
    )
    # One full warm-up a unit, a switch between the generators, and ~4 s to start the next unit's servers.
    per_unit = 4 + settings.warmup + switch + wrk + locust * (switch + settings.duration)
    units = len(rounds(settings, 0))
    if offered_pass(settings) and settings.floors:  # the latency rounds measure no floor
        per_unit -= len(FLOORS) * (settings.duration + 0.15) * settings.latency_rounds / settings.repeats
    offered = 0.0
    if offered_pass(settings):  # the latency rounds' units: every client registers, then a window per load
        per_latency = 2 + len(settings.offered_loads) * (settings.pace_s + settings.duration)
        offered = len(contestants(settings)) * settings.latency_rounds * per_latency + 3  # and a Locust restart
    ceiling = 3 + len(settings.workloads) * (switch + settings.duration) + settings.warmup
    # The contract suites and the seeding run side by side, before anything is measured.
    before = max(30 * len(settings.impls) if settings.contract else 0, len(settings.impls) * 6)
    # Seeding through the API runs at a few hundred posts a second on a small machine.
    datasize = len(settings.impls) * sum(5 + size / 400 for size in sizes)
    return units * per_unit + offered + ceiling + before + datasize


def offered_rates(capacities: dict[str, float], shares: list[float]) -> tuple[str, dict[str, float]] | None:
    """(the slowest implementation, {"mixed@50%": req/s, ...}): shares of its capacity, for every one alike."""
    if not capacities or not shares:
        return None
    slowest = min(capacities, key=lambda name: capacities[name])
    return slowest, {f"{OFFERED_PROFILE}@{share:.0%}": round(share * capacities[slowest], 1) for share in shares}

"""What a comparison runs: its settings, the cores it pins, the order of its runs, its time budget."""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass, field
from typing import Any

from harness.manifest import Implementation


@dataclass
class Settings:
    """Every knob of a comparison (the Makefile's IMPLS, DB, PROFILE, USERS, DURATION, REPEATS ...)."""

    impls: list[Implementation]
    db: str = "sqlite"
    profile: str = "mixed"
    users: int = 32
    duration: int = 12
    warmup: int = 3
    repeats: int = 3
    workers: int = 1
    threads: int = 4
    floor_duration: int = 6
    ceiling_duration: int = 10
    seed_authors: int = 20
    seed_posts: int = 25
    contract: bool = True
    idle_wait: float = 1.0  # seconds after start before idle memory is read
    sweep_users: list[int] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["impls"] = [impl.name for impl in self.impls]
        return data


@dataclass(frozen=True)
class Cores:
    """Server and load generator on separate cores, when the machine has them and taskset exists."""

    server: str | None
    generator: str | None
    note: str

    @classmethod
    def split(cls) -> Cores:
        usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if len(usable) < 2 or shutil.which("taskset") is None:
            return cls(None, None, f"not pinned ({len(usable)} usable core(s), taskset "
                                   f"{'found' if shutil.which('taskset') else 'missing'}): results are noisier")
        generator, server = usable[:1], usable[1:]
        return cls(_cpu_list(server), _cpu_list(generator),
                   f"server on CPU {_cpu_list(server)}, load generator on CPU {_cpu_list(generator)} (taskset)")


def _cpu_list(cpus: list[int]) -> str:
    return ",".join(map(str, cpus))


def interleaved(settings: Settings) -> list[tuple[int, Implementation, int]]:
    """(repeat, implementation, users) in the order A B C A B C ...: drift hits every one alike."""
    users = settings.sweep_users or [settings.users]
    return [(repeat, impl, n) for n in users for repeat in range(1, settings.repeats + 1) for impl in settings.impls]


def estimated_seconds(settings: Settings, sizes: list[int] = ()) -> float:
    """A rough budget for the progress line: start-ups, seeding, warm-ups and measured windows."""
    per_run = 6 + settings.warmup + settings.duration + 2
    floors = len(settings.impls) * (2 * (settings.floor_duration + 3) + 4)
    contract = 15 * len(settings.impls) if settings.contract else 0
    # Seeding through the API runs at a few hundred posts a second on a small machine.
    datasize = len(settings.impls) * sum(5 + size / 400 for size in sizes)
    return len(interleaved(settings)) * per_run + floors + settings.ceiling_duration + 5 + contract + datasize


def worker_policy(settings: Settings, impls: list[Implementation]) -> dict[str, str]:
    """The policy every implementation runs under, as written into the report."""
    return {
        "workers": f"{settings.workers} worker process(es) per server (WORKERS={settings.workers})",
        "threads": f"{settings.threads} threads per gunicorn gthread worker (THREADS={settings.threads}); "
                   "uvicorn workers run one event loop each",
        **{impl.name: impl.server for impl in impls},
    }

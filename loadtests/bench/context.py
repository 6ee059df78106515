"""A run's context: its settings, cores, databases, long-lived servers, load generator and summary.

Every phase of a comparison (bench/runner.py) works inside one context, so that what a phase needs
(the throwaway PostgreSQL, the seeded databases, the Locust session) is there
until the last phase is done, and is torn down once, whatever fails.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import stats, wrk_run
from bench.environment import fingerprint
from bench.locust_run import LocustFailed, LocustSession
from bench.plan import Cores, Settings, estimated_seconds, rounds
from bench.policy import Shape, describe, load_tuned, shape
from bench.progress import Progress
from bench.summary import Seeded, Summary
from harness.databases import DatabaseFactory, database_factory
from harness.manifest import ROOT, Implementation
from harness.server import Server

Target = tuple[str, int]  # a server's base URL and pid
TUNED = ROOT / "reports" / "tuned.json"


class RunContext:
    """Everything one comparison's phases share; `with RunContext(...).open() as run:`."""

    databases: DatabaseFactory  # from open() on
    locust: LocustSession  # from generator() on

    def __init__(self, settings: Settings, run_dir: Path, *, sizes: tuple[int, ...] = (), tuned: Path = TUNED) -> None:
        self.settings = settings
        self.run_dir = run_dir
        self.logs = run_dir / "logs"
        self.cores = Cores.split()
        self.wrk = wrk_run.available()
        self.progress = Progress(estimated_seconds(settings, self.wrk, sizes))
        self.tuned = load_tuned(tuned, settings.db) if settings.policy == "tuned" else {}
        self.shapes = {impl.name: self.shape(impl) for impl in settings.impls}
        self.seeded: dict[str, Seeded] = {}
        drawn = int.from_bytes(os.urandom(4), "big")
        self.order_seed = settings.order_seed if settings.order_seed is not None else drawn
        control = settings.control_name
        self.summary = Summary(
            settings=settings.describe(),
            environment=fingerprint(settings.impls),
            pinning=self.cores.note,
            policy=describe(settings.policy, {i.name: (i, self.shapes[i.name]) for i in settings.impls}, self.cores_n),
            generators={
                "locust": "Locust FastHttpUser: closed loop, no think time; open loop at a fixed offered rate, "
                "latency counted from each request's scheduled send time",
                "wrk": "wrk -t1, closed loop" if self.wrk else None,
            },
            order={
                "seed": self.order_seed,
                "rounds": [[unit.name for unit in group] for group in _by_round(rounds(settings, self.order_seed))],
            },
            control={"impl": control, "twin": f"{control}-twin"} if control else None,
        )

    @property
    def cores_n(self) -> int:
        return self.cores.server_count

    def shape(self, impl: Implementation, concurrency: int | None = None, workers: int | None = None) -> Shape:
        """The workers and requests at once `impl`'s server runs with under this run's policy (or as a sweep's
        or a tuning's level sets them)."""
        found = shape(
            self.settings.policy,
            impl,
            self.cores_n,
            workers=self.settings.workers,
            concurrency=self.settings.concurrency,
            tuned=self.tuned,
        )
        if concurrency or workers:
            return Shape(workers or found.workers, concurrency or found.concurrency, "the level's")
        return found

    @contextlib.contextmanager
    def open(self) -> Iterator[RunContext]:
        """The run's databases (a throwaway PostgreSQL on the server's core) and long-lived servers."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(prefix="compare-") as workdir,
            # A throwaway PostgreSQL shares the server's core: the server side of a request is both.
            database_factory(self.settings.db, Path(workdir), cpus=self.cores.server) as databases,
            contextlib.ExitStack() as self.servers,
        ):
            self.databases = databases
            yield self

    @contextlib.contextmanager
    def generator(self, clients: int, folder: str = "locust") -> Iterator[LocustSession]:
        """One Locust process for every window of a pass, pinned to the generator's core; each pass its folder."""
        with LocustSession(
            folder=self.run_dir / folder, clients=clients, host="http://127.0.0.1:9", cpus=self.cores.generator
        ) as self.locust:
            yield self.locust

    def server(
        self,
        impl: Implementation,
        label: str,
        *,
        database_url: str | None = None,
        command: tuple[str, ...] | None = None,
        cpus: str | None | bool = True,
        concurrency: int | None = None,
        workers: int | None = None,
    ) -> Server:
        """`impl`'s server under this run's policy (not started); on the server's core unless `cpus` says."""
        found = self.shape(impl, concurrency, workers)
        # The one variable through which the server reads its requests at once (threads, or a pool's size).
        env = {"ACCESS_LOG": "0", **({impl.concurrency_env: str(found.concurrency)} if impl.concurrency_env else {})}
        return Server(
            impl,
            database_url=database_url or self.databases.fresh(impl.name),
            log_path=self.logs / f"{label}.server.log",
            workers=found.workers,
            env=env,
            command=command,
            cpus=self.cores.server if cpus is True else cpus or None,
        )

    def phase(self, workload: str, target: Target, **extra: Any) -> dict[str, Any]:
        """A Locust phase against `target`, with the database's process for its CPU time."""
        database = {"database_pid": self.databases.server_pid} if self.databases.server_pid else {}
        return {"workload": workload, "host": target[0], "server_pid": target[1], **database, **extra}

    def locust_batch(self, batch: dict[str, Any]) -> list[dict[str, Any]]:
        """One batch of Locust phases; a batch Locust could not carry out stops the run."""
        try:
            return self.locust.run(batch)
        except LocustFailed as failure:
            raise stats.MeasurementError(str(failure)) from None


def _by_round(units: list[Any]) -> list[list[Any]]:
    grouped: dict[tuple[int, str], list[Any]] = {}
    for unit in units:
        grouped.setdefault((unit.round, unit.level.key), []).append(unit)
    return list(grouped.values())

"""make compare: every implementation, on fresh databases, interleaved repeats, floors and a ceiling.

Before anything is measured, and while the contract suite runs, each implementation seeds one
database through its own API; every unit then starts on a fresh copy of it. One unit of work is one
implementation in one repeat at one concurrency: its server starts on that copy, wrk measures the
single-operation workloads and the framework's floor, then one Locust process measures every
workload in windows back to back. Units run in the order A B C A B C ..., so that a noisy machine's
drift hits every implementation alike. The floors are read-only: one floor server per framework
(its manifest's floor_app: the framework bare, on the implementation's database settings and Post
model, reading a copy of the same seeded posts) serves every round.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import stats, wrk_run
from bench.aggregate import aggregate, gate
from bench.devx import measure as measure_devx
from bench.environment import database_policy, fingerprint
from bench.integrity import check as check_integrity
from bench.locust_run import LocustFailed, LocustSession
from bench.plan import (
    FLOORS,
    OFFERED_PROFILE,
    SUMMARY_FORMAT,
    Cores,
    Level,
    Settings,
    estimated_seconds,
    interleaved,
    offered_rates,
    worker_policy,
    workers_for,
    wrk_workloads,
)
from bench.profiles import PROFILES
from bench.progress import Progress
from bench.responder import serve_in_background
from bench.sampler import ProcessTree
from bench.seed import prime, seed
from harness.databases import database_factory
from harness.manifest import ROOT, Implementation
from harness.server import Server

Target = tuple[str, int]  # a server's base URL and pid


class Comparison:
    def __init__(self, settings: Settings, run_dir: Path, sizes: Sequence[int] = ()) -> None:
        self.settings = settings
        self.run_dir = run_dir
        self.logs = run_dir / "logs"
        self.cores = Cores.split()
        self.wrk = wrk_run.available()
        self.progress = Progress(estimated_seconds(settings, self.wrk, sizes))
        self.seeded: dict[str, tuple[str, dict[str, list[int]]]] = {}  # impl -> (database URL, dataset)
        self.floors: dict[str, Target] = {}
        self.offered: dict[str, float] = {}  # the open-loop phases, from the second round on: label -> req/s
        self.summary: dict[str, Any] = {
            "format": SUMMARY_FORMAT,
            "settings": settings.describe(),
            "environment": fingerprint(settings.impls),
            "pinning": self.cores.note,
            "policy": worker_policy(settings, settings.impls, self.cores.server_count),
            "generators": {
                "locust": "Locust FastHttpUser, closed loop, no think time",
                "wrk": "wrk -t1, closed loop" if self.wrk else None,
            },
            "contract": {},
            "devx": {},
            "ceiling": [],
            "windows": [],
            "units": [],
            "problems": [],
            "database_policy": {},
        }

    def run(self) -> dict[str, Any]:
        self.logs.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(prefix="compare-") as workdir,
            # A throwaway PostgreSQL shares the server's core: the server side of a request is both.
            database_factory(self.settings.db, Path(workdir), cpus=self.cores.server) as databases,
            contextlib.ExitStack() as servers,
        ):
            self.databases = databases
            for impl in self.settings.impls:
                self.summary["devx"][impl.name] = measure_devx(impl)
            with ThreadPoolExecutor(max_workers=1) as background:
                # Nothing is measured until the suites are done: they may use both cores meanwhile.
                suites = background.submit(self._contract) if self.settings.contract else None
                for impl in self.settings.impls:
                    self.seeded[impl.name] = self._seed(impl)
                    if self.settings.floors and impl.floor_app:
                        floor = servers.enter_context(self._floor(impl, self.seeded[impl.name][0]))
                        seeded = self.seeded[impl.name][1]
                        prime(floor.url, [p for w in FLOORS for p in wrk_run.paths_for(w, seeded)[0][:50]])
                        self.floors[impl.name] = (floor.url, floor.pid)
                self.summary["contract"] = suites.result() if suites else {}
            clients = max([self.settings.users, *self.settings.sweep_users, self.settings.open_clients])
            try:
                with LocustSession(
                    folder=self.run_dir / "locust",
                    clients=clients,
                    host="http://127.0.0.1:9",
                    cpus=self.cores.generator,
                ) as self.locust:
                    self.summary["ceiling"] = self._ceiling()
                    self._units()
                self._every_operation_offered()
            except stats.MeasurementError as error:
                # What was measured so far is kept and reported; the run still fails.
                self.summary["problems"].append(str(error))
                self.progress.step(f"STOPPED, nothing more is measured: {error}")
        self._start_up()
        self.summary["results"] = aggregate(self.summary)
        return self.summary

    def _offer(self) -> None:
        """The same offered loads for every implementation: shares of the slowest one's capacity on the
        mixed workload, as the first round measured it (closed loop). Ranked implementations only."""
        if (
            OFFERED_PROFILE not in self.settings.workloads
            or self.settings.sweep_users
            or self.settings.sweep_concurrency
        ):
            return
        ranked = {name for name, state in gate(self.summary).items() if state != "FAILED"}
        first = {
            w["impl"]: w["rps"]
            for w in self.summary["windows"]
            if w["workload"] == OFFERED_PROFILE and w["repeat"] == 1 and w["impl"] in ranked
        }
        chosen = offered_rates(first, self.settings.offered_loads)
        if chosen is None:
            return
        slowest, self.offered = chosen
        self.summary["offered"] = {
            "capacity_rps": round(first[slowest], 1),
            "slowest": slowest,
            "clients": self.settings.open_clients,
            "loads": self.offered,
        }
        self.progress.step(
            f"offered loads from round 1 ({slowest}, {first[slowest]:,.0f} req/s on {OFFERED_PROFILE}): "
            + ", ".join(f"{name} = {rate:,.0f} req/s" for name, rate in self.offered.items())
        )

    def _start_up(self) -> None:
        """Cold start and idle memory per implementation: the medians over its units' server starts."""
        for name, devx in self.summary["devx"].items():
            units = [unit for unit in self.summary["units"] if unit["impl"] == name]
            if units:
                devx["cold_start_s"] = round(statistics.median(unit["startup_s"] for unit in units), 2)
                devx["idle_rss_mb"] = round(statistics.median(unit["idle_rss_mb"] for unit in units), 1)

    def server(self, impl: Implementation, label: str, **kwargs: Any) -> Server:
        database_url = kwargs.pop("database_url", None) or self.databases.fresh(impl.name)
        # The same requests at once per worker for every server, under whatever name it reads.
        at_once = {name: str(self.settings.threads) for name in {"THREADS", impl.concurrency_env} if name}
        env = {**at_once, "ACCESS_LOG": "0", **kwargs.pop("env", {})}
        return Server(
            impl,
            database_url=database_url,
            log_path=self.logs / f"{label}.server.log",
            workers=workers_for(self.settings, impl, self.cores.server_count),
            env=env,
            cpus=kwargs.pop("cpus", self.cores.server),
            **kwargs,
        )

    def _contract(self) -> dict[str, Any]:
        """The contract suite against every implementation, all at once."""
        self.progress.step(f"contract suite on {self.settings.db}: {', '.join(i.name for i in self.settings.impls)}")

        def suite(impl: Implementation) -> dict[str, Any]:
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "contract",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "--impl",
                    impl.name,
                    "--db",
                    self.settings.db,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            last = (result.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
            return {"passed": result.returncode == 0, "summary": last}

        with ThreadPoolExecutor(max_workers=len(self.settings.impls)) as pool:
            return dict(zip((impl.name for impl in self.settings.impls), pool.map(suite, self.settings.impls)))

    def _seed(self, impl: Implementation) -> tuple[str, dict[str, list[int]]]:
        """One database seeded through the implementation's own API; every unit starts on a copy of it."""
        self.progress.step(
            f"{impl.name}: seeding {self.settings.seed_authors} authors × {self.settings.seed_posts} "
            "posts through the API"
        )
        with self.server(impl, f"{impl.name}.seeding") as server:
            dataset = seed(
                server.url,
                authors=self.settings.seed_authors,
                posts_per_author=self.settings.seed_posts,
                path=self.logs / f"{impl.name}.seed.json",
            )
        return server.env["DATABASE_URL"], dataset

    def _floor(self, impl: Implementation, seeded_url: str) -> Server:
        """The framework bare on the implementation's own database settings, reading a copy of its seeded posts."""
        assert impl.floor_app is not None
        database_url = self.databases.fresh(f"{impl.name}_floor", copy_of=seeded_url)
        return self.server(impl, f"{impl.name}.floor", database_url=database_url, command=impl.floor(impl.floor_app))

    def _phase(self, workload: str, target: Target, **extra: Any) -> dict[str, Any]:
        database = {"database_pid": self.databases.server_pid} if self.databases.server_pid else {}
        return {"workload": workload, "host": target[0], "server_pid": target[1], **database, **extra}

    def _locust(
        self,
        label: str,
        phases: list[dict[str, Any]],
        users: int,
        seed: dict[str, list[int]] | None = None,
        ledger: Path | None = None,
    ) -> list[dict[str, Any]]:
        """One batch of Locust phases; the first one warms up in full, while every client registers on the server."""
        batch = {
            "label": label,
            "users": users,
            "warmup": self.settings.switch_warmup,
            "window": self.settings.duration,
            "server_cpus": self.cores.server,
            "generator_cpus": self.cores.generator,
            "seed": seed,
            "ledger": str(ledger) if ledger else None,
            "phases": [
                {**phase, "warmup": self.settings.warmup} if n == 0 else phase for n, phase in enumerate(phases)
            ],
        }
        try:
            records = self.locust.run(batch)
        except LocustFailed as failure:
            raise stats.MeasurementError(str(failure)) from None
        # An open-loop window at a modest rate may miss a rare operation by chance: those are checked over
        # all the rounds together (_every_operation_offered), a closed-loop window on its own.
        return [
            {
                "generator": "locust",
                **self._checked(
                    {"workload": r["workload"], **stats.from_locust(r)},
                    () if r.get("rate") else PROFILES[r["workload"]],
                ),
            }
            for r in records
        ]

    @staticmethod
    def _checked(figures: dict[str, Any], operations: Iterable[str]) -> dict[str, Any]:
        """The window's figures, or a MeasurementError saying why they cannot be reported."""
        found = stats.problems(figures, operations)
        if found:
            raise stats.MeasurementError(f"{figures.get('workload', '')}: " + "; ".join(found))
        return figures

    def _every_operation_offered(self) -> None:
        """Every operation of an open-loop workload completed somewhere in its rounds, per implementation."""
        for name in self.offered:
            for impl in self.settings.impls:
                windows = [w for w in self.summary["windows"] if w["workload"] == name and w["impl"] == impl.name]
                seen = {op for w in windows for op, figures in w["operations"].items() if figures["requests"]}
                missing = [op for op in PROFILES[OFFERED_PROFILE] if op not in seen]
                if windows and missing:
                    raise stats.MeasurementError(
                        f"{name} {impl.name}: no request completed for {', '.join(missing)} in {len(windows)} window(s)"
                    )

    def _ceiling(self) -> list[dict[str, Any]]:
        """The same workloads against a canned responder on the server's core: Locust's own limit."""
        self.progress.step("load generator ceiling: every workload against a canned responder")
        with serve_in_background(self.cores.server) as target:
            return self._locust(
                "ceiling",
                [self._phase(w, target) for w in self.settings.workloads],
                self.settings.users,
                seed={"users": [1], "posts": [1, 2, 3]},
            )

    def _units(self) -> None:
        """Every unit in turn. The next unit's server starts as soon as this one's windows are over, while its
        integrity is checked and its server stops: nothing is measured then."""
        plan = interleaved(self.settings)
        with ThreadPoolExecutor(max_workers=1) as starter:
            upcoming = [starter.submit(self._launch, *plan[0])] if plan else []
            try:
                for n, (repeat, impl, level) in enumerate(plan):
                    if repeat > 1 and not self.offered:
                        self._offer()
                    api = upcoming.pop().result()
                    following = plan[n + 1] if n + 1 < len(plan) else None

                    def start_next(following: tuple[int, Implementation, Level] | None = following) -> None:
                        if following:
                            upcoming.append(starter.submit(self._launch, *following))

                    self._unit(impl, repeat, level, api, measured=start_next)
            finally:
                for started in upcoming:  # a run stopped early: the server started for the next unit
                    with contextlib.suppress(Exception):
                        started.result().stop()

    @staticmethod
    def _label(impl: Implementation, repeat: int, level: Level) -> str:
        return f"{impl.name}.r{repeat}.u{level.users}" + (f".c{level.concurrency}" if level.concurrency else "")

    def _launch(self, repeat: int, impl: Implementation, level: Level) -> Server:
        """A unit's server, started on a fresh copy of its implementation's seeded database."""
        # A worker's requests in progress, where the sweep sets them and the implementation can take it.
        env = {impl.concurrency_env: str(level.concurrency)} if level.concurrency and impl.concurrency_env else {}
        database_url = self.databases.fresh(impl.name, copy_of=self.seeded[impl.name][0])
        # The copy is migrated: the unit's server only serves. It starts on every core (between two units
        # nothing is measured, and the one before may still be stopping on the server's core), then moves
        # onto the server's core before anything is measured.
        server = self.server(
            impl,
            self._label(impl, repeat, level),
            database_url=database_url,
            env=env,
            command=impl.serve_command,
            cpus=None,
        ).start()
        if self.cores.server:
            server.pin(self.cores.server)
        return server

    def _unit(self, impl: Implementation, repeat: int, level: Level, api: Server, measured: Callable[[], None]) -> None:
        users, label = level.users, self._label(impl, repeat, level)
        prefix = f"{impl.name} · repeat {repeat}/{self.settings.repeats} · {users} users" + (
            f" · {level.concurrency} at once" if level.concurrency else ""
        )
        dataset = self.seeded[impl.name][1]
        targets = {"floor": self.floors[impl.name]} if impl.name in self.floors else {}
        windows: list[dict[str, Any]] = []
        self.progress.step(f"{prefix} · started in {api.startup_seconds:.1f} s on a copy of the seeded database")
        if self.databases.server_pid and "database" not in self.summary["policy"]:
            self.summary["policy"]["database"] = (
                f"PostgreSQL, one throwaway cluster for every implementation, pinned to the server's core "
                f"({self.cores.server or 'not pinned'}): it shares that core with the server under test; its CPU "
                "per request is measured apart (the database settings table) and not counted as another's"
            )
        try:
            idle_rss = ProcessTree(api.pid).rss_mb()
            targets["api"] = (api.url, api.pid)
            prime(api.url, wrk_run.paths_for("get", dataset)[0][:50] + wrk_run.paths_for("list", dataset)[0])
            if not self.summary["database_policy"].get(impl.name):
                self.summary["database_policy"][impl.name] = database_policy(api.log())
            wrk = [w for w in wrk_workloads(self.settings, self.wrk) if w not in FLOORS or "floor" in targets]
            if wrk:
                self.progress.step(f"{prefix} · wrk: {', '.join(wrk)}, {self.settings.duration} s each")
                windows += self._wrk(label, wrk, targets, dataset, users)
            phases = [
                self._phase(w, targets["floor" if w in FLOORS else "api"])
                for w in self.settings.workloads + [w for w in FLOORS if "floor" in targets and not wrk]
            ]
            phases += [
                self._phase(name, targets["api"], profile=OFFERED_PROFILE, rate=rate, users=self.settings.open_clients)
                for name, rate in self.offered.items()
            ]
            self.progress.step(
                f"{prefix} · Locust: {', '.join(p['workload'] for p in phases)}, {self.settings.duration} s each"
            )
            ledger = self.logs / f"{label}.ledger.json"
            windows += self._locust(label, phases, users, seed=dataset, ledger=ledger)
            measured()
            integrity = check_integrity(api.url, ledger, api.log())
        finally:
            api.stop()
        env_set = bool(level.concurrency and impl.concurrency_env)
        for figures in windows:
            figures.update(
                impl=impl.name,
                repeat=repeat,
                users=users,
                level=level.key,
                concurrency=level.concurrency,
                concurrency_set=env_set,
                target="floor" if figures["workload"] in FLOORS else "implementation",
            )
            self.summary["windows"].append(figures)
        self.summary["units"].append(
            {
                "impl": impl.name,
                "repeat": repeat,
                "users": users,
                "integrity": integrity,
                "startup_s": round(api.startup_seconds or 0, 3),
                "idle_rss_mb": round(idle_rss, 1),
            }
        )
        self.progress.report(impl.name, repeat, windows, integrity["ok"])

    def _wrk(
        self, label: str, workloads: list[str], targets: dict[str, Target], dataset: dict[str, list[int]], users: int
    ) -> list[dict[str, Any]]:
        results = []
        for workload in workloads:
            url, pid = targets["floor" if workload in FLOORS else "api"]
            raw = wrk_run.run_wrk(
                url=url,
                workload=workload,
                seed=dataset,
                connections=users,
                seconds=self.settings.duration,
                cpus=self.cores.generator,
                server_pid=pid,
                database_pid=self.databases.server_pid,
                server_cpus=self.cores.server,
                workdir=self.logs,
                label=f"{label}.wrk.{workload}",
            )
            figures = {"workload": workload, **stats.from_wrk(raw, next(iter(PROFILES[workload])))}
            results.append({"generator": "wrk", **self._checked(figures, PROFILES[workload])})
        return results


def default_run_dir() -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return Path(os.environ.get("REPORTS_DIR", ROOT / "reports")) / stamp

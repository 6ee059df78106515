"""Measured windows inside Locust: the runner's batches of phases, each counted between two instants.

Locust's own `-t` timer starts before the locustfile is imported, so a run of `-t 12s` loads the
server for less than 12 s, by however long the imports took on that machine. Instead one Locust
process serves the whole comparison as a session: the runner drops a batch of phases (workload,
target, clients, rate) into the session's folder once the server is ready, and this plugin carries
it out: for each phase it switches the workload, waits out the warm-up, resets Locust's statistics
and reads the CPU time of the server and of this process (the window opens), sleeps for the window,
then reads them again and copies the statistics in the same step, with no other greenlet running
in between (the window closes). Requests still in flight when a window closes are not counted in
it. Each phase becomes one JSON line beside the batch, with Locust's own HTML and CSV reports of
that window; then the clients idle until the next batch.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import time
import traceback
from pathlib import Path
from typing import Any

import gevent
from locust import events
from locust.html import get_html_report
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from bench.integrity import Ledger
from bench.sampler import ProcessTree, cores_busy
from bench.workload import Workload, idle, select

logger = logging.getLogger("bench.window")
POLL = 0.05  # seconds between looks for the next batch
REGISTRATION_TIMEOUT = 30.0  # seconds for every client to register on a new server, on a slow machine


def measure() -> None:
    """Register the session's option; a run that names a session folder carries out its batches."""

    @events.init_command_line_parser.add_listener
    def _options(parser) -> None:
        parser.add_argument(
            "--session",
            default="",
            include_in_web_ui=False,
            help="a folder of batches of phases (make compare): measure each in a window",
        )

    @events.init.add_listener
    def _arm(environment, **_) -> None:
        options = environment.parsed_options
        if options is None or not options.session:
            return
        session = Session(environment, Path(options.session))
        environment.events.spawning_complete.add_listener(lambda user_count: session.start())
        environment.events.test_stop.add_listener(lambda **_: session.stopped())


class Session:
    """Batch after batch, from the moment every client has spawned, until the runner says stop."""

    def __init__(self, environment, folder: Path) -> None:
        self.environment = environment
        self.folder = folder
        self.me = ProcessTree(os.getpid())
        self.open: dict[str, Any] | None = None
        self.greenlet: gevent.Greenlet | None = None
        self.cpu_warnings: list[float] = []
        environment.events.cpu_warning.add_listener(lambda **_: self.cpu_warnings.append(time.monotonic()))

    def start(self) -> None:
        if self.greenlet is None:  # spawning_complete fires again if clients are added later
            idle()
            self.greenlet = gevent.spawn(self._serve)

    def _serve(self) -> None:
        number = 1
        while not (self.folder / "stop").exists():
            path = self.folder / f"batch-{number}.json"
            if not path.exists():
                gevent.sleep(POLL)
                continue
            try:
                self._batch(number, json.loads(path.read_text()))
                outcome = "ok"
            except Exception:
                logger.exception("batch %s failed", number)
                outcome = traceback.format_exc()
            idle()
            (self.folder / f"batch-{number}.done").write_text(outcome)
            number += 1
        self.environment.runner.quit()

    def _batch(self, number: int, batch: dict[str, Any]) -> None:
        Workload.seed = batch.get("seed") or {"posts": [], "users": []}
        Workload.ledger = Ledger()
        for index, phase in enumerate(batch["phases"]):
            before = Workload.interval
            select(phase, phase.get("users", batch["users"]))
            self._everyone_registered()
            # A paced client finishes the wait its last schedule set before it follows the new one, then
            # starts that one at a random point of its first interval: a window opened sooner would count
            # the switch's extra requests, and an open-loop phase would seem to achieve more than offered.
            gevent.sleep(max(phase.get("warmup", batch["warmup"]), before + Workload.interval))
            asked = phase.get("window", batch["window"])
            self._open(phase, asked, batch)
            gevent.sleep(asked)
            self._close(complete=True, reports=f"{self.folder}/{batch['label']}.{index}-{phase['workload']}")
        if batch.get("ledger"):
            Workload.ledger.write(Path(batch["ledger"]))

    def _everyone_registered(self) -> None:
        """Every client has its account on the phase's server before its warm-up is timed: a registration
        (createUser) inside a window would count as that window's work."""
        deadline = time.monotonic() + REGISTRATION_TIMEOUT
        clients = self.environment.runner.user_count
        while Workload.register and len(Workload.registered) < clients and time.monotonic() < deadline:
            gevent.sleep(POLL / 5)

    def _open(self, phase: dict[str, Any], asked: float, batch: dict[str, Any]) -> None:
        server = ProcessTree(phase["server_pid"]) if phase.get("server_pid") else None
        database = ProcessTree(phase["database_pid"]) if phase.get("database_pid") else None
        cpus = (batch.get("server_cpus"), batch.get("generator_cpus"))
        self.environment.runner.stats.reset_all()
        Workload.late = 0
        self.open = {
            **phase,
            "asked_s": asked,
            "clients": Workload.active,
            "server": server,
            "cpus": cpus,
            "out": self.folder / f"{batch['label']}.windows.jsonl",
            "server_cpu": server.cpu_seconds() if server else None,
            "database": database,
            "database_cpu": database.cpu_seconds() if database else None,
            "generator_cpu": self.me.cpu_seconds(),
            "cores": tuple(map(cores_busy, cpus)),
            "opened": time.monotonic(),
            "opened_at": time.time(),
        }

    def _close(self, *, complete: bool, reports: str | None = None) -> None:
        if self.open is None:
            return
        closed = time.monotonic()
        generator_cpu, cores = self.me.cpu_seconds(), tuple(map(cores_busy, self.open["cpus"]))
        opened, self.open = self.open, None
        server, database, stats = opened["server"], opened["database"], self.environment.runner.stats
        record = {
            **{
                key: value
                for key, value in opened.items()
                if key
                not in ("server", "database", "cpus", "out", "server_cpu", "database_cpu", "generator_cpu", "cores")
            },
            "closed": closed,
            "window_s": closed - opened["opened"],
            "complete": complete,
            "entries": [entry.serialize() for entry in stats.entries.values() if entry.num_requests],
            "errors": [error.serialize() for error in stats.errors.values()],
            "server_cpu_s": server.cpu_seconds() - opened["server_cpu"] if server else None,
            "database_cpu_s": database.cpu_seconds() - opened["database_cpu"] if database else None,
            "generator_cpu_s": generator_cpu - opened["generator_cpu"],
            "server_cores_busy_s": cores[0] - opened["cores"][0],
            "generator_cores_busy_s": cores[1] - opened["cores"][1],
            "cpu_warning": any(opened["opened"] <= moment <= closed for moment in self.cpu_warnings),
            "late": Workload.late if opened.get("rate") else None,
        }
        with opened["out"].open("a") as lines:
            lines.write(json.dumps(record) + "\n")
        if reports:
            self._locust_reports(reports)

    def _locust_reports(self, prefix: str) -> None:
        """Locust's own HTML report and request CSV of the window just closed."""
        Path(f"{prefix}.html").write_text(get_html_report(self.environment, show_download_link=False))
        with open(f"{prefix}_stats.csv", "w", newline="") as file:
            StatsCSV(self.environment, PERCENTILES_TO_REPORT).requests_csv(csv.writer(file))

    def stopped(self) -> None:
        """Locust is stopping: a window still open is recorded as it stands, marked incomplete."""
        self._close(complete=False)

"""Measured windows inside a Locust process: the runner's plan of phases, each counted between two instants.

Locust's own `-t` timer starts before the locustfile is imported, so a run of `-t 12s` loads the
server for less than 12 s, by however long the imports took on that machine. Instead the runner
writes a plan (workload, target, warm-up, window length) and this plugin carries it out once every
user has spawned: for each phase it switches the workload, waits out the warm-up, resets Locust's
statistics and reads the CPU time of the server and of this process (the window opens), sleeps for
the window, then reads them again and copies the statistics in the same step, with no other
greenlet running in between (the window closes). Requests still in flight when a window closes are
not counted in it. After the last phase Locust quits. Each phase becomes one JSON line in
`--window-file`, with Locust's own HTML and CSV reports of that window beside it.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
from locust import events
from locust.html import get_html_report
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from bench.sampler import ProcessTree, cores_busy

logger = logging.getLogger("bench.window")

# Switches the running users to a phase's workload (given the phase and the number of users): the locustfile's.
Select = Callable[[dict[str, Any], int], None]


def measure(select: Select) -> None:
    """Register the plan's command-line options and carry the plan out in any run that names one."""

    @events.init_command_line_parser.add_listener
    def _options(parser) -> None:
        parser.add_argument("--plan-file", default="", include_in_web_ui=False,
                            help="a JSON plan of phases (make compare): measure each in a window, then quit")
        parser.add_argument("--window-file", default="", include_in_web_ui=False,
                            help="where each phase's window is written, one JSON line each")
        parser.add_argument("--window-reports", default="", include_in_web_ui=False,
                            help="path prefix of Locust's own HTML and CSV reports, one pair per window")

    @events.init.add_listener
    def _arm(environment, **_) -> None:
        options = environment.parsed_options
        if options is None or not options.plan_file:
            return
        plan = json.loads(Path(options.plan_file).read_text())
        phases = Phases(environment, plan, Path(options.window_file), options.window_reports, select)
        environment.events.spawning_complete.add_listener(lambda user_count: phases.start())
        environment.events.test_stop.add_listener(lambda **_: phases.stopped())


class Phases:
    """One pass over the plan, from the moment every user has spawned."""

    def __init__(self, environment, plan: dict[str, Any], out: Path, reports: str, select: Select) -> None:
        self.environment = environment
        self.plan = plan
        self.out = out
        self.reports = reports
        self.select = select
        self.me = ProcessTree(os.getpid())
        self.open: dict[str, Any] | None = None
        self.greenlet: gevent.Greenlet | None = None
        self.cpu_warnings: list[float] = []
        environment.events.cpu_warning.add_listener(lambda **_: self.cpu_warnings.append(time.monotonic()))

    def start(self) -> None:
        if self.greenlet is None:  # spawning_complete fires again if users are added later
            self.greenlet = gevent.spawn(self._run)

    def _run(self) -> None:
        try:
            runner = self.environment.runner
            for index, phase in enumerate(self.plan["phases"]):
                if phase.get("users", runner.user_count) != runner.user_count:
                    runner.start(phase["users"], spawn_rate=min(phase["users"], 100))
                    runner.spawning_greenlet.join()  # new users register in the warm-up, not the window
                self.select(phase, runner.user_count)
                gevent.sleep(phase.get("warmup", self.plan["warmup"]))
                asked = phase.get("window", self.plan["window"])
                self._open(index, phase, asked)
                gevent.sleep(asked)
                self._close(complete=True)
        except Exception:
            logger.exception("the measured phases failed")
            self.environment.process_exit_code = 3
        self.environment.runner.quit()

    def _open(self, index: int, phase: dict[str, Any], asked: float) -> None:
        server = ProcessTree(phase["server_pid"]) if phase.get("server_pid") else None
        self.environment.runner.stats.reset_all()
        self.open = {"index": index, **phase, "asked_s": asked, "server": server,
                     "clients": self.environment.runner.user_count,
                     "server_cpu": server.cpu_seconds() if server else None,
                     "generator_cpu": self.me.cpu_seconds(), "cores": self._cores(),
                     "opened": time.monotonic(), "opened_at": time.time()}

    def _close(self, *, complete: bool) -> None:
        if self.open is None:
            return
        closed = time.monotonic()
        generator_cpu, cores = self.me.cpu_seconds(), self._cores()
        server, opened = self.open.pop("server"), self.open
        stats = self.environment.runner.stats
        record = {
            **{key: value for key, value in opened.items() if key not in ("server_cpu", "generator_cpu", "cores")},
            "closed": closed, "window_s": closed - opened["opened"], "complete": complete,
            "entries": [entry.serialize() for entry in stats.entries.values() if entry.num_requests],
            "errors": [error.serialize() for error in stats.errors.values()],
            "server_cpu_s": server.cpu_seconds() - opened["server_cpu"] if server else None,
            "generator_cpu_s": generator_cpu - opened["generator_cpu"],
            "server_cores_busy_s": cores[0] - opened["cores"][0],
            "generator_cores_busy_s": cores[1] - opened["cores"][1],
            "cpu_warning": any(opened["opened"] <= moment <= closed for moment in self.cpu_warnings),
        }
        self.open = None
        self.out.parent.mkdir(parents=True, exist_ok=True)
        with self.out.open("a") as lines:
            lines.write(json.dumps(record) + "\n")
        if self.reports:
            self._locust_reports(f"{self.reports}.{opened['index']}-{opened['workload']}")

    def _cores(self) -> tuple[float, float]:
        return cores_busy(self.plan.get("server_cpus")), cores_busy(self.plan.get("generator_cpus"))

    def _locust_reports(self, prefix: str) -> None:
        """Locust's own HTML report and request CSV of the window just closed."""
        Path(f"{prefix}.html").write_text(get_html_report(self.environment, show_download_link=False))
        with open(f"{prefix}_stats.csv", "w", newline="") as file:
            StatsCSV(self.environment, PERCENTILES_TO_REPORT).requests_csv(csv.writer(file))

    def stopped(self) -> None:
        """Locust is stopping: a window still open is recorded as it stands, marked incomplete."""
        self._close(complete=False)

"""make compare as a pipeline of phases around one run context (bench/context.py):

1. prepare (bench/prepare.py): code figures; the contract gate while each implementation seeds one
   database through its own API;
2. the load generator's ceiling, against a canned responder on the server's core;
3. the rounds (bench/units.py): every contestant (each implementation, and the A/A control's second
   name) once per round, in an order drawn from the run's seed, each unit on new servers of its own
   (the implementation's and its framework's floor);
4. in the last rounds, latency at equal offered load too (bench/offered.py), at shares of the slowest
   one's warm capacity in the rounds before;
5. optionally a data-size stage (bench/datasize.py), inside the same context: its databases are the run's;
6. the summary: start-up figures, then every figure a reader compares (bench/aggregate.py).

What was measured before a phase failed is kept and reported; the run still fails.
"""

from __future__ import annotations

import os
import statistics
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench import stats
from bench.aggregate import aggregate
from bench.context import RunContext
from bench.datasize import measure_sizes
from bench.offered import every_operation_offered, plan_offered
from bench.plan import Settings, rounds, split_rounds
from bench.prepare import prepare
from bench.profiles import PROFILES
from bench.responder import serve_in_background
from bench.units import batch, locust_windows, measure_unit, pipeline
from harness.manifest import ROOT


def compare(settings: Settings, run_dir: Path, sizes: tuple[int, ...] = ()) -> dict[str, Any]:
    """Run every phase; the summary as summary.json holds it."""
    context = RunContext(settings, run_dir, sizes=sizes)
    with context.open() as run:
        try:
            prepare(run)
            before, latency = split_rounds(settings, rounds(settings, run.order_seed))
            with run.generator(clients=settings.users):
                ceiling(run)
                pipeline(run, before, measure_unit)
            offered = plan_offered(run, settings.latency_rounds) if latency else None
            if latency:
                # The latency rounds' Locust process has the clients the offered rates need; the closed-loop
                # windows put the first USERS of them to work, as in every other round.
                with run.generator(clients=offered.clients if offered else settings.users, folder="locust-latency"):
                    # The floors were measured in the rounds before: these rounds' units start no floor server.
                    pipeline(run, latency, partial(measure_unit, offered=offered), floors=False)
            if offered:
                every_operation_offered(run, offered)
            if sizes:
                run.summary.datasize = measure_sizes(run, list(sizes))
        except stats.MeasurementError as error:
            run.summary.problems.append(str(error))
            run.progress.step(f"STOPPED, nothing more is measured: {error}")
    return summarise(context)


def ceiling(run: RunContext) -> None:
    """The same workloads against a canned responder on the server's core: Locust's own limit."""
    run.progress.step("load generator ceiling: every workload against a canned responder")
    with serve_in_background(run.cores.server) as target:
        phases = [run.phase(w, target) for w in run.settings.workloads if w in PROFILES]
        run.summary.ceiling = locust_windows(
            run, batch(run, "ceiling", phases, run.settings.users, seed={"users": [1], "posts": [1, 2, 3]})
        )


def summarise(run: RunContext) -> dict[str, Any]:
    """Cold start and idle memory per implementation (medians over its closed-loop units), then the results."""
    summary = run.summary
    for name, devx in summary.devx.items():
        units = [u for u in summary.units if u["impl"] == name]
        if units:
            devx["cold_start_s"] = round(statistics.median(unit["startup_s"] for unit in units), 2)
            devx["idle_rss_mb"] = round(statistics.median(unit["idle_rss_mb"] for unit in units), 1)
    data = summary.to_json()
    data["results"] = aggregate(data)
    return data


def default_run_dir() -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return Path(os.environ.get("REPORTS_DIR", ROOT / "reports")) / stamp

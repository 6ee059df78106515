"""make tune: each implementation's best worker processes × requests at once on this machine, for POLICY=tuned.

Every combination of the grid (default 1, 2, 3 workers × 2, 4, 8 requests at once) is a unit of its
own: a fresh server on a copy of the seeded database, warmed up, then the tuning workloads (default
`mixed`) in closed-loop windows; the units run in rounds, in an order drawn from a seed. The best
combination is the one with the highest geometric mean of req/s over the rounds on the first
workload; it is written to reports/tuned.json under the database's name, with the machine it was
found on and every combination's figures, and `make compare POLICY=tuned` reads it.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.confidence import geometric_mean
from bench.context import TUNED, RunContext
from bench.plan import Level, Settings, Unit
from bench.prepare import prepare
from bench.units import measure_unit, pipeline

# A tuning measures less than a comparison: two rounds of the mixed workload, two seconds each (the
# command line's REPEATS, DURATION and PROFILE override them).
DEFAULTS: dict[str, Any] = {"repeats": 2, "duration": 2, "workloads": ["mixed"]}


def grid_plan(settings: Settings, seed: int, workers: list[int], concurrency: list[int]) -> list[Unit]:
    rng = random.Random(seed)
    plan = []
    for number in range(1, settings.repeats + 1):
        units = [
            Unit(number, impl.name, impl, Level(settings.users, c, w))
            for impl in settings.impls
            for w in workers
            for c in concurrency
        ]
        rng.shuffle(units)
        plan += units
    return plan


def best(windows: list[dict[str, Any]], workload: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """({impl: the best combination}, every combination's row) from the tuning's windows."""
    rates: dict[tuple[str, int, int], dict[int, float]] = defaultdict(dict)
    for w in windows:
        if w["workload"] == workload and w["generator"] == "locust":
            workers, concurrency = w["tuned_workers"], w["concurrency"]
            rates[(w["impl"], workers, concurrency)][w["repeat"]] = w["rps"]
    rows: list[dict[str, Any]] = [
        {"impl": impl, "workers": workers, "concurrency": c, "rps_geomean": round(geometric_mean(r) or 0, 1)}
        for (impl, workers, c), r in sorted(rates.items())
    ]
    chosen: dict[str, Any] = {}
    for row in rows:
        # The highest rate wins; an equal one with fewer workers, then fewer requests at once, keeps it.
        held = chosen.get(row["impl"])
        if held is None or row["rps_geomean"] > held["rps_geomean"]:
            chosen[row["impl"]] = row
    return {
        impl: {
            "workers": row["workers"],
            "concurrency": row["concurrency"],
            "measured": f"{workload} {row['rps_geomean']:,.0f} req/s",
            "rps_geomean": row["rps_geomean"],
        }
        for impl, row in chosen.items()
    }, rows


def run(settings: Settings, run_dir: Path, *, workers: list[int], concurrency: list[int], path: Path = TUNED) -> str:
    context = RunContext(replace(settings, contract=False), run_dir)
    with context.open() as ctx:
        prepare(ctx)
        with ctx.generator(clients=settings.users):
            pipeline(ctx, grid_plan(ctx.settings, ctx.order_seed, workers, concurrency), measure_unit)
    for window in context.summary.windows:  # the level's workers, for grouping
        window["tuned_workers"] = int(window["level"].rsplit("/w", 1)[1])
    chosen, rows = best(context.summary.windows, settings.workloads[0])
    stored = json.loads(path.read_text()) if path.exists() else {}
    stored[settings.db] = {
        "best": chosen,
        "grid": rows,
        "environment": context.summary.environment,
        "settings": context.summary.settings,
        "run": run_dir.name,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=1))
    (run_dir / "tune.json").write_text(json.dumps(stored[settings.db], indent=1))
    lines = [f"{'implementation':<15} {'workers':>7} {'at once':>7} {'req/s':>9}"]
    lines += [f"{r['impl']:<15} {r['workers']:>7} {r['concurrency']:>7} {r['rps_geomean']:>9,.0f}" for r in rows]
    lines += ["", f"best on {settings.db}, written to {path}:"]
    lines += [
        f"  {impl}: {c['workers']} worker(s) × {c['concurrency']} at once ({c['measured']})"
        for impl, c in chosen.items()
    ]
    return "\n".join(lines)

"""Runs Locust headless in its own process, pinned to the generator's core, through a plan of phases.

No `-t`: the plan (bench/window.py) decides when each window opens and closes, and Locust quits
after the last one. The time allowed for the whole process is generous (imports on a slow machine,
spawning, warm-ups); a run that overstays it is stopped and reported, never counted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.sampler import MemorySampler

LOADTESTS = Path(__file__).resolve().parents[1]
LOCUSTFILE = LOADTESTS / "locustfile.py"
START_ALLOWANCE = 60.0  # seconds for imports and spawning, beyond the plan's own length


def plan_seconds(plan: dict[str, Any]) -> float:
    return sum(phase.get("warmup", plan["warmup"]) + phase.get("window", plan["window"]) for phase in plan["phases"])


def run_locust(*, plan: dict[str, Any], host: str, users: int, workdir: Path, label: str, cpus: str | None,
               args: list[str] = (), locustfile: Path = LOCUSTFILE) -> list[dict[str, Any]]:
    """Carry out `plan` with `users` closed-loop users; one record per phase, in the plan's order.

    Each record holds the window's instants (monotonic), its length, Locust's statistics of the
    requests completed inside it, and the CPU time and memory of the server and of Locust over it.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    plan_file, window_file, log_path = (workdir / f"{label}.{suffix}" for suffix in ("plan.json", "windows.jsonl",
                                                                                   "log"))
    plan_file.write_text(json.dumps(plan))
    window_file.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "-u", str(users), "-r", str(users),
            "--host", host, "--only-summary", "--exit-code-on-error", "0", "--stop-timeout", "0",
            "--plan-file", str(plan_file), "--window-file", str(window_file),
            "--window-reports", str(workdir / label), *args]
    if cpus:
        argv = ["taskset", "-c", cpus, *argv]
    timeout = START_ALLOWANCE + 2 * plan_seconds(plan)
    with log_path.open("w") as log:
        process = subprocess.Popen(argv, cwd=LOADTESTS, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
        trees = {"generator": process.pid, **{f"server:{p['server_pid']}": p["server_pid"] for p in plan["phases"]}}
        with MemorySampler(trees) as memory:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    records = [json.loads(line) for line in window_file.read_text().splitlines()] if window_file.exists() else []
    for record in records:
        measured = memory.window(record["opened"], record["closed"])
        record["memory"] = measured[f"server:{record['server_pid']}"]
        record["generator_memory"] = measured["generator"]
    if len(records) < len(plan["phases"]) or process.returncode not in (0, None):
        log = log_path.read_text(errors="replace")
        raise LocustFailed(f"Locust ({label}) measured {len(records)} of {len(plan['phases'])} phases "
                           f"(exit code {process.returncode}); the end of its log:\n{log[-3000:]}", records)
    return records


class LocustFailed(RuntimeError):
    """Locust stopped before the plan was carried out; `records` holds the windows it did measure."""

    def __init__(self, message: str, records: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.records = records

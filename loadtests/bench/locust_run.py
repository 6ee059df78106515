"""Runs Locust headless in its own process, pinned to the generator's cores, and reads its results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.sampler import Sampler
from bench.stats import summarise

LOADTESTS = Path(__file__).resolve().parents[1]
CPU_WARNING = "CPU usage above"  # Locust logs this when its own process is the bottleneck


@dataclass
class LocustRun:
    stats: dict[str, Any]
    cpu_warning: bool
    resources: dict[str, Any]
    returncode: int

    @property
    def saturated(self) -> bool:
        """The generator was the bottleneck: Locust said so, or its process used 90 % of its core."""
        return self.cpu_warning or self.resources["generator"]["cpu_mean"] >= 90


def run_locust(*, locustfile: str, host: str, users: int, seconds: int, workdir: Path, label: str,
               cpus: str | None, server_pid: int | None, args: list[str] = (), keep_reports: bool = False
               ) -> LocustRun:
    """One headless Locust run of `seconds`; logs, JSON (and CSV/HTML if kept) go to `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "locust", "-f", str(LOADTESTS / locustfile), "--headless",
            "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host, "--only-summary",
            "--json", "--exit-code-on-error", "0", "--stop-timeout", "0", *args]
    if keep_reports:
        argv += ["--csv", str(workdir / label), "--html", str(workdir / f"{label}.html")]
    if cpus:
        argv = ["taskset", "-c", cpus, *argv]
    log_path = workdir / f"{label}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(argv, cwd=LOADTESTS, stdout=subprocess.PIPE, stderr=log, text=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
        trees = {"generator": process.pid}
        if server_pid is not None:
            trees["server"] = server_pid
        sampler = Sampler(trees)
        sampler.start()
        output, _ = process.communicate(timeout=seconds + 120)
        resources = sampler.stop()
    (workdir / f"{label}.json").write_text(output)
    log = log_path.read_text(errors="replace")
    try:
        entries = json.loads(output)
    except json.JSONDecodeError:
        raise RuntimeError(f"Locust ({label}) printed no stats; its log:\n{log[-3000:]}") from None
    return LocustRun(stats=summarise(entries, seconds), cpu_warning=CPU_WARNING in log, resources=resources,
                     returncode=process.returncode)

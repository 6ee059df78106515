"""wrk, the second load generator: one single-operation workload per run, pinned to the generator's core.

wrk is written in C and needs a fraction of Locust's CPU per request, so where the two agree the
figure belongs to the server, not to either generator. Its window is its own: wrk times the run
itself (from its threads' start to their stop) and reports the requests completed in it; the CPU
times are read over that same span.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.sampler import CpuSampler, MemorySampler, ProcessTree, idle

SCRIPT = Path(__file__).with_name("wrk") / "workload.lua"
MARKER = "BENCH-JSON "


def available() -> bool:
    return shutil.which("wrk") is not None


def paths_for(workload: str, seed: dict[str, list[int]] | None = None) -> tuple[list[str], bool]:
    """(the paths wrk picks from at random, whether it follows listing cursors) for a workload."""
    if workload == "get":
        assert seed is not None, "getPost reads the seeded posts"
        return [f"/api/posts/{post_id}" for post_id in seed["posts"]], False
    if workload == "list":
        return ["/api/posts?limit=20"], True
    if workload == "floor-row":
        assert seed is not None, "the row floor reads the seeded posts"
        return [f"/posts/{post_id}" for post_id in seed["posts"]], False
    if workload == "floor-json":
        return ["/json"], False
    raise ValueError(f"wrk does not drive the {workload!r} workload (one operation per workload only)")


def run_wrk(
    *,
    url: str,
    workload: str,
    seed: dict[str, list[int]],
    connections: int,
    seconds: float,
    cpus: str | None,
    server_pid: int,
    database_pid: int | None = None,
    workdir: Path,
    label: str,
    server_cpus: str | None = None,
) -> dict[str, Any]:
    """One wrk run; returns its raw figures with the server's CPU time and memory over wrk's own window.

    wrk times its run from its threads' start to their stop; the CPU times are sampled every 10 ms
    and read at the same two instants (the end is when wrk exits, a few milliseconds late at most), so
    neither wrk's start-up and connections nor the requests it leaves in flight are counted. Before it
    returns, the server has finished whatever wrk left in flight: nothing spills into the next window.
    """
    paths, follow = paths_for(workload, seed)
    workdir.mkdir(parents=True, exist_ok=True)
    paths_file = workdir / f"{label}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    argv = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{_duration(seconds)}",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPT),
        url,
        "--",
        str(paths_file),
        *(["follow"] if follow else []),
    ]
    if cpus:
        argv = ["taskset", "-c", cpus, *argv]  # taskset execs wrk: the same process, its rusage is wrk's
    trees = {"server": server_pid, **({"database": database_pid} if database_pid else {})}
    with (
        MemorySampler({"server": server_pid}) as memory,
        CpuSampler(trees, {"server_cores": server_cpus, "generator_cores": cpus}, cpus) as cpu,
    ):
        started = time.monotonic()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        ended = time.monotonic()
        process.returncode = os.waitstatus_to_exitcode(status)
    (workdir / f"{label}.log").write_text(output)
    line = next((line for line in output.splitlines() if line.startswith(MARKER)), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk ({label}) failed with exit code {process.returncode}:\n{output[-2000:]}")
    raw = json.loads(line.removeprefix(MARKER))
    window = raw["duration_us"] / 1e6
    used = cpu.between(ended - window, ended)
    drained = idle(ProcessTree(server_pid))
    return {
        "raw": raw,
        "window_s": window,
        "asked_s": seconds,
        "complete": True,
        "opened": ended - window,
        "closed": ended,
        "started": started,
        "server_cpu_s": used["server"],
        "database_cpu_s": used.get("database"),
        "generator_cpu_s": usage.ru_utime + usage.ru_stime,
        "server_cores_busy_s": used["server_cores"],
        "generator_cores_busy_s": used["generator_cores"],
        "memory": memory.window(ended - window, ended)["server"],
        "drained": drained,
    }


def _duration(seconds: float) -> str:
    """wrk's -d takes whole seconds (1 at least)."""
    return f"{max(1, round(seconds))}s"

"""CPU time and memory of a process tree: the server's processes, or the load generator's."""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import psutil


class ProcessTree:
    """A process and all its descendants, re-read at every call (workers come and go)."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)

    def processes(self) -> list[psutil.Process]:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far by the tree, reaped descendants included.

        A parent's children_* times hold every descendant it has waited for, so a worker that exits
        between two readings is neither lost nor counted twice.
        """
        return cpu_seconds(self.processes())

    def rss_mb(self) -> float:
        total = 0
        for process in self.processes():
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total / 1_048_576


def cores_busy(cpus: str | None) -> float:
    """CPU seconds the listed cores ("0", "1,2") have spent busy since boot, for anyone: from /proc/stat.

    Less a tree's own CPU time over the same window, it is what other processes (and the hypervisor,
    as steal) took from the cores the tree was pinned to. Counted in ticks: 10 ms each, usually.
    """
    if not cpus:
        return 0.0
    wanted = {f"cpu{n}" for n in cpus.split(",")}
    busy = 0
    for line in Path("/proc/stat").read_text().splitlines():
        fields = line.split()
        if fields and fields[0] in wanted:
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
            busy += user + nice + system + irq + softirq + steal
    return busy / os.sysconf("SC_CLK_TCK")


class CpuSampler(threading.Thread):
    """CPU seconds of some process trees and busy seconds of some cores, every `interval` seconds, stamped on the
    monotonic clock, so that a window whose instants another process took (wrk's own run) can be read exactly:
    `between(opened, closed)` interpolates each series at both instants.

    The trees' processes are listed once, when sampling starts (a server's workers are all up by then), so a
    sample reads a few /proc files, not the whole process table. The thread runs on `cpus` (the load
    generator's core), never on the measured server's.
    """

    def __init__(
        self, trees: dict[str, int], cores: dict[str, str | None], cpus: str | None, interval: float = 0.01
    ) -> None:
        super().__init__(daemon=True)
        self.trees = {name: ProcessTree(pid).processes() for name, pid in trees.items()}
        self.cores, self.cpus, self.interval = cores, cpus, interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._halt = threading.Event()

    def _read(self) -> dict[str, float]:
        values = {name: cpu_seconds(processes) for name, processes in self.trees.items()}
        values.update({name: cores_busy(cpus) for name, cpus in self.cores.items()})
        return values

    def run(self) -> None:
        if self.cpus and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {int(cpu) for cpu in self.cpus.split(",")})  # this thread only, on Linux
        while True:
            self.samples.append((time.monotonic(), self._read()))
            if self._halt.wait(self.interval):
                self.samples.append((time.monotonic(), self._read()))
                return

    def __enter__(self) -> CpuSampler:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._halt.set()
        self.join()

    def at(self, moment: float) -> dict[str, float]:
        """Every series at `moment`, linearly between the samples around it."""
        before = max((s for s in self.samples if s[0] <= moment), key=lambda s: s[0], default=self.samples[0])
        after = min((s for s in self.samples if s[0] >= moment), key=lambda s: s[0], default=self.samples[-1])
        if after[0] == before[0]:
            return dict(before[1])
        share = (moment - before[0]) / (after[0] - before[0])
        return {name: before[1][name] + share * (after[1][name] - before[1][name]) for name in before[1]}

    def between(self, opened: float, closed: float) -> dict[str, float]:
        start, end = self.at(opened), self.at(closed)
        return {name: end[name] - start[name] for name in start}


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """The user and system CPU time of `processes` and of the descendants each has waited for."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def idle(tree: ProcessTree, *, quiet_share: float = 0.02, step: float = 0.05, timeout: float = 3.0) -> bool:
    """Wait until `tree` uses under `quiet_share` of a core over `step` seconds: whatever a load generator left
    in flight is done. False if it is still busy after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = tree.cpu_seconds()
    while time.monotonic() < deadline:
        time.sleep(step)
        now = tree.cpu_seconds()
        if now - last < quiet_share * step:
            return True
        last = now
    return False


class MemorySampler(threading.Thread):
    """Resident memory of some trees every `interval` seconds, stamped on the monotonic clock.

    CLOCK_MONOTONIC is one clock for every process of the machine, so the samples can be cut to a
    window whose instants another process (Locust) took.
    """

    def __init__(self, trees: dict[str, int], interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.trees = {name: ProcessTree(pid) for name, pid in trees.items()}
        self.interval = interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while True:
            self.samples.append((time.monotonic(), {name: tree.rss_mb() for name, tree in self.trees.items()}))
            if self._halt.wait(self.interval):
                return

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def __enter__(self) -> MemorySampler:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def window(self, opened: float, closed: float) -> dict[str, Any]:
        """Mean and peak memory of each tree between two instants (the nearest sample if none fell inside)."""
        inside = [values for moment, values in self.samples if opened <= moment <= closed]
        if not inside and self.samples:
            inside = [min(self.samples, key=lambda sample: abs(sample[0] - (opened + closed) / 2))[1]]
        return {
            name: {
                "rss_mean_mb": round(statistics.fmean(v[name] for v in inside), 1) if inside else 0.0,
                "rss_max_mb": round(max(v[name] for v in inside), 1) if inside else 0.0,
                "samples": len(inside),
            }
            for name in self.trees
        }

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
        total = 0.0
        for process in self.processes():
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system + times.children_user + times.children_system
        return total

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

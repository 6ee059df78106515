"""Samples CPU and memory of the server's processes and of the load generator while a run lasts."""

from __future__ import annotations

import statistics
import threading
from typing import Any

import psutil


class ProcessTree:
    """A process and all its descendants, re-read at every sample (workers come and go)."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.known: dict[int, psutil.Process] = {}

    def sample(self) -> tuple[float, float]:
        """(CPU % since the last sample, 100 = one core; resident memory in MB) of the whole tree."""
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0, 0.0
        cpu, rss = 0.0, 0.0
        for process in processes:
            tracked = self.known.setdefault(process.pid, process)
            try:
                cpu += tracked.cpu_percent(None)
                rss += tracked.memory_info().rss / 1_048_576
            except psutil.NoSuchProcess:
                self.known.pop(process.pid, None)
        return cpu, rss


class Sampler(threading.Thread):
    """Every `interval` seconds, one sample of each tree, until stop()."""

    def __init__(self, trees: dict[str, int], interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.trees = {name: ProcessTree(pid) for name, pid in trees.items()}
        self.interval = interval
        self.samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        self._halt = threading.Event()

    def run(self) -> None:
        for tree in self.trees.values():
            tree.sample()  # the first cpu_percent reading is always 0: prime it
        while not self._halt.wait(self.interval):
            for name, tree in self.trees.items():
                self.samples[name].append(tree.sample())

    def stop(self) -> dict[str, Any]:
        self._halt.set()
        self.join()
        return {name: _describe(values) for name, values in self.samples.items()}


def _describe(values: list[tuple[float, float]]) -> dict[str, float]:
    if not values:
        return {"cpu_mean": 0.0, "cpu_max": 0.0, "rss_mean_mb": 0.0, "rss_max_mb": 0.0, "samples": 0}
    cpu = [v[0] for v in values]
    rss = [v[1] for v in values]
    return {"cpu_mean": round(statistics.fmean(cpu), 1), "cpu_max": round(max(cpu), 1),
            "rss_mean_mb": round(statistics.fmean(rss), 1), "rss_max_mb": round(max(rss), 1), "samples": len(values)}

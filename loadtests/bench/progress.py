"""Progress on the terminal while a comparison runs: what is running, how long is left."""

from __future__ import annotations

import sys
import time
from typing import Any


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    def __init__(self, budget_seconds: float) -> None:
        self.started = time.monotonic()
        self.budget = budget_seconds

    def step(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{_clock(elapsed)} elapsed, ~{_clock(self.budget - elapsed)} left] {text}", file=sys.stderr, flush=True)

    def report(self, impl: str, repeat: int, windows: list[dict[str, Any]], intact: bool) -> None:
        """One line per measured window: req/s, CPU per request, and what makes the figure doubtful."""
        for w in windows:
            flags = []
            if w["saturated"]:
                flags.append("GENERATOR SATURATED: a lower bound")
            if w["failures"]:
                flags.append(f"{w['failures']} FAILED REQUESTS")
            cpu = f"{w['cpu_us_per_request']:,.0f} µs CPU/request" if w["cpu_us_per_request"] else "CPU unknown"
            print(
                f"    {impl} r{repeat} {w['workload']:<10} {w['generator']:<6} {w['rps']:>8,.0f} req/s over "
                f"{w['window_s']:.2f} s, {cpu}, p50 {w['p50']:g} ms, p99 {w['p99']:g} ms"
                + (f"  [{'; '.join(flags)}]" if flags else ""),
                file=sys.stderr,
                flush=True,
            )
        if not intact:
            print(f"    {impl} r{repeat}: INTEGRITY CHECK FAILED", file=sys.stderr, flush=True)

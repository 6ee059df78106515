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

    def report(self, impl: str, repeat: int, total: dict[str, Any], saturated: bool, intact: bool) -> None:
        flags = []
        if saturated:
            flags.append("GENERATOR SATURATED: a lower bound")
        if total["failures"]:
            flags.append(f"{total['failures']} FAILED REQUESTS")
        if not intact:
            flags.append("INTEGRITY CHECK FAILED")
        print(f"    {impl} repeat {repeat}: {total['rps']:,.0f} req/s, p50 {total['p50']:.0f} ms, "
              f"p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms" + (f"  [{'; '.join(flags)}]" if flags else ""),
              file=sys.stderr, flush=True)

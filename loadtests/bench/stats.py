"""Locust's final JSON stats, summarised: throughput, failures and latency percentiles."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

PERCENTILES = (50, 95, 99)


@dataclass
class Summary:
    requests: int
    failures: int
    seconds: float
    rps: float
    p50: float
    p95: float
    p99: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(histogram: dict[float, int], fraction: float) -> float:
    """The smallest response time (ms) at or below which `fraction` of the requests fall."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    wanted, seen = fraction * total, 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= wanted:
            return value
    return max(histogram)


def summarise(entries: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """Per operation and in total; `seconds` is the measured window (Locust's -t)."""
    operations: dict[str, Summary] = {}
    merged: dict[float, int] = {}
    for entry in entries:
        histogram = {float(ms): count for ms, count in dict(entry["response_times"]).items()}
        for ms, count in histogram.items():
            merged[ms] = merged.get(ms, 0) + count
        name = entry["name"]
        operations[name] = _summary(entry["num_requests"], entry["num_failures"], histogram, seconds)
    total = _summary(sum(e["num_requests"] for e in entries), sum(e["num_failures"] for e in entries), merged, seconds)
    return {"total": total.as_dict(), "operations": {name: s.as_dict() for name, s in sorted(operations.items())}}


def _summary(requests: int, failures: int, histogram: dict[float, int], seconds: float) -> Summary:
    p50, p95, p99 = (percentile(histogram, p / 100) for p in PERCENTILES)
    return Summary(requests=requests, failures=failures, seconds=seconds, rps=requests / seconds if seconds else 0.0,
                   p50=p50, p95=p95, p99=p99)

"""Ratios between two series of repeats, with Student-t confidence intervals on the log scale.

Repeats run in rounds, so the two figures of one round were measured minutes apart on the same
machine state: a ratio is taken within each round, and the rounds' ratios are summarised by their
geometric mean, the mean of their logarithms. Throughput and CPU time vary by factors, so their
logarithms are close to normal; the interval is then Student's t on the mean log ratio, which keeps
its stated coverage with as few as three rounds (a percentile bootstrap of a mean of five values
does not: it misses in about one draw in seven where it says one in twenty). tests/test_coverage.py
proves the coverage on synthetic rounds with a known ratio.

Many comparisons are read together, so a verdict is made at a family's level (Bonferroni): with
`m` comparisons in a family, each interval is drawn at 1 - 0.05 / m, and the chance that any of
them excludes the truth is at most 5 %.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

from scipy import stats

LEVEL = 0.95  # the promise of a family of intervals read together
MIN_ROUNDS = 3  # the fewest rounds an interval is drawn from


def family_level(comparisons: int, level: float = LEVEL) -> float:
    """Each interval's level so that `comparisons` of them all hold together at `level` (Bonferroni)."""
    return 1 - (1 - level) / max(1, comparisons)


def log_interval(logs: list[float], level: float = LEVEL) -> tuple[float, float, float]:
    """(mean, low, high) of log values: Student's t at `level` (low = high = mean for one value)."""
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return mean, mean, mean
    half = stats.t.ppf(1 - (1 - level) / 2, len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs))
    return mean, mean - half, mean + half


def paired_ratio(
    numerator: dict[int, float], denominator: dict[int, float], *, level: float = LEVEL
) -> dict[str, Any] | None:
    """numerator / denominator, round by round; None when no round has both figures."""
    rounds = sorted(r for r in set(numerator) & set(denominator) if numerator[r] > 0 and denominator[r] > 0)
    if not rounds:
        return None
    logs = [math.log(numerator[r] / denominator[r]) for r in rounds]
    mean, low, high = log_interval(logs, level)
    ratio: dict[str, Any] = {"value": round(math.exp(mean), 3), "low": None, "high": None, "rounds": len(rounds)}
    # Two rounds leave one degree of freedom: an interval then spans orders of magnitude and says nothing.
    if len(rounds) >= MIN_ROUNDS:
        ratio.update(low=round(math.exp(low), 3), high=round(math.exp(high), 3), level=round(level, 5))
        # The half-width as a share of the value: how precisely the rounds pin the ratio down.
        ratio["precision_pct"] = round(100 * (math.exp((high - low) / 2) - 1), 1)
    return ratio


def geometric_mean(values: dict[int, float]) -> float | None:
    positive = [v for v in values.values() if v > 0]
    return math.exp(statistics.fmean(math.log(v) for v in positive)) if positive else None


def clear(ratio: dict[str, Any] | None) -> bool:
    """Whether the interval excludes 1.0: a difference the repeats support."""
    return bool(ratio and ratio["low"] is not None and not ratio["low"] <= 1.0 <= ratio["high"])


def describe(ratio: dict[str, Any] | None) -> str:
    """ "0.62 (0.59–0.65)", "1.02 (0.97–1.06), no clear difference", or "–"."""
    if ratio is None:
        return "–"
    if ratio["low"] is None:
        return f"{ratio['value']:.2f} ({ratio['rounds']} round(s): no interval)"
    text = f"{ratio['value']:.2f} ({ratio['low']:.2f}–{ratio['high']:.2f})"
    return text if clear(ratio) else f"{text}, no clear difference"

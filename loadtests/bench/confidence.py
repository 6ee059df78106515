"""Ratios between two series of repeats, with a 95 % bootstrap confidence interval.

Repeats run in rounds (A B C, A B C, ...), so the two figures of one round were measured minutes
apart on the same machine state: a ratio is taken within each round, and the rounds' ratios are
summarised by their geometric mean. The interval is the 2.5th to 97.5th percentile of that mean
over 10,000 resamples of the rounds, drawn with a fixed seed so that a report rebuilt from the same
summary prints the same interval. With few rounds the interval is approximate (it tends to be too
narrow): more repeats give a better one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy

RESAMPLES = 10_000
SEED = 20261201


def paired_ratio(numerator: dict[int, float], denominator: dict[int, float]) -> dict[str, Any] | None:
    """numerator / denominator, round by round; None when no round has both figures."""
    rounds = sorted(r for r in set(numerator) & set(denominator) if numerator[r] > 0 and denominator[r] > 0)
    if not rounds:
        return None
    logs = numpy.array([math.log(numerator[r] / denominator[r]) for r in rounds])
    ratio: dict[str, Any] = {"value": round(math.exp(logs.mean()), 3), "low": None, "high": None, "rounds": len(rounds)}
    if len(rounds) >= 2:
        picks = numpy.random.default_rng(SEED).integers(0, len(rounds), size=(RESAMPLES, len(rounds)))
        low, high = numpy.exp(numpy.percentile(logs[picks].mean(axis=1), [2.5, 97.5]))
        ratio.update(low=round(float(low), 3), high=round(float(high), 3))
    return ratio


def clear(ratio: dict[str, Any] | None) -> bool:
    """Whether the interval excludes 1.0: a difference the repeats support."""
    return bool(ratio and ratio["low"] is not None and not ratio["low"] <= 1.0 <= ratio["high"])


def describe(ratio: dict[str, Any] | None) -> str:
    """ "0.62 (0.59–0.65)", "1.02 (0.97–1.06), no clear difference", or "–"."""
    if ratio is None:
        return "–"
    if ratio["low"] is None:
        return f"{ratio['value']:.2f} (one round: no interval)"
    text = f"{ratio['value']:.2f} ({ratio['low']:.2f}–{ratio['high']:.2f})"
    return text if clear(ratio) else f"{text}, no clear difference"

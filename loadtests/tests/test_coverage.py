"""An interval that says 95 % covers the truth in 95 % of draws: synthetic rounds with a known ratio.

Each draw is a run of n rounds of two implementations whose true throughput ratio is known. Every
round has a drift common to both (the machine got busier: it cancels in the round's ratio) and
noise of its own per implementation, of the sizes seen on a shared 2-core machine (per-window log
noise with sd 0.04 to 0.2), normal or heavy-tailed (Student t with 3 degrees of freedom, scaled to
the same sd: a window hit by a neighbour now and then). The nominal 95 % interval must cover the
truth in 93–97 % of 4,000 draws (the Monte Carlo error is ±0.7 % at two standard errors), and so must
a family's Bonferroni level. A narrower method (normal quantiles instead of t) is the control: it
must fail the same check, or the check proves nothing.
"""

from __future__ import annotations

import math
import statistics

import numpy
import pytest

from bench.confidence import LEVEL, clear, family_level, paired_ratio

DRAWS = 4000


def draw_rounds(rng, n: int, ratio: float, sd: float, tails: str) -> tuple[dict[int, float], dict[int, float]]:
    drift = rng.normal(0, 0.3, n)
    # Heavy tails: Student t with 3 degrees of freedom, scaled to standard deviation sd.
    heavy = rng.standard_t(3, (2, n)) * sd / math.sqrt(3)
    noise = rng.normal(0, sd, (2, n)) if tails == "normal" else heavy
    a = {r + 1: 1000 * ratio * math.exp(drift[r] + noise[0, r]) for r in range(n)}
    b = {r + 1: 1000 * math.exp(drift[r] + noise[1, r]) for r in range(n)}
    return a, b


def coverage(n: int, ratio: float, sd: float, tails: str, level: float, method=None) -> float:
    rng = numpy.random.default_rng(20261205 + n)
    hits = 0
    for _ in range(DRAWS):
        a, b = draw_rounds(rng, n, ratio, sd, tails)
        if method is None:
            found = paired_ratio(a, b, level=level)
            assert found is not None
            low, high = found["low"], found["high"]
        else:
            low, high = method(a, b)
        hits += low <= ratio <= high
    return hits / DRAWS


@pytest.mark.parametrize("n", [3, 5, 10])
@pytest.mark.parametrize("sd", [0.04, 0.08, 0.2])
@pytest.mark.parametrize("tails", ["normal", "heavy"])
def test_the_95_percent_interval_covers_the_true_ratio_in_93_to_97_percent_of_draws(n, sd, tails):
    found = coverage(n, 0.8, sd, tails, LEVEL)
    assert 0.93 <= found <= 0.97, f"coverage {found:.3f} with {n} rounds, sd {sd}, {tails} noise"


def test_a_family_level_keeps_its_promise_too():
    level = family_level(3)  # three implementations compared pairwise
    assert level == pytest.approx(1 - 0.05 / 3)
    found = coverage(5, 1.0, 0.08, "normal", level)
    assert abs(found - level) <= 0.01, found


def _normal_quantiles(a: dict[int, float], b: dict[int, float]) -> tuple[float, float]:
    logs = [math.log(a[r] / b[r]) for r in a]
    mean, half = statistics.fmean(logs), 1.96 * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean - half), math.exp(mean + half)


def test_the_check_fails_a_method_that_is_too_narrow():
    found = coverage(5, 0.8, 0.08, "normal", LEVEL, method=_normal_quantiles)
    assert found < 0.93, f"the control covered {found:.3f}: the check cannot tell a bad interval"


def test_an_equal_pair_reads_no_clear_difference_in_about_95_percent_of_draws():
    rng = numpy.random.default_rng(7)
    false_alarms = sum(clear(paired_ratio(*draw_rounds(rng, 5, 1.0, 0.08, "normal"))) for _ in range(DRAWS))
    assert 0.03 <= false_alarms / DRAWS <= 0.07

"""Paired ratios and their bootstrap intervals."""

from bench.confidence import clear, describe, paired_ratio


def test_a_steady_ratio_has_a_tight_interval_that_excludes_one():
    ratio = paired_ratio({1: 500, 2: 510, 3: 495, 4: 505, 5: 500}, {1: 1000, 2: 1000, 3: 1000, 4: 1000, 5: 1000})
    assert ratio["rounds"] == 5 and 0.49 < ratio["low"] <= ratio["value"] <= ratio["high"] < 0.52
    assert clear(ratio) and describe(ratio).startswith("0.50 (0.")


def test_rounds_are_paired_so_common_drift_cancels():
    # Both slowed down together in round 3: the ratio stays put.
    ratio = paired_ratio({1: 600, 2: 600, 3: 300}, {1: 1000, 2: 1000, 3: 500})
    assert ratio["value"] == ratio["low"] == ratio["high"] == 0.6


def test_noisy_rounds_give_no_clear_difference_and_one_round_no_interval():
    noisy = paired_ratio({1: 900, 2: 1100, 3: 1000}, {1: 1000, 2: 1000, 3: 1000})
    assert noisy["low"] < 1 < noisy["high"] and describe(noisy).endswith("no clear difference")
    single = paired_ratio({1: 900}, {1: 1000})
    assert single["low"] is None and not clear(single) and "1 round(s): no interval" in describe(single)
    two = paired_ratio({1: 900, 2: 950}, {1: 1000, 2: 1000})
    assert two["low"] is None and "2 round(s): no interval" in describe(two)
    assert paired_ratio({1: 900}, {2: 1000}) is None and describe(None) == "–"


def test_the_interval_is_the_same_each_time_it_is_computed():
    a, b = {1: 700, 2: 760, 3: 690, 4: 720}, {1: 1000, 2: 1010, 3: 980, 4: 1000}
    assert paired_ratio(a, b) == paired_ratio(a, b)

"""From runs to the compared figures: medians and spreads, ratios, floors, flags."""

from bench.aggregate import aggregate
from conftest import make_run


def test_medians_spreads_and_ratios(summary):
    results = aggregate(summary)
    alpha, beta = (results["by_users"]["32"][name] for name in ("alpha", "beta"))
    assert (alpha["rps_median"], alpha["rps_min"], alpha["rps_max"]) == (1000.0, 900.0, 1100.0)
    assert alpha["spread_pct"] == 20.0
    assert alpha["ratio_to_fastest"] == 1.0 and beta["ratio_to_fastest"] == 0.5
    assert alpha["fraction_of_floor_item"] == round(1000 / 3000, 3)
    assert beta["fraction_of_floor_item"] is None
    assert results["flags"]["ceiling_ratio"] == 9.0 and not results["flags"]["ceiling_below_twice_fastest"]


def test_a_low_ceiling_saturation_and_failures_are_flagged(summary):
    summary["ceiling"]["stats"]["total"]["rps"] = 1500.0
    summary["runs"].append(make_run("beta", 4, 510.0, saturated=True, failures=3))
    flags = aggregate(summary)["flags"]
    assert flags["ceiling_below_twice_fastest"] and flags["any_saturated"] and flags["any_failures"]
    assert aggregate(summary)["by_users"]["32"]["beta"]["saturated"]


def test_sweeps_are_grouped_by_concurrency(summary):
    summary["runs"] = [make_run("alpha", 1, rps, users=users) for users, rps in ((1, 100.0), (8, 700.0), (32, 1000.0))]
    results = aggregate(summary)
    assert sorted(results["by_users"], key=int) == ["1", "8", "32"]
    assert results["by_users"]["8"]["alpha"]["rps_median"] == 700.0

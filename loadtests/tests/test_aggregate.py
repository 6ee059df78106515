"""From windows to the compared figures: medians, merged percentiles, ratios with intervals, gating, flags."""

import pytest

from bench.aggregate import aggregate
from bench.confidence import clear, describe
from conftest import make_window


def mixed(results, name, generator="locust"):
    return results["by_level"]["32"]["mixed"][generator][name]


def test_medians_spreads_and_cpu_per_request(summary):
    alpha = mixed(aggregate(summary), "alpha")
    assert (alpha["rps_median"], alpha["rps_min"], alpha["rps_max"]) == (1000.0, 900.0, 1100.0)
    assert alpha["rps_spread_pct"] == 20.0
    assert alpha["cpu_us_median"] == 1000.0 and alpha["requests"] == 30000


def test_ratios_carry_an_interval_paired_by_round(summary):
    results = aggregate(summary)
    alpha, beta = mixed(results, "alpha"), mixed(results, "beta")
    assert alpha["fastest"] and alpha["ratio_to_fastest"] is None
    ratio = beta["ratio_to_fastest"]
    # Rounds: 500/1000, 520/1100, 480/900; geometric mean 0.5 and an interval around it.
    assert ratio["rounds"] == 3 and round(ratio["value"], 2) == 0.5
    assert ratio["low"] <= ratio["value"] <= ratio["high"] < 1.0
    assert beta["cpu_ratio_to_leanest"]["value"] == 2.0 and alpha["leanest"]


def test_an_interval_that_contains_one_is_no_clear_difference_and_both_are_tied_for_fastest(summary):
    summary["windows"] = [make_window("alpha", r, rps) for r, rps in ((1, 1000.0), (2, 1000.0), (3, 1000.0))] + [
        make_window("beta", r, rps) for r, rps in ((1, 1100.0), (2, 950.0), (3, 960.0))
    ]
    results = aggregate(summary)
    alpha, beta = mixed(results, "alpha"), mixed(results, "beta")
    # alpha's median (1,000) is the lower one, but beta leads on the geometric mean the ratios are made of.
    assert beta["rps_geomean"] > alpha["rps_geomean"] and beta["ratio_to_fastest"] is None
    ratio = alpha["ratio_to_fastest"]
    assert ratio["low"] < 1.0 < ratio["high"] and not clear(ratio)
    assert describe(ratio).endswith("no clear difference")
    assert not alpha["fastest"] and not beta["fastest"]
    assert alpha["tied_for_fastest"] == beta["tied_for_fastest"] == ["alpha", "beta"]


def three(summary, rates):
    summary["settings"]["impls"] = sorted(rates)
    summary["contract"] = {name: {"passed": True, "summary": "ok"} for name in rates}
    summary["windows"] = [
        make_window(name, r + 1, rps) for name, series in rates.items() for r, rps in enumerate(series)
    ]
    return aggregate(summary)


def test_a_winner_is_named_only_where_it_is_clearly_ahead_of_each_other_one(summary):
    clearly = three(
        summary,
        {"alpha": [1000, 1010, 990, 1005, 1000], "beta": [800, 805, 795, 810, 800], "gamma": [700, 690, 705, 700, 702]},
    )
    assert mixed(clearly, "alpha")["fastest"] and mixed(clearly, "alpha")["tied_for_fastest"] is None
    tied = three(
        summary,
        {
            "alpha": [1000, 1010, 990, 1005, 1000],
            "beta": [800, 805, 795, 810, 800],
            "gamma": [1010, 960, 1040, 990, 1000],
        },
    )
    assert not any(mixed(tied, name)["fastest"] for name in ("alpha", "beta", "gamma"))
    assert mixed(tied, "alpha")["tied_for_fastest"] == ["alpha", "gamma"]
    assert mixed(tied, "beta")["tied_for_fastest"] is None
    cell = tied["verdicts"]["32"]["mixed"]["locust"]["rps"]
    assert set(cell["pairs"]) == {"alpha/beta", "alpha/gamma", "beta/gamma"}
    assert cell["level"] == pytest.approx(1 - 0.05 / 3)  # three pairs hold together at 95 %
    assert clear(cell["pairs"]["alpha/beta"]) and not clear(cell["pairs"]["alpha/gamma"])


def test_the_a_a_control_is_ranked_nowhere_and_holds_only_while_it_matches_itself(summary):
    twin = "alpha-twin"
    summary["control"] = {"impl": "alpha", "twin": twin}
    summary["windows"] += [make_window(twin, r, rps) for r, rps in ((1, 1010.0), (2, 1090.0), (3, 905.0))]
    results = aggregate(summary)
    assert "fastest" not in mixed(results, twin) and mixed(results, "alpha")["fastest"]
    assert results["control"]["holds"] and not results["flags"]["control_failed"]
    assert results["control"]["rows"][0]["workload"] == "mixed"
    summary["windows"] = [w for w in summary["windows"] if w["impl"] != twin]
    summary["windows"] += [make_window(twin, r, rps * 0.8) for r, rps in ((1, 1000.0), (2, 1100.0), (3, 900.0))]
    failed = aggregate(summary)
    assert not failed["control"]["holds"] and failed["flags"]["control_failed"]
    assert failed["control"]["differences"] == ["mixed (locust, rps)"]


def test_latency_percentiles_come_from_the_merged_histograms(summary):
    # Two fast rounds and one slow one: the median of per-round p99s would be 5 ms.
    summary["windows"] = [
        make_window("alpha", 1, 1000.0),
        make_window("alpha", 2, 1000.0),
        make_window("alpha", 3, 1000.0, latency_ms=80.0),
    ]
    alpha = mixed(aggregate(summary), "alpha")
    assert alpha["p50"] == 5.0 and alpha["p99"] == 80.0
    assert alpha["operations"]["getPost"]["p99"] == 80.0


def test_an_implementation_that_failed_the_contract_is_ranked_nowhere(summary):
    summary["contract"]["alpha"] = {"passed": False, "summary": "1 failed, 9 passed"}
    results = aggregate(summary)
    alpha, beta = mixed(results, "alpha"), mixed(results, "beta")
    assert "ratio_to_fastest" not in alpha and "fastest" not in alpha
    assert beta["fastest"] and beta["ratio_to_fastest"] is None  # the only one ranked
    assert results["flags"]["not_ranked"] == ["alpha"] and results["gate"]["alpha"] == "FAILED"


def test_get_is_compared_with_its_own_frameworks_floor_by_the_same_generator(summary):
    summary["windows"] = [make_window("alpha", r, 600.0 * r, workload="get", generator="wrk") for r in (1, 2)] + [
        make_window("alpha", r, 1000.0 * r, workload="floor-row", generator="wrk") for r in (1, 2)
    ]
    figures = aggregate(summary)["by_level"]["32"]["get"]["wrk"]["alpha"]
    assert figures["of_floor_row"]["value"] == 0.6 and figures["of_floor_json"] is None


def test_generators_apart_by_more_than_ten_percent_are_flagged_unless_saturated(summary):
    summary["windows"] = [
        make_window("alpha", 1, 1000.0, workload="get"),
        make_window("alpha", 1, 1300.0, workload="get", generator="wrk"),
        make_window("beta", 1, 1000.0, workload="get", saturated=True),
        make_window("beta", 1, 1300.0, workload="get", generator="wrk"),
    ]
    results = aggregate(summary)
    rows = {row["impl"]: row for row in results["agreement"]}
    assert rows["alpha"]["disagree"] and rows["alpha"]["gap_pct"] == -23.1
    assert not rows["beta"]["disagree"] and rows["beta"]["saturated"]
    assert results["flags"]["generators_disagree"] == ["get alpha"]


def test_a_low_ceiling_saturation_and_failures_are_flagged(summary):
    summary["ceiling"][0]["rps"] = 1500.0
    summary["windows"].append(make_window("beta", 4, 510.0, saturated=True, failures=3))
    results = aggregate(summary)
    flags = results["flags"]
    assert flags["ceiling_below_margin"] == ["mixed"] and flags["any_saturated"] and flags["any_failures"]
    assert results["ceiling"][0]["ratio"] == 1.5
    assert mixed(results, "beta")["saturated"]


def test_sweeps_are_grouped_by_concurrency(summary):
    summary["windows"] = [
        make_window("alpha", 1, rps, users=users) for users, rps in ((1, 100.0), (8, 700.0), (32, 1000.0))
    ]
    results = aggregate(summary)
    assert sorted(results["by_level"], key=int) == ["1", "8", "32"]
    assert results["by_level"]["8"]["mixed"]["locust"]["alpha"]["rps_median"] == 700.0


def test_open_loop_windows_are_not_ranked_and_their_rate_is_checked_over_the_repeats(summary):
    def offered(impl, repeat, achieved):
        return {**make_window(impl, repeat, achieved, workload="mixed@50%"), "offered_rps": 300.0, "clients": 64}

    summary["windows"] = [
        offered("alpha", 2, 297.0),
        offered("alpha", 3, 309.0),  # 303 over both: held
        offered("beta", 2, 280.0),
        offered("beta", 3, 290.0),
    ]  # 285: 5 % short
    results = aggregate(summary)
    alpha, beta = (results["by_level"]["32"]["mixed@50%"]["locust"][name] for name in ("alpha", "beta"))
    assert "ratio_to_fastest" not in alpha and "fastest" not in beta
    assert alpha["offered_held"] and alpha["achieved_rps"] == 303.0 and alpha["clients"] == 64
    assert not beta["offered_held"]
    assert results["flags"]["offered_missed"] == ["mixed@50% beta"]


def test_other_processes_on_the_pinned_cores_are_flagged(summary):
    assert not aggregate(summary)["flags"]["busy_cores"]
    summary["windows"][0]["others_on_generator_core_pct"] = 30.0
    summary["windows"][1]["others_on_generator_core_pct"] = 30.0
    results = aggregate(summary)
    assert results["flags"]["busy_cores"] and mixed(results, "alpha")["others_on_generator_core_pct"] == 30.0


def test_generators_are_not_compared_where_other_processes_held_the_cores(summary):
    busy = make_window("alpha", 1, 1300.0, workload="get", generator="wrk")
    busy["others_on_generator_core_pct"] = 40.0
    summary["windows"] = [make_window("alpha", 1, 1000.0, workload="get"), busy]
    [row] = aggregate(summary)["agreement"]
    assert row["busy"] and not row["disagree"]


def test_levels_of_a_sweep_are_grouped_apart(summary, tmp_path):
    import json

    from bench.report import build

    summary["windows"] = [
        {**make_window("alpha", 1, rps, users=32), "level": level}
        for level, rps in (("32", 1000.0), ("32/4", 800.0), ("32/16", 950.0))
    ] + [make_window("alpha", 1, 300.0, users=8)]
    results = aggregate(summary)
    assert list(results["by_level"]) == ["8", "32", "32/4", "32/16"] and results["default_level"] == "32"
    assert results["by_level"]["32/4"]["mixed"]["locust"]["alpha"]["rps_median"] == 800.0
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    build(tmp_path, recompute=True)
    assert (tmp_path / "charts" / "concurrency.png").stat().st_size > 1000

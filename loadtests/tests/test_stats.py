"""A window's figures from either generator, and the reasons a window cannot be reported."""

import pytest

from bench.stats import from_locust, from_wrk, percentile, problems, two_digits


def locust_record(**overrides):
    record = {
        "window_s": 4.0,
        "asked_s": 4,
        "complete": True,
        "opened": 10.0,
        "closed": 14.0,
        "server_cpu_s": 2.0,
        "generator_cpu_s": 1.0,
        "cpu_warning": False,
        "errors": [],
        "memory": {"rss_mean_mb": 80.0, "rss_max_mb": 82.0, "samples": 16},
        "entries": [
            {
                "name": "getPost",
                "method": "GET",
                "num_requests": 900,
                "num_failures": 0,
                "response_times": {"1": 890, "20": 10},
            },
            {
                "name": "createPost",
                "method": "POST",
                "num_requests": 100,
                "num_failures": 2,
                "response_times": {"20": 100},
            },
        ],
    }
    return {**record, **overrides}


def test_percentiles_of_a_histogram():
    histogram = {1.0: 50, 2.0: 40, 10.0: 9, 100.0: 1}
    assert percentile(histogram, 0.50) == 1.0
    assert percentile(histogram, 0.90) == 2.0
    assert percentile(histogram, 0.99) == 10.0
    assert percentile(histogram, 1.0) == 100.0
    assert percentile({}, 0.5) == 0.0


def test_rates_divide_by_the_measured_window_not_the_asked_one():
    figures = from_locust(locust_record(window_s=5.0))
    assert figures["requests"] == 1000 and figures["rps"] == 200.0
    assert figures["operations"]["getPost"]["rps"] == 180.0
    assert figures["failures"] == 2 and figures["p50"] == 1.0 and figures["p99"] == 20.0


def test_what_other_processes_took_from_the_pinned_cores():
    figures = from_locust(locust_record(server_cores_busy_s=2.4, generator_cores_busy_s=1.0))
    assert figures["others_on_server_core_pct"] == 10.0  # 2.4 s busy, 2 s of it the server's, over 4 s
    assert figures["others_on_generator_core_pct"] == 0.0
    assert from_locust(locust_record())["others_on_server_core_pct"] is None  # not pinned: unknown


def test_cpu_per_request_and_saturation_come_from_the_window():
    figures = from_locust(locust_record())
    assert figures["cpu_us_per_request"] == 2000.0  # 2 s of server CPU over 1,000 requests
    assert figures["server_cpu_pct"] == 50.0 and figures["generator_cpu_pct"] == 25.0
    assert not figures["saturated"]
    assert from_locust(locust_record(generator_cpu_s=3.7))["saturated"]  # 92.5 % of its core
    assert from_locust(locust_record(cpu_warning=True))["saturated"]


def test_wrk_latencies_are_rounded_to_two_digits_and_status_errors_fail():
    raw = {
        "window_s": 2.0,
        "asked_s": 2,
        "complete": True,
        "opened": 1.0,
        "closed": 3.0,
        "server_cpu_s": 1.5,
        "generator_cpu_s": 0.2,
        "memory": {"rss_mean_mb": 50.0, "rss_max_mb": 51.0, "samples": 8},
        "raw": {
            "duration_us": 2_000_000,
            "requests": 3000,
            "bytes": 1,
            "latency_us": [[430, 2000], [4349, 999], [52000, 1]],
            "errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 0},
        },
    }
    figures = from_wrk(raw, "getPost")
    assert figures["rps"] == 1500.0 and figures["failures"] == 3 and figures["cpu_us_per_request"] == 500.0
    assert figures["operations"]["getPost"]["histogram"] == {"0.43": 2000, "4.3": 999, "52.0": 1}
    assert (figures["p50"], figures["p99"]) == (0.43, 4.3)
    assert figures["errors"] == ["status: 3"]
    assert two_digits(0.04349) == 0.043 and two_digits(123.4) == 120.0


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"window_s": 3.5}, "under 90% of the 4 s asked"),
        ({"complete": False, "window_s": 1.2}, "cut off after 1.20 s"),
    ],
)
def test_a_short_or_cut_window_is_a_problem(overrides, reason):
    found = problems(from_locust(locust_record(**overrides)), ["getPost", "createPost"])
    assert any(reason in text for text in found), found


def test_an_operation_of_the_workload_without_requests_is_a_problem():
    figures = from_locust(locust_record())
    assert problems(figures, ["getPost", "createPost"]) == []
    assert problems(figures, ["getPost", "deletePost"]) == ["no request completed for deletePost"]

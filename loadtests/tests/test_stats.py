"""Percentiles and summaries from Locust's response-time histograms."""

from bench.stats import percentile, summarise


def test_percentiles_of_a_histogram():
    histogram = {1.0: 50, 2.0: 40, 10.0: 9, 100.0: 1}
    assert percentile(histogram, 0.50) == 1.0
    assert percentile(histogram, 0.90) == 2.0
    assert percentile(histogram, 0.99) == 10.0
    assert percentile(histogram, 1.0) == 100.0
    assert percentile({}, 0.5) == 0.0


def test_summaries_per_operation_and_in_total():
    entries = [
        {"name": "getPost", "num_requests": 90, "num_failures": 0, "response_times": [("1", 90)]},
        {"name": "createPost", "num_requests": 10, "num_failures": 2, "response_times": {"20": 10}},
    ]
    result = summarise(entries, seconds=10)
    assert result["total"]["requests"] == 100 and result["total"]["failures"] == 2
    assert result["total"]["rps"] == 10.0
    assert result["total"]["p50"] == 1.0 and result["total"]["p95"] == 20.0
    assert result["operations"]["createPost"]["rps"] == 1.0

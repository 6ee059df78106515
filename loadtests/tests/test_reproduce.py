"""make reproduce: two runs side by side; a reversed verdict or a failed A/A control makes it fail."""

from test_results import qualifying, run

from bench.reproduce import side_by_side

AHEAD = {"alpha": [1000, 1004, 998, 1002, 1000], "beta": [500, 503, 499, 501, 500]}
TIED = {"alpha": [1000, 1004, 998, 1002, 1000], "beta": [1000, 1090, 930, 1040, 960]}
BEHIND = {"alpha": [500, 503, 499, 501, 500], "beta": [1000, 1004, 998, 1002, 1000]}


def pair(tmp_path, summary, first, second, twin=None):
    run(tmp_path, "run1", qualifying(summary, first), "sqlite")
    run(tmp_path, "run2", qualifying(summary, second, twin), "sqlite")
    return side_by_side(tmp_path / "run1", tmp_path / "run2")


def test_two_runs_that_agree_or_differ_only_in_clarity_are_consistent(tmp_path, summary):
    text, ok = pair(tmp_path, summary, AHEAD, TIED)
    assert ok and "one clear, one not" in text and "REVERSED" not in text
    assert "| mixed | alpha | 1,000 req/s, fastest | 1,000 req/s, 1.00 (0.9" in text and "no clear difference |" in text
    assert "| mixed | beta | 500 req/s, 0.50 (" in text and "tied for fastest (with alpha) |" in text
    assert "Run 1: A/A control (alpha against alpha-twin) holds." in text
    # Each table is well-formed Markdown: its separator row has as many cells as its header.
    lines = text.splitlines()
    for header, separator in zip(lines, lines[1:]):
        if header.startswith("| workload"):
            assert separator == "|" + "---|" * (header.count("|") - 1)


def test_a_reversed_verdict_fails(tmp_path, summary):
    text, ok = pair(tmp_path, summary, AHEAD, BEHIND, twin=[501, 502, 500, 500, 501])
    assert not ok and "| mixed | locust | alpha/beta | > " in text and "REVERSED" in text
    assert "NOT CONSISTENT: 2 reversed verdict(s)" in text  # get (wrk) and mixed (locust)


def test_a_failed_control_fails(tmp_path, summary):
    text, ok = pair(tmp_path, summary, AHEAD, AHEAD, twin=[700, 702, 699, 701, 700])
    assert not ok and "Run 2: A/A control (alpha against alpha-twin) FAILED" in text

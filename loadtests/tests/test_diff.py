"""make diff: changes beyond the noise, in req/s and CPU per request, and the settings that differ."""

import copy
import json

from bench.aggregate import aggregate
from bench.diff import diff


def write(tmp_path, name, summary):
    run = tmp_path / name
    run.mkdir()
    summary = copy.deepcopy(summary)
    summary["results"] = aggregate(summary)
    (run / "summary.json").write_text(json.dumps(summary))
    return run


def rows(text):
    return {
        tuple(cell.strip() for cell in line.split("|")[1:4]): line
        for line in text.splitlines()
        if line.startswith("| mixed")
    }


def test_a_slower_run_is_a_regression_and_noise_is_not(tmp_path, summary):
    before = write(tmp_path, "a", summary)
    for window in summary["windows"]:
        if window["impl"] == "alpha":
            window["rps"] *= 0.5
            window["cpu_us_per_request"] *= 2
        else:
            window["rps"] *= 1.01
    after = write(tmp_path, "b", summary)
    text = diff(before, after)
    assert "Same settings, machine and generators." in text
    alpha, beta = rows(text)[("mixed", "locust", "alpha")], rows(text)[("mixed", "locust", "beta")]
    assert "| 1,000 | 500 | -50.0 % |" in alpha and alpha.count("REGRESSION") == 2
    assert "| 2,000 | 2,000 | +0.0 % |" in beta and beta.count("within noise") == 2


def test_settings_that_differ_are_named(tmp_path, summary):
    before = write(tmp_path, "a", summary)
    summary["settings"]["duration"] = 18
    summary["environment"]["cpu_model"] = "Other CPU"
    text = diff(before, write(tmp_path, "b", summary))
    assert "- duration: 10 → 18" in text and "- cpu_model: Test CPU → Other CPU" in text

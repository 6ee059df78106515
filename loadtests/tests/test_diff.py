"""make diff: regressions and improvements beyond the noise, per implementation and operation."""

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


def test_a_slower_run_is_a_regression_and_noise_is_not(tmp_path, summary):
    before = write(tmp_path, "a", summary)
    for run in summary["runs"]:
        if run["impl"] == "alpha":
            run["stats"]["total"]["rps"] *= 0.5
        else:
            run["stats"]["total"]["rps"] *= 1.01
            run["stats"]["operations"]["getPost"]["p95"] = 60.0
    after = write(tmp_path, "b", summary)
    text = diff(before, after)
    assert "| alpha | 1,000 | 500 | -50.0 % |" in text and "REGRESSION" in text.splitlines()[4]
    assert "within noise" in text.splitlines()[5]
    assert any("getPost" in line and "REGRESSION" in line for line in text.splitlines() if line.startswith("| beta"))

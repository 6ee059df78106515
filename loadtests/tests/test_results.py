"""make results: the README's section from the newest runs that qualify, per database and server policy."""

import copy
import json

import pytest

from bench.aggregate import aggregate
from bench.results import END, START, problems, show, update
from conftest import make_window

STEADY = {"alpha": [1000, 1004, 998, 1002, 1000], "beta": [500, 503, 499, 501, 500]}


def qualifying(summary, rates=STEADY, twin_rates=None):
    summary = copy.deepcopy(summary)
    summary["settings"].update(repeats=5, workloads=["get", "mixed"])
    summary["control"] = {"impl": "alpha", "twin": "alpha-twin"}
    twin = {"alpha-twin": twin_rates or [1001, 1003, 999, 1001, 1000]}
    summary["windows"] = [
        make_window(name, r + 1, rps, workload=workload, generator=generator)
        for name, series in {**rates, **twin}.items()
        for r, rps in enumerate(series)
        for workload, generator in (("get", "wrk"), ("mixed", "locust"))
    ]
    return summary


def run(reports, name, summary, db, policy="equal"):
    summary = copy.deepcopy(summary)
    summary["settings"].update(db=db, policy=policy)
    summary["policy"]["name"] = policy
    summary["results"] = aggregate(summary)
    (reports / name).mkdir(parents=True)
    (reports / name / "summary.json").write_text(json.dumps(summary))
    return summary


@pytest.fixture
def readme(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"# Title\n\n{START}\nold figures\n{END}\n\nThe rest.\n")
    return path


def test_only_runs_that_deserve_it_are_published(tmp_path, summary):
    good = run(tmp_path, "20261201T000000Z", qualifying(summary), "sqlite")
    assert problems(good) == []
    short = copy.deepcopy(qualifying(summary))
    short["settings"]["repeats"] = 3
    assert any("round(s), under 5" in p for p in problems(run(tmp_path, "a", short, "sqlite")))
    noisy = qualifying(summary, {"alpha": [1000, 1200, 850, 1100, 900], "beta": [500, 503, 499, 501, 500]})
    assert any("over ±5 %" in p for p in problems(run(tmp_path, "b", noisy, "sqlite")))
    failed_control = qualifying(summary, twin_rates=[800, 803, 799, 801, 800])
    assert "the A/A control failed" in problems(run(tmp_path, "c", failed_control, "sqlite"))
    gated_off = qualifying(summary)
    gated_off["settings"]["contract"] = False
    assert "the contract gate did not run" in problems(run(tmp_path, "d", gated_off, "sqlite"))
    assert "20261201T000000Z sqlite equal: qualifies" in show(tmp_path)


def test_the_section_names_each_runs_commit_and_settings_and_marks_verdicts_the_policy_decides(
    tmp_path, readme, summary
):
    reports = tmp_path / "reports"
    run(reports, "20261201T000000Z", qualifying(summary), "sqlite")
    flipped = {"alpha": [500, 503, 499, 501, 500], "beta": [1000, 1004, 998, 1002, 1000]}
    run(reports, "20261201T010000Z", qualifying(summary, flipped, [501, 502, 500, 500, 501]), "sqlite", "documented")
    run(reports, "20261202T000000Z", {**qualifying(summary), "problems": ["mixed: cut off"]}, "sqlite")  # skipped
    update(readme, reports)
    text = readme.read_text()
    assert "old figures" not in text and text.endswith(f"{END}\n\nThe rest.\n")
    assert "- sqlite, policy equal: `reports/20261201T000000Z`, commit abc123" in text
    assert "- sqlite, policy documented: `reports/20261201T010000Z`" in text
    assert "| mixed | alpha | 1,000 | fastest | 1,000 | ok |" in text
    assert "alpha-twin" not in text.split("Verdicts")[0].split("| workload |")[1]  # the control is not a contestant
    assert "- **mixed** (sqlite, locust): alpha fastest; beta 0.50× (" in text
    assert (
        "- **mixed** (sqlite) depends on the server policy: equal: alpha fastest (alpha 1,000, beta 500 req/s); "
        "documented: beta fastest (alpha 500, beta 1,000 req/s)." in text
    )


def test_without_a_qualifying_run_the_section_says_how_to_get_one(tmp_path, readme, summary):
    reports = tmp_path / "reports"
    run(reports, "20261201T000000Z", summary, "sqlite")  # three rounds, no control
    update(readme, reports)
    assert "No run qualifies yet" in readme.read_text() and "make results SHOW=1" in readme.read_text()
    assert "miss only that bar" not in readme.read_text()  # this one misses more than precision


def test_without_a_qualifying_run_the_newest_that_misses_only_precision_is_pointed_to(tmp_path, readme, summary):
    reports = tmp_path / "reports"
    noisy = qualifying(summary, {"alpha": [1000, 1200, 850, 1100, 900], "beta": [500, 503, 499, 501, 500]})
    run(reports, "20261201T000000Z", noisy, "sqlite")
    run(reports, "20261202T000000Z/run1", noisy, "sqlite")  # make reproduce's two runs, in its own folder
    run(reports, "20261202T000000Z/run2", noisy, "sqlite")
    update(readme, reports)
    text = readme.read_text()
    assert "No run qualifies yet" in text and "- sqlite: `reports/20261202T000000Z/run2/report.html`" in text
    assert "20261202T000000Z/run1 sqlite equal: does not qualify: get (wrk) alpha/beta: ±" in show(reports)


def test_a_qualifying_run_of_make_reproduce_is_published_under_its_own_folder(tmp_path, readme, summary):
    reports = tmp_path / "reports"
    run(reports, "20261203T000000Z/run1", qualifying(summary), "sqlite")
    run(reports, "20261203T000000Z/run2", qualifying(summary), "sqlite")
    update(readme, reports)
    assert "- sqlite, policy equal: `reports/20261203T000000Z/run2`, commit" in readme.read_text()

"""make results: the README's section, written from the newest runs, claiming no more than the intervals."""

import copy
import json

import pytest

from bench.aggregate import aggregate
from bench.results import END, START, update
from conftest import make_window


def run(reports, name, summary, db):
    summary = copy.deepcopy(summary)
    summary["settings"]["db"] = db
    summary["results"] = aggregate(summary)
    (reports / name).mkdir(parents=True)
    (reports / name / "summary.json").write_text(json.dumps(summary))


@pytest.fixture
def readme(tmp_path):
    path = tmp_path / "README.md"
    path.write_text(f"# Title\n\n{START}\nold figures\n{END}\n\nThe rest.\n")
    return path


def test_the_section_is_rewritten_from_the_newest_run_of_each_database(tmp_path, readme, summary):
    reports = tmp_path / "reports"
    run(reports, "20261101T000000Z", summary, "sqlite")
    summary["windows"] = [make_window("alpha", r, 1000.0) for r in (1, 2, 3)] + [
        make_window("beta", r, rps) for r, rps in ((1, 1050.0), (2, 950.0), (3, 990.0))
    ]
    run(reports, "20261201T000000Z", summary, "sqlite")
    run(reports, "20261202T000000Z", {**summary, "problems": ["mixed: cut off"]}, "sqlite")  # incomplete: skipped
    update(readme, reports)
    text = readme.read_text()
    assert "old figures" not in text and text.endswith(f"{END}\n\nThe rest.\n")
    assert "`reports/20261201T000000Z` (sqlite)" in text
    assert "| mixed | beta | 990 | 1.00 (0.95–1.05), no clear difference |" in text
    assert (
        "- **mixed** (sqlite, locust): alpha served the most requests per second; no clear difference from beta."
        in text
    )


def test_a_clear_difference_is_stated_with_its_interval_and_both_databases_stand_side_by_side(
    tmp_path, readme, summary
):
    reports = tmp_path / "reports"
    run(reports, "20261201T000000Z", summary, "sqlite")
    run(reports, "20261201T010000Z", summary, "postgres")
    update(readme, reports)
    text = readme.read_text()
    assert (
        "| workload | implementation | sqlite: req/s | sqlite: × fastest (95 % CI) | sqlite: CPU µs/req | "
        "postgres: req/s |" in text
    )
    assert "alpha served the most requests per second; beta 0.50× (" in text
    assert text.count("- **mixed**") == 2
    assert "the same rule for every implementation: 1 worker process(es). Per implementation:" in text
    assert "- alpha: server alpha\n- beta: server beta\n" in text

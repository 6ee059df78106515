"""The runner as a pipeline inside one run context: a stage after the measurements still has the run's databases."""

from __future__ import annotations

from bench.plan import Settings
from bench.runner import compare
from harness.manifest import select
from harness.postgres import require_binaries


def test_a_sweep_on_postgres_measures_its_data_sizes_inside_the_runs_context(tmp_path):
    require_binaries()
    settings = Settings(
        impls=select("flask"),
        db="postgres",
        workloads=["get"],
        users=2,
        duration=1,
        warmup=0.5,
        repeats=1,
        wrk=False,
        floors=False,
        contract=False,
        seed_authors=1,
        seed_posts=3,
        sweep_users=[2],
        offered_loads=[],
    )
    summary = compare(settings, tmp_path / "run", sizes=(30,))
    assert summary["problems"] == [], summary["problems"]
    [row] = summary["datasize"]
    assert row["impl"] == "flask" and row["posts"] == 30 and row["first_p50"] > 0 and row["deep_p50"] > 0
    assert [w["workload"] for w in summary["windows"]] == ["get"]
    assert summary["control"] is None  # a sweep compares levels, not an implementation with itself

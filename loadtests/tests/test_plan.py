"""The plan of a comparison: its order, the offered loads, the workloads wrk takes."""

from dataclasses import replace

import pytest

from bench.plan import Settings, interleaved, levels, offered_rates, worker_policy, workers_for, wrk_workloads
from harness.manifest import discover


def test_units_are_interleaved_round_by_round():
    impls = list(discover().values())
    order = [(repeat, impl.name) for repeat, impl, _ in interleaved(Settings(impls=impls, repeats=2))]
    names = [impl.name for impl in impls]
    assert order == [(1, name) for name in names] + [(2, name) for name in names]


def test_offered_loads_are_shares_of_the_slowest_capacity():
    assert offered_rates({"alpha": 900.0, "beta": 400.0}, [0.5, 0.8]) == (
        "beta",
        {"mixed@50%": 200.0, "mixed@80%": 320.0},
    )
    assert offered_rates({}, [0.5]) is None and offered_rates({"alpha": 900.0}, []) is None


def test_wrk_takes_the_single_operation_workloads_and_the_floors():
    settings = Settings(impls=[], workloads=["get", "write", "mixed"])
    assert wrk_workloads(settings, wrk_found=True) == ["get", "floor-row", "floor-json"]
    assert wrk_workloads(settings, wrk_found=False) == []
    settings.floors = False
    assert wrk_workloads(settings, wrk_found=True) == ["get"]


def test_a_sweep_varies_the_clients_then_what_a_worker_takes_at_once():
    settings = Settings(impls=[], users=32, sweep_users=[1, 32], sweep_concurrency=[4, 16])
    assert [level.key for level in levels(settings)] == ["1", "32", "32/4", "32/16"]
    assert [level.key for level in levels(Settings(impls=[]))] == ["32"]


def test_each_server_gets_its_documented_workers_for_its_cores_unless_workers_is_set_for_every_one():
    base = next(iter(discover().values()))
    gunicorn = replace(base, name="g", workers="2 * cores + 1", workers_source="https://docs.gunicorn.org")
    uvicorn = replace(base, name="u", workers="cores", workers_source=None)
    settings = Settings(impls=[gunicorn, uvicorn])
    assert [workers_for(settings, impl, 1) for impl in (gunicorn, uvicorn)] == [3, 1]
    assert [workers_for(settings, impl, 4) for impl in (gunicorn, uvicorn)] == [9, 4]
    policy = worker_policy(settings, [gunicorn, uvicorn], 1)
    assert "3 worker process(es) (2 * cores + 1, cores=1, https://docs.gunicorn.org)" in policy["g"]
    assert "1 worker process(es) (cores, cores=1)" in policy["u"]
    same = Settings(impls=[gunicorn, uvicorn], workers=2)
    assert [workers_for(same, impl, 1) for impl in (gunicorn, uvicorn)] == [2, 2]
    with pytest.raises(ValueError, match="not of the form"):
        workers_for(settings, replace(base, workers="cores ** 2"), 1)

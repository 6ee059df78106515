"""The plan of a comparison: each round's drawn order, the A/A control, the offered loads, the workloads wrk takes."""

import argparse
from collections import Counter

import pytest

from bench.__main__ import _settings
from bench.plan import TWIN, Settings, contestants, levels, offered_rates, rounds, wrk_workloads
from harness.manifest import discover

IMPLS = list(discover().values())


def test_every_contestant_runs_once_per_round_in_an_order_drawn_from_the_seed():
    settings = Settings(impls=IMPLS, repeats=4)
    plan = rounds(settings, seed=11)
    names = [name for name, _ in contestants(settings)]
    assert len(names) == len(IMPLS) + 1 and names[-1] == IMPLS[0].name + TWIN  # the A/A control's second name
    for number in range(1, 5):
        assert sorted(u.name for u in plan if u.round == number) == sorted(names)
    assert [u.round for u in plan] == sorted(u.round for u in plan)  # round after round
    orders = {tuple(u.name for u in plan if u.round == n) for n in range(1, 5)}
    assert len(orders) > 1, "four rounds drawn in one order: not random"
    assert rounds(settings, seed=11) == plan and rounds(settings, seed=12) != plan
    twin = next(u for u in plan if u.name.endswith(TWIN))
    assert twin.impl is IMPLS[0] and twin.label.startswith(IMPLS[0].name + TWIN + ".r")


def test_over_many_rounds_no_contestant_keeps_a_place():
    settings = Settings(impls=IMPLS, repeats=200)
    plan = rounds(settings, seed=3)
    first = Counter(next(u.name for u in plan if u.round == n) for n in range(1, 201))
    assert len(first) == len(IMPLS) + 1 and max(first.values()) < 200 * 0.5


def test_the_control_is_chosen_or_left_out():
    assert Settings(impls=IMPLS, control=IMPLS[-1].name).control_name == IMPLS[-1].name
    assert Settings(impls=IMPLS, control=None).control_name is None
    assert len(contestants(Settings(impls=IMPLS, control=None))) == len(IMPLS)
    assert Settings(impls=IMPLS, sweep_users=[1, 8]).control_name is None  # a sweep compares levels, not twins
    with pytest.raises(ValueError, match="not among"):
        _ = Settings(impls=IMPLS, control="nope").control_name


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


def test_the_command_line_can_leave_the_control_out_or_name_it():
    base = dict.fromkeys(("db", "policy", "profile", "users", "duration", "loads", "warmup", "repeats"))
    base |= {"latency_rounds": None, "workers": None, "concurrency": None, "order_seed": None, "command": "compare"}
    base |= {"no_contract": False, "no_wrk": False, "no_floors": False, "impls": "all"}
    names = [impl.name for impl in IMPLS]
    assert _settings(argparse.Namespace(**base, control=None)).control_name == names[0]
    assert _settings(argparse.Namespace(**base, control="none")).control_name is None
    assert _settings(argparse.Namespace(**base, control=names[-1])).control_name == names[-1]

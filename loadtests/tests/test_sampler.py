"""CPU samples on the monotonic clock, read at instants another process took: between two samples, linearly."""

import os
import time

import pytest

from bench.sampler import CpuSampler, ProcessTree, idle


def test_a_reading_between_samples_is_interpolated():
    sampler = CpuSampler({}, {}, None)
    sampler.samples = [(10.0, {"server": 1.0}), (10.1, {"server": 1.05}), (10.2, {"server": 1.25})]
    assert sampler.at(10.05)["server"] == pytest.approx(1.025)
    assert sampler.between(10.05, 10.15)["server"] == pytest.approx(0.125)  # 1.025 -> 1.15
    assert sampler.at(9.0)["server"] == 1.0 and sampler.at(11.0)["server"] == 1.25  # clamped at the ends


def test_sampling_this_process_sees_its_own_work_inside_the_span_only():
    with CpuSampler({"me": os.getpid()}, {}, None, interval=0.01) as sampler:
        time.sleep(0.2)
        started, cpu = time.monotonic(), time.process_time()
        while time.process_time() - cpu < 0.2:
            pass  # busy for 0.2 s of CPU, however long a busy machine takes to give it
        ended, used = time.monotonic(), time.process_time() - cpu
        time.sleep(0.2)
    quiet = sampler.between(started - 0.19, started - 0.01)["me"]
    assert sampler.between(started, ended)["me"] == pytest.approx(used, abs=0.05) and quiet < 0.05


def test_an_idle_tree_is_seen_idle_and_a_busy_one_is_not():
    assert idle(ProcessTree(os.getpid()), timeout=1.0)

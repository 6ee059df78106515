"""A synthetic summary, shaped as a real run writes it, for the report and aggregation tests."""

import copy

import pytest


def make_run(impl: str, repeat: int, rps: float, *, users: int = 32, saturated: bool = False, failures: int = 0):
    operation = {"requests": int(rps * 10), "failures": failures, "seconds": 10, "rps": rps, "p50": 5.0, "p95": 20.0,
                 "p99": 40.0}
    return {
        "impl": impl, "repeat": repeat, "users": users,
        "stats": {"total": dict(operation), "operations": {"getPost": dict(operation), "listPosts": dict(operation)}},
        "resources": {"server": {"cpu_mean": 95.0, "cpu_max": 100.0, "rss_mean_mb": 80.0, "rss_max_mb": 90.0, "samples": 20},
                      "generator": {"cpu_mean": 40.0, "cpu_max": 60.0, "rss_mean_mb": 50.0, "rss_max_mb": 55.0,
                                    "samples": 20}},
        "cpu_warning": saturated, "saturated": saturated,
        "integrity": {"ok": True, "checked": 10, "missing_count": 0, "server_errors": 0},
    }


@pytest.fixture
def summary():
    floor = {"stats": {"requests": 30000, "failures": 0, "seconds": 10, "rps": 3000.0, "p50": 2.0, "p95": 5.0,
                       "p99": 9.0}, "cpu_warning": False, "resources": {}}
    return copy.deepcopy({
        "settings": {"impls": ["alpha", "beta"], "db": "sqlite", "profile": "mixed", "users": 32, "duration": 10,
                     "warmup": 2, "repeats": 3, "workers": 1, "threads": 4, "floor_duration": 5,
                     "ceiling_duration": 5, "seed_authors": 2, "seed_posts": 2, "contract": True, "sweep_users": [],
                     "idle_wait": 2.0},
        "environment": {"cpu_model": "Test CPU", "cpus_online": 2, "cpus_usable": [0, 1], "os": "Linux",
                        "python": "3.11", "versions": {"locust": "2"}, "git_commit": "abc123"},
        "pinning": "server on CPU 1, load generator on CPU 0 (taskset)",
        "policy": {"workers": "1 worker process(es)", "alpha": "server alpha", "beta": "server beta"},
        "contract": {"alpha": {"passed": True, "summary": "10 passed"}},
        "devx": {name: {"source_files": 3, "source_lines": 100, "test_files": 1, "test_lines": 20,
                        "direct_dependencies": 4, "transitive_dependencies": 9, "cold_start_s": 0.5,
                        "idle_rss_mb": 40.0} for name in ("alpha", "beta")},
        "floors": {"alpha": {"target": "a:app", "json": floor, "item": floor}, "beta": {"target": None}},
        "ceiling": {"stats": {"total": {"rps": 9000.0}}, "cpu_warning": False, "resources": {}},
        "runs": [make_run("alpha", r, rps) for r, rps in ((1, 1000.0), (2, 1100.0), (3, 900.0))]
        + [make_run("beta", r, rps) for r, rps in ((1, 500.0), (2, 520.0), (3, 480.0))],
    })

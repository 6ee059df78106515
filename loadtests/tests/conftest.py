"""A synthetic summary, shaped as a real run writes it, for the report and aggregation tests."""

from __future__ import annotations

import copy
import os
import shutil

import pytest

from bench.plan import SUMMARY_FORMAT


def make_window(
    impl: str,
    repeat: int,
    rps: float,
    *,
    workload: str = "mixed",
    generator: str = "locust",
    users: int = 32,
    cpu_us: float = 1000.0,
    saturated: bool = False,
    failures: int = 0,
    latency_ms: float = 5.0,
    window_s: float = 10.0,
) -> dict:
    """One measured window as bench.stats writes it: `rps` requests/s over `window_s` seconds."""
    requests = int(rps * window_s)
    operations = {
        name: {
            "requests": requests // 2,
            "failures": failures if name == "getPost" else 0,
            "rps": rps / 2,
            "histogram": {str(latency_ms): requests // 2},
            "p50": latency_ms,
            "p95": latency_ms,
            "p99": latency_ms,
        }
        for name in ("getPost", "listPosts")
    }
    return {
        "impl": impl,
        "repeat": repeat,
        "users": users,
        "workload": workload,
        "generator": generator,
        "target": "floor" if workload.startswith("floor-") else "implementation",
        "window_s": window_s,
        "asked_s": window_s,
        "complete": True,
        "opened": 0.0,
        "closed": window_s,
        "requests": requests,
        "failures": failures,
        "rps": rps,
        "p50": latency_ms,
        "p95": latency_ms,
        "p99": latency_ms,
        "server_cpu_s": cpu_us * requests / 1e6,
        "server_cpu_pct": 95.0,
        "cpu_us_per_request": cpu_us,
        "generator_cpu_pct": 95.0 if saturated else 40.0,
        "others_on_server_core_pct": 0.0,
        "others_on_generator_core_pct": 0.0,
        "server_rss_mean_mb": 80.0,
        "server_rss_max_mb": 90.0,
        "cpu_warning": saturated,
        "saturated": saturated,
        "errors": [],
        "operations": operations,
    }


@pytest.fixture
def summary():
    windows = [make_window("alpha", r, rps) for r, rps in ((1, 1000.0), (2, 1100.0), (3, 900.0))]
    windows += [make_window("beta", r, rps, cpu_us=2000.0) for r, rps in ((1, 500.0), (2, 520.0), (3, 480.0))]
    return copy.deepcopy(
        {
            "format": SUMMARY_FORMAT,
            "settings": {
                "impls": ["alpha", "beta"],
                "db": "sqlite",
                "workloads": ["mixed"],
                "users": 32,
                "duration": 10,
                "warmup": 2.0,
                "repeats": 3,
                "policy": "equal",
                "workers": 1,
                "concurrency": 4,
                "floors": True,
                "wrk": True,
                "seed_authors": 2,
                "seed_posts": 2,
                "contract": True,
                "sweep_users": [],
            },
            "environment": {
                "cpu_model": "Test CPU",
                "cpus_online": 2,
                "cpus_usable": [0, 1],
                "os": "Linux",
                "python": "3.11",
                "versions": {"locust": "2"},
                "git_commit": "abc123",
            },
            "pinning": "server on CPU 1, load generator on CPU 0 (taskset)",
            "policy": {
                "name": "equal",
                "rule": "equal processes: 1 worker process(es) each",
                "alpha": "server alpha",
                "beta": "server beta",
            },
            "order": {"seed": 7, "rounds": [["alpha", "beta"]] * 3},
            "control": None,
            "generators": {"locust": "Locust FastHttpUser", "wrk": "wrk -t1"},
            "contract": {
                "alpha": {"passed": True, "summary": "10 passed"},
                "beta": {"passed": True, "summary": "10 passed"},
            },
            "devx": {
                name: {
                    "source_files": 3,
                    "source_lines": 100,
                    "test_files": 1,
                    "test_lines": 20,
                    "direct_dependencies": 4,
                    "transitive_dependencies": 9,
                    "cold_start_s": 0.5,
                    "idle_rss_mb": 40.0,
                }
                for name in ("alpha", "beta")
            },
            "ceiling": [{**make_window("responder", 1, 9000.0), "workload": "mixed"}],
            "windows": windows,
            "units": [
                {
                    "impl": w["impl"],
                    "repeat": w["repeat"],
                    "users": 32,
                    "startup_s": 1.0,
                    "integrity": {"ok": True, "checked": 10, "missing_count": 0, "server_errors": 0},
                }
                for w in windows
            ],
            "problems": [],
        }
    )


def require_tool(name: str, package: str) -> str:
    """The path of a system tool the test needs; skipped without it, except under CI, where it fails."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is needed: apt-get install {package} (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path

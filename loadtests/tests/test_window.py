"""The measured window: the runner's own instants, whatever Locust's start-up costs; and wrk's."""

from __future__ import annotations

import json
import time

import pytest

from bench import stats
from bench.locust_run import LocustFailed, LocustSession, run_locust
from bench.plan import Cores
from bench.responder import serve_in_background
from bench.wrk_run import run_wrk
from conftest import require_tool

SLOW_IMPORT = 3.0
SEED = {"users": [1], "posts": [1, 2, 3]}


@pytest.fixture(scope="module")
def responder():
    with serve_in_background(Cores.split().server) as target:
        yield target


def batch(label: str, url: str, pid: int, *workloads: str, window: float = 2.0, users: int = 4) -> dict:
    return {
        "label": label,
        "users": users,
        "warmup": 0.5,
        "window": window,
        "seed": SEED,
        "phases": [{"workload": name, "host": url, "server_pid": pid} for name in workloads],
    }


def test_the_window_holds_when_the_locustfile_is_slow_to_import(tmp_path, responder):
    url, pid = responder
    slow = tmp_path / "slow_locustfile.py"
    slow.write_text(f'''"""The real scenario behind an import that takes {SLOW_IMPORT} s."""
import time
from pathlib import Path

time.sleep({SLOW_IMPORT})
from locustfile import *  # noqa: E402,F403

Path(__file__).with_suffix(".imported").write_text(repr(time.monotonic()))
''')
    started = time.monotonic()
    [record] = run_locust(
        batch("slow", url, pid, "get"), folder=tmp_path, clients=4, cpus=Cores.split().generator, locustfile=slow
    )
    imported = float(slow.with_suffix(".imported").read_text())
    assert imported - started >= SLOW_IMPORT
    assert record["opened"] >= imported + 0.5, "the window opened before the warm-up after the import was over"
    assert record["window_s"] >= 2.0 and record["complete"]
    figures = stats.from_locust(record)
    assert figures["requests"] > 0 and figures["rps"] == figures["requests"] / record["window_s"]
    assert stats.problems(figures, ["getPost"]) == []
    assert figures["cpu_us_per_request"] > 0 and figures["server_rss_max_mb"] > 0
    assert (tmp_path / "slow.0-get.html").stat().st_size > 1000, "Locust's own report of the window"


def test_phases_switch_the_workload_back_to_back(tmp_path, responder):
    url, pid = responder
    records = run_locust(
        batch("phases", url, pid, "get", "write", window=1.0), folder=tmp_path, clients=4, cpus=Cores.split().generator
    )
    get, write = (stats.from_locust(r) for r in records)
    assert set(get["operations"]) == {"getPost"}
    assert set(write["operations"]) <= {"createPost", "updatePost", "updateSettings", "deletePost"}
    assert records[0]["closed"] < records[1]["opened"], "windows must not overlap"


def test_an_open_loop_phase_puts_more_clients_to_work_at_its_rate(tmp_path, responder):
    url, pid = responder
    phases = {
        "label": "open",
        "users": 4,
        "warmup": 1.0,
        "window": 3.0,
        "seed": SEED,
        "phases": [
            {"workload": "get", "host": url, "server_pid": pid, "window": 0.5},
            {"workload": "mixed@50%", "profile": "mixed", "rate": 200.0, "users": 16, "host": url, "server_pid": pid},
        ],
    }
    closed, opened = run_locust(phases, folder=tmp_path, clients=16, cpus=Cores.split().generator)
    assert closed["clients"] == 4 and opened["clients"] == 16
    figures = stats.from_locust(opened)
    assert figures["offered_rps"] == 200.0
    # 16 clients paced at 12.5 requests a second each: about 600 in 3 s (closed loop, the responder
    # would take thousands); a busy machine delays some of them.
    assert 0.9 * 200.0 <= figures["rps"] <= 1.05 * 200.0, figures["rps"]


def test_one_session_serves_batch_after_batch_on_server_after_server(tmp_path, responder):
    url, pid = responder
    with (
        serve_in_background(Cores.split().server) as (other_url, other_pid),
        LocustSession(folder=tmp_path, clients=4, host=url, cpus=Cores.split().generator) as session,
    ):
        first = session.run({**batch("first", url, pid, "write", window=1.0), "ledger": str(tmp_path / "a.json")})
        second = session.run(batch("second", other_url, other_pid, "get", window=1.0))
    assert [r["host"] for r in first + second] == [url, other_url]
    assert json.loads((tmp_path / "a.json").read_text())["created"] > 0, "the first batch's ledger"
    # Each client registered once on each server, in the warm-ups: no createUser inside a window.
    assert all(e["name"] != "createUser" for r in first + second for e in r["entries"])


def test_a_locust_that_never_measures_is_an_error(tmp_path, responder):
    url, pid = responder
    broken = tmp_path / "broken_locustfile.py"
    broken.write_text('raise RuntimeError("broken at import")\n')
    with pytest.raises(LocustFailed, match="measured 0 of 1 phases of broken .Locust exited"):
        run_locust(batch("broken", url, pid, "get"), folder=tmp_path, clients=1, cpus=None, locustfile=broken)


def test_wrk_times_its_own_window(tmp_path, responder):
    require_tool("wrk", "wrk")
    url, pid = responder
    raw = run_wrk(
        url=url,
        workload="get",
        seed=SEED,
        connections=8,
        seconds=2,
        cpus=Cores.split().generator,
        server_pid=pid,
        workdir=tmp_path,
        label="wrk",
    )
    assert 2.0 <= raw["window_s"] < raw["closed"] - raw["started"] + 0.001
    figures = stats.from_wrk(raw, "getPost")
    assert figures["requests"] > 0 and figures["failures"] == 0
    assert figures["generator_cpu_pct"] > 0 and figures["cpu_us_per_request"] > 0
    assert stats.problems(figures, ["getPost"]) == []

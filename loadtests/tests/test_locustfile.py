"""The locustfile run by hand: the workload picked in Locust's web UI is the one it runs."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import requests

from bench.locust_run import LOADTESTS, LOCUSTFILE
from bench.plan import Cores
from bench.responder import serve_in_background
from harness.net import free_port, wait_http_ok


def test_the_workload_chosen_in_the_web_ui_applies_to_the_run(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"users": [1], "posts": [1, 2, 3]}))
    port = free_port()
    with serve_in_background(Cores.split().server) as (url, _):
        locust = subprocess.Popen([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--web-host", "127.0.0.1",
                                   "--web-port", str(port), "--host", url, "--mix", "mixed", "--seed-file", str(seed)],
                                  cwd=LOADTESTS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ui = f"http://127.0.0.1:{port}"
            wait_http_ok(ui, 60, alive=lambda: locust.poll() is None)
            started = requests.post(f"{ui}/swarm", data={"user_count": 2, "spawn_rate": 2, "host": url, "mix": "get"},
                                    timeout=10)
            assert started.ok, started.text
            names: set[str] = set()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and "getPost" not in names:
                time.sleep(1)
                stats = requests.get(f"{ui}/stats/requests", timeout=10).json()["stats"]
                names = {row["name"] for row in stats if row["num_requests"]} - {"Aggregated"}
            requests.get(f"{ui}/stop", timeout=10)
        finally:
            locust.terminate()
            locust.wait(timeout=30)
    # createUser is each client's registration; everything else must be the chosen workload's.
    assert names - {"createUser"} == {"getPost"}, names

"""The locustfile run by hand: the workload picked in the web UI runs; without a seed file, nothing fails."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time

import requests

from bench.locust_run import LOADTESTS, LOCUSTFILE
from bench.plan import Cores
from bench.responder import serve_in_background
from harness import manifest
from harness.databases import database_factory
from harness.net import free_port, wait_http_ok
from harness.server import Server


def test_the_workload_chosen_in_the_web_ui_applies_to_the_run(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"users": [1], "posts": [1, 2, 3]}))
    port = free_port()
    with serve_in_background(Cores.split().server) as (url, _):
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--web-host",
                "127.0.0.1",
                "--web-port",
                str(port),
                "--host",
                url,
                "--mix",
                "mixed",
                "--seed-file",
                str(seed),
            ],
            cwd=LOADTESTS,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            ui = f"http://127.0.0.1:{port}"
            wait_http_ok(ui, 60, alive=lambda: locust.poll() is None)
            started = requests.post(
                f"{ui}/swarm", data={"user_count": 2, "spawn_rate": 2, "host": url, "mix": "get"}, timeout=10
            )
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


def test_without_a_seed_file_two_processes_read_and_delete_the_same_posts_without_a_failure(tmp_path):
    # Posts a listing showed can be deleted by a client of the other process before they are read:
    # that 404 is the right answer, not a failure; every other answer is judged as usual.
    flask = manifest.discover()["flask"]
    with (
        database_factory("sqlite", tmp_path) as databases,
        Server(flask, database_url=databases.fresh("unseeded"), log_path=tmp_path / "flask.log") as server,
    ):
        ran = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--processes",
                "2",
                "-u",
                "8",
                "-r",
                "8",
                "-t",
                "15s",
                "--host",
                server.url,
                "--mix",
                "mixed",
                "--csv",
                str(tmp_path / "run"),
                "--only-summary",
            ],
            cwd=LOADTESTS,
            capture_output=True,
            text=True,
            timeout=180,
        )
    rows = {row["Name"]: row for row in csv.DictReader((tmp_path / "run_stats.csv").open())}
    assert int(rows["getPost"]["Request Count"]) > 0 and int(rows["deletePost"]["Request Count"]) > 0, rows
    assert int(rows["Aggregated"]["Failure Count"]) == 0, ran.stderr[-3000:]
    assert ran.returncode == 0, ran.stderr[-3000:]

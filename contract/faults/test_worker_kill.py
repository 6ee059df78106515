"""Item 5: a worker process killed with SIGKILL under load. The server replaces it by itself, and no
more requests fail than were in flight at that moment."""

from __future__ import annotations

import os
import signal
import time

import pytest

from harness.client import Api
from traffic import Load, call, mixed, steady_clients, worker_pids

ITEM = "worker_kill"
CLIENTS, RATE = 4, 10.0
WARM, AFTER = 3.0, 3.0  # seconds of load before the kill, and after the server has recovered


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_costs_only_its_requests(launch, record):
    server = launch(workers=2)
    api = Api(server.url)
    users, posts = steady_clients(api, CLIENTS)
    workers = worker_pids(server.pids(), server.process.pid, server.port)
    assert len(workers) == 2, f"expected 2 worker processes, found {workers} among {server.pids()}"
    with Load(server.port, mixed([u.token for u in users], posts, "sigkill"), clients=CLIENTS, rate=RATE,
              limit=90) as load:
        time.sleep(WARM)
        deadline = time.monotonic() + 1.0
        while load.in_flight() == 0 and time.monotonic() < deadline:
            time.sleep(0.001)  # kill while a request is in flight
        in_flight = load.in_flight()
        killed = time.monotonic()
        os.kill(workers[0], signal.SIGKILL)
        in_flight = max(in_flight, load.in_flight())  # one may have started in between
        recovered = None
        while time.monotonic() < killed + 60:
            now = worker_pids(server.pids(), server.process.pid, server.port)
            if len(now) == 2 and workers[0] not in now and call(server.port, "GET", "/healthcheck").status == 200:
                recovered = time.monotonic()
                break
            time.sleep(0.05)
        time.sleep(AFTER)
    outcomes = load.outcomes
    failed = [o for o in outcomes if o.kind != "answered" or o.status >= 500]
    after = [o for o in failed if recovered is not None and o.started > recovered]
    replacement = [pid for pid in worker_pids(server.pids(), server.process.pid, server.port) if pid not in workers]
    how = ", ".join(sorted({o.kind if o.kind != "answered" else str(o.status) for o in failed})) or "none"
    record(f"SIGKILL of 1 of 2 workers under {CLIENTS * RATE:.0f} req/s ({in_flight} in flight): {len(outcomes)} "
           f"requests, {len(failed)} failed ({how}), "
           + (f"replaced and serving {recovered - killed:.1f} s later, {len(after)} failures after that"
              if recovered else "not recovered within 60 s"),
           requests=len(outcomes), failed=len(failed), in_flight=in_flight,
           recovered_s=round(recovered - killed, 2) if recovered else None)
    assert recovered is not None, "no worker replaced the killed one within 60 s"
    assert replacement, "the killed worker was not replaced"
    assert len(failed) <= in_flight, [(o.method, o.path, o.kind, o.status, o.error) for o in failed]
    assert not after, [(o.method, o.path, o.kind, o.status) for o in after]
    assert not [o for o in outcomes if o.kind == "answered" and o.status >= 500]
    assert not launch.errors(server), launch.errors(server)[:20]

"""Item 5: a worker process killed with SIGKILL under load. The server replaces it by itself, and the
only requests that fail are those the killed worker held at that moment.

The worker is stopped (SIGSTOP) while it holds a request of the load, so that what it holds cannot
change; the connections it has accepted are read from /proc; then it is killed. A failed request
must be one of those (matched by the client's port), not one in flight on the other worker."""

from __future__ import annotations

import os
import signal
import time

import pytest

from harness.client import Api
from harness.faults.client import call
from harness.faults.load import Load, mixed, steady_clients
from harness.faults.procfs import accepted, worker_pids

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
    victim = workers[0]
    with Load(
        server.port, mixed([u.token for u in users], posts, "sigkill"), clients=CLIENTS, rate=RATE, limit=90
    ) as load:
        time.sleep(WARM)
        held: set[int] = set()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            os.kill(victim, signal.SIGSTOP)  # frozen, it accepts and finishes nothing
            held = accepted([victim], server.port)
            if held:
                break
            os.kill(victim, signal.SIGCONT)
            time.sleep(0.003)
        in_flight = load.in_flight()  # on both workers, for the record
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
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
    not_its = [o for o in failed if o.port not in held]
    after = [o for o in failed if recovered is not None and o.started > recovered]
    replacement = [pid for pid in worker_pids(server.pids(), server.process.pid, server.port) if pid not in workers]
    how = ", ".join(sorted({o.kind if o.kind != "answered" else str(o.status) for o in failed})) or "none"
    record(
        f"SIGKILL of 1 of 2 workers under {CLIENTS * RATE:.0f} req/s, while it held {len(held)} connection(s) "
        f"({in_flight} requests in flight in all): {len(outcomes)} requests, {len(failed)} failed ({how}), "
        f"{len(not_its)} of them not the killed worker's; "
        + (
            f"replaced and serving {recovered - killed:.1f} s later, {len(after)} failures after that"
            if recovered
            else "not recovered within 60 s"
        ),
        requests=len(outcomes),
        failed=len(failed),
        held=len(held),
        in_flight=in_flight,
        recovered_s=round(recovered - killed, 2) if recovered else None,
    )
    assert held, "the worker never held a request of the load in 20 s"
    assert recovered is not None, "no worker replaced the killed one within 60 s"
    assert replacement, "the killed worker was not replaced"
    assert not not_its, [(o.method, o.path, o.kind, o.status, o.error, o.port) for o in not_its]
    assert len(failed) <= len(held), [(o.method, o.path, o.kind, o.status, o.error) for o in failed]
    assert not after, [(o.method, o.path, o.kind, o.status) for o in after]
    assert not [o for o in outcomes if o.kind == "answered" and o.status >= 500]
    assert not launch.errors(server), launch.errors(server)[:20]

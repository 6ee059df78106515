"""Item 6: the database goes away under load. PostgreSQL is stopped for a few seconds and started
again while the implementation keeps running: every request meanwhile gets a 503 problem (the
healthcheck too), and afterwards everything works again without restarting the implementation.

The fast test calls every operation of the contract once while PostgreSQL is down (from
harness.operations: the matrix's 503 column); the slow one does the same under steady load."""

from __future__ import annotations

import os
import re
import time

import pytest

from harness.client import Api
from harness.faults.client import call
from harness.faults.load import Load, mixed, steady_clients
from harness.faults.procfs import worker_pids
from harness.operations import calls
from harness.postgres import require_binaries, throwaway_postgres

ITEM = "database_outage"
CLIENTS, RATE = 4, 10.0
WARM, DOWN, AFTER = 2.0, 3.0, 3.0  # seconds: load before, PostgreSQL down, load after recovery
INTERNAL_ERROR = re.compile(r"problem status=(?!503)5\d\d")


@pytest.fixture(scope="module")
def stoppable_cluster():
    """A cluster of this module's own: the session's serves other tests' servers and must stay up."""
    require_binaries()
    with throwaway_postgres() as cluster:
        yield cluster


def wait_healthy(port: int, within: float = 60) -> float | None:
    """Seconds until the healthcheck answers 200 again, or None."""
    started = time.monotonic()
    while time.monotonic() < started + within:
        if call(port, "GET", "/healthcheck").status == 200:
            return time.monotonic() - started
        time.sleep(0.05)
    return None


@pytest.mark.databases("postgres")
def test_every_operation_answers_503_while_postgres_is_down(deployment, stoppable_cluster, launch, record):
    url = stoppable_cluster.create_database(f"down_{deployment.impl.name}_{os.getpid()}")
    server = launch(workers=2, database_url=url)
    api = Api(server.url)
    owner = api.register(display_name="Owner")
    post = api.create_post(owner)
    probes = calls(post_id=post["id"], user_id=owner.id)
    stoppable_cluster.stop("fast")
    try:
        # The validating client: each answer must be the contract's 503 problem.
        answers = {probe.operation.operation_id: api.call(probe, account=owner) for probe in probes}
    finally:
        stoppable_cluster.start()
    recovered = wait_healthy(server.port)
    not_503 = {name: (r.status_code, r.text[:120]) for name, r in answers.items() if r.status_code != 503}
    record(
        f"PostgreSQL stopped: {len(answers) - len(not_503)}/{len(answers)} operations answered a 503 problem; "
        + (f"healthy again {recovered:.1f} s after it was back" if recovered is not None else "not healthy again"),
        operations=len(answers),
        answered_503=len(answers) - len(not_503),
    )
    assert not not_503, not_503
    assert recovered is not None, "the healthcheck did not answer 200 within 60 s of PostgreSQL's return"
    assert api.get(f"/api/posts/{post['id']}").json() == post


@pytest.mark.slow
@pytest.mark.databases("postgres")
def test_postgres_stopped_then_started(deployment, stoppable_cluster, launch, record):
    url = stoppable_cluster.create_database(f"outage_{deployment.impl.name}_{os.getpid()}")
    server = launch(workers=2, database_url=url)
    api = Api(server.url)
    users, posts = steady_clients(api, CLIENTS)
    workers = worker_pids(server.pids(), server.process.pid, server.port)
    health_down = []
    with Load(
        server.port, mixed([u.token for u in users], posts, "outage"), clients=CLIENTS, rate=RATE, limit=120
    ) as load:
        time.sleep(WARM)
        stopping = time.monotonic()
        stoppable_cluster.stop("fast")
        down = time.monotonic()
        while time.monotonic() < down + DOWN:
            health_down.append(call(server.port, "GET", "/healthcheck", timeout=10))
            time.sleep(0.2)
        starting = time.monotonic()
        stoppable_cluster.start()  # returns once PostgreSQL accepts connections
        up = time.monotonic()
        recovered = None
        while time.monotonic() < up + 60:
            if call(server.port, "GET", "/healthcheck").status == 200:
                recovered = time.monotonic()
                break
            time.sleep(0.05)
        time.sleep(AFTER)
    outcomes = load.outcomes
    during = [o for o in outcomes if o.started >= down and o.started + o.elapsed <= starting]
    not_503 = [
        o
        for o in during
        if o.kind != "answered" or o.status != 503 or o.headers.get("content-type") != "application/problem+json"
    ]
    around = [
        o for o in outcomes if o not in during and o.started < (recovered or up) and o.started + o.elapsed > stopping
    ]
    bad_around = [o for o in around if o.kind != "answered" or (o.status >= 500 and o.status != 503)]
    after = [o for o in outcomes if recovered is not None and o.started > recovered]
    bad_after = [o for o in after if o.kind != "answered" or o.status >= 500]
    health_statuses = sorted({h.status for h in health_down})
    still = worker_pids(server.pids(), server.process.pid, server.port)
    logged = [line for line in server.log().splitlines() if INTERNAL_ERROR.search(line)]
    record(
        f"PostgreSQL down {starting - down:.1f} s under {CLIENTS * RATE:.0f} req/s: {len(during)} requests "
        f"meanwhile, "
        f"{len(during) - len(not_503)} answered 503 problem+json, healthcheck "
        f"{'/'.join(map(str, health_statuses))} ({len(health_down)} polls), {len(logged)} × 500 logged; "
        + (
            f"healthy {(recovered - up) * 1000:.0f} ms after PostgreSQL was back, {len(bad_after)} failures in the "
            f"{len(after)} requests after"
            if recovered
            else "not healthy again within 60 s"
        )
        + f"; workers {'not restarted' if still == workers else 'restarted'}",
        during=len(during),
        answered_503=len(during) - len(not_503),
        health=health_statuses,
        recovered_s=round(recovered - up, 2) if recovered else None,
        after=len(after),
        failures_after=len(bad_after),
    )
    assert during, "no request ran while PostgreSQL was down"
    assert not not_503, [(o.method, o.path, o.kind, o.status, o.body[:120]) for o in not_503[:10]]
    assert health_statuses == [503], [(h.kind, h.status) for h in health_down]
    assert not bad_around, [(o.method, o.path, o.kind, o.status, o.body[:120]) for o in bad_around[:10]]
    assert recovered is not None, "the healthcheck did not answer 200 within 60 s of PostgreSQL's return"
    assert after and not bad_after, [(o.method, o.path, o.kind, o.status, o.body[:120]) for o in bad_after[:10]]
    assert still == workers, f"workers changed from {workers} to {still}"
    assert not logged, logged[:10]
    # Writes work again too, and read back.
    post = api.create_post(users[0], title="after the outage")
    assert api.get(f"/api/posts/{post['id']}").json()["title"] == "after the outage"

"""Item 3: concurrent writers. Fifty creates and settings changes at once, over three worker processes:
every one succeeds and reads back, with no "database is locked" (SQLite) and no pool exhaustion
(PostgreSQL)."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from functools import partial

import pytest

from harness.client import Api
from harness.faults.client import call, together
from harness.faults.procfs import cpu_seconds, worker_pids

ITEM = "concurrent_writers"
WORKERS = 3
WRITES = 50  # half createPost, half updateSettings, each by its own user
ROUNDS = 3
# What SQLite says when writers collide, and what SQLAlchemy, Django and PostgreSQL say when
# connections run out.
CONTENTION = re.compile(
    r"database is locked|database table is locked|QueuePool limit|TimeoutError|"
    r"too many clients|remaining connection slots|connection pool exhausted|PoolTimeout",
    re.IGNORECASE,
)


@pytest.mark.slow
def test_fifty_concurrent_writers_all_succeed(launch, record):
    server = launch(workers=WORKERS)
    api = Api(server.url)
    users = [api.register(display_name=f"Writer {i}") for i in range(WRITES // 2)]
    workers = worker_pids(server.pids(), server.process.pid, server.port)
    busy_before = {pid: cpu_seconds(pid) for pid in workers}
    statuses: Counter = Counter()
    problems: list[str] = []
    slowest = 0.0
    read_back = 0
    for round_ in range(ROUNDS):
        tag = uuid.uuid4().hex[:8]
        creates = [
            partial(
                call,
                server.port,
                "POST",
                "/api/posts",
                token=user.token,
                body={"title": f"{tag} post {i}", "content": "written at once"},
            )
            for i, user in enumerate(users)
        ]
        changes = [
            partial(
                call,
                server.port,
                "PATCH",
                "/api/settings",
                token=user.token,
                body={"items_per_page": 1 + (i + round_) % 100, "language": f"en-{tag}"},
            )
            for i, user in enumerate(users)
        ]
        outcomes = together([*creates, *changes])
        slowest = max(slowest, *(o.elapsed for o in outcomes))
        statuses.update(o.status if o.kind == "answered" else o.kind for o in outcomes)
        for i, (user, created) in enumerate(zip(users, outcomes[: len(users)])):
            if created.status != 201:
                problems.append(
                    f"createPost by {user.username}: {created.kind} {created.status} {created.body[:200]!r}"
                )
                continue
            post = api.get(f"/api/posts/{created.json()['id']}")
            if post.status_code == 200 and post.json()["title"] == f"{tag} post {i}":
                read_back += 1
            else:
                problems.append(f"post {created.json()['id']} reads back as {post.status_code} {post.text[:200]}")
        for i, (user, changed) in enumerate(zip(users, outcomes[len(users) :])):
            if changed.status != 200:
                problems.append(
                    f"updateSettings by {user.username}: {changed.kind} {changed.status} {changed.body[:200]!r}"
                )
                continue
            settings = api.get("/api/settings", account=user).json()
            if (settings["items_per_page"], settings["language"]) == (1 + (i + round_) % 100, f"en-{tag}"):
                read_back += 1
            else:
                problems.append(f"settings of {user.username} read back as {settings}")
    took_part = sum(cpu_seconds(pid) > busy_before[pid] for pid in workers)
    contention = [line for line in server.log().splitlines() if CONTENTION.search(line)]
    total = ROUNDS * WRITES
    record(
        f"{ROUNDS} rounds of {WRITES} concurrent writes over {len(workers)} workers ({took_part} took part): "
        f"{statuses[200] + statuses[201]}/{total} succeeded, {read_back}/{total} read back, "
        f"{len(contention)} lock or pool errors logged, slowest {slowest:.2f} s",
        succeeded=statuses[200] + statuses[201],
        read_back=read_back,
        total=total,
        slowest_s=round(slowest, 3),
        workers=len(workers),
        workers_took_part=took_part,
    )
    assert len(workers) == WORKERS, f"expected {WORKERS} worker processes, found {workers}"
    assert not problems, "\n".join(problems[:20])
    assert not contention, "\n".join(contention[:20])
    assert not launch.errors(server), launch.errors(server)[:20]

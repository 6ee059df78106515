"""Item 4: graceful shutdown. SIGTERM while a steady load runs: the requests the server had taken
complete, none gets a 5xx or a cut-off answer, and after a restart every acknowledged write is there.

"Taken" is read from the server's side: a watcher samples, every few milliseconds, which client
connections the worker processes hold (/proc). A request that goes unanswered after the signal is
tolerated only if no worker ever held its connection: refused (nothing listened any more) or reset
from the listen queue that no worker accepted from again. One a worker held must be answered."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import defaultdict

import pytest

from harness.client import Api
from harness.faults.load import Load, mixed, steady_clients, titles_by
from harness.faults.procfs import accepted, worker_pids

ITEM = "graceful_shutdown"
CLIENTS, RATE = 4, 10.0  # 40 requests/s in all, each on its own connection
WARM = 3.0  # seconds of load before the signal


class HalfSent:
    """A createPost whose body is half sent: the server has taken the request and waits for the rest."""

    def __init__(self, port: int, token: str, title: str) -> None:
        self.title = title
        body = json.dumps({"title": title, "content": "x" * 9_000}).encode()
        self.rest = body[len(body) // 2 :]
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall(
            (
                f"POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            + body[: len(body) // 2]
        )

    def finish(self) -> int | str:
        try:
            self.sock.sendall(self.rest)
            response = http.client.HTTPResponse(self.sock)
            response.begin()
            response.read()
            return response.status
        except OSError as exc:
            return type(exc).__name__
        finally:
            self.sock.close()


class Taken:
    """Client port -> when a worker process was seen holding that connection, sampled until stopped."""

    def __init__(self, workers: list[int], port: int) -> None:
        self.workers, self.port = workers, port
        self.seen: dict[int, list[float]] = defaultdict(list)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for port in accepted(self.workers, self.port):
                self.seen[port].append(now)
            self._stop.wait(0.002)

    def __enter__(self) -> Taken:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def held(self, outcome) -> bool:
        """Whether a worker held this request's connection while it was on its way."""
        end = outcome.started + outcome.elapsed
        return any(outcome.started <= moment <= end for moment in self.seen.get(outcome.port, ()))


@pytest.mark.slow
def test_sigterm_under_load_loses_nothing(launch, record):
    server = launch(workers=2)
    api = Api(server.url)
    users, posts = steady_clients(api, CLIENTS)
    label = f"sigterm {uuid.uuid4().hex[:8]}"
    workers = worker_pids(server.pids(), server.process.pid, server.port)
    with (
        Load(server.port, mixed([u.token for u in users], posts, label), clients=CLIENTS, rate=RATE, limit=90) as load,
        Taken(workers, server.port) as taken,
    ):
        time.sleep(WARM)
        uploads = [HalfSent(server.port, users[i].token, f"{label} upload {i}") for i in range(2)]
        time.sleep(0.3)  # the server reads the halves and waits for the rest
        deadline = time.monotonic() + 1.0
        while load.in_flight() == 0 and time.monotonic() < deadline:
            time.sleep(0.001)  # signal while the load also has a request in flight
        in_flight = load.in_flight() + len(uploads)
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        uploaded = [upload.finish() for upload in uploads]  # the rest of the bodies, a second late
        try:
            code = server.process.wait(45)
        except subprocess.TimeoutExpired:
            code = None
        stopped = time.monotonic()
        time.sleep(0.5)  # the clients go on meeting a stopped server for a moment
    outcomes = load.outcomes
    answered = [o for o in outcomes if o.kind == "answered"]
    cut = [o for o in outcomes if o.kind in ("truncated", "timeout")]
    errors = [o for o in answered if o.status >= 500]
    unanswered = [o for o in outcomes if o.kind in ("refused", "dropped")]
    early = [o for o in unanswered if o.started + o.elapsed < signalled]  # failed before the signal
    lost = [o for o in unanswered if taken.held(o)]  # a worker had the request, and dropped it
    queued = [o for o in unanswered if o.kind == "dropped" and not taken.held(o)]
    acknowledged = {o.tag[1]: o.json()["id"] for o in answered if o.tag[0] == "create" and o.status == 201}
    in_doubt = {o.tag[1] for o in unanswered if o.tag[0] == "create"}

    restarted = launch(workers=2, database_url=server.env["DATABASE_URL"], log_name="restarted.log")
    present = titles_by(restarted.port, [u.id for u in users])
    kept = sum(title in present for title in acknowledged)
    uploads_kept = sum(f"{label} upload {i}" in present for i in range(len(uploads)))
    landed = sorted(in_doubt & present)  # taken by the server, yet never answered
    record(
        f"SIGTERM under {CLIENTS * RATE:.0f} req/s load ({in_flight} in flight, {len(uploads)} of them uploads "
        f"half sent, finished 1 s later: {'/'.join(map(str, uploaded))}): {len(outcomes)} more requests, "
        f"{len(answered)} answered, {len(errors)} × 5xx, {len(cut)} truncated, {len(unanswered)} unanswered once "
        f"stopping ({len(unanswered) - len(queued)} refused, {len(queued)} reset in the listen queue, "
        f"{len(lost)} dropped after a worker took them); stopped in {stopped - signalled:.1f} s (exit {code}); "
        f"{kept}/{len(acknowledged)} acknowledged writes present after restart, {len(landed)} unanswered writes "
        f"landed",
        requests=len(outcomes),
        answered=len(answered),
        server_errors=len(errors),
        truncated=len(cut),
        refused=len(unanswered) - len(queued),
        queued=len(queued),
        lost=len(lost),
        shutdown_s=round(stopped - signalled, 2),
        exit_code=code,
        acknowledged=len(acknowledged),
        kept=kept,
        unanswered_landed=len(landed),
    )
    assert code == 0, f"the server exited with {code}"
    assert uploaded == [201] * len(uploads), f"requests taken before the signal did not complete: {uploaded}"
    assert uploads_kept == len(uploads)
    assert not errors, [(o.method, o.path, o.status, o.body[:200]) for o in errors]
    assert not cut, [(o.method, o.path, o.kind, o.error) for o in cut]
    assert not early, [(o.method, o.path, o.kind, o.error) for o in early]
    assert not lost, [(o.method, o.path, o.kind, o.error, o.port) for o in lost]
    assert kept == len(acknowledged), sorted(set(acknowledged) - present)
    assert not landed, f"writes the server took but never answered: {landed}"
    assert not launch.errors(server), launch.errors(server)[:20]

"""Item 7: hostile HTTP. Oversized, smuggling-shaped and deeply nested requests get a 4xx, and none of
them slows a second client's healthcheck beyond a second. The database plays no part: SQLite only."""

from __future__ import annotations

import json
import threading
import time

import pytest

from harness.client import Api
from harness.faults.client import call, raw

ITEM = "hostile_http"
ROUNDS = 3
MIN_SECONDS = 5.0  # the series repeats for at least this long, so the second client polls throughout
HEALTH_BOUND = 1.0  # seconds: the second client's healthcheck never takes a second (docs/faults.md, item 7)


def _head(method: str, target: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _chunked(body: bytes, size: int = 64 * 1024) -> bytes:
    out = [
        f"{len(body[i : i + size]):x}\r\n".encode() + body[i : i + size] + b"\r\n" for i in range(0, len(body), size)
    ]
    return b"".join(out) + b"0\r\n\r\n"


def _post_of(size: int) -> bytes:
    """A valid createPost body of exactly `size` bytes."""
    base = b'{"title": "T", "content": ""}'
    return base.replace(b'""}', b'"' + b"x" * (size - len(base)) + b'"}')


def requests_for(token: str, limit: int) -> dict[str, tuple[bytes, set[int]]]:
    """Each hostile request, as bytes on the wire, with the statuses it may get."""
    auth = ("Authorization", f"Bearer {token}")
    json_type = ("Content-Type", "application/json")
    over = _post_of(limit + 1)
    deep_array = b"[" * 100_000 + b"]" * 100_000
    deep_field = b'{"title": "T", "content": "C", "tags": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    deep_object = b'{"a": ' * 50_000 + b"1" + b"}" * 50_000
    smuggled = _chunked(json.dumps({"title": "T", "content": "C"}).encode())
    four_xx = set(range(400, 500))
    return {
        "body 1 byte over the limit, Content-Length": (
            _head("POST", "/api/posts", [auth, json_type, ("Content-Length", str(len(over)))]) + over,
            {413},
        ),
        "body 1 byte over the limit, chunked": (
            _head("POST", "/api/posts", [auth, json_type, ("Transfer-Encoding", "chunked")]) + _chunked(over),
            {413},
        ),
        "Content-Length and Transfer-Encoding both": (
            _head("POST", "/api/posts", [auth, json_type, ("Content-Length", "4"), ("Transfer-Encoding", "chunked")])
            + smuggled,
            {400},
        ),
        "request line of 64 KiB": (_head("GET", "/healthcheck?" + "a" * 65536, []), four_xx),
        "one header of 64 KiB": (_head("GET", "/healthcheck", [("X-Big", "a" * 65536)]), four_xx),
        "1 MiB of headers": (_head("GET", "/healthcheck", [(f"X-H{i}", "a" * 4000) for i in range(262)]), four_xx),
        "1,000 header fields": (_head("GET", "/healthcheck", [(f"X-H{i}", "v") for i in range(1000)]), four_xx),
        "JSON array nested 100,000 deep": (
            _head("POST", "/api/posts", [auth, json_type, ("Content-Length", str(len(deep_array)))]) + deep_array,
            four_xx,
        ),
        "JSON nested 50,000 deep in a field": (
            _head("POST", "/api/posts", [auth, json_type, ("Content-Length", str(len(deep_field)))]) + deep_field,
            four_xx,
        ),
        "JSON object nested 50,000 deep": (
            _head("POST", "/api/posts", [auth, json_type, ("Content-Length", str(len(deep_object)))]) + deep_object,
            four_xx,
        ),
    }


@pytest.mark.databases("sqlite")
def test_hostile_requests_get_4xx_and_spare_the_healthcheck(server, record):
    token = Api(server.url).register(display_name="Hostile").token
    hostile = requests_for(token, int(server.env["MAX_BODY_BYTES"]))
    answers: dict[str, list[str]] = {name: [] for name in hostile}
    problems: list[str] = []
    health: list[float] = []
    health_failures: list[str] = []
    stop = threading.Event()

    def second_client() -> None:
        while not stop.is_set():
            outcome = call(server.port, "GET", "/healthcheck", timeout=10)
            health.append(outcome.elapsed)
            if outcome.kind != "answered" or outcome.status != 200:
                health_failures.append(f"{outcome.kind} {outcome.status} {outcome.error}")
            stop.wait(0.02)

    poller = threading.Thread(target=second_client)
    poller.start()
    rounds = 0
    until = time.monotonic() + MIN_SECONDS
    try:
        while rounds < ROUNDS or time.monotonic() < until:
            rounds += 1
            for name, (data, expected) in hostile.items():
                outcome = raw(server.port, data, timeout=30)
                answers[name].append(str(outcome.status) if outcome.kind == "answered" else outcome.kind)
                if outcome.kind != "answered" or outcome.status not in expected:
                    problems.append(f"{name}: {outcome.kind} {outcome.status} {outcome.body[:120]!r} {outcome.error}")
    finally:
        stop.set()
        poller.join(15)

    slowest = max(health, default=float("nan"))
    statuses = "; ".join(f"{name} → {'/'.join(sorted(set(got)))}" for name, got in answers.items())
    record(
        f"{statuses} ({rounds} rounds); a second client's healthcheck during them: {len(health)} polls, slowest "
        f"{slowest * 1000:.0f} ms",
        health_polls=len(health),
        health_slowest_s=round(slowest, 3),
        answers={name: sorted(set(got)) for name, got in answers.items()},
    )
    assert not problems, "\n".join(problems)
    assert not health_failures, health_failures[:5]
    assert health and slowest < HEALTH_BOUND, f"the healthcheck took {slowest:.2f} s"
    # And the server is still whole: an ordinary request right after.
    assert call(server.port, "GET", "/api/posts?limit=1").status == 200

"""The served processes: limits on a request's head, the API and its floor on one SQLite file, the policy logs."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from config.bench.policy import POLICY_LINE

PROJECT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120  # seconds: a slow machine under load migrates and boots gunicorn in well under this


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode() if body is not None else None, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@contextmanager
def served(database: Path, log: Path, *extra: str) -> Iterator[str]:
    """`python manage.py serve [extra]` on a free port; yields its base URL, and stops it with SIGTERM."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "PORT": str(port),
        "WORKERS": "1",
        "THREADS": "4",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", *extra], cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if call(f"{url}/healthcheck")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def exchange(url: str, head: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send a raw request head; the status, headers and body of the answer (the server may then close)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head)
        received = b""
        while b"\r\n\r\n" not in received and (chunk := sock.recv(65536)):
            received += chunk
        raw_head, _, body = received.partition(b"\r\n\r\n")
        status_line, *lines = raw_head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        while len(body) < int(headers.get("content-length", 0)) and (chunk := sock.recv(65536)):
            body += chunk
    return int(status_line.split()[1]), headers, body


def policies(log: Path) -> list[dict]:
    return [json.loads(line.split(POLICY_LINE, 1)[1]) for line in log.read_text().splitlines() if POLICY_LINE in line]


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict, Path]:
    """An SQLite file migrated and given a post by the API; the post as getPost answered it."""
    database, log = tmp_path / "served.sqlite3", tmp_path / "api.log"
    with served(database, log) as api:
        status, user = call(f"{api}/api/users", {"username": "alice", "display_name": "Alice"})
        assert status == 201
        status, _ = call(f"{api}/api/posts", {"title": "T", "content": "C", "tags": ["a-b"]}, user["token"])
        assert status == 201
        for _ in range(8):  # more requests than threads: still one line per process
            status, post = call(f"{api}/api/posts/1")
            assert status == 200
    return database, post, log


def test_the_api_logs_its_database_policy_read_back_once_per_process(seeded):
    _, _, log = seeded
    found = policies(log)
    # One from the one worker (config.wsgi connects it; `migrate` before it logs none).
    assert len(found) == 1, log.read_text()
    assert found[0]["pragmas"] == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000}
    assert found[0]["pool_size"] == 4 and found[0]["write_transaction"].startswith("BEGIN IMMEDIATE")


def test_the_floor_answers_the_post_as_getpost_does(seeded, tmp_path):
    database, post, _ = seeded
    log = tmp_path / "floor.log"
    with served(database, log, "--no-migrate", "--app", "config.bench.floor:application") as floor:
        assert call(f"{floor}/json") == (200, {"message": "Hello, World!"})
        assert call(f"{floor}/posts/{post['id']}") == (200, post)
        assert call(f"{floor}/posts/999")[0] == 404
    assert policies(log)[0]["pragmas"]["journal_mode"] == "wal"


def test_an_oversized_request_line_or_header_section_is_a_problem_and_just_below_is_served(tmp_path):
    # The contract's limits: a request line of 4,094 bytes, 100 header fields, a field line of 8,190 bytes.
    def request_line(length: int) -> bytes:
        line = b"GET /healthcheck?q= HTTP/1.1"
        return line.replace(b"?q=", b"?q=" + b"a" * (length - len(line)))

    def head(line: bytes = b"GET /healthcheck HTTP/1.1", fields: int = 2, field_line: int = 0) -> bytes:
        lines = [line, b"Host: 127.0.0.1", b"Connection: close"]
        lines += [b"X-Field-%d: a" % n for n in range(fields - 2)]
        lines += [b"X-Long: " + b"a" * (field_line - len(b"X-Long: "))] if field_line else []
        return b"\r\n".join(lines) + b"\r\n\r\n"

    with served(tmp_path / "limits.sqlite3", tmp_path / "limits.log") as api:
        for request, status in (
            (head(request_line(4094)), 200),
            (head(request_line(4095)), 414),
            (head(fields=100), 200),
            (head(fields=101), 431),
            (head(field_line=8190), 200),
            (head(field_line=8191), 431),
        ):
            answered, headers, body = exchange(api, request)
            assert answered == status, (len(request), body)
            if status != 200:
                assert headers["content-type"] == "application/problem+json"
                problem = json.loads(body)
                assert problem["status"] == status and problem["title"] and problem["type"] == "about:blank"

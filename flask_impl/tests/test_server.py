"""The limits on the request head, answered by gunicorn (gunicorn.conf.py) as problems: 414, 431; the real server."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def exchange(port: int, head: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one request head, read the answer until the server closes: (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head_part, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head_part.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Callable[[bytes], tuple[int, dict[str, str], bytes]]]:
    """`python -m app` (migrations, then gunicorn) on a free port and a fresh SQLite file."""
    port = free_port()
    database = tmp_path_factory.mktemp("server") / "db.sqlite3"
    environ = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "1", "THREADS": "2"}
    environ["DATABASE_URL"] = f"sqlite:///{database}"
    process = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env=environ, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a loaded machine: migrations and a worker boot
        while True:
            assert process.poll() is None, "the server exited"
            try:
                if exchange(port, b"GET /healthcheck HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.5)
        yield lambda head: exchange(port, head)
    finally:
        process.terminate()  # gunicorn's arbiter (python -m app execs it): a graceful stop
        process.wait(timeout=60)


def request(target: str = "/healthcheck", *, fields: int = 0, field_line: int = 0) -> bytes:
    """GET `target` with Host, Connection, `fields` more header fields, and one of `field_line` bytes (without CRLF)."""
    lines = ["Host: t", "Connection: close"] + [f"X-Field-{index}: v" for index in range(fields)]
    if field_line:
        lines.append("X-Long: " + "v" * (field_line - len("X-Long: ")))
    return ("\r\n".join([f"GET {target} HTTP/1.1", *lines]) + "\r\n\r\n").encode()


def target_for(request_line: int) -> str:
    """A healthcheck target (its query ignored) making a request line of that many bytes."""
    return "/healthcheck?q=" + "a" * (request_line - len("GET /healthcheck?q= HTTP/1.1"))


def assert_problem(answer: tuple[int, dict[str, str], bytes], status: int, title: str) -> None:
    code, headers, body = answer
    assert code == status and headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem == {"type": "about:blank", "title": title, "status": status, "detail": problem["detail"]}
    assert problem["detail"]


def test_a_request_line_over_4094_bytes_is_414(server):
    assert server(request(target_for(4094)))[0] == 200
    for length in (4095, 8190, 20_000):
        assert_problem(server(request(target_for(length))), 414, "URI Too Long")


def test_over_100_header_fields_is_431(server):
    assert server(request(fields=98))[0] == 200  # with Host and Connection: 100
    assert_problem(server(request(fields=99)), 431, "Request Header Fields Too Large")


def test_a_field_line_over_8190_bytes_is_431(server):
    assert server(request(field_line=8190))[0] == 200
    for length in (8191, 20_000):
        assert_problem(server(request(field_line=length)), 431, "Request Header Fields Too Large")

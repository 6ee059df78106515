"""The server as `python -m app` runs it: request heads past gunicorn's limits, and what httptools cannot parse."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

IMPL = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The manifest's command (migrate, then serve) on a fresh SQLite database; its address."""
    port = free_port()
    database = tmp_path_factory.mktemp("server") / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PORT": str(port), "WORKERS": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=IMPL,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # up to a minute on a busy machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck"):
                    break
            except OSError:
                assert process.poll() is None, "the server exited"
                time.sleep(0.1)
        yield ("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(timeout=60)


def exchange(address, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one raw request on its own connection; the status, headers and body of the answer."""
    with socket.create_connection(address, timeout=30) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split(" ")[1]), headers, body


def request(line_length: int = 0, fields: int = 2) -> bytes:
    """GET listPosts, its request line `line_length` bytes long (if given), with `fields` header fields."""
    target = "/api/posts?pad="
    target += "x" * max(0, line_length - len(f"GET {target} HTTP/1.1"))
    extra = "".join(f"X-Field-{n}: v\r\n" for n in range(fields - 2))
    return f"GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{extra}\r\n".encode()


def assert_problem(answer, status: int) -> None:
    code, headers, body = answer
    assert code == status and headers["content-type"] == "application/problem+json"
    assert json.loads(body)["status"] == status


def test_heads_within_the_limits_are_served(server):
    assert exchange(server, request(4094, fields=100))[0] == 200


@pytest.mark.parametrize("length", [4095, 65_000, 100_000])
def test_a_request_line_over_4094_bytes_is_414_however_long(server, length):
    # Over 64 KiB, httptools cannot parse the URL: the request never reaches the app.
    assert_problem(exchange(server, request(length)), 414)


def test_over_100_header_fields_is_431(server):
    assert_problem(exchange(server, request(fields=101)), 431)


def test_a_request_httptools_cannot_parse_is_a_400_problem(server):
    assert_problem(exchange(server, b"GET /api/posts HTTP/1.1\r\nHost: test\r\nBad Header\r\n\r\n"), 400)

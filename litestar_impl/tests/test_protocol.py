"""The server's protocol: gunicorn's request-head limits (414, 431) and problems for what it cannot parse."""

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from app.protocol import MAX_HEADER_FIELD, MAX_HEADER_FIELDS, MAX_REQUEST_LINE, ProblemHttpToolsProtocol


async def ok(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    config = uvicorn.Config(
        ok, host="127.0.0.1", port=0, http=ProblemHttpToolsProtocol, lifespan="off", log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(10)


def ask(port: int, head: bytes) -> tuple[int, dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    body = rest.partition(b"\r\n\r\n")[2]
    return int(status_line.split()[1]), json.loads(body) if body.startswith(b"{") else {}


def request(target: str, headers: list[tuple[str, str]] = ()) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: x", *(f"{name}: {value}" for name, value in headers), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_the_limits_themselves_are_served(port):
    target = "/" + "a" * (MAX_REQUEST_LINE - len("GET / HTTP/1.1"))
    assert ask(port, request(target))[0] == 200
    assert ask(port, request("/", [(f"X-{n}", "v") for n in range(MAX_HEADER_FIELDS - 2)]))[0] == 200
    assert ask(port, request("/", [("X-Big", "v" * (MAX_HEADER_FIELD - len("X-Big: ")))]))[0] == 200


@pytest.mark.parametrize(
    "head, status",
    [
        (request("/" + "a" * (MAX_REQUEST_LINE - len("GET / HTTP/1.1") + 1)), 414),
        (request("/", [(f"X-{n}", "v") for n in range(MAX_HEADER_FIELDS - 1)]), 431),
        (request("/", [("X-Big", "v" * (MAX_HEADER_FIELD - len("X-Big: ") + 1))]), 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        (b"\x16\x03\x01\x02\x00\r\n\r\n", 400),
    ],
)
def test_what_it_refuses_is_a_problem(port, head, status):
    answered, problem = ask(port, head)
    assert answered == status
    assert (problem["status"], problem["type"]) == (status, "about:blank")

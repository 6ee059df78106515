"""HTTP for the fault tests: single requests whose every outcome is classified, and requests sent at once.

Each request opens its own connection to 127.0.0.1 and closes it (`Connection: close`), so a request
is never lost to a keep-alive race and "in flight" means exactly one request per client thread.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# What became of a request:
#   "answered"  a complete response (any status)
#   "refused"   the connection was refused: nothing listened
#   "dropped"   the connection closed or reset before a single byte of a response
#   "truncated" a response began but did not complete (or its JSON body does not parse)
#   "timeout"   no complete answer within the client's timeout
KINDS = ("answered", "refused", "dropped", "truncated", "timeout")


@dataclass
class Outcome:
    method: str
    path: str
    kind: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    started: float = 0.0
    elapsed: float = 0.0
    error: str | None = None
    tag: Any = None
    port: int | None = None  # the client's end of the connection, to find it among a server's sockets

    @property
    def server_error(self) -> bool:
        return self.status is not None and self.status >= 500

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    port: int,
    method: str,
    path: str,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    token: str | None = None,
    timeout: float = 15.0,
    tag: Any = None,
) -> Outcome:
    """One request on a fresh connection; never raises for network trouble, it classifies it."""
    sent = {"Connection": "close", **(headers or {})}
    data: bytes | None = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    if token:
        sent["Authorization"] = f"Bearer {token}"
    outcome = Outcome(method, path, "answered", started=time.monotonic(), tag=tag)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        try:
            connection.connect()
        except ConnectionRefusedError as exc:
            return _finish(outcome, "refused", exc)
        outcome.port = connection.sock.getsockname()[1]
        try:
            connection.request(method, path, body=data, headers=sent)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may have answered before reading everything: read what it said
        try:
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
            return _finish(outcome, "dropped", exc)
        except http.client.BadStatusLine as exc:
            return _finish(outcome, "truncated", exc)
        return _read(outcome, response, check_json=True)
    except TimeoutError as exc:
        return _finish(outcome, "timeout", exc)
    except OSError as exc:
        return _finish(outcome, "dropped", exc)
    finally:
        connection.close()


def _read(outcome: Outcome, response: http.client.HTTPResponse, *, check_json: bool) -> Outcome:
    """The status, headers and whole body of an answer; a body cut short is "truncated"."""
    outcome.status = response.status
    outcome.headers = {name.lower(): value for name, value in response.getheaders()}
    try:
        outcome.body = response.read()
    except (http.client.IncompleteRead, ConnectionResetError) as exc:
        return _finish(outcome, "truncated", exc)
    if check_json and outcome.body and "json" in outcome.headers.get("content-type", ""):
        try:
            json.loads(outcome.body)
        except ValueError as exc:
            return _finish(outcome, "truncated", exc)
    return _finish(outcome, "answered", None)


def _finish(outcome: Outcome, kind: str, exc: BaseException | None) -> Outcome:
    outcome.kind = kind
    outcome.elapsed = time.monotonic() - outcome.started
    if exc is not None:
        outcome.error = f"{type(exc).__name__}: {exc}"
    return outcome


def together(requests: Iterable[Callable[[], Outcome]]) -> list[Outcome]:
    """Run the requests at once: one thread each, released together by a barrier."""
    work = list(requests)
    barrier = threading.Barrier(len(work))
    results: list[Outcome | None] = [None] * len(work)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = work[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(result is not None for result in results), "a request did not finish within 60 s"
    return results  # type: ignore[return-value]


def raw(port: int, data: bytes | Iterable[bytes], *, timeout: float = 10.0) -> Outcome:
    """Send bytes as they are (a hand-made request) and read one response."""
    outcome = Outcome("RAW", "", "answered", started=time.monotonic())
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            try:
                for chunk in [data] if isinstance(data, bytes) else data:
                    sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            response = http.client.HTTPResponse(sock)
            try:
                response.begin()
            except (http.client.RemoteDisconnected, ConnectionResetError) as exc:
                return _finish(outcome, "dropped", exc)
            return _read(outcome, response, check_json=False)
    except ConnectionRefusedError as exc:
        return _finish(outcome, "refused", exc)
    except TimeoutError as exc:
        return _finish(outcome, "timeout", exc)
    except OSError as exc:
        return _finish(outcome, "dropped", exc)

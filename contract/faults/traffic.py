"""HTTP for the fault tests: single requests whose every outcome is classified, and bounded steady load.

Each request opens its own connection to 127.0.0.1 and closes it (`Connection: close`), so a request
is never lost to a keep-alive race and "in flight" means exactly one request per client thread.
"""

from __future__ import annotations

import http.client
import os
import json
import socket
import threading
import time
from collections import Counter
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


def call(port: int, method: str, path: str, *, body: Any = None, headers: Mapping[str, str] | None = None,
         token: str | None = None, timeout: float = 15.0, tag: Any = None) -> Outcome:
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
    except (TimeoutError, socket.timeout) as exc:
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


# A request a load thread makes: (method, path, body, token, tag); the tag travels to its Outcome.
Request = tuple[str, str, Any, "str | None", Any]


class Load:
    """`clients` threads, each sending `rate` requests per second from `make(client, n)`, until stopped.

    Bounded: it stops by itself after `limit` seconds whatever happens.
    """

    def __init__(self, port: int, make: Callable[[int, int], Request], *, clients: int = 4, rate: float = 10.0,
                 limit: float = 60.0, timeout: float = 15.0) -> None:
        self.port, self.make, self.clients = port, make, clients
        self.rate, self.limit, self.timeout = rate, limit, timeout
        self.outcomes: list[Outcome] = []
        self._in_flight = [False] * clients
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Load:
        self.started = time.monotonic()
        self._threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.clients)]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(self.timeout + 5)

    def in_flight(self) -> int:
        with self._lock:
            return sum(self._in_flight)

    def _client(self, index: int) -> None:
        interval = 1.0 / self.rate
        n = 0
        deadline = self.started + self.limit
        while not self._stop.is_set() and time.monotonic() < deadline:
            began = time.monotonic()
            method, path, body, token, tag = self.make(index, n)
            with self._lock:
                self._in_flight[index] = True
            outcome = call(self.port, method, path, body=body, token=token, timeout=self.timeout, tag=tag)
            with self._lock:
                self._in_flight[index] = False
                self.outcomes.append(outcome)
            n += 1
            self._stop.wait(max(0.0, interval - (time.monotonic() - began)))

    def since(self, moment: float) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if o.started >= moment]

    def summary(self, outcomes: list[Outcome] | None = None) -> Counter[str]:
        counts: Counter[str] = Counter()
        for outcome in self.outcomes if outcomes is None else outcomes:
            counts[outcome.kind if outcome.kind != "answered" else f"{outcome.status // 100}xx"] += 1
        return counts


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
    except (TimeoutError, socket.timeout) as exc:
        return _finish(outcome, "timeout", exc)
    except OSError as exc:
        return _finish(outcome, "dropped", exc)


# The server's processes, seen from outside.

def _sockets(port: int) -> list[tuple[str, int, str]]:
    """(state, remote port, inode) of every socket on 127.0.0.1:`port` (its listener, its connections)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.append((fields[3], int(fields[2].rsplit(":", 1)[1], 16), fields[9]))
    return found


def _listening_inodes(port: int) -> set[str]:
    return {inode for state, _, inode in _sockets(port) if state == "0A"}  # 0A: LISTEN


def _socket_links(pid: int) -> set[str]:
    try:
        return {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return set()


def accepted(pids: Iterable[int], port: int) -> set[int]:
    """The client ports of the connections these processes have accepted on `port` and still hold."""
    connections = {f"socket:[{inode}]": remote for state, remote, inode in _sockets(port) if state != "0A"}
    held = set().union(*(_socket_links(pid) for pid in pids))
    return {remote for link, remote in connections.items() if link in held}


def worker_pids(pids: Iterable[int], master: int, port: int) -> list[int]:
    """The worker processes: those other than the master that hold the listening socket."""
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    return sorted(pid for pid in pids if pid != master and _socket_links(pid) & wanted)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (0 if it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def steady_clients(api: Any, count: int) -> tuple[list[Any], list[int]]:
    """`count` users with one post each: who the steady load below acts as, and what it reads."""
    users = [api.register(display_name=f"Steady {i}") for i in range(count)]
    return users, [api.create_post(user)["id"] for user in users]


def mixed(tokens: list[str], post_ids: list[int], label: str) -> Callable[[int, int], Request]:
    """A steady mix for client `c`'s `n`-th request: a create (tagged with its title), a page of posts,
    one post, a settings change, in turn. Each client writes as its own user."""

    def make(client: int, n: int) -> Request:
        token = tokens[client % len(tokens)]
        kind = n % 4
        if kind == 0:
            title = f"{label} {client}-{n}"
            return "POST", "/api/posts", {"title": title, "content": "under load"}, token, ("create", title)
        if kind == 1:
            return "GET", "/api/posts?limit=5", None, None, ("read", None)
        if kind == 2:
            return "GET", f"/api/posts/{post_ids[(client + n) % len(post_ids)]}", None, None, ("read", None)
        return "PATCH", "/api/settings", {"items_per_page": 1 + n % 100}, token, ("settings", None)

    return make


def titles_by(port: int, author_ids: Iterable[int]) -> set[str]:
    """Every post title of these authors, read page by page."""
    titles: set[str] = set()
    for author in author_ids:
        cursor = None
        while True:
            path = f"/api/posts?limit=100&author_id={author}" + (f"&cursor={cursor}" if cursor else "")
            page = call(port, "GET", path)
            assert page.status == 200, (page.kind, page.status, page.body[:200])
            body = page.json()
            titles.update(item["title"] for item in body["items"])
            cursor = body["next_cursor"]
            if cursor is None:
                break
    return titles


def wait_for_workers(pids: Callable[[], list[int]], master: int, port: int, count: int,
                     timeout: float = 30.0) -> list[int]:
    """Wait until `count` workers hold the listening socket: a server answers before all have started."""
    deadline = time.monotonic() + timeout
    while True:
        workers = worker_pids(pids(), master, port)
        if len(workers) >= count or time.monotonic() > deadline:
            return workers
        time.sleep(0.05)

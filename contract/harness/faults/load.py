"""Bounded steady load for the fault tests: client threads at a fixed rate, and the mixes they send."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from harness.faults.client import Outcome, call

# A request a load thread makes: (method, path, body, token, tag); the tag travels to its Outcome.
Request = tuple[str, str, Any, "str | None", Any]


class Load:
    """`clients` threads, each sending `rate` requests per second from `make(client, n)`, until stopped.

    Bounded: it stops by itself after `limit` seconds whatever happens.
    """

    def __init__(
        self,
        port: int,
        make: Callable[[int, int], Request],
        *,
        clients: int = 4,
        rate: float = 10.0,
        limit: float = 60.0,
        timeout: float = 15.0,
    ) -> None:
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
            counts[f"{outcome.status // 100}xx" if outcome.status is not None else outcome.kind] += 1
        return counts


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

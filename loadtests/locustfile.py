"""Locust scenarios for the contract: every request is named after its operationId.

Users register through the API, then act as clients would: browse pages of posts, read posts with
conditional GETs, write, edit (with If-Match) and delete their own posts, read and change their
settings. The workload (bench/profiles.py: mixed, read, write; get and list for one operation each)
sets how often each operation runs; it is picked with --mix, in the web UI's form too, or switched
phase by phase by the make compare runner's plan (bench/window.py).

    locust -f loadtests/locustfile.py --host http://127.0.0.1:8001 --mix mixed --seed-file seed.json
"""

from __future__ import annotations

import itertools
import json
import random
import time
import uuid
from pathlib import Path

from locust import FastHttpUser, constant, events

from bench import floors, window
from bench.profiles import CONDITIONAL_READS, PROFILES
from bench.seed import post_body
from harness.validation import ContractValidator, ContractViolation

THEMES = ("light", "dark", "system")
POST_KEYS = {"id", "author_id", "title", "content", "tags", "created_at", "updated_at"}


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--mix", choices=sorted(PROFILES), default="mixed", help="the workload: operation mix")
    parser.add_argument("--seed-file", default="", help="JSON with the seeded post and user ids")
    parser.add_argument("--ledger-file", default="", help="where to write the ids of acknowledged posts")
    parser.add_argument("--validate-every", type=int, default=500,
                        help="validate every Nth response against contract/openapi.yaml (0: never)")


class Ledger:
    """Posts the server acknowledged creating and has not acknowledged deleting (for integrity).

    A post whose DELETE was sent but not answered (the run ended mid-request) may or may not exist:
    it is "in doubt" and not expected to read back.
    """

    def __init__(self) -> None:
        self.alive: set[int] = set()
        self.in_doubt: set[int] = set()
        self.created = 0
        self.deleted = 0

    def write(self, path: str) -> None:
        Path(path).write_text(json.dumps({"alive": sorted(self.alive), "in_doubt": sorted(self.in_doubt),
                                          "created": self.created, "deleted": self.deleted}))


LEDGER = Ledger()
SEED: dict[str, list[int]] = {"posts": [], "users": []}
_responses = itertools.count(1)
_validators: dict[str, ContractValidator] = {}


class Workload:
    """The workload the users run now, and the base URL of the framework floors' requests."""

    name = "mixed"
    conditional = True
    floor_host = ""


def select(phase: dict, user_count: int) -> None:
    """Switch every running user to the phase's workload: their next task is drawn from its weights.

    With a `rate`, the users together offer that many requests a second (each paced at rate / users,
    whatever the server's answers take): an open loop, as long as there are enough users.
    """
    workload = phase.get("profile", phase["workload"])
    Workload.name, Workload.conditional = workload, workload in CONDITIONAL_READS
    if workload.startswith("floor-"):
        Workload.floor_host = phase["host"]
    ApiUser.tasks = [getattr(ApiUser, _method(name)) for name, weight in PROFILES[workload].items()
                     for _ in range(weight)]
    ApiUser.wait_time = paced(user_count / phase["rate"]) if phase.get("rate") else constant(0)


def paced(interval: float):
    """A wait_time sending each client's requests on a fixed schedule, one every `interval` seconds.

    Each client starts at a random point of its first interval: with Locust's constant_throughput the
    clients switched to it together fire together, in bursts, which is not a steady offered rate. A
    client that falls behind sends its late requests at once (the schedule is kept, not stretched).
    """

    def wait_time(user) -> float:
        now = time.perf_counter()
        if getattr(user, "_interval", None) != interval:
            user._interval, user._due = interval, now + random.uniform(0, interval)
        else:
            user._due += interval
        return max(0.0, user._due - now)

    return wait_time


@events.init.add_listener
def _configure(environment, **_) -> None:
    options = environment.parsed_options
    if options is not None and options.seed_file:
        SEED.update(json.loads(Path(options.seed_file).read_text()))


@events.test_start.add_listener
def _use_chosen_workload(environment, **_) -> None:
    # At each start, not at init: the web UI's form (and a master, for its workers) sets --mix per run.
    if environment.parsed_options is not None:
        select({"workload": environment.parsed_options.mix, "host": environment.host or ""}, 1)


window.measure(select)


@events.test_stop.add_listener
def _write_ledger(environment, **_) -> None:
    if environment.parsed_options.ledger_file:
        LEDGER.write(environment.parsed_options.ledger_file)


def _method(operation_id: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_id)


class ApiUser(FastHttpUser):
    """One API client with its own account, posts and settings; no think time (closed loop)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.own: dict[int, str] = {}  # post id -> ETag
        self.etags: dict[int, str] = {}  # ETags of posts read, for conditional GETs
        self.settings_etag: str | None = None
        self.cursor: str | None = None
        body = {"username": f"lt_{uuid.uuid4().hex[:24]}", "display_name": "Load test"}
        with self._call("POST", "/api/users", "createUser", {201}, json=body) as response:
            if response.status_code == 201:
                self.user_id = response.json()["id"]
                self.auth = {"Authorization": f"Bearer {response.json()['token']}"}
        if not hasattr(self, "auth"):
            self.stop()

    def _call(self, method: str, path: str, name: str, expected: set[int], *, headers=None, json=None,
              keys: set[str] = frozenset()):
        """Send a request and judge it: unexpected status, missing keys or a contract violation fail it."""
        return _Checked(self, method, path, name, expected, headers or {}, json, keys)

    def list_posts(self) -> None:
        params = "limit=20" + (f"&cursor={self.cursor}" if self.cursor else "")
        with self._call("GET", f"/api/posts?{params}", "listPosts", {200}, keys={"items", "next_cursor"}) as response:
            if response.status_code == 200:
                # Follow the next page half of the time, as a reader scrolling on would.
                self.cursor = response.json()["next_cursor"] if random.random() < 0.5 else None

    def get_post(self) -> None:
        if not SEED["posts"]:
            return self.list_posts()
        post_id = random.choice(SEED["posts"])
        conditional = Workload.conditional and post_id in self.etags and random.random() < 0.5
        headers = {"If-None-Match": self.etags[post_id]} if conditional else {}
        with self._call("GET", f"/api/posts/{post_id}", "getPost", {200, 304}, headers=headers) as response:
            if response.status_code == 200:
                self.etags[post_id] = response.headers["ETag"]

    def floor_row(self) -> None:
        self.client.get(f"{Workload.floor_host}/item/{random.randint(1, floors.ITEMS)}", name="floorRow")

    def floor_json(self) -> None:
        self.client.get(f"{Workload.floor_host}/json", name="floorJson")

    def get_user_profile(self) -> None:
        user_id = random.choice(SEED["users"] or [self.user_id])
        self._call("GET", f"/api/users/profile/{user_id}", "getUserProfile", {200}, keys={"post_count"}).run()

    def get_current_user(self) -> None:
        self._call("GET", "/api/users/me", "getCurrentUser", {200}, headers=self.auth, keys={"id"}).run()

    def get_settings(self) -> None:
        headers = dict(self.auth)
        if self.settings_etag and random.random() < 0.5:
            headers["If-None-Match"] = self.settings_etag
        with self._call("GET", "/api/settings", "getSettings", {200, 304}, headers=headers) as response:
            if response.status_code == 200:
                self.settings_etag = response.headers["ETag"]

    def update_settings(self) -> None:
        headers = {**self.auth, **({"If-Match": self.settings_etag} if self.settings_etag else {})}
        body = {"theme": random.choice(THEMES), "items_per_page": random.randint(1, 100)}
        with self._call("PATCH", "/api/settings", "updateSettings", {200}, headers=headers, json=body,
                        keys={"theme"}) as response:
            if response.status_code == 200:
                self.settings_etag = response.headers["ETag"]

    def create_post(self) -> None:
        body = post_body(self.user_id, random.randrange(1000))
        with self._call("POST", "/api/posts", "createPost", {201}, headers=self.auth, json=body,
                        keys=POST_KEYS) as response:
            if response.status_code == 201:
                post_id = response.json()["id"]
                self.own[post_id] = response.headers["ETag"]
                LEDGER.alive.add(post_id)
                LEDGER.created += 1

    def update_post(self) -> None:
        if not self.own:
            return self.create_post()
        post_id = random.choice(list(self.own))
        headers = {**self.auth, "If-Match": self.own[post_id]}
        with self._call("PATCH", f"/api/posts/{post_id}", "updatePost", {200}, headers=headers,
                        json={"title": f"Edited {uuid.uuid4().hex[:8]}"}, keys=POST_KEYS) as response:
            if response.status_code == 200:
                self.own[post_id] = response.headers["ETag"]

    def delete_post(self) -> None:
        if not self.own:
            return self.create_post()
        post_id = random.choice(list(self.own))
        headers = {**self.auth, "If-Match": self.own.pop(post_id)}
        LEDGER.alive.discard(post_id)
        LEDGER.in_doubt.add(post_id)
        with self._call("DELETE", f"/api/posts/{post_id}", "deletePost", {204}, headers=headers) as response:
            LEDGER.in_doubt.discard(post_id)
            if response.status_code == 204:
                LEDGER.deleted += 1
            else:
                LEDGER.alive.add(post_id)


class _Checked:
    """A context manager around one request, failing it in Locust's stats when it is wrong."""

    def __init__(self, user: ApiUser, method, path, name, expected, headers, body, keys) -> None:
        self.user, self.method, self.path, self.name = user, method, path, name
        self.expected, self.headers, self.body, self.keys = expected, headers, body, keys

    def __enter__(self):
        self.context = self.user.client.request(self.method, self.path, name=self.name, headers=self.headers,
                                                json=self.body, catch_response=True)
        self.response = self.context.__enter__()
        return self.response

    def __exit__(self, *exc) -> bool:
        response = self.response
        problem = self._judge(response)
        if problem:
            response.failure(problem)
        else:
            response.success()
        return self.context.__exit__(*exc)

    def run(self) -> None:
        with self:
            pass

    def _judge(self, response) -> str | None:
        if response.status_code not in self.expected:
            return f"status {response.status_code}, expected {sorted(self.expected)}: {(response.text or '')[:200]}"
        if self.keys and response.status_code < 300:
            try:
                missing = self.keys - set(response.json())
            except (ValueError, TypeError):
                return "the body is not a JSON object"
            if missing:
                return f"missing {sorted(missing)}"
        every = self.user.environment.parsed_options.validate_every
        if every and next(_responses) % every == 0:
            host = self.user.host
            if host not in _validators:
                _validators[host] = ContractValidator(host)
            validator = _validators[host]
            try:
                validator.validate(self.method, host + self.path, response.status_code, dict((response.headers or {}).items()),
                                   response.content)
            except ContractViolation as violation:
                return f"contract: {str(violation)[:300]}"
        return None


ApiUser.tasks = [ApiUser.list_posts]  # replaced by the chosen workload's mix at each start

"""Locust scenarios for the contract: every request is named after its operationId.

Clients register through the API, then act as clients would: browse pages of posts, read posts
with conditional GETs, write, edit (with If-Match) and delete their own posts, read and change their
settings. The workload (bench/profiles.py: mixed, read, write; get and list for one operation each)
sets how often each operation runs. Run by hand or in the web UI, --mix picks it (and the form's
choice applies at each start); under make compare the runner's session switches it phase by phase,
server by server (bench/window.py).

    locust -f loadtests/locustfile.py --host http://127.0.0.1:8001 --mix mixed --seed-file seed.json
"""

from __future__ import annotations

import itertools
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from locust import FastHttpUser, events

from bench import window
from bench.judge import Judge
from bench.profiles import PROFILES
from bench.seed import post_body
from bench.workload import Workload, select

THEMES = ("light", "dark", "system")
POST_KEYS = {"id", "author_id", "title", "content", "tags", "created_at", "updated_at"}
_index = itertools.count()


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--mix", choices=sorted(PROFILES), default="mixed", help="the workload: operation mix")
    parser.add_argument("--seed-file", default="", help="JSON with the seeded post and user ids")
    parser.add_argument("--ledger-file", default="", help="where to write the ids of acknowledged posts")
    parser.add_argument(
        "--validate-every",
        type=int,
        default=500,
        help="validate every Nth response against contract/openapi.yaml (0: never)",
    )


@events.init.add_listener
def _configure(environment, **_) -> None:
    options = environment.parsed_options
    ApiUser.judge = Judge(options.validate_every if options else 0)
    if options is not None and options.seed_file:
        Workload.seed = json.loads(Path(options.seed_file).read_text())


@events.test_start.add_listener
def _use_chosen_workload(environment, **_) -> None:
    # At each start, not at init: the web UI's form (and a master, for its workers) sets --mix per run.
    options = environment.parsed_options
    if options is not None and not options.session:
        select({"workload": options.mix, "host": environment.host or ""})


@events.test_stop.add_listener
def _write_ledger(environment, **_) -> None:
    options = environment.parsed_options
    if options is not None and options.ledger_file:
        Workload.ledger.write(Path(options.ledger_file))


window.measure()


@dataclass
class Account:
    """A client's identity and memory on one server: its token, its posts' ETags, its place in the list."""

    user_id: int
    auth: dict[str, str]
    own: dict[int, str] = field(default_factory=dict)  # post id -> ETag
    etags: dict[int, str] = field(default_factory=dict)  # ETags of posts read, for conditional GETs
    settings_etag: str | None = None
    cursor: str | None = None


class ApiUser(FastHttpUser):
    """One API client: an account on each server it meets; its pace and its work set by the phase."""

    judge: Judge
    scheduled: float | None = None  # an open-loop request's due time (workload.paced), perf_counter seconds

    def on_start(self) -> None:
        self.index = next(_index)  # the first `Workload.active` clients work, the others wait
        self.accounts: dict[str, Account] = {}

    def wait_time(self) -> float:
        return Workload.wait(self) if self.index < Workload.active else 0.0

    def work(self) -> None:
        if self.index >= Workload.active:
            if Workload.register and Workload.host not in self.accounts:
                self.account()  # in a warm-up: a later phase may put this client to work at once
            # An idle client holds no connection: the measured server sees the phase's clients alone,
            # as many as wrk opens.
            self.client.client.close()
            Workload.wake.wait()  # no request, no timer: until the next phase
            return
        operation = random.choice(Workload.operations)
        if operation.startswith("floor") or self.account() is not None:
            getattr(self, "".join(f"_{c.lower()}" if c.isupper() else c for c in operation))()

    tasks = [work]

    def account(self) -> Account | None:
        """This client's account on the current server, registered on first use (createUser; a failure counts
        in the statistics, and the next task tries again)."""
        if Workload.host not in self.accounts:
            body = {"username": f"lt_{uuid.uuid4().hex[:24]}", "display_name": "Load test"}
            with self._call("POST", "/api/users", "createUser", {201}, json=body) as response:
                if response.status_code != 201:
                    return None
                created = response.json()
                self.accounts[Workload.host] = Account(created["id"], {"Authorization": f"Bearer {created['token']}"})
                Workload.registered.add(self.index)
        return self.accounts[Workload.host]

    @property
    def me(self) -> Account:
        """This client's account on the current server: every operation but createUser runs once it exists."""
        return self.accounts[Workload.host]

    def _call(
        self,
        method: str,
        path: str,
        name: str,
        expected: set[int],
        *,
        headers=None,
        json=None,
        keys: set[str] | frozenset[str] = frozenset(),
    ):
        """Send a request and judge it: an unexpected status, missing keys or a contract violation fail it."""
        return _Checked(self, method, path, name, expected, headers or {}, json, keys)

    def list_posts(self) -> None:
        me = self.me
        params = "limit=20" + (f"&cursor={me.cursor}" if me.cursor else "")
        with self._call("GET", f"/api/posts?{params}", "listPosts", {200}, keys={"items", "next_cursor"}) as response:
            if response.status_code == 200:
                page = response.json()
                # Follow the next page half of the time, as a reader scrolling on would.
                me.cursor = page["next_cursor"] if random.random() < 0.5 else None
                if not Workload.seed["posts"]:  # run by hand, with no seed file: read what the pages show
                    Workload.seen.update(item["id"] for item in page["items"])

    def get_post(self) -> None:
        me, posts = self.me, Workload.seed["posts"] or list(Workload.seen)
        if not posts:
            return self.list_posts()
        post_id = random.choice(posts)
        conditional = Workload.conditional and post_id in me.etags and random.random() < 0.5
        headers = {"If-None-Match": me.etags[post_id]} if conditional else {}
        # Seeded posts are never deleted; a post a listing showed may have been, by another client since.
        expected = {200, 304} if Workload.seed["posts"] else {200, 304, 404}
        with self._call("GET", f"/api/posts/{post_id}", "getPost", expected, headers=headers) as response:
            if response.status_code == 200:
                me.etags[post_id] = response.headers["ETag"]
            elif response.status_code == 404:
                Workload.seen.discard(post_id)

    def floor_row(self) -> None:
        self.client.get(f"{Workload.host}/posts/{random.choice(Workload.seed['posts'])}", name="floorRow")

    def floor_json(self) -> None:
        self.client.get(f"{Workload.host}/json", name="floorJson")

    def get_user_profile(self) -> None:
        user_id = random.choice(Workload.seed["users"] or [self.me.user_id])
        self._call("GET", f"/api/users/profile/{user_id}", "getUserProfile", {200}, keys={"post_count"}).run()

    def get_current_user(self) -> None:
        self._call("GET", "/api/users/me", "getCurrentUser", {200}, headers=self.me.auth, keys={"id"}).run()

    def get_settings(self) -> None:
        me = self.me
        headers = dict(me.auth)
        if me.settings_etag and random.random() < 0.5:
            headers["If-None-Match"] = me.settings_etag
        with self._call("GET", "/api/settings", "getSettings", {200, 304}, headers=headers) as response:
            if response.status_code == 200:
                me.settings_etag = response.headers["ETag"]

    def update_settings(self) -> None:
        me = self.me
        headers = {**me.auth, **({"If-Match": me.settings_etag} if me.settings_etag else {})}
        body = {"theme": random.choice(THEMES), "items_per_page": random.randint(1, 100)}
        with self._call(
            "PATCH", "/api/settings", "updateSettings", {200}, headers=headers, json=body, keys={"theme"}
        ) as response:
            if response.status_code == 200:
                me.settings_etag = response.headers["ETag"]

    def create_post(self) -> None:
        me = self.me
        body = post_body(me.user_id, random.randrange(1000))
        with self._call(
            "POST", "/api/posts", "createPost", {201}, headers=me.auth, json=body, keys=POST_KEYS
        ) as response:
            if response.status_code == 201:
                post_id = response.json()["id"]
                me.own[post_id] = response.headers["ETag"]
                Workload.ledger.alive.add(post_id)
                Workload.ledger.created += 1

    def update_post(self) -> None:
        me = self.me
        if not me.own:
            return self.create_post()
        post_id = random.choice(list(me.own))
        headers = {**me.auth, "If-Match": me.own[post_id]}
        with self._call(
            "PATCH",
            f"/api/posts/{post_id}",
            "updatePost",
            {200},
            headers=headers,
            json={"title": f"Edited {uuid.uuid4().hex[:8]}"},
            keys=POST_KEYS,
        ) as response:
            if response.status_code == 200:
                me.own[post_id] = response.headers["ETag"]

    def delete_post(self) -> None:
        me, ledger = self.me, Workload.ledger
        if not me.own:
            return self.create_post()
        post_id = random.choice(list(me.own))
        headers = {**me.auth, "If-Match": me.own.pop(post_id)}
        ledger.alive.discard(post_id)
        ledger.in_doubt.add(post_id)
        Workload.seen.discard(post_id)
        with self._call("DELETE", f"/api/posts/{post_id}", "deletePost", {204}, headers=headers) as response:
            ledger.in_doubt.discard(post_id)
            if response.status_code == 204:
                ledger.deleted += 1
            else:
                ledger.alive.add(post_id)


class _Checked:
    """A request to the current server, failed in Locust's statistics when the answer is wrong."""

    def __init__(self, user: ApiUser, method, path, name, expected, headers, body, keys) -> None:
        self.user, self.method, self.path, self.name = user, method, path, name
        self.expected, self.headers, self.body, self.keys = expected, headers, body, keys

    def __enter__(self):
        # At a fixed offered rate, latency counts from when the request was due (workload.paced).
        self.scheduled = getattr(self.user, "scheduled", None) if Workload.interval else None
        self.sent = time.perf_counter()
        self.context = self.user.client.request(
            self.method,
            Workload.host + self.path,
            name=self.name,
            headers=self.headers,
            json=self.body,
            catch_response=True,
        )
        self.response = self.context.__enter__()
        return self.response

    def __exit__(self, *exc) -> bool:
        if self.scheduled is not None and self.sent >= self.scheduled:
            self.context.request_meta["response_time"] += (self.sent - self.scheduled) * 1000
            self.user.scheduled = None  # one request per scheduled time
        problem = ApiUser.judge(self.method, self.path, self.response, self.expected, self.keys)
        if problem:
            self.response.failure(problem)
        else:
            self.response.success()
        return self.context.__exit__(*exc)

    def run(self) -> None:
        with self:
            pass

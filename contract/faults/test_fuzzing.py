"""Item 1: property-based fuzzing of every operation in the contract, with schemathesis.

Per operation: schemathesis generates valid and invalid requests from contract/openapi.yaml (its
examples, coverage and fuzzing phases) and runs every default check on each response. Stateful:
sequences of calls that follow the contract's links (a created post is read, replaced, patched and
deleted with the ETag it came with; a created user is looked up and deleted). Two registered users
take turns, so one user's calls land on the other's posts and must get 403. Settings (seed,
examples, steps) are in schemathesis.toml beside this file: bounded and deterministic.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis

from harness.client import Account, Api
from harness.manifest import ROOT

ITEM = "fuzzing"
CONTRACT = ROOT / "contract" / "openapi.yaml"
CONFIG = Path(__file__).with_name("schemathesis.toml")

# Loaded from the contract itself, not from a server's /openapi.json: the contract is what is checked.
schema = schemathesis.openapi.from_path(CONTRACT, config=schemathesis.Config.from_path(CONFIG))


class Users:
    """The two accounts of the server being fuzzed, registered through the API."""

    url: str | None = None
    accounts: tuple[Account, Account] | None = None

    @classmethod
    def on(cls, url: str) -> None:
        if cls.url != url:
            api = Api(url)
            cls.url, cls.accounts = url, (api.register(display_name="Fuzzer A"), api.register(display_name="Fuzzer B"))


@schema.auth(refresh_interval=None)
class TwoUsers:
    """Bearer tokens of two users, picked per request from what the request carries.

    The pick depends on the generated query and body only, never on ids the server assigned, so a
    replayed sequence of calls runs as the same users. Calls that follow a link from another user's
    createPost therefore act on a post that is not theirs about half of the time.
    """

    def get(self, case: Any, context: Any) -> Account | None:
        if Users.accounts is None:
            return None  # collection time: no server yet
        if case.operation.label == "DELETE /api/users/{user_id}":
            # Both users must outlive the run: a user deleting itself is the contract suite's
            # business; here the other one tries (403).
            target = (case.path_parameters or {}).get("user_id")
            for account, other in (Users.accounts, Users.accounts[::-1]):
                if target == account.id:
                    return other
        key = repr((case.operation.label, case.query, case.body)).encode()
        return Users.accounts[zlib.crc32(key) % 2]

    def set(self, case: Any, account: Account, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {account.token}"}


def _integers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {key: _integers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integers(item) for item in value]
    return value


# JSON Schema counts 28.0 as an integer; the contract does not ("An integer is a JSON number without
# a fraction or exponent (`5`, not `5.0`)"). Generated integral floats are spelt as integers, which
# changes no value's validity under JSON Schema and makes it the contract's integer.
@schema.hook
def map_body(context: Any, body: Any) -> Any:
    return _integers(body)


@schema.hook
def map_query(context: Any, query: Any) -> Any:
    return _integers(query)


# Contract: "'Blank' means only whitespace as Python's `str.isspace()` sees it (the `\S` in the text
# fields' pattern, read with Python's `re`)". The generator reads `\S` as ECMA-262 does, where U+0085
# and U+001C-U+001F are not whitespace: a text of only those is valid to it and blank to the contract
# (422). Such requests are not generated as valid ones; as invalid ones they still are.
TEXT_FIELDS = ("title", "content", "display_name")


@schema.hook
def filter_case(context: Any, case: Any) -> bool:
    if case.meta is None or not case.meta.generation.mode.is_positive or not isinstance(case.body, dict):
        return True
    return not any(isinstance(case.body.get(name), str) and not case.body[name].strip() for name in TEXT_FIELDS)


STATUSES: dict[str, Counter[tuple[str, int]]] = {}


@pytest.fixture(scope="session")
def statuses(server) -> Counter[tuple[str, int]]:
    """(operation, status) -> responses, for one server's per-operation tests."""
    return STATUSES.setdefault(server.url, Counter())


@pytest.fixture(autouse=True)
def two_users(request, server, statuses, record):
    Users.on(server.url)
    yield
    if request.node.originalname.startswith("test_every_operation"):
        operations = {label for label, _ in statuses}
        total = sum(statuses.values())
        record(f"{len(operations)} operations, {total} requests ({_summary(statuses)})",
               operations=len(operations), requests=total)


def _summary(counts: Counter[tuple[str, int]]) -> str:
    by_class: Counter[str] = Counter()
    for (_, status), n in counts.items():
        by_class[f"{status // 100}xx"] += n
    return ", ".join(f"{n} × {name}" for name, n in sorted(by_class.items()))


# Hypothesis' generated inputs share fixtures, so the test takes only session-scoped ones.
@schema.parametrize()
def test_every_operation(case, server, statuses):
    response = case.call_and_validate(base_url=server.url)
    statuses[(case.operation.label, response.status_code)] += 1


_suffixes = itertools.count(1)


def test_stateful(server, record):
    counts: Counter[tuple[str, int]] = Counter()
    sequences = itertools.count()

    class Links(schema.as_state_machine()):
        def setup(self) -> None:
            next(sequences)

        def before_call(self, case: Any) -> None:
            # A replayed sequence must meet the same answers: a username generated twice would be
            # 409 the second time, so each createUser gets a fresh one (still a valid username).
            body = case.body
            if case.operation.label == "POST /api/users" and isinstance(body, dict) \
                    and isinstance(body.get("username"), str) and re.fullmatch(r"[a-z0-9_]{3,32}", body["username"]):
                suffix = f"_{next(_suffixes)}"
                body["username"] = body["username"][: 32 - len(suffix)] + suffix

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": server.url}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            counts[(case.operation.label, response.status_code)] += 1

    Links.run(settings=schema.config.get_hypothesis_settings(phase="stateful"))
    others = sum(n for (label, status), n in counts.items() if status == 403 and "/api/posts/" in label)
    ran = next(sequences)
    record(f"stateful: {ran} sequences, {sum(counts.values())} calls along the links, "
           f"{others} × 403 on another user's post",
           sequences=ran, calls=sum(counts.values()), others_posts_403=others)
    # The point of two users: some calls must have been refused as another user's.
    assert others > 0, f"no call acted on another user's post: {sorted(counts.items())}"

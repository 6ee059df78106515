"""The two users a fuzzing run acts as, for schemathesis's pytest plugin and its command line alike."""

from __future__ import annotations

import os
import zlib
from typing import Any

from jsonschema import Draft202012Validator

from harness.client import Account, Api
from harness.validation import load_spec


class Users:
    """The two accounts of the server being fuzzed, registered through the API."""

    url: str | None = None
    api: Api | None = None  # one validating client per server: building one reads the whole contract
    accounts: tuple[Account, Account] | None = None
    cursor: str | None = None  # one that this server issued: the second page of its posts

    @classmethod
    def on(cls, url: str) -> None:
        if cls.url != url:
            cls.api = api = Api(url)
            cls.url, cls.accounts = url, (api.register(display_name="Fuzzer A"), api.register(display_name="Fuzzer B"))
            for n in range(2):  # two posts, so that a page of one has a next one
                api.create_post(cls.accounts[0], title=f"Fuzzing {n}", content="Posts to page through.")
            cls.cursor = api.get("/api/posts?limit=1").json()["next_cursor"]

    @classmethod
    def acting(cls, case: Any) -> Account:
        """The account whose token the case carries (the first one if none of ours)."""
        assert cls.accounts is not None
        sent = {name.lower(): value for name, value in (case.headers or {}).items()}.get("authorization", "")
        return next((account for account in cls.accounts if sent.endswith(account.token)), cls.accounts[0])


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
            # The server reads the path, so any spelling of the id counts ("0007" is 7).
            target = str((case.path_parameters or {}).get("user_id", ""))
            for account, other in (Users.accounts, Users.accounts[::-1]):
                if target.isascii() and target.isdigit() and int(target) == account.id:
                    return other
        key = repr((case.operation.label, case.query, case.body)).encode()
        return Users.accounts[zlib.crc32(key) % 2]

    def set(self, case: Any, account: Account, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {account.token}"}


class CommandLineUsers(TwoUsers):
    """TwoUsers for `schemathesis run` (harness.fuzz): the server is named by FUZZ_BASE_URL."""

    def get(self, case: Any, context: Any) -> Account | None:
        Users.on(os.environ["FUZZ_BASE_URL"])
        return super().get(case, context)


def _integers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {key: _integers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integers(item) for item in value]
    return value


def spell_integers(case: Any) -> None:
    """In a request generated as valid, integral floats spelt as integers (28.0 as 28).

    JSON Schema counts 28.0 as an integer; the contract does not ("An integer is a JSON number
    without a fraction or exponent (`5`, not `5.0`)"), and no schema keyword can say so. The
    change makes no value invalid under JSON Schema and makes it the contract's integer.
    """
    if case.meta is not None and case.meta.generation.mode.is_positive:
        if isinstance(case.body, (dict, list)):
            case.body = _integers(case.body)
        if case.query:
            case.query = _integers(case.query)


PRECONDITIONS = ("if-match", "if-none-match")


def drop_misgenerated_preconditions(case: Any) -> None:
    """In a request generated as valid, an If-Match or If-None-Match its schema refuses is left out.

    schemathesis 4.32.5's coverage phase generates nothing for a header whose pattern requires a
    character other than a letter or a digit (every entity tag needs a double quote, `*` is one),
    and sends `0` in its place as a valid value: the contract calls it malformed (400), and the
    check would count the server's answer a failure. Both headers are optional, so the request
    stays valid without it.
    """
    if case.meta is not None and case.meta.generation.mode.is_positive and case.headers:
        valid = Draft202012Validator(load_spec()["components"]["schemas"]["EntityTags"]).is_valid
        case.headers = {
            name: value for name, value in case.headers.items() if name.lower() not in PRECONDITIONS or valid(value)
        }


def follow_issued_cursors(case: Any) -> None:
    """In half of the listPosts requests generated as valid with a cursor, one this server issued.

    A cursor of the contract's shape that the server did not issue gets 400, as the contract says;
    nearly every generated cursor is such a one, so the pages after the first would go untested
    (and the operation would accept few of its valid requests). Clients send the cursors they got.
    """
    query = case.query or {}
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    half = zlib.crc32(repr(sorted(query.items())).encode()) % 2  # the same half whenever the case is replayed
    if positive and "cursor" in query and Users.cursor and half:
        case.query = {**query, "cursor": Users.cursor}


def as_the_contract_reads(case: Any) -> None:
    """A case generated as valid, made valid as the contract reads it (each hook's reason above), and
    following the cursors a client would."""
    spell_integers(case)
    drop_misgenerated_preconditions(case)
    follow_issued_cursors(case)

"""Item 1: property-based fuzzing of every operation in the contract, with schemathesis.

Per operation: schemathesis generates valid and invalid requests from contract/openapi.yaml (its
examples, coverage and fuzzing phases) and runs every one of its checks on each response. Stateful:
sequences of calls that follow the contract's links (a created post is read, replaced, patched and
deleted with the ETag it came with; a created user is looked up and deleted). Two registered users
take turns (harness.fuzzing), so one user's calls land on the other's posts and must get 403. The
settings are schemathesis.toml's beside this file, which `python -m harness fuzz` also runs with a
seed and a time budget of one's own; here they are bounded and deterministic (BOUNDS).
"""

from __future__ import annotations

import itertools
import re
import tomllib
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis

from harness.fuzzing import TwoUsers, Users, as_the_contract_reads
from harness.manifest import ROOT
from harness.operations import operations

ITEM = "fuzzing"
CONTRACT = ROOT / "contract" / "openapi.yaml"
CONFIG = Path(__file__).with_name("schemathesis.toml")

# Bounded and deterministic, so that it fits in `make test` and a failure reproduces. The other
# settings are schemathesis.toml's, which `python -m harness fuzz` runs with any seed and a time budget.
BOUNDS = {
    "seed": 20261125,
    "generation": {"deterministic": True, "max-examples": 40, "database": "none"},
    "phases": {"stateful": {"max-steps": 15, "generation": {"max-examples": 25}}},
}


def merged(settings: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """`settings` with `more`'s values, tables merged key by key."""
    out = dict(settings)
    for key, value in more.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


# Loaded from the contract itself, not from a server's /openapi.json: the contract is what is checked.
schema = schemathesis.openapi.from_path(
    CONTRACT, config=schemathesis.Config.from_dict(merged(tomllib.loads(CONFIG.read_text()), BOUNDS))
)


# Two users take turns (harness.fuzzing.TwoUsers), for this schema only.
schema.auth(refresh_interval=None)(TwoUsers)


# JSON Schema counts 28.0 as an integer; the contract does not, and the generator sends a misshapen
# If-None-Match as valid (harness.fuzzing). Requests generated as invalid keep their floats; and
# test_every_operation sends every accepted request again with one of its integers spelt as a float,
# which must be refused.
@schemathesis.hook  # global scope: schemathesis allows this hook nowhere else; this is the only schema
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    as_the_contract_reads(case)


def prepare(generated: Any) -> Any:
    """The case the per-operation test sends: a copy (cases made at collection serve every server),
    with this server's credentials, and for half the valid ones a real target (Targets)."""
    case = generated.derive()
    # Cases of the examples and coverage phases are made at collection, before there is a server and
    # its users: TwoUsers gave them nothing, and they would all be refused (401), untested. A case
    # that leaves out its credentials on purpose keeps them out.
    if case.operation.definition.raw.get("security") and not case.operation.schema.is_security_param_negated(case):
        TwoUsers().set(case, TwoUsers().get(case, None), None)
        case._has_explicit_auth = True
    if case.meta is not None and case.meta.generation.mode.is_positive:
        Targets.aim(case)
    return case


class Targets:
    """Half the valid requests of an operation on one resource act on one that exists, and is theirs.

    Generated ids name nothing and generated If-Match values match nothing: every such request would
    get 404 or 412, and the operation's work would go untested. So, picked as TwoUsers picks (from
    the generated data, so a replay picks the same), half of them get a post written for them by
    the acting user, that user's id, a user of their own to delete, and the current ETag where the
    request carries an If-Match. The other half go as generated. Links (the stateful phase) already
    act on real resources and are left alone (this runs for the per-operation test only).
    """

    @staticmethod
    def aim(case: Any) -> None:
        path = case.operation.path
        if not any(part in path for part in ("{post_id}", "{user_id}")) and not (
            path == "/api/settings" and _if_match(case)
        ):
            return
        if zlib.crc32(repr((case.operation.label, case.path_parameters, case.query, case.body)).encode()) % 2:
            return
        api = Users.api
        assert api is not None
        account = Users.acting(case)
        if "{post_id}" in path:
            created = api.post("/api/posts", {"title": "Aimed at", "content": "A post to act on."}, account=account)
            case.path_parameters = {**case.path_parameters, "post_id": created.json()["id"]}
            etag = created.headers["ETag"]
        elif path.startswith("/api/users/{user_id}"):  # deleteUser: only yourself
            account = api.register(display_name="Deleted by the fuzzer")
            case.path_parameters = {**case.path_parameters, "user_id": account.id}
            case.headers = {**case.headers, "Authorization": f"Bearer {account.token}"}
            etag = None
        elif "{user_id}" in path:
            case.path_parameters = {**case.path_parameters, "user_id": account.id}
            etag = None
        else:
            etag = api.get("/api/settings", account=account).headers["ETag"]
        if etag and _if_match(case):
            case.headers = {**case.headers, _if_match(case): etag}


def _if_match(case: Any) -> str | None:
    """The name of the If-Match header as the case spells it, if it carries one."""
    return next((name for name in case.headers or {} if name.lower() == "if-match"), None)


STATUSES: dict[str, Counter[tuple[str, int]]] = {}
FLOAT_PROBES: dict[str, Counter[str]] = {}
VALID: dict[str, Counter[tuple[str, bool]]] = {}
# Of the requests generated as valid for each operation, at least this share (and one) must be
# accepted (2xx): a fuzzer whose requests are all refused tests only the refusals.
ACCEPTED_SHARE = 0.25
FLOAT_PROBES_EACH = 5  # per operation and integer member


@pytest.fixture(scope="session")
def statuses(server) -> Counter[tuple[str, int]]:
    """(operation, status) -> responses, for one server's per-operation tests."""
    return STATUSES.setdefault(server.url, Counter())


@pytest.fixture(scope="session")
def valid(server) -> Counter[tuple[str, bool]]:
    """(operation, accepted) -> requests generated as valid, for one server's per-operation tests."""
    return VALID.setdefault(server.url, Counter())


@pytest.fixture(scope="session")
def float_probes(server) -> Counter[str]:
    """Accepted requests sent again with an integer spelt as a float: per member probed, and per outcome."""
    return FLOAT_PROBES.setdefault(server.url, Counter())


@pytest.fixture(autouse=True)
def two_users(request, server, statuses, float_probes, record):
    Users.on(server.url)
    yield
    if request.node.name.split("[")[0] == "test_every_operation":
        operations = {label for label, _ in statuses}
        total = sum(statuses.values())
        probed = float_probes["refused"] + float_probes["accepted"]
        record(
            f"{len(operations)} operations, {total} requests ({_summary(statuses)}); {probed} accepted requests "
            f"sent again with an integer as a float (5.0): {float_probes['refused']} refused with 422",
            operations=len(operations),
            requests=total,
            float_probes=probed,
            float_probes_refused=float_probes["refused"],
        )


def _summary(counts: Counter[tuple[str, int]]) -> str:
    by_class: Counter[str] = Counter()
    for (_, status), n in counts.items():
        by_class[f"{status // 100}xx"] += n
    return ", ".join(f"{n} × {name}" for name, n in sorted(by_class.items()))


def _with_a_float(value: Any, path: tuple[str, ...] = ()) -> tuple[tuple[str, ...], Any] | None:
    """The path to the first integer in `value` and a copy with it spelt as a float (5 -> 5.0), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return path, float(value)
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, item in items:
        if (found := _with_a_float(item, (*path, str(key)))) is not None:
            copy = dict(value) if isinstance(value, dict) else list(value)
            copy[key] = found[1]
            return found[0], copy
    return None


def _probe_float(case: Any, server_url: str, probes: Counter[str]) -> str | None:
    """Send an accepted request again with one integer as a float; None if it had no integer, or if
    that member of that operation was probed FLOAT_PROBES_EACH times already."""
    kwargs = case.as_transport_kwargs(base_url=server_url)
    if isinstance(kwargs.get("json"), (dict, list)) and (found := _with_a_float(kwargs["json"])):
        where, kwargs["json"] = found[0], found[1]
        named = "/" + "/".join(where)
        key = "pointer"
    elif case.query and (found := _with_a_float(dict(case.query))):
        where, query = found
        kwargs["params"] = query
        named, key = where[0], "parameter"
    else:
        return None
    member = f"{case.operation.label} {named}"
    if probes[member] >= FLOAT_PROBES_EACH:
        return None
    probes[member] += 1
    response = requests.request(**kwargs, timeout=30)
    refused = response.status_code == 422 and named in [e.get(key) for e in response.json().get("errors", [])]
    return "refused" if refused else f"{case.operation.label} {named}: {response.status_code} {response.text[:200]}"


# Hypothesis' generated inputs share fixtures, so the test takes only session-scoped ones.
@schema.parametrize()
def test_every_operation(case, server, statuses, valid, float_probes):
    case = prepare(case)
    response = case.call_and_validate(base_url=server.url)
    statuses[(case.operation.label, response.status_code)] += 1
    if case.meta is not None and case.meta.generation.mode.is_positive:
        valid[(case.operation.label, 200 <= response.status_code < 300)] += 1
    if 200 <= response.status_code < 300 and case.meta is not None and case.meta.generation.mode.is_positive:
        outcome = _probe_float(case, server.url, float_probes)
        if outcome is not None:
            float_probes[outcome if outcome == "refused" else "accepted"] += 1
            assert outcome == "refused", f"an integer spelt as a float was not refused: {outcome}"


def test_every_operation_accepted_its_floor_of_requests(server, valid, record):
    # Runs after the per-operation tests of this server (pytest keeps the module's order).
    assert valid, "the per-operation fuzzing did not run before this check"
    shares = {}
    for op in operations():
        label = f"{op.method} {op.path}"
        accepted, refused = valid[(label, True)], valid[(label, False)]
        shares[op.operation_id] = (accepted, accepted + refused)
    starved = {
        name: f"{accepted} of {total}"
        for name, (accepted, total) in shares.items()
        if accepted < max(1, total * ACCEPTED_SHARE)
    }
    fewest = min(shares, key=lambda name: shares[name][0] / max(1, shares[name][1]))
    record(
        f"requests generated as valid, accepted: {sum(a for a, _ in shares.values())} of "
        f"{sum(t for _, t in shares.values())}; the lowest share {shares[fewest][0]} of {shares[fewest][1]} "
        f"({fewest})",
        accepted_of_valid={name: list(counts) for name, counts in shares.items()},
    )
    assert not starved, f"operations that accepted fewer than {ACCEPTED_SHARE:.0%} of their valid requests: {starved}"


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
            if (
                case.operation.label == "POST /api/users"
                and isinstance(body, dict)
                and isinstance(body.get("username"), str)
                and re.fullmatch(r"[a-z0-9_]{3,32}", body["username"])
            ):
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
    record(
        f"stateful: {ran} sequences, {sum(counts.values())} calls along the links, "
        f"{others} × 403 on another user's post",
        sequences=ran,
        calls=sum(counts.values()),
        others_posts_403=others,
    )
    # The point of two users: some calls must have been refused as another user's.
    assert others > 0, f"no call acted on another user's post: {sorted(counts.items())}"

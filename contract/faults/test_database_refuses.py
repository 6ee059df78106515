"""The database refuses the server's queries: every operation answers a 500 problem that discloses
nothing, and once the database serves again, so does the server, without a restart.

The server runs as a PostgreSQL role of its own, owner of its database; the test revokes that role's
privileges on every table (a misconfigured grant, as deployments have), then grants them back. Each
operation of the contract is called once meanwhile, from harness.operations: the matrix's 500 column.
"""

from __future__ import annotations

import os
import re
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from harness.client import Api
from harness.matrix import UNDRAWABLE
from harness.operations import calls

ITEM = "database_refuses"
INTERNAL_ERROR = re.compile(r"problem status=500")


def as_role(url: str, role: str, password: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}", path=f"/{dbname}"))


@pytest.fixture
def own_database(deployment, request):
    """A role and a database it owns, on the session's cluster: (the role's URL, an admin URL of it)."""
    cluster = request.getfixturevalue("postgres_cluster")
    name = f"refuses_{deployment.impl.name}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = cluster.url("postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{name}'")
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
    return as_role(admin, name, name, name), cluster.url(name), name


def privileges(admin_url: str, role: str, verb: str) -> None:
    preposition = "FROM" if verb == "REVOKE" else "TO"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for kind in ("TABLES", "SEQUENCES"):
            connection.execute(f'{verb} ALL ON ALL {kind} IN SCHEMA public {preposition} "{role}"')


@pytest.mark.databases("postgres")
def test_every_operation_answers_500_while_the_database_refuses(own_database, launch, record):
    role_url, admin_url, role = own_database
    server = launch(workers=2, database_url=role_url)
    api = Api(server.url)
    owner = api.register(display_name="Owner")
    post = api.create_post(owner)
    probes = calls(post_id=post["id"], user_id=owner.id, where=lambda op: (op.operation_id, 500) not in UNDRAWABLE)
    privileges(admin_url, role, "REVOKE")
    answers = {}
    try:
        for call in probes:
            # The validating client: a 500 must be the contract's problem, and disclose nothing.
            answers[call.operation.operation_id] = api.call(call, account=owner)
    finally:
        privileges(admin_url, role, "GRANT")
    not_500 = {name: (r.status_code, r.text[:120]) for name, r in answers.items() if r.status_code != 500}
    leaking = {name: r.text for name, r in answers.items() if role in r.text or "permission" in r.text.lower()}
    logged = [line for line in server.log().splitlines() if INTERNAL_ERROR.search(line)]
    after = {
        call.operation.operation_id: api.call(call, account=owner)
        for call in calls(
            post_id=api.create_post(owner)["id"],
            user_id=owner.id,
            where=lambda op: not op.operation_id.startswith("delete"),
        )
    }
    broken_after = {name: r.status_code for name, r in after.items() if r.status_code >= 500}
    record(
        f"privileges revoked: {len(answers) - len(not_500)}/{len(answers)} operations answered a 500 problem "
        f"disclosing nothing, {len(logged)} logged; granted again: {len(after) - len(broken_after)}/{len(after)} "
        f"working without a restart",
        operations=len(answers),
        answered_500=len(answers) - len(not_500),
        working_after=len(after) - len(broken_after),
    )
    assert not not_500, not_500
    assert not leaking, leaking
    assert len(logged) >= len(answers), "every 500 must be logged"
    assert not broken_after, broken_after

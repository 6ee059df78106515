"""Item 8: security checks. Errors disclose nothing, tokens are stored hashed, a deleted user's token
is refused, and no debug or admin route answers."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest

from harness.client import Api
from harness.faults.client import Outcome, call, raw
from harness.manifest import Implementation, discover

ITEM = "security"

# What an error must not carry: a stack trace, a framework's or server's page, name or version.
STACK_TRACE = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\.py\", line \d+|"
    r"\bat 0x[0-9a-f]{6,}",
    re.IGNORECASE,
)
FRAMEWORK_PAGE = re.compile(r"<!doctype|<html|<body|<title>", re.IGNORECASE)
# Besides these, every implementation's framework and packages as its manifest names them (names_pattern).
KNOWN_NAMES = (
    r"werkzeug|django|starlette|fastapi|flask|uvicorn|gunicorn|sqlalchemy|psycopg|pydantic|"
    r"marshmallow|rest_framework|python/?\d|sqlite3?\.|OperationalError|IntegrityError|"
    r"DEBUG\s*=\s*True"
)


def names_pattern(impls: Iterable[Implementation]) -> re.Pattern[str]:
    """The names an error must not carry: the known ones and each manifest's framework and packages
    (a distribution's "-" also matches its module's "_": flask-smorest, flask_smorest)."""
    packages = dict.fromkeys(name for impl in impls for name in (impl.framework, *impl.packages))
    spelled = [re.escape(name).replace(r"\-", "[-_]") for name in packages]
    return re.compile("|".join([KNOWN_NAMES, *spelled]), re.IGNORECASE)


NAMES = names_pattern(discover().values())
VERSION = re.compile(r"\d+\.\d+")

# Routes that frameworks, their add-ons or habit put in place: none may be served.
DEBUG_AND_ADMIN = [
    "/admin",
    "/admin/",
    "/admin/login/",
    "/django-admin/",
    "/__debug__/",
    "/__debug__/render_panel/",
    "/debug",
    "/debug/",
    "/console",
    "/_debug_toolbar/",
    "/silk/",
    "/api-auth/login/",
    "/api/api-auth/login/",
    "/static/admin/css/base.css",
    "/server-status",
    "/metrics",
    "/.env",
    "/config",
    "/settings.py",
    "/debug/pprof/",
    "/__werkzeug_debugger__",
    "/docs/assets/../../../../etc/passwd",
    "/docs/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/../manage.py",
    "/openapi.json/../../etc/passwd",
    "/graphql",
    "/api/schema/",
    "/api/docs/",
    "/redoc/../admin/",
]
# Werkzeug's debugger answers these on any path when it is on; here they must reach the route as is.
DEBUGGER_QUERIES = [
    "/healthcheck?__debugger__=yes&cmd=resource&f=style.css",
    "/api/posts?__debugger__=yes&cmd=resource&f=debugger.js",
]
# Answered as the route pleases (the contract does not validate Host), but disclosing nothing.
ANY_STATUS = {"odd Host header"}


def leaks(outcome: Outcome) -> list[str]:
    """What the error answer gives away, if anything."""
    found = []
    text = outcome.body.decode("utf-8", "replace")
    if outcome.path:  # a 404 may name the path it was asked for: that is the client's text, not a leak
        text = text.replace(outcome.path, "").replace(json.dumps(outcome.path)[1:-1], "")
    if STACK_TRACE.search(text):
        found.append("stack trace")
    if FRAMEWORK_PAGE.search(text):
        found.append("HTML page")
    if match := NAMES.search(text):
        found.append(f"names {match.group(0)!r}")
    for header in ("server", "x-powered-by", "x-runtime", "x-aspnet-version"):
        value = outcome.headers.get(header)
        if value and (header != "server" or VERSION.search(value) or "python" in value.lower()):
            found.append(f"{header}: {value}")
    return found


def error_requests(port: int, token: str, other_post: int, own_post: int) -> dict[str, Outcome]:
    """Requests that end in an error, of every kind the API and its server produce."""
    html = {"Accept": "text/html,application/xhtml+xml"}
    c = functools.partial(call, port)
    return {
        "404 unknown path": c("GET", "/nope", headers=html),
        "404 path with NUL": c("GET", "/api/posts/%00", headers=html),
        "404 traversal": c("GET", "/api/../../etc/passwd", headers=html),
        "404 id past 2^63": c("GET", "/api/posts/99999999999999999999999"),
        "404 unknown post": c("GET", "/api/posts/9223372036854775807", headers=html),
        "405 method": c("PATCH", "/api/users", headers=html),
        "405 TRACE": c("TRACE", "/api/posts"),
        "4xx unknown method": c("FOO", "/api/posts"),
        "415 media type": c("POST", "/api/posts", body=b"title=x", token=token, headers={"Content-Type": "text/plain"}),
        "400 malformed JSON": c("POST", "/api/posts", body=b'{"title": ', token=token),
        "400 invalid UTF-8": c("POST", "/api/posts", body=b'{"title": "\xff\xfe"}', token=token),
        "400 altered cursor": c("GET", "/api/posts?cursor=" + "A" * 100 + "." + "A" * 22),
        "422 misshapen cursor": c("GET", "/api/posts?cursor=" + "A" * 100),
        "400 malformed If-Match": c(
            "PATCH", f"/api/posts/{own_post}", body={"title": "x"}, token=token, headers={"If-Match": "stale"}
        ),
        "414 request line": c("GET", "/api/posts?pad=" + "a" * 4096),
        "431 header fields": c("GET", "/api/posts", headers={f"X-Field-{n}": "v" for n in range(101)}),
        "422 invalid fields": c("POST", "/api/posts", body={"title": 5, "content": None, "id": 1}, token=token),
        "422 query": c("GET", "/api/posts?limit=99999999999999999999999999"),
        "401 no token": c("GET", "/api/users/me", headers=html),
        "401 unknown token": c("GET", "/api/users/me", headers={"Authorization": "Bearer " + "x" * 43}),
        "401 malformed header": c("GET", "/api/users/me", headers={"Authorization": "Basic Zm9vOmJhcg=="}),
        "403 another's post": c("DELETE", f"/api/posts/{other_post}", token=token),
        "412 stale If-Match": c(
            "PATCH", f"/api/posts/{own_post}", body={"title": "x"}, token=token, headers={"If-Match": '"stale"'}
        ),
        "413 body": c("POST", "/api/posts", body=b'{"content": "' + b"x" * 1_100_000 + b'"}', token=token),
        "odd Host header": raw(port, b"GET /api/posts HTTP/1.1\r\nHost: bad host!\r\nConnection: close\r\n\r\n"),
        "4xx HTTP/0.9-shaped": raw(port, b"GET /\r\n\r\n"),
        "4xx garbage": raw(port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n"),
        "4xx bad header name": raw(port, b"GET /healthcheck HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"),
        "4xx header with NUL": raw(port, b"GET /healthcheck HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"),
        "4xx X-HTTP-Method-Override": c(
            "POST", f"/api/posts/{other_post}", body={}, token=token, headers={"X-HTTP-Method-Override": "DELETE"}
        ),
        "401 empty bearer": c("GET", "/api/settings", headers={"Authorization": "Bearer "}),
        "4xx token with a control character": c(
            "GET", "/api/settings", headers={"Authorization": f"Bearer {token}\x01"}
        ),
    }


def test_every_manifests_framework_and_packages_are_names_an_error_must_not_carry():
    zeta = replace(next(iter(discover().values())), name="zeta", framework="zeta", packages=("zeta-orm", "quux"))
    pattern = names_pattern([zeta])
    for text in ("Zeta/1.0", "zeta_orm.exc.NoResultFound", "zeta-orm", "a quux error", "werkzeug"):
        assert pattern.search(text), text
    assert not pattern.search('{"title": "Not Found", "detail": "no post 7"}')
    assert names_pattern(discover().values()).search("djangorestframework"), "the real manifests' packages too"


def test_errors_disclose_nothing(server, record):
    api = Api(server.url)
    alice, bob = api.register(display_name="Alice"), api.register(display_name="Bob")
    outcomes = error_requests(server.port, alice.token, api.create_post(bob)["id"], api.create_post(alice)["id"])
    problems, kinds = [], set()
    for name, outcome in outcomes.items():
        if outcome.kind != "answered":
            problems.append(f"{name}: {outcome.kind} {outcome.error}")
            continue
        if not 400 <= outcome.status < 500 and name not in ANY_STATUS:
            problems.append(f"{name}: status {outcome.status}")
        if found := leaks(outcome):
            problems.append(f"{name} ({outcome.status}): {', '.join(found)}: {outcome.body[:200]!r}")
        kinds.add(outcome.headers.get("content-type", "").split(";")[0])
    not_problems = sorted(
        name
        for name, o in outcomes.items()
        if o.kind == "answered" and o.status >= 400 and o.headers.get("content-type") != "application/problem+json"
    )
    record(
        f"{len(outcomes)} kinds of error answer: {len(problems)} disclosing a stack trace, page, name or "
        f"version" + (f" (not problem+json: {', '.join(not_problems)})" if not_problems else ", all problem+json"),
        errors=len(outcomes),
        not_problem_json=not_problems,
    )
    assert not problems, "\n".join(problems)
    # The contract: every error is a problem, also those the server answers before the app.
    assert not not_problems, not_problems


def _database_text(server) -> str:
    """Everything in the server's database, as text."""
    url = server.env["DATABASE_URL"]
    if url.startswith("sqlite:"):
        path = Path(url.split("sqlite:///", 1)[1])
        with sqlite3.connect(path) as connection:
            dump = "\n".join(connection.iterdump())
        files = list(path.parent.glob(path.name + "*"))
        return dump + "\n" + "\n".join(p.read_bytes().decode("latin-1") for p in files)
    import psycopg

    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        rows = [str(row[0]) for table in tables for row in connection.execute(f'SELECT t::text FROM "{table}" t')]
    return "\n".join(rows)


def test_tokens_are_stored_hashed(server, record):
    api = Api(server.url)
    accounts = [api.register(display_name=f"Hashed {i}") for i in range(3)]
    for account in accounts:  # the tokens work, so what is searched for is what the server issued
        assert api.get("/api/users/me", account=account).status_code == 200
    text = _database_text(server)
    rows = text.splitlines()
    # The database searched is the server's: each user's row is there, and holds its token's
    # SHA-256 (hex), as docs/faults.md says; no 16-character piece of a token is anywhere.
    found = {a.username: [row for row in rows if a.username in row] for a in accounts}
    hashed = [
        a.username
        for a in accounts
        if any(hashlib.sha256(a.token.encode()).hexdigest() in row for row in found[a.username])
    ]
    plain = [a.username for a in accounts if any(a.token[i : i + 16] in text for i in range(0, len(a.token) - 15, 4))]
    record(
        f"{len(accounts)} tokens: {len(accounts) - len(plain)} absent from the database in any 16-character "
        f"piece, {len(hashed)} stored as their SHA-256 in their user's row",
        tokens=len(accounts),
        digests=len(hashed),
    )
    assert all(found.values()), f"users not found in the database searched: {[u for u, r in found.items() if not r]}"
    assert not plain, f"tokens of {plain} are stored in plain text"
    assert len(hashed) == len(accounts), f"no SHA-256 of the token in the row of {set(found) - set(hashed)}"


def test_a_deleted_users_token_is_refused(server, record):
    api = Api(server.url)
    user = api.register(display_name="Leaving")
    post = api.create_post(user)
    assert api.delete(f"/api/users/{user.id}", account=user).status_code == 204
    # Several fresh connections, so that every worker process is asked.
    attempts = [
        call(server.port, method, path, body=body, token=user.token)
        for _ in range(4)
        for method, path, body in [
            ("GET", "/api/users/me", None),
            ("GET", "/api/settings", None),
            ("POST", "/api/posts", {"title": "T", "content": "C"}),
            ("PATCH", f"/api/posts/{post['id']}", {"title": "T"}),
            ("DELETE", f"/api/users/{user.id}", None),
        ]
    ]
    refused = sum(o.status == 401 for o in attempts)
    gone = call(server.port, "GET", f"/api/posts/{post['id']}").status
    record(
        f"after deleting the user: {refused}/{len(attempts)} requests with its token answered 401, its post {gone}",
        refused=refused,
        attempts=len(attempts),
    )
    assert refused == len(attempts), [(o.method, o.path, o.status) for o in attempts if o.status != 401]
    assert gone == 404


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_no_debug_or_admin_route_answers(server, record, accept):
    answers = {path: call(server.port, "GET", path, headers={"Accept": accept}) for path in DEBUG_AND_ADMIN}
    served = {path: o.status for path, o in answers.items() if o.kind != "answered" or o.status not in (404, 405)}
    pages = {path: leaks(o) for path, o in answers.items() if leaks(o)}
    not_problems = {
        path: o.headers.get("content-type")
        for path, o in answers.items()
        if o.headers.get("content-type") != "application/problem+json"
    }
    debugger = {path: call(server.port, "GET", path, headers={"Accept": accept}) for path in DEBUGGER_QUERIES}
    debugged = {
        path: (o.status, o.headers.get("content-type"))
        for path, o in debugger.items()
        if o.status != 200 or o.headers.get("content-type") != "application/json"
    }
    statuses = sorted({o.status for o in answers.values()})
    record(
        f"{len(DEBUG_AND_ADMIN)} debug, admin and traversal paths: all {'/'.join(map(str, statuses))}; "
        f"Werkzeug debugger queries: {'served' if debugged else 'not served'}"
    )
    assert not served, served
    assert not pages, pages
    assert not not_problems, not_problems
    assert not debugged, debugged

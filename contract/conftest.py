"""Which server the contract suite checks: one given by URL, or implementations it starts itself.

pytest contract --base-url http://127.0.0.1:8001           # any running server, ours or not
pytest contract --impl fastapi --db postgres               # start one on a fresh database
pytest contract --impl all --db sqlite,postgres            # every implementation, both databases
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import matrix
from harness.client import Account, Api
from harness.databases import DatabaseFactory
from harness.manifest import select
from harness.postgres import existing_server, require_binaries, throwaway_postgres
from harness.server import MAX_BODY_BYTES, Server, server_errors

CORS_ORIGIN = "http://allowed.example"

# The reliability and security tests start their own servers: they run only when named
# (`pytest contract/faults`, make test and make faults), not as part of `pytest contract`.
collect_ignore = ["faults"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract")
    group.addoption(
        "--base-url",
        default=os.environ.get("CONTRACT_BASE_URL"),
        help="check the server at this URL (env CONTRACT_BASE_URL)",
    )
    group.addoption(
        "--impl",
        default=os.environ.get("CONTRACT_IMPL"),
        help="start these implementations: a comma-separated list or 'all' (env CONTRACT_IMPL)",
    )
    group.addoption(
        "--db",
        default=os.environ.get("CONTRACT_DB", "sqlite"),
        help="databases for --impl: sqlite, postgres or both, comma-separated",
    )
    group.addoption(
        "--cors-origin",
        default=os.environ.get("CONTRACT_CORS_ORIGIN"),
        help="an origin the --base-url server lists in CORS_ALLOW_ORIGINS (CORS tests skip without)",
    )
    group.addoption(
        "--max-body-bytes",
        type=int,
        default=int(os.environ.get("CONTRACT_MAX_BODY_BYTES", MAX_BODY_BYTES)),
        help="the --base-url server's MAX_BODY_BYTES",
    )


@dataclass
class Target:
    """The server under test and what the suite must know about its configuration."""

    name: str
    url: str
    database: str | None
    cors_origin: str | None
    max_body_bytes: int
    server: Server | None = None


def _target_ids(config: pytest.Config) -> list[str]:
    if config.getoption("base_url"):
        return ["external"]
    if not config.getoption("impl"):
        raise pytest.UsageError("pass --base-url URL (a running server) or --impl NAME|all (started here)")
    databases = [db.strip() for db in config.getoption("db").split(",") if db.strip()]
    return [f"{impl.name}-{db}" for impl in select(config.getoption("impl")) for db in databases]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target" in metafunc.fixturenames:
        metafunc.parametrize("target", _target_ids(metafunc.config), indirect=True, scope="session")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[object]:
    if os.environ.get("POSTGRES_URL"):
        with existing_server(os.environ["POSTGRES_URL"]) as server:
            yield server
        return
    require_binaries()
    with throwaway_postgres() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    config = request.config
    servers = config.stash.setdefault(SERVERS, {})
    if request.param == "external":
        servers["external"] = config.getoption("base_url")
        yield Target(
            name="external",
            url=config.getoption("base_url"),
            database=None,
            cors_origin=config.getoption("cors_origin"),
            max_body_bytes=config.getoption("max_body_bytes"),
        )
        return
    name, db = request.param.rsplit("-", 1)
    [impl] = select(name)
    workdir = tmp_path_factory.mktemp(request.param)
    cluster = request.getfixturevalue("postgres_cluster") if db == "postgres" else None
    database_url = DatabaseFactory(db, workdir, cluster).fresh(name)
    # Two worker processes: state must live in the database, not in one process's memory.
    server = Server(
        impl,
        database_url=database_url,
        log_path=workdir / "server.log",
        workers=2,
        env={"CORS_ALLOW_ORIGINS": CORS_ORIGIN, "MAX_BODY_BYTES": str(MAX_BODY_BYTES)},
    )
    with server:
        servers[request.param] = server.url
        yield Target(
            name=name,
            url=server.url,
            database="postgresql" if db == "postgres" else "sqlite",
            cors_origin=CORS_ORIGIN,
            max_body_bytes=MAX_BODY_BYTES,
            server=server,
        )
    errors = server_errors(server.log())
    assert not errors, f"{name} on {db} logged server errors during the suite:\n" + "\n".join(errors[:20])


@pytest.fixture(scope="session")
def api(target: Target) -> Api:
    return Api(target.url)


@pytest.fixture
def alice(api: Api) -> Account:
    return api.register(display_name="Alice")


@pytest.fixture
def bob(api: Api) -> Account:
    return api.register(display_name="Bob")


@pytest.fixture
def cors_origin(target: Target) -> str:
    if not target.cors_origin:
        pytest.skip("the server's allowed CORS origin is unknown: pass --cors-origin")
    return target.cors_origin


@pytest.fixture(autouse=True)
def _matrix_cells(request: pytest.FixtureRequest) -> Iterator[None]:
    """Credit what the server answers during this test to it, in the status matrix."""
    matrix.COVERAGE.current_test = request.node.nodeid
    yield
    matrix.COVERAGE.current_test = None


# The status matrix: checked once per target, after every other test of that target, and only
# when the whole suite runs (a narrowed run cannot draw every cell).
SUITE = sorted(path.name for path in (Path(__file__).parent / "tests").glob("test_*.py"))
_NARROWED = pytest.StashKey[bool]()
_WHOLE_SUITE = pytest.StashKey[bool]()
SERVERS = pytest.StashKey[dict[str, str]]()  # target id -> base URL, for the matrix


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "status_matrix: the check that every declared cell was drawn (runs last)")


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        items[0].config.stash[_NARROWED] = True


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    checks = [item for item in items if item.get_closest_marker("status_matrix")]
    others = [item for item in items if item not in checks]
    modules = {Path(str(item.fspath)).name for item in others}
    if config.stash.get(_NARROWED, False) or not set(SUITE) - {"test_status_matrix.py"} <= modules:
        if checks:
            items[:] = others
            config.hook.pytest_deselected(items=checks)
        return
    config.stash[_WHOLE_SUITE] = True
    for check in checks:
        param = check.callspec.params.get("target")
        last = max(
            (
                i
                for i, item in enumerate(others)
                if getattr(item, "callspec", None) and item.callspec.params.get("target") == param
            ),
            default=-1,
        )
        others.insert(last + 1, check)
    items[:] = others


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    servers = config.stash.get(SERVERS, {})
    if servers and config.stash.get(_WHOLE_SUITE, False):
        terminalreporter.section("status matrix: operationId x status, from contract/openapi.yaml")
        terminalreporter.write_line(matrix.render(servers))


def pytest_report_header(config: pytest.Config) -> list[str]:
    return (
        [f"contract targets: {', '.join(_target_ids(config))}"]
        if (config.getoption("base_url") or config.getoption("impl"))
        else []
    )

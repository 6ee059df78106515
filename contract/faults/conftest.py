"""Reliability and security under load, faults and bad input, against every implementation.

    pytest contract/faults -m "not slow"     # the fast items (fuzzing, lost updates, database down and
                                             # refusing, hostile HTTP, security)
    pytest contract/faults                   # all of them (make faults)

Each test runs once per implementation (harness.manifest.discover()) and database: SQLite and
PostgreSQL where the database matters (a test narrows that with @pytest.mark.databases(...)).
FAULTS_IMPLS and FAULTS_DBS (comma-separated) narrow the selection. Every server runs with two or
more worker processes. Each test records its measured figure; they are merged into
reports/faults/latest.json at the end of the session and printed as a table.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness.databases import DatabaseFactory
from harness.faults import figures
from harness.faults.procfs import wait_for_workers
from harness.manifest import Implementation, discover
from harness.server import MAX_BODY_BYTES, Server, server_errors

DATABASES = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a fault test that takes tens of seconds (make faults runs it)")
    config.addinivalue_line("markers", "databases(*kinds): the databases this item runs on (default: both)")


def _selected(variable: str, available: list[str]) -> list[str]:
    wanted = [name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()]
    if not wanted or wanted == ["all"]:
        return available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise pytest.UsageError(f"{variable}: unknown {', '.join(unknown)}; known: {', '.join(available)}")
    return [name for name in available if name in wanted]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "deployment" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("databases")
    kinds = [db for db in _selected("FAULTS_DBS", list(DATABASES)) if marker is None or db in marker.args]
    impls = _selected("FAULTS_IMPLS", list(discover()))
    ids = [f"{impl}-{db}" for impl in impls for db in kinds]
    metafunc.parametrize("deployment", ids, indirect=True, scope="session")


@dataclass(frozen=True)
class Deployment:
    """One implementation on one kind of database."""

    impl: Implementation
    db: str

    @property
    def key(self) -> str:
        return f"{self.impl.name}-{self.db}"


@pytest.fixture(scope="session")
def deployment(request: pytest.FixtureRequest) -> Deployment:
    name, db = request.param.rsplit("-", 1)
    return Deployment(impl=discover()[name], db=db)


@pytest.fixture(scope="session")
def databases(
    request: pytest.FixtureRequest, deployment: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> DatabaseFactory:
    """Fresh databases of the deployment's kind (PostgreSQL: contract/conftest.py's session cluster)."""
    cluster = request.getfixturevalue("postgres_cluster") if deployment.db == "postgres" else None
    return DatabaseFactory(deployment.db, tmp_path_factory.mktemp(f"faults-{deployment.key}"), cluster)


@dataclass
class Launcher:
    """Starts servers of one deployment for one test and stops them all afterwards."""

    deployment: Deployment
    databases: DatabaseFactory
    workdir: Path
    started: list[Server] = field(default_factory=list)

    def __call__(
        self,
        *,
        workers: int = 2,
        database_url: str | None = None,
        env: dict[str, str] | None = None,
        log_name: str | None = None,
    ) -> Server:
        database_url = database_url or self.databases.fresh(self.deployment.impl.name)
        server = Server(
            self.deployment.impl,
            database_url=database_url,
            log_path=self.workdir / (log_name or f"server-{len(self.started) + 1}.log"),
            workers=workers,
            env={"MAX_BODY_BYTES": str(MAX_BODY_BYTES), **(env or {})},
        )
        self.started.append(server)
        server.start()
        wait_for_workers(server.pids, server.process.pid, server.port, workers)
        return server

    def errors(self, server: Server) -> list[str]:
        """The 5xx problems and tracebacks a server logged."""
        return server_errors(server.log())

    def stop_all(self) -> None:
        for server in self.started:
            server.stop()


@pytest.fixture
def launch(deployment: Deployment, databases: DatabaseFactory, tmp_path: Path) -> Iterator[Launcher]:
    launcher = Launcher(deployment, databases, tmp_path)
    try:
        yield launcher
    finally:
        launcher.stop_all()


@pytest.fixture(scope="session")
def server(
    deployment: Deployment, databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The deployment's shared server for the fast items: two workers, a fresh database."""
    workdir = tmp_path_factory.mktemp(f"shared-{deployment.key}")
    server = Server(
        deployment.impl,
        database_url=databases.fresh(deployment.impl.name),
        log_path=workdir / "server.log",
        workers=2,
        env={"MAX_BODY_BYTES": str(MAX_BODY_BYTES)},
    )
    with server:
        wait_for_workers(server.pids, server.process.pid, server.port, 2)
        yield server
    errors = server_errors(server.log())
    assert not errors, f"{deployment.key} logged server errors:\n" + "\n".join(errors[:20])


# Figures: one per item, implementation and database, merged into reports/faults/latest.json. An item
# measured by several tests (fuzzing: per operation, stateful) has one part per test function.

_RECORDED: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}


def _part(key: str, impl: str, db: str, test: str) -> dict[str, Any]:
    parts = _RECORDED.setdefault(key, {}).setdefault(impl, {}).setdefault(db, {"parts": {}})["parts"]
    return parts.setdefault(test.split("[")[0], {"figure": "", "failures": []})


@pytest.fixture
def record(request: pytest.FixtureRequest, deployment: Deployment) -> Callable[..., None]:
    """record(figure, **numbers): this test's measured figure, for its module's ITEM."""
    key = request.module.ITEM
    assert key in figures.ITEMS, key

    def _record(figure: str, **numbers: Any) -> None:
        _part(key, deployment.impl.name, deployment.db, request.node.originalname).update(figure=figure, **numbers)

    return _record


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    key = getattr(getattr(item, "module", None), "ITEM", None)
    if not report.failed or key is None or not hasattr(item, "callspec"):
        return
    # A failure joins the test's figure in the table, with its first line.
    name, db = item.callspec.params["deployment"].rsplit("-", 1)
    lines = str(call.excinfo.value).strip().splitlines() if call.excinfo else []
    where = item.name.split("[")[1].rstrip("]") if item.name.count("[") > 1 else report.when
    _part(key, name, db, getattr(item, "originalname", item.name))["failures"].append(
        f"{where}: {(lines[0] if lines else 'failed')[:200]}"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _RECORDED and not hasattr(session.config, "workerinput"):
        figures.merge(_RECORDED)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _RECORDED:
        data = figures.load()
        terminalreporter.section("reliability and security figures (reports/faults/latest.json)")
        terminalreporter.write_line(figures.terminal(data, items=set(_RECORDED)))

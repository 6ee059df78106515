"""A throwaway PostgreSQL cluster in a temporary directory, started from the installed binaries."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.net import free_port

SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path | None:
    """Where initdb, pg_ctl and postgres live: $PG_BINDIR, Debian's layout, or PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    if found := shutil.which("initdb"):
        candidates.append(str(Path(found).resolve().parent))
    for candidate in candidates:
        if candidate and all((Path(candidate) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    return None


def require_binaries() -> None:
    """In a pytest session: skip without PostgreSQL's binaries, or fail under CI, which must run them."""
    import pytest  # only for tests; the harness's other users never call this

    if find_bindir() is None:
        message = "PostgreSQL server binaries not found (install postgresql or set PG_BINDIR)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the PostgreSQL tests")
        pytest.skip(message)


def _version_key(path: str) -> int:
    version = Path(path).parent.name
    return int(version) if version.isdigit() else 0


@dataclass
class PostgresCluster:
    """A running cluster; trust authentication on 127.0.0.1 only."""

    bindir: Path
    datadir: Path
    port: int
    cpus: str | None = None  # the cores its processes may run on (taskset), None: any

    @property
    def pid(self) -> int:
        """The postmaster's process id: every backend is its child."""
        return int((self.datadir / "postmaster.pid").read_text().split()[0])

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database, empty or a copy of `template` (which nobody may be connected to); its URL."""
        copy = ["-T", template] if template else []
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, *copy, name, bin_only=True)
        return self.url(name)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c max_connections=300"
            # A throwaway cluster: durability is not what is being tested or measured.
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        # taskset before pg_ctl: the postmaster and every backend it forks inherit the cores.
        self._run(
            *(("taskset", "-c", self.cpus) if self.cpus else ()),
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.datadir / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop")

    def log(self) -> str:
        path = self.datadir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _run(self, *command: str, bin_only: bool = False) -> None:
        argv = list(command)
        tool = 3 if argv[0] == "taskset" else 0  # taskset -c CPUS TOOL ...
        if not bin_only or (self.bindir / argv[tool]).exists():
            argv[tool] = str(self.bindir / argv[tool])  # client tools may live on PATH rather than beside the server
        subprocess.run(_as_owner(argv), check=True, capture_output=True, text=True)


def _as_owner(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; the cluster belongs to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *command]
    return command


class ExistingServer:
    """A PostgreSQL server someone else runs (POSTGRES_URL, e.g. the compose service): databases only."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url.rstrip("/")
        self.created: list[str] = []

    def url(self, dbname: str) -> str:
        return self.admin_url.rsplit("/", 1)[0] + f"/{dbname}"

    def create_database(self, name: str, template: str | None = None) -> str:
        self._execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return self.url(name)

    def drop_created(self) -> None:
        """Drop the databases created here, closing what is still connected to them."""
        while self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{self.created.pop()}" WITH (FORCE)')

    def _execute(self, statement: str) -> None:
        import psycopg  # only needed here; the throwaway cluster uses PostgreSQL's own tools

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)


@contextlib.contextmanager
def existing_server(admin_url: str) -> Iterator[ExistingServer]:
    """The server at `admin_url`, left as it was found: the databases made through it are dropped."""
    server = ExistingServer(admin_url)
    try:
        yield server
    finally:
        server.drop_created()


@contextlib.contextmanager
def throwaway_postgres(cpus: str | None = None) -> Iterator[PostgresCluster]:
    """Start a fresh cluster in a temporary directory (on `cpus`, if given); stop and delete it afterwards."""
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; set PG_BINDIR")
    tmp = Path(tempfile.mkdtemp(prefix="pg-throwaway-"))
    datadir = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, user=SUPERUSER)
    cluster = PostgresCluster(bindir=bindir, datadir=datadir, port=free_port(), cpus=cpus)
    try:
        cluster._run(
            "initdb", "-D", str(datadir), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )
        cluster.start()
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.stop("immediate")
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{' '.join(exc.cmd)} failed:\n{exc.stderr}\n{cluster.log()}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

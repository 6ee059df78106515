"""Fresh, empty databases of either kind, named uniquely, for one server run each."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from harness.postgres import ExistingServer, PostgresCluster, existing_server, throwaway_postgres

KINDS = ("sqlite", "postgres")


class DatabaseFactory:
    """Hands out new databases: SQLite files in `workdir`, or databases in one shared cluster."""

    def __init__(self, kind: str, workdir: Path, cluster: PostgresCluster | ExistingServer | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown database kind {kind!r}; choose from {', '.join(KINDS)}")
        self.kind = kind
        self.workdir = workdir
        self.cluster = cluster

    @property
    def server_pid(self) -> int | None:
        """The database server's main process, when it runs on this machine and was started here."""
        return self.cluster.pid if isinstance(self.cluster, PostgresCluster) else None

    def fresh(self, label: str, *, copy_of: str | None = None) -> str:
        """A new database: empty, or a copy of the one at `copy_of` (to which no server may be connected)."""
        # Random, not the process id: a shared server (POSTGRES_URL) may still hold the databases of
        # earlier runs, and a process that starts in a container has the same id every time.
        name = f"{label}_{uuid.uuid4().hex[:12]}"
        if self.kind == "sqlite":
            self.workdir.mkdir(parents=True, exist_ok=True)
            path = self.workdir / f"{name}.sqlite3"
            if copy_of:
                # SQLite's online backup: a consistent copy, whatever the source's journal holds.
                with (
                    contextlib.closing(sqlite3.connect(copy_of.split(":///", 1)[1])) as source,
                    contextlib.closing(sqlite3.connect(path)) as copy,
                ):
                    source.backup(copy)
            return f"sqlite:///{path}"
        assert self.cluster is not None
        return self.cluster.create_database(name, template=copy_of.rsplit("/", 1)[1] if copy_of else None)


@contextlib.contextmanager
def database_factory(kind: str, workdir: Path, cpus: str | None = None) -> Iterator[DatabaseFactory]:
    """A factory for `kind`: PostgreSQL is the server at POSTGRES_URL, left as found, or a throwaway cluster
    (on `cpus`, if given)."""
    if kind == "postgres" and os.environ.get("POSTGRES_URL"):
        with existing_server(os.environ["POSTGRES_URL"]) as server:
            yield DatabaseFactory(kind, workdir, server)
    elif kind == "postgres":
        with throwaway_postgres(cpus) as cluster:
            yield DatabaseFactory(kind, workdir, cluster)
    else:
        yield DatabaseFactory(kind, workdir)

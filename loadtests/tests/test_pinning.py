"""Pinning: a throwaway PostgreSQL on the server's core, its CPU its own; a started server moved onto its core."""

from __future__ import annotations

from pathlib import Path

import requests

from bench.sampler import ProcessTree
from harness.databases import database_factory
from harness.manifest import discover
from harness.postgres import require_binaries
from harness.server import Server


def test_a_pinned_cluster_runs_every_backend_on_the_cores_asked_for(tmp_path):
    require_binaries()
    with database_factory("postgres", tmp_path, cpus="0") as databases:
        import psycopg

        postmaster = databases.server_pid
        assert postmaster is not None
        before = ProcessTree(postmaster).cpu_seconds()
        with psycopg.connect(databases.fresh("pinned")) as connection:
            backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            connection.execute("SELECT count(*) FROM generate_series(1, 3000000)").fetchone()
            for pid in (postmaster, backend):
                status = Path(f"/proc/{pid}/status").read_text()
                assert "Cpus_allowed_list:\t0\n" in status, status
        assert ProcessTree(postmaster).cpu_seconds() - before > 0.05  # the backend's work counts as the database's


def test_sqlite_has_no_database_server_to_measure(tmp_path):
    with database_factory("sqlite", tmp_path) as databases:
        assert databases.server_pid is None


def test_a_server_started_on_every_core_moves_with_all_its_workers_and_threads_onto_the_cores_asked_for(tmp_path):
    flask = discover()["flask"]
    with (
        database_factory("sqlite", tmp_path) as databases,
        Server(flask, database_url=databases.fresh("pin"), log_path=tmp_path / "server.log", workers=2) as server,
    ):
        server.pin("0")
        pids = server.pids()
        assert len(pids) >= 3  # the master and its two workers
        for pid in pids:
            for task in Path(f"/proc/{pid}/task").iterdir():
                assert "Cpus_allowed_list:\t0\n" in (task / "status").read_text(), (pid, task.name)
        assert requests.get(f"{server.url}/healthcheck", timeout=30).status_code == 200

"""The compose PostgreSQL: pinned, health-checked, its data in a volume, a database per implementation."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
from urllib.parse import urlsplit

import psycopg

import harness.databases
from compose_check.compose_file import mounts
from compose_check.repository import DATABASES_VARIABLE, INIT_SCRIPTS, POSTGRES_SERVICE, Repository
from harness.postgres import require_binaries, throwaway_postgres


def test_postgres_is_pinned_health_checked_and_keeps_its_data_in_a_named_volume(repo):
    postgres = repo.services[POSTGRES_SERVICE]
    image = postgres.get("image", "")
    assert re.fullmatch(r"postgres:15\.\d+(-\w+)?", image), f"{POSTGRES_SERVICE}: image {image!r} is not postgres:15.N"
    test = " ".join(postgres.get("healthcheck", {}).get("test", []))
    assert "pg_isready" in test, f"{POSTGRES_SERVICE}: the healthcheck must use pg_isready; it is {test!r}"
    targets = {volume["target"] for volume in mounts(postgres)}
    assert {"/var/lib/postgresql/data", INIT_SCRIPTS} <= targets, f"{POSTGRES_SERVICE}: mounts {targets}"
    assert POSTGRES_SERVICE not in {n for n, s in repo.services.items() if s.get("ports")}, (
        "PostgreSQL is for the services only: publishing 5432 would clash with a server on the host"
    )


def test_the_init_script_creates_the_databases_the_service_lists(repo):
    scripts = repo.init_scripts()
    assert [path.name for path in scripts] == ["01-databases.sh"], f"{POSTGRES_SERVICE}: init scripts {scripts}"
    assert DATABASES_VARIABLE in scripts[0].read_text(), f"{scripts[0].name} does not read {DATABASES_VARIABLE}"
    listed = repo.listed_databases()
    assert len(set(listed)) == len(listed) and all(re.fullmatch(r"[a-z_][a-z0-9_]*", name) for name in listed), (
        f"{POSTGRES_SERVICE}: {DATABASES_VARIABLE}={' '.join(listed)!r}: distinct lower-case names"
    )


def test_the_init_script_creates_each_database_it_is_given(tmp_path):
    """Sourced as the postgres image's entrypoint sources it (bash, -Eeo pipefail), against a throwaway cluster."""
    require_binaries()
    [script] = Repository().init_scripts()
    assert not os.access(script, os.X_OK), f"{script.name}: the image runs an executable script, sources the others"
    with throwaway_postgres() as cluster:
        env = os.environ | {
            "PATH": f"{cluster.bindir}{os.pathsep}{os.environ['PATH']}",
            "PGHOST": "127.0.0.1",
            "PGPORT": str(cluster.port),
            "POSTGRES_USER": urlsplit(cluster.url("postgres")).username,
            "POSTGRES_DB": "postgres",
            DATABASES_VARIABLE: "zeta eta_2",
        }
        source = ["bash", "-c", f"set -Eeo pipefail; . {script}; echo sourced"]
        result = subprocess.run(source, env=env, capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0 and result.stdout.split()[-1] == "sourced", result.stderr
        assert {"zeta", "eta_2"} <= database_names(cluster.url("postgres"))
        missing = subprocess.run(source, env=env | {DATABASES_VARIABLE: ""}, capture_output=True, text=True)
        assert missing.returncode != 0 and "names no database" in missing.stderr, "an empty list stops the start"


def test_comparisons_against_the_compose_postgres_never_reuse_a_database_name_and_leave_it_as_found(
    monkeypatch, tmp_path
):
    """`docker compose run compare`, twice: the same process id each time (init: true), the same server."""
    require_binaries()
    with throwaway_postgres() as cluster:
        admin = cluster.url("postgres")
        monkeypatch.setenv("POSTGRES_URL", admin)
        monkeypatch.setattr(os, "getpid", lambda: 7)
        before = database_names(admin)
        for run in (1, 2):
            fresh_process = importlib.reload(harness.databases)  # module state starts afresh, as in a new run
            with fresh_process.database_factory("postgres", tmp_path) as databases:
                urls = [databases.fresh("zeta"), databases.fresh("zeta_floor"), databases.fresh("zeta")]
                assert len(set(urls)) == 3, f"run {run}: a database name was handed out twice: {urls}"
                assert {urlsplit(url).path.strip("/") for url in urls} <= database_names(admin)
            assert database_names(admin) == before, f"run {run} left databases behind on the shared server"


def database_names(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}

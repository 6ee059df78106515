"""The checks made from the host against the running compose project; each returns what it saw, or raises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit

import requests

from harness.manifest import ROOT, Implementation

from .engine import CheckFailed, Docker

CORS_ORIGIN = "http://allowed.example"  # what the check sets CORS_ALLOW_ORIGINS to, for the CORS tests


def containers(docker: Docker, service: str) -> list[str]:
    return docker.compose_run("ps", "-q", service).stdout.split()


def inspect(docker: Docker, container: str) -> dict:
    return json.loads(docker.docker("inspect", container).stdout)[0]


def wait_healthy(docker: Docker, services: list[str], timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    while True:
        states = {
            s: [inspect(docker, c)["State"].get("Health", {}).get("Status") for c in containers(docker, s)]
            for s in services
        }
        if all(state == ["healthy"] for state in states.values()):
            return f"healthy: {', '.join(services)}"
        if time.monotonic() > deadline or any("unhealthy" in state for state in states.values()):
            logs = [
                f"--- {s}:\n{_logs(docker, c)}"
                for s, state in states.items()
                if state != ["healthy"]
                for c in containers(docker, s)
            ]
            raise CheckFailed(f"not healthy after {timeout:.0f} s: {states}\n" + "\n".join(logs))
        time.sleep(2)


def postgres(docker: Docker, config: dict, impls: list[Implementation]) -> str:
    """One database per implementation, each holding that implementation's tables (its migrations ran there)."""
    names = database_names(docker, config)
    found = []
    for impl in impls:
        database = urlsplit(config["services"][impl.name]["environment"]["DATABASE_URL"]).path.strip("/")
        if database not in names:
            raise CheckFailed(f"PostgreSQL has no database {database!r} for {impl.name}; it has {sorted(names)}")
        tables = int(
            _psql(
                docker, config, database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
        )
        if not tables:
            raise CheckFailed(f"database {database!r} has no tables: {impl.name} did not migrate it")
        found.append(f"{database} ({tables} tables)")
    return "PostgreSQL: " + ", ".join(found)


def database_names(docker: Docker, config: dict) -> set[str]:
    database = config["services"]["postgres"]["environment"]["POSTGRES_DB"]
    return set(_psql(docker, config, database, "SELECT datname FROM pg_database").split())


def _psql(docker: Docker, config: dict, database: str, query: str) -> str:
    user = config["services"]["postgres"]["environment"]["POSTGRES_USER"]
    return docker.compose_run(
        "exec", "-T", "postgres", "psql", "-U", user, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", query
    ).stdout.strip()


def implementation(impl: Implementation, port: int) -> str:
    """Its published port answers /healthcheck on PostgreSQL, and the contract suite passes through --base-url."""
    url = f"http://127.0.0.1:{port}"
    health = requests.get(f"{url}/healthcheck", timeout=10)
    if health.status_code != 200 or (health.json().get("implementation"), health.json().get("database")) != (
        impl.name,
        "postgresql",
    ):
        raise CheckFailed(f"{impl.name}: {url}/healthcheck answered {health.status_code} {health.text[:300]}")
    started = time.monotonic()
    suite = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract",
            "--base-url",
            url,
            "--cors-origin",
            CORS_ORIGIN,
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    summary = (suite.stdout.strip().splitlines() or ["no output"])[-1]
    if suite.returncode != 0:
        raise CheckFailed(
            f"{impl.name}: the contract suite failed against {url}:\n{suite.stdout[-4000:]}{suite.stderr[-2000:]}"
        )
    return (
        f"{impl.name} on :{port}: healthy on PostgreSQL; contract suite {summary.strip('= ')} "
        f"({time.monotonic() - started:.0f} s)"
    )


def locust(docker: Docker, workers: int, impls: list[Implementation], seconds: float = 6) -> list[str]:
    """Locust's UI on 127.0.0.1 only, `workers` workers connected, a short run through them per implementation."""
    ui = "http://127.0.0.1:8089"
    bindings = docker.docker("port", containers(docker, "locust-master")[0]).stdout.split()
    public = [b for b in bindings if ":" in b and not b.startswith("127.0.0.1:")]
    if public:
        raise CheckFailed(f"locust-master is published beyond this machine: {bindings}")
    if requests.get(ui, timeout=10).status_code != 200:
        raise CheckFailed(f"Locust's UI does not answer at {ui}")
    _until(lambda: _stats(ui)["worker_count"] == workers, 90, f"{workers} Locust workers to connect")
    seen = [f"Locust: UI at {ui} (published on 127.0.0.1 only), {workers} workers connected"]
    for impl in impls:
        host = f"http://{impl.name}:{impl.port}"
        users = 2 * workers
        requests.post(
            f"{ui}/swarm", data={"user_count": users, "spawn_rate": users, "host": host}, timeout=10
        ).raise_for_status()
        _until(lambda users=users: _stats(ui)["user_count"] == users, 60, f"{users} users on {host}")
        time.sleep(seconds)
        stats = _stats(ui)
        busy = [w["user_count"] for w in stats["workers"]]
        requests.post(f"{ui}/stop", timeout=10).raise_for_status()
        _until(lambda: _stats(ui)["state"] == "stopped", 30, "the run to stop")
        total = next(row for row in stats["stats"] if row["name"] == "Aggregated")
        if total["num_requests"] == 0 or total["num_failures"] or stats["errors"] or 0 in busy:
            raise CheckFailed(
                f"Locust against {host}: {total['num_requests']} requests, {total['num_failures']} "
                f"failed, users per worker {busy}, errors {stats['errors'][:5]}"
            )
        seen.append(
            f"Locust against {host}: {total['num_requests']} requests in ~{seconds:.0f} s, none failed, "
            f"users per worker {busy}"
        )
        requests.post(f"{ui}/stats/reset", timeout=10).raise_for_status()
    return seen


def _stats(ui: str) -> dict:
    return requests.get(f"{ui}/stats/requests", timeout=10).json()


def _until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.5)


def graceful_stop(docker: Docker, services: list[str], config: dict) -> str:
    """`compose stop`: each server takes SIGTERM and exits 0 within its grace (not killed)."""
    ids = {service: containers(docker, service)[0] for service in services}
    started = time.monotonic()
    docker.compose_run("stop", *services)
    took = time.monotonic() - started
    seen = []
    for service, container in ids.items():
        state = inspect(docker, container)["State"]
        if state["ExitCode"] != 0 or state["OOMKilled"]:
            raise CheckFailed(
                f"{service} did not stop cleanly on SIGTERM: exit code {state['ExitCode']} "
                f"(137: killed when the grace period ran out)\n{_logs(docker, container)}"
            )
        seen.append(f"{service} exit 0")
    grace = config["services"][services[0]].get("stop_grace_period", "10s")
    return f"stop: {', '.join(seen)}, all in {took:.1f} s (grace {grace})"


def _logs(docker: Docker, container: str) -> str:
    result = docker.docker("logs", "--tail", "30", container, check=False)
    return result.stdout + result.stderr


def leftovers(docker: Docker, project: str) -> list[str]:
    """What the project still has on the engine: containers, volumes, networks, images."""
    label = f"label=com.docker.compose.project={project}"
    found = [f"container {c}" for c in docker.docker("ps", "-aq", "--filter", label).stdout.split()]
    found += [f"volume {v}" for v in docker.docker("volume", "ls", "-q", "--filter", label).stdout.split()]
    found += [f"network {n}" for n in docker.docker("network", "ls", "-q", "--filter", label).stdout.split()]
    images = docker.docker("image", "ls", "--format", "{{.Repository}}").stdout.split()
    found += [f"image {i}" for i in images if re.match(rf"{re.escape(project)}[-_]", i)]
    return found

"""`make compose-check`: docker-compose.yml built and run for real, and checked from the host.

    python -m compose_check [--workers 2] [--engine-dir DIR] [--storage-driver DRIVER] [--if-possible]

An engine (the running one, else a throwaway dockerd), stand-ins for the pinned base images the engine
lacks (bases.py), every image built from the repository's Dockerfiles, `compose up` with N Locust workers,
then from the host: PostgreSQL, each implementation and its contract suite, Locust, a graceful stop,
the compare profile twice, and `compose down -v` leaving nothing behind. docs/containers.md says
what this proves and what it does not.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

import yaml

from harness.manifest import ROOT, discover

from . import bases, compare, probes
from .engine import CannotRun, CheckFailed, Docker, choose_compose, engine
from .steps import Steps, disk_space

PROJECT = "compose-check"
COMPOSE_FILE = ROOT / "docker-compose.yml"
LOCK = Path(tempfile.gettempdir()) / "framework-comparison-compose-check.lock"
CANNOT_RUN = 3  # the exit status when the check cannot run here (without --if-possible)


def compose_environment(env: dict[str, str]) -> dict[str, str]:
    """The caller's environment without the variables docker-compose.yml reads, so that the defaults are checked."""
    read = set(re.findall(r"\$\{(\w+)", COMPOSE_FILE.read_text()))
    return {key: value for key, value in env.items() if key not in read} | {"CORS_ALLOW_ORIGINS": probes.CORS_ORIGIN}


def check(docker: Docker, steps: Steps, workers: int, workdir: Path) -> None:
    steps.run("disk", disk_space, docker, steps)
    steps.run("Compose", choose_compose, docker, workdir)
    docker.compose += ["-f", str(COMPOSE_FILE), "-p", PROJECT]
    config = yaml.safe_load(docker.compose_run("--profile", "compare", "config").stdout)
    impls = list(discover().values())
    steps.run("ports free on this machine", ports_free, config)
    refs = bases.pinned(sorted(ROOT.glob("*/Dockerfile")), config)
    used = steps.run("base images", bases.ensure, docker, refs, ROOT / ".tools" / "bin" / "uv")
    made = [ref for ref, how in used.items() if how.endswith("now")]
    try:
        steps.run("build every image (compose --profile compare build)", build, docker, workdir / "build.log")
        steps.run(f"compose up --scale locust-worker={workers}", up, docker, workers)
        steps.run("health", probes.wait_healthy, docker, ["postgres", *(impl.name for impl in impls)])
        steps.run("PostgreSQL", probes.postgres, docker, config, impls)
        for impl in impls:
            steps.run(f"{impl.name}: health and the contract suite", probes.implementation, impl, impl.port)
        steps.run("Locust", probes.locust, docker, workers, impls)
        steps.run("graceful stop", probes.graceful_stop, docker, [impl.name for impl in impls], config)
        docker.compose_run("stop", "locust-worker", "locust-master")
        with compare.reports_kept_as_they_were():
            databases = probes.database_names(docker, config)
            steps.run("the compare profile", compare.run, docker, "all")
            steps.run("the compare profile again (same process ids)", compare.run, docker, impls[0].name)
            if probes.database_names(docker, config) != databases:
                raise CheckFailed(
                    "the comparisons left databases on the compose PostgreSQL: "
                    f"{sorted(probes.database_names(docker, config) - databases)}"
                )
    finally:
        steps.run("compose down -v", down, docker)
        if docker.engine_dir is None and made:  # someone's own engine: take back what was added
            docker.docker("rmi", *reversed(made), check=False)
    if left := probes.leftovers(docker, PROJECT):
        raise CheckFailed(f"compose down -v left {left}")
    steps.note("compose down -v: no container, volume, network or image of the project left")


def ports_free(config: dict) -> str:
    ports = sorted({int(p["published"]) for s in config["services"].values() for p in _ports(s)})
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                raise CheckFailed(f"port {port} is taken on this machine; docker-compose.yml publishes it") from None
    return f"free: {', '.join(map(str, ports))}"


def _ports(service: dict) -> list[dict]:
    """Compose v1 prints short-syntax ports ("127.0.0.1:8089:8089/tcp"), v2 the long syntax."""
    found = []
    for port in service.get("ports", []):
        if isinstance(port, str):
            port = dict(zip(("published", "target"), port.split("/")[0].split(":")[-2:], strict=True))
        found.append(port)
    return found


def build(docker: Docker, log: Path) -> list[str]:
    result = docker.compose_run("--profile", "compare", "build", check=False)
    log.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise CheckFailed(f"the build failed:\n{log.read_text()[-5000:]}")
    images = docker.docker("image", "ls", "--format", "{{.Repository}} {{.Size}}").stdout.splitlines()
    return [f"built {line}" for line in images if line.startswith(PROJECT)]


def up(docker: Docker, workers: int) -> str:
    docker.compose_run("up", "-d", "--scale", f"locust-worker={workers}")
    return f"running: {', '.join(docker.compose_run('ps', '--services', '--filter', 'status=running').stdout.split())}"


def down(docker: Docker) -> None:
    docker.compose_run("--profile", "compare", "down", "-v", "--rmi", "local", "--remove-orphans")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make compose-check", description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="Locust workers (--scale locust-worker=N)")
    parser.add_argument(
        "--engine-dir",
        type=Path,
        help="where an engine started here keeps its data, kept for the next run (a warm cache)",
    )
    parser.add_argument("--storage-driver", help="for an engine started here (default: dockerd's choice)")
    parser.add_argument(
        "--if-possible",
        action="store_true",
        help="where the check cannot run (no engine can be had, too little disk), say why and exit 0",
    )
    args = parser.parse_args(argv)
    # A stop (CI's time limit, kill) unwinds as an exception does: compose down, the engine stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    steps = Steps()
    try:
        with LOCK.open("w") as lock, tempfile.TemporaryDirectory(prefix="compose-check-") as workdir:
            if not _try_lock(lock):
                print(f"==> waiting for another compose-check on this machine (it holds {LOCK})", flush=True)
                fcntl.flock(lock, fcntl.LOCK_EX)
            print("==> Docker engine", flush=True)
            started = time.monotonic()
            with engine(compose_environment(dict(os.environ)), args.engine_dir, args.storage_driver) as docker:
                steps.timings.append(("Docker engine", time.monotonic() - started))
                version = docker.docker("info", "--format", "{{.ServerVersion}}, storage {{.Driver}}").stdout.strip()
                steps.note(
                    f"Docker Engine {version}, "
                    + (f"started here in {docker.engine_dir}" if docker.engine_dir else "already running")
                )
                check(docker, steps, args.workers, Path(workdir))
                stopping = time.monotonic()
            if docker.engine_dir:
                kept = " (its folder kept)" if args.engine_dir else ", its folder deleted"
                steps.timings.append((f"engine stopped{kept}", time.monotonic() - stopping))
    except CannotRun as error:
        print(f"==> compose-check cannot run here: {error}", file=sys.stderr)
        return 0 if args.if_possible else CANNOT_RUN
    except CheckFailed as error:
        print(f"compose-check FAILED: {error}", file=sys.stderr)
        print(steps.tally(failed=1))
        return 1
    print(steps.summary())
    return 0


def _try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


if __name__ == "__main__":
    sys.exit(main())

"""The Docker engine the check talks to (the running one, else a throwaway dockerd) and the Compose that drives it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class CheckFailed(RuntimeError):
    """A step of the check failed; the message says which and why."""


class CannotRun(CheckFailed):
    """The check cannot run here: no engine answers and none can be started, no Compose, or too little disk."""


@dataclass
class Docker:
    """The docker and Compose commands, with the environment that points them at the engine."""

    env: dict[str, str]
    compose: list[str] = field(default_factory=list)
    engine_dir: Path | None = None  # the folder of an engine started here; None for one that was running

    def run(self, *args: str, check: bool = True, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run(list(args), env=self.env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"`{' '.join(args)}` did not finish within {timeout:.0f} s") from None
        if check and result.returncode != 0:
            output = result.stdout + result.stderr
            raise CheckFailed(f"`{' '.join(args)}` exited with {result.returncode}\n{output[-3000:]}")
        return result

    def docker(self, *args: str, **options) -> subprocess.CompletedProcess[str]:
        return self.run("docker", *args, **options)

    def compose_run(self, *args: str, **options) -> subprocess.CompletedProcess[str]:
        return self.run(*self.compose, *args, **options)

    def answers(self) -> bool:
        try:
            return self.run("docker", "info", "--format", "{{.ServerVersion}}", check=False, timeout=20).returncode == 0
        except CheckFailed:  # no answer in time
            return False


@contextlib.contextmanager
def engine(env: dict[str, str], keep_dir: Path | None, storage_driver: str | None = None) -> Iterator[Docker]:
    """The engine at DOCKER_HOST (or the default socket) if it answers; else dockerd, started here and
    stopped afterwards, its data in `keep_dir` (kept: a warm cache) or in a temporary folder (deleted)."""
    docker = Docker(dict(env))
    if shutil.which("docker") is None:
        raise CannotRun("no docker command: install Docker (Debian: apt-get install docker.io docker-compose)")
    if docker.answers():
        yield docker
        return
    if os.geteuid() != 0 or shutil.which("dockerd") is None:
        raise CannotRun(
            "no Docker engine answers, and starting one needs root and dockerd "
            "(Debian: apt-get install docker.io docker-compose debootstrap)"
        )
    folder = keep_dir or Path(tempfile.mkdtemp(prefix="compose-check-engine-", dir="/var/tmp"))
    folder.mkdir(parents=True, exist_ok=True)
    _clear_stale_pidfile(folder / "dockerd.pid")
    socket = folder / "docker.sock"
    docker.env["DOCKER_HOST"] = f"unix://{socket}"
    docker.engine_dir = folder
    log = (folder / "dockerd.log").open("w")
    # Unless told, dockerd picks its storage driver: overlay2 where the filesystem allows it, else
    # vfs, which works anywhere but copies every layer in full (several times the disk, and slower).
    driver = [f"--storage-driver={storage_driver}"] if storage_driver else []
    process = subprocess.Popen(
        [
            "dockerd",
            *driver,
            f"--data-root={folder / 'data'}",
            f"--exec-root={folder / 'exec'}",
            f"--pidfile={folder / 'dockerd.pid'}",
            f"--host=unix://{socket}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not docker.answers():
            if process.poll() is not None or time.monotonic() > deadline:
                raise CannotRun(f"dockerd did not start:\n{_tail(folder / 'dockerd.log')}")
            time.sleep(0.5)
        yield docker
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        if keep_dir is None:
            shutil.rmtree(folder, ignore_errors=True)


def _clear_stale_pidfile(pidfile: Path) -> None:
    """A kept folder may hold the pid file of an engine that did not stop cleanly; dockerd refuses to start then."""
    if not pidfile.exists():
        return
    with contextlib.suppress(ValueError, ProcessLookupError):
        os.kill(int(pidfile.read_text().strip()), 0)
        raise CannotRun(f"an engine already runs from {pidfile.parent} (pid {pidfile.read_text().strip()})")
    pidfile.unlink()


def _tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def choose_compose(docker: Docker, workdir: Path) -> str:
    """`docker compose` (v2) where present, else `docker-compose` (v1, Debian's 1.29); returns its version."""
    v2 = docker.run("docker", "compose", "version", "--short", check=False)
    if v2.returncode == 0:
        docker.compose = ["docker", "compose"]
        return f"Compose {v2.stdout.strip()} (docker compose)"
    if shutil.which("docker-compose") is None:
        raise CannotRun(
            "neither `docker compose` (v2) nor `docker-compose` (v1) is installed "
            "(Debian: apt-get install docker-compose)"
        )
    docker.compose = ["docker-compose"]
    # Compose v1 builds with docker-py's classic builder unless told to call `docker build`, which
    # must then use BuildKit: the Dockerfiles mount caches (RUN --mount).
    docker.env |= {"COMPOSE_DOCKER_CLI_BUILD": "1", "DOCKER_BUILDKIT": "1"}
    cli = _buildkit_cli(docker)
    if cli != shutil.which("docker", path=docker.env.get("PATH")):
        (workdir / "bin").mkdir(exist_ok=True)
        (workdir / "bin" / "docker").symlink_to(cli)
        docker.env["PATH"] = f"{workdir / 'bin'}{os.pathsep}{docker.env.get('PATH', '')}"
    version = docker.run("docker-compose", "version", "--short").stdout.strip()
    return f"Compose {version} (docker-compose), builds with {cli}"


def _buildkit_cli(docker: Docker) -> str:
    """A docker client that builds with BuildKit: one with the buildx plugin, or one older than 23,
    which has BuildKit built in (newer ones without buildx refuse DOCKER_BUILDKIT=1)."""
    candidates = [str(Path(d) / "docker") for d in docker.env.get("PATH", "").split(os.pathsep) if d]
    for cli in dict.fromkeys(c for c in [*candidates, "/usr/bin/docker"] if os.access(c, os.X_OK)):
        if docker.run(cli, "buildx", "version", check=False).returncode == 0:
            return cli
        version = docker.run(cli, "version", "--format", "{{.Client.Version}}", check=False).stdout.strip()
        if version and int(version.split(".")[0]) < 23:
            return cli
    raise CannotRun(
        "no docker client here builds with BuildKit, which the Dockerfiles need (RUN --mount): "
        "install the buildx plugin (docker-buildx) or Debian's docker.io"
    )

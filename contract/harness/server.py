"""Start an implementation through its manifest, wait until it is healthy, and stop it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from harness.manifest import Implementation
from harness.net import free_port, wait_http_ok

# The contract's default request body limit (MAX_BODY_BYTES, see openapi.yaml); the suites start servers with it.
MAX_BODY_BYTES = 1_048_576
# How a server error shows in an implementation's log: its one-line problem record, or a traceback.
SERVER_ERROR_LOGGED = re.compile(r"problem status=5\d\d|Traceback \(most recent call last\)")


def server_errors(log: str) -> list[str]:
    """The lines of a server log that record a server error."""
    return [line for line in log.splitlines() if SERVER_ERROR_LOGGED.search(line)]


class Server:
    """One running implementation (all of its processes, in their own process group)."""

    def __init__(
        self,
        impl: Implementation,
        *,
        database_url: str,
        log_path: Path,
        port: int | None = None,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
        cpus: str | None = None,
    ) -> None:
        self.impl = impl
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WORKERS": str(workers),
            "DATABASE_URL": database_url,
            **(env or {}),
        }
        argv = list(command or impl.command)
        if argv[0] == "python":
            argv[0] = sys.executable  # the environment running the harness, whatever PATH says
        if cpus:
            argv = ["taskset", "-c", cpus, *argv]  # children inherit the pinning
        self.argv = argv
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None

    def start(self, timeout: float = 60) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        started = time.monotonic()
        self.process = process = subprocess.Popen(
            self.argv,
            cwd=self.impl.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        try:
            wait_http_ok(f"{self.url}/healthcheck", timeout, alive=lambda: process.poll() is None)
        except Exception as exc:
            self.stop()
            raise RuntimeError(
                f"{self.impl.name} did not become healthy: {exc}\n--- log ---\n{self.log()[-4000:]}"
            ) from exc
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM the server (it drains its workers), then SIGKILL whatever is left."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        return self.process.returncode

    @property
    def pid(self) -> int:
        """The process started (the server's master, or its only process)."""
        assert self.process is not None, "the server has not been started"
        return self.process.pid

    def pids(self) -> list[int]:
        """The server's processes: the one started and every descendant (workers)."""
        if self.process is None:
            return []
        result = subprocess.run(["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in result.stdout.split()]

    def pin(self, cpus: str) -> None:
        """Move every process of the server, every thread of each, onto `cpus`; processes it forks later
        inherit them."""
        for pid in self.pids():
            done = subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(pid)], capture_output=True, text=True)
            if done.returncode != 0 and Path(f"/proc/{pid}").exists():
                raise RuntimeError(f"taskset could not pin {pid} to {cpus}: {done.stderr.strip()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

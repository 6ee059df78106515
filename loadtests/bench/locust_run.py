"""One Locust process for a whole comparison, pinned to the generator's core, fed batches of phases.

No `-t`: each batch (bench/window.py) decides when its windows open and close. The process is
started once, so its start-up (imports, spawning every client) happens before anything is measured
and never again; between batches its clients idle. A batch that does not finish in a generous time
(a slow machine's warm-ups, a stalled server) is reported as not measured, never counted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.sampler import MemorySampler

LOADTESTS = Path(__file__).resolve().parents[1]
LOCUSTFILE = LOADTESTS / "locustfile.py"
ALLOWANCE = 60.0  # seconds for a batch beyond its own length: start-up, spawning, a slow machine


class LocustFailed(RuntimeError):
    """A batch was not carried out; `records` holds the windows it did measure."""

    def __init__(self, message: str, records: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.records = records


class LocustSession:
    """`with LocustSession(...) as locust: locust.run(batch)`, as many batches as wanted."""

    process: subprocess.Popen[bytes]  # from __enter__ on

    def __init__(
        self,
        *,
        folder: Path,
        clients: int,
        host: str,
        cpus: str | None,
        args: Sequence[str] = (),
        locustfile: Path = LOCUSTFILE,
    ) -> None:
        self.folder, self.clients, self.host, self.cpus = folder, clients, host, cpus
        self.args, self.locustfile = list(args), locustfile
        self.batches = 0

    def __enter__(self) -> LocustSession:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "stop").unlink(missing_ok=True)
        argv = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(self.locustfile),
            "--headless",
            "-u",
            str(self.clients),
            "-r",
            str(self.clients),
            "--host",
            self.host,
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "--stop-timeout",
            "0",
            "--session",
            str(self.folder),
            *self.args,
        ]
        if self.cpus:
            argv = ["taskset", "-c", self.cpus, *argv]
        self.log = (self.folder / "locust.log").open("w")
        self.process = subprocess.Popen(
            argv,
            cwd=LOADTESTS,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        (self.folder / "stop").write_text("")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()

    def run(self, batch: dict[str, Any]) -> list[dict[str, Any]]:
        """Carry out one batch ({label, users, warmup, window, phases, seed?, ledger?}); one record per phase.

        Each record holds the window's instants (monotonic), its length, Locust's statistics of the
        requests completed inside it, and the CPU time and memory of the server and of Locust over it.
        """
        self.batches += 1
        path = self.folder / f"batch-{self.batches}.json"
        path.with_suffix(".tmp").write_text(json.dumps(batch))
        path.with_suffix(".tmp").rename(path)  # whole or not at all, for the process polling for it
        done = self.folder / f"batch-{self.batches}.done"
        deadline = (
            time.monotonic()
            + ALLOWANCE
            + 2
            * sum(
                phase.get("warmup", batch["warmup"]) + phase.get("window", batch["window"]) for phase in batch["phases"]
            )
        )
        trees = {
            "generator": self.process.pid,
            **{f"server:{p['server_pid']}": p["server_pid"] for p in batch["phases"] if p.get("server_pid")},
        }
        with MemorySampler(trees) as memory:
            while not done.exists() and self.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
        out = self.folder / f"{batch['label']}.windows.jsonl"
        records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
        for record in records:
            measured = memory.window(record["opened"], record["closed"])
            record["memory"] = measured.get(
                f"server:{record.get('server_pid')}", {"rss_mean_mb": 0.0, "rss_max_mb": 0.0, "samples": 0}
            )
            record["generator_memory"] = measured["generator"]
        outcome = done.read_text() if done.exists() else None
        if outcome != "ok" or len(records) < len(batch["phases"]):
            why = (
                "Locust exited"
                if self.process.poll() is not None
                else "it did not finish in time"
                if outcome is None
                else outcome.strip().splitlines()[-1]
            )
            log = (self.folder / "locust.log").read_text(errors="replace")
            raise LocustFailed(
                f"Locust measured {len(records)} of {len(batch['phases'])} phases of {batch['label']} "
                f"({why}); the end of its log:\n{log[-3000:]}",
                records,
            )
        return records


def run_locust(
    batch: dict[str, Any],
    *,
    folder: Path,
    clients: int,
    cpus: str | None,
    args: Sequence[str] = (),
    locustfile: Path = LOCUSTFILE,
) -> list[dict[str, Any]]:
    """A session of one batch: a Locust process started for it alone."""
    host = batch["phases"][0]["host"]
    with LocustSession(
        folder=folder, clients=clients, host=host, cpus=cpus, args=args, locustfile=locustfile
    ) as session:
        return session.run(batch)

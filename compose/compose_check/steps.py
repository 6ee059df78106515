"""The check's steps on the terminal as they run, their timings and the disk they took, and the closing summary."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .engine import CannotRun, Docker

DISK_NEEDED_GB = {"overlay2": 15, "vfs": 40}  # the peaks measured (docs/containers.md), with room to spare


class Steps:
    """Prints each step as it starts and what it saw; keeps the timings for the summary."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.timings: list[tuple[str, float]] = []
        self.seen: list[str] = []
        self.disk: Path | None = None  # the engine's data folder, when it is on this machine
        self.free: list[int] = []

    def run(self, title: str, action, *args):
        print(f"==> [{time.monotonic() - self.started:5.0f} s] {title}", flush=True)
        started = time.monotonic()
        result = action(*args)
        self.timings.append((title, time.monotonic() - started))
        if self.disk:
            self.free.append(shutil.disk_usage(self.disk).free)
        if isinstance(result, dict):
            lines = [f"{key}: {value}" for key, value in result.items()]
        else:
            lines = [result] if isinstance(result, str) else result or []
        for line in lines:
            self.note(line)
        return result

    def note(self, line: str) -> None:
        print(f"    {line}", flush=True)
        self.seen.append(line)

    def summary(self) -> str:
        rows = [f"  {seconds:6.0f} s  {title}" for title, seconds in self.timings]
        disk = (
            [
                f"disk: up to {(self.free[0] - min(self.free)) / 1e9:.1f} GB more in use than at the start "
                f"(on the engine's filesystem, whoever wrote it)"
            ]
            if self.free
            else []
        )
        return "\n".join(
            [
                "compose-check passed:",
                *(f"  - {line}" for line in self.seen),
                "time per step:",
                *rows,
                f"  {time.monotonic() - self.started:6.0f} s  in all (wall time)",
                *disk,
                self.tally(failed=0),
            ]
        )

    def tally(self, failed: int) -> str:
        """The closing line, as test runners print it: the steps that passed and the one that failed."""
        return f"compose-check: {len(self.timings)} passed, {failed} failed"


def disk_space(docker: Docker, steps: Steps) -> str:
    """Enough room for the images: vfs copies every layer in full, overlay2 shares them."""
    root, driver = docker.docker("info", "--format", "{{.DockerRootDir}} {{.Driver}}").stdout.split()
    if not Path(root).is_dir():
        return f"the engine keeps its data at {root}, not on this machine: not measured"
    steps.disk = Path(root)
    need = DISK_NEEDED_GB.get(driver, max(DISK_NEEDED_GB.values()))
    free = shutil.disk_usage(root).free / 1e9
    if free < need:
        raise CannotRun(
            f"{free:.0f} GB free at {root}; with the {driver} storage driver the check needs about {need} GB"
        )
    steps.free.append(shutil.disk_usage(root).free)
    return f"{free:.0f} GB free at {root} (storage driver {driver}; about {need} GB needed)"

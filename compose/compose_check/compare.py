"""The compare profile: `python -m bench compare --smoke` in its container, writing its report to ./reports."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterator

from harness.manifest import ROOT

from .engine import CheckFailed, Docker

REPORTS = ROOT / "reports"
IMAGE_USER = 10001  # the images' own user: the report's owner when the checkout belongs to root


@contextlib.contextmanager
def reports_kept_as_they_were() -> Iterator[None]:
    """The check's runs are removed from ./reports afterwards, and `latest` points where it did."""
    existed = REPORTS.exists()
    before = set(REPORTS.iterdir()) if existed else set()
    latest = REPORTS / "latest"
    target = os.readlink(latest) if latest.is_symlink() else None
    try:
        yield
    finally:
        if not existed:
            shutil.rmtree(REPORTS, ignore_errors=True)
        else:
            for path in set(REPORTS.iterdir()) - before:
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            if target is not None:
                latest.unlink(missing_ok=True)
                latest.symlink_to(target)


def expected_owner() -> int:
    """Whom the entrypoint writes the report as: the owner of ./reports, else of the checkout, never root."""
    for path in (REPORTS, ROOT / ".git"):
        if path.exists() and path.stat().st_uid != 0:
            return path.stat().st_uid
    return IMAGE_USER


def run(docker: Docker, impls: str) -> str:
    """One smoke comparison of `impls` in the compare container; its report must land in ./reports, whole."""
    owner = expected_owner()
    before = set(REPORTS.glob("*")) if REPORTS.exists() else set()
    started = time.monotonic()
    result = docker.compose_run(
        "--profile",
        "compare",
        "run",
        "--rm",
        "-e",
        f"IMPLS={impls}",
        "compare",
        "python",
        "-m",
        "bench",
        "compare",
        "--db",
        "postgres",
        "--smoke",
        check=False,
    )
    took = time.monotonic() - started
    if result.returncode != 0:
        raise CheckFailed(f"the compare service failed (IMPLS={impls}):\n{(result.stdout + result.stderr)[-4000:]}")
    runs = [path for path in set(REPORTS.glob("*")) - before if path.is_dir() and not path.is_symlink()]
    if len(runs) != 1:
        raise CheckFailed(f"expected one new run folder in {REPORTS}, found {sorted(map(str, runs))}")
    run_dir = runs[0]
    missing = [name for name in ("report.html", "report.md", "summary.json") if not (run_dir / name).is_file()]
    if missing or (REPORTS / "latest").resolve() != run_dir.resolve():
        raise CheckFailed(f"{run_dir}: missing {missing}, or reports/latest does not point at it")
    summary = json.loads((run_dir / "summary.json").read_text())
    flags = summary["results"]["flags"]
    if flags["any_failures"] or not flags["integrity_ok"] or summary["settings"]["db"] != "postgres":
        raise CheckFailed(f"{run_dir}: failed requests, integrity problems or not on PostgreSQL: {flags}")
    commit = summary["environment"]["git_commit"]
    if (ROOT / ".git").is_dir() and commit.startswith("unknown"):
        raise CheckFailed(f"{run_dir}: the report names no commit, though the checkout's .git is mounted")
    owners = {path.lstat().st_uid for path in [run_dir, *run_dir.rglob("*")]}
    if owners != {owner}:
        raise CheckFailed(
            f"{run_dir}: written as uid {sorted(owners)}, expected {owner} (the owner of ./reports or of the checkout)"
        )
    names = ", ".join(summary["settings"]["impls"])
    return (
        f"compare IMPLS={impls} --smoke: report {run_dir.relative_to(ROOT)} ({names}; no failed requests, "
        f"integrity ok; commit {commit}), written as uid {owner}, {took:.0f} s"
    )

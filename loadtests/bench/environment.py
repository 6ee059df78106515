"""The environment fingerprint written into every report: machine, software, policy, commit; and each
implementation's effective database settings, as it reports them itself."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from harness.manifest import ROOT, Implementation

TOOLS = ("locust", "gunicorn", "uvicorn", "sqlalchemy", "psycopg")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def git_commit() -> str:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except FileNotFoundError:  # no git on this machine (a slim container): the commit is unknown
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def fingerprint(impls: list[Implementation]) -> dict[str, Any]:
    packages = sorted({p for impl in impls for p in (impl.framework, *impl.packages)} | set(TOOLS))
    return {
        "cpu_model": cpu_model(),
        "cpus_online": os.cpu_count(),
        "cpus_usable": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": {name: version(name) for name in packages},
        "git_commit": git_commit(),
    }


POLICY_LINE = "database policy: "  # what each implementation logs once it has opened its first connection


def database_policy(server_log: str) -> dict[str, Any] | None:
    """The settings an implementation says are in effect (read back from a live connection), from its log.

    One line, `database policy: {json}`, per worker process; they should agree, and the first is kept.
    """
    for line in server_log.splitlines():
        if POLICY_LINE in line:
            try:
                return json.loads(line.split(POLICY_LINE, 1)[1])
            except ValueError:
                return {"unreadable": line.split(POLICY_LINE, 1)[1][:300]}
    return None

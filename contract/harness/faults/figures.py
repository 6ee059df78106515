"""The figures the reliability and security tests (contract/faults) measure: where they live, and their table.

Each test records one short figure per implementation and database into reports/faults/latest.json;
`make faults` prints the table, and the compare report shows it when the file exists.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness.manifest import ROOT

FIGURES_PATH = ROOT / "reports" / "faults" / "latest.json"

# The items, in docs/faults.md's order: key -> (number, title).
ITEMS: dict[str, tuple[int, str]] = {
    "fuzzing": (1, "Property-based fuzzing (schemathesis, stateful, two users)"),
    "lost_updates": (2, "Lost updates: 20 concurrent PATCH, same If-Match"),
    "concurrent_writers": (3, "Concurrent writers: 50 creates and settings changes"),
    "graceful_shutdown": (4, "Graceful shutdown: SIGTERM under load"),
    "worker_kill": (5, "A worker killed with SIGKILL under load"),
    "database_outage": (6, "PostgreSQL stopped, then started, under load"),
    "hostile_http": (7, "Hostile HTTP"),
    "security": (8, "Security checks"),
    "database_refuses": (9, "The database refuses every query (privileges revoked)"),
}


def environment() -> dict[str, str]:
    """The machine the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        commit = "unknown"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "git_commit": commit,
    }


def load(path: Path = FIGURES_PATH) -> dict[str, Any]:
    if not path.exists():
        return {"environment": {}, "items": {}}
    return json.loads(path.read_text())


def merge(recorded: dict[str, dict[str, dict[str, dict[str, Any]]]], path: Path = FIGURES_PATH) -> dict[str, Any]:
    """Fold one session's figures into the file, test by test: a test run again replaces its figure.

    Each figure keeps the time, commit and machine it was measured at: a session that runs some items
    leaves the others' dates alone.
    """
    data = load(path)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    machine = environment()
    for item, by_impl in recorded.items():
        for impl, by_db in by_impl.items():
            for db, entry in by_db.items():
                stored = data["items"].setdefault(item, {}).setdefault(impl, {}).setdefault(db, {"parts": {}})
                for name, part in entry["parts"].items():
                    stored["parts"][name] = {
                        **part,
                        "measured": stamp,
                        "commit": machine["git_commit"],
                        "machine": machine["cpu"],
                    }
                summarize(stored)
    data["environment"] = machine
    data["updated"] = stamp
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    return data


def summarize(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry's figure (its tests' figures joined) and whether all of them passed."""
    texts = []
    for part in entry["parts"].values():
        text = part.get("figure") or ""
        if part.get("failures"):
            text = (text + " — " if text else "") + "FAILED: " + "; ".join(part["failures"])
        texts.append(text)
    entry["figure"] = "; ".join(texts)
    entry["passed"] = not any(part.get("failures") for part in entry["parts"].values())
    return entry


def measured(parts: Iterable[dict[str, Any]], current_commit: str | None = None) -> str:
    """When and at which commit(s) some figures were measured: "2026-11-25 at dec431e (older than ...)"."""
    parts = list(parts)
    dates = sorted({part.get("measured", "?")[:10] for part in parts})
    commits = sorted({part.get("commit", "unknown") for part in parts})
    text = f"{' to '.join(dict.fromkeys([dates[0], dates[-1]]))} at {', '.join(commits)}" if parts else "not measured"
    if current_commit and any(commit != current_commit for commit in commits):
        text += f" (older than {current_commit})"
    return text


def rows(
    data: dict[str, Any], items: Iterable[str] | None = None, current_commit: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """The table: one row per item and database, one column per implementation, then when it was measured."""
    impls = sorted({impl for by_impl in data["items"].values() for impl in by_impl})
    table = []
    for item, (number, title) in ITEMS.items():
        if items is not None and item not in items:
            continue
        by_impl = data["items"].get(item, {})
        databases = sorted({db for by_db in by_impl.values() for db in by_db}, key=lambda db: (db != "sqlite", db))
        for db in databases:
            entries = [by_impl.get(impl, {}).get(db) for impl in impls]
            cells = ["not run" if entry is None else entry["figure"] for entry in entries]
            parts = [part for entry in entries if entry for part in entry["parts"].values()]
            table.append([f"{number}. {title}", db, *cells, measured(parts, current_commit)])
    return ["item", "database", *impls, "measured"], table


def markdown(data: dict[str, Any], current_commit: str | None = None) -> str:
    header, table = rows(data, current_commit=current_commit)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table]
    return "\n".join(lines)


def terminal(data: dict[str, Any], items: Iterable[str] | None = None) -> str:
    """The same table as plain text: each implementation's figure on a line of its own."""
    header, table = rows(data, items)
    impls = header[2:-1]
    width = max((len(impl) for impl in impls), default=0)
    lines = []
    for row in table:
        lines.append(f"{row[0]} [{row[1]}], measured {row[-1]}")
        lines += [f"    {impl.ljust(width)}  {cell}" for impl, cell in zip(impls, row[2:-1])]
    env = data.get("environment", {})
    if env:
        lines.append(
            f"file last written {data.get('updated', '?')} on {env.get('cpu')} ({env.get('cores')} cores), "
            f"{env.get('os')}, Python {env.get('python')}; each figure keeps its own date and commit"
        )
    return "\n".join(lines)

"""Discover implementations through the manifest.toml in each implementation folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Roles renamed since manifests were first written: the old name is read as the new one.
RENAMED_ROLES = {"floor": "bench"}


@dataclass(frozen=True)
class Implementation:
    """What the tooling needs to know to run and describe one implementation."""

    name: str
    title: str
    root: Path
    port: int
    command: tuple[str, ...]
    floor_command: tuple[str, ...]
    framework: str
    packages: tuple[str, ...]
    server: str
    source: tuple[str, ...] = field(default=())
    tests: tuple[str, ...] = field(default=())
    # The variable that sets how many requests a worker process works on at once, if the server has one.
    concurrency_env: str | None = None
    # What that many means: "threads" (each request on a thread of its own; the rest wait to be
    # taken) or "pool" (an event loop takes every request; that many hold a database connection).
    concurrency_kind: str | None = None
    # `command` without its migrations, for a database already migrated (None: `command`).
    serve_command: tuple[str, ...] | None = None
    # Worker processes by default, as the server's deployment docs advise for the cores it gets
    # (a formula such as "2 * cores + 1"), and where they say so.
    workers: str = "cores"
    workers_source: str | None = None
    # What floor_command serves: the framework bare, on this implementation's database settings and Post model.
    floor_app: str | None = None
    # The role map: (role, the files or folders that play it), in the manifest's order; paths from
    # the implementation folder, globs expanded (`roles_as_written` keeps them as the manifest has them).
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    roles_as_written: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def floor(self, app: str) -> tuple[str, ...]:
        """The command that serves `app` with this implementation's server and worker policy."""
        return tuple(part.replace("{app}", app) for part in self.floor_command)


def expand(root: Path, pattern: str) -> tuple[str, ...]:
    """The paths under `root` a manifest's pattern names: itself, or a glob's matches (sorted; as written if none)."""
    if not any(char in pattern for char in "*?["):
        return (pattern,)
    found = sorted(
        str(path.relative_to(root))
        for path in root.glob(pattern)
        if not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts)
    )
    return tuple(found) or (pattern,)


CONCURRENCY_KINDS = ("threads", "pool")


def _concurrency_kind(path: Path, data: dict) -> str | None:
    """What the manifest's concurrency_env counts; required beside it."""
    kind = data.get("concurrency_kind")
    if data.get("concurrency_env") and kind not in CONCURRENCY_KINDS:
        kinds = ", ".join(CONCURRENCY_KINDS)
        raise ValueError(f"{path}: concurrency_kind must be one of {kinds} beside concurrency_env")
    return kind


def load(path: Path) -> Implementation:
    data = tomllib.loads(path.read_text())
    written = tuple((RENAMED_ROLES.get(role, role), tuple(paths)) for role, paths in data.get("roles", {}).items())
    try:
        return Implementation(
            name=data["name"],
            title=data["title"],
            root=path.parent,
            port=int(data["port"]),
            command=tuple(data["command"]),
            floor_command=tuple(data["floor_command"]),
            framework=data["framework"],
            packages=tuple(data["packages"]),
            server=data["server"],
            source=tuple(data.get("source", ())),
            tests=tuple(data.get("tests", ())),
            concurrency_env=data.get("concurrency_env"),
            concurrency_kind=_concurrency_kind(path, data),
            serve_command=tuple(data["serve_command"]) if "serve_command" in data else None,
            workers=data.get("workers", "cores"),
            workers_source=data.get("workers_source"),
            floor_app=data.get("floor_app"),
            roles=tuple(
                (role, tuple(dict.fromkeys(found for pattern in patterns for found in expand(path.parent, pattern))))
                for role, patterns in written
            ),
            roles_as_written=written,
        )
    except KeyError as missing:
        raise ValueError(f"{path}: missing key {missing}") from None


def discover(root: Path = ROOT) -> dict[str, Implementation]:
    """Every implementation in the repository, keyed by name, in a stable order."""
    found = [load(path) for path in sorted(root.glob("*/manifest.toml"))]
    return {impl.name: impl for impl in found}


def select(names: str, root: Path = ROOT) -> list[Implementation]:
    """Implementations named in a comma-separated list; "all" or "" selects every one."""
    available = discover(root)
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    if not wanted or wanted == ["all"]:
        return list(available.values())
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise ValueError(f"unknown implementation(s) {', '.join(unknown)}; known: {', '.join(available)}")
    return [available[n] for n in wanted]

"""Developer-experience figures per implementation: code size, dependencies, start-up, memory."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from harness.manifest import ROOT, Implementation


def count_lines(paths: list[Path]) -> tuple[int, int]:
    """(files, lines that are neither blank nor comments) of the Python files under `paths`.

    Migrations are left out: Django generates its own, Alembic's are written by hand, and neither
    says much about what it is like to write the application.
    """
    files, lines = 0, 0
    for base in paths:
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            if "migrations" in (base.name, *path.relative_to(base).parts):
                continue
            files += 1
            lines += sum(
                1 for line in path.read_text().splitlines() if line.strip() and not line.strip().startswith("#")
            )
    return files, lines


def dependencies(impl: Implementation, lock_path: Path = ROOT / "uv.lock") -> tuple[int, int] | tuple[str, str]:
    """(direct, transitive) runtime dependencies of the implementation, read from the lock file ("not locked" for
    a folder `make lock` has not taken in yet: the comparison runs it all the same)."""
    project = tomllib.loads((impl.root / "pyproject.toml").read_text())["project"]
    lock = {package["name"]: package for package in tomllib.loads(lock_path.read_text())["package"]}
    member = next(
        (
            p
            for p in lock.values()
            if p.get("source", {}).get("virtual") == impl.root.name
            or p.get("source", {}).get("editable") == impl.root.name
        ),
        None,
    )
    if member is None:
        return "not locked", "not locked"
    visited: set[tuple[str, str | None]] = set()  # (package, extra): extras pull in more packages
    pending = list(member.get("dependencies", []))
    while pending:
        dependency = pending.pop()
        name, package = dependency["name"], lock.get(dependency["name"], {})
        for extra in [None, *dependency.get("extra", [])]:
            if (name, extra) in visited:
                continue
            visited.add((name, extra))
            pending += (
                package.get("dependencies", [])
                if extra is None
                else package.get("optional-dependencies", {}).get(extra, [])
            )
    return len(project.get("dependencies", [])), len({name for name, _ in visited})


def measure(impl: Implementation) -> dict[str, Any]:
    source_files, source_lines = count_lines([impl.root / s for s in impl.source])
    test_files, test_lines = count_lines([impl.root / t for t in impl.tests])
    direct, transitive = dependencies(impl)
    by_role = {role: count_lines([impl.root / path for path in paths])[1] for role, paths in impl.roles}
    return {
        "source_files": source_files,
        "source_lines": source_lines,
        "test_files": test_files,
        "test_lines": test_lines,
        "direct_dependencies": direct,
        "transitive_dependencies": transitive,
        "lines_by_role": by_role,
    }

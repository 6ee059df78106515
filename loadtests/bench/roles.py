"""The role map: which files play each role in each implementation, from the manifests' [roles] tables.

README.md shows it between markers as the manifests write it (paths, folders, globs such as
`*/apps.py`), rewritten by `make roles` (a test fails when it is stale); the report's
developer-experience section counts each role's lines, which is how much each framework made us
write for the same rule.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

from harness.manifest import ROOT, Implementation

START, END = "<!-- roles:start -->", "<!-- roles:end -->"
# What each role holds, for the reader of the table.
MEANING = {
    "app": "app factory, entry point",
    "config": "settings from the environment",
    "database": "engine, connections, PRAGMAs",
    "models": "tables",
    "schemas": "schemas, serializers",
    "services": "business rules",
    "routes": "routes, views, URLs",
    "errors": "domain errors, problem responses",
    "auth": "bearer tokens",
    "pagination": "keyset cursors",
    "etags": "conditional requests",
    "openapi": "the served document",
    "http": "body limit, wire rules, CORS",
    "server": "server and worker policy",
    "migrations": "schema migrations",
    "bench": "for the comparison only: the floor app and the database-policy log; leave it when copying",
    "tests": "the implementation's own tests",
}


def roles(impls: Sequence[Implementation]) -> list[str]:
    """Every role any implementation names, in the order the manifests give them."""
    return list(dict.fromkeys(role for impl in impls for role, _ in impl.roles))


def package_marker(path: Path) -> bool:
    """An `__init__.py` with nothing but a docstring: it marks a package and plays no role of its own."""
    if path.name != "__init__.py":
        return False
    body = ast.parse(path.read_text()).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def unclaimed(impl: Implementation) -> dict[str, list[str]]:
    """Python files of the implementation (at its top, under its source and test folders) that play no role,
    or more than one: {file: [roles]}. A package marker may go unnamed."""
    found = {}
    for base in [*(impl.root / s for s in (*impl.source, *impl.tests)), *sorted(impl.root.glob("*.py"))]:
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            claims = [
                role
                for role, paths in impl.roles
                for named in (impl.root / p for p in paths)
                if path == named or named in path.parents
            ]
            if len(claims) > 1 or (not claims and not package_marker(path)):
                found[str(path.relative_to(impl.root))] = claims
    return found


def _cell(folder: Path, pattern: str) -> str:
    """A path or folder as a link; a glob as written (it names several files)."""
    if any(char in pattern for char in "*?["):
        return f"`{pattern}`"
    return f"[{pattern}]({folder}/{pattern})"


def table(impls: Sequence[Implementation], root: Path = ROOT) -> str:
    """The role map as a Markdown table: a row per role, a column per implementation, as each manifest names it."""
    lines = [
        "| role | " + " | ".join(impl.title for impl in impls) + " |",
        "|---|" + "---|" * len(impls),
    ]
    for role in roles(impls):
        cells = []
        for impl in impls:
            patterns = dict(impl.roles_as_written).get(role, ())
            folder = impl.root.relative_to(root)
            cells.append("<br>".join(_cell(folder, pattern) for pattern in patterns) or "–")
        lines.append(f"| **{role}**: {MEANING.get(role, role)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def section(impls: Sequence[Implementation], root: Path = ROOT) -> str:
    return f"{START}\n{table(impls, root)}\n{END}"


def rewrite(readme: Path, impls: Sequence[Implementation], root: Path = ROOT) -> bool:
    """Put the current role map between the markers; True if the file changed."""
    text = readme.read_text()
    if START not in text or END not in text:
        raise ValueError(f"{readme} has no {START} … {END} markers")
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section(impls, root), text, flags=re.S)
    if new != text:
        readme.write_text(new)
    return new != text

"""The layout: manifest.toml's role map covers every source file; resources depend one way, composed by handlers."""

import ast
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
ROLES = ["app", "config", "database", "models", "schemas", "services", "routes", "errors", "auth", "pagination",
         "etags", "openapi", "http", "server", "migrations", "floor", "tests"]


def test_every_source_file_plays_exactly_one_role():
    manifest = tomllib.loads((PROJECT / "manifest.toml").read_text())
    roles = manifest["roles"]
    assert list(roles) == ROLES
    entries = {entry: role for role, paths in roles.items() for entry in paths}
    missing = [entry for entry in entries if not (PROJECT / entry).exists()]
    assert not missing, f"roles name files that do not exist: {missing}"
    files = [path.relative_to(PROJECT) for folder in [*manifest["source"], *manifest["tests"]]
             for path in (PROJECT / folder).rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    files += [path.relative_to(PROJECT) for path in PROJECT.glob("*.py")]
    for file in files:
        playing = [entry for entry in entries if file == Path(entry) or Path(entry) in file.parents]
        assert len(playing) == 1, f"{file} plays {len(playing)} roles: {[entries[e] for e in playing]}"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize("resource, may_import", [("users", set()), ("posts", {"users"}),
                                                  ("preferences", {"users"})])
def test_resources_depend_one_way_and_only_handlers_compose_them(resource, may_import):
    resources = {"users", "posts", "preferences"} - {resource}
    for path in (PROJECT / resource).rglob("*.py"):
        if path.name == "views.py" or "migrations" in path.parts:
            continue  # handlers compose resources; migrations name what Django generated
        assert {name.split(".")[0] for name in imported_modules(path)} & resources <= may_import, path
        # common.auth reads users.selectors: nothing of a resource imports it back.
        assert "common.auth" not in imported_modules(path), path

"""The layout: resources depend one way, and only handlers compose them (the role map is checked by loadtests)."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize("resource, may_import", [("users", set()), ("posts", {"users"}), ("preferences", {"users"})])
def test_resources_depend_one_way_and_only_handlers_compose_them(resource, may_import):
    resources = {"users", "posts", "preferences"} - {resource}
    for path in (PROJECT / resource).rglob("*.py"):
        if path.name == "api.py" or "migrations" in path.parts:
            continue  # handlers (the routers) compose resources; migrations name what Django generated
        assert {name.split(".")[0] for name in imported_modules(path)} & resources <= may_import, path
        # common.auth reads users.selectors: nothing of a resource imports it back.
        assert "common.auth" not in imported_modules(path), path


def test_the_api_mounts_one_router_per_resource():
    modules = imported_modules(PROJECT / "config" / "api.py")
    assert {"users.api", "preferences.api", "posts.api"} <= modules

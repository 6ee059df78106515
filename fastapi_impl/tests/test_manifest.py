"""manifest.toml's role map: every Python file of the implementation plays exactly one role."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((ROOT / "manifest.toml").read_text())
ROLES = ("app", "config", "database", "models", "schemas", "services", "routes", "errors", "auth", "pagination",
         "etags", "openapi", "http", "server", "migrations", "floor", "tests")


def python_files(path: Path) -> set[Path]:
    return set(path.rglob("*.py")) if path.is_dir() else {path}


def test_the_roles_are_the_shared_ones_in_order():
    assert tuple(MANIFEST["roles"]) == ROLES


def test_every_python_file_plays_exactly_one_role():
    claimed: dict[Path, list[str]] = {}
    for role, paths in MANIFEST["roles"].items():
        for entry in paths:
            assert (ROOT / entry).exists(), f"{role}: {entry} does not exist"
            for path in python_files(ROOT / entry):
                claimed.setdefault(path, []).append(role)
    folders = [*MANIFEST["source"], *MANIFEST["tests"], "migrations"]
    every = set().union(*(python_files(ROOT / folder) for folder in folders))
    assert sorted(str(p.relative_to(ROOT)) for p in every - set(claimed)) == []
    assert {str(p.relative_to(ROOT)): r for p, r in claimed.items() if len(r) > 1} == {}

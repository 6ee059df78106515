"""manifest.toml's role map: every source file plays exactly one role, and every role's files exist."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLES = ["app", "config", "database", "models", "schemas", "services", "routes", "errors", "auth", "pagination",
         "etags", "openapi", "http", "server", "migrations", "floor", "tests"]


def test_every_source_file_plays_exactly_one_role():
    manifest = tomllib.loads((ROOT / "manifest.toml").read_text())
    roles = manifest["roles"]
    assert list(roles) == ROLES
    owners: dict[Path, list[str]] = {}
    for role, paths in roles.items():
        for entry in paths:
            path = ROOT / entry
            assert path.exists(), (role, entry)
            for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
                owners.setdefault(file, []).append(role)
    sources = [ROOT / entry for entry in (*manifest["source"], *manifest["tests"])]
    files = {file for base in sources for file in (sorted(base.rglob("*.py")) if base.is_dir() else [base])}
    assert files, "no source files found"
    assert {file: owners.get(file, []) for file in files if len(owners.get(file, [])) != 1} == {}

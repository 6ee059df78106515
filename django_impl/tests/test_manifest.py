"""manifest.toml's role map: every role named, every source file in exactly one role."""

import tomllib
from pathlib import Path

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

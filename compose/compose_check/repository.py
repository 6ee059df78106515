"""A checkout's deployment as files: docker-compose.yml, the Dockerfiles, .dockerignore and the manifests.

Everything the static checks expect is derived from here, so that they hold for any checkout: this
repository, or a copy of it with one more implementation folder (compose/tests' fixture).
"""

from __future__ import annotations

import re
import subprocess
from functools import cached_property
from pathlib import Path
from typing import Any

from harness.manifest import ROOT, Implementation, discover

from . import compose_file
from .dockerfile import Dockerfile, Stage, parse

POSTGRES_SERVICE = "postgres"
INIT_SCRIPTS = "/docker-entrypoint-initdb.d"
# The postgres service's list of the databases its init script creates, one per implementation.
DATABASES_VARIABLE = "IMPLEMENTATION_DATABASES"
APP = "/app"  # where every image keeps the workspace (the editable installs point there)


class Repository:
    """The deployment files of the checkout at `root`, read once."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.compose_path = root / "docker-compose.yml"
        self._dockerfiles: dict[Path, Dockerfile] = {}

    @cached_property
    def compose(self) -> dict[str, Any]:
        return compose_file.load(self.compose_path)

    @property
    def services(self) -> dict[str, dict]:
        return self.compose["services"]

    @cached_property
    def impls(self) -> list[Implementation]:
        return list(discover(self.root).values())

    @cached_property
    def dockerfile_paths(self) -> list[Path]:
        """Every Dockerfile of the repository's own images (a folder's, or one at the top)."""
        return sorted(self.root.glob("*/Dockerfile")) + sorted(self.root.glob("Dockerfile"))

    def dockerfile(self, path: Path) -> Dockerfile:
        if path not in self._dockerfiles:
            self._dockerfiles[path] = parse(path, self.root)
        return self._dockerfiles[path]

    def service_dockerfile(self, service: dict) -> tuple[Dockerfile, Stage]:
        build = service["build"]
        build = {"context": build} if isinstance(build, str) else build
        path = (self.root / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).resolve()
        parsed = self.dockerfile(path)
        return parsed, parsed.stage(build.get("target"))

    def implementation_services(self) -> list[tuple[Implementation, dict | None]]:
        """Each implementation with the service of its name (None if the compose file has none)."""
        return [(impl, self.services.get(impl.name)) for impl in self.impls]

    def init_scripts(self) -> list[Path]:
        """The files the postgres service's image runs when it initialises an empty volume."""
        return [
            path
            for volume in compose_file.mounts(self.services[POSTGRES_SERVICE])
            if volume["target"] == INIT_SCRIPTS
            for path in sorted((self.root / volume["source"]).iterdir())
        ]

    def listed_databases(self) -> list[str]:
        """The databases the postgres service lists for its init script to create."""
        return compose_file.environment(self.services[POSTGRES_SERVICE]).get(DATABASES_VARIABLE, "").split()

    def tracked(self) -> list[str]:
        """The files under version control (every file but .git's, where `root` is no git checkout of its own)."""
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=self.root, capture_output=True, text=True)
        if top.returncode == 0 and Path(top.stdout.strip()).resolve() == self.root.resolve():
            return subprocess.run(["git", "ls-files"], cwd=self.root, capture_output=True, text=True).stdout.split()
        files = (p.relative_to(self.root) for p in self.root.rglob("*") if p.is_file())
        return sorted(str(path) for path in files if path.parts[0] != ".git")

    @cached_property
    def _dockerignore(self) -> list[tuple[bool, re.Pattern[str]]]:
        return dockerignore_patterns((self.root / ".dockerignore").read_text())

    def dockerignored(self, path: str) -> bool:
        """Whether the build context leaves out `path` (relative to the context, / separated)."""
        parts = path.strip("/").split("/")
        excluded = False
        for negate, pattern in self._dockerignore:
            # A pattern that matches a folder leaves out everything in it.
            if any(pattern.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
                excluded = not negate
        return excluded


def dockerignore_patterns(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore's lines as the engine matches them (Go filepath.Match, ** for any depth, ! re-includes)."""
    patterns = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.removeprefix("!").strip().strip("/")
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", line):
            if part in ("**", "**/"):
                regex += "(?:.*/)?" if part == "**/" else ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            else:
                regex += re.escape(part)
        patterns.append((negate, re.compile(regex + "$")))
    return patterns

"""Zeta, a new implementation as small as the tooling allows, and a copy of the repository it joins.

It brings what a new implementation brings, and nothing under contract/, loadtests/ or compose/: a
folder `zeta_impl/` with a manifest.toml, a tiny app and a Dockerfile, and in docker-compose.yml its
service, its database and Locust's wait for it.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from compose_check.repository import DATABASES_VARIABLE, POSTGRES_SERVICE, Repository
from harness.manifest import ROOT

ZETA_PORT = 8099
ZETA_MANIFEST = f"""\
# A new implementation, as small as the tooling allows: the standard library's WSGI server.
name = "zeta"
title = "Zeta"
port = {ZETA_PORT}
command = ["python", "-m", "zeta"]
serve_command = ["python", "-m", "zeta", "--no-migrate"]
floor_command = ["python", "-m", "zeta", "--no-migrate", "--app", "{{app}}"]
framework = "zeta"
packages = []
server = "wsgiref: one process"
source = ["zeta"]
tests = ["tests"]

[roles]
app = ["zeta/__main__.py"]
tests = ["tests"]
"""
ZETA_APP = '''\
"""Zeta: answers /healthcheck, the one route the container checks need."""

import json
import os
from wsgiref.simple_server import make_server

graceful_timeout = 30  # seconds a stopping server finishes its requests in


def app(environ, start_response):
    body = json.dumps({"status": "ok", "implementation": "zeta", "database": "postgresql"}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


if __name__ == "__main__":
    make_server(os.environ["HOST"], int(os.environ["PORT"]), app).serve_forever()
'''
ZETA_DOCKERFILE = """\
# Zeta, run as `make serve` runs it: `python -m zeta` from this folder (manifest.toml's command).
FROM {uv} AS uv

FROM {python} AS builder
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
COPY pyproject.toml uv.lock /app/
COPY zeta_impl/pyproject.toml /app/zeta_impl/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --frozen --no-dev --package zeta-impl --no-install-workspace

FROM {python} AS runtime
RUN groupadd --system --gid 10001 app \\
    && useradd --system --no-log-init --uid 10001 --gid app --no-create-home app
COPY --from=builder /app/.venv /app/.venv
COPY --chown=10001:10001 zeta_impl /app/zeta_impl
WORKDIR /app/zeta_impl
ENV PATH="/app/.venv/bin:${{PATH}}" \\
    HOST=0.0.0.0 \\
    PORT={port}
USER 10001:10001
EXPOSE {port}
CMD ["python", "-m", "zeta"]
"""


def copy_of_the_repository(destination: Path) -> Path:
    """The tracked files of this checkout, as a fresh clone has them (with a .git folder: the compare service
    mounts it)."""
    for name in Repository(ROOT).tracked():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (destination / ".git").mkdir()
    return destination


def add_zeta_folder(root: Path) -> None:
    """The folder of a new implementation: manifest, pyproject, a tiny app, a Dockerfile on the same bases."""
    folder = root / "zeta_impl"
    (folder / "zeta").mkdir(parents=True)
    (folder / "tests").mkdir()
    (folder / "manifest.toml").write_text(ZETA_MANIFEST)
    (folder / "pyproject.toml").write_text('[project]\nname = "zeta-impl"\nversion = "1.0.0"\ndependencies = []\n')
    (folder / "zeta" / "__init__.py").write_text('"""Zeta."""\n')
    (folder / "zeta" / "__main__.py").write_text(ZETA_APP)
    (folder / "tests" / "test_zeta.py").write_text('"""Zeta\'s own tests."""\n')
    repo = Repository(root)
    bases = [stage.base for stage in repo.dockerfile(root / "loadtests" / "Dockerfile").stages]
    uv = next(base for base in bases if "astral-sh/uv" in base)
    python = next(base for base in bases if base.startswith("python:"))
    (folder / "Dockerfile").write_text(ZETA_DOCKERFILE.format(uv=uv, python=python, port=ZETA_PORT))


def add_zeta_service(root: Path, *, database: bool = True, locust: bool = True) -> None:
    """Zeta in docker-compose.yml, as the implementations before it are: its service, database, Locust's wait."""
    path = root / "docker-compose.yml"
    raw = yaml.safe_load(path.read_text())  # the anchors merged: each service whole
    services = raw["services"]
    zeta = copy.deepcopy(services[Repository(root).impls[0].name])
    zeta["build"]["dockerfile"] = "zeta_impl/Dockerfile"
    zeta["environment"]["DATABASE_URL"] = zeta["environment"]["DATABASE_URL"].rsplit("/", 1)[0] + "/zeta"
    zeta["ports"] = [f"{ZETA_PORT}:{ZETA_PORT}"]
    services["zeta"] = zeta
    if database:
        postgres = services[POSTGRES_SERVICE]["environment"]
        postgres[DATABASES_VARIABLE] = f"{postgres[DATABASES_VARIABLE]} zeta"
    if locust:
        services["locust-master"]["depends_on"]["zeta"] = {"condition": "service_healthy"}
    path.write_text(yaml.safe_dump(raw, sort_keys=False))

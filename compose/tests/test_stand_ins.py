"""make compose-check's stand-ins: one for every base image pinned, each chain ending in debootstrap."""

from __future__ import annotations

import pytest

from compose_check import bases
from compose_check.engine import CheckFailed


def test_every_pinned_base_image_has_a_stand_in(repo):
    """Where no registry answers, make compose-check builds each base the engine lacks from stand-ins/."""
    refs = bases.pinned(repo.dockerfile_paths, repo.compose)
    assert {ref.rpartition(":")[0] for ref in refs} >= {"python", "postgres"}, f"pinned bases found: {refs}"
    for ref in refs:
        chain = [ref]
        while (recipe := bases.recipe(chain[-1])).base:
            chain.append(recipe.base)
        for link in chain:
            recipe = bases.recipe(link)
            assert recipe.suite or (bases.STAND_INS / recipe.dockerfile).is_file(), f"{link}: {recipe}"
        assert bases.recipe(chain[-1]).suite or bases.recipe(chain[-1]).uv, (
            f"{' -> '.join(chain)}: the chain of stand-ins must end in debootstrap (or uv's own binaries)"
        )


def test_pinned_names_every_base_once_and_no_stage(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM ghcr.io/astral-sh/uv:0.13.9 AS uv\n"
        "FROM --platform=linux/amd64 python:3.11.14-slim-bookworm AS builder\n"
        "FROM builder AS test\n"
        "FROM scratch\n"
        "FROM python:3.11.14-slim-bookworm\n"
    )
    compose = {"services": {"db": {"image": "postgres:15.14"}, "app": {"build": "."}}}
    assert bases.pinned([dockerfile], compose) == [
        "ghcr.io/astral-sh/uv:0.13.9",
        "python:3.11.14-slim-bookworm",
        "postgres:15.14",
    ]


def test_a_recipe_names_its_stand_in_and_what_it_is_built_on():
    python = bases.recipe("python:3.12.3-slim-trixie")
    assert (python.dockerfile, python.args, python.base) == (
        "python.Dockerfile",
        {"PYTHON": "3.12", "DEBIAN": "trixie"},
        "debian:trixie-slim",
    )
    assert bases.recipe("debian:trixie-slim").suite == "trixie"
    assert bases.recipe("postgres:16.2").args == {"PG_MAJOR": "16"}
    with pytest.raises(CheckFailed, match="no stand-in for redis:7"):
        bases.recipe("redis:7")

"""The checkouts the static checks run on: this repository, and a copy with one more implementation
(zeta_checkout.py). Every check that takes `repo` must hold for both."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from zeta_checkout import add_zeta_folder, add_zeta_service, copy_of_the_repository

from compose_check.repository import Repository
from harness.manifest import ROOT


@pytest.fixture(scope="session")
def zeta_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_of_the_repository(tmp_path_factory.mktemp("with-zeta"))
    add_zeta_folder(root)
    add_zeta_service(root)
    return root


@pytest.fixture(scope="session", params=["repository", "with a new implementation"])
def repo(request: pytest.FixtureRequest) -> Repository:
    """This checkout, then a copy with Zeta added: the checks derive what they expect from the manifests."""
    if request.param == "repository":
        return Repository(ROOT)
    return Repository(request.getfixturevalue("zeta_root"))


@pytest.fixture(scope="session")
def hadolint(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    executable = Path(sys.executable).parent / "hadolint"
    assert executable.exists(), "hadolint is missing: it comes with compose's dev group (make sync)"
    config = tmp_path_factory.mktemp("hadolint") / "hadolint.yaml"
    config.write_text("ignored: []\n")  # this file only: no user or repository configuration applies
    return [str(executable), "--config", str(config), "--format", "json", "--no-color"]

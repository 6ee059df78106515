"""A new implementation joins by a folder and a manifest: what the tooling derives from it, and what it asks for.

The copy of the repository with Zeta added (conftest.py) passes every check that takes `repo`; these
tests show the rest: the workspace's own tools pick the folder up, and each entry docker-compose.yml
needs for it is named when it is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import test_implementations as implementations
import test_locust as locust
from zeta_checkout import add_zeta_folder, add_zeta_service, copy_of_the_repository

from bench import roles
from compose_check.repository import Repository
from harness.manifest import discover


def test_discovery_and_the_role_map_take_the_new_folder(zeta_root):
    found = discover(zeta_root)
    assert list(found) == sorted(found) and "zeta" in found, f"discovered {list(found)}"
    zeta = found["zeta"]
    assert (zeta.root, zeta.port, zeta.command) == (zeta_root / "zeta_impl", 8099, ("python", "-m", "zeta"))
    assert roles.unclaimed(zeta) == {}, "its one module plays a role; its package marker needs none"
    assert "| role | " in roles.table(list(found.values()), root=zeta_root) and " Zeta |" in roles.table(
        list(found.values()), root=zeta_root
    )


def test_ruff_counts_the_new_folder_first_party_and_make_lists_it(zeta_root):
    ruff = Path(sys.executable).parent / "ruff"
    shown = subprocess.run(
        [str(ruff), "check", "--show-settings", "zeta_impl/zeta/__main__.py"],
        cwd=zeta_root,
        capture_output=True,
        text=True,
    ).stdout
    src = re.search(r"^linter\.src = \[(.*?)\]", shown, re.S | re.M)
    assert src and f'"{zeta_root / "zeta_impl"}"' in src.group(1), f"ruff's src: {src and src.group(1)}"
    listed = subprocess.run(["make", "-s", "help"], cwd=zeta_root, capture_output=True, text=True).stdout
    assert re.search(r"implementations: .*\bzeta\b", listed), listed[-300:]


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the repository with Zeta's folder and nothing else yet."""
    root = copy_of_the_repository(tmp_path)
    add_zeta_folder(root)
    return root


def test_a_folder_without_its_service_is_named(checkout):
    with pytest.raises(AssertionError, match="no service named 'zeta' for zeta_impl/"):
        implementations.test_each_implementation_has_a_service_on_its_manifest_port(Repository(checkout))


def test_a_service_whose_database_nothing_creates_is_named(checkout):
    add_zeta_service(checkout, database=False)
    repo = Repository(checkout)
    implementations.test_each_implementation_has_a_service_on_its_manifest_port(repo)
    with pytest.raises(AssertionError, match="zeta: database 'zeta' is not in the postgres service's"):
        implementations.test_each_implementation_waits_for_postgres_in_a_database_of_its_own_and_is_health_checked(repo)


def test_a_service_locust_does_not_wait_for_is_named(checkout):
    add_zeta_service(checkout, locust=False)
    with pytest.raises(AssertionError, match="locust-master: should wait for zeta to be healthy"):
        locust.test_locust_runs_distributed_with_the_ui_pointed_at_an_implementation(Repository(checkout))


def test_an_image_that_does_not_run_the_manifests_command_is_named(checkout):
    add_zeta_service(checkout)
    manifest = checkout / "zeta_impl" / "manifest.toml"
    manifest.write_text(manifest.read_text().replace('command = ["python", "-m", "zeta"]', 'command = ["zeta"]'))
    with pytest.raises(AssertionError, match=r"zeta_impl/Dockerfile: CMD .* differs from manifest.toml's command"):
        implementations.test_implementation_images_run_the_manifest_command_from_the_implementation_folder(
            Repository(checkout)
        )


def test_make_selects_implementations_by_IMPLS_and_serve_takes_one(zeta_root):
    def dry_run(*args: str) -> str:
        return subprocess.run(["make", "-n", *args], cwd=zeta_root, capture_output=True, text=True).stdout

    assert "pytest contract --impl all --db sqlite" in dry_run("contract")
    assert "pytest contract --impl zeta,flask --db postgres" in dry_run("contract", "IMPLS=zeta,flask", "DB=postgres")
    assert "FAULTS_IMPLS=zeta " in dry_run("faults", "IMPLS=zeta")
    assert "harness serve zeta " in dry_run("serve", "IMPL=zeta"), "IMPL, the older spelling, still works"
    several = subprocess.run([sys.executable, "-m", "harness", "serve", "all"], capture_output=True, text=True)
    assert several.returncode == 2 and "serve runs one implementation; 'all' names" in several.stderr

"""The compare service: `make compare` in a container, every workspace member, reports handed to their owner."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from compose_check.compose_file import command, depends_on, environment, mounts
from compose_check.repository import APP, POSTGRES_SERVICE
from harness.manifest import ROOT

ENTRYPOINT = Path("loadtests/compare-entrypoint.sh")


def test_the_compare_profile_runs_make_compare_against_the_compose_postgres(repo):
    service = repo.services["compare"]
    assert service.get("profiles") == ["compare"], "compare: must only start with its profile"
    argv = command(service)
    assert argv[:4] == ["python", "-m", "bench", "compare"] and argv[argv.index("--db") + 1] == "postgres", (
        f"compare: command {argv} is not `python -m bench compare --db postgres`"
    )
    makefile = (repo.root / "Makefile").read_text()
    if "bench compare" in makefile:  # the Makefile's own command: the same entry point
        assert "python -m bench compare" in makefile
    env = environment(service)
    url = urlsplit(env.get("POSTGRES_URL", ""))
    assert url.hostname == POSTGRES_SERVICE and depends_on(service).get(POSTGRES_SERVICE) == "service_healthy", (
        f"compare: POSTGRES_URL {url.geturl()!r} must point at the {POSTGRES_SERVICE} service, once it is healthy"
    )
    reports = {volume["target"]: volume for volume in mounts(service)}.get(env.get("REPORTS_DIR", ""))
    assert reports and reports["type"] == "bind" and reports["source"] == "./reports", (
        f"compare: REPORTS_DIR {env.get('REPORTS_DIR')!r} must be the bind mount of ./reports"
    )
    # A fresh clone has no reports/: only the short syntax has Compose v1 and v2 alike create it.
    assert reports.get("short"), "compare: mount ./reports in the short syntax (./reports:/app/reports)"
    assert "/reports/" in (repo.root / ".gitignore").read_text().split(), "reports/ must stay out of git"
    parsed, stage = repo.service_dockerfile(service)
    copies = [i.operands() for link in parsed.chain(stage) for i in link.all("COPY")]
    builders = [s for s in parsed.stages for i in s.all("COPY") if i.operands() == [".", APP]]
    assert builders and any(i.flags().get("from") in {b.name for b in builders} for i in stage.all("COPY")), (
        f"{parsed.label}, stage {stage.name}: the comparison needs the whole workspace "
        f"(COPY . {APP} in its builder); copies: {copies}"
    )
    syncs = " ".join(i.arguments for b in builders for i in b.all("RUN") if "uv sync" in i.arguments)
    assert "--all-packages" in syncs, f"{parsed.label}: the comparison's builder must install every member"


def test_the_compare_image_installs_every_workspace_member_by_finding_it(repo, tmp_path):
    """Its dependency layer comes from every member's pyproject.toml, found, not listed: its command, run here."""
    parsed, _ = repo.service_dockerfile(repo.services["compare"])
    named = [impl.root.name for impl in repo.impls if impl.root.name in parsed.text]
    assert not named, f"{parsed.label} names implementation folders {named}: a new one would have to add its own"
    [members] = [stage for stage in parsed.stages if stage.name == "members"]
    [find] = [i.arguments for i in members.all("RUN")]
    subprocess.run(["sh", "-c", find.replace(f"{APP}/", f"{tmp_path}/")], cwd=repo.root, check=True)
    copied = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("pyproject.toml"))
    expected = sorted(str(p.relative_to(repo.root)) for p in repo.root.glob("*/pyproject.toml"))
    assert copied == expected, f"the members stage copies {copied}"
    assert {f"{impl.root.name}/pyproject.toml" for impl in repo.impls} <= set(copied)
    assert any(i.flags().get("from") == "members" for i in parsed.stage("compare-builder").all("COPY"))


def test_the_compare_image_starts_as_root_only_to_hand_over_the_reports_folder(repo):
    service = repo.services["compare"]
    parsed, stage = repo.service_dockerfile(service)
    entrypoint = parsed.setting(stage, "ENTRYPOINT")
    assert entrypoint and entrypoint.exec_form() == [f"{APP}/{ENTRYPOINT}"], (
        f"{parsed.label}, stage {stage.name}: ENTRYPOINT must be {ENTRYPOINT}"
    )
    assert os.access(repo.root / ENTRYPOINT, os.X_OK), f"{ENTRYPOINT} is not executable (git add --chmod=+x)"
    assert str(service.get("user")) in ("root", "0", "0:0"), (
        "compare: starts as root (user: root), so that the entrypoint can hand ./reports to its owner"
    )


CASES = {
    "HOST_UID": (4321, 4322),
    "owner of reports": (2345, 2346),
    "made by the engine: the checkout's owner": (3456, 3457),
    "made by the engine, a checkout of root's: the image's user": (10001, 10001),
}


@pytest.mark.parametrize("case", CASES)
def test_the_compare_entrypoint_runs_the_comparison_as_the_owner_of_the_reports(case):
    if os.geteuid() != 0:
        pytest.skip("the entrypoint's work as root needs root (CI runs as root)")
    with tempfile.TemporaryDirectory() as folder:  # not pytest's tmp_path: other users must reach it
        os.chmod(folder, 0o755)
        # The image's layout: the checkout at /app (here `folder`), its .git mounted, reports/ in it.
        checkout, reports = Path(folder), Path(folder) / "reports"
        (checkout / ENTRYPOINT).parent.mkdir(parents=True)
        shutil.copy2(ROOT / ENTRYPOINT, checkout / ENTRYPOINT)
        (checkout / ".git").mkdir()
        reports.mkdir()
        env = {key: value for key, value in os.environ.items() if key not in ("HOST_UID", "HOST_GID")}
        env["REPORTS_DIR"] = str(reports)
        expected = CASES[case]
        if case == "HOST_UID":
            env |= {"HOST_UID": "4321", "HOST_GID": "4322"}
        elif case == "owner of reports":
            os.chown(reports, *expected)
        elif case == "made by the engine: the checkout's owner":
            os.chown(checkout / ".git", *expected)
        script = 'id -u; id -g; touch "$REPORTS_DIR/report.html"'
        run = [str(checkout / ENTRYPOINT), "sh", "-c", script]
        result = subprocess.run(run, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert tuple(int(n) for n in result.stdout.split()) == expected
        assert ((reports / "report.html").stat().st_uid, reports.stat().st_uid) == (expected[0], expected[0])

"""Every Dockerfile: hadolint, pinned bases, multi-stage builds from uv.lock, images that do not run as root."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from compose_check import bases
from compose_check.dockerfile import Dockerfile, Stage
from compose_check.repository import Repository
from harness.manifest import ROOT

# The repository's own images, and make compose-check's stand-ins for the pinned base images.
LINTED = Repository().dockerfile_paths + sorted(bases.STAND_INS.glob("*.Dockerfile"))


@pytest.mark.parametrize("path", LINTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_passes_hadolint_without_findings(path, hadolint):
    env = {key: value for key, value in os.environ.items() if not key.startswith("HADOLINT_")}
    result = subprocess.run([*hadolint, str(path)], capture_output=True, text=True, env=env, cwd=path.parent)
    findings = json.loads(result.stdout or "[]")
    report = [f"  {path.relative_to(ROOT)}:{f['line']} {f['code']} ({f['level']}): {f['message']}" for f in findings]
    assert not findings and result.returncode == 0, "hadolint:\n" + "\n".join(report) + result.stderr


@pytest.mark.parametrize("path", LINTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_ignores_a_rule_only_with_a_reason(path):
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines, 1):
        if "hadolint" in line and "ignore" in line:
            assert re.fullmatch(r"# hadolint ignore=DL\d{4}", line.strip()), (
                f"{path.name}:{number}: {line.strip()!r}: ignore one rule, inline, for the next instruction only"
            )
            reason = lines[number - 2].strip() if number > 1 else ""
            assert reason.startswith("#") and "hadolint" not in reason, (
                f"{path.name}:{number}: say why the rule is ignored in a comment just above the pragma"
            )


def test_every_dockerfile_is_multi_stage_pinned_locked_and_not_root(repo):
    for path in repo.dockerfile_paths:
        parsed = repo.dockerfile(path)
        names = {stage.name for stage in parsed.stages}
        assert len(parsed.stages) >= 2, f"{parsed.label}: build in one stage, run in another"
        for stage in parsed.stages:
            if stage.base in names:
                continue
            image, _, tag = stage.base.rpartition(":")
            assert image and "@" not in tag and tag != "latest" and re.match(r"\d+\.\d+(\.\d+)?([-.]|$)", tag), (
                f"{parsed.label}: FROM {stage.base}: pin the full version tag"
            )
        syncs = [i for stage in parsed.stages for i in stage.all("RUN") if "uv sync" in i.arguments]
        assert syncs, f"{parsed.label}: install with `uv sync --frozen` from uv.lock"
        for run in syncs:
            assert "--frozen" in run.arguments and "--no-dev" in run.arguments, (
                f"{parsed.label}:{run.line}: uv sync without --frozen --no-dev"
            )
        assert any("uv.lock" in i.operands() for stage in parsed.stages for i in stage.all("COPY")), (
            f"{parsed.label}: the builder must copy uv.lock"
        )
        for stage in runtime_stages(repo, parsed):
            user = parsed.setting(stage, "USER")
            assert user and user.arguments.split(":")[0] not in ("root", "0"), (
                f"{parsed.label}, stage {stage.name}: runs as root; end with USER <non-root uid>"
            )
            for link in parsed.chain(stage):
                assert "uv" not in {i.flags().get("from") for i in link.all("COPY")}, (
                    f"{parsed.label}, stage {stage.name}: uv belongs in the builder, not the image that runs"
                )
        for stage in parsed.stages:
            for copy in stage.all("COPY"):
                source = copy.flags().get("from")
                if source in names and parsed.stage(source).instructions:
                    # The environment's scripts and editable installs name their absolute paths.
                    assert copy.operands()[0] == copy.operands()[-1], (
                        f"{parsed.label}:{copy.line}: COPY --from={source} must keep the path ({copy.arguments})"
                    )


def runtime_stages(repo: Repository, parsed: Dockerfile) -> list[Stage]:
    """The stages that run: the last one and every stage a compose service builds."""
    stages = [parsed.stages[-1]]
    for service in repo.services.values():
        if "build" in service and repo.service_dockerfile(service)[0].path == parsed.path:
            stages.append(repo.service_dockerfile(service)[1])
    return stages


def test_images_share_the_python_of_the_repository_and_the_uv_of_the_makefile(repo):
    python = (repo.root / ".python-version").read_text().strip()
    uv_version = re.search(r"^UV_VERSION := (\S+)", (repo.root / "Makefile").read_text(), re.MULTILINE).group(1)
    bases = {stage.base for path in repo.dockerfile_paths for stage in repo.dockerfile(path).stages}
    pythons = {base for base in bases if base.startswith("python:")}
    assert len(pythons) == 1 and pythons.pop().startswith(f"python:{python}."), (
        f"Dockerfiles use {sorted(b for b in bases if b.startswith('python:'))}; expected one python:{python}.N tag"
    )
    uvs = {base for base in bases if "astral-sh/uv" in base}
    assert uvs == {f"ghcr.io/astral-sh/uv:{uv_version}"}, f"Dockerfiles use {uvs}; the Makefile pins uv {uv_version}"

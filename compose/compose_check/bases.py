"""The base images the Dockerfiles and docker-compose.yml pin: used if the engine has them, else stand-ins built here.

A stand-in has the official tag and our contents, from Debian's packages (compose/stand-ins/):
it lets every image of the repository be built and run where no image registry can be reached, and is
labelled as such. What it does not prove (the official images' exact contents) docs/containers.md says.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .engine import CheckFailed, Docker

STAND_INS = Path(__file__).resolve().parents[1] / "stand-ins"
LABEL = "framework-comparison.stand-in"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
EXTRA_CAS = Path("/usr/local/share/ca-certificates")
# What debootstrap leaves that the slim images do not have (debian-slim.dpkg.cfg keeps it out later).
SLIM_DROPS = (
    "var/lib/apt/lists/*_*",
    "var/cache/apt/*.bin",
    "var/cache/apt/archives/*.deb",
    "usr/share/man/*",
    "usr/share/info/*",
    "usr/share/locale/*",
    "usr/share/doc/*/*",
)


@dataclass
class Recipe:
    """How a stand-in for one tag is made: debootstrap, or a Dockerfile of stand-ins/ on another stand-in."""

    dockerfile: str | None = None  # None: debootstrap `suite`
    args: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    suite: str | None = None
    uv: str | None = None  # the uv version whose binaries go into the build context


def recipe(ref: str) -> Recipe:
    repository, _, tag = ref.rpartition(":")
    if repository == "debian" and (match := re.fullmatch(r"(\w+)-slim", tag)):
        return Recipe(suite=match.group(1))
    if repository == "python" and (match := re.fullmatch(r"(\d+\.\d+)(?:\.\d+)?-slim-(\w+)", tag)):
        return Recipe(
            "python.Dockerfile", {"PYTHON": match.group(1), "DEBIAN": match.group(2)}, f"debian:{match.group(2)}-slim"
        )
    if repository == "postgres" and (match := re.fullmatch(r"(\d+)(?:\.\d+)?", tag)):
        return Recipe("postgres.Dockerfile", {"PG_MAJOR": match.group(1)}, "debian:bookworm-slim")
    if repository.endswith("astral-sh/uv") and re.fullmatch(r"\d+\.\d+\.\d+", tag):
        return Recipe("uv.Dockerfile", uv=tag)
    raise CheckFailed(f"no stand-in for {ref}: pull it (docker pull {ref}) or add one in {STAND_INS}")


def pinned(dockerfiles: list[Path], compose_config: dict) -> list[str]:
    """Every image a FROM names (not a stage, not scratch) and every service's image:, in order."""
    found: list[str] = []
    for path in dockerfiles:
        stages: set[str] = set()
        for match in re.finditer(r"^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", path.read_text(), re.M | re.I):
            if match.group(1) not in stages and match.group(1) != "scratch":
                found.append(match.group(1))
            if match.group(2):
                stages.add(match.group(2))
    found += [service["image"] for service in compose_config["services"].values() if "image" in service]
    return list(dict.fromkeys(found))


def ensure(docker: Docker, refs: list[str], uv_binary: Path, used: dict[str, str] | None = None) -> dict[str, str]:
    """Pull each of `refs` the engine lacks, else build a stand-in (and its bases); {ref: what is used}."""
    used = {} if used is None else used
    for ref in refs:
        label = _label(docker, ref)
        if label is None and docker.docker("pull", "--quiet", ref, check=False, timeout=900).returncode == 0:
            used[ref] = "pulled from its registry"
        elif label is None:
            how = recipe(ref)
            if how.base:
                ensure(docker, [how.base], uv_binary, used)
            print(f"    building the stand-in {ref} ({how.dockerfile or f'debootstrap {how.suite}'})", flush=True)
            _debootstrap(docker, ref, how.suite) if how.suite else _build(docker, ref, how, uv_binary)
            used[ref] = "stand-in, built now"
        else:
            used.setdefault(ref, "stand-in, built before" if label else "the engine's own image")
    return used


def _label(docker: Docker, ref: str) -> str | None:
    """None if the engine lacks `ref`; else its stand-in label ("" for an image that is not ours)."""
    result = docker.docker("image", "inspect", "--format", f'{{{{index .Config.Labels "{LABEL}"}}}}', ref, check=False)
    return result.stdout.strip().replace("<no value>", "") if result.returncode == 0 else None


def _build(docker: Docker, ref: str, how: Recipe, uv_binary: Path) -> None:
    assert how.dockerfile is not None, f"{ref}: a debootstrap recipe, not a Dockerfile's"
    labels = [
        "--label",
        f"{LABEL}={ref}",
        "--label",
        f"org.opencontainers.image.description=stand-in for {ref}, built by make compose-check",
    ]
    args = [part for key, value in how.args.items() for part in ("--build-arg", f"{key}={value}")]
    with tempfile.TemporaryDirectory() as context:
        shutil.copytree(STAND_INS, context, dirs_exist_ok=True)
        if how.uv:  # uv's own binaries, from its wheel on PyPI (the Makefile's bootstrap)
            version = subprocess.run([str(uv_binary), "--version"], capture_output=True, text=True).stdout.split()
            if version[1:2] != [how.uv]:
                raise CheckFailed(f"{uv_binary} is uv {version[1:2]}, {ref} pins {how.uv} (make sync installs it)")
            for name in ("uv", "uvx"):
                shutil.copy2(uv_binary.with_name(name), Path(context) / name)
        docker.docker(
            "build",
            "--quiet",
            "-f",
            str(Path(context) / how.dockerfile),
            "-t",
            ref,
            *args,
            *labels,
            context,
            timeout=1800,
        )


def _debootstrap(docker: Docker, ref: str, suite: str) -> None:
    """A minimal Debian `suite`, laid out as the official slim image is: no docs, no apt caches."""
    if shutil.which("debootstrap") is None:
        raise CheckFailed(f"{ref} is missing and debootstrap is not installed (apt-get install debootstrap)")
    with tempfile.TemporaryDirectory(prefix="compose-check-rootfs-", dir="/var/tmp") as folder:
        rootfs = Path(folder) / "rootfs"
        result = subprocess.run(
            ["debootstrap", "--variant=minbase", suite, str(rootfs), DEBIAN_MIRROR], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise CheckFailed(f"debootstrap {suite} failed:\n{(result.stdout + result.stderr)[-3000:]}")
        (rootfs / "etc/apt/sources.list").unlink(missing_ok=True)
        (rootfs / "etc/apt/sources.list.d/debian.sources").write_text(
            f"Types: deb\nURIs: {DEBIAN_MIRROR}\nSuites: {suite} {suite}-updates\nComponents: main\n"
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
            f"Types: deb\nURIs: {DEBIAN_MIRROR}-security\nSuites: {suite}-security\nComponents: main\n"
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
        )
        shutil.copy2(STAND_INS / "debian-slim.dpkg.cfg", rootfs / "etc/dpkg/dpkg.cfg.d/docker")
        shutil.copy2(STAND_INS / "debian-slim.apt.conf", rootfs / "etc/apt/apt.conf.d/docker-clean")
        for pattern in SLIM_DROPS:
            for item in rootfs.glob(pattern):
                if item.is_dir() and not item.is_symlink():
                    shutil.rmtree(item)
                elif item.name != "copyright":
                    item.unlink()
        # The machine's own certificate authorities, so that what it reaches the images reach too
        # (ca-certificates adds them to the trust store when an image installs it).
        cas = rootfs / EXTRA_CAS.relative_to("/")
        cas.mkdir(parents=True, exist_ok=True)
        for certificate in EXTRA_CAS.glob("*.crt"):
            shutil.copy2(certificate, cas / certificate.name)
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        changes = ["--change", 'CMD ["bash"]', "--change", f'LABEL {LABEL}="{ref}"']
        imported = subprocess.run(
            ["docker", "import", *changes, "-", ref], stdin=tar.stdout, env=docker.env, capture_output=True, text=True
        )
        if tar.stdout is not None:
            tar.stdout.close()  # tar sees a closed pipe if docker import stopped reading early
        if tar.wait() != 0 or imported.returncode != 0:
            raise CheckFailed(f"docker import of {ref} failed: {imported.stderr}")

"""docker-compose.yml as a whole: the Compose Specification, references between services, ports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from compose_check.compose_file import depends_on, mounts, published_ports

PROFILES = {"compare"}


def test_the_compose_file_follows_the_compose_specification(repo):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(repo.compose_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        f"docker-compose.yml breaks the Compose Specification:\n{result.stdout}{result.stderr}"
    )


def test_every_reference_between_services_resolves(repo):
    services = repo.services
    declared_volumes = set(repo.compose.get("volumes") or {})
    declared_networks = set(repo.compose.get("networks") or {}) | {"default"}
    problems = []
    for name, service in services.items():
        for dependency, condition in depends_on(service).items():
            if dependency not in services:
                problems.append(f"{name}: depends_on an unknown service {dependency!r}")
            elif condition == "service_healthy" and "healthcheck" not in services[dependency]:
                problems.append(f"{name}: waits for {dependency} to be healthy, but {dependency} has no healthcheck")
            elif services[dependency].get("profiles") and not set(services[dependency]["profiles"]) <= set(
                service.get("profiles", [])
            ):
                problems.append(
                    f"{name}: depends_on {dependency}, which only starts with profile(s) "
                    f"{services[dependency]['profiles']}"
                )
        networks = service.get("networks", [])
        for network in networks if isinstance(networks, list) else networks.keys():
            if network not in declared_networks:
                problems.append(f"{name}: network {network!r} is not declared under networks:")
        for volume in mounts(service):
            source, kind = volume["source"], volume["type"]
            if kind == "volume" and source not in declared_volumes:
                problems.append(f"{name}: named volume {source!r} is not declared under volumes:")
            # ./reports is made by the user (docs/containers.md) and ignored by git.
            if (
                kind == "bind"
                and source.startswith("./")
                and not (repo.root / source).exists()
                and Path(source).parts[0] != "reports"
            ):
                problems.append(f"{name}: bind-mounts {source}, which is not in the repository")
        for profile in service.get("profiles", []):
            if profile not in PROFILES:
                problems.append(f"{name}: unknown profile {profile!r} (known: {sorted(PROFILES)})")
        if "build" in service:
            build = service["build"]
            context = build if isinstance(build, str) else build.get("context", ".")
            if Path(context) != Path("."):
                problems.append(
                    f"{name}: build context {context!r}; every image builds from the repository root "
                    "(uv.lock and the workspace's pyproject.toml)"
                )
            try:
                repo.service_dockerfile(service)
            except (FileNotFoundError, KeyError) as error:
                problems.append(f"{name}: build: {error}")
        elif "image" not in service:
            problems.append(f"{name}: neither build nor image")
    assert not problems, "\n".join(problems)


def test_every_dockerfile_is_used_by_a_service(repo):
    used = {repo.service_dockerfile(s)[0].path for s in repo.services.values() if "build" in s}
    unused = [str(path.relative_to(repo.root)) for path in repo.dockerfile_paths if path.resolve() not in used]
    assert not unused, f"Dockerfiles no service builds: {unused}"


def test_host_ports_are_unique_and_scalable_services_publish_none(repo):
    owners: dict[str, list[str]] = {}
    for name, service in repo.services.items():
        for host, _ in published_ports(service):
            owners.setdefault(host, []).append(name)
    clashes = {port: names for port, names in owners.items() if len(names) > 1 or not port}
    assert not clashes, f"host ports published twice (or not fixed): {clashes}"
    worker = repo.services["locust-worker"]
    assert not worker.get("ports") and "container_name" not in worker, (
        "locust-worker is scaled (--scale locust-worker=N): it must publish no port and have no container_name"
    )
    named = [name for name, service in repo.services.items() if "container_name" in service]
    assert not named, f"container_name pins a single instance and clashes across projects: {named}"

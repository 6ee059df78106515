"""docker-compose.yml, the Dockerfiles and .dockerignore, checked without a Docker engine.

What an engine would do is out of reach here (nothing is pulled, built or started); what can be
read is checked: the Compose Specification schema, every reference between services, volumes,
profiles, build contexts and stages, the ports against the manifests, hadolint on every
Dockerfile, and each image's command and working directory against its manifest.toml.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import yaml

import harness.databases
from harness.manifest import ROOT, Implementation, discover
from harness.postgres import require_binaries, throwaway_postgres

COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERIGNORE = ROOT / ".dockerignore"
DOCKERFILES = sorted(ROOT.glob("*/Dockerfile")) + sorted(ROOT.glob("Dockerfile"))
# make compose-check's stand-ins for the pinned base images, for engines that cannot pull them.
STAND_IN_DOCKERFILES = sorted((ROOT / "loadtests" / "docker" / "stand-ins").glob("*.Dockerfile"))
POSTGRES_SERVICE = "postgres"
INIT_SCRIPTS = "/docker-entrypoint-initdb.d"
PROFILES = {"compare"}
APP = "/app"  # where every image keeps the workspace (the editable installs point there)


# Reading the compose file as Compose would, with no variables set: ${NAME:-default} -> default.

_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}")


def _interpolate(value: object) -> object:
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: "$" if m.group(0) == "$$" else (m.group("default") or ""), value)
    if isinstance(value, list):
        return [_interpolate(item) for item in value]
    if isinstance(value, dict):
        return {key: _interpolate(item) for key, item in value.items()}
    return value


@cache
def compose() -> dict:
    # safe_load applies the `<<: *anchor` merges, as Compose does.
    return _interpolate(yaml.safe_load(COMPOSE_FILE.read_text()))


def services() -> dict[str, dict]:
    return compose()["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: str(value) for key, value in env.items()}


def depends_on(service: dict) -> dict[str, str]:
    """{service: condition}; the short list form means service_started."""
    deps = service.get("depends_on", {})
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def port_bindings(service: dict) -> list[tuple[str, str, str]]:
    """(host address, host port, container port) of every published port; "" for all addresses."""
    found = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            found.append((str(port.get("host_ip", "")), str(port.get("published", "")), str(port["target"])))
        else:
            parts = str(port).split("/")[0].split(":")
            found.append((parts[-3] if len(parts) > 2 else "", parts[-2] if len(parts) > 1 else "", parts[-1]))
    return found


def published_ports(service: dict) -> list[tuple[str, str]]:
    """(host port, container port) of every published port."""
    return [(host, container) for _, host, container in port_bindings(service)]


def mounts(service: dict) -> list[dict[str, object]]:
    """Every volume entry in the long syntax's terms (type, source, target, read_only)."""
    found = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            found.append(volume)
            continue
        source, target, *mode = volume.split(":")
        kind = "bind" if source.startswith((".", "/", "~")) else "volume"
        found.append({"type": kind, "source": source, "target": target, "read_only": mode == ["ro"], "short": True})
    return found


def command(service: dict) -> list[str] | None:
    value = service.get("command")
    return value.split() if isinstance(value, str) else value


# Reading Dockerfiles: instructions per stage, continuation lines joined, comments dropped.


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int

    def flags(self) -> dict[str, str]:
        return dict(re.findall(r"--([a-z-]+)=(\S+)", self.arguments))

    def operands(self) -> list[str]:
        return [word for word in self.arguments.split() if not word.startswith("--")]

    def exec_form(self) -> list[str] | None:
        try:
            value = json.loads(self.arguments)
        except ValueError:
            return None
        return value if isinstance(value, list) else None


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


@dataclass
class Dockerfile:
    path: Path
    stages: list[Stage]
    text: str

    @property
    def label(self) -> str:
        return str(self.path.relative_to(ROOT))

    def stage(self, target: str | None) -> Stage:
        if target is None:
            return self.stages[-1]
        for stage in self.stages:
            if stage.name == target:
                return stage
        raise KeyError(f"{self.label} has no stage {target!r}; stages: {[s.name for s in self.stages]}")

    def chain(self, stage: Stage) -> list[Stage]:
        """The stage and the stages it is built on, base first."""
        names = {s.name: s for s in self.stages if s.name}
        chain = [stage]
        while chain[0].base in names:
            chain.insert(0, names[chain[0].base])
        return chain

    def setting(self, stage: Stage, keyword: str) -> Instruction | None:
        """The instruction in force in `stage` (its own, or inherited from its base stages)."""
        for link in reversed(self.chain(stage)):
            if found := link.last(keyword):
                return found
        return None

    def env(self, stage: Stage) -> dict[str, str]:
        values: dict[str, str] = {}
        for link in self.chain(stage):
            for instruction in link.all("ENV"):
                for key, value in re.findall(r'(\w+)=("[^"]*"|\S+)', instruction.arguments):
                    values[key] = value.strip('"')
        return values


@cache
def dockerfile(path: Path) -> Dockerfile:
    text = path.read_text()
    stages: list[Stage] = []
    logical, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not logical and (not line or line.startswith("#")):
            continue
        if logical and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if not logical:
            start = number
        logical += " " + line.removesuffix("\\").strip() if logical else line.removesuffix("\\").strip()
        if line.endswith("\\"):
            continue
        keyword, _, arguments = logical.partition(" ")
        instruction = Instruction(keyword.upper(), arguments.strip(), start)
        logical = ""
        if instruction.keyword == "FROM":
            words = [w for w in instruction.arguments.split() if not w.startswith("--")]
            stages.append(Stage(base=words[0], name=words[2] if len(words) > 2 and words[1].upper() == "AS" else None))
        else:
            assert stages, f"{path}: {instruction.keyword} before the first FROM (line {start})"
            stages[-1].instructions.append(instruction)
    return Dockerfile(path, stages, text)


def service_dockerfile(service: dict) -> tuple[Dockerfile, Stage]:
    build = service["build"]
    build = {"context": build} if isinstance(build, str) else build
    path = (ROOT / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).resolve()
    parsed = dockerfile(path)
    return parsed, parsed.stage(build.get("target"))


def implementation_services() -> list[tuple[Implementation, dict]]:
    return [(impl, services().get(impl.name)) for impl in discover().values()]


# .dockerignore, matched as the engine matches it (Go filepath.Match, ** for any depth, ! re-includes).


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    patterns = []
    for raw in DOCKERIGNORE.read_text().splitlines():
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


def dockerignored(path: str) -> bool:
    """Whether the build context leaves out `path` (relative to the context, / separated)."""
    parts = path.strip("/").split("/")
    excluded = False
    for negate, pattern in dockerignore_patterns():
        # A pattern that matches a folder leaves out everything in it.
        if any(pattern.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            excluded = not negate
    return excluded


# The compose file


def test_the_compose_file_follows_the_compose_specification():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        f"docker-compose.yml breaks the Compose Specification:\n{result.stdout}{result.stderr}"
    )


def test_every_reference_between_services_resolves():
    declared_volumes = set(compose().get("volumes") or {})
    declared_networks = set(compose().get("networks") or {}) | {"default"}
    problems = []
    for name, service in services().items():
        for dependency, condition in depends_on(service).items():
            if dependency not in services():
                problems.append(f"{name}: depends_on an unknown service {dependency!r}")
            elif condition == "service_healthy" and "healthcheck" not in services()[dependency]:
                problems.append(f"{name}: waits for {dependency} to be healthy, but {dependency} has no healthcheck")
            elif services()[dependency].get("profiles") and not set(services()[dependency]["profiles"]) <= set(
                service.get("profiles", [])
            ):
                problems.append(
                    f"{name}: depends_on {dependency}, which only starts with profile(s) "
                    f"{services()[dependency]['profiles']}"
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
                and not (ROOT / source).exists()
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
                service_dockerfile(service)
            except (FileNotFoundError, KeyError) as error:
                problems.append(f"{name}: build: {error}")
        elif "image" not in service:
            problems.append(f"{name}: neither build nor image")
    assert not problems, "\n".join(problems)


def test_every_dockerfile_is_used_by_a_service():
    used = {service_dockerfile(s)[0].path for s in services().values() if "build" in s}
    unused = [str(path.relative_to(ROOT)) for path in DOCKERFILES if path.resolve() not in used]
    assert not unused, f"Dockerfiles no service builds: {unused}"


def test_host_ports_are_unique_and_scalable_services_publish_none():
    owners: dict[str, list[str]] = {}
    for name, service in services().items():
        for host, _ in published_ports(service):
            owners.setdefault(host, []).append(name)
    clashes = {port: names for port, names in owners.items() if len(names) > 1 or not port}
    assert not clashes, f"host ports published twice (or not fixed): {clashes}"
    worker = services()["locust-worker"]
    assert not worker.get("ports") and "container_name" not in worker, (
        "locust-worker is scaled (--scale locust-worker=N): it must publish no port and have no container_name"
    )
    named = [name for name, service in services().items() if "container_name" in service]
    assert not named, f"container_name pins a single instance and clashes across projects: {named}"


def test_each_implementation_has_a_service_on_its_manifest_port():
    for impl, service in implementation_services():
        assert service is not None, f"no service named {impl.name!r} for {impl.root.name}/ in docker-compose.yml"
        assert published_ports(service) == [(str(impl.port), str(impl.port))], (
            f"{impl.name}: publishes {published_ports(service)}, the manifest says port {impl.port} "
            f'(expected ["{impl.port}:{impl.port}"])'
        )
        parsed, stage = service_dockerfile(service)
        env = parsed.env(stage)
        assert env.get("PORT") == str(impl.port) and env.get("HOST") == "0.0.0.0", (
            f"{parsed.label}: ENV PORT={env.get('PORT')} HOST={env.get('HOST')}; expected PORT={impl.port} HOST=0.0.0.0"
        )
        exposed = [word for i in parsed.chain(stage) for e in i.all("EXPOSE") for word in e.operands()]
        assert exposed == [str(impl.port)], f"{parsed.label}: EXPOSE {exposed}, expected {impl.port}"


def test_each_implementation_waits_for_postgres_and_is_health_checked():
    postgres = services()[POSTGRES_SERVICE]
    pg_env = environment(postgres)
    databases = _init_script_databases(postgres)
    for impl, service in implementation_services():
        assert depends_on(service).get(POSTGRES_SERVICE) == "service_healthy", (
            f"{impl.name}: must depend on {POSTGRES_SERVICE} with condition service_healthy"
        )
        url = urlsplit(environment(service).get("DATABASE_URL", ""))
        assert (url.scheme, url.hostname, url.port) == ("postgresql", POSTGRES_SERVICE, 5432), (
            f"{impl.name}: DATABASE_URL {url.geturl()!r} is not postgresql://...@{POSTGRES_SERVICE}:5432/..."
        )
        assert (url.username, url.password) == (pg_env["POSTGRES_USER"], pg_env["POSTGRES_PASSWORD"]), (
            f"{impl.name}: DATABASE_URL's user and password differ from the {POSTGRES_SERVICE} service's"
        )
        assert url.path.strip("/") in databases, (
            f"{impl.name}: database {url.path.strip('/')!r} is not created by the init script (creates {databases})"
        )
        test = service.get("healthcheck", {}).get("test", [])
        assert test[:1] in (["CMD"], ["CMD-SHELL"]) and "/healthcheck" in " ".join(test), (
            f"{impl.name}: the healthcheck must request /healthcheck; it is {test}"
        )
        assert "curl" not in " ".join(test) and "wget" not in " ".join(test), (
            f"{impl.name}: the slim images have neither curl nor wget; use python -c"
        )


# Each server's own graceful shutdown: uvicorn's timeout_graceful_shutdown, gunicorn's graceful_timeout.
_GRACEFUL = re.compile(r"\b(?:timeout_graceful_shutdown|graceful_timeout)\s*=\s*(\d+)")
HEALTHCHECK_MIN_INTERVAL_S = 30  # the check runs for the container's whole life, measured runs included


def seconds(duration: str) -> float:
    """A Compose duration ("1m30s", "35s", "500ms") in seconds."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)", str(duration))
    assert parts and "".join(n + u for n, u in parts) == str(duration), f"not a Compose duration: {duration!r}"
    return sum(float(number) * units[unit] for number, unit in parts)


def test_implementations_are_health_checked_rarely_and_given_their_graceful_shutdown():
    for impl, service in implementation_services():
        interval = seconds(service.get("healthcheck", {}).get("interval", "30s"))
        assert interval >= HEALTHCHECK_MIN_INTERVAL_S, (
            f"{impl.name}: a health check every {interval:g} s starts an interpreter and queries the database "
            f"all along, measured runs included; at least {HEALTHCHECK_MIN_INTERVAL_S} s"
        )
        sources = [path for path in impl.root.rglob("*.py") if ".venv" not in path.parts and "tests" not in path.parts]
        timeouts = {int(m) for path in sources for m in _GRACEFUL.findall(path.read_text())}
        assert timeouts, f"{impl.name}: no graceful shutdown timeout found in its sources"
        grace = seconds(service.get("stop_grace_period", "10s"))
        assert grace > max(timeouts), (
            f"{impl.name}: stop_grace_period {grace:g} s; the server drains for up to {max(timeouts)} s before it "
            "stops, and Compose kills it when the grace ends"
        )


def test_locust_listens_on_this_machine_only_unless_asked():
    for address, host, container in port_bindings(services()["locust-master"]):
        assert address == "127.0.0.1", (
            f"locust-master: port {host}:{container} is published on all addresses; the UI has no login and a "
            "worker that connects runs load: 127.0.0.1 by default (${LOCUST_BIND:-127.0.0.1}:...)"
        )
    raw = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["locust-master"]["ports"]
    assert all("${LOCUST_BIND" in str(port) for port in raw), (
        "locust-master: LOCUST_BIND=0.0.0.0 must open the ports for workers on other machines (docs/containers.md)"
    )


def _init_script_databases(postgres: dict) -> set[str]:
    """The databases the postgres service's init scripts create: the names its IMPLEMENTATION_DATABASES lists."""
    scripts = [
        path
        for volume in mounts(postgres)
        if volume["target"] == INIT_SCRIPTS
        for path in sorted((ROOT / volume["source"]).iterdir())
    ]
    assert [path.name for path in scripts] == ["01-databases.sh"], f"{POSTGRES_SERVICE}: init scripts {scripts}"
    assert "IMPLEMENTATION_DATABASES" in scripts[0].read_text()
    return set(environment(postgres).get("IMPLEMENTATION_DATABASES", "").split())


def test_the_init_script_creates_each_database_it_is_given(tmp_path):
    """Sourced as the postgres image's entrypoint sources it (bash, -Eeo pipefail), against a throwaway cluster."""
    require_binaries()
    postgres = services()[POSTGRES_SERVICE]
    [script] = [ROOT / v["source"] / "01-databases.sh" for v in mounts(postgres) if v["target"] == INIT_SCRIPTS]
    assert not os.access(script, os.X_OK), f"{script.name}: the image runs an executable script, sources the others"
    with throwaway_postgres() as cluster:
        env = os.environ | {
            "PATH": f"{cluster.bindir}{os.pathsep}{os.environ['PATH']}",
            "PGHOST": "127.0.0.1",
            "PGPORT": str(cluster.port),
            "POSTGRES_USER": urlsplit(cluster.url("postgres")).username,
            "POSTGRES_DB": "postgres",
            "IMPLEMENTATION_DATABASES": "zeta eta_2",
        }
        source = ["bash", "-c", f"set -Eeo pipefail; . {script}; echo sourced"]
        result = subprocess.run(source, env=env, capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0 and result.stdout.split()[-1] == "sourced", result.stderr
        assert {"zeta", "eta_2"} <= _database_names(cluster.url("postgres"))
        missing = subprocess.run(source, env=env | {"IMPLEMENTATION_DATABASES": ""}, capture_output=True, text=True)
        assert missing.returncode != 0 and "names no database" in missing.stderr, "an empty list stops the start"


def test_postgres_is_pinned_health_checked_and_keeps_its_data_in_a_named_volume():
    postgres = services()[POSTGRES_SERVICE]
    image = postgres.get("image", "")
    assert re.fullmatch(r"postgres:15\.\d+(-\w+)?", image), f"{POSTGRES_SERVICE}: image {image!r} is not postgres:15.N"
    test = " ".join(postgres.get("healthcheck", {}).get("test", []))
    assert "pg_isready" in test, f"{POSTGRES_SERVICE}: the healthcheck must use pg_isready; it is {test!r}"
    targets = {volume["target"] for volume in mounts(postgres)}
    assert {"/var/lib/postgresql/data", INIT_SCRIPTS} <= targets, f"{POSTGRES_SERVICE}: mounts {targets}"
    assert POSTGRES_SERVICE not in {n for n, s in services().items() if s.get("ports")}, (
        "PostgreSQL is for the services only: publishing 5432 would clash with a server on the host"
    )


# Locust and the comparison


def test_locust_runs_distributed_with_the_ui_pointed_at_an_implementation():
    master, worker = services()["locust-master"], services()["locust-worker"]
    master_command, worker_command = command(master), command(worker)
    for name, argv in (("locust-master", master_command), ("locust-worker", worker_command)):
        assert argv and argv[0] == "locust", f"{name}: command {argv} does not run locust"
        locustfile = argv[argv.index("-f") + 1]
        parsed, stage = service_dockerfile(services()[name])
        workdir = parsed.setting(stage, "WORKDIR").arguments
        assert workdir == f"{APP}/loadtests" and (ROOT / "loadtests" / locustfile).is_file(), (
            f"{name}: -f {locustfile} from {workdir} is not loadtests/{locustfile}"
        )
    assert "--master" in master_command and ("8089", "8089") in published_ports(master), (
        "locust-master: needs --master and the web UI published on 8089"
    )
    assert "--worker" in worker_command, "locust-worker: needs --worker"
    assert worker_command[worker_command.index("--master-host") + 1] == "locust-master", (
        "locust-worker: --master-host must name the locust-master service"
    )
    assert "locust-master" in depends_on(worker)
    host = urlsplit(environment(master).get("LOCUST_HOST", ""))
    ports = {impl.name: impl.port for impl, _ in implementation_services()}
    assert ports.get(host.hostname) == host.port, (
        f"locust-master: LOCUST_HOST {host.geturl()!r} is not an implementation service on its manifest port ({ports})"
    )
    for name in ports:
        assert depends_on(master).get(name) == "service_healthy", f"locust-master: should wait for {name} to be healthy"


def test_the_compare_profile_runs_make_compare_against_the_compose_postgres():
    service = services()["compare"]
    assert service.get("profiles") == ["compare"], "compare: must only start with its profile"
    argv = command(service)
    assert argv[:4] == ["python", "-m", "bench", "compare"] and argv[argv.index("--db") + 1] == "postgres", (
        f"compare: command {argv} is not `python -m bench compare --db postgres`"
    )
    makefile = (ROOT / "Makefile").read_text()
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
    assert "/reports/" in (ROOT / ".gitignore").read_text().split(), "reports/ must stay out of git"
    parsed, stage = service_dockerfile(service)
    copies = [i.operands() for link in parsed.chain(stage) for i in link.all("COPY")]
    builders = [s for s in parsed.stages for i in s.all("COPY") if i.operands() == [".", APP]]
    assert builders and any(i.flags().get("from") in {b.name for b in builders} for i in stage.all("COPY")), (
        f"{parsed.label}, stage {stage.name}: the comparison needs the whole workspace "
        f"(COPY . {APP} in its builder); copies: {copies}"
    )
    syncs = " ".join(i.arguments for b in builders for i in b.all("RUN") if "uv sync" in i.arguments)
    assert "--all-packages" in syncs, f"{parsed.label}: the comparison's builder must install every member"


def test_the_compare_image_installs_every_workspace_member_by_finding_it(tmp_path):
    """Its dependency layer comes from every member's pyproject.toml, found, not listed: its command, run here."""
    parsed, _ = service_dockerfile(services()["compare"])
    named = [impl.root.name for impl in discover().values() if impl.root.name in parsed.text]
    assert not named, f"{parsed.label} names implementation folders {named}: a new one would have to add its own"
    [members] = [s for s in parsed.stages if s.name == "members"]
    [find] = [i.arguments for i in members.all("RUN")]
    context = tmp_path / "context"
    for member in [ROOT / "pyproject.toml", *sorted(ROOT.glob("*/pyproject.toml"))]:
        (context / member.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        (context / member.relative_to(ROOT)).write_text(member.read_text())
    (context / "zeta_impl" / "tests" / "fixture").mkdir(parents=True)
    (context / "zeta_impl" / "pyproject.toml").write_text("[project]\n")
    (context / "zeta_impl" / "tests" / "fixture" / "pyproject.toml").write_text("not a member\n")
    (tmp_path / "app").mkdir()
    subprocess.run(["sh", "-c", find.replace(f"{APP}/", f"{tmp_path}/app/")], cwd=context, check=True)
    copied = sorted(str(p.relative_to(tmp_path / "app")) for p in (tmp_path / "app").rglob("pyproject.toml"))
    members_found = sorted(str(p.relative_to(context)) for p in context.glob("*/pyproject.toml"))
    assert copied == members_found and "zeta_impl/pyproject.toml" in copied, copied
    assert any(i.flags().get("from") == "members" for i in parsed.stage("compare-builder").all("COPY"))


COMPARE_ENTRYPOINT = ROOT / "loadtests" / "docker" / "compare-entrypoint.sh"


def test_the_compare_image_starts_as_root_only_to_hand_over_the_reports_folder():
    service = services()["compare"]
    parsed, stage = service_dockerfile(service)
    entrypoint = parsed.setting(stage, "ENTRYPOINT")
    assert entrypoint and entrypoint.exec_form() == [f"{APP}/{COMPARE_ENTRYPOINT.relative_to(ROOT)}"], (
        f"{parsed.label}, stage {stage.name}: ENTRYPOINT must be {COMPARE_ENTRYPOINT.relative_to(ROOT)}"
    )
    assert os.access(COMPARE_ENTRYPOINT, os.X_OK), f"{COMPARE_ENTRYPOINT.name} is not executable (git add --chmod=+x)"
    assert str(service.get("user")) in ("root", "0", "0:0"), (
        "compare: starts as root (user: root), so that the entrypoint can hand ./reports to its owner"
    )


@pytest.mark.parametrize("case", ["HOST_UID", "owner of reports", "engine-made reports"])
def test_the_compare_entrypoint_runs_the_comparison_as_the_owner_of_the_reports(case):
    if os.geteuid() != 0:
        pytest.skip("the entrypoint's work as root needs root (CI runs as root)")
    with tempfile.TemporaryDirectory() as folder:  # not pytest's tmp_path: other users must reach it
        os.chmod(folder, 0o755)
        _run_compare_entrypoint(case, Path(folder) / "reports")


def _run_compare_entrypoint(case: str, reports: Path) -> None:
    reports.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("HOST_UID", "HOST_GID")}
    env["REPORTS_DIR"] = str(reports)
    if case == "HOST_UID":
        env |= {"HOST_UID": "4321", "HOST_GID": "4322"}
        expected = (4321, 4322)
    elif case == "owner of reports":
        os.chown(reports, 2345, 2346)
        expected = (2345, 2346)
    else:  # made by the engine as root: the checkout's owner, never root
        git = (ROOT / ".git").stat()
        expected = (git.st_uid, git.st_gid) if git.st_uid != 0 else (10001, 10001)
    command = 'id -u; id -g; touch "$REPORTS_DIR/report.html"'
    result = subprocess.run([str(COMPARE_ENTRYPOINT), "sh", "-c", command], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert tuple(int(n) for n in result.stdout.split()) == expected
    assert ((reports / "report.html").stat().st_uid, reports.stat().st_uid) == (expected[0], expected[0])


def test_comparisons_against_the_compose_postgres_never_reuse_a_database_name_and_leave_it_as_found(
    monkeypatch, tmp_path
):
    """`docker compose run compare`, twice: the same process id each time (init: true), the same server."""
    require_binaries()
    with throwaway_postgres() as cluster:
        admin = cluster.url("postgres")
        monkeypatch.setenv("POSTGRES_URL", admin)
        monkeypatch.setattr(os, "getpid", lambda: 7)
        before = _database_names(admin)
        for run in (1, 2):
            fresh_process = importlib.reload(harness.databases)  # module state starts afresh, as in a new run
            with fresh_process.database_factory("postgres", tmp_path) as databases:
                urls = [databases.fresh("fastapi"), databases.fresh("fastapi_floor"), databases.fresh("fastapi")]
                assert len(set(urls)) == 3, f"run {run}: a database name was handed out twice: {urls}"
                assert {urlsplit(url).path.strip("/") for url in urls} <= _database_names(admin)
            assert _database_names(admin) == before, f"run {run} left databases behind on the shared server"


def _database_names(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}


# The Dockerfiles


@pytest.fixture(scope="module")
def hadolint(tmp_path_factory) -> list[str]:
    executable = Path(sys.executable).parent / "hadolint"
    assert executable.exists(), "hadolint is missing: it comes with loadtests' dev group (make sync)"
    config = tmp_path_factory.mktemp("hadolint") / "hadolint.yaml"
    config.write_text("ignored: []\n")  # this file only: no user or repository configuration applies
    return [str(executable), "--config", str(config), "--format", "json", "--no-color"]


@pytest.mark.parametrize("path", DOCKERFILES + STAND_IN_DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_passes_hadolint_without_findings(path, hadolint):
    env = {key: value for key, value in os.environ.items() if not key.startswith("HADOLINT_")}
    result = subprocess.run([*hadolint, str(path)], capture_output=True, text=True, env=env, cwd=path.parent)
    findings = json.loads(result.stdout or "[]")
    report = [f"  {path.relative_to(ROOT)}:{f['line']} {f['code']} ({f['level']}): {f['message']}" for f in findings]
    assert not findings and result.returncode == 0, "hadolint:\n" + "\n".join(report) + result.stderr


@pytest.mark.parametrize("path", DOCKERFILES + STAND_IN_DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
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


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dockerfile_is_multi_stage_pinned_locked_and_not_root(path):
    parsed = dockerfile(path)
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
    for stage in _runtime_stages(parsed):
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


def _runtime_stages(parsed: Dockerfile) -> list[Stage]:
    """The stages that run: the last one and every stage a compose service builds."""
    stages = [parsed.stages[-1]]
    for service in services().values():
        if "build" in service and service_dockerfile(service)[0].path == parsed.path:
            stages.append(service_dockerfile(service)[1])
    return stages


def test_implementation_images_run_the_manifest_command_from_the_implementation_folder():
    for impl, service in implementation_services():
        parsed, stage = service_dockerfile(service)
        cmd = parsed.setting(stage, "CMD")
        assert cmd and cmd.exec_form() == list(impl.command), (
            f"{parsed.label}: CMD {cmd.arguments if cmd else None} differs from manifest.toml's command "
            f"{list(impl.command)}"
        )
        assert parsed.setting(stage, "ENTRYPOINT") is None, f"{parsed.label}: an ENTRYPOINT would wrap the command"
        assert command(service) in (None, list(impl.command)), (
            f"docker-compose.yml, {impl.name}: command {command(service)} differs from the manifest's "
            f"{list(impl.command)}"
        )
        workdir = parsed.setting(stage, "WORKDIR")
        assert workdir and workdir.arguments == f"{APP}/{impl.root.name}", (
            f"{parsed.label}: WORKDIR {workdir.arguments if workdir else None}, expected {APP}/{impl.root.name} "
            "(the manifest's command runs from the implementation folder)"
        )
        member = f"--package {impl.root.name.replace('_', '-')}"
        syncs = [i.arguments for s in parsed.stages for i in s.all("RUN") if "uv sync" in i.arguments]
        assert any(member in sync for sync in syncs), (
            f"{parsed.label}: uv sync {member} (only this member's dependencies)"
        )


def test_images_share_the_python_of_the_repository_and_the_uv_of_the_makefile():
    python = (ROOT / ".python-version").read_text().strip()
    uv_version = re.search(r"^UV_VERSION := (\S+)", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    bases = {stage.base for path in DOCKERFILES for stage in dockerfile(path).stages}
    pythons = {base for base in bases if base.startswith("python:")}
    assert len(pythons) == 1 and pythons.pop().startswith(f"python:{python}."), (
        f"Dockerfiles use {sorted(b for b in bases if b.startswith('python:'))}; expected one python:{python}.N tag"
    )
    uvs = {base for base in bases if "astral-sh/uv" in base}
    assert uvs == {f"ghcr.io/astral-sh/uv:{uv_version}"}, f"Dockerfiles use {uvs}; the Makefile pins uv {uv_version}"


def test_every_pinned_base_image_has_a_stand_in(monkeypatch):
    """Where no registry answers, make compose-check builds each base the engine lacks from stand-ins/."""
    monkeypatch.syspath_prepend(str(ROOT / "loadtests" / "docker"))
    from compose_check import bases

    refs = bases.pinned(DOCKERFILES, compose())
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


# The build context


def test_dockerignore_keeps_out_local_state():
    for path in (
        ".git",
        ".venv",
        "fastapi_impl/.venv",
        ".tools/bin/uv",
        "reports/latest/report.html",
        "flask_impl/app/__pycache__/config.cpython-311.pyc",
        ".pytest_cache/v/cache",
        "django_impl/.pytest_cache",
        "fastapi_impl/db.sqlite3",
        "fastapi_impl/db.sqlite3-wal",
        "loadtests/bench/__pycache__",
        ".env",
    ):
        assert dockerignored(path), f".dockerignore lets {path} into the build context"


def test_dockerignore_lets_in_what_the_images_copy():
    for path in DOCKERFILES:
        for stage in dockerfile(path).stages:
            for copy in stage.all("COPY"):
                if "from" in copy.flags():
                    continue
                for source in copy.operands()[:-1]:
                    assert source == "." or not dockerignored(source), (
                        f"{path.relative_to(ROOT)}:{copy.line}: COPY {source}, which .dockerignore leaves out"
                    )
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    left_out = [name for name in tracked if dockerignored(name)]
    assert not left_out, (
        f".dockerignore leaves out tracked files (git in the compare image would see them as deleted): {left_out[:10]}"
    )


# The documentation


def test_the_containers_page_describes_every_service():
    page = (ROOT / "docs" / "containers.md").read_text()
    assert "docs/containers.md" in (ROOT / "README.md").read_text(), "the README does not link docs/containers.md"
    for name, service in services().items():
        for host, _ in published_ports(service):
            assert f"localhost:{host}" in page, f"docs/containers.md: {name}'s http://localhost:{host} is missing"
    phrases = ("docker compose up", "--scale locust-worker=", "reports/", "docker compose run --rm --build compare")
    for phrase in phrases:
        assert phrase in page, f"docs/containers.md: {phrase!r} is missing"


# A new implementation folder, beside the repository's own files


def test_a_new_implementation_folder_is_first_party_for_ruff_and_listed_by_make(tmp_path):
    for name in ("pyproject.toml", "Makefile"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    (tmp_path / "zeta_impl" / "app").mkdir(parents=True)
    (tmp_path / "zeta_impl" / "app" / "main.py").write_text('"""Zeta."""\n')
    (tmp_path / "zeta_impl" / "manifest.toml").write_text('name = "zeta"\n')
    ruff = Path(sys.executable).parent / "ruff"
    shown = subprocess.run(
        [str(ruff), "check", "--show-settings", "zeta_impl/app/main.py"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    src = re.search(r"^linter\.src = \[(.*?)\]", shown, re.S | re.M)
    assert src and f'"{tmp_path / "zeta_impl"}"' in src.group(1), f"ruff's src: {src and src.group(1)}"
    listed = subprocess.run(["make", "-s", "help"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert re.search(r"implementations: .*\bzeta\b", listed), listed[-300:]

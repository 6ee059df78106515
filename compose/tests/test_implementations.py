"""Each implementation's service and image against its manifest.toml: name, port, command, database, shutdown."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from compose_check.compose_file import command, depends_on, environment, published_ports, seconds
from compose_check.repository import APP, POSTGRES_SERVICE

# Each server's own graceful shutdown: uvicorn's timeout_graceful_shutdown, gunicorn's graceful_timeout.
GRACEFUL = re.compile(r"\b(?:timeout_graceful_shutdown|graceful_timeout)\s*=\s*(\d+)")
HEALTHCHECK_MIN_INTERVAL_S = 30  # the check runs for the container's whole life, measured runs included


def test_each_implementation_has_a_service_on_its_manifest_port(repo):
    for impl, service in repo.implementation_services():
        assert service is not None, f"no service named {impl.name!r} for {impl.root.name}/ in docker-compose.yml"
        assert published_ports(service) == [(str(impl.port), str(impl.port))], (
            f"{impl.name}: publishes {published_ports(service)}, the manifest says port {impl.port} "
            f'(expected ["{impl.port}:{impl.port}"])'
        )
        parsed, stage = repo.service_dockerfile(service)
        env = parsed.env(stage)
        assert env.get("PORT") == str(impl.port) and env.get("HOST") == "0.0.0.0", (
            f"{parsed.label}: ENV PORT={env.get('PORT')} HOST={env.get('HOST')}; expected PORT={impl.port} HOST=0.0.0.0"
        )
        exposed = [word for i in parsed.chain(stage) for e in i.all("EXPOSE") for word in e.operands()]
        assert exposed == [str(impl.port)], f"{parsed.label}: EXPOSE {exposed}, expected {impl.port}"


def test_each_implementation_waits_for_postgres_in_a_database_of_its_own_and_is_health_checked(repo):
    pg_env = environment(repo.services[POSTGRES_SERVICE])
    databases = repo.listed_databases()
    for impl, service in repo.implementation_services():
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
            f"{impl.name}: database {url.path.strip('/')!r} is not in the {POSTGRES_SERVICE} service's "
            f"IMPLEMENTATION_DATABASES ({' '.join(databases)}), so nothing creates it"
        )
        test = service.get("healthcheck", {}).get("test", [])
        assert test[:1] in (["CMD"], ["CMD-SHELL"]) and "/healthcheck" in " ".join(test), (
            f"{impl.name}: the healthcheck must request /healthcheck; it is {test}"
        )
        assert "curl" not in " ".join(test) and "wget" not in " ".join(test), (
            f"{impl.name}: the slim images have neither curl nor wget; use python -c"
        )
    urls = [environment(service).get("DATABASE_URL") for _, service in repo.implementation_services()]
    assert len(set(urls)) == len(urls), f"implementations share a database: {urls}"


def test_implementations_are_health_checked_rarely_and_given_their_graceful_shutdown(repo):
    for impl, service in repo.implementation_services():
        interval = seconds(service.get("healthcheck", {}).get("interval", "30s"))
        assert interval >= HEALTHCHECK_MIN_INTERVAL_S, (
            f"{impl.name}: a health check every {interval:g} s starts an interpreter and queries the database "
            f"all along, measured runs included; at least {HEALTHCHECK_MIN_INTERVAL_S} s"
        )
        sources = [path for path in impl.root.rglob("*.py") if ".venv" not in path.parts and "tests" not in path.parts]
        timeouts = {int(m) for path in sources for m in GRACEFUL.findall(path.read_text())}
        assert timeouts, f"{impl.name}: no graceful shutdown timeout found in its sources"
        grace = seconds(service.get("stop_grace_period", "10s"))
        assert grace > max(timeouts), (
            f"{impl.name}: stop_grace_period {grace:g} s; the server drains for up to {max(timeouts)} s before it "
            "stops, and Compose kills it when the grace ends"
        )


def test_implementation_images_run_the_manifest_command_from_the_implementation_folder(repo):
    for impl, service in repo.implementation_services():
        parsed, stage = repo.service_dockerfile(service)
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

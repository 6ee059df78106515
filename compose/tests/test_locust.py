"""Distributed Locust: the master's UI on this machine only, scalable workers, every implementation awaited."""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml

from compose_check.compose_file import command, depends_on, environment, port_bindings, published_ports
from compose_check.repository import APP


def test_locust_listens_on_this_machine_only_unless_asked(repo):
    for address, host, container in port_bindings(repo.services["locust-master"]):
        assert address == "127.0.0.1", (
            f"locust-master: port {host}:{container} is published on all addresses; the UI has no login and a "
            "worker that connects runs load: 127.0.0.1 by default (${LOCUST_BIND:-127.0.0.1}:...)"
        )
    raw = yaml.safe_load(repo.compose_path.read_text())["services"]["locust-master"]["ports"]
    assert all("${LOCUST_BIND" in str(port) for port in raw), (
        "locust-master: LOCUST_BIND=0.0.0.0 must open the ports for workers on other machines (docs/containers.md)"
    )


def test_locust_runs_distributed_with_the_ui_pointed_at_an_implementation(repo):
    master, worker = repo.services["locust-master"], repo.services["locust-worker"]
    master_command, worker_command = command(master), command(worker)
    for name, argv in (("locust-master", master_command), ("locust-worker", worker_command)):
        assert argv and argv[0] == "locust", f"{name}: command {argv} does not run locust"
        locustfile = argv[argv.index("-f") + 1]
        parsed, stage = repo.service_dockerfile(repo.services[name])
        workdir = parsed.setting(stage, "WORKDIR").arguments
        assert workdir == f"{APP}/loadtests" and (repo.root / "loadtests" / locustfile).is_file(), (
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
    ports = {impl.name: impl.port for impl in repo.impls}
    assert ports.get(host.hostname) == host.port, (
        f"locust-master: LOCUST_HOST {host.geturl()!r} is not an implementation service on its manifest port ({ports})"
    )
    for name in ports:
        assert depends_on(master).get(name) == "service_healthy", f"locust-master: should wait for {name} to be healthy"

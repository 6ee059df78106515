"""docs/containers.md: every service and how to reach it, the commands it promises."""

from __future__ import annotations

from compose_check.compose_file import published_ports


def test_the_containers_page_describes_every_service(repo):
    page = (repo.root / "docs" / "containers.md").read_text()
    assert "docs/containers.md" in (repo.root / "README.md").read_text(), "the README does not link docs/containers.md"
    implementations = {impl.name for impl in repo.impls}
    for name, service in repo.services.items():
        if name in implementations:
            continue  # one row for all of them: each on its manifest's port, listed in docs/running.md
        assert f"`{name}`" in page, f"docs/containers.md: the service {name} is not described"
        for host, _ in published_ports(service):
            assert f"localhost:{host}" in page, f"docs/containers.md: {name}'s http://localhost:{host} is missing"
    phrases = (
        "docker compose up",
        "--scale locust-worker=",
        "reports/",
        "docker compose run --rm --build compare",
        "one service per implementation",
        "running.md#implementations",
    )
    for phrase in phrases:
        assert phrase in page, f"docs/containers.md: {phrase!r} is missing"

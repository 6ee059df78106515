"""make compose-check's own parts that need no engine: the environment it runs Compose with, ports, its tally."""

from __future__ import annotations

import socket

import pytest

from compose_check.__main__ import _ports, compose_environment, ports_free
from compose_check.engine import CheckFailed
from compose_check.probes import CORS_ORIGIN
from compose_check.steps import Steps


def test_compose_runs_with_the_files_defaults_not_the_callers_variables():
    env = compose_environment({"PATH": "/usr/bin", "WORKERS": "8", "IMPLS": "flask", "LOCUST_HOST": "http://x"})
    assert env == {"PATH": "/usr/bin", "CORS_ALLOW_ORIGINS": CORS_ORIGIN}


def test_published_ports_are_read_in_the_syntax_of_either_compose():
    v1 = {"ports": ["127.0.0.1:8089:8089/tcp", "8001:8001"]}
    v2 = {"ports": [{"published": "8002", "target": 8002, "host_ip": "127.0.0.1"}]}
    assert _ports(v1) == [{"published": "8089", "target": "8089"}, {"published": "8001", "target": "8001"}]
    assert _ports(v2) == v2["ports"]


def test_a_port_taken_on_this_machine_stops_the_check_before_anything_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = {"services": {"zeta": {"ports": [f"{port}:{port}"]}}}
        with pytest.raises(CheckFailed, match=f"port {port} is taken"):
            ports_free(config)
    assert ports_free(config) == f"free: {port}"


def test_each_step_is_printed_timed_and_counted(capsys):
    steps = Steps()
    assert steps.run("first", lambda: ["saw one", "saw two"]) == ["saw one", "saw two"]
    steps.run("second", lambda: {"zeta": "healthy"})
    steps.note("a note")
    printed = capsys.readouterr().out
    assert "] first\n    saw one\n    saw two\n" in printed and "    zeta: healthy\n" in printed
    summary = steps.summary()
    assert summary.startswith("compose-check passed:\n  - saw one\n  - saw two\n  - zeta: healthy\n  - a note\n")
    assert summary.endswith("compose-check: 2 passed, 0 failed")
    assert steps.tally(failed=1) == "compose-check: 2 passed, 1 failed"

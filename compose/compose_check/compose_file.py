"""docker-compose.yml read as Compose reads it with no variable set, and the parts of a service the checks look at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# ${NAME:-default} and ${NAME-default} give their default, ${NAME} nothing, $$ a dollar.
_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}")


def interpolate(value: Any) -> Any:
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: "$" if m.group(0) == "$$" else (m.group("default") or ""), value)
    if isinstance(value, list):
        return [interpolate(item) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item) for key, item in value.items()}
    return value


def load(path: Path) -> dict[str, Any]:
    # safe_load applies the `<<: *anchor` merges, as Compose does.
    return interpolate(yaml.safe_load(path.read_text()))


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


def mounts(service: dict) -> list[dict[str, Any]]:
    """Every volume entry in the long syntax's terms (type, source, target, read_only; short: written short)."""
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


def seconds(duration: str) -> float:
    """A Compose duration ("1m30s", "35s", "500ms") in seconds."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|us|m|s)", str(duration))
    if not parts or "".join(n + u for n, u in parts) != str(duration):
        raise ValueError(f"not a Compose duration: {duration!r}")
    return sum(float(number) * units[unit] for number, unit in parts)

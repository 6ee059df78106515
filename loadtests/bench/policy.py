"""Server policies: how many worker processes, and how many requests at once, each server runs with.

The answer decides rankings (one process per core against gunicorn's 2 × cores + 1 moved Flask
from behind FastAPI to ahead of it), so the policy is a visible dimension of every run:

- equal: every server runs the same number of worker processes, one per core it gets (WORKERS
  sets another number for all), each working on CONCURRENCY requests at once (gunicorn's gthread
  threads, or an async server's pool of database connections). The headline policy.
- documented: each server's own deployment docs for the cores it gets (the manifest's `workers`
  formula and `workers_source`), with the same CONCURRENCY.
- tuned: each implementation's best workers × concurrency on this machine, as `make tune` found
  them (bench/tune.py writes reports/tuned.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.manifest import Implementation

POLICIES = ("equal", "documented", "tuned")
FORMULA = re.compile(r"^\s*(?:(\d+)\s*\*\s*)?cores\s*(?:\+\s*(\d+))?\s*$")


class PolicyError(ValueError):
    """A policy that cannot be applied (tuned without `make tune`, a bad formula)."""


@dataclass(frozen=True)
class Shape:
    """What one server runs with under a policy, and why."""

    workers: int
    concurrency: int
    why: str

    @property
    def at_once(self) -> int:
        return self.workers * self.concurrency


def documented_workers(impl: Implementation, cores: int) -> int:
    """The manifest's formula ("2 * cores + 1", "cores") for `cores`."""
    match = FORMULA.match(impl.workers)
    if match is None:
        raise PolicyError(f"{impl.name}: workers = {impl.workers!r} is not of the form 'a * cores + b'")
    return int(match.group(1) or 1) * cores + int(match.group(2) or 0)


def shape(
    policy: str,
    impl: Implementation,
    cores: int,
    *,
    workers: int | None = None,
    concurrency: int = 4,
    tuned: dict[str, Any] | None = None,
) -> Shape:
    """The worker processes and requests at once of `impl`'s server under `policy`."""
    if policy == "equal":
        count = workers if workers is not None else cores
        why = f"WORKERS={workers}" if workers is not None else f"one per core, {cores} core(s)"
        return Shape(count, concurrency, why)
    if policy == "documented":
        source = f", {impl.workers_source}" if impl.workers_source else ""
        return Shape(documented_workers(impl, cores), concurrency, f"{impl.workers}, cores={cores}{source}")
    if policy == "tuned":
        best = (tuned or {}).get(impl.name)
        if not best:
            raise PolicyError(f"{impl.name}: no tuned policy for this machine and database: run `make tune` first")
        return Shape(int(best["workers"]), int(best["concurrency"]), f"make tune, {best.get('measured', '')}".strip())
    raise PolicyError(f"unknown policy {policy!r}; choose from {', '.join(POLICIES)}")


def at_once_text(impl: Implementation, found: Shape) -> str:
    """How many requests the server works on at once, in its own terms."""
    if impl.concurrency_env and impl.concurrency_kind == "threads":
        return f"{found.at_once} ({found.workers} × {found.concurrency} threads)"
    if impl.concurrency_env:
        return (
            f"{found.at_once} at the database ({found.workers} × {impl.concurrency_env}={found.concurrency} "
            "pooled connections); more are accepted and wait for one"
        )
    return "no limit: every request is taken as it arrives"


def describe(policy: str, shapes: dict[str, tuple[Implementation, Shape]], cores: int) -> dict[str, str]:
    """The policy as the report and the README print it: the rule, then each implementation's shape."""
    rule = {
        "equal": f"equal processes: every server runs the same worker processes (one per core it gets, {cores} "
        "here) and the same requests at once per worker (gunicorn gthread threads, or an async server's pool "
        "of database connections)",
        "documented": f"documented defaults: each server's own deployment docs for the {cores} core(s) it gets, "
        "the same requests at once per worker",
        "tuned": "tuned: each implementation's best workers × requests at once on this machine (make tune)",
    }[policy]
    return {
        "name": policy,
        "rule": rule,
        **{
            name: f"{impl.server}; {found.workers} worker process(es) ({found.why}); "
            f"requests in progress at once: {at_once_text(impl, found)}"
            for name, (impl, found) in shapes.items()
        },
    }


def load_tuned(path: Path, db: str) -> dict[str, Any]:
    """reports/tuned.json's choices for `db`: {implementation: {workers, concurrency, measured}}."""
    if not path.exists():
        return {}
    return json.loads(path.read_text()).get(db, {}).get("best", {})

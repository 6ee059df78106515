"""The first phase of a run: code figures, the contract gate and the seeded databases.

Nothing is measured yet, so the contract suites may use both cores while each implementation seeds
one database through its own API; every unit's servers then start on copies of it.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.context import RunContext
from bench.devx import measure as measure_devx
from bench.seed import seed
from bench.summary import Seeded
from harness.manifest import ROOT, Implementation


def prepare(run: RunContext) -> None:
    for impl in run.settings.impls:
        run.summary.devx[impl.name] = measure_devx(impl)
    with ThreadPoolExecutor(max_workers=1) as background:
        suites = background.submit(contract_gate, run) if run.settings.contract else None
        for impl in run.settings.impls:
            run.seeded[impl.name] = seed_database(run, impl)
        run.summary.contract = suites.result() if suites else {}


def contract_gate(run: RunContext) -> dict[str, Any]:
    """The contract suite against every implementation, all at once: who fails is ranked nowhere."""
    impls = run.settings.impls
    run.progress.step(f"contract suite on {run.settings.db}: {', '.join(i.name for i in impls)}")

    def suite(impl: Implementation) -> dict[str, Any]:
        argv = [sys.executable, "-m", "pytest", "contract", "-q", "-p", "no:cacheprovider"]
        result = subprocess.run(
            [*argv, "--impl", impl.name, "--db", run.settings.db], cwd=ROOT, capture_output=True, text=True
        )
        last = (result.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
        return {"passed": result.returncode == 0, "summary": last}

    with ThreadPoolExecutor(max_workers=len(impls)) as pool:
        return dict(zip((impl.name for impl in impls), pool.map(suite, impls)))


def seed_database(run: RunContext, impl: Implementation) -> Seeded:
    """One database seeded through the implementation's own API."""
    settings = run.settings
    run.progress.step(
        f"{impl.name}: seeding {settings.seed_authors} authors × {settings.seed_posts} posts through the API"
    )
    with run.server(impl, f"{impl.name}.seeding", cpus=None) as server:
        dataset = seed(
            server.url,
            authors=settings.seed_authors,
            posts_per_author=settings.seed_posts,
            path=run.logs / f"{impl.name}.seed.json",
        )
    return Seeded(server.env["DATABASE_URL"], dataset)

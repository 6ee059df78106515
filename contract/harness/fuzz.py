"""Fuzz one server with schemathesis's command line, every check, a seed and a time budget.

This is how an outsider would check a server against contract/openapi.yaml: the schemathesis CLI,
`--checks all`, a seed of their own and a time limit, with the per-operation statuses the
contract allows (contract/faults/schemathesis.toml) and two registered users taking turns as the
requests' bearers (harness.fuzz_hooks). The contract suite's own fuzzing (faults/test_fuzzing.py)
reads the same settings, bounded and deterministic.

    python -m harness fuzz fastapi --db sqlite --max-time 60           # a fresh seed, printed
    python -m harness fuzz flask --db postgres --seed 1234 --max-time 60
    python -m harness fuzz --base-url http://127.0.0.1:8001 --max-time 60
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from harness.databases import database_factory
from harness.manifest import ROOT, select
from harness.server import MAX_BODY_BYTES, Server

CONTRACT = ROOT / "contract" / "openapi.yaml"
CONFIG = ROOT / "contract" / "faults" / "schemathesis.toml"


@contextlib.contextmanager
def served(impl_name: str, db: str) -> Iterator[str]:
    """One implementation on a fresh database, for as long as the block runs: its URL."""
    [impl] = select(impl_name)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as workdir, database_factory(db, Path(workdir)) as databases:
        server = Server(
            impl,
            database_url=databases.fresh(impl.name),
            log_path=Path(workdir) / "server.log",
            workers=2,
            env={"MAX_BODY_BYTES": str(MAX_BODY_BYTES)},
        )
        with server:
            yield server.url


def command(url: str, seed: int, max_time: int, report: Path | None) -> list[str]:
    """The schemathesis run, as one would type it."""
    argv = [
        # The command of the environment running the harness, whatever PATH says.
        str(Path(sys.executable).with_name("schemathesis")),
        f"--config-file={CONFIG}",
        "run",
        str(CONTRACT),
        f"--url={url}",
        "--checks=all",
        f"--seed={seed}",
        f"--max-time={max_time}",
    ]
    if report is not None:
        argv += ["--report=junit", f"--report-dir={report}"]
    return argv


def run(url: str, seed: int, max_time: int, report: Path | None) -> int:
    argv = command(url, seed, max_time, report)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "harness.fuzz_hooks", "FUZZ_BASE_URL": url}
    print("SCHEMATHESIS_HOOKS=harness.fuzz_hooks FUZZ_BASE_URL=" + url, *argv, file=sys.stderr, flush=True)
    return subprocess.call(argv, cwd=ROOT, env=env)


def main(args: argparse.Namespace) -> int:
    if not (args.impl or args.base_url):
        raise SystemExit("python -m harness fuzz: name an implementation or --base-url")
    seed = args.seed if args.seed is not None else random.randrange(2**31)
    print(f"seed {seed}", file=sys.stderr, flush=True)
    if args.base_url:
        return run(args.base_url, seed, args.max_time, args.report)
    with served(args.impl, args.db) as url:
        return run(url, seed, args.max_time, args.report)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fuzz = commands.add_parser("fuzz", help="schemathesis with every check against one server (a seed, a time budget)")
    fuzz.add_argument("impl", nargs="?", help="an implementation to start on a fresh database")
    fuzz.add_argument("--base-url", help="or a server already running")
    fuzz.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    fuzz.add_argument("--seed", type=int, help="default: a fresh one, printed")
    fuzz.add_argument("--max-time", type=int, default=60, help="seconds (default 60)")
    fuzz.add_argument("--report", type=Path, help="also write a JUnit XML report into this folder")
    fuzz.set_defaults(handler=main)

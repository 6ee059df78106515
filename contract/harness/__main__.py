"""Command line: `python -m harness serve NAME` (make serve), `python -m harness postgres` and
`python -m harness fuzz NAME` (schemathesis with every check, a seed and a time budget)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import fuzz
from harness.databases import database_factory
from harness.manifest import select
from harness.postgres import throwaway_postgres


def serve(args: argparse.Namespace) -> int:
    impls = select(args.impl)
    if len(impls) != 1:
        names = ", ".join(impl.name for impl in impls)
        print(f"serve runs one implementation; {args.impl!r} names {len(impls)}: {names}", file=sys.stderr)
        return 2
    [impl] = impls
    env = dict(os.environ, HOST=args.host, PORT=str(args.port or impl.port))
    if args.workers:
        env["WORKERS"] = str(args.workers)
    with tempfile.TemporaryDirectory(prefix="serve-") as workdir, database_factory(args.db, Path(workdir)) as databases:
        if args.db == "postgres":
            env["DATABASE_URL"] = databases.fresh(impl.name)
            print(f"throwaway PostgreSQL: {env['DATABASE_URL']} (deleted on exit)", file=sys.stderr)
        print(f"{impl.title} on http://{env['HOST']}:{env['PORT']}  (docs: /docs, /redoc)", file=sys.stderr)
        process = subprocess.Popen(list(impl.command), cwd=impl.root, env=env)
        # A SIGTERM to this process reaches the server too (it drains its workers); Ctrl-C reaches both already.
        signal.signal(signal.SIGTERM, lambda *_: process.send_signal(signal.SIGTERM))
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGTERM)
            return process.wait()


def postgres(_: argparse.Namespace) -> int:
    with throwaway_postgres() as cluster:
        print(f"PostgreSQL {cluster.bindir.parent.name} at {cluster.url('postgres')} — Ctrl-C stops and deletes it")
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run one implementation in the foreground")
    run.add_argument("impl")
    run.add_argument(
        "--db",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="sqlite: DATABASE_URL or the implementation's default file; postgres: a throwaway cluster",
    )
    run.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", 0)) or None)
    run.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 0)) or None)
    run.set_defaults(handler=serve)
    pg = commands.add_parser("postgres", help="run a throwaway PostgreSQL until Ctrl-C")
    pg.set_defaults(handler=postgres)
    fuzz.add_parser(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())

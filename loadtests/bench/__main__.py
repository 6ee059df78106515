"""Command line: python -m bench compare | sweep | report RUN | diff A B (the Makefile's targets)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bench import report, results, roles
from bench.datasize import measure_sizes
from bench.diff import diff
from bench.plan import Settings
from bench.profiles import PROFILES
from bench.runner import Comparison, default_run_dir
from harness.manifest import ROOT, discover, select

# Seconds per step, every workload, floors and both generators: the whole pipeline, not its figures.
SMOKE = {"duration": 2, "warmup": 0.5, "repeats": 1, "seed_authors": 3, "seed_posts": 3, "contract": False, "users": 8}


def workloads(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PROFILES or name.startswith("floor-")]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown workload(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(n for n in PROFILES if not n.startswith('floor-'))}"
        )
    return names


def shares(text: str) -> list[float]:
    values = [float(share) for share in text.split(",") if share.strip()]
    if any(not 0 < value < 1 for value in values):
        raise argparse.ArgumentTypeError("offered loads are shares of a capacity, between 0 and 1: e.g. 0.5,0.8")
    return values


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    values = {
        "db": args.db,
        "workloads": args.profile,
        "users": args.users,
        "duration": args.duration,
        "offered_loads": args.loads,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "workers": args.workers,
        "threads": args.threads,
        "contract": not args.no_contract,
        "wrk": not args.no_wrk,
        "floors": not args.no_floors,
    }
    values = {key: value for key, value in values.items() if value is not None}
    return Settings(impls=select(args.impls), **{**values, **overrides})


def _finish(summary: dict, run_dir: Path) -> int:
    (run_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    paths = report.build(run_dir)
    latest = run_dir.parent / "latest"
    if latest.is_symlink() or not latest.exists():
        latest.unlink(missing_ok=True)
        latest.symlink_to(run_dir.name)
    print("\n" + report.terminal_table(summary))
    print(f"\nreport: {paths['html']}\n        {paths['markdown']}")
    flags = summary["results"]["flags"]
    for problem in flags["problems"]:
        print(f"NOT MEASURED: {problem}", file=sys.stderr)
    if flags["problems"]:
        return 2
    if flags["any_failures"] or not flags["integrity_ok"]:
        print("FAILED REQUESTS or INTEGRITY PROBLEMS: see the report.", file=sys.stderr)
        return 1
    return 0


def compare(args: argparse.Namespace) -> int:
    settings = _settings(args, **(SMOKE if args.smoke else {}))
    run_dir = (Path(args.out) if args.out else default_run_dir()).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    return _finish(Comparison(settings, run_dir).run(), run_dir)


def sweep(args: argparse.Namespace) -> int:
    users = [int(n) for n in args.levels.split(",") if n.strip()]
    at_once = [int(n) for n in args.concurrency.split(",") if n.strip()]
    settings = _settings(
        args,
        sweep_users=users,
        sweep_concurrency=at_once,
        repeats=args.repeats or 3,
        users=args.users or 32,
        workloads=args.profile or ["get", "mixed"],
    )
    run_dir = (Path(args.out) if args.out else default_run_dir()).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    sizes = [int(n) for n in args.sizes.split(",") if n]
    comparison = Comparison(settings, run_dir, sizes)
    summary = comparison.run()
    if sizes:
        summary["datasize"] = measure_sizes(comparison, sizes)
    return _finish(summary, run_dir)


def rebuild(args: argparse.Namespace) -> int:
    paths = report.build(Path(args.run), recompute=True)
    print(report.terminal_table(json.loads((Path(args.run) / "summary.json").read_text())))
    print(f"\nreport: {paths['html']}\n        {paths['markdown']}")
    return 0


def readme_results(args: argparse.Namespace) -> int:
    print(results.update(Path(args.readme), Path(args.reports)))
    return 0


def readme_roles(args: argparse.Namespace) -> int:
    impls = list(discover().values())
    changed = roles.rewrite(Path(args.readme), impls)
    print(f"{args.readme}: role map {'rewritten' if changed else 'already current'}")
    for impl in impls:
        for path, claims in roles.unclaimed(impl).items():
            print(f"  {impl.name}: {path} plays {', '.join(claims) or 'no role'} in manifest.toml: one role each")
    return 0


def compare_runs(args: argparse.Namespace) -> int:
    print(diff(Path(args.a), Path(args.b)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (("compare", compare), ("sweep", sweep)):
        command = commands.add_parser(name)
        command.add_argument("--impls", default=os.environ.get("IMPLS", "all"))
        command.add_argument("--db", choices=("sqlite", "postgres"))
        command.add_argument(
            "--profile",
            type=workloads,
            metavar="WORKLOADS",
            help="comma-separated workloads (default get,list,write,mixed)",
        )
        for option in ("users", "duration", "repeats", "workers", "threads"):
            command.add_argument(f"--{option}", type=int)
        command.add_argument("--warmup", type=float, help="seconds before a server's first window")
        command.add_argument(
            "--loads",
            type=shares,
            metavar="SHARES",
            help="offered loads for latency, shares of the slowest capacity on mixed (default 0.5,0.8; '' for none)",
        )
        command.add_argument(
            "--no-contract", action="store_true", help="skip the contract suite (then nothing gates the ranking)"
        )
        command.add_argument("--no-wrk", action="store_true", help="Locust only, even where wrk is installed")
        command.add_argument("--no-floors", action="store_true", help="skip the framework floors")
        command.add_argument("--out", help="run directory (default reports/<UTC timestamp>)")
        command.set_defaults(handler=handler)
    commands.choices["compare"].add_argument("--smoke", action="store_true", help="a seconds-long run of everything")
    commands.choices["sweep"].add_argument("--levels", default="1,8,32,128", help="concurrent users per step")
    commands.choices["sweep"].add_argument(
        "--concurrency", default="4,16,32", help="requests each worker takes at once, per step (at --users clients)"
    )
    commands.choices["sweep"].add_argument("--sizes", default="1000,100000", help="table sizes for listPosts")
    report_command = commands.add_parser("report")
    report_command.add_argument("run")
    report_command.set_defaults(handler=rebuild)
    results_command = commands.add_parser("results", help="rewrite README.md's results from the newest runs")
    results_command.add_argument("--reports", default=str(ROOT / "reports"))
    results_command.add_argument("--readme", default=str(ROOT / "README.md"))
    results_command.set_defaults(handler=readme_results)
    roles_command = commands.add_parser("roles", help="rewrite README.md's role map from the manifests")
    roles_command.add_argument("--readme", default=str(ROOT / "README.md"))
    roles_command.set_defaults(handler=readme_roles)
    diff_command = commands.add_parser("diff")
    diff_command.add_argument("a")
    diff_command.add_argument("b")
    diff_command.set_defaults(handler=compare_runs)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())

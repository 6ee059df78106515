"""Command line: python -m bench compare | sweep | tune | reproduce | report RUN | results | roles | diff A B
(the Makefile's targets)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bench import report, reproduce, results, roles, tune
from bench.diff import diff
from bench.plan import Settings
from bench.policy import POLICIES
from bench.profiles import PROFILES
from bench.runner import compare as run_comparison
from bench.runner import default_run_dir
from harness.manifest import ROOT, discover, select

# Seconds per step, every workload, floors, both generators, the A/A control and the offered-load pass: the
# whole pipeline, not its figures.
SMOKE = {
    "duration": 2,
    "warmup": 0.5,
    "repeats": 2,
    "latency_rounds": 1,
    "seed_authors": 3,
    "seed_posts": 3,
    "contract": False,
    "users": 8,
}


def workloads(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PROFILES or name.startswith("floor-")]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown workload(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(n for n in PROFILES if not n.startswith('floor-'))}"
        )
    return names


def numbers(text: str) -> list[int]:
    try:
        values = [int(n) for n in text.split(",") if n.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: whole numbers, comma-separated") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: one or more whole numbers of 1 or more")
    return values


def _one(values: list[int] | None, option: str) -> int | None:
    if values is not None and len(values) != 1:
        raise SystemExit(f"{option} takes one number here (several only for make sweep)")
    return values[0] if values else None


def shares(text: str) -> list[float]:
    values = [float(share) for share in text.split(",") if share.strip()]
    if any(not 0 < value < 1 for value in values):
        raise argparse.ArgumentTypeError("offered loads are shares of a capacity, between 0 and 1: e.g. 0.5,0.8")
    return values


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    values = {
        "db": args.db,
        "policy": args.policy,
        "workloads": args.profile,
        "users": args.users,
        "duration": args.duration,
        "offered_loads": args.loads,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "latency_rounds": args.latency_rounds,
        "workers": args.workers,
        "concurrency": _one(args.concurrency, "--concurrency") if args.command != "sweep" else None,
        "order_seed": args.order_seed,
        "contract": not args.no_contract,
        "wrk": not args.no_wrk,
        "floors": not args.no_floors,
    }
    values = {key: value for key, value in values.items() if value is not None}
    if args.control is not None:  # "none": no A/A control (None itself means "not given": the default)
        values["control"] = None if args.control == "none" else args.control
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


def _run_dir(args: argparse.Namespace) -> Path:
    run_dir = (Path(args.out) if args.out else default_run_dir()).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir


def compare(args: argparse.Namespace) -> int:
    settings = _settings(args, **(SMOKE if args.smoke else {}))
    run_dir = _run_dir(args)
    return _finish(run_comparison(settings, run_dir), run_dir)


def sweep(args: argparse.Namespace) -> int:
    users = [int(n) for n in args.levels.split(",") if n.strip()]
    at_once = args.concurrency if args.concurrency is not None else [4, 16, 32]
    settings = _settings(
        args,
        sweep_users=users,
        sweep_concurrency=at_once,
        repeats=args.repeats or 3,
        users=args.users or 32,
        workloads=args.profile or ["get", "mixed"],
    )
    run_dir = _run_dir(args)
    sizes = tuple(int(n) for n in args.sizes.split(",") if n)
    return _finish(run_comparison(settings, run_dir, sizes), run_dir)


def tune_policy(args: argparse.Namespace) -> int:
    given = {"repeats": args.repeats, "duration": args.duration, "workloads": args.profile}
    chosen = {key: value if value is not None else tune.DEFAULTS[key] for key, value in given.items()}
    settings = _settings(args, policy="equal", control=None, offered_loads=[], floors=False, **chosen)
    workers = [int(n) for n in args.grid_workers.split(",") if n.strip()]
    concurrency = [int(n) for n in args.grid_concurrency.split(",") if n.strip()]
    print(tune.run(settings, _run_dir(args), workers=workers, concurrency=concurrency))
    return 0


def reproduce_runs(args: argparse.Namespace) -> int:
    settings = _settings(args)
    base = _run_dir(args)
    dirs = []
    for n in (1, 2):
        run_dir = base / f"run{n}"
        run_dir.mkdir(parents=True, exist_ok=True)
        _finish(run_comparison(settings, run_dir), run_dir)
        dirs.append(run_dir)
    text, ok = reproduce.side_by_side(dirs[0], dirs[1])
    (base / "reproduce.md").write_text(text)
    print("\n" + text)
    return 0 if ok else 1


def rebuild(args: argparse.Namespace) -> int:
    paths = report.build(Path(args.run), recompute=True)
    print(report.terminal_table(json.loads((Path(args.run) / "summary.json").read_text())))
    print(f"\nreport: {paths['html']}\n        {paths['markdown']}")
    return 0


def readme_results(args: argparse.Namespace) -> int:
    if args.show:
        print(results.show(Path(args.reports)))
        return 0
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
    for name, handler in (("compare", compare), ("sweep", sweep), ("tune", tune_policy), ("reproduce", reproduce_runs)):
        command = commands.add_parser(name)
        command.add_argument("--impls", default=os.environ.get("IMPLS", "all"))
        command.add_argument("--db", choices=("sqlite", "postgres"))
        command.add_argument(
            "--policy", choices=POLICIES, help="server policy: equal (default), documented, tuned (see bench/policy.py)"
        )
        command.add_argument(
            "--profile",
            type=workloads,
            metavar="WORKLOADS",
            help="comma-separated workloads (default get,list,write,mixed)",
        )
        for option in ("users", "duration", "repeats", "workers", "order-seed", "latency-rounds"):
            command.add_argument(f"--{option}", type=int)
        command.add_argument(
            "--concurrency",
            type=numbers,
            help="requests a worker works on at once: gunicorn's threads, an async server's pool (default 4; "
            "make sweep: several, default 4,16,32)",
        )
        command.add_argument(
            "--control", help="the A/A control: the implementation measured twice (default: the first; 'none')"
        )
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
    commands.choices["sweep"].add_argument("--sizes", default="1000,100000", help="table sizes for listPosts")
    commands.choices["tune"].add_argument("--grid-workers", default="1,2,3", help="worker processes to try")
    commands.choices["tune"].add_argument("--grid-concurrency", default="2,4,8", help="requests at once to try")
    report_command = commands.add_parser("report")
    report_command.add_argument("run")
    report_command.set_defaults(handler=rebuild)
    results_command = commands.add_parser("results", help="rewrite README.md's results from the newest runs")
    results_command.add_argument("--reports", default=str(ROOT / "reports"))
    results_command.add_argument("--readme", default=str(ROOT / "README.md"))
    results_command.add_argument("--show", action="store_true", help="print which runs qualify and why, change nothing")
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

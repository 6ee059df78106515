"""make compare: every implementation, on fresh databases, interleaved repeats, floors and a ceiling."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from bench import floors
from bench.aggregate import aggregate
from bench.devx import measure as measure_devx
from bench.environment import fingerprint
from bench.integrity import check as check_integrity
from bench.locust_run import LOADTESTS, run_locust
from bench.plan import Cores, Settings, estimated_seconds, interleaved, worker_policy
from bench.progress import Progress
from bench.seed import seed
from harness.databases import database_factory
from harness.manifest import ROOT, Implementation
from harness.net import free_port, wait_http_ok
from harness.server import Server


class Comparison:
    def __init__(self, settings: Settings, run_dir: Path, sizes: list[int] = ()) -> None:
        self.settings = settings
        self.run_dir = run_dir
        self.cores = Cores.split()
        self.progress = Progress(estimated_seconds(settings, sizes))
        self.summary: dict[str, Any] = {
            "settings": settings.describe(), "environment": fingerprint(settings.impls),
            "pinning": self.cores.note, "policy": worker_policy(settings, settings.impls),
            "contract": {}, "devx": {}, "floors": {}, "ceiling": None, "runs": [],
        }

    def run(self) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="compare-") as workdir, \
                database_factory(self.settings.db, Path(workdir)) as databases:
            self.databases = databases
            for impl in self.settings.impls:
                self.summary["devx"][impl.name] = measure_devx(impl)
            if self.settings.contract:
                for impl in self.settings.impls:
                    self.summary["contract"][impl.name] = self._contract(impl)
            self.summary["ceiling"] = self._ceiling()
            for impl in self.settings.impls:
                self.summary["floors"][impl.name] = self._floor(impl)
            for repeat, impl, users in interleaved(self.settings):
                self.summary["runs"].append(self._measure(impl, repeat, users))
        self.summary["results"] = aggregate(self.summary)
        return self.summary

    def _server(self, impl: Implementation, label: str, **kwargs: Any) -> Server:
        database_url = kwargs.pop("database_url", None) or self.databases.fresh(impl.name)
        env = {"THREADS": str(self.settings.threads), "ACCESS_LOG": "0", **kwargs.pop("env", {})}
        return Server(impl, database_url=database_url, log_path=self.run_dir / "logs" / f"{label}.server.log",
                      workers=self.settings.workers, env=env, cpus=self.cores.server, **kwargs)

    def _locust(self, label: str, host: str, seconds: int, server_pid: int | None, *, locustfile: str = "locustfile.py",
                args: list[str] = (), keep: bool = False, users: int | None = None):
        return run_locust(locustfile=locustfile, host=host, users=users or self.settings.users, seconds=seconds,
                          workdir=self.run_dir / ("locust" if keep else "logs"), label=label,
                          cpus=self.cores.generator, server_pid=server_pid, args=list(args), keep_reports=keep)

    def _contract(self, impl: Implementation) -> dict[str, Any]:
        self.progress.step(f"{impl.name}: contract suite on {self.settings.db}")
        result = subprocess.run([sys.executable, "-m", "pytest", "contract", "-q", "-p", "no:cacheprovider",
                                 "--impl", impl.name, "--db", self.settings.db], cwd=ROOT,
                                capture_output=True, text=True)
        last = (result.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
        return {"passed": result.returncode == 0, "summary": last}

    def _ceiling(self) -> dict[str, Any]:
        self.progress.step("load generator ceiling: the same scenario against a canned responder")
        port = free_port()
        argv = [sys.executable, "-m", "bench.responder", "--port", str(port)]
        if self.cores.server:
            argv = ["taskset", "-c", self.cores.server, *argv]
        responder = subprocess.Popen(argv, cwd=LOADTESTS)
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/healthcheck", 20)
            seed_path = self.run_dir / "logs" / "ceiling.seed.json"
            seed_path.parent.mkdir(parents=True, exist_ok=True)
            seed_path.write_text('{"users": [1], "posts": [1, 2, 3]}')
            run = self._locust("ceiling", f"http://127.0.0.1:{port}", self.settings.ceiling_duration, responder.pid,
                               args=["--mix", self.settings.profile, "--seed-file", str(seed_path)])
        finally:
            responder.terminate()
            responder.wait()
        return {"stats": run.stats, "cpu_warning": run.cpu_warning, "resources": run.resources}

    def _floor(self, impl: Implementation) -> dict[str, Any]:
        results: dict[str, Any] = {"target": floors.TARGETS.get(impl.name)}
        if results["target"] is None:
            return results
        database_url = self.databases.fresh(f"{impl.name}_floor")
        floors.create_items(database_url)
        env = {"PYTHONPATH": str(floors.FLOORS_DIR)}
        server = self._server(impl, f"{impl.name}.floor", database_url=database_url, env=env,
                              command=impl.floor(results["target"]))
        with server:
            floors.prime(server.url)
            for endpoint in floors.ENDPOINTS:
                self.progress.step(f"{impl.name}: framework floor, {endpoint}, {self.settings.floor_duration}s")
                run = self._locust(f"{impl.name}.floor.{endpoint}", server.url, self.settings.floor_duration,
                                   server.process.pid, locustfile="floor_locustfile.py", args=["--endpoint", endpoint])
                results[endpoint] = {"stats": run.stats["total"], "cpu_warning": run.cpu_warning,
                                     "saturated": run.saturated, "resources": run.resources}
        return results

    def _measure(self, impl: Implementation, repeat: int, users: int) -> dict[str, Any]:
        label = f"{impl.name}.r{repeat}.u{users}"
        logs = self.run_dir / "logs"
        with self._server(impl, label) as server:
            self.progress.step(f"{impl.name} · repeat {repeat}/{self.settings.repeats} · {users} users · seeding")
            seed(server.url, authors=self.settings.seed_authors, posts_per_author=self.settings.seed_posts,
                 path=logs / f"{label}.seed.json")
            common = ["--mix", self.settings.profile, "--seed-file", str(logs / f"{label}.seed.json")]
            if self.settings.warmup:
                self.progress.step(f"{impl.name} · repeat {repeat} · warm-up {self.settings.warmup}s (not counted)")
                self._locust(f"{label}.warmup", server.url, self.settings.warmup, None, args=common, users=users)
            self.progress.step(f"{impl.name} · repeat {repeat}/{self.settings.repeats} · {users} users · "
                               f"measuring {self.settings.duration}s")
            ledger = logs / f"{label}.ledger.json"
            run = self._locust(label, server.url, self.settings.duration, server.process.pid, users=users,
                               args=[*common, "--ledger-file", str(ledger)], keep=True)
            integrity = check_integrity(server.url, ledger, server.log())
        record = {"impl": impl.name, "repeat": repeat, "users": users, "stats": run.stats,
                  "resources": run.resources, "cpu_warning": run.cpu_warning, "integrity": integrity,
                  "saturated": run.saturated}
        if repeat == 1 and users == (self.settings.sweep_users or [self.settings.users])[0]:
            self.summary["devx"][impl.name].update(self._cold_start(impl, server.env["DATABASE_URL"]))
        self.progress.report(impl.name, repeat, run.stats["total"], record["saturated"], integrity["ok"])
        return record

    def _cold_start(self, impl: Implementation, database_url: str) -> dict[str, float]:
        """Start-up to the first healthy response on a migrated database, then idle memory."""
        with self._server(impl, f"{impl.name}.coldstart", database_url=database_url) as server:
            time.sleep(self.settings.idle_wait)
            rss = sum(p.memory_info().rss for p in psutil.Process(server.process.pid).children(recursive=True)
                      + [psutil.Process(server.process.pid)])
        return {"cold_start_s": round(server.startup_seconds or 0, 2), "idle_rss_mb": round(rss / 1_048_576, 1)}


def default_run_dir() -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return Path(os.environ.get("REPORTS_DIR", ROOT / "reports")) / stamp

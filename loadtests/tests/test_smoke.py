"""make compare-smoke: every implementation and workload, the A/A control and the latency round, seconds each,
and a complete report with no failures."""

import json
import subprocess
import sys

from bench.plan import DEFAULT_WORKLOADS, FLOORS, SINGLE_OPERATION, TWIN
from bench.profiles import PROFILES
from harness.manifest import ROOT, discover


def test_a_smoke_comparison_measures_every_window_and_reports_it(tmp_path):
    run = tmp_path / "smoke"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "compare", "--smoke", "--out", str(run)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((run / "summary.json").read_text())
    names = set(discover())
    control = summary["control"]
    assert control["impl"] in names and control["twin"] == control["impl"] + TWIN
    wrk = bool(summary["generators"]["wrk"])
    expected = {(w, "locust") for w in DEFAULT_WORKLOADS}
    expected |= {(w, "wrk") for w in [*SINGLE_OPERATION, *FLOORS]} if wrk else {(w, "locust") for w in FLOORS}
    offered = set(summary["offered"]["loads"])
    for name in [*names, control["twin"]]:
        windows = [w for w in summary["windows"] if w["impl"] == name and w["workload"] not in offered]
        assert {(w["workload"], w["generator"]) for w in windows} == expected, name
        for window in windows:
            assert window["window_s"] >= 0.9 * window["asked_s"], (name, window["workload"], window["window_s"])
            assert window["failures"] == 0 and window["cpu_us_per_request"] > 0, (name, window["workload"])
            for operation in PROFILES[window["workload"]]:
                assert window["operations"][operation]["requests"] > 0, (name, window["workload"], operation)
    for name in names:
        assert summary["devx"][name]["cold_start_s"] > 0 and summary["devx"][name]["idle_rss_mb"] > 0
        latency = [w for w in summary["windows"] if w["impl"] == name and w["workload"] in offered]
        assert {w["workload"] for w in latency} == offered and all(w["late_sends"] is not None for w in latency)
    assert [row["workload"] for row in summary["results"]["control"]["rows"]]
    rounds = summary["order"]["rounds"]
    assert len(rounds) == summary["settings"]["repeats"] and all(
        sorted(r) == sorted([*names, control["twin"]]) for r in rounds
    )
    assert all(unit["integrity"]["ok"] for unit in summary["units"])
    assert {row["workload"] for row in summary["results"]["ceiling"]} == set(DEFAULT_WORKLOADS)
    assert not summary["results"]["flags"]["problems"]
    for path in ("report.html", "report.md", "charts/throughput.png", "charts/cpu.png", "charts/latency.png"):
        assert (run / path).stat().st_size > 0, path
    assert len(list((run / "locust").glob("*.r1.*-mixed.html"))) == len(names) + 1  # and the A/A control's
    assert "generator ceiling, mixed" in result.stdout

"""make compare-smoke: every implementation, seconds each, and a complete report with no failures."""

import json
import subprocess
import sys

from harness.manifest import ROOT, discover


def test_a_smoke_comparison_produces_a_complete_report(tmp_path):
    run = tmp_path / "smoke"
    result = subprocess.run([sys.executable, "-m", "bench", "compare", "--smoke", "--out", str(run)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((run / "summary.json").read_text())
    names = set(discover())
    assert {r["impl"] for r in summary["runs"]} == names
    results = summary["results"]["by_users"][str(summary["results"]["default_users"])]
    for name, figures in results.items():
        assert figures["failures"] == 0, name
        assert figures["rps_median"] > 0 and figures["integrity_ok"], name
        assert figures["floor_json_rps"] and figures["floor_item_rps"], name
        assert summary["devx"][name]["cold_start_s"] > 0 and summary["devx"][name]["idle_rss_mb"] > 0
    assert summary["results"]["flags"]["ceiling_rps"] > 0
    for path in ("report.html", "report.md", "charts/throughput.png", "charts/latency.png", "charts/floors.png"):
        assert (run / path).stat().st_size > 0, path
    assert len(list((run / "locust").glob("*.html"))) == len(names)
    assert len(list((run / "locust").glob("*_stats.csv"))) == len(names)
    assert "generator ceiling" in result.stdout

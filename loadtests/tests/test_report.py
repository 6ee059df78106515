"""The report: built from summary.json alone, self-contained, and it renders in headless Chromium."""

import json
import os
import re
import shutil

import pytest
from playwright.sync_api import sync_playwright

from bench.__main__ import _finish
from bench.aggregate import aggregate
from bench.report import build, terminal_table


@pytest.fixture
def run_dir(tmp_path, summary):
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    build(tmp_path, recompute=True)
    return tmp_path


def test_the_html_report_is_one_self_contained_file(run_dir):
    html = (run_dir / "report.html").read_text()
    assert not re.search(r'(src|href)="(https?:)?//', html), "the report must open offline"
    for section in (
        "summary",
        "generators",
        "workloads",
        "operations",
        "resources",
        "devx",
        "policy",
        "environment",
        "how-to-read",
    ):
        assert f'id="{section}"' in html, section
    assert html.count('src="data:image/png;base64,') >= 3


def test_the_markdown_report_links_its_charts(run_dir):
    markdown = (run_dir / "report.md").read_text()
    for chart in re.findall(r"\]\((charts/[^)]+)\)", markdown):
        assert (run_dir / chart).stat().st_size > 1000
    assert "| mixed | alpha | locust | 1,000 | 900–1,100 | fastest | 1,000 | least |" in markdown
    assert "| mixed | beta | locust | 500 | 480–520 | 0.50 (" in markdown
    assert "| mixed | listPosts, getPost" not in markdown and "(29 % writes)" in markdown


def test_flags_reach_both_reports_and_the_terminal(run_dir, summary):
    summary["ceiling"][0]["rps"] = 1200.0
    summary["windows"][0]["saturated"] = True
    summary["contract"]["beta"] = {"passed": False, "summary": "1 failed"}
    (run_dir / "summary.json").write_text(json.dumps(summary))
    build(run_dir, recompute=True)
    html = (run_dir / "report.html").read_text()
    assert "lower bound" in html and "beta FAILED the contract suite" in html
    assert "below 2×" in (run_dir / "report.md").read_text()
    table = terminal_table(json.loads((run_dir / "summary.json").read_text()))
    assert "generator saturated: a lower bound" in table and "BELOW 2×" in table
    assert "FAILED the contract suite: not ranked" in table


def test_the_report_renders_in_headless_chromium(run_dir):
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if executable is None:
        pytest.fail("headless Chromium is needed: apt-get install chromium (or set CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto((run_dir / "report.html").as_uri())
        assert page.locator("#summary tr").count() == 3  # the header, alpha and beta on the mixed workload
        widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
        assert widths and all(width > 100 for width in widths)
        assert "Framework comparison" in page.inner_text("h1")
        browser.close()


def test_the_fault_figures_join_both_reports_once_measured(tmp_path, summary):
    from harness.faults import figures

    faults_path = tmp_path / "faults" / "latest.json"
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_text(json.dumps(summary))
    build(run, recompute=True, faults_path=faults_path)
    assert 'id="faults"' not in (run / "report.html").read_text()
    figures.merge(
        {
            "lost_updates": {
                "alpha": {
                    "sqlite": {
                        "parts": {"test_race": {"figure": "20 PATCH → 1 × 200, 19 × 412, 0 × 5xx", "failures": []}}
                    }
                }
            }
        },
        faults_path,
    )
    build(run, recompute=True, faults_path=faults_path)
    html = (run / "report.html").read_text()
    assert 'id="faults"' in html and "1 × 200, 19 × 412, 0 × 5xx" in html
    assert (
        "| 2. Lost updates: 20 concurrent PATCH, same If-Match | sqlite | 20 PATCH → 1 × 200"
        in (run / "report.md").read_text()
    )


def test_each_fault_figure_keeps_the_date_and_commit_it_was_measured_at(tmp_path, summary):
    from harness.faults import figures

    faults_path = tmp_path / "latest.json"
    old = {
        "figure": "killed, replaced in 0.1 s",
        "failures": [],
        "measured": "2026-11-01T10:00:00Z",
        "commit": "0ld0ld0",
        "machine": "Old CPU",
    }
    faults_path.write_text(
        json.dumps(
            {
                "environment": {},
                "items": {"worker_kill": {"alpha": {"sqlite": figures.summarize({"parts": {"test_kill": old}})}}},
            }
        )
    )
    data = figures.merge(
        {"security": {"alpha": {"sqlite": {"parts": {"test_leaks": {"figure": "0 leaking", "failures": []}}}}}},
        faults_path,
    )
    assert data["items"]["worker_kill"]["alpha"]["sqlite"]["parts"]["test_kill"] == old, "re-stamped"
    now = data["items"]["security"]["alpha"]["sqlite"]["parts"]["test_leaks"]
    _, table = figures.rows(data, current_commit=now["commit"])
    dated = {row[0]: row[-1] for row in table}
    assert dated["5. A worker killed with SIGKILL under load"] == f"2026-11-01 at 0ld0ld0 (older than {now['commit']})"
    assert dated["8. Security checks"] == f"{now['measured'][:10]} at {now['commit']}"
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_text(json.dumps(summary))
    build(run, recompute=True, faults_path=faults_path)
    assert "2026-11-01 at 0ld0ld0 (older than abc123)" in (run / "report.html").read_text()


def test_a_run_that_did_not_measure_exits_non_zero_with_the_reason(tmp_path, summary, capsys):
    summary["problems"] = ["mixed: no request completed for deletePost"]
    summary["results"] = aggregate(summary)
    assert _finish(summary, tmp_path) == 2
    assert "NOT MEASURED: mixed: no request completed for deletePost" in capsys.readouterr().err
    assert "Not measured: mixed: no request completed for deletePost" in (tmp_path / "report.html").read_text()


def test_the_database_settings_each_implementation_reports_are_tabled(tmp_path, summary):
    from bench.environment import database_policy

    log = 'INFO booting\nINFO database policy: {"journal_mode": "wal", "pool": {"size": 4, "kept": true}}\n'
    summary["database_policy"] = {"alpha": database_policy(log), "beta": database_policy("INFO booting\n")}
    assert summary["database_policy"]["beta"] is None
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    build(tmp_path, recompute=True)
    markdown = (tmp_path / "report.md").read_text()
    assert "| journal_mode | wal | – |" in markdown and "| pool | size=4, kept=True | – |" in markdown
    assert "| reported | yes | no |" in markdown


def test_a_database_servers_cpu_per_request_is_shown_beside_its_settings(summary):
    from bench.report import database_rows

    for window in summary["windows"]:
        window["database_cpu_us_per_request"] = 300.0 if window["impl"] == "alpha" else 500.0
    summary["results"] = aggregate(summary)
    names, rows = database_rows(summary)
    assert names == ["alpha", "beta"]
    assert ["database CPU µs/request, mixed (locust)", "300.0", "500.0"] in rows
    for window in summary["windows"]:
        window.pop("database_cpu_us_per_request")
    summary["results"] = aggregate(summary)
    assert not [row for row in database_rows(summary)[1] if row[0].startswith("database CPU")]  # SQLite: none

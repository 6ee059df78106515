"""Server policies: equal processes, each server's documented default, or the tuned best; one variable each."""

from dataclasses import replace

import pytest

from bench.policy import PolicyError, describe, shape
from harness.manifest import discover

BASE = next(iter(discover().values()))
GUNICORN = replace(
    BASE,
    name="g",
    workers="2 * cores + 1",
    workers_source="https://docs.gunicorn.org",
    concurrency_env="THREADS",
    concurrency_kind="threads",
)
UVICORN = replace(
    BASE, name="u", workers="cores", workers_source=None, concurrency_env="MAX_CONCURRENCY", concurrency_kind="pool"
)


def test_equal_gives_every_server_one_process_per_core_and_the_same_requests_at_once():
    assert [shape("equal", impl, 1, concurrency=4).workers for impl in (GUNICORN, UVICORN)] == [1, 1]
    assert [shape("equal", impl, 2, concurrency=8).at_once for impl in (GUNICORN, UVICORN)] == [16, 16]
    assert shape("equal", GUNICORN, 1, workers=3).workers == 3  # WORKERS=3 for every one


def test_documented_follows_each_servers_own_docs_for_its_cores():
    assert [shape("documented", impl, 1).workers for impl in (GUNICORN, UVICORN)] == [3, 1]
    assert [shape("documented", impl, 4).workers for impl in (GUNICORN, UVICORN)] == [9, 4]
    assert "2 * cores + 1, cores=1, https://docs.gunicorn.org" in shape("documented", GUNICORN, 1).why
    with pytest.raises(PolicyError, match="not of the form"):
        shape("documented", replace(BASE, workers="cores ** 2"), 1)


def test_tuned_reads_what_make_tune_found_and_refuses_without_it():
    tuned = {"g": {"workers": 2, "concurrency": 8, "measured": "mixed 700 req/s"}}
    found = shape("tuned", GUNICORN, 1, tuned=tuned)
    assert (found.workers, found.concurrency) == (2, 8) and "make tune" in found.why
    with pytest.raises(PolicyError, match="run `make tune` first"):
        shape("tuned", UVICORN, 1, tuned=tuned)


def test_the_policy_is_written_down_with_each_servers_own_variable():
    text = describe("equal", {n.name: (n, shape("equal", n, 1, concurrency=4)) for n in (GUNICORN, UVICORN)}, 1)
    assert text["name"] == "equal" and text["rule"].startswith("equal processes")
    assert "1 worker process(es) (one per core, 1 core(s))" in text["g"] and "4 (1 × 4 threads)" in text["g"]
    assert "MAX_CONCURRENCY=4 pooled connections" in text["u"]
    # What the number counts comes from the manifest, whatever the variable is called.
    renamed = replace(GUNICORN, concurrency_env="WORKER_THREADS")
    assert "4 (1 × 4 threads)" in describe("equal", {"g": (renamed, shape("equal", renamed, 1, concurrency=4))}, 1)["g"]


def test_a_manifest_naming_a_concurrency_variable_says_what_it_counts(tmp_path):
    from harness.manifest import load

    manifest = (BASE.root / "manifest.toml").read_text()
    (tmp_path / "manifest.toml").write_text(manifest.replace('concurrency_kind = "', 'unknown_kind = "'))
    with pytest.raises(ValueError, match="concurrency_kind must be one of threads, pool"):
        load(tmp_path / "manifest.toml")
    (tmp_path / "manifest.toml").write_text(manifest)
    assert load(tmp_path / "manifest.toml").concurrency_kind in ("threads", "pool")


def test_a_server_is_told_its_requests_at_once_through_its_own_variable_alone(tmp_path, monkeypatch):
    from bench.context import RunContext
    from bench.plan import Settings

    for name in ("THREADS", "MAX_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    run = RunContext(Settings(impls=[GUNICORN, UVICORN], concurrency=6), tmp_path)
    for impl, other in ((GUNICORN, "MAX_CONCURRENCY"), (UVICORN, "THREADS")):
        env = run.server(impl, impl.name, database_url="sqlite:///unused").env
        assert env[impl.concurrency_env] == "6" and other not in env and env["WORKERS"] == "1"
    swept = run.server(GUNICORN, "swept", database_url="sqlite:///unused", concurrency=16, workers=2).env
    assert (swept["THREADS"], swept["WORKERS"]) == ("16", "2")

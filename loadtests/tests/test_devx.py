"""Developer-experience figures: line counts and dependency counts from the lock file."""

from pathlib import Path

from bench.devx import count_lines, dependencies
from harness.manifest import Implementation


def test_lines_skip_blanks_comments_and_migrations(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.py").write_text('"""Doc."""\n\n# comment\nx = 1\n')
    (tmp_path / "app" / "migrations").mkdir()
    (tmp_path / "app" / "migrations" / "0001.py").write_text("y = 2\n" * 50)
    assert count_lines([tmp_path / "app"]) == (1, 2)


def test_dependencies_follow_the_lock_through_extras(tmp_path):
    root = tmp_path / "demo_impl"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\ndependencies = ["web[fast]", "db"]\n')
    lock = tmp_path / "uv.lock"
    lock.write_text("""
[[package]]
name = "demo"
source = { virtual = "demo_impl" }
dependencies = [{ name = "web", extra = ["fast"] }, { name = "db" }]

[[package]]
name = "web"
dependencies = [{ name = "core" }]
[package.optional-dependencies]
fast = [{ name = "speedups" }]

[[package]]
name = "db"
dependencies = [{ name = "core" }]

[[package]]
name = "core"

[[package]]
name = "speedups"
dependencies = [{ name = "web", extra = ["fast"] }]
""")
    impl = Implementation(
        name="demo",
        title="Demo",
        root=root,
        port=1,
        command=("x",),
        floor_command=("x",),
        framework="web",
        packages=(),
        server="s",
    )
    assert dependencies(impl, lock) == (2, 4)


def test_every_implementation_in_the_repository_is_measurable():
    from bench.devx import measure
    from harness.manifest import discover

    for impl in discover().values():
        figures = measure(impl)
        assert figures["source_lines"] > 100 and figures["transitive_dependencies"] >= figures["direct_dependencies"]
        assert Path(impl.root / "pyproject.toml").exists()

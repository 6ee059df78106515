"""The build context (the repository root) through .dockerignore: local state out, everything tracked in."""

from __future__ import annotations


def test_dockerignore_keeps_out_local_state(repo):
    local = [".git", ".venv", ".tools/bin/uv", "reports/latest/report.html", ".pytest_cache/v/cache", ".env"]
    local += ["loadtests/bench/__pycache__", "contract/harness/__pycache__/server.cpython-311.pyc"]
    for impl in repo.impls:
        folder = impl.root.name
        local += [f"{folder}/.venv", f"{folder}/.pytest_cache", f"{folder}/db.sqlite3", f"{folder}/db.sqlite3-wal"]
        local += [f"{folder}/{source}/__pycache__/x.cpython-311.pyc" for source in impl.source]
    let_in = [path for path in local if not repo.dockerignored(path)]
    assert not let_in, f".dockerignore lets these into the build context: {let_in}"


def test_dockerignore_lets_in_what_the_images_copy(repo):
    for path in repo.dockerfile_paths:
        for stage in repo.dockerfile(path).stages:
            for copy in stage.all("COPY"):
                if "from" in copy.flags():
                    continue
                for source in copy.operands()[:-1]:
                    assert source == "." or not repo.dockerignored(source), (
                        f"{path.relative_to(repo.root)}:{copy.line}: COPY {source}, which .dockerignore leaves out"
                    )
    left_out = [name for name in repo.tracked() if repo.dockerignored(name)]
    assert not left_out, (
        f".dockerignore leaves out tracked files (git in the compare image would see them as deleted): {left_out[:10]}"
    )

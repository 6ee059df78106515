"""Where getPost and listPosts spend their time, in-process: Ninja and DRF on the same Django, and their floors.

    cd ninja_impl && ../.venv/bin/python tests/profile_split.py [--requests 2000] [--posts 50]

Each target runs in its own process (both projects name their packages config, common, posts):
the implementation's served settings on a fresh SQLite file, seeded through the ORM, then
`--requests` GETs through Django's test client (every middleware, no server) under cProfile. Each
function's own time goes to the package that defines it, in microseconds per request. cProfile
slows call-heavy code more than the rest, so read the shares side by side, not as wall-clock time;
the throughput figures come from `make compare`.
"""

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {  # name: (implementation folder, settings module, paths requested)
    "ninja floor": ("ninja_impl", "config.bench.settings", ["/posts/1"]),
    "ninja": ("ninja_impl", "config.settings.production", ["/api/posts/1", "/api/posts?limit=20"]),
    "drf floor": ("django_impl", "config.bench.settings", ["/posts/1"]),
    "drf": ("django_impl", "config.settings.production", ["/api/posts/1", "/api/posts?limit=20"]),
}
# The first match names a function's package (by the path of its file, after site-packages/).
PACKAGES = [
    ("DRF", "rest_framework/"),
    ("Ninja", "ninja/"),
    ("pydantic", "pydantic"),
    ("test client", "django/test/"),
    ("Django ORM", "django/db/"),
    ("Django", "django/"),
    ("middleware packages", "corsheaders/"),
    ("middleware packages", "whitenoise/"),
]


def package(filename: str, function: str, project: str) -> str:
    if filename == "~":  # a built-in: named by what it is a method of
        for name, marker in (("pydantic", "pydantic_core"), ("SQLite", "sqlite3"), ("json", "json")):
            if marker in function:
                return name
        return "Python"
    if filename.startswith(project):
        return "implementation code"
    if "site-packages/" in filename:
        installed = filename.split("site-packages/", 1)[1]
        return next((name for name, prefix in PACKAGES if installed.startswith(prefix)), "other packages")
    if "/json/" in filename:
        return "json"
    return "SQLite" if "sqlite3" in filename else "Python"


def profile(target: str, requests: int, posts: int) -> dict[str, dict[str, float]]:
    """In the target's own process: seed, warm up, profile each path; {path: {package: µs per request}}."""
    folder, settings_module, paths = TARGETS[target]
    project = str(ROOT / folder)
    sys.path.insert(0, project)
    os.environ.update(DJANGO_SETTINGS_MODULE=settings_module, DATABASE_URL=f"sqlite:///{tempfile.mktemp()}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from posts.models import Post
    from users.models import User

    call_command("migrate", verbosity=0)
    author = User.objects.create(username="alice", display_name="Alice", token_hash="0" * 64, created_at=timezone.now())
    for n in range(posts):
        now = timezone.now()
        Post.objects.create(author=author, title=f"Post {n}", content="C" * 200, created_at=now, updated_at=now)
    client, split = Client(), {}
    for path in paths:
        for _ in range(200):  # warm: imports, the URL resolver's caches, the connection
            assert client.get(path).status_code == 200, path
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(path)
        profiler.disable()
        by_package: dict[str, float] = {}
        for (filename, _, function), (_, _, own, _, _) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
            name = package(filename, function, project)
            by_package[name] = by_package.get(name, 0.0) + own * 1e6 / requests
        split[path] = by_package
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--target", choices=TARGETS, help=argparse.SUPPRESS)  # the child process's
    args = parser.parse_args()
    if args.target:
        print(json.dumps(profile(args.target, args.requests, args.posts)))
        return
    for target in TARGETS:
        command = [sys.executable, __file__, "--target", target, "--requests", str(args.requests)]
        done = subprocess.run([*command, "--posts", str(args.posts)], capture_output=True, text=True, check=True)
        for path, split in json.loads(done.stdout.splitlines()[-1]).items():
            total = sum(split.values())
            print(f"\n{target}: GET {path}: {total:,.0f} µs per request under cProfile")
            for name, micros in sorted(split.items(), key=lambda item: -item[1]):
                print(f"  {name:<24} {micros:>8,.0f} µs  {micros / total:>6.1%}")


if __name__ == "__main__":
    main()

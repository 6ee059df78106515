"""The dataset every implementation starts from, created the same way for all: through the API."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

TAGS = ["python", "web", "api", "notes", "bench", "sql"]


def post_body(author: int, n: int) -> dict[str, Any]:
    """The shape of every post, seeded or created under load: a page of 20 weighs the same either way."""
    return {
        "title": f"Post {n} by author {author}",
        "content": f"Seeded content {n}. " * 20,
        "tags": [TAGS[(author + n) % len(TAGS)], TAGS[(author + n + 1) % len(TAGS)]],
    }


def _author(base_url: str, index: int, posts: int) -> tuple[int, list[int]]:
    with requests.Session() as http:
        response = http.post(
            f"{base_url}/api/users",
            json={"username": f"seed_{index:05d}", "display_name": f"Seed author {index}"},
            timeout=30,
        )
        response.raise_for_status()
        user = response.json()
        auth = {"Authorization": f"Bearer {user['token']}"}
        ids: list[int] = []
        for n in range(posts):
            created = http.post(f"{base_url}/api/posts", json=post_body(index, n), headers=auth, timeout=30)
            created.raise_for_status()
            ids.append(created.json()["id"])
        return user["id"], ids


def seed(base_url: str, *, authors: int, posts_per_author: int, path: Path, threads: int = 8) -> dict[str, list[int]]:
    """Create `authors` users with `posts_per_author` posts each; write and return their ids."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda i: _author(base_url, i, posts_per_author), range(authors)))
    dataset = {"users": [user for user, _ in results], "posts": [post for _, posts in results for post in posts]}
    path.write_text(json.dumps(dataset))
    return dataset


def prime(base_url: str, paths: list[str], rounds: int = 2) -> None:
    """Send each path `rounds` times before any window: first requests pay for lazy set-up (imports,
    connections, caches), which is not what a window measures."""
    with requests.Session() as http:
        for _ in range(rounds):
            for path in paths:
                http.get(f"{base_url}{path}", timeout=30).raise_for_status()

"""The data-size run: listing a page costs the same at 1k and at 100k+ posts, first page or deep."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING, Any

import requests

from bench.seed import seed

if TYPE_CHECKING:
    from bench.context import RunContext

SAMPLES = 200


def _timings(http: requests.Session, url: str) -> tuple[float, float]:
    times = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = http.get(url, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    times.sort()
    return round(statistics.median(times), 2), round(times[int(0.95 * len(times)) - 1], 2)


def _deep_cursor(http: requests.Session, base_url: str, depth: int) -> str | None:
    """The cursor after `depth` posts, found by walking the listing up to 100 at a time (None: fewer posts)."""
    cursor, walked = None, 0
    while walked < depth:
        query = f"limit={min(100, depth - walked)}" + (f"&cursor={cursor}" if cursor else "")
        page = http.get(f"{base_url}/api/posts?{query}", timeout=30).json()
        walked += len(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return None
    return cursor


def measure_sizes(run: RunContext, sizes: list[int]) -> list[dict[str, Any]]:
    """listPosts' first and deep pages at each size, per implementation, on databases of the run's own kind
    (called inside the run's context: a PostgreSQL run's throwaway cluster is still up)."""
    rows = []
    for impl in run.settings.impls:
        for size in sizes:
            label = f"{impl.name}.size{size}"
            with run.server(impl, label) as server:
                authors = max(1, size // 500)
                run.progress.step(f"{impl.name}: data size {size:,} posts: seeding through the API")
                seed(
                    server.url,
                    authors=authors,
                    posts_per_author=size // authors,
                    path=run.logs / f"{label}.seed.json",
                    threads=8,
                )
                run.progress.step(f"{impl.name}: data size {size:,}: timing first and deep pages")
                with requests.Session() as http:
                    first = _timings(http, f"{server.url}/api/posts?limit=20")
                    cursor = _deep_cursor(http, server.url, size // 2)
                    deep = _timings(http, f"{server.url}/api/posts?limit=20" + (f"&cursor={cursor}" if cursor else ""))
            rows.append(
                {
                    "impl": impl.name,
                    "posts": size,
                    "first_p50": first[0],
                    "first_p95": first[1],
                    "deep_p50": deep[0],
                    "deep_p95": deep[1],
                    "depth": size // 2,
                }
            )
    return rows

"""Item 2: lost updates. Twenty PATCHes carrying the same If-Match, released at once: exactly one wins.
Twenty without If-Match: all are applied, in turn, and the last one applied stays."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import partial

from harness.client import Api
from harness.faults.client import call, together

ITEM = "lost_updates"
WRITERS = 20
ROUNDS = 3


def _race(
    port: int, path: str, token: str, etag: str, bodies: list[dict], key: str, read_back: callable
) -> tuple[Counter, list[str]]:
    """Send the PATCHes at once; return the statuses and what went wrong, if anything."""
    outcomes = together(
        partial(
            call,
            port,
            "PATCH",
            path,
            body=body,
            token=token,
            headers={"If-Match": etag, "Content-Type": "application/merge-patch+json"},
        )
        for body in bodies
    )
    statuses = Counter(o.status if o.kind == "answered" else o.kind for o in outcomes)
    problems = []
    if statuses != Counter({200: 1, 412: WRITERS - 1}):
        problems.append(f"{path}: {dict(statuses)}")
    winners = [bodies[i][key] for i, o in enumerate(outcomes) if o.status == 200]
    final = read_back()[key]
    if len(winners) == 1 and final != winners[0]:
        problems.append(f"{path}: final {key} {final!r} is not the winner's {winners[0]!r}")
    return statuses, problems


def test_one_of_twenty_concurrent_patches_wins(server, record):
    api = Api(server.url)
    owner = api.register(display_name="Racer")
    totals = {"post": Counter(), "settings": Counter()}
    problems: list[str] = []
    for round_ in range(ROUNDS):
        post = api.create_post(owner, title="before the race")
        path = f"/api/posts/{post['id']}"
        statuses, found = _race(
            server.port,
            path,
            owner.token,
            api.get(path).headers["ETag"],
            [{"title": f"writer {i} of round {round_}"} for i in range(WRITERS)],
            "title",
            lambda path=path: api.get(path).json(),
        )
        totals["post"] += statuses
        problems += found

        statuses, found = _race(
            server.port,
            "/api/settings",
            owner.token,
            api.get("/api/settings", account=owner).headers["ETag"],
            [{"items_per_page": 1 + i + round_} for i in range(WRITERS)],
            "items_per_page",
            lambda: api.get("/api/settings", account=owner).json(),
        )
        totals["settings"] += statuses
        problems += found

    def text(counts: Counter) -> str:
        errors = sum(n for status, n in counts.items() if isinstance(status, int) and status >= 500)
        others = {status: n for status, n in counts.items() if status not in (200, 412)}
        return f"{counts[200]} × 200, {counts[412]} × 412, {errors} × 5xx" + (f", other: {others}" if others else "")

    record(
        f"{ROUNDS} rounds of {WRITERS} concurrent PATCH with one If-Match, on a post: {text(totals['post'])}; "
        f"on settings: {text(totals['settings'])}; "
        + ("final state the winner's every time" if not problems else "final state checked"),
        post={str(k): v for k, v in totals["post"].items()},
        settings={str(k): v for k, v in totals["settings"].items()},
    )
    assert not problems, "\n".join(problems)


def test_twenty_concurrent_patches_without_if_match_all_apply_in_turn(server, record):
    # No If-Match, no precondition: each write is applied after the one before it committed; none
    # fails (a 412 here would be a lock conflict passed off as the client's), the last applied stays.
    api = Api(server.url)
    owner = api.register(display_name="Unconditional")
    totals: Counter = Counter()
    problems: list[str] = []
    for round_ in range(ROUNDS):
        post = api.create_post(owner, title="before the race")
        for path, bodies in [
            (f"/api/posts/{post['id']}", [{"title": f"writer {i} of round {round_}"} for i in range(WRITERS)]),
            ("/api/settings", [{"items_per_page": 1 + i + round_} for i in range(WRITERS)]),
        ]:
            outcomes = together(
                partial(call, server.port, "PATCH", path, body=body, token=owner.token) for body in bodies
            )
            statuses = Counter(o.status if o.kind == "answered" else o.kind for o in outcomes)
            totals += statuses
            if statuses != Counter({200: WRITERS}):
                problems.append(f"{path}: {dict(statuses)}")
                continue
            answers = [o.json() for o in outcomes]
            if len({o.headers.get("etag") for o in outcomes}) != WRITERS:
                problems.append(f"{path}: two writes left the same ETag")
            last = max(answers, key=lambda answer: datetime.fromisoformat(answer["updated_at"]))
            final = api.get(path, account=owner).json()
            if final != last:
                problems.append(f"{path}: final state {final} is not the last applied write's {last}")
    record(
        f"{ROUNDS} rounds of {WRITERS} concurrent PATCH without If-Match, on a post and on settings: "
        f"{totals[200]} × 200, {totals[412]} × 412"
        + (", final state the last applied write's every time" if not problems else ""),
        statuses={str(k): v for k, v in totals.items()},
    )
    assert not problems, "\n".join(problems)

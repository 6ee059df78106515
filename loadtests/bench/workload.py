"""What Locust's users do right now: the phase's operations, its target, how many clients, their pace.

One Locust process serves a whole comparison: the runner hands it phase after phase, on server
after server. Between phases the clients idle without touching the CPU, so that wrk can measure
beside them. Every client counts: the first `active` of them work, the others wait for the next
phase; a closed-loop phase sends the next request as soon as the last is answered, an open-loop one
keeps each client on a fixed schedule.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from gevent.event import Event

from bench.integrity import Ledger
from bench.profiles import CONDITIONAL_READS, PROFILES


class Workload:
    """The current phase, shared by every user of this process."""

    name = "idle"
    host = ""
    operations: list[str] = []  # operationIds, each repeated by its weight
    conditional = False
    active = 0
    register = False  # clients that are not working register on the phase's server meanwhile
    wait: Callable[[Any], float] = staticmethod(lambda user: 0.0)
    interval = 0.0  # seconds between a paced client's requests (0: closed loop)
    wake = Event()
    late = 0  # requests sent after their scheduled time (a paced client still waiting for an earlier answer)
    seed: dict[str, list[int]] = {"posts": [], "users": []}  # the ids seeded on the current server
    seen: set[int] = set()  # without a seed: the post ids the current server's listings showed
    registered: set[int] = set()  # the clients with an account on the current server
    ledger = Ledger()  # the posts the current server acknowledged creating


EVERYONE = 10**9
LATE_S = 0.001  # a request sent this much after its scheduled time was held back by the client, not the schedule


def select(phase: dict[str, Any], clients: int = EVERYONE) -> None:
    """Switch to `phase`: the workload (or its `profile`), its `host`, the first `clients` working (all of
    them by default), at its `rate` if any."""
    workload, host = phase.get("profile", phase["workload"]), phase["host"].rstrip("/")
    if host != Workload.host:
        Workload.seen, Workload.registered = set(), set()
    Workload.name, Workload.host = workload, host
    Workload.operations = [name for name, weight in PROFILES[workload].items() for _ in range(weight)]
    Workload.conditional = workload in CONDITIONAL_READS
    Workload.active = clients
    Workload.register = not workload.startswith("floor-")
    Workload.interval = clients / phase["rate"] if phase.get("rate") else 0.0
    Workload.wait = staticmethod(paced(Workload.interval) if Workload.interval else lambda user: 0.0)
    _wake_everyone()


def idle() -> None:
    """No phase: every client waits, without a request or a timer, for the next one."""
    Workload.name, Workload.active, Workload.operations, Workload.register = "idle", 0, [], False
    Workload.interval = 0.0
    _wake_everyone()


def _wake_everyone() -> None:
    Workload.wake.set()
    Workload.wake = Event()


def paced(interval: float) -> Callable[[Any], float]:
    """Each client's requests on a fixed schedule, one every `interval` seconds.

    Each client starts at a random point of its first interval: clients switched to a rate together
    would otherwise fire together, in bursts, which is not a steady offered rate (Locust's
    constant_throughput does that). A client that falls behind sends its late requests at once: the
    schedule is kept, not stretched, and each request's latency counts from its scheduled time
    (`user.scheduled`), so a slow answer also costs the requests queued behind it (no coordinated
    omission). Late sends are counted: clients enough for the rate have none.
    """

    def wait(user: Any) -> float:
        now = time.perf_counter()
        if getattr(user, "_interval", None) != interval:
            user._interval, user._due = interval, now + random.uniform(0, interval)
        else:
            user._due += interval
        if user._due < now - LATE_S:
            Workload.late += 1
        user.scheduled = user._due
        return max(0.0, user._due - now)

    return wait

"""The workloads: which operations each sends, and how often (read by the locustfile and the report)."""

from __future__ import annotations

# Weights per operationId; a user picks its next request at random by weight, with no think time.
PROFILES: dict[str, dict[str, int]] = {
    # Reads and writes as an API client would mix them: 71 reads to 29 writes by weight.
    "mixed": {
        "listPosts": 25,
        "getPost": 30,
        "getSettings": 8,
        "getCurrentUser": 4,
        "getUserProfile": 4,
        "createPost": 10,
        "updatePost": 8,
        "updateSettings": 5,
        "deletePost": 6,
    },
    "read": {"listPosts": 40, "getPost": 40, "getSettings": 10, "getCurrentUser": 5, "getUserProfile": 5},
    # Each client edits a post of its own with the ETag of its last answer (If-Match): the server reads
    # the row, checks its version, modifies and writes it. A client's first write creates its post.
    "write": {"updatePost": 1},
    # One operation each, every answer a 200 with its body (no conditional requests): the work the
    # framework floors do, and what wrk sends too.
    "get": {"getPost": 1},
    "list": {"listPosts": 1},
    # The frameworks bare (loadtests/floors), on the same server policy as their implementations.
    "floor-row": {"floorRow": 1},
    "floor-json": {"floorJson": 1},
}
WRITES = frozenset({"createPost", "updatePost", "updateSettings", "deletePost"})
# The workloads whose reads carry If-None-Match half of the time for a post already read.
CONDITIONAL_READS = frozenset({"mixed", "read"})


def write_share(workload: str) -> float:
    """The share of requests that write, by the profile's weights."""
    weights = PROFILES[workload]
    return sum(weight for name, weight in weights.items() if name in WRITES) / sum(weights.values())


def describe(workload: str) -> str:
    """The weights as a reader sees them: "getPost 30, listPosts 25, ... (29 % writes)"."""
    weights = sorted(PROFILES[workload].items(), key=lambda item: -item[1])
    total = sum(weight for _, weight in weights)
    parts = (
        ", ".join(f"{name} {100 * weight / total:.0f} %" for name, weight in weights)
        if len(weights) > 1
        else weights[0][0]
    )
    return f"{parts} ({100 * write_share(workload):.0f} % writes)"

"""The contract's operations, read from contract/openapi.yaml, and a well-formed call of each."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from harness.validation import load_spec

METHODS = ("get", "put", "post", "delete", "patch")
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Operation:
    """One operation: where it lives, what it declares, whether it needs a token and takes a body."""

    operation_id: str
    method: str
    path: str
    statuses: tuple[int, ...]
    secured: bool
    has_body: bool

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.path)


@functools.cache
def _pattern(path: str) -> re.Pattern[str]:
    # Every path parameter is an id (components/schemas/Id): decimal digits.
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", r"(\\d+)", re.escape(path)) + "$")


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation, in the order the contract lists them."""
    found = []
    for path, item in load_spec()["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append(
                    Operation(
                        operation_id=operation["operationId"],
                        method=method.upper(),
                        path=path,
                        statuses=tuple(sorted(int(status) for status in operation["responses"])),
                        secured=bool(operation.get("security")),
                        has_body="requestBody" in operation,
                    )
                )
    return tuple(found)


def by_id(operation_id: str) -> Operation:
    return next(op for op in operations() if op.operation_id == operation_id)


def resolve(method: str, url: str) -> Operation | None:
    """The operation a request addressed, if its path names an id in range (else routing answered it)."""
    path = urlsplit(url).path
    matches = []
    for operation in operations():
        if operation.method == method.upper() and (match := operation.pattern.match(path)):
            matches.append((operation.path.count("{"), operation, match.groups()))
    if not matches:
        return None
    _, operation, ids = min(matches, key=lambda found: found[0])  # /api/users/me before /api/users/{user_id}
    return operation if all(1 <= int(value) <= MAX_ID for value in ids) else None


SETTINGS = {"theme": "dark", "language": "en", "timezone": "UTC", "notifications_enabled": True, "items_per_page": 20}
# A valid body for each operation that takes one (a fresh username each time).
BODIES: dict[str, Callable[[], Any]] = {
    "createUser": lambda: {"username": f"probe_{uuid.uuid4().hex[:20]}", "display_name": "Probe"},
    "replaceSettings": lambda: dict(SETTINGS),
    "updateSettings": lambda: {"theme": "light"},
    "createPost": lambda: {"title": "Probe", "content": "A well-formed post."},
    "replacePost": lambda: {"title": "Probe", "content": "Replaced.", "tags": ["probe"]},
    "updatePost": lambda: {"content": "Patched."},
}


@dataclass(frozen=True)
class Call:
    """A well-formed request of one operation."""

    operation: Operation
    path: str

    @property
    def method(self) -> str:
        return self.operation.method

    @property
    def body(self) -> Any:
        """A valid body, made afresh each time (None if the operation takes none)."""
        return BODIES[self.operation.operation_id]() if self.operation.has_body else None


def calls(*, post_id: int, user_id: int, where: Callable[[Operation], bool] = lambda _: True) -> list[Call]:
    """One well-formed call of every operation (that `where` picks), on this post and this user."""
    return [
        Call(operation, operation.path.replace("{post_id}", str(post_id)).replace("{user_id}", str(user_id)))
        for operation in operations()
        if where(operation)
    ]

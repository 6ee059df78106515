"""Every answer the load test gets is judged: its status, its keys, and now and then the whole contract."""

from __future__ import annotations

import itertools
from typing import Any

from harness.validation import ContractValidator, ContractViolation

# Paths are validated against the contract as if served here: only the path matters to the check.
VALIDATION_BASE = "http://api.invalid"


class Judge:
    """Judges answers; every `every`-th one (0: none) is validated against contract/openapi.yaml."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.count = itertools.count(1)
        # Built before any window opens: loading the contract takes a moment no window should contain.
        self.validator = ContractValidator(VALIDATION_BASE) if every else None

    def __call__(self, method: str, path: str, response: Any, expected: set[int], keys: set[str]) -> str | None:
        """Why the answer is wrong, or None."""
        if response.status_code not in expected:
            return f"status {response.status_code}, expected {sorted(expected)}: {(response.text or '')[:200]}"
        if keys and response.status_code < 300:
            try:
                missing = keys - set(response.json())
            except (ValueError, TypeError):
                return "the body is not a JSON object"
            if missing:
                return f"missing {sorted(missing)}"
        if self.validator and next(self.count) % self.every == 0:
            try:
                self.validator.validate(
                    method,
                    VALIDATION_BASE + path,
                    response.status_code,
                    dict((response.headers or {}).items()),
                    response.content,
                )
            except ContractViolation as violation:
                return f"contract: {str(violation)[:300]}"
        return None

"""The operationId x status matrix: every status the contract declares for an operation, and which tests drew it.

The cells come from contract/openapi.yaml. The contract suite fills them from what servers really
answered: the validating client (harness.client.Api) reports every response it checked, and the
test that sent it. 500 and 503 cannot be provoked from outside a healthy server; the fault tests
named in FAULT_STATUSES draw them, for every operation, from servers whose database refuses
queries or is down.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping

from harness.operations import operations, resolve

FAULT_STATUSES = {500: "contract/faults/test_database_refuses.py", 503: "contract/faults/test_database_outage.py"}
# Declared cells that nothing outside the server can provoke, and why.
UNDRAWABLE = {
    ("getHealthcheck", 500): "its one query, SELECT 1, needs no privilege and fails only when the "
    "database does not answer, which is a 503"
}


def declared() -> set[tuple[str, int]]:
    return {(op.operation_id, status) for op in operations() for status in op.statuses}


class Coverage:
    """(operationId, status) -> the tests that received that answer, per server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.current_test: str | None = None
        self.cells: dict[str, dict[tuple[str, int], set[str]]] = defaultdict(lambda: defaultdict(set))

    def record(self, base_url: str, method: str, url: str, status: int) -> None:
        operation = resolve(method, url)
        if operation is None or status not in operation.statuses or self.current_test is None:
            return
        with self._lock:
            self.cells[base_url.rstrip("/")][(operation.operation_id, status)].add(self.current_test)

    def drawn(self, base_url: str, cell: tuple[str, int]) -> set[str]:
        return self.cells.get(base_url.rstrip("/"), {}).get(cell, set())

    def missing(self, base_url: str) -> list[tuple[str, int]]:
        """Declared cells (500 and 503 aside) that no test of this session drew from the server at `base_url`."""
        return sorted(cell for cell in declared() if cell[1] not in FAULT_STATUSES and not self.drawn(base_url, cell))


COVERAGE = Coverage()


def render(servers: Mapping[str, str], coverage: Coverage = COVERAGE) -> str:
    """The matrix as text. A cell holds how many test functions drew it from every server, '-' if one
    server never answered it, 'F' for the fault tests' statuses; gaps are listed below."""
    ops = operations()
    statuses = sorted({status for op in ops for status in op.statuses})
    width = max(len(op.operation_id) for op in ops)
    lines = [" " * width + "".join(f"{status:>6}" for status in statuses)]
    gaps = []
    for op in ops:
        row = op.operation_id.ljust(width)
        for status in statuses:
            cell = (op.operation_id, status)
            absent = [label for label, url in servers.items() if not coverage.drawn(url, cell)]
            if status not in op.statuses:
                mark = ""
            elif cell in UNDRAWABLE:
                mark = "n/a"
            elif status in FAULT_STATUSES:
                mark = "F"
            elif absent or not servers:
                mark = "-"
                gaps.append(f"{op.operation_id} {status}: no test on {', '.join(absent)}")
            else:
                mark = str(len({test.split("[")[0] for url in servers.values() for test in coverage.drawn(url, cell)}))
            row += f"{mark:>6}"
        lines.append(row)
    legend = ", ".join(f"{status}: {where}" for status, where in FAULT_STATUSES.items())
    lines += [
        "",
        f"n: test functions that drew the cell on every server ({', '.join(servers)}); -: not drawn; "
        f"F: drawn by the fault tests for every operation ({legend})",
        *(f"n/a: {op} {status}: {why}" for (op, status), why in UNDRAWABLE.items()),
        *gaps,
    ]
    return "\n".join(lines)


def describe(cells: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{operation_id} {status}" for operation_id, status in cells)

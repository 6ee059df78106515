"""The operationId x status matrix: every status the contract declares for an operation was drawn.

Runs after every other test of its server (contract/conftest.py orders it last), and only in a
session that runs the whole suite. The matrix itself is printed at the end of the session.
"""

import pytest

from harness import matrix
from harness.manifest import ROOT
from harness.operations import METHODS, operations
from harness.validation import load_spec


@pytest.mark.status_matrix
def test_every_declared_status_was_drawn_from_the_server(target):
    missing = matrix.COVERAGE.missing(target.url)
    assert not missing, (
        "declared statuses no test drew from the server: "
        + matrix.describe(missing)
        + "\n\n"
        + matrix.render({target.name: target.url})
    )


def test_the_fault_tests_draw_500_and_503_for_every_operation():
    # Every operation declares both; the fault tests named here call every operation of the contract
    # (harness.operations.calls) while the database refuses (500) or is down (503), and fail unless
    # each answers so. Only the cells listed as undrawable are left out, each with its reason.
    for status, module in matrix.FAULT_STATUSES.items():
        source = (ROOT / module).read_text()
        assert "from harness.operations import calls" in source and "calls(" in source, module
        assert all(status in op.statuses for op in operations()), status
    assert all(cell[1] in matrix.FAULT_STATUSES and reason for cell, reason in matrix.UNDRAWABLE.items())


def test_the_matrix_is_the_contracts():
    spec = load_spec()
    cells = {
        (op["operationId"], int(status))
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in METHODS
        for status in op["responses"]
    }
    assert matrix.declared() == cells
    assert len(operations()) == len({op.operation_id for op in operations()}) == 15

"""Hooks for `schemathesis run` (SCHEMATHESIS_HOOKS=harness.fuzz_hooks, as harness.fuzz sets it), as in
the suite's own fuzzing: the two fuzzing users are its auth, and valid cases are valid as the contract
reads them (integers, preconditions)."""

from typing import Any

import schemathesis

from harness.fuzzing import CommandLineUsers, as_the_contract_reads

schemathesis.auth(refresh_interval=None)(CommandLineUsers)


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    as_the_contract_reads(case)

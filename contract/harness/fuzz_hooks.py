"""Hooks for `schemathesis run` (SCHEMATHESIS_HOOKS=harness.fuzz_hooks, as harness.fuzz sets it), as in
the suite's own fuzzing: the two fuzzing users are its auth, and integers are the contract's."""

from typing import Any

import schemathesis

from harness.fuzzing import CommandLineUsers, spell_integers

schemathesis.auth(refresh_interval=None)(CommandLineUsers)


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    spell_integers(case)

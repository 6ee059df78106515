"""Strict input, as JSON Schema reads it, and the text type every resource shares.

Ninja's Schema is a pydantic model in lax mode that ignores unknown members: "5" and 5.0 pass as
integers and a misspelt member is dropped. The contract rejects both with 422, so every request
body derives from StrictIn. Patterns are pydantic's (its Rust engine, which reads `$` as the end
of the value, as ECMA-262 does; Python's re would let a trailing newline through).
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, StringConstraints


class StrictIn(Schema):
    """A request body: a JSON object whose members have exactly their JSON types, and no others."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _not_blank(value: str) -> str:
    # "Blank" is only what str.isspace() calls whitespace, which is exactly what strip() removes.
    if not value.strip():
        raise ValueError("must contain a character that is not whitespace")
    if "\x00" in value:
        raise ValueError("must not contain U+0000")
    return value


def text(max_length: int) -> object:
    """The contract's Text, up to `max_length` characters: not only whitespace, and no U+0000."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length), AfterValidator(_not_blank)]


class StatusOut(Schema):
    status: Literal["ok"]

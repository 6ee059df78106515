"""What the resources' request and response bodies share: strict input structs, text, anchored patterns, Status."""

from typing import Annotated, Any, Literal

import msgspec

# The characters str.isspace() counts as whitespace, as the contract lists them (decision D4), so
# that "blank" means the same to Python's re and to ECMA-262, whose \s differs.
WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def anchored(pattern: str) -> str:
    """^pattern$ as ECMA-262 reads it: Python's $ also matches before a final newline, hence (?!\\n)."""
    return f"^{pattern}(?!\\n)$"


def text(*, max_length: int) -> Any:
    """Text with a character that is not whitespace, and no U+0000: the contract's Text."""
    return Annotated[
        str, msgspec.Meta(min_length=1, max_length=max_length, pattern=f"^[^\\x00]*[^\\x00{WHITESPACE}][^\\x00]*$")
    ]


def invalid(pointer: str, message: str) -> ValueError:
    """The error a struct's __post_init__ raises for one member; app/bodies.py reads the pointer back."""
    return ValueError(f"{pointer}: {message}")


class Input(msgspec.Struct, forbid_unknown_fields=True):
    """A request body: unknown and read-only members are refused (app/bodies.py decodes it strictly)."""

    def changes(self) -> dict[str, Any]:
        """The members the client sent (a merge patch's), by name: the others are UNSET."""
        return {name: value for name, value in msgspec.structs.asdict(self).items() if value is not msgspec.UNSET}


class Status(msgspec.Struct):
    status: Literal["ok"]


# Ids are positive 64-bit integers; a larger one in a path names nothing (404, app/errors.py).
MAX_ID = 2**63 - 1

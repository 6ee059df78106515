"""Base models and field types shared by the resources' request and response bodies."""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, field_validator


class StrictInput(BaseModel):
    """A request body read as JSON Schema reads it: no coercion, no unknown or read-only fields."""

    model_config = ConfigDict(strict=True, extra="forbid")


class MergePatch(StrictInput):
    """A JSON merge patch (RFC 7396): members left out keep their value; null removes nothing here."""

    @field_validator("*", mode="before")
    @classmethod
    def reject_null(cls, value: Any) -> Any:
        # Every field of our resources is required, so "remove this member" cannot apply.
        if value is None:
            raise ValueError("must not be null")
        return value


class Output(BaseModel):
    """A response body built from an ORM object."""

    model_config = ConfigDict(from_attributes=True)


def _check_text(value: str) -> str:
    # Blank is what str.isspace() counts as whitespace (the contract lists those characters),
    # exactly what strip() removes.
    if not value.strip():
        raise ValueError("must contain a character that is not whitespace")
    if "\x00" in value:
        raise ValueError("must not contain U+0000")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError("must not contain unpaired surrogates") from None
    return value


Text = Annotated[str, AfterValidator(_check_text)]


def _check_decimal(value: Any) -> Any:
    # Pydantic reads "5.0", "+5", " 5", "5_0" as 5 from a query string; the contract's integer is digits.
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value):
        raise ValueError("must be an integer written in decimal digits, such as 5")
    return value


QueryInt = Annotated[int, BeforeValidator(_check_decimal)]


class Status(BaseModel):
    status: Literal["ok"]

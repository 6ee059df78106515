"""Base schemas and strict field types shared by the resources' request and response bodies.

marshmallow coerces by default (Integer takes "5" and true, Boolean takes "yes" and 1); the
contract reads bodies as JSON Schema does, so the input fields here accept only the JSON type.
"""

import re
from typing import Any

import marshmallow as ma
from marshmallow import ValidationError, fields, validate


class StrictSchema(ma.Schema):
    """A request body: unknown and read-only members are rejected (marshmallow's RAISE)."""

    class Meta:
        unknown = ma.RAISE


class Integer(fields.Integer):
    """A JSON integer: not a string, a float or a boolean (bool is an int in Python)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class QueryInteger(fields.Integer):
    """A query parameter's integer: decimal digits, as the URL spells them ("5"; not "5.0", "+5", "5_0", "٥")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if not isinstance(value, str) or not re.fullmatch(r"-?[0-9]+", value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(fields.Boolean):
    """A JSON boolean: true or false only."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Text(fields.String):
    """Text with a character that is not whitespace, no U+0000 and no unpaired surrogate."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        # The contract's pattern \S, read with Python's re, is exactly "not str.isspace()".
        if not text.strip():
            raise ValidationError("Must contain a character that is not whitespace.")
        if "\x00" in text:
            raise ValidationError("Must not contain U+0000.")
        try:
            text.encode()
        except UnicodeEncodeError:
            raise ValidationError("Must not contain unpaired surrogates.") from None
        return text


class Pattern(validate.Regexp):
    """A pattern the whole value must match, as ECMA-262 reads `^...$`.

    Regexp's re.match with `$` also accepts a final newline; the contract's patterns end in
    `(?!\n)$`, which Python reads as ECMA-262 does, and fullmatch holds with either spelling.
    """

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class StatusSchema(ma.Schema):
    status = fields.String(required=True, validate=validate.Equal("ok"))

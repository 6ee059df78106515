"""Strict input, as JSON Schema reads it: the one place DRF's lenient parsing is tightened.

DRF coerces by default: IntegerField takes "5" and true, BooleanField takes "yes" and 1,
CharField takes numbers and trims whitespace, ChoiceField compares str(value), and a
Serializer ignores members it does not know. The contract rejects all of these with 422.
"""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from rest_framework import serializers

# Members of our resources that a client may read but never send.
READ_ONLY_FIELDS = frozenset({"id", "author_id", "created_at", "updated_at", "token"})
# The largest id (the columns are 64-bit): one past it names nothing, a 404 like any unknown id.
MAX_ID = 2**63 - 1


class FullMatchValidator(RegexValidator):
    """A pattern as the contract spells it, matched against the whole value.

    The contract's anchored patterns end in `(?!\n)$`, since Python's `$` alone also matches
    before a final newline; fullmatch() holds whatever the spelling.
    """

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern, message=f"must match the pattern {pattern}")

    def __call__(self, value: Any) -> None:
        if not self.regex.fullmatch(str(value)):
            raise ValidationError(self.message, code=self.code)


class StrictCharField(serializers.CharField):
    """A JSON string, kept as sent: no str() of numbers, no trimming."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return data


def _not_blank(value: str) -> None:
    # Blank is the contract's explicit whitespace list, which is exactly what str.isspace() counts
    # and so what strip() removes (U+FEFF and U+200B are text, as in the contract).
    if not value.strip():
        raise serializers.ValidationError("must contain a character that is not whitespace")


class TextField(StrictCharField):
    """Human text: not only whitespace (DRF's CharField already refuses U+0000 and lone surrogates)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validators=[_not_blank], **kwargs)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not a string of digits, not a boolean, not 5.0."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class QueryIntegerField(serializers.IntegerField):
    """A query parameter's integer: decimal digits, as the URL spells them ("5"; not "5.0", "+5", "5_0", "٥")."""

    def to_internal_value(self, data: Any) -> int:
        if not isinstance(data, str) or not re.fullmatch(r"-?[0-9]+", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false, nothing that merely looks like one."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices, as a JSON string."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """A request body: a JSON object whose every member is a writable field of the resource."""

    read_only_fields: ClassVar[frozenset[str]] = READ_ONLY_FIELDS

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        unknown = [key for key in data if key not in self.fields] if isinstance(data, Mapping) else []
        errors: dict[str, Any] = {}
        value: dict[str, Any] = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail)
        for key in unknown:
            errors[key] = ["is read-only" if key in self.read_only_fields else "is not a member of this resource"]
        if errors:
            raise serializers.ValidationError(errors)
        return value


def reject_duplicates(values: list[Any]) -> None:
    if len(set(values)) != len(values):
        raise serializers.ValidationError("must not repeat an item")


class StatusSerializer(serializers.Serializer):
    """The answer of a check that passed: {"status": "ok"}."""

    status = serializers.ChoiceField(choices=["ok"])

"""Request and response bodies for the settings resource (preferences)."""

import zoneinfo

from django.core.exceptions import ValidationError
from rest_framework import serializers

from common.serializers import (
    FullMatchValidator,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictSerializer,
)
from preferences.models import Preferences, Theme

# Listing the zones reads the whole tz database: do it once, at import.
ZONES = frozenset(zoneinfo.available_timezones())


def _known_timezone(value: str) -> None:
    if value not in ZONES:
        raise ValidationError("must be an IANA time zone name, such as Europe/Paris")


class PreferencesReplaceSerializer(StrictSerializer):
    """PUT takes every field; PATCH (a JSON merge patch) uses it with partial=True."""

    theme = StrictChoiceField(choices=Theme.choices)
    language = StrictCharField(
        max_length=35, validators=[FullMatchValidator(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*(?!\n)$")]
    )
    timezone = StrictCharField(validators=[_known_timezone])
    notifications_enabled = StrictBooleanField()
    items_per_page = StrictIntegerField(min_value=1, max_value=100)


class PreferencesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Preferences
        fields = ["theme", "language", "timezone", "notifications_enabled", "items_per_page", "updated_at"]

"""Request and response bodies for the settings resource (preferences)."""

import importlib.resources
from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from common.schemas import StrictIn

# The contract lists the zones of the tzdata package; zoneinfo.available_timezones() would add the
# system's own (such as "localtime"). Read once, at import.
ZONES = frozenset(importlib.resources.files("tzdata").joinpath("zones").read_text().split())


def _known_timezone(value: str) -> str:
    if value not in ZONES:
        raise ValueError("must be an IANA time zone name, such as Europe/Paris")
    return value


# Literal rather than the model's Theme enum: in strict mode pydantic takes only Theme members for
# an enum, and a JSON body holds strings.
Theme = Literal["light", "dark", "system"]
Language = Annotated[str, StringConstraints(max_length=35, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
Timezone = Annotated[str, AfterValidator(_known_timezone)]
ItemsPerPage = Annotated[int, Field(ge=1, le=100)]


class PreferencesReplaceIn(StrictIn):
    theme: Theme
    language: Language
    timezone: Timezone
    notifications_enabled: bool
    items_per_page: ItemsPerPage


class PreferencesPatchIn(StrictIn):
    """A JSON merge patch: members left out keep their value. None is only the default, never a
    value: a member sent as null fails its type (the contract's members are not nullable)."""

    theme: Theme = None
    language: Language = None
    timezone: Timezone = None
    notifications_enabled: bool = None
    items_per_page: ItemsPerPage = None


class PreferencesOut(Schema):
    theme: Theme
    language: str
    timezone: str
    notifications_enabled: bool
    items_per_page: int
    updated_at: datetime

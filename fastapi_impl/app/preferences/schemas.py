"""Request and response bodies for the settings resource."""

import zoneinfo
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from app.schemas import MergePatch, Output, StrictInput

# Listing the zones reads the whole tz database: do it once, at import.
_ZONES = frozenset(zoneinfo.available_timezones())


def _check_timezone(value: str) -> str:
    if value not in _ZONES:
        raise ValueError("must be an IANA time zone name, such as Europe/Paris")
    return value


Theme = Literal["light", "dark", "system"]
Language = Annotated[str, Field(max_length=35, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
Timezone = Annotated[str, AfterValidator(_check_timezone)]
ItemsPerPage = Annotated[int, Field(ge=1, le=100)]


class PreferencesReplace(StrictInput):
    theme: Theme
    language: Language
    timezone: Timezone
    notifications_enabled: bool
    items_per_page: ItemsPerPage


class PreferencesPatch(MergePatch):
    theme: Theme = Field(default=None)
    language: Language = Field(default=None)
    timezone: Timezone = Field(default=None)
    notifications_enabled: bool = Field(default=None)
    items_per_page: ItemsPerPage = Field(default=None)


class PreferencesOut(Output):
    theme: Theme
    language: str
    timezone: str
    notifications_enabled: bool
    items_per_page: int
    updated_at: datetime

"""Request and response bodies for the settings resource (msgspec Structs)."""

from datetime import datetime
from importlib.resources import files
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from app.schemas import Input, anchored

# The IANA zones, as the tzdata package lists them (the contract's enum is that list).
ZONES = tuple(files("tzdata").joinpath("zones").read_text().split())

Theme = Literal["light", "dark", "system"]
Language = Annotated[str, msgspec.Meta(max_length=35, pattern=anchored("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"))]
Timezone = Literal[ZONES]  # type: ignore[valid-type]
ItemsPerPage = Annotated[int, msgspec.Meta(ge=1, le=100)]


class PreferencesReplace(Input):
    theme: Theme
    language: Language
    timezone: Timezone
    notifications_enabled: bool
    items_per_page: ItemsPerPage


class PreferencesPatch(Input):
    """A JSON merge patch: members left out keep their value (UNSET); null is no value of any member."""

    theme: Theme | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    timezone: Timezone | UnsetType = UNSET
    notifications_enabled: bool | UnsetType = UNSET
    items_per_page: ItemsPerPage | UnsetType = UNSET


class PreferencesOut(msgspec.Struct):
    theme: Theme
    language: str
    timezone: str
    notifications_enabled: bool
    items_per_page: int
    updated_at: datetime

"""Request and response bodies for the settings resource (the contract's Settings schemas)."""

import zoneinfo

import marshmallow as ma
from marshmallow import fields, validate

from app.schemas import Boolean, Integer, Pattern, StrictSchema

# Listing the zones reads the whole tz database: do it once, at import.
ZONES = sorted(zoneinfo.available_timezones())
THEMES = ["light", "dark", "system"]


class PreferencesReplaceSchema(StrictSchema):
    theme = fields.String(required=True, validate=validate.OneOf(THEMES))
    language = fields.String(
        required=True, validate=[validate.Length(max=35), Pattern(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*(?!\n)$")]
    )
    timezone = fields.String(
        required=True, validate=validate.OneOf(ZONES, error="Must be an IANA time zone name, such as Europe/Paris.")
    )
    notifications_enabled = Boolean(required=True)
    items_per_page = Integer(required=True, validate=validate.Range(1, 100))


class PreferencesPatchSchema(PreferencesReplaceSchema):
    """A JSON merge patch: any subset of the members, none of them null (nothing here is removable)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(partial=True, **kwargs)  # type: ignore[arg-type]


class PreferencesSchema(ma.Schema):
    theme = fields.String(required=True, validate=validate.OneOf(THEMES))
    language = fields.String(required=True)
    timezone = fields.String(required=True)
    notifications_enabled = fields.Boolean(required=True)
    items_per_page = fields.Integer(required=True)
    updated_at = fields.DateTime(required=True)

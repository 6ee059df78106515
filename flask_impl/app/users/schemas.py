"""Request and response bodies for users."""

import marshmallow as ma
from marshmallow import fields, validate

from app.schemas import Pattern, StrictSchema, Text


class UserCreateSchema(StrictSchema):
    username = fields.String(required=True, validate=Pattern(r"^[a-z0-9_]{3,32}(?!\n)$"))
    display_name = Text(required=True, validate=validate.Length(1, 100))


class UserSchema(ma.Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class UserCreatedSchema(UserSchema):
    token = fields.String(required=True, metadata={"description": "Bearer token; shown only here."})


class UserProfileSchema(UserSchema):
    post_count = fields.Integer(required=True)

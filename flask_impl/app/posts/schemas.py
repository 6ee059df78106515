"""Request and response bodies, and the list's query parameters, for posts."""

from typing import Any

import marshmallow as ma
from marshmallow import ValidationError, fields, validate

from app.schemas import Pattern, QueryInteger, StrictSchema, Text

CURSOR = r"^[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}(?!\n)$"


def _unique(tags: list[str]) -> None:
    if len(set(tags)) != len(tags):
        raise ValidationError("Tags must be unique.")


class Title(Text):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(1, 200), **kwargs)


class Content(Text):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(1, 10_000), **kwargs)


class Tags(fields.List):
    def __init__(self, *, metadata: dict[str, Any] | None = None, **kwargs: Any) -> None:
        tag = fields.String(validate=Pattern(r"^[a-z0-9-]{1,32}(?!\n)$"))
        super().__init__(
            tag,
            validate=[validate.Length(max=10), _unique],
            metadata={"uniqueItems": True, **(metadata or {})},
            **kwargs,
        )


class PostCreateSchema(StrictSchema):
    title = Title(required=True)
    content = Content(required=True)
    tags = Tags(load_default=list, metadata={"default": []})  # a new list for each post


class PostReplaceSchema(StrictSchema):
    title = Title(required=True)
    content = Content(required=True)
    tags = Tags(required=True)


class PostPatchSchema(PostReplaceSchema):
    """A JSON merge patch: any subset of the members, none of them null (nothing here is removable)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class PostSchema(ma.Schema):
    id = fields.Integer(required=True)
    author_id = fields.Integer(required=True)
    title = fields.String(required=True)
    content = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class PostPageSchema(ma.Schema):
    items = fields.List(fields.Nested(PostSchema), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class PostListQuerySchema(ma.Schema):
    """Query parameters: strings in the URL, so these fields parse "20" (and ignore unknown ones)."""

    limit = QueryInteger(load_default=20, validate=validate.Range(1, 100), metadata={"description": "Posts per page."})
    # The shape CursorCodec writes (payload.signature, base64url); whether this server signed it is
    # the codec's to say (400), once the shape holds (else 422, like any invalid parameter).
    cursor = fields.String(
        validate=Pattern(CURSOR, error="Must be a `next_cursor`: base64url text, a dot, a 22-character signature."),
        metadata={"description": "The `next_cursor` of the previous page."},
    )
    author_id = QueryInteger(
        validate=validate.Range(1, 2**63 - 1), metadata={"description": "Only posts by this user."}
    )

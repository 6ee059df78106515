"""Request and response bodies for posts, and the query of listPosts."""

import re
from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from common.schemas import StrictIn, text

MAX_ID = 2**63 - 1


def _unique(tags: list[str]) -> list[str]:
    if len(set(tags)) != len(tags):
        raise ValueError("must not repeat a tag")
    return tags


def _decimal(value: object) -> object:
    # A query integer is ASCII decimal digits: pydantic's int would also take "+5", " 5" and "٥".
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise ValueError("must be written in decimal digits")
    return value


Title = text(200)
Content = text(10_000)
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,32}$")]
Tags = Annotated[list[Tag], Field(max_length=10), AfterValidator(_unique)]  # in the order sent
QueryId = Annotated[int, BeforeValidator(_decimal), Field(ge=1, le=MAX_ID)]


class PostCreateIn(StrictIn):
    title: Title
    content: Content
    tags: Tags = []


class PostReplaceIn(StrictIn):
    title: Title
    content: Content
    tags: Tags


class PostPatchIn(StrictIn):
    """A JSON merge patch: members left out keep their value. None is only the default, never a
    value: a member sent as null fails its type (the contract's members are not nullable)."""

    title: Title = None
    content: Content = None
    tags: Tags = None


class PostOut(Schema):
    id: int
    author_id: int
    title: str
    content: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class PostPageOut(Schema):
    items: list[PostOut]
    next_cursor: str | None


class PostListQuery(Schema):
    """Query strings are text, so not strict: "5" is the integer 5. Unknown parameters are ignored."""

    limit: Annotated[int, BeforeValidator(_decimal), Field(ge=1, le=100, description="Posts per page.")] = 20
    cursor: Annotated[
        str,
        # A signed cursor's shape, as CursorCodec writes it: base64url payload, a dot, 16 bytes of HMAC.
        StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}$"),
        Field(description="The `next_cursor` of the previous page."),
    ] = None
    author_id: Annotated[QueryId, Field(description="Only posts by this user.")] = None

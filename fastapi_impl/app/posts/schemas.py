"""Request and response bodies for posts."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from app.schemas import MergePatch, Output, StrictInput, Text


def _check_unique(tags: list[str]) -> list[str]:
    if len(set(tags)) != len(tags):
        raise ValueError("tags must be unique")
    return tags


Title = Annotated[Text, Field(min_length=1, max_length=200)]
Content = Annotated[Text, Field(min_length=1, max_length=10_000)]
Tag = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,32}$")]
Tags = Annotated[list[Tag], Field(max_length=10), AfterValidator(_check_unique)]
# The shape CursorCodec.encode writes: a base64url payload, a dot, a 16-byte base64url signature.
# Another shape fails here (422); a cursor of this shape that the server did not sign, in post_list (400).
Cursor = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}$")]


class PostCreate(StrictInput):
    title: Title
    content: Content
    tags: Tags = Field(default_factory=list)


class PostReplace(StrictInput):
    title: Title
    content: Content
    tags: Tags


class PostPatch(MergePatch):
    title: Title = Field(default=None)
    content: Content = Field(default=None)
    tags: Tags = Field(default=None)


class PostOut(Output):
    id: int
    author_id: int
    title: str
    content: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class PostPageOut(Output):
    items: list[PostOut]
    next_cursor: str | None

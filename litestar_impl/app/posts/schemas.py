"""Request and response bodies for posts (msgspec Structs)."""

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from app.schemas import Input, anchored, invalid, text

Title = text(max_length=200)
Content = text(max_length=10_000)
Tag = Annotated[str, msgspec.Meta(pattern=anchored("[a-z0-9-]{1,32}"))]
# uniqueItems: msgspec has no such constraint; PostCreate and friends check it after decoding.
Tags = Annotated[list[Tag], msgspec.Meta(max_length=10, extra_json_schema={"uniqueItems": True})]


class _UniqueTags:
    tags: list[str] | UnsetType

    def __post_init__(self) -> None:
        if self.tags is not UNSET and len(set(self.tags)) != len(self.tags):
            raise invalid("/tags", "tags must be unique")


class PostCreate(_UniqueTags, Input):
    title: Title
    content: Content
    tags: Tags = msgspec.field(default_factory=list)


class PostReplace(_UniqueTags, Input):
    title: Title
    content: Content
    tags: Tags


class PostPatch(_UniqueTags, Input):
    """A JSON merge patch: members left out keep their value (UNSET); null is no value of any member."""

    title: Title | UnsetType = UNSET
    content: Content | UnsetType = UNSET
    tags: Tags | UnsetType = UNSET


class PostOut(msgspec.Struct):
    id: int
    author_id: int
    title: str
    content: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class PostPageOut(msgspec.Struct):
    items: list[PostOut]
    next_cursor: str | None

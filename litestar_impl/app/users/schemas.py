"""Request and response bodies for users (msgspec Structs)."""

from datetime import datetime
from typing import Annotated, Any, Self

import msgspec

from app.schemas import Input, anchored, text
from app.users.models import User

Username = Annotated[str, msgspec.Meta(pattern=anchored("[a-z0-9_]{3,32}"))]
DisplayName = text(max_length=100)


class UserCreate(Input):
    username: Username
    display_name: DisplayName


class UserOut(msgspec.Struct):
    id: int
    username: str
    display_name: str
    created_at: datetime

    @classmethod
    def from_user(cls, user: User, **extra: Any) -> Self:
        """This shape of the user, with what the shape adds (a token, a post count)."""
        return cls(
            id=user.id, username=user.username, display_name=user.display_name, created_at=user.created_at, **extra
        )


class UserCreatedOut(UserOut):
    token: Annotated[str, msgspec.Meta(description="Bearer token; shown only here.")]


class UserProfileOut(UserOut):
    post_count: int

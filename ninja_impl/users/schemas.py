"""Request and response bodies for users."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import StringConstraints

from common.schemas import StrictIn, text

Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{3,32}$")]
DisplayName = text(100)


class UserCreateIn(StrictIn):
    username: Username
    display_name: DisplayName


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    created_at: datetime


class UserCreatedOut(UserOut):
    token: str  # shown only here: the server keeps its SHA-256


class UserProfileOut(UserOut):
    post_count: int

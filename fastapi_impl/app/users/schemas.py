"""Request and response bodies for users."""

from datetime import datetime
from typing import Annotated

from pydantic import Field

from app.schemas import Output, StrictInput, Text

# Pydantic matches patterns with Rust's regex crate, whose $ is the end of the value: no "alice\n".
Username = Annotated[str, Field(pattern=r"^[a-z0-9_]{3,32}$")]
DisplayName = Annotated[Text, Field(min_length=1, max_length=100)]


class UserCreate(StrictInput):
    username: Username
    display_name: DisplayName


class UserOut(Output):
    id: int
    username: str
    display_name: str
    created_at: datetime


class UserCreatedOut(UserOut):
    token: str = Field(description="Bearer token; shown only here.")


class UserProfileOut(UserOut):
    post_count: int

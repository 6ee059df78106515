"""The users table."""

from datetime import datetime

from advanced_alchemy.types import BigIntIdentity, DateTimeUTC
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class User(Base):
    __tablename__ = "users"
    # AUTOINCREMENT keeps SQLite from reusing a deleted row's id: a stale URL must never name a new user.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(BigIntIdentity, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    # Only a SHA-256 of the token is kept: a leaked table grants no access.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)

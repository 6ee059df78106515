"""The preferences table: one row per user, created with the user."""

from datetime import datetime

from advanced_alchemy.types import BigIntIdentity, DateTimeUTC
from sqlalchemy import Boolean, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

DEFAULTS = {
    "theme": "system",
    "language": "en",
    "timezone": "UTC",
    "notifications_enabled": True,
    "items_per_page": 20,
}


class Preferences(Base):
    __tablename__ = "preferences"

    user_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(6))
    language: Mapped[str] = mapped_column(String(35))
    timezone: Mapped[str] = mapped_column(String(64))
    notifications_enabled: Mapped[bool] = mapped_column(Boolean)
    items_per_page: Mapped[int] = mapped_column(SmallInteger)
    # Bumped by every write (the ORM's version counter), it makes the ETag. Writers hold the
    # row's lock while they read and write it, so the ORM's "AND version = :old" never misses.
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)

    __mapper_args__ = {"version_id_col": version}

"""The table both SQLAlchemy floors read, and the plain DATABASE_URL with each floor's driver."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "floor_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)


def sqlalchemy_url(url: str, *, asynchronous: bool) -> str:
    """aiosqlite or pysqlite, psycopg 3: the drivers the implementations use."""
    scheme, rest = url.split("://", 1)
    if scheme == "sqlite":
        return f"sqlite+aiosqlite://{rest}" if asynchronous else url
    return f"postgresql+psycopg://{rest}"

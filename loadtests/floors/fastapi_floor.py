"""FastAPI alone on the implementation's server policy: a JSON response and a primary-key read."""

import os

from fastapi import FastAPI, HTTPException
from sqlalchemy import Integer, String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _async_url(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"sqlite+aiosqlite://{rest}" if scheme == "sqlite" else f"postgresql+psycopg://{rest}"


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "floor_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)


sessions = async_sessionmaker(create_async_engine(_async_url(os.environ["DATABASE_URL"])))
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/healthcheck")
async def healthcheck() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/json")
async def json_response() -> dict[str, str]:
    return {"message": "Hello, World!"}


@app.get("/item/{item_id}")
async def item(item_id: int) -> dict[str, object]:
    async with sessions() as session:
        row = await session.get(Item, item_id)
    if row is None:
        raise HTTPException(404)
    return {"id": row.id, "name": row.name, "value": row.value}

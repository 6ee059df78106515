"""FastAPI alone on the implementation's server policy: a JSON response and a primary-key read."""

import os

from fastapi import FastAPI, HTTPException
from floor_items import Item, sqlalchemy_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

sessions = async_sessionmaker(create_async_engine(sqlalchemy_url(os.environ["DATABASE_URL"], asynchronous=True)))
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

"""The same-shape floor: FastAPI bare (no auth, ETag, middleware, CORS or body limit) on this database policy.

Served like the API (`python -m app --no-migrate --app app.floor:app`), it reads a post with the
implementation's own pool, PRAGMAs, model and response schema, so that getPost's fraction of it
measures what the contract's rules and the idiomatic code cost for the same work.
"""

from fastapi import FastAPI, HTTPException

from app.config import get_config
from app.db import Database
from app.posts.models import Post
from app.posts.schemas import PostOut


def create_floor() -> FastAPI:
    database = Database(get_config())
    floor = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, lifespan=database.lifespan)

    @floor.get("/healthcheck")
    async def healthcheck() -> dict[str, str]:
        return {"status": "ok"}

    @floor.get("/json")
    async def json_message() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @floor.get("/posts/{post_id}", response_model=PostOut)
    async def get_post(post_id: int) -> Post:
        async with database.read_sessions() as session:
            post = await session.get(Post, post_id)
        if post is None:
            raise HTTPException(404)
        return post

    return floor


app = create_floor()

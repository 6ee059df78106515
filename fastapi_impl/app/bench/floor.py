"""For the comparison only: the same-shape floor, FastAPI bare on this database policy; a copier drops it.

Served like the API (`python -m app --no-migrate --app app.bench.floor:app`), it reads a post with
the implementation's own pool, PRAGMAs, model and response schema, but no auth, ETag, middleware,
CORS or body limit, so that getPost's fraction of it measures what the contract's rules and the
idiomatic code cost for the same work.
"""

from fastapi import FastAPI, HTTPException

from app.bench.policy import log_policy_once
from app.config import get_config
from app.db import Database
from app.posts.models import Post
from app.posts.schemas import PostOut


def create_floor() -> FastAPI:
    database = Database(get_config())
    log_policy_once(database.engine)
    floor = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, lifespan=database.lifespan)

    @floor.get("/healthcheck")
    async def healthcheck() -> dict[str, str]:
        return {"status": "ok"}

    @floor.get("/json")
    async def json_message() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @floor.get("/posts/{post_id}", response_model=PostOut)
    async def get_post(post_id: int) -> Post:
        async with database.session(write=False) as session:
            post = await session.get(Post, post_id)
        if post is None:
            raise HTTPException(404)
        return post

    return floor


app = create_floor()

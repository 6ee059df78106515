"""For the comparison only: the same-shape floor, Litestar bare on this database policy; a copier drops it.

Served like the API (`python -m app --no-migrate --app app.bench.floor:app`), it reads a post with the
implementation's own plugin, pool, PRAGMAs, model and response struct, so that getPost's fraction
of it measures what the contract's rules and the idiomatic code cost for the same work.
"""

from functools import partial

import msgspec
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from app.config import get_config
from app.db import admission, alchemy_config, open_first_connection, read_session
from app.posts.models import Post
from app.posts.schemas import PostOut


def create_floor() -> Litestar:
    config = get_config()
    alchemy = alchemy_config(config)
    turns = admission(config)  # the API's first-come, first-served turns at the pool (app/db.py)

    @get("/healthcheck", sync_to_thread=False)
    def healthcheck() -> dict[str, str]:
        return {"status": "ok"}

    @get("/json", sync_to_thread=False)
    def json_message() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @get("/posts/{post_id:int}")
    async def get_post(post_id: FromPath[int]) -> PostOut:
        async with read_session(alchemy, turns) as session:
            post = await session.get(Post, post_id)
        if post is None:
            raise NotFoundException
        return msgspec.convert(post, PostOut, from_attributes=True)

    return Litestar(
        [healthcheck, json_message, get_post],
        plugins=[SQLAlchemyPlugin(config=alchemy)],
        on_startup=[partial(open_first_connection, alchemy)],
        openapi_config=None,
        logging_config=None,
    )


app = create_floor()

"""Posts: cursors and their shape, keyset pagination with tied timestamps, and writes in turn."""

import asyncio
from datetime import UTC, datetime

import pytest
from pydantic import TypeAdapter
from sqlalchemy import select

from app.errors import BadRequest, PreconditionFailed
from app.posts.models import Post
from app.posts.pagination import CursorCodec
from app.posts.schemas import Cursor
from app.posts.services import post_etag, post_list, post_update
from app.users.models import User


def test_cursors_round_trip_and_refuse_forgeries():
    codec = CursorCodec("secret")
    moment = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    cursor = codec.encode(moment, 42)
    assert codec.decode(cursor) == (moment, 42)
    for forged in (cursor + "x", cursor.replace(".", ".A"), "e30." + cursor.split(".")[1], "", "é.é"):
        with pytest.raises(BadRequest):
            codec.decode(forged)
    with pytest.raises(BadRequest):
        CursorCodec("another secret").decode(cursor)


async def make_posts(database, count: int, created_at: datetime) -> tuple[User, list[int]]:
    async with database.write_sessions() as session:
        user = User(username="writer", display_name="W", token_hash="0" * 64, created_at=created_at)
        session.add(user)
        await session.flush()
        session.add_all(
            [
                Post(
                    author_id=user.id, title=f"P{n}", content="c", tags=[], created_at=created_at, updated_at=created_at
                )
                for n in range(count)
            ]
        )
        await session.commit()
        return user, list(await session.scalars(select(Post.id).order_by(Post.id.desc())))


def test_posts_with_the_same_timestamp_are_ordered_by_id_across_pages(app):
    async def scenario() -> tuple[list[int], list[int]]:
        _, ids = await make_posts(app.state.database, 7, datetime(2026, 5, 5, tzinfo=UTC))
        codec, seen, cursor = CursorCodec("k"), [], None
        async with app.state.database.read_sessions() as session:
            while True:
                page, cursor = await post_list(session=session, codec=codec, limit=3, cursor=cursor, author_id=None)
                seen += [post.id for post in page]
                if cursor is None:
                    return ids, seen

    ids, seen = asyncio.run(scenario())
    assert seen == ids


def test_writes_apply_in_turn_and_only_a_stale_if_match_is_refused(app):
    # Without If-Match the last write wins; with the ETag of an earlier version it is refused.
    async def scenario() -> tuple[str, int]:
        database = app.state.database
        user, [post_id] = await make_posts(database, 1, datetime.now(UTC))
        async with database.read_sessions() as session:
            first_etag = post_etag(await session.get(Post, post_id))  # as a slow client would have read it
        for title in ("First", "Last"):
            async with database.write_sessions() as session:
                await post_update(session=session, actor=user, post_id=post_id, changes={"title": title}, if_match=None)
        async with database.write_sessions() as session:
            with pytest.raises(PreconditionFailed):
                await post_update(
                    session=session, actor=user, post_id=post_id, changes={"title": "Lost"}, if_match=first_etag
                )
        async with database.read_sessions() as session:
            post = await session.get(Post, post_id)
            return post.title, post.version

    assert asyncio.run(scenario()) == ("Last", 3)


def test_the_codec_writes_the_shape_the_cursor_parameter_accepts():
    cursor = CursorCodec("k").encode(datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), 2**63 - 1)
    assert TypeAdapter(Cursor).validate_python(cursor) == cursor


def test_a_cursor_of_another_shape_is_invalid_and_one_not_signed_here_a_bad_request(client, register):
    user = register()
    for n in range(3):
        client.post("/api/posts", headers=user["auth"], json={"title": f"t{n}", "content": "c"})
    cursor = client.get("/api/posts?limit=2").json()["next_cursor"]
    assert len(client.get("/api/posts", params={"limit": 2, "cursor": cursor}).json()["items"]) == 1
    payload, signature = cursor.split(".")
    shapes = [
        "0",
        "",
        payload,
        f"{cursor}\n",
        f"{cursor}=",
        cursor[:-1],
        f"{payload}+.{signature}",
        f"{payload}..{signature}",
    ]
    for shape in [*shapes, f"{'A' * 481}.{signature}"]:
        response = client.get("/api/posts", params={"cursor": shape})
        assert response.status_code == 422, shape
        assert [error["parameter"] for error in response.json()["errors"]] == ["cursor"]
    for forged in (f"A{payload}.{signature}", f"{payload}.{'A' * 22}", f"{'A' * 480}.{signature}"):
        response = client.get("/api/posts", params={"cursor": forged})
        assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"

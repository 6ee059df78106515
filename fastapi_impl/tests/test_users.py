"""User services: tokens kept only as hashes, and deletion of everything a user owns."""

import asyncio
import hashlib

from sqlalchemy import func, select

from app.posts.models import Post
from app.preferences.models import Preferences
from app.users.models import User


def test_the_token_is_stored_only_as_its_sha256(app, client, register):
    user = register()

    async def stored() -> User:
        async with app.state.database.read_sessions() as session:
            return await session.scalar(select(User))

    row = asyncio.run(stored())
    assert row.token_hash == hashlib.sha256(user["token"].encode()).hexdigest()
    assert user["token"] not in {row.username, row.display_name, row.token_hash}


def test_deleting_a_user_deletes_their_posts_and_preferences(app, client, register):
    alice, bob = register("alice"), register("bob")
    for user in (alice, bob):
        assert client.post("/api/posts", headers=user["auth"], json={"title": "t", "content": "c"}).status_code == 201
    assert client.delete(f"/api/users/{alice['id']}", headers=alice["auth"]).status_code == 204

    async def counts() -> tuple[int, int, int]:
        async with app.state.database.read_sessions() as session:
            return tuple([await session.scalar(select(func.count()).select_from(model))
                          for model in (User, Post, Preferences)])

    assert asyncio.run(counts()) == (1, 1, 1)


def test_registration_creates_default_settings_as_old_as_the_user(client, register):
    user = register()
    settings = client.get("/api/settings", headers=user["auth"]).json()
    assert settings["updated_at"] == user["created_at"]

"""Users: tokens kept only as hashes, deletion by the foreign keys' cascade, the base of the resources."""

import ast
import asyncio
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

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


def test_every_pooled_connection_enforces_foreign_keys(app):
    # Deleting a user relies on ON DELETE CASCADE, which SQLite applies only where foreign_keys is on.
    async def pragmas() -> list[int]:
        engine = app.state.database.engine
        connections = [await engine.connect() for _ in range(engine.pool.size())]
        try:
            return [await connection.scalar(text("PRAGMA foreign_keys")) for connection in connections]
        finally:
            for connection in connections:
                await connection.close()

    assert asyncio.run(pragmas()) == [1] * app.state.database.engine.pool.size() != []


def test_deleting_a_user_deletes_their_posts_and_preferences(app, client, register):
    alice, bob = register("alice"), register("bob")
    for user in (alice, bob):
        assert client.post("/api/posts", headers=user["auth"], json={"title": "t", "content": "c"}).status_code == 201
    assert client.delete(f"/api/users/{alice['id']}", headers=alice["auth"]).status_code == 204

    async def counts() -> tuple[int, int, int]:
        async with app.state.database.read_sessions() as session:
            return tuple(
                [await session.scalar(select(func.count()).select_from(model)) for model in (User, Post, Preferences)]
            )

    assert asyncio.run(counts()) == (1, 1, 1)


def test_registration_creates_default_settings_as_old_as_the_user(client, register):
    user = register()
    settings = client.get("/api/settings", headers=user["auth"]).json()
    assert settings["updated_at"] == user["created_at"]


def test_users_import_no_other_resource_outside_their_routes():
    users = Path(__file__).resolve().parents[1] / "app" / "users"
    for module in users.glob("*.py"):
        if module.name == "routes.py":
            continue  # handlers compose services of several resources
        imported = {
            node.module
            for node in ast.walk(ast.parse(module.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {name for name in imported if name.startswith(("app.posts", "app.preferences"))}, module.name


@pytest.mark.parametrize(
    "body, status",
    [
        ({"username": "alice\n", "display_name": "Alice"}, 422),  # an anchored pattern takes no final newline
        ({"username": "carol", "display_name": "\x1f"}, 422),  # U+001F is whitespace to str.isspace()
        ({"username": "carol", "display_name": "\u3000\u2028\x85"}, 422),
        ({"username": "carol", "display_name": "\ufeff"}, 201),  # U+FEFF is not
    ],
)
def test_blank_is_what_str_isspace_says_and_patterns_match_the_whole_value(client, body, status):
    assert client.post("/api/users", json=body).status_code == status

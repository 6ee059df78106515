"""The database policy as a live SQLite connection reports it (the comparison's log line), and cascades."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from config.bench.policy import policy
from posts.models import Post
from preferences.models import Preferences


@pytest.fixture
def sqlite_file(reload_base, tmp_path):
    """A connection made with the served settings (config.settings.base) to an SQLite file."""
    settings = reload_base(DATABASE_URL=f"sqlite:///{tmp_path / 'policy.sqlite3'}")
    wrapper = ConnectionHandler({"default": settings.DATABASES["default"]})["default"]
    yield wrapper
    wrapper.close()


def test_the_policy_is_read_back_from_the_connection(sqlite_file, settings):
    found = policy(sqlite_file)
    assert found["pragmas"] == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000}
    assert found["engine"] == "sqlite" and found["driver"].startswith("sqlite3 3.")
    assert found["isolation"] == "serializable" and found["reads"] == "autocommit"
    assert found["pool_size"] == settings.THREADS and found["max_overflow"] == 0
    assert found["connections"] == "one per thread, kept (CONN_MAX_AGE=None)"


def test_every_connection_enforces_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_a_deleted_users_posts_and_preferences_are_gone(client, register):
    alice, bob = register("alice"), register("bob")
    for title in ("one", "two"):
        client.post("/api/posts", {"title": title, "content": "C"}, format="json", **alice["auth"])
    client.post("/api/posts", {"title": "kept", "content": "C"}, format="json", **bob["auth"])
    assert client.delete(f"/api/users/{alice['id']}", **alice["auth"]).status_code == 204
    assert not Post.objects.filter(author_id=alice["id"]).exists()
    assert not Preferences.objects.filter(user_id=alice["id"]).exists()
    assert Post.objects.filter(author_id=bob["id"]).count() == 1 and Preferences.objects.filter(user_id=bob["id"])

"""The same-shape floor: the API's getPost body from the bare framework, on the same database."""

import pytest
from litestar.testing import TestClient

from app.bench.floor import create_floor


@pytest.fixture
def floor(config):
    with TestClient(create_floor()) as client:
        yield client


def test_the_floor_serves_a_post_as_get_post_does(client, register, floor):
    user = register()
    body = {"title": "Tïtle", "content": "c", "tags": ["a", "b"]}
    created = client.post("/api/posts", headers=user["auth"], json=body)
    path = f"/posts/{created.json()['id']}"
    api, bare = client.get(f"/api{path}"), floor.get(path)
    assert bare.status_code == api.status_code == 200
    assert bare.content == api.content
    assert sorted(bare.json()) == ["author_id", "content", "created_at", "id", "tags", "title", "updated_at"]


def test_the_floor_answers_404_json_and_healthcheck(floor):
    assert floor.get("/posts/999").status_code == 404
    assert floor.get("/json").json() == {"message": "Hello, World!"}
    assert floor.get("/healthcheck").json() == {"status": "ok"}

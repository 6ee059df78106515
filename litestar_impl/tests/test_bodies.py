"""Request bodies: 413, 415 and 400 before authentication, strict types after it (422 with JSON Pointers)."""

import pytest


@pytest.mark.parametrize(
    "field, value",
    [
        ("items_per_page", "5"),
        ("items_per_page", 5.0),
        ("items_per_page", True),
        ("notifications_enabled", 1),
        ("notifications_enabled", "true"),
    ],
)
def test_types_are_strict_where_litestar_would_coerce(client, register, field, value):
    user = register()
    response = client.patch("/api/settings", headers=user["auth"], json={field: value})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"pointer": f"/{field}", "message": response.json()["errors"][0]["message"]}]
    assert client.get("/api/settings", headers=user["auth"]).json()[field] in (20, True)


def test_every_missing_member_is_named(client, register):
    response = client.post("/api/posts", headers=register()["auth"], json={"tags": []})
    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/title", "/content"]


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"title": "T", "content": "C", "id": 1}, "/id"),
        ({"title": "T", "content": "C", "tags": ["ok", "Not A Tag"]}, "/tags/1"),
        ({"title": "T", "content": "C", "tags": ["dup", "dup"]}, "/tags"),
        ({"title": "\u001f", "content": "C"}, "/title"),
        ({"title": "a\u0000b", "content": "C"}, "/title"),
        ([], ""),
    ],
)
def test_errors_point_into_the_body(client, register, body, pointer):
    response = client.post("/api/posts", headers=register()["auth"], json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["pointer"] == pointer


def test_text_that_is_not_blank_to_python_is_text(client, register):
    response = client.post("/api/posts", headers=register()["auth"], json={"title": "\ufeff", "content": "C"})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"title": "T", "content": "C"}', "text/plain", 415),
        (b'{"title": "T", "content": "C"}', None, 415),
        (b"", "application/json", 400),
        (b'{"title": ', "application/json", 400),
        (b'{"title": "\\ud800", "content": "C"}', "application/json", 400),
        (b'{"title": "\xff"}', "application/json", 400),
        (b"[" * 50_000 + b"]" * 50_000, "application/json", 413),
        (b"[" * 1_000 + b"]" * 1_000, "application/json", 400),
    ],
)
def test_the_body_as_transported_comes_before_the_token(client, body, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    # No token at all: these answers come first, and an invalid but well-formed body gets 401.
    assert client.post("/api/posts", content=body, headers=headers).status_code == status
    assert client.post("/api/posts", json={"title": ""}).status_code == 401


def test_merge_patch_is_json_for_patch_only(client, register):
    user = register()
    merge = {"Content-Type": "application/merge-patch+json", **user["auth"]}
    assert client.patch("/api/settings", content=b'{"theme": "dark"}', headers=merge).status_code == 200
    assert client.post("/api/posts", content=b'{"title": "T", "content": "C"}', headers=merge).status_code == 415

"""createPost, getPost, replacePost, updatePost and deletePost."""

from datetime import UTC, datetime, timedelta

import pytest

from harness.client import parse_time

HOSTILE_TEXT = [
    "'; DROP TABLE posts; --",
    "<script>alert('x')</script>",
    "{{7*7}} ${7*7} %s %d %(x)s",
    "../../../../etc/passwd",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "💥 ñ 日本語 עברית \u202eRTL\u202c e\u0301",
    'line one\nline two\r\n\ttabbed \\ backslash "quoted"',
    "  leading and trailing spaces are kept  ",
]


def test_create_returns_the_post_with_location_and_etag(api, alice):
    response = api.post("/api/posts", {"title": "Hello", "content": "World", "tags": ["intro", "a-b"]}, account=alice)
    assert response.status_code == 201
    post = response.json()
    assert set(post) == {"id", "author_id", "title", "content", "tags", "created_at", "updated_at"}
    assert (post["author_id"], post["title"], post["content"], post["tags"]) == (
        alice.id,
        "Hello",
        "World",
        ["intro", "a-b"],
    )
    assert post["created_at"] == post["updated_at"]
    assert response.headers["Location"] == f"/api/posts/{post['id']}"
    got = api.get(f"/api/posts/{post['id']}")
    assert got.json() == post
    assert got.headers["ETag"] == response.headers["ETag"]


def test_tags_default_to_an_empty_list(api, alice):
    assert api.create_post(alice)["tags"] == []


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_text_is_stored_and_returned_verbatim(api, alice, text):
    post = api.create_post(alice, title=text[:200], content=text)
    stored = api.get(f"/api/posts/{post['id']}").json()
    assert (stored["title"], stored["content"]) == (text[:200], text)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "t" * 200},
        {"content": "c" * 10_000},
        {"title": "💥" * 200},
        {"tags": [f"tag-{i}" for i in range(10)]},
        {"tags": ["a" * 32]},
        {"tags": ["0-9"]},
    ],
)
def test_values_at_the_limits_are_accepted(api, alice, fields):
    post = api.create_post(alice, **fields)
    assert {key: post[key] for key in fields} == fields


@pytest.mark.parametrize(
    "fields, pointer",
    [
        ({"title": ""}, "/title"),
        ({"title": "t" * 201}, "/title"),
        ({"title": " \t\n "}, "/title"),
        ({"title": "\u3000"}, "/title"),
        ({"title": "a\x00b"}, "/title"),
        ({"title": 5}, "/title"),
        ({"title": None}, "/title"),
        ({"content": ""}, "/content"),
        ({"content": "c" * 10_001}, "/content"),
        ({"content": "  "}, "/content"),
        ({"content": ["x"]}, "/content"),
        ({"tags": [f"t{i}" for i in range(11)]}, "/tags"),
        ({"tags": ["dup", "dup"]}, "/tags"),
        ({"tags": ["Upper"]}, "/tags/0"),
        ({"tags": ["ok", "a" * 33]}, "/tags/1"),
        ({"tags": ["has space"]}, "/tags/0"),
        ({"tags": [""]}, "/tags/0"),
        ({"tags": "one"}, "/tags"),
        ({"tags": [1]}, "/tags/0"),
        ({"tags": None}, "/tags"),
        ({"id": 1}, "/id"),
        ({"author_id": 1}, "/author_id"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "/created_at"),
        ({"updated_at": "2020-01-01T00:00:00Z"}, "/updated_at"),
        ({"published": True}, "/published"),
    ],
)
def test_invalid_posts_are_rejected_with_a_pointer(api, alice, fields, pointer):
    response = api.post("/api/posts", {"title": "T", "content": "C", **fields}, account=alice)
    assert response.status_code == 422
    assert pointer in [error.get("pointer") for error in response.json()["errors"]]


def test_title_and_content_are_required(api, alice):
    response = api.post("/api/posts", {"tags": []}, account=alice)
    assert response.status_code == 422
    assert {"/title", "/content"} <= {error.get("pointer") for error in response.json()["errors"]}


def test_put_replaces_the_post(api, alice):
    post = api.create_post(alice, tags=["old"])
    response = api.put(f"/api/posts/{post['id']}", {"title": "New", "content": "Body", "tags": []}, account=alice)
    assert response.status_code == 200
    updated = response.json()
    assert (updated["title"], updated["content"], updated["tags"]) == ("New", "Body", [])
    assert (updated["id"], updated["author_id"], updated["created_at"]) == (post["id"], alice.id, post["created_at"])
    assert parse_time(updated["updated_at"]) > parse_time(post["updated_at"])
    assert api.get(f"/api/posts/{post['id']}").json() == updated


@pytest.mark.parametrize(
    "method, body",
    [("PUT", {"title": "T", "content": "C", "tags": []}), ("PATCH", {}), ("PATCH", {"title": "A title"})],
)
def test_every_write_moves_updated_at_forward_and_keeps_created_at(api, alice, method, body):
    # Even a write that changes nothing (an empty merge patch, the same title) is a write.
    post = api.create_post(alice)
    seen = [post]
    for _ in range(3):
        response = api.request(method, f"/api/posts/{post['id']}", json_body=body, account=alice)
        assert response.status_code == 200
        seen.append(response.json())
    times = [parse_time(p["updated_at"]) for p in seen]
    assert times == sorted(times) and len(set(times)) == len(times), [p["updated_at"] for p in seen]
    assert {p["created_at"] for p in seen} == {post["created_at"]}
    assert times[-1] <= datetime.now(UTC) + timedelta(minutes=5)


@pytest.mark.parametrize("tags", [["zeta", "alpha", "mid"], ["b", "a"], ["9", "10", "1"]])
def test_tags_keep_the_order_they_were_sent_in(api, alice, tags):
    post = api.create_post(alice, tags=tags)
    assert post["tags"] == tags
    assert api.get(f"/api/posts/{post['id']}").json()["tags"] == tags
    assert api.get("/api/posts", params={"author_id": alice.id}).json()["items"][0]["tags"] == tags
    reversed_tags = tags[::-1]
    path = f"/api/posts/{post['id']}"
    assert api.patch(path, {"tags": reversed_tags}, account=alice).json()["tags"] == reversed_tags
    assert api.put(path, {"title": "T", "content": "C", "tags": tags}, account=alice).json()["tags"] == tags
    assert api.get(path).json()["tags"] == tags


@pytest.mark.parametrize("missing", ["title", "content", "tags"])
def test_put_requires_every_writable_field(api, alice, missing):
    post = api.create_post(alice)
    body = {key: value for key, value in {"title": "T", "content": "C", "tags": []}.items() if key != missing}
    response = api.put(f"/api/posts/{post['id']}", body, account=alice)
    assert response.status_code == 422
    assert f"/{missing}" in [error.get("pointer") for error in response.json()["errors"]]


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
def test_patch_changes_only_what_it_names(api, alice, content_type):
    post = api.create_post(alice, tags=["keep"])
    response = api.patch(
        f"/api/posts/{post['id']}", {"title": "Renamed"}, account=alice, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("title", "content", "tags")} == {
        "title": "Renamed",
        "content": post["content"],
        "tags": ["keep"],
    }


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"title": None}, "/title"),
        ({"tags": None}, "/tags"),
        ({"content": ""}, "/content"),
        ({"id": 5}, "/id"),
        ({"author_id": 5}, "/author_id"),
        ({"likes": 3}, "/likes"),
    ],
)
def test_patch_rejects_nulls_read_only_and_unknown_fields(api, alice, body, pointer):
    post = api.create_post(alice)
    response = api.patch(f"/api/posts/{post['id']}", body, account=alice)
    assert response.status_code == 422
    assert pointer in [error.get("pointer") for error in response.json()["errors"]]
    assert api.get(f"/api/posts/{post['id']}").json() == post


def test_delete_removes_the_post(api, alice):
    post = api.create_post(alice)
    assert api.delete(f"/api/posts/{post['id']}", account=alice).status_code == 204
    assert api.get(f"/api/posts/{post['id']}").status_code == 404
    assert api.delete(f"/api/posts/{post['id']}", account=alice).status_code == 404
    assert api.patch(f"/api/posts/{post['id']}", {"title": "x"}, account=alice).status_code == 404


def test_the_id_of_a_deleted_post_is_never_reused(api, alice):
    older = api.create_post(alice)
    post = api.create_post(alice)  # the newest post: max(id) + 1 would name it again
    assert post["id"] > older["id"]
    assert api.delete(f"/api/posts/{post['id']}", account=alice).status_code == 204
    newer = api.create_post(alice)
    assert newer["id"] > post["id"]
    assert api.get(f"/api/posts/{post['id']}").status_code == 404


@pytest.mark.parametrize("post_id", ["0", "999999999999", str(2**63 - 1), str(2**63), "9" * 40])
def test_unknown_posts_are_not_found_for_every_method(api, alice, post_id):
    path = f"/api/posts/{post_id}"
    assert api.get(path).status_code == 404
    assert api.put(path, {"title": "T", "content": "C", "tags": []}, account=alice).status_code == 404
    assert api.patch(path, {"title": "T"}, account=alice).status_code == 404
    assert api.delete(path, account=alice).status_code == 404

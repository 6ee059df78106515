"""Posts: writing, ETags and preconditions, ownership, writes in turn under a row lock, keyset pagination."""

import base64
import re
import string

import pytest

from common.errors import PreconditionFailed
from posts import services
from posts.models import Post
from posts.pagination import CURSOR_PATTERN, CursorCodec
from posts.selectors import post_get
from tests.conftest import assert_problem
from users.models import User


@pytest.fixture
def write(client):
    def write(user, title="t", **fields):
        response = client.post("/api/posts", {"title": title, "content": "c", **fields}, format="json", **user["auth"])
        assert response.status_code == 201, response.content
        return response

    return write


def test_a_new_post_has_location_etag_and_default_tags(client, register, write):
    response = write(register())
    post = response.json()
    assert response["Location"] == f"/api/posts/{post['id']}" and response["ETag"] == f'"{post["id"]}-1"'
    assert post["tags"] == [] and post["created_at"] == post["updated_at"] and post["created_at"].endswith("Z")
    assert client.get(f"/api/posts/{post['id']}").json() == post


def test_head_answers_like_get_without_a_body(client, register, write):
    post = write(register()).json()
    response = client.head(f"/api/posts/{post['id']}")
    assert response.status_code == 200 and response["ETag"] == f'"{post["id"]}-1"' and response.content == b""


def test_tags_are_unique_lowercase_and_at_most_ten(client, register):
    user = register()
    for tags, pointer in (
        (["a", "a"], "/tags"),
        (["A"], "/tags/0"),
        ([str(n) for n in range(11)], "/tags"),
        ("a", "/tags"),
    ):
        response = client.post(
            "/api/posts", {"title": "t", "content": "c", "tags": tags}, format="json", **user["auth"]
        )
        assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == [pointer]


def test_only_the_author_may_change_and_ownership_comes_before_preconditions(client, register, write):
    alice, bob = register("alice"), register("bob")
    post = write(alice).json()
    stale = client.patch(
        f"/api/posts/{post['id']}", {"title": "x"}, format="json", HTTP_IF_MATCH='"0-0"', **bob["auth"]
    )
    assert_problem(stale, 403)
    assert_problem(client.delete(f"/api/posts/{post['id']}", **bob["auth"]), 403)


def test_put_needs_every_field_and_patch_rejects_null(client, register, write):
    user = register()
    post = write(user).json()
    response = client.put(f"/api/posts/{post['id']}", {"title": "t", "content": "c"}, format="json", **user["auth"])
    assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == ["/tags"]
    response = client.patch(f"/api/posts/{post['id']}", {"title": None}, format="json", **user["auth"])
    assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == ["/title"]


def test_if_match_guards_changes_and_if_none_match_answers_304(client, register, write):
    user = register()
    response = write(user)
    url, etag = response["Location"], response["ETag"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    assert not_modified.content == b"" and "Content-Type" not in not_modified
    changed = client.patch(url, {"title": "new"}, format="json", HTTP_IF_MATCH=etag, **user["auth"])
    assert changed.status_code == 200 and changed["ETag"] != etag and changed.json()["title"] == "new"
    stale = assert_problem(client.delete(url, HTTP_IF_MATCH=etag, **user["auth"]), 412)
    assert stale["detail"] == "The resource has changed since you read it: If-Match does not match its ETag."
    assert client.delete(url, HTTP_IF_MATCH=changed["ETag"], **user["auth"]).status_code == 204
    assert_problem(client.get(url), 404)


def test_a_malformed_precondition_is_a_bad_request_after_the_resources_404_and_403(client, register, write):
    alice, bob = register("alice"), register("bob")
    url = write(alice)["Location"]
    assert_problem(client.get(url, HTTP_IF_NONE_MATCH="7-1"), 400)
    assert_problem(client.get("/api/posts/999", HTTP_IF_NONE_MATCH="7-1"), 404)
    for method in ("put", "patch", "delete"):
        body = {"title": "changed", "content": "c", "tags": []} if method != "delete" else None
        call = getattr(client, method)
        assert_problem(call("/api/posts/999", body, format="json", HTTP_IF_MATCH="", **alice["auth"]), 404)
        assert_problem(call(url, body, format="json", HTTP_IF_MATCH="", **bob["auth"]), 403)
        detail = assert_problem(call(url, body, format="json", HTTP_IF_MATCH="", **alice["auth"]), 400)["detail"]
        assert detail == "If-Match must be * or a list of quoted entity tags."
    assert client.get(url).json()["title"] == "t"  # nothing was written


def test_writes_lock_the_row_apply_in_turn_and_only_a_stale_if_match_loses(register, monkeypatch):
    # Each write reads the post under its row lock, so the one before it has committed: without
    # If-Match the last write wins; with the ETag of an earlier version it is refused.
    alice = User.objects.get(pk=register()["id"])
    post_id = Post.objects.create(
        author=alice, title="t", content="c", created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z"
    ).pk
    first_etag = services.post_etag(Post.objects.get(pk=post_id))
    locks = []
    monkeypatch.setattr(services, "post_get", lambda **kwargs: locks.append(kwargs["lock"]) or post_get(**kwargs))
    for title in ("first", "last"):
        services.post_update(actor=alice, post_id=post_id, changes={"title": title}, if_match=None)
    with pytest.raises(PreconditionFailed):
        services.post_update(actor=alice, post_id=post_id, changes={"title": "lost"}, if_match=first_etag)
    with pytest.raises(PreconditionFailed):
        services.post_delete(actor=alice, post_id=post_id, if_match=first_etag)
    assert (Post.objects.get(pk=post_id).title, Post.objects.get(pk=post_id).version) == ("last", 3)
    assert locks == [True] * 4


def test_pages_walk_every_post_newest_first_and_end_with_a_null_cursor(client, register, write):
    alice, bob = register("alice"), register("bob")
    ids = [write(alice if n % 2 else bob, title=f"p{n}").json()["id"] for n in range(5)]
    seen, cursor = [], None
    while True:
        page = client.get("/api/posts", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [post["id"] for post in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == ids[::-1]
    by_alice = client.get("/api/posts", {"author_id": alice["id"]}).json()
    assert [post["id"] for post in by_alice["items"]] == [ids[3], ids[1]] and by_alice["next_cursor"] is None


def test_a_forged_or_altered_cursor_is_a_bad_request(client, register, write):
    write(register())
    forged = CursorCodec("another-key").encode(Post.objects.get().created_at, 1)
    assert_problem(client.get("/api/posts", {"cursor": forged}), 400)
    valid = CursorCodec("test-secret-key").encode(Post.objects.get().created_at, 1)
    assert client.get("/api/posts", {"cursor": valid}).status_code == 200
    assert_problem(client.get("/api/posts", {"cursor": "x" + valid}), 400)
    # Of the cursor's shape, but not one this server wrote.
    assert_problem(client.get("/api/posts", {"cursor": "bm90.aaaaaaaaaaaaaaaaaaaaaa"}), 400)


@pytest.mark.parametrize(
    "cursor",
    [
        "0",
        "not.a.cursor",
        "abc.",
        ".aaaaaaaaaaaaaaaaaaaaaa",
        "a.aaaaaaaaaaaaaaaaaaaaa",
        "a.aaaaaaaaaaaaaaaaaaaaaaa",
        "a=.aaaaaaaaaaaaaaaaaaaaaa",
        "a" * 481 + ".aaaaaaaaaaaaaaaaaaaaaa",
    ],
)
def test_a_cursor_not_of_the_cursors_shape_fails_validation(client, cursor):
    errors = assert_problem(client.get("/api/posts", {"cursor": cursor}), 422)["errors"]
    assert [error["parameter"] for error in errors] == ["cursor"]


def test_an_issued_cursor_with_anything_after_it_fails_validation(client, register, write):
    write(register())
    valid = CursorCodec("test-secret-key").encode(Post.objects.get().created_at, 1)
    assert re.fullmatch(CURSOR_PATTERN, valid)
    for suffix in ("\n", " ", "."):
        assert_problem(client.get("/api/posts", {"cursor": valid + suffix}), 422)


def test_only_the_spelling_of_the_signature_that_was_issued_is_accepted(client, register, write):
    # 16 bytes are 22 base64 characters with 4 spare bits: another last character decodes the same.
    write(register())
    valid = CursorCodec("test-secret-key").encode(Post.objects.get().created_at, 1)
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    respelled = valid[:-1] + alphabet[alphabet.index(valid[-1]) ^ 1]
    assert base64.urlsafe_b64decode(respelled.split(".")[1] + "==") == base64.urlsafe_b64decode(
        valid.split(".")[1] + "=="
    )
    assert_problem(client.get("/api/posts", {"cursor": respelled}), 400)


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("author_id=0", "author_id"),
        (f"author_id={2**63}", "author_id"),
        ("cursor=", "cursor"),
        ("limit=", "limit"),
    ],
)
def test_invalid_query_parameters_are_named(client, query, parameter):
    errors = assert_problem(client.get(f"/api/posts?{query}"), 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]

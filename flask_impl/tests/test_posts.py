"""Posts: writing, reading, replacing, patching and deleting, with ETags and ownership."""

from tests.helpers import assert_problem


def create(client, user, **fields):
    response = client.post("/api/posts", headers=user["auth"], json={"title": "T", "content": "C", **fields})
    assert response.status_code == 201, response.text
    return response


def test_a_new_post_has_location_etag_and_default_tags(client, register):
    alice = register()
    response = create(client, alice)
    post = response.json
    assert response.headers["Location"] == f"/api/posts/{post['id']}"
    assert response.headers["ETag"] == f'"{post["id"]}-1"'
    assert post["author_id"] == alice["id"] and post["tags"] == []
    assert post["created_at"] == post["updated_at"]


def test_reading_a_post_gives_its_etag_and_if_none_match_gives_304(client, register):
    post = create(client, register()).json
    response = client.get(f"/api/posts/{post['id']}")
    assert response.status_code == 200 and response.json == post
    etag = response.headers["ETag"]
    not_modified = client.get(f"/api/posts/{post['id']}", headers={"If-None-Match": f"W/{etag}"})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == etag and "Content-Type" not in not_modified.headers


def test_put_replaces_and_patch_merges_and_both_bump_the_version(client, register):
    alice = register()
    post = create(client, alice, tags=["a"]).json
    url = f"/api/posts/{post['id']}"
    replaced = client.put(url, headers=alice["auth"], json={"title": "New", "content": "Body", "tags": []})
    assert replaced.status_code == 200 and replaced.headers["ETag"] == f'"{post["id"]}-2"'
    assert replaced.json["updated_at"] > post["updated_at"]
    patched = client.patch(
        url, headers={**alice["auth"], "Content-Type": "application/merge-patch+json"}, data='{"tags": ["x", "y"]}'
    )
    assert patched.status_code == 200 and patched.headers["ETag"] == f'"{post["id"]}-3"'
    assert (patched.json["title"], patched.json["content"], patched.json["tags"]) == ("New", "Body", ["x", "y"])


def test_put_needs_every_field_and_patch_refuses_null(client, register):
    alice = register()
    url = f"/api/posts/{create(client, alice).json['id']}"
    errors = assert_problem(client.put(url, headers=alice["auth"], json={"title": "t"}), 422)["errors"]
    assert {e["pointer"] for e in errors} == {"/content", "/tags"}
    errors = assert_problem(client.patch(url, headers=alice["auth"], json={"title": None}), 422)["errors"]
    assert [e["pointer"] for e in errors] == ["/title"]


def test_read_only_and_unknown_members_are_rejected(client, register):
    alice = register()
    for member in ("id", "author_id", "created_at", "updated_at", "colour"):
        response = client.post("/api/posts", headers=alice["auth"], json={"title": "t", "content": "c", member: 1})
        assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == [f"/{member}"]


def test_text_rules(app, client, register):
    app.config["MAX_CONTENT_LENGTH"] = 100_000  # room for the longest content
    alice = register()
    for title in ("", " \t\u2003", "a\x00b", "x" * 201, 5):
        response = client.post("/api/posts", headers=alice["auth"], json={"title": title, "content": "c"})
        assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == ["/title"], repr(title)
    assert create(client, alice, title="x" * 200, content="é" * 10_000).json["title"] == "x" * 200


def test_tag_rules(client, register):
    alice = register()
    cases = {"/tags/1": ["ok", "Not-ok"], "/tags": ["a"] * 2, "/tags/0": ["a\n"]}
    for pointer, tags in cases.items():
        response = client.post("/api/posts", headers=alice["auth"], json={"title": "t", "content": "c", "tags": tags})
        assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == [pointer]
    too_many = [f"t{i}" for i in range(11)]
    response = client.post("/api/posts", headers=alice["auth"], json={"title": "t", "content": "c", "tags": too_many})
    assert_problem(response, 422)


def test_only_the_author_may_change_and_ownership_comes_before_preconditions(client, register):
    alice, bob = register("alice"), register("bob")
    url = f"/api/posts/{create(client, alice).json['id']}"
    stale = {"If-Match": '"0-0"'}
    assert_problem(client.patch(url, headers={**bob["auth"], **stale}, json={"title": "x"}), 403)
    assert_problem(client.delete(url, headers={**bob["auth"], **stale}), 403)
    assert_problem(client.patch(url, headers={**alice["auth"], **stale}, json={"title": "x"}), 412)


def test_delete_with_if_match_and_ids_are_never_reused(client, register):
    alice = register()
    first = create(client, alice)
    url = f"/api/posts/{first.json['id']}"
    assert_problem(client.delete(url, headers={**alice["auth"], "If-Match": '"1-9"'}), 412)
    response = client.delete(url, headers={**alice["auth"], "If-Match": first.headers["ETag"]})
    assert response.status_code == 204 and response.data == b""
    assert_problem(client.get(url), 404)
    assert create(client, alice).json["id"] > first.json["id"]


def test_a_malformed_precondition_is_a_bad_request_after_404_and_403(client, register):
    alice, bob = register("alice"), register("bob")
    url = f"/api/posts/{create(client, alice).json['id']}"
    for malformed in ("", "1-1", '"1-1', 'w/"1-1"'):
        unmatched, bad = {"If-None-Match": malformed}, {"If-Match": malformed}
        assert "If-None-Match" in assert_problem(client.get(url, headers=unmatched), 400)["detail"]
        assert_problem(client.get("/api/posts/999", headers=unmatched), 404)
        assert "If-Match" in assert_problem(client.patch(url, headers={**alice["auth"], **bad}, json={}), 400)["detail"]
        assert_problem(client.put(url, headers={**alice["auth"], **bad}, json={"title": "t"}), 422)  # the body first
        assert_problem(client.delete(url, headers={**alice["auth"], **bad}), 400)
        assert_problem(client.delete(url, headers={**bob["auth"], **bad}), 403)
        assert_problem(client.delete("/api/posts/999", headers={**alice["auth"], **bad}), 404)
    assert client.get(url).status_code == 200  # nothing was changed or deleted


def test_a_stale_if_match_gets_the_one_wording(client, register):
    alice = register()
    url = f"/api/posts/{create(client, alice).json['id']}"
    response = client.put(
        url, headers={**alice["auth"], "If-Match": '"1-9"'}, json={"title": "t", "content": "c", "tags": []}
    )
    detail = assert_problem(response, 412)["detail"]
    assert detail == "The resource has changed since you read it: If-Match does not match its ETag."

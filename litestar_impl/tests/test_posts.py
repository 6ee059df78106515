"""Posts: writing, reading with ETags, keyset pages with signed cursors, changing and deleting."""


def test_a_post_round_trips_with_its_etag_and_location(client, register):
    user = register()
    created = client.post("/api/posts", headers=user["auth"], json={"title": "T", "content": "C", "tags": ["b", "a"]})
    assert created.status_code == 201
    assert created.headers["location"] == f"/api/posts/{created.json()['id']}"
    read = client.get(created.headers["location"])
    assert read.json() == created.json() and read.headers["etag"] == created.headers["etag"]


def test_pages_follow_their_cursors_to_the_end(client, register):
    user = register()
    posts = [client.post("/api/posts", headers=user["auth"], json={"title": f"P{n}", "content": "C"}) for n in range(5)]
    ids = [post.json()["id"] for post in posts]
    seen, cursor = [], None
    while True:
        page = client.get("/api/posts", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [post["id"] for post in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == ids[::-1]


def test_a_cursor_of_the_wrong_shape_is_invalid_and_an_altered_one_a_bad_request(client, register):
    user = register()
    for n in range(3):
        client.post("/api/posts", headers=user["auth"], json={"title": f"P{n}", "content": "C"})
    cursor = client.get("/api/posts", params={"limit": 1}).json()["next_cursor"]
    assert client.get("/api/posts", params={"cursor": "0"}).json()["errors"][0]["parameter"] == "cursor"
    assert client.get("/api/posts", params={"cursor": cursor + "\n"}).status_code == 422
    altered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert client.get("/api/posts", params={"cursor": altered}).status_code == 400


def test_a_stale_if_match_fails_and_ownership_comes_first(client, register):
    alice, bob = register("alice"), register("bob")
    created = client.post("/api/posts", headers=alice["auth"], json={"title": "T", "content": "C"})
    path = created.headers["location"]
    assert client.patch(path, headers=alice["auth"], json={"title": "U"}).status_code == 200
    stale = {"If-Match": created.headers["etag"]}
    assert client.patch(path, headers={**bob["auth"], **stale}, json={"title": "V"}).status_code == 403
    assert client.patch(path, headers={**alice["auth"], **stale}, json={"title": "V"}).status_code == 412
    assert client.delete(path, headers=alice["auth"]).status_code == 204

"""Keyset pagination: pages in order, next_cursor null on the last page, signed cursors, filters."""

from tests.helpers import assert_problem


def write_posts(client, user, count):
    return [
        client.post("/api/posts", headers=user["auth"], json={"title": f"p{i}", "content": "c"}).json["id"]
        for i in range(count)
    ]


def test_pages_walk_newest_first_and_the_last_page_has_no_cursor(client, register):
    ids = write_posts(client, register(), 5)
    seen, url = [], "/api/posts?limit=2"
    while True:
        page = client.get(url).json
        seen += [post["id"] for post in page["items"]]
        if page["next_cursor"] is None:
            break
        url = f"/api/posts?limit=2&cursor={page['next_cursor']}"
    assert seen == ids[::-1]


def test_an_exact_last_page_has_no_cursor(client, register):
    write_posts(client, register(), 2)
    page = client.get("/api/posts?limit=2").json
    assert len(page["items"]) == 2 and page["next_cursor"] is None


def test_author_filter_and_unknown_parameters_are_ignored(client, register):
    alice, bob = register("alice"), register("bob")
    write_posts(client, alice, 2)
    bobs = write_posts(client, bob, 1)
    page = client.get(f"/api/posts?author_id={bob['id']}&colour=blue").json
    assert [post["id"] for post in page["items"]] == bobs


def test_a_cursor_of_the_right_shape_that_was_altered_or_not_issued_is_a_bad_request(client, register):
    write_posts(client, register(), 3)
    cursor = client.get("/api/posts?limit=1").json["next_cursor"]
    payload, signature = cursor.split(".")
    for forged in (
        f"{payload}x.{signature}",
        f"{payload}.{signature[::-1]}",
        f"{'A' * 480}.{'A' * 22}",
        "a.b" + "c" * 21,
    ):
        assert_problem(client.get("/api/posts", query_string={"cursor": forged}), 400)


def test_a_cursor_not_of_the_shape_is_an_invalid_parameter(client, register):
    write_posts(client, register(), 3)
    cursor = client.get("/api/posts?limit=1").json["next_cursor"]
    payload, signature = cursor.split(".")
    for wrong in (
        "0",
        "",
        "nonsense",
        "é.é",
        f"{cursor}\n",  # anchored: no trailing newline
        f"{payload}.{signature}x",  # a signature of 23 characters
        f"{payload}.{signature[:-1]}",
        f"{payload}=.{signature}",  # padding is not base64url's
        f"{'A' * 481}.{signature}",
        f".{signature}",
    ):
        errors = assert_problem(client.get("/api/posts", query_string={"cursor": wrong}), 422)["errors"]
        assert [error["parameter"] for error in errors] == ["cursor"], wrong


def test_a_cursor_signed_with_another_key_is_refused(app, client, register):
    write_posts(client, register(), 2)
    cursor = client.get("/api/posts?limit=1").json["next_cursor"]
    app.config["SECRET_KEY"] = "another-key"
    assert_problem(client.get("/api/posts", query_string={"cursor": cursor}), 400)


def test_invalid_parameters_name_the_parameter(client):
    for query, name in (
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=x", "limit"),
        ("author_id=0", "author_id"),
        (f"author_id={2**63}", "author_id"),
        ("cursor=", "cursor"),
    ):
        errors = assert_problem(client.get(f"/api/posts?{query}"), 422)["errors"]
        assert [error["parameter"] for error in errors] == [name], query


def test_a_query_integer_is_decimal_digits(client):
    for value in ("5.0", "+5", " 5", "5_0", "\u0665"):
        errors = assert_problem(client.get("/api/posts", query_string={"limit": value}), 422)["errors"]
        assert [error["parameter"] for error in errors] == ["limit"], value
    assert client.get("/api/posts", query_string={"limit": "05"}).status_code == 200

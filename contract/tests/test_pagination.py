"""listPosts: keyset pages walked to the end, filters, limits and cursors."""

import base64
import re
import string

import pytest


def walk(api, **params):
    """Every page of a listing, following next_cursor until it is null."""
    pages, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = api.get("/api/posts", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 1000, "pagination does not end"


def order_key(post):
    return (post["created_at"], post["id"])


@pytest.fixture
def author_with_posts(api, alice):
    ids = [api.create_post(alice, title=f"Post {n}")["id"] for n in range(23)]
    return alice, ids


def test_walking_an_authors_pages_yields_every_post_once_newest_first(api, author_with_posts):
    author, ids = author_with_posts
    pages = walk(api, author_id=author.id, limit=5)
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    posts = [post for page in pages for post in page]
    assert [post["id"] for post in posts] == sorted(ids, reverse=True)
    assert all(post["author_id"] == author.id for post in posts)
    timestamps = [post["created_at"] for post in posts]
    assert timestamps == sorted(timestamps, reverse=True)


def test_a_last_page_that_is_exactly_full_has_no_next_cursor(api, alice):
    for n in range(10):
        api.create_post(alice, title=f"P{n}")
    assert [len(page) for page in walk(api, author_id=alice.id, limit=5)] == [5, 5]


def test_the_default_page_holds_twenty(api, alice):
    for n in range(21):
        api.create_post(alice, title=f"P{n}")
    page = api.get("/api/posts", params={"author_id": alice.id}).json()
    assert len(page["items"]) == 20 and page["next_cursor"] is not None


def test_the_whole_listing_is_ordered_across_pages(api, alice, bob):
    for account in (alice, bob, alice):
        api.create_post(account)
    first = api.get("/api/posts", params={"limit": 3}).json()
    second = api.get("/api/posts", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    keys = [order_key(post) for post in first["items"] + second["items"]]
    assert keys == sorted(keys, reverse=True)
    assert len({post["id"] for post in first["items"] + second["items"]}) == len(keys)


def test_posts_written_while_walking_do_not_disturb_the_walk(api, author_with_posts):
    author, ids = author_with_posts
    first = api.get("/api/posts", params={"author_id": author.id, "limit": 10}).json()
    newer = api.create_post(author, title="Newer than the cursor")
    rest = [post for page in walk(api, author_id=author.id, limit=10, cursor=first["next_cursor"]) for post in page]
    seen = [post["id"] for post in first["items"] + rest]
    assert seen == sorted(ids, reverse=True) and newer["id"] not in seen


def test_a_cursor_survives_the_deletion_of_the_post_it_points_after(api, author_with_posts):
    author, ids = author_with_posts
    first = api.get("/api/posts", params={"author_id": author.id, "limit": 5}).json()
    api.delete(f"/api/posts/{first['items'][-1]['id']}", account=author)
    second = api.get("/api/posts", params={"author_id": author.id, "limit": 5, "cursor": first["next_cursor"]})
    assert [post["id"] for post in second.json()["items"]] == sorted(ids, reverse=True)[5:10]


def test_an_author_without_posts_has_an_empty_last_page(api, alice):
    assert api.get("/api/posts", params={"author_id": alice.id}).json() == {"items": [], "next_cursor": None}
    assert api.get("/api/posts", params={"author_id": 2**62}).json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("limit", [1, 100])
def test_limits_at_the_bounds_are_accepted(api, alice, limit):
    api.create_post(alice)
    api.create_post(alice)
    page = api.get("/api/posts", params={"author_id": alice.id, "limit": limit}).json()
    assert len(page["items"]) == min(limit, 2)


@pytest.mark.parametrize(
    "name, value",
    [
        ("limit", "0"),
        ("limit", "101"),
        ("limit", "-1"),
        ("limit", "ten"),
        ("limit", "2.5"),
        ("author_id", "0"),
        ("author_id", "me"),
        ("author_id", str(2**64)),
        # An integer in a query is decimal digits: none of these is one, though int() reads them all.
        ("limit", "5.0"),
        ("limit", "+5"),
        ("limit", " 5"),
        ("limit", "5 "),
        ("limit", "5_0"),
        ("limit", "\u0665"),
        ("limit", "1e1"),
        ("author_id", "7.0"),
        ("author_id", "+7"),
        ("author_id", "7_0"),
        ("author_id", "\u0667"),
    ],
)
def test_invalid_query_parameters_are_rejected_by_name(api, name, value):
    response = api.get("/api/posts", params={name: value})
    assert response.status_code == 422
    assert {"parameter": name}.items() <= response.json()["errors"][0].items()


def test_unknown_query_parameters_are_ignored(api):
    assert api.get("/api/posts", params={"sort": "oldest", "limit": 1}).status_code == 200


# A cursor's shape (contract, Cursor): 1 to 480 base64url characters, a dot, 22 base64url characters.
CURSOR = re.compile(r"[A-Za-z0-9_-]{1,480}\.[A-Za-z0-9_-]{22}")


def test_an_issued_cursor_has_a_cursors_shape(api, author_with_posts):
    author, _ = author_with_posts
    cursor = api.get("/api/posts", params={"author_id": author.id, "limit": 2}).json()["next_cursor"]
    assert CURSOR.fullmatch(cursor), cursor


BASE64URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


def flip(char: str) -> str:
    """Another base64url character, differing in the highest of the six bits: in the last character
    of a base64 text only the highest bits carry data."""
    return BASE64URL[BASE64URL.index(char) ^ 32]


def forged(cursor: str) -> list[str]:
    """Cursors of a cursor's shape that the server did not issue: altered, or made up."""
    payload, signature = cursor.split(".")
    return [
        f"{payload}.{signature[:-1]}{flip(signature[-1])}",
        f"{payload[:-1]}{flip(payload[-1])}.{signature}",
        f"A{payload}.{signature}",
        f"{signature}.{signature}",
        base64.urlsafe_b64encode(b'["2000-01-01T00:00:00+00:00", 1]').decode().rstrip("=") + "." + "A" * 22,
        "A" * 480 + "." + "A" * 22,
        "0." + "0" * 22,
    ]


def misshapen(cursor: str) -> list[str]:
    """Values that are not of a cursor's shape."""
    payload, signature = cursor.split(".")
    return [
        "0",
        "not-a-cursor",
        "💥",
        ".",
        payload,
        f"{payload}.{signature}\n",
        f"{payload}.{signature}=",
        f"{payload}=.{signature}",
        f"{payload}.{signature[:-1]}",
        f"{payload}.{signature}A",
        f"{payload}.{signature}.{signature}",
        f"{payload}+.{signature}",
        "A" * 481 + "." + signature,
        f".{signature}",
    ]


def test_a_cursor_of_the_right_shape_that_the_server_did_not_issue_is_a_bad_request(api, author_with_posts):
    author, _ = author_with_posts
    cursor = api.get("/api/posts", params={"author_id": author.id, "limit": 2}).json()["next_cursor"]
    for value in forged(cursor):
        assert CURSOR.fullmatch(value), value
        response = api.get("/api/posts", params={"cursor": value, "author_id": author.id})
        assert response.status_code == 400, value


def test_a_cursor_not_of_a_cursors_shape_fails_validation(api, author_with_posts):
    author, _ = author_with_posts
    cursor = api.get("/api/posts", params={"author_id": author.id, "limit": 2}).json()["next_cursor"]
    for value in misshapen(cursor):
        assert not CURSOR.fullmatch(value), value
        response = api.get("/api/posts", params={"cursor": value, "author_id": author.id})
        assert response.status_code == 422, value
        assert [error.get("parameter") for error in response.json()["errors"]] == ["cursor"], value

"""ETags, If-None-Match, If-Match, and at most one winner among concurrent conditional writes."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.client import Api, parse_time

SETTINGS = "/api/settings"
STALE_DETAIL = "The resource has changed since you read it: If-Match does not match its ETag."


@pytest.fixture
def post(api, alice):
    response = api.post("/api/posts", {"title": "Versioned", "content": "v1"}, account=alice)
    return {"path": f"/api/posts/{response.json()['id']}", "etag": response.headers["ETag"]}


def test_if_none_match_with_the_current_tag_is_not_modified(api, post):
    response = api.get(post["path"], headers={"If-None-Match": post["etag"]})
    assert response.status_code == 304
    assert response.headers["ETag"] == post["etag"]  # and no body: test_http.py reads it off the wire


@pytest.mark.parametrize("header", ['"other", {etag}', "W/{etag}", "*"])
def test_if_none_match_lists_weak_tags_and_star_match(api, post, header):
    assert api.get(post["path"], headers={"If-None-Match": header.format(etag=post["etag"])}).status_code == 304


def test_if_none_match_with_another_tag_returns_the_post(api, post):
    response = api.get(post["path"], headers={"If-None-Match": '"not-the-tag"'})
    assert response.status_code == 200
    assert response.headers["ETag"] == post["etag"]


def test_settings_support_if_none_match(api, alice):
    etag = api.get(SETTINGS, account=alice).headers["ETag"]
    assert api.get(SETTINGS, account=alice, headers={"If-None-Match": etag}).status_code == 304
    api.patch(SETTINGS, {"theme": "dark"}, account=alice)
    assert api.get(SETTINGS, account=alice, headers={"If-None-Match": etag}).status_code == 200


def test_every_write_changes_the_tag(api, alice, post):
    first = api.patch(post["path"], {"content": "v2"}, account=alice)
    second = api.patch(post["path"], {"content": "v2"}, account=alice)
    assert len({post["etag"], first.headers["ETag"], second.headers["ETag"]}) == 3


@pytest.mark.parametrize(
    "method, body", [("put", {"title": "T", "content": "C", "tags": []}), ("patch", {"title": "T"}), ("delete", None)]
)
def test_a_stale_if_match_fails_and_changes_nothing(api, alice, post, method, body):
    current = api.patch(post["path"], {"content": "v2"}, account=alice)
    kwargs = {} if body is None else {"body": body}
    response = getattr(api, method)(post["path"], account=alice, headers={"If-Match": post["etag"]}, **kwargs)
    assert response.status_code == 412
    assert response.json()["detail"] == STALE_DETAIL
    after = api.get(post["path"])
    assert after.json() == current.json()
    assert after.headers["ETag"] == current.headers["ETag"]


@pytest.mark.parametrize("header", ["{etag}", '"other", {etag}', "*"])
def test_a_matching_if_match_succeeds(api, alice, post, header):
    response = api.patch(
        post["path"], {"title": "Changed"}, account=alice, headers={"If-Match": header.format(etag=post["etag"])}
    )
    assert response.status_code == 200


def test_if_match_uses_strong_comparison(api, alice, post):
    response = api.patch(post["path"], {"title": "Changed"}, account=alice, headers={"If-Match": f"W/{post['etag']}"})
    assert response.status_code == 412


def test_delete_with_a_matching_if_match_succeeds(api, alice, post):
    assert api.delete(post["path"], account=alice, headers={"If-Match": post["etag"]}).status_code == 204


@pytest.mark.parametrize("method", ["put", "patch"])
def test_settings_honour_if_match(api, alice, method):
    etag = api.get(SETTINGS, account=alice).headers["ETag"]
    body = {
        "theme": "dark",
        "language": "fr",
        "timezone": "Europe/Paris",
        "notifications_enabled": False,
        "items_per_page": 10,
    }
    assert getattr(api, method)(SETTINGS, body, account=alice, headers={"If-Match": '"stale"'}).status_code == 412
    assert api.get(SETTINGS, account=alice).json()["theme"] == "system"
    assert getattr(api, method)(SETTINGS, body, account=alice, headers={"If-Match": etag}).status_code == 200


def test_ownership_is_checked_before_preconditions(api, bob, post):
    response = api.patch(post["path"], {"title": "Mine now"}, account=bob, headers={"If-Match": '"stale"'})
    assert response.status_code == 403


def test_of_concurrent_writes_with_the_same_if_match_one_wins(target, alice, post):
    def attempt(n: int) -> int:
        client = Api(target.url)  # one connection each, so the requests really overlap
        return client.patch(
            post["path"], {"title": f"Writer {n}"}, account=alice, headers={"If-Match": post["etag"]}
        ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(attempt, range(10)))
    assert statuses == [200] + [412] * 9


# Entity tags (RFC 9110, 8.8.3) and lists of them: `*`, or `"..."` or `W/"..."` around the
# characters ! and # to ~, comma-separated with optional spaces or tabs. None of these is one.
MALFORMED = [
    "",
    "garbage",
    "{bare}",
    "W/{etag}, {bare}",
    '{etag} "other"',
    "{etag},",
    ",{etag}",
    "{etag}x",
    "w/{etag}",
    "*, {etag}",
    "**",
    '"caf\xe9"',
    '"un"quoted"',
]


# A well-formed body for each conditional write, by resource and method (DELETE takes none).
BODIES = {
    ("post", "put"): {"title": "T", "content": "C", "tags": []},
    ("post", "patch"): {"title": "T"},
    ("post", "delete"): None,
    ("settings", "put"): {
        "theme": "dark",
        "language": "fr",
        "timezone": "UTC",
        "notifications_enabled": False,
        "items_per_page": 10,
    },
    ("settings", "patch"): {"theme": "dark"},
}
WRITES = list(BODIES)


def write(api, account, path, resource, method, headers):
    body = BODIES[(resource, method)]
    return getattr(api, method)(path, **({} if body is None else {"body": body}), account=account, headers=headers)


@pytest.mark.parametrize("header", ["W/{etag}", '""', '"other"', '"other", W/{etag}', '"a" ,\t"b"'])
@pytest.mark.parametrize("resource, method", WRITES)
def test_a_well_formed_if_match_that_names_no_current_tag_fails(api, alice, post, resource, method, header):
    # Strong comparison: a weak tag never matches, nor does the empty tag "" or another one.
    path = post["path"] if resource == "post" else SETTINGS
    before = api.get(path, account=alice)
    value = header.format(etag=before.headers["ETag"])
    response = write(api, alice, path, resource, method, {"If-Match": value})
    assert response.status_code == 412, repr(value)
    assert response.json()["detail"] == STALE_DETAIL
    assert api.get(path, account=alice).json() == before.json()


@pytest.mark.parametrize("header", MALFORMED)
@pytest.mark.parametrize("resource, method", WRITES)
def test_a_malformed_if_match_is_a_bad_request(api, alice, post, resource, method, header):
    path = post["path"] if resource == "post" else SETTINGS
    before = api.get(path, account=alice)
    etag = before.headers["ETag"]
    value = header.format(etag=etag, bare=etag.strip('"'))
    response = write(api, alice, path, resource, method, {"If-Match": value})
    assert response.status_code == 400, repr(value)
    assert "If-Match" in response.json()["detail"]
    assert api.get(path, account=alice).json() == before.json()


@pytest.mark.parametrize("header", MALFORMED)
@pytest.mark.parametrize("resource", ["post", "settings"])
def test_a_malformed_if_none_match_is_a_bad_request(api, alice, post, resource, header):
    path = post["path"] if resource == "post" else SETTINGS
    etag = api.get(path, account=alice).headers["ETag"]
    value = header.format(etag=etag, bare=etag.strip('"'))
    response = api.get(path, account=alice, headers={"If-None-Match": value})
    assert response.status_code == 400, repr(value)
    assert "If-None-Match" in response.json()["detail"]


@pytest.mark.parametrize("header", ['"a",{etag}', '"a" , W/{etag}', '"a"\t,\t{etag}', '"", {etag}'])
def test_if_none_match_lists_may_space_their_commas(api, post, header):
    assert api.get(post["path"], headers={"If-None-Match": header.format(etag=post["etag"])}).status_code == 304


def concurrently(target, account, requests: list[tuple[str, str, dict | None]]) -> list:
    """The requests at once, each on its own connection, released together."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        method, path, body = request
        client = Api(target.url)  # one connection each, so the requests really overlap
        barrier.wait()
        return client.request(method, path, account=account, **({} if body is None else {"json_body": body}))

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


WRITERS = 10


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize("resource", ["post", "settings"])
def test_concurrent_writes_without_if_match_all_succeed_and_the_last_applied_wins(
    target, api, alice, post, resource, method
):
    # No If-Match, no precondition: every write is applied in turn (never a 412, on SQLite as on
    # PostgreSQL), and what stays is what the write applied last left, as its response showed.
    path = post["path"] if resource == "post" else SETTINGS
    if resource == "post":
        bodies = [{"title": f"Writer {n}", "tags": [f"w{n}"]} for n in range(WRITERS)]
        if method == "PUT":
            bodies = [{**body, "content": f"By writer {n}."} for n, body in enumerate(bodies)]
    else:
        bodies = [{"notifications_enabled": n % 2 == 0, "items_per_page": n + 1} for n in range(WRITERS)]
        if method == "PUT":
            bodies = [{**body, "theme": "dark", "language": "en", "timezone": "UTC"} for body in bodies]
    responses = concurrently(target, alice, [(method, path, body) for body in bodies])
    assert [r.status_code for r in responses] == [200] * WRITERS, [(r.status_code, r.text[:100]) for r in responses]
    for body, response in zip(bodies, responses):
        assert body.items() <= response.json().items(), "a response shows another write than its own"
    assert len({r.headers["ETag"] for r in responses}) == WRITERS, "two writes left the same version"
    times = [parse_time(r.json()["updated_at"]) for r in responses]
    assert len(set(times)) == WRITERS, "two writes left the same updated_at"
    last = responses[times.index(max(times))]
    final = api.get(path, account=alice)
    assert final.json() == last.json()
    assert final.headers["ETag"] == last.headers["ETag"]


def test_concurrent_deletes_without_if_match_delete_once(target, alice, post):
    responses = concurrently(target, alice, [("DELETE", post["path"], None)] * WRITERS)
    assert sorted(r.status_code for r in responses) == [204] + [404] * (WRITERS - 1)


def test_concurrent_writes_and_a_delete_without_if_match_never_fail_a_precondition(target, api, alice, post):
    requests = [("PATCH", post["path"], {"title": f"Writer {n}"}) for n in range(WRITERS - 1)]
    requests.insert(WRITERS // 2, ("DELETE", post["path"], None))
    statuses = [r.status_code for r in concurrently(target, alice, requests)]
    assert statuses[WRITERS // 2] == 204
    assert set(statuses) <= {200, 204, 404} and 412 not in statuses, statuses
    assert api.get(post["path"]).status_code == 404
